import { describe, it, expect, beforeAll } from 'vitest';
import { TOKEN } from './helpers.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({
  env: { ITBOT_ADMIN_TOKEN: TOKEN },
  page: { viewport: { width: 375, height: 700 } },
});

beforeAll(async () => {
  await demo.page.goto(demo.server.url + '/admin/login');
  await demo.page.fill('#token', TOKEN);
  await demo.page.click('#login');
  await demo.page.waitForURL(/\/admin\/plan/);
});

/** How far an element sticks out of the card it is in, to the right, in pixels (0: it fits). */
const outOfCard = (selector: string) => demo.page.evaluate((sel) => {
  const el = document.querySelector(sel)!;
  const card = el.closest('section.card')!;
  const inner = card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
  return Math.max(0, Math.round(el.getBoundingClientRect().right - inner));
}, selector);

describe('admin pages on a phone', () => {
  it('the catalog ask box keeps its field, the person and the button inside the card', async () => {
    await demo.page.goto(demo.server.url + '/admin/catalog');
    expect(await outOfCard('#q')).toBe(0);
    expect(await outOfCard('#as')).toBe(0);
    expect(await outOfCard('#ask')).toBe(0);
    expect(await demo.page.locator('#ask').isVisible()).toBe(true);
  });

  it('the search of the services keeps its button inside the card', async () => {
    await demo.page.goto(demo.server.url + '/admin/catalog');
    expect(await outOfCard('#find')).toBe(0);
    expect(await outOfCard('#find-services')).toBe(0);
  });

  it("a survey's results keep each question, its chart and its shares inside the card", async () => {
    await demo.page.goto(demo.server.url + '/admin/surveys/it-pulse');
    expect(await outOfCard('.qgrid .q table.dist tr:last-child td:last-child')).toBe(0);
    expect(await outOfCard('.qgrid .q .chart svg')).toBe(0);
    expect(await demo.page.locator('.qgrid .q table.dist tr:last-child td:last-child').first().isVisible()).toBe(true);
  });
});
