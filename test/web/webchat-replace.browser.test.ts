import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, ElementHandle, Page } from 'playwright-core';
import { testFile, type TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';
import { importPlan } from '../../src/plan/import.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { occurrenceAt } from '../../src/plan/expand.ts';
import { reminderMessage } from '../../src/plan/messages.ts';
import { enqueue } from '../../src/jobs/outbox.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

const ANNA = 'anna.schmid@alpenfirn.example';
const OCC = '2036-03-04T10:00';

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({
    serve: { worker: { intervalMs: 200 } },
    // a meeting of Anna's, years ahead: nothing but the reminder below is sent for it
    prepare: (a) => {
      importPlan(a, testFile(a, 'plan.yaml', `timezone: Europe/Zurich
events:
  - id: hr-key-users
    title: {de: Key-User-Treffen Personal, en: HR key-user meeting}
    kind: key-user-meeting
    start: ${OCC}
    duration: PT1H
    audience: department:HR
    owner: ${ANNA}
    reminders: [P7D, P1D]
`));
    },
  }));
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

/** Anna's reminder for the meeting, as the scheduler would queue it, and the card it shows as. */
async function reminderCard(key: string): Promise<ElementHandle<HTMLElement>> {
  const ev = new PlanRepo(app.db).event('hr-key-users')!.event;
  const occ = occurrenceAt(ev, 'Europe/Zurich', OCC)!;
  enqueue(app.db, new Date(), {
    key, kind: 'plan-reminder', target: { kind: 'person', email: ANNA },
    message: reminderMessage({ ev, occ, tz: 'Europe/Zurich', lang: 'de', lead: 'P7D', key }),
  });
  const card = page.locator('#log .msg.push', { hasText: 'Erinnerung: Key-User-Treffen Personal' }).last();
  await card.waitFor({ timeout: 20_000 });
  return (await card.elementHandle()) as ElementHandle<HTMLElement>;
}

const botCount = () => page.locator('#log .msg.bot').count();

describe('a reply that replaces the clicked card, as in Slack and Teams', () => {
  it('"Erledigt" turns the reminder into the thanks: its other buttons are gone, also after a reload', async () => {
    await page.goto(`${server.url}/?as=${encodeURIComponent(ANNA)}`);
    await page.waitForFunction((a) => (document.querySelector('#who') as HTMLSelectElement).value === a, ANNA);
    const key = `plan:hr-key-users:${OCC}:reminder:P7D:to:${ANNA}`;
    const card = await reminderCard(key);
    // a snooze is for the clicker only and leaves the card (Done stays possible, as in Slack and Teams)
    const before = await botCount();
    await (await card.$('button[data-action="plan.snooze"]'))!.click();
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await page.locator('#log .msg.bot').last().innerText()).toMatch(/ich erinnere Sie/);
    expect(await card.$$('button[data-action]')).toHaveLength(3);
    await (await card.$('button[data-action="plan.done"]'))!.click();
    await page.waitForFunction((c) => /als erledigt vermerkt/.test(c.textContent ?? ''), card);
    expect(await card.$$('button')).toHaveLength(0);
    expect(await card.innerText()).not.toMatch(/Erinnerung/);
    expect(await botCount()).toBe(before + 1); // in the card's place, not below it
    expect(new PlanRepo(app.db).occurrence('hr-key-users', OCC)?.state).toBe('done');
    // the page opened again shows the card as it is now
    await page.reload();
    const again = page.locator('#log .msg.push', { hasText: 'Key-User-Treffen Personal' }).last();
    await again.waitFor({ timeout: 10_000 });
    expect(await again.innerText()).toMatch(/als erledigt vermerkt/);
    expect(await again.locator('button').count()).toBe(0);
  });

  it('an older card of the same meeting is refused clearly, and records nothing over the outcome', async () => {
    const card = await reminderCard(`plan:hr-key-users:${OCC}:reminder:P1D:to:${ANNA}`);
    const before = await botCount();
    await (await card.$('button[data-action="plan.skip"]'))!.click();
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await page.locator('#log .msg.bot').last().innerText()).toMatch(/bereits als erledigt vermerkt/);
    expect(await page.locator('#log form[data-form]').count()).toBe(0); // no form asking why it is skipped
    expect(new PlanRepo(app.db).occurrence('hr-key-users', OCC)?.state).toBe('done');
  });

  it('a card of a channel is shared: it stays, and the reply comes below it', async () => {
    enqueue(app.db, new Date(), {
      key: 'browser-test-channel-card', kind: 'test', target: { kind: 'channel', platform: 'web', channelId: 'all' },
      message: { text: 'Alle Bereiche', blocks: [{ type: 'text', text: 'Der IT-Katalog für alle' }, { type: 'actions', buttons: [{ label: 'Alle Bereiche', action: 'catalog.overview', value: JSON.stringify({ k: '', p: 1 }) }] }] },
    });
    const card = page.locator('#log .msg.push', { hasText: 'Der IT-Katalog für alle' }).last();
    await card.waitFor({ timeout: 20_000 });
    const before = await botCount();
    await card.locator('button[data-action]').click();
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await page.locator('#log .msg.bot').last().innerText()).toMatch(/Was die IT für Sie tut/);
    expect(await card.innerText()).toMatch(/Der IT-Katalog für alle/);
  });
});
