import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { click, flat, testApp, testFile, withFakeSender, type TestApp } from '../doubles/app.ts';
import { importPeople } from '../../src/people/import.ts';
import { queueDueReminders, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { importYaml, machinery, rows, withPeople } from '../plan/helpers.ts';
import { define } from '../surveys/helpers.ts';
import { claimedByDeadServer } from '../doubles/outbox.ts';

// A person whose time zone changes in the people directory gets what is already queued for
// them in the working hours of the new zone: nothing is held for the old zone's hours, and
// nothing is lost because the old zone's time falls outside the new zone's hours.

let app: TestApp;
afterEach(() => app?.cleanup());

const MARCO = 'marco.keller@alpenfirn.example'; // Europe/Zurich in the demo directory
const SARAH = 'sarah.johnson@alpenfirn.example'; // America/New_York

/** The demo directory again, with one person's line changed by `edit`. */
function importChanged(email: string, edit: (line: string) => string) {
  const csv = readFileSync(join(DATA_DIR, 'people.csv'), 'utf8')
    .split('\n')
    .map((l) => (l.startsWith(`${email},`) ? edit(l) : l))
    .join('\n');
  importPeople(app, testFile(app, 'people.csv', csv));
}

/** The demo directory again, with one person's time zone changed. */
function moveTo(email: string, tz: string) {
  importChanged(email, (l) => {
    const moved = l.replace(/,(Europe|America)\/[A-Za-z_]+,/, `,${tz},`);
    expect(moved).toContain(`,${tz},`);
    return moved;
  });
}

/** The demo directory again, with one person's language changed. */
function speaks(email: string, lang: 'de' | 'en') {
  importChanged(email, (l) => {
    const changed = l.replace(/,(de|en),/, `,${lang},`);
    expect(changed).toContain(`,${lang},`);
    return changed;
  });
}

describe('a person who moves to another time zone', () => {
  it('gets a plan reminder in the new zone\'s working hours, brought forward when they open only after the event', async () => {
    // Tuesday 12:30 in Zurich; the PT1H reminder at 11:30 there is inside Marco's working hours
    const { sender, step, key } = await review('PT1H');
    expect(rows(app, 'idempotency_key = ?', key)[0]!.next_attempt_at).toBe('2027-03-16T10:30:00.000Z');
    // Marco moves to New York: 11:30 in Zurich is 06:30 there, and 08:00 is after the start
    app.clock.set('2027-03-10T12:00:00Z');
    moveTo(MARCO, 'America/New_York');
    await step();
    const r = rows(app, 'idempotency_key = ?', key)[0]!;
    // brought forward to Monday 08:00 in New York
    expect([r.next_attempt_at, r.working_tz, r.state]).toEqual(['2027-03-15T12:00:00.000Z', 'America/New_York', 'queued']);
    expect(flat([JSON.parse(r.message)])).toContain('America/New_York');
    // not a minute before 08:00 in New York, nor again at the old time in Zurich
    await sentAfterEach(step, sender, [['2027-03-15T11:59:00Z', []], ['2027-03-15T12:00:00Z', [key]], ['2027-03-16T10:30:00Z', [key]]]);
  });

  it('gets a survey invitation held for the old zone\'s working hours as soon as the new zone\'s have begun', async () => {
    // Monday 09:00 in Zurich, 04:00 in New York
    app = testApp({ now: '2027-03-15T08:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
    withPeople(app);
    const sender = withFakeSender(app);
    const { worker } = machinery(app);
    define(app, {
      id: 'quick', title: { de: 'Kurz', en: 'Quick' }, anonymity: 'named', minGroupSize: 1, audience: [SARAH], closes: 'PT3H', reminders: [],
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Zufrieden?', en: 'Satisfied?' } }],
    });
    startSurveyRun(app, 'quick', { runKey: 'now', scheduled: true });
    const key = rows(app, "kind = 'survey-invite'")[0]!.idempotency_key;
    // held for 08:00 in New York (12:00Z), after the close at 11:00Z
    expect(rows(app, "kind = 'survey-invite'")[0]!.next_attempt_at).toBe('2027-03-15T12:00:00.000Z');
    app.clock.set('2027-03-15T08:05:00Z');
    moveTo(SARAH, 'Europe/Zurich');
    await worker.drainOnce();
    expect(sender.sent.map((s) => s.item.idempotencyKey)).toEqual([key]);
    expect(rows(app, "kind = 'survey-invite'")[0]!.state).toBe('sent');
  });

  it('gets the survey invitation and reminder still waiting with the close time in the new zone', async () => {
    waitingSurvey();
    const texts = () => ['survey-invite', 'survey-reminder'].map((k) => flat([JSON.parse(rows(app, 'kind = ?', k)[0]!.message)]));
    // the close, Monday 22 March 09:00 UTC, as New York has it
    for (const t of texts()) expect(t).toContain('22 Mar 2027, 05:00 (America/New_York)');
    moveTo(SARAH, 'Europe/Zurich');
    for (const t of texts()) {
      expect(t).toContain('22 Mar 2027, 10:00');
      expect(t).not.toContain('America/New_York');
      expect(t).not.toContain('05:00');
    }
    expect(rows(app, "kind LIKE 'survey-%'").map((r) => r.state)).toEqual(['queued', 'queued']);
  });

  it('whose language changes gets the survey invitation and reminder still waiting in the new language; one tried before keeps its own', async () => {
    waitingSurvey();
    const langs = () => ['survey-invite', 'survey-reminder'].map((k) => JSON.parse(rows(app, 'kind = ?', k)[0]!.message).lang);
    expect(langs()).toEqual(['en', 'en']);
    // the reminder was tried once (a 5xx after the platform may have taken it): it stays as it was
    app.db.prepare("UPDATE outbox SET state = 'retry', attempts = 1 WHERE kind = 'survey-reminder'").run();
    speaks(SARAH, 'de');
    expect(langs()).toEqual(['de', 'en']);
    expect(flat([JSON.parse(rows(app, 'kind = ?', 'survey-invite')[0]!.message)])).toContain('Die Umfrage schliesst am 22.03.2027');
  });

  it('whose language changes gets the plan reminder still waiting in the new language', async () => {
    const { step, key } = await review('PT1H');
    const lang = () => JSON.parse(rows(app, 'idempotency_key = ?', key)[0]!.message).lang;
    expect(lang()).toBe('de');
    speaks(MARCO, 'en');
    await step();
    expect(lang()).toBe('en');
    expect(rows(app, 'idempotency_key = ?', key)[0]!.state).toBe('queued');
  });

  it('whose language changes keeps a plan reminder that may have reached them already (tried before, or being sent) in its own', async () => {
    const { step, key } = await review('PT1H');
    const lang = () => JSON.parse(rows(app, 'idempotency_key = ?', key)[0]!.message).lang;
    // tried once (a timeout after the platform may have taken it), waiting to be tried again
    app.db.prepare("UPDATE outbox SET state = 'retry', attempts = 1 WHERE idempotency_key = ?").run(key);
    speaks(MARCO, 'en');
    await step();
    expect([lang(), rows(app, 'idempotency_key = ?', key)[0]!.state]).toEqual(['de', 'retry']);
    // the same while a server that died was calling the platform with it
    claimedByDeadServer(app, key, '2027-03-16T10:32:00.000Z', 'w-gone', { calling: true });
    speaks(MARCO, 'de');
    speaks(MARCO, 'en');
    await step();
    expect([lang(), rows(app, 'idempotency_key = ?', key)[0]!.state]).toEqual(['de', 'sending']);
  });

  it('gets a snooze already queued brought forward into the new zone\'s last working window before the event', async () => {
    const { sender, step, key, snooze } = await snoozedReminder();
    expect(rows(app, 'idempotency_key = ?', snooze)[0]!.next_attempt_at).toBe('2027-03-16T10:30:00.000Z');
    // Marco moves to New York (Monday 07:45 there): 11:30 in Zurich is 06:30 there, and 08:00 is after the start
    app.clock.set('2027-03-15T11:45:00Z');
    moveTo(MARCO, 'America/New_York');
    await step();
    const r = rows(app, 'idempotency_key = ?', snooze)[0]!;
    // brought forward to the last window before it: Monday 08:00 in New York, with its time there
    expect([r.next_attempt_at, r.working_tz, r.state, r.due_at]).toEqual(['2027-03-15T12:00:00.000Z', 'America/New_York', 'queued', '2027-03-16T10:30:00.000Z']);
    const text = flat([JSON.parse(r.message)]);
    expect(text).toContain('America/New_York');
    expect(JSON.parse(r.message).blocks.find((b: { type: string }) => b.type === 'actions').buttons.find((b: { action: string }) => b.action === 'plan.snooze').value).toBe(snooze);
    await sentAfterEach(step, sender, [['2027-03-15T11:59:00Z', [key]], ['2027-03-15T12:00:00Z', [key, snooze]], ['2027-03-16T10:30:00Z', [key, snooze]]]);
  });

  it('gets a snooze already queued recorded as missed when the new zone\'s hours open only after the event', async () => {
    const { sender, step, key, snooze } = await snoozedReminder();
    // Marco moves to New York on Monday evening there: no window left before the snooze is due
    app.clock.set('2027-03-15T23:00:00Z');
    moveTo(MARCO, 'America/New_York');
    await step();
    expect(rows(app, 'idempotency_key = ?', snooze)[0]).toMatchObject({ next_attempt_at: '2027-03-16T10:30:00.000Z', working_tz: 'America/New_York', state: 'queued' });
    for (const at of ['2027-03-16T10:30:00Z', '2027-03-16T12:00:00Z']) {
      app.clock.set(at);
      await step();
    }
    expect(sender.sent.map((s) => s.item.idempotencyKey)).toEqual([key]);
    expect(rows(app, 'idempotency_key = ?', snooze)[0]!.state).toBe('expired');
  });
});

/** Sarah's survey invitation and its reminder, both still waiting for her working hours in New York. */
function waitingSurvey() {
  // Monday 05:00 in New York: Sarah's invitation waits for 08:00 there
  app = testApp({ now: '2027-03-15T09:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
  withPeople(app);
  define(app, {
    id: 'week', title: { de: 'Woche', en: 'Week' }, anonymity: 'named', minGroupSize: 1, audience: [SARAH], closes: 'P7D', reminders: ['P1D'],
    questions: [{ id: 'overall', type: 'csat', text: { de: 'Zufrieden?', en: 'Satisfied?' } }],
  });
  startSurveyRun(app, 'week', { runKey: 'w1', scheduled: true });
  // a day later, Tuesday 05:00 in New York, the reminder round: the invitation has not gone yet (a downtime)
  app.clock.set('2027-03-16T09:00:00Z');
  const repo = new SurveyRepo(app.db);
  expect(queueDueReminders(app, repo.get('week')!.def, repo.runByKey('week', 'w1')!)).toBe(1);
}

/** Sets the clock to each time in turn and steps the machinery, checking after each step the keys sent so far. */
async function sentAfterEach(step: () => Promise<unknown>, sender: ReturnType<typeof withFakeSender>, steps: Array<[string, string[]]>) {
  for (const [at, keys] of steps) {
    app.clock.set(at);
    await step();
    expect(sender.sent.map((s) => s.item.idempotencyKey), `sent by ${at}`).toEqual(keys);
  }
}

/**
 * Marco's Review on Tuesday 16 March 12:30 in Zurich: its P1D reminder went Monday 12:30 there and
 * he snoozed it (again an hour before the start, Tuesday 11:30 in Zurich).
 */
async function snoozedReminder() {
  const { sender, step, key } = await review('P1D');
  app.clock.set('2027-03-15T11:30:00Z');
  await step();
  expect(sender.sent.map((s) => s.item.idempotencyKey)).toEqual([key]);
  await app.bot.handle(click('plan.snooze', key, MARCO));
  return { sender, step, key, snooze: `${key}:snooze:1` };
}

/** Marco's Review on Tuesday 16 March 12:30 in Zurich with one reminder, planned on 1 March: the fake sender, the step of the machinery and the reminder's key. */
async function review(reminder: string) {
  app = testApp({ now: '2027-03-01T00:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } });
  withPeople(app);
  importYaml(app, `timezone: Europe/Zurich\nevents:\n  - {id: zh, title: Review, kind: other, start: 2027-03-16T12:30, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [${reminder}]}\n`);
  const sender = withFakeSender(app);
  const { step } = machinery(app);
  await step();
  return { sender, step, key: `plan:zh:2027-03-16T12:30:reminder:${reminder}:to:${MARCO}` };
}
