import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { TOKEN } from './helpers.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({
    env: { ITBOT_ADMIN_TOKEN: TOKEN },
    page: { viewport: { width: 375, height: 700 } },
  }));
  await page.goto(server.url + '/admin/login');
  await page.fill('#token', TOKEN);
  await page.click('#login');
  await page.waitForURL(/\/admin\/plan/);
}, 60_000);

afterAll(() => closeDemoBrowser({ app, server, browser }));

/** How far an element sticks out of the card it is in, to the right, in pixels (0: it fits). */
const outOfCard = (selector: string) => page.evaluate((sel) => {
  const el = document.querySelector(sel)!;
  const card = el.closest('section.card')!;
  const inner = card.getBoundingClientRect().right - parseFloat(getComputedStyle(card).paddingRight);
  return Math.max(0, Math.round(el.getBoundingClientRect().right - inner));
}, selector);

describe('admin pages on a phone', () => {
  it('the catalog ask box keeps its field, the person and the button inside the card', async () => {
    await page.goto(server.url + '/admin/catalog');
    expect(await outOfCard('#q')).toBe(0);
    expect(await outOfCard('#as')).toBe(0);
    expect(await outOfCard('#ask')).toBe(0);
    expect(await page.locator('#ask').isVisible()).toBe(true);
  });

  it('the search of the services keeps its button inside the card', async () => {
    await page.goto(server.url + '/admin/catalog');
    expect(await outOfCard('#find')).toBe(0);
    expect(await outOfCard('#find-services')).toBe(0);
  });
});
