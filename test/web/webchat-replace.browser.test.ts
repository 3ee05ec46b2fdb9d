import { describe, it, expect } from 'vitest';
import type { ElementHandle } from 'playwright-core';
import { testFile } from '../doubles/app.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';
import { importPlan } from '../../src/plan/import.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { occurrenceAt } from '../../src/plan/expand.ts';
import { reminderMessage } from '../../src/plan/messages.ts';
import { enqueue } from '../../src/jobs/outbox.ts';

const ANNA = 'anna.schmid@alpenfirn.example';
const OCC = '2036-03-04T10:00';
const OCC_SKIP = '2036-03-11T10:00';

const demo = demoBrowserPerFile({
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
  - id: hr-skip
    title: {de: Personal-Infoanlass, en: HR info event}
    kind: info-meeting
    rrule: "FREQ=WEEKLY;COUNT=2"
    start: ${OCC_SKIP}
    duration: PT1H
    audience: department:HR
    owner: ${ANNA}
    reminders: [P7D]
`));
  },
});

/** Anna's reminder for the meeting, as the scheduler would queue it, and the card it shows as. */
async function reminderCard(key: string, eventId = 'hr-key-users', at = OCC): Promise<ElementHandle<HTMLElement>> {
  const ev = new PlanRepo(demo.app.db).event(eventId)!.event;
  const occ = occurrenceAt(ev, 'Europe/Zurich', at)!;
  enqueue(demo.app.db, new Date(), {
    key, kind: 'plan-reminder', target: { kind: 'person', email: ANNA },
    message: reminderMessage({ ev, occ, tz: 'Europe/Zurich', lang: 'de', lead: 'P7D', key, dueAt: new Date(occ.start.getTime() - 7 * 86_400_000) }),
  });
  const card = demo.page.locator('#log .msg.push', { hasText: `Erinnerung: ${ev.title.de}` }).last();
  await card.waitFor({ timeout: 20_000 });
  return (await card.elementHandle()) as ElementHandle<HTMLElement>;
}

const botCount = () => demo.page.locator('#log .msg.bot').count();

describe('a reply that replaces the clicked card, as in Slack and Teams', () => {
  it('"Erledigt" turns the reminder into the thanks: its other buttons are gone, also after a reload', async () => {
    await demo.page.goto(`${demo.server.url}/?as=${encodeURIComponent(ANNA)}`);
    await demo.page.waitForFunction((a) => (document.querySelector('#who') as HTMLSelectElement).value === a, ANNA);
    const key = `plan:hr-key-users:${OCC}:reminder:P7D:to:${ANNA}`;
    const card = await reminderCard(key);
    // a snooze is for the clicker only and leaves the card (Done stays possible, as in Slack and Teams)
    const before = await botCount();
    await (await card.$('button[data-action="plan.snooze"]'))!.click();
    await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/ich erinnere Sie/);
    expect(await card.$$('button[data-action]')).toHaveLength(3);
    await (await card.$('button[data-action="plan.done"]'))!.click();
    await demo.page.waitForFunction((c) => /als erledigt vermerkt/.test(c.textContent ?? ''), card);
    expect(await card.$$('button')).toHaveLength(0);
    expect(await card.innerText()).not.toMatch(/Erinnerung/);
    expect(await botCount()).toBe(before + 1); // in the card's place, not below it
    expect(new PlanRepo(demo.app.db).occurrence('hr-key-users', OCC)?.state).toBe('done');
    // the page opened again shows the card as it is now
    await demo.page.reload();
    const again = demo.page.locator('#log .msg.push', { hasText: 'Key-User-Treffen Personal' }).last();
    await again.waitFor({ timeout: 10_000 });
    expect(await again.innerText()).toMatch(/als erledigt vermerkt/);
    expect(await again.locator('button').count()).toBe(0);
  });

  it('an older card of the same meeting is refused clearly, and records nothing over the outcome', async () => {
    const card = await reminderCard(`plan:hr-key-users:${OCC}:reminder:P1D:to:${ANNA}`);
    const before = await botCount();
    await (await card.$('button[data-action="plan.skip"]'))!.click();
    await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/bereits als erledigt vermerkt/);
    expect(await demo.page.locator('#log form[data-form]').count()).toBe(0); // no form asking why it is skipped
    expect(new PlanRepo(demo.app.db).occurrence('hr-key-users', OCC)?.state).toBe('done');
  });

  it('a card of a channel is shared: it stays, and the reply comes below it', async () => {
    enqueue(demo.app.db, new Date(), {
      key: 'browser-test-channel-card', kind: 'test', target: { kind: 'channel', platform: 'web', channelId: 'all' },
      message: { text: 'Alle Bereiche', blocks: [{ type: 'text', text: 'Der IT-Katalog für alle' }, { type: 'actions', buttons: [{ label: 'Alle Bereiche', action: 'catalog.overview', value: JSON.stringify({ k: '', p: 1 }) }] }] },
    });
    const card = demo.page.locator('#log .msg.push', { hasText: 'Der IT-Katalog für alle' }).last();
    await card.waitFor({ timeout: 20_000 });
    const before = await botCount();
    await card.locator('button[data-action]').click();
    await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/Was die IT für Sie tut/);
    expect(await card.innerText()).toMatch(/Der IT-Katalog für alle/);
  });

  describe('Skip: the question for the reason in the reminder\'s place', () => {
    /** The reminder of the occurrence at `at`, with the question for the reason in its place. */
    async function skipForm(at: string): Promise<ElementHandle<HTMLElement>> {
      const card = await reminderCard(`plan:hr-skip:${at}:reminder:P7D:to:${ANNA}`, 'hr-skip', at);
      await (await card.$('button[data-action="plan.skip"]'))!.click();
      await demo.page.waitForFunction((c) => c.querySelector('form[data-form] textarea') !== null, card);
      expect(await card.innerText()).toMatch(/Warum fällt Personal-Infoanlass/);
      return card;
    }

    it('the keyboard goes on in the reason field that took the clicked card\'s place', async () => {
      const at = '2036-03-18T10:00';
      const card = await reminderCard(`plan:hr-skip:${at}:reminder:P7D:to:${ANNA}`, 'hr-skip', at);
      await (await card.$('button[data-action="plan.skip"]'))!.focus();
      await demo.page.keyboard.press('Enter');
      await demo.page.waitForFunction((c) => c.querySelector('form[data-form] textarea') !== null, card);
      await demo.page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'reason', undefined, { timeout: 5_000 });
      await demo.page.keyboard.type('Ferien');
      expect(await (await card.$('form[data-form] textarea'))!.inputValue()).toBe('Ferien');
      expect(await demo.page.inputValue('#text')).toBe('');
    });

    it('a reason of blanks is refused, and the form can be sent again with one', async () => {
      const card = await skipForm(OCC_SKIP);
      const before = await botCount();
      await (await card.$('form[data-form] textarea'))!.fill('   ');
      await (await card.$('form[data-form] button[type=submit]'))!.click();
      await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
      expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/Grund/);
      expect(new PlanRepo(demo.app.db).occurrence('hr-skip', OCC_SKIP)?.state ?? 'planned').toBe('planned');
      const submit = (await card.$('form[data-form] button[type=submit]'))!;
      await demo.page.waitForFunction((b) => !(b as HTMLButtonElement).disabled, submit, { timeout: 5_000 });
      await (await card.$('form[data-form] textarea'))!.fill('Referent krank');
      await submit.click();
      await demo.page.waitForFunction((c) => /als ausgelassen vermerkt/.test(c.textContent ?? ''), card);
      expect(await card.innerText()).toMatch(/Referent krank/);
      expect(await card.$$('button')).toHaveLength(0);
      expect(new PlanRepo(demo.app.db).occurrence('hr-skip', OCC_SKIP)?.state).toBe('skipped');
    });
  });
});
