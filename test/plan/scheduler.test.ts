import { importPeople } from '../../src/people/import.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { claimDue, enqueue, WAITING_FOR_PERSON } from '../../src/jobs/outbox.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { planReport } from '../../src/plan/report.ts';
import { calendarItems } from '../../adapters/web/admin/plan-page.ts';
import { PlanScheduler } from '../../src/plan/scheduler.ts';
import { importYaml, JOUR_FIXE, machinery, rows, sameDb, withPeople } from './helpers.ts';
import { parseWorkingHours } from '../../src/jobs/working-hours.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';

let app: TestApp;
const extra: Array<{ db: { close(): void } }> = [];
afterEach(() => {
  for (const a of extra.splice(0)) a.db.close();
  app?.cleanup();
});

const MARCO = 'marco.keller@alpenfirn.example';

function setup(now: string, yaml = JOUR_FIXE, env: Record<string, string> = {}) {
  app = testApp({ now, env });
  withPeople(app);
  importYaml(app, yaml);
  const sender = withFakeSender(app);
  return { sender, ...machinery(app) };
}

describe('reminders across daylight saving time', () => {
  it('queues reminders at 09:00 local before and after the March change, and sends them then', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z');
    await step();
    const r = rows(app, "kind = 'plan-reminder' AND source LIKE '%2027-03-30T09:00%'");
    expect(r.map((x) => [x.idempotency_key, x.due_at, x.expires_at])).toEqual([
      [`plan:jf-finance:2027-03-30T09:00:reminder:P7D:to:${MARCO}`, '2027-03-23T08:00:00.000Z', '2027-03-30T07:00:00.000Z'],
      [`plan:jf-finance:2027-03-30T09:00:reminder:P1D:to:${MARCO}`, '2027-03-29T07:00:00.000Z', '2027-03-30T07:00:00.000Z'],
    ]);
    app.clock.set('2027-03-29T06:59:59Z');
    await step();
    expect(sender.sent.filter((s) => s.item.idempotencyKey.includes('2027-03-30T09:00:reminder:P1D'))).toHaveLength(0);
    app.clock.set('2027-03-29T07:00:00Z');
    await step();
    const got = sender.sent.filter((s) => s.item.idempotencyKey.includes('2027-03-30T09:00:reminder:P1D'));
    expect(got).toHaveLength(1);
    expect(got[0]!.target).toMatchObject({ kind: 'person', person: { email: MARCO } });
    // Marco reads German: the card names the local time, what is due, and offers Done / Skip / Snooze
    expect(got[0]!.message.text).toBe('Jour fixe mit den Finanzen am Dienstag, 30. März 2027 um 09:00: Traktanden fällig');
    const fields = got[0]!.message.blocks!.find((b) => b.type === 'fields');
    expect(fields && fields.type === 'fields' && fields.fields.map((f) => f.value)).toEqual(['Dienstag, 30. März 2027 um 09:00 (1 h)', 'Finanzen']);
    const buttons = got[0]!.message.blocks!.find((b) => b.type === 'actions');
    expect(buttons && buttons.type === 'actions' && buttons.buttons.map((b) => b.action)).toEqual(['plan.done', 'plan.skip', 'plan.snooze']);
  });

  it('follows the October change', async () => {
    const { step } = setup('2027-10-01T00:00:00Z', JOUR_FIXE.replace('2027-03-02T09:00', '2027-10-05T09:00'));
    await step();
    const r = rows(app, "kind = 'plan-reminder' AND source LIKE '%2027-11-02T09:00%'");
    expect(r.map((x) => [x.idempotency_key.split(':reminder:')[1], x.due_at])).toEqual([
      [`P7D:to:${MARCO}`, '2027-10-26T07:00:00.000Z'], // 09:00 CEST, before the change on 31 October
      [`P1D:to:${MARCO}`, '2027-11-01T08:00:00.000Z'], // 09:00 CET, after it
    ]);
    expect(r[0]!.expires_at).toBe('2027-11-02T08:00:00.000Z');
    const before = rows(app, "kind = 'plan-reminder' AND source LIKE '%2027-10-26T09:00%'");
    expect(before.map((x) => x.expires_at)).toEqual(['2027-10-26T07:00:00.000Z', '2027-10-26T07:00:00.000Z']);
    expect(before.map((x) => x.due_at)).toEqual(['2027-10-19T07:00:00.000Z', '2027-10-25T07:00:00.000Z']);
  });
});

describe('working hours', () => {
  it('holds a reminder for working hours; one that would then pass the event start is brought forward to the last window before it', async () => {
    const yaml = `timezone: Europe/Zurich
events:
  - id: monday-board
    title: Board
    kind: management-meeting
    rrule: "FREQ=WEEKLY;BYDAY=MO"
    start: 2027-03-08T10:00
    duration: PT30M
    audience: managers
    owner: ${MARCO}
    reminders: [P1D]
  - id: early
    title: Early
    kind: other
    rrule: "FREQ=WEEKLY;BYDAY=MO"
    start: 2027-03-08T07:30
    duration: PT30M
    audience: managers
    owner: ${MARCO}
    reminders: [PT1H]
`;
    setup('2027-03-01T00:00:00Z', yaml, { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' });
    const { step } = machinery(app);
    await step();
    const board = rows(app, 'idempotency_key = ?', `plan:monday-board:2027-03-08T10:00:reminder:P1D:to:${MARCO}`)[0]!;
    expect(board.due_at).toBe('2027-03-07T09:00:00.000Z'); // Sunday 10:00
    expect(board.next_attempt_at).toBe('2027-03-08T07:00:00.000Z'); // Monday 08:00, before the 10:00 start
    const early = rows(app, 'idempotency_key = ?', `plan:early:2027-03-08T07:30:reminder:PT1H:to:${MARCO}`)[0]!;
    // Monday 06:30: waiting for 08:00 would be after the 07:30 start: Friday 08:00, the start of the last working day
    expect([early.due_at, early.next_attempt_at, early.working_tz]).toEqual(['2027-03-08T05:30:00.000Z', '2027-03-05T07:00:00.000Z', 'Europe/Zurich']);
  });

  it('a reminder due inside working hours, sent late after a downtime, waits for the next window before its event', async () => {
    const { sender } = setup('2027-03-01T00:00:00Z', JOUR_FIXE, { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' });
    const { step } = machinery(app);
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    expect(rows(app, 'idempotency_key = ?', key)[0]).toMatchObject({ due_at: '2027-03-08T08:00:00.000Z', next_attempt_at: '2027-03-08T08:00:00.000Z' });
    // no server ran from before Monday 09:00 until Monday 19:00 (Zurich): the window had closed
    app.clock.set('2027-03-08T18:00:00Z');
    await step();
    expect(sender.sent.filter((s) => s.item.idempotencyKey === key)).toHaveLength(0);
    expect(rows(app, 'idempotency_key = ?', key)[0]).toMatchObject({ state: 'queued', next_attempt_at: '2027-03-09T07:00:00.000Z' });
    app.clock.set('2027-03-09T07:00:00Z'); // Tuesday 08:00, an hour before the meeting
    await step();
    expect(sender.sent.filter((s) => s.item.idempotencyKey === key)).toHaveLength(1);
  });
});

describe('exactly once', () => {
  it('sends a due reminder once across a kill and restart around its due time', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z');
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    // the first server claims the reminder at its due time and dies before sending
    app.clock.set('2027-03-08T08:00:00Z');
    const claimed = claimDue(app.db, app.clock.now(), 'w-killed', 120_000, 100);
    expect(claimed.map((c) => c.idempotency_key)).toContain(key);
    app.db.close();
    // a new process on the same file: the lease holds it back, then it is sent once
    const b = sameDb(app, '2027-03-08T08:00:30Z');
    extra.push(b);
    const sb = withFakeSender(b);
    const mb = machinery(b);
    await mb.step();
    expect(sb.sent.filter((s) => s.item.idempotencyKey === key)).toHaveLength(0);
    b.clock.set('2027-03-08T08:03:00Z');
    await mb.step();
    await mb.step();
    const got = sb.sent.filter((s) => s.item.idempotencyKey === key);
    expect(got).toHaveLength(1);
    // (it died before calling the platform: nothing can have arrived, so no check is needed)
    expect(got[0]!.item.maybeSentBefore).toBe(false);
    // and another restart later sends nothing again
    const c = sameDb(app, '2027-03-08T09:00:00Z');
    extra.push(c);
    const sc = withFakeSender(c);
    await machinery(c).step();
    expect(sc.sent.filter((s) => s.item.idempotencyKey === key)).toHaveLength(0);
    expect(sender.sent).toHaveLength(0);
  });

  it('two servers on one database send each reminder once', async () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const a = app;
    const b = sameDb(app, '2027-03-01T00:00:00Z');
    extra.push(b);
    const sa = withFakeSender(a);
    const sb = withFakeSender(b);
    // batches of one, so the two workers interleave row by row
    const ma = machinery(a, {}, { batch: 1 });
    const mb = machinery(b, {}, { batch: 1 });
    await Promise.all([ma.scheduler.tick(), mb.scheduler.tick()]);
    const queued = rows(app, "kind = 'plan-reminder'").length;
    expect(queued).toBeGreaterThan(10);
    for (const t of ['2027-03-08T08:00:00Z', '2027-03-09T08:00:00Z', '2027-03-22T08:00:00Z', '2027-04-30T00:00:00Z']) {
      a.clock.set(t);
      b.clock.set(t);
      await Promise.all([ma.step(), mb.step(), ma.step(), mb.step()]);
    }
    const all = [...sa.sent, ...sb.sent].map((s) => s.item.idempotencyKey);
    expect(new Set(all).size).toBe(all.length);
    const keys = all.filter((k) => k.includes(':reminder:'));
    expect(sa.sent.length).toBeGreaterThan(0);
    expect(sb.sent.length).toBeGreaterThan(0);
    expect(keys.length).toBe(rows(app, "kind = 'plan-reminder' AND state = 'sent'").length);
    // each reminder that came due was either sent once or (after its event, in the jump to 30 April) recorded missed
    const dueByThen = rows(app, "kind = 'plan-reminder' AND due_at <= '2027-04-30T00:00:00Z'");
    expect(dueByThen.every((r) => r.state === 'sent' || r.state === 'expired')).toBe(true);
    expect(rows(app, "kind = 'plan-reminder'").length).toBeGreaterThanOrEqual(queued);
  });

  it('a scheduling step read by two servers at once is claimed by one of them', () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const b = sameDb(app, '2027-03-01T00:00:00Z');
    extra.push(b);
    // both read the event before either writes
    const seenByA = new PlanRepo(app.db).event('jf-finance')!;
    const seenByB = new PlanRepo(b.db).event('jf-finance')!;
    const ra = new PlanScheduler(app).scheduleEvent(seenByA, 'Europe/Zurich', app.clock.now(), null);
    const rb = new PlanScheduler(b).scheduleEvent(seenByB, 'Europe/Zurich', b.clock.now(), null);
    expect(ra!.enqueued).toBeGreaterThan(10);
    expect(ra!.enqueued).toBe(rows(app).length);
    expect(rb).toBeNull();
  });

  it('a platform answering 429 then 200: sent once, after the Retry-After', async () => {
    const { step } = setup('2027-03-01T00:00:00Z');
    app.senders.delete('test');
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    let tries = 0;
    const sender = withFakeSender(app, new FakeSender('test', (_n, item) =>
      item.idempotencyKey === key && tries++ === 0 ? { status: 'retry', error: 'HTTP 429', retryAfterMs: 30_000 } : { status: 'sent' }));
    await step();
    app.clock.set('2027-03-08T08:00:00Z');
    await step();
    const calls = () => tries;
    expect(calls()).toBe(1);
    expect(rows(app, 'idempotency_key = ?', key)[0]).toMatchObject({ state: 'retry', next_attempt_at: '2027-03-08T08:00:30.000Z' });
    app.clock.set('2027-03-08T08:00:20Z');
    await step();
    expect(calls()).toBe(1);
    app.clock.set('2027-03-08T08:00:30Z');
    await step();
    expect(calls()).toBe(2);
    expect(sender.sent.filter((s) => s.item.idempotencyKey === key)).toHaveLength(1);
    expect(rows(app, 'idempotency_key = ?', key)[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });
});

describe('downtime', () => {
  it('sends a reminder missed by downtime once while still before its event, else records it missed', async () => {
    const { step } = setup('2027-03-01T00:00:00Z');
    await step();
    app.db.close();
    // down from 1 March to 8 March 20:00: the P1D reminder for 9 March (due 8 March 09:00) is still useful
    const b = sameDb(app, '2027-03-08T19:00:00Z');
    extra.push(b);
    const sb = withFakeSender(b);
    const mb = machinery(b);
    await mb.step();
    await mb.step();
    const useful = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`;
    expect(sb.sent.filter((s) => s.item.idempotencyKey === useful)).toHaveLength(1);
    // the P7D one for 9 March was sent? no: it was due 2 March and its event is still ahead: sent once too
    expect(sb.sent.filter((s) => s.item.idempotencyKey === `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`)).toHaveLength(1);
    // the reminders of 2 March's meeting came after it: missed, never sent
    // (its P7D one was due before the plan was imported: never expected)
    const missed = rows(b, "kind = 'plan-reminder' AND source LIKE '%2027-03-02T09:00%'");
    expect(missed.map((m) => [m.idempotency_key, m.state])).toEqual([[`plan:jf-finance:2027-03-02T09:00:reminder:P1D:to:${MARCO}`, 'expired']]);
    expect(sb.sent.filter((s) => s.item.idempotencyKey.includes('2027-03-02T09:00:reminder'))).toHaveLength(0);
    const rep = planReport(b, 2027);
    expect(rep.rows.find((r) => r.kind === 'jour-fixe' && r.quarter === 'Q1')!.missedReminders).toBe(1);
    // the 2 March meeting passed unreported meanwhile: escalated once
    expect(rows(b, "kind = 'plan-overdue'").map((r) => r.idempotency_key)).toEqual(['plan:jf-finance:2027-03-02T09:00:overdue:to:head.it@alpenfirn.example']);
    b.db.close();
    extra.pop();
    // and a third process never sends them again
    const c = sameDb(app, '2027-03-08T19:30:00Z');
    extra.push(c);
    const sc = withFakeSender(c);
    await machinery(c).step();
    expect(sc.sent.filter((s) => s.item.idempotencyKey.includes('2027-03-09T09:00:reminder'))).toHaveLength(0);
  });

  it('a plan imported while no server ran: reminders due within ITBOT_CATCHUP are sent, older ones recorded missed', async () => {
    app = testApp({ now: '2027-03-05T12:00:00Z', env: { ITBOT_CATCHUP: 'PT12H' } });
    withPeople(app);
    importYaml(app, JOUR_FIXE.replace('[P7D, P1D]', '[P3D, P1D]'));
    const sender = withFakeSender(app);
    // the scheduler first runs on 8 March 20:00 (reminders for 9 March: P3D due 6 March, P1D due 8 March 08:00Z)
    app.clock.set('2027-03-08T19:00:00Z');
    const { step } = machinery(app);
    await step();
    await step();
    const sent = sender.sent.map((s) => s.item.idempotencyKey).filter((k) => k.includes('2027-03-09'));
    expect(sent).toEqual([`plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${MARCO}`]);
    expect(rows(app, 'idempotency_key = ?', `plan:jf-finance:2027-03-09T09:00:reminder:P3D:to:${MARCO}`)[0]!.state).toBe('expired');
  });
});

describe('announcements due while no server ran', () => {
  it('sends one whose event is still ahead, records one whose event has begun as missed (counted in plan report)', async () => {
    app = testApp({ now: '2027-04-05T06:00:00Z', env: { ITBOT_CATCHUP: 'PT12H' } }); // Monday 08:00 in Zurich
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: ahead, title: {de: Voraus, en: Ahead}, kind: other, start: 2027-04-09T10:00, duration: PT1H, audience: all, owner: ${MARCO}, reminders: [P3D], announce: P3D}
  - {id: begun, title: {de: Begonnen, en: Begun}, kind: other, start: 2027-04-06T12:00, duration: PT1H, audience: all, owner: ${MARCO}, announce: P1D}
`);
    withFakeSender(app);
    // the scheduler first runs on Wednesday 12:00, two days after both announcements fell due
    app.clock.set('2027-04-07T10:00:00Z');
    const { step } = machinery(app);
    await step();
    await step();
    const announce = rows(app, "kind = 'plan-announce'").map((r) => [r.idempotency_key, r.state]);
    expect(announce).toEqual([
      ['plan:begun:2027-04-06T12:00:announce:web:all', 'expired'],
      ['plan:ahead:2027-04-09T10:00:announce:web:all', 'sent'],
    ]);
    const inbox = () => app.db.prepare("SELECT recipient, idempotency_key AS k FROM web_inbox WHERE idempotency_key LIKE '%:announce:%'").all();
    expect(inbox()).toEqual([{ recipient: 'channel:all', k: 'plan:ahead:2027-04-09T10:00:announce:web:all' }]);
    // the reminder due as long ago is recorded as missed, as before
    expect(rows(app, "kind = 'plan-reminder'").map((r) => r.state)).toEqual(['expired']);
    const rep = planReport(app, 2027);
    expect([rep.totals.missedReminders, rep.totals.missedAnnouncements]).toEqual([1, 1]);
    // a later server never sends them again
    const b = sameDb(app, '2027-04-07T11:00:00Z');
    extra.push(b);
    withFakeSender(b);
    await machinery(b).step();
    expect(inbox()).toHaveLength(1);
    expect(rows(b, "kind = 'plan-announce'").map((r) => r.state)).toEqual(['expired', 'sent']);
  });
});

describe('an event that enters the plan after its announcement time', () => {
  it('is announced once at once while it is still ahead, also when that time is longer ago than ITBOT_CATCHUP; one begun gets nothing and counts as nothing missed', async () => {
    // Monday 10:00 in Zurich: "ahead" starts on Wednesday and should have been announced last Friday
    app = testApp({ now: '2027-04-05T08:00:00Z', env: { ITBOT_CATCHUP: 'PT12H' } });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: ahead, title: {de: Voraus, en: Ahead}, kind: other, start: 2027-04-07T10:00, duration: PT1H, audience: all, owner: ${MARCO}, announce: P5D}
  - {id: begun, title: {de: Begonnen, en: Begun}, kind: other, start: 2027-04-05T09:00, duration: PT1H, audience: all, owner: ${MARCO}, announce: P2D}
`);
    withFakeSender(app);
    const { step } = machinery(app);
    await step();
    await step();
    expect(rows(app, "kind = 'plan-announce'").map((r) => [r.idempotency_key, r.state])).toEqual([['plan:ahead:2027-04-07T10:00:announce:web:all', 'sent']]);
    const inbox = () => app.db.prepare("SELECT recipient FROM web_inbox WHERE idempotency_key LIKE '%:announce:%'").all();
    expect(inbox()).toEqual([{ recipient: 'channel:all' }]);
    expect(planReport(app, 2027).totals.missedAnnouncements).toBe(0);
    // the next steps, and a change of the event, announce it no second time
    app.clock.set('2027-04-05T09:00:00Z');
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: ahead, title: {de: Voraus!, en: Ahead!}, kind: other, start: 2027-04-07T10:00, duration: PT1H, audience: all, owner: ${MARCO}, announce: P5D}
`);
    await step();
    await step();
    expect(inbox()).toHaveLength(1);
  });
});

describe('plan changes while serving', () => {
  it('picks up an import on the next tick: moved meetings get new reminders, old ones are cancelled', async () => {
    const { step, sender } = setup('2027-03-01T00:00:00Z');
    await step();
    const oldKey = `plan:jf-finance:2027-03-16T09:00:reminder:P1D:to:${MARCO}`;
    expect(rows(app, 'idempotency_key = ?', oldKey)[0]!.state).toBe('queued');
    importYaml(app, JOUR_FIXE.replace('2027-03-02T09:00', '2027-03-02T10:00'));
    app.clock.advance(2000);
    await step();
    expect(rows(app, 'idempotency_key = ?', oldKey)[0]!.state).toBe('cancelled');
    const newKey = `plan:jf-finance:2027-03-16T10:00:reminder:P1D:to:${MARCO}`;
    expect(rows(app, 'idempotency_key = ?', newKey)[0]).toMatchObject({ state: 'queued', due_at: '2027-03-15T09:00:00.000Z' });
    // moved back: the cancelled reminder is queued again (same key), not lost
    importYaml(app, JOUR_FIXE);
    await step();
    expect(rows(app, 'idempotency_key = ?', oldKey)[0]!.state).toBe('queued');
    expect(rows(app, 'idempotency_key = ?', newKey)[0]!.state).toBe('cancelled');
    // a title change rewrites the waiting messages
    importYaml(app, JOUR_FIXE.replace('Jour-fixe with Finance', 'Finance jour-fixe').replace('Jour fixe mit den Finanzen', 'Finanz-Jour-fixe'));
    await step();
    expect(JSON.parse(rows(app, 'idempotency_key = ?', oldKey)[0]!.message).text).toMatch(/^Finanz-Jour-fixe am/);
    // --replace without the event cancels everything still waiting
    importYaml(app, 'timezone: Europe/Zurich\nevents: []\n', { replace: true });
    expect(rows(app, "kind = 'plan-reminder' AND state = 'queued'")).toHaveLength(0);
    app.clock.set('2027-03-15T08:00:00Z');
    await step();
    expect(sender.sent).toHaveLength(0);
  });
});

describe('announcements', () => {
  it('tells the audience in its channels, in both languages when it is mixed', async () => {
    const yaml = `timezone: Europe/Zurich
events:
  - id: info
    title: {de: IT-Informationsmeeting, en: IT information meeting}
    kind: info-meeting
    rrule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
    start: 2027-04-06T10:00
    duration: PT1H
    audience: [department:Finance, department:Marketing]
    channels: {slack: C0GENERAL1}
    owner: head.it@alpenfirn.example
    announce: P2D
`;
    const { step } = setup('2027-03-01T00:00:00Z', yaml);
    await step();
    const ann = rows(app, "kind = 'plan-announce'");
    // no Slack configured here: the web chat's department channels
    expect(ann.map((a) => [a.idempotency_key, a.platform, a.target, a.due_at])).toEqual([
      ['plan:info:2027-04-06T10:00:announce:web:Finance', 'web', 'Finance', '2027-04-04T08:00:00.000Z'],
      ['plan:info:2027-04-06T10:00:announce:web:Marketing', 'web', 'Marketing', '2027-04-04T08:00:00.000Z'],
    ]);
    const fin = JSON.parse(ann[0]!.message);
    expect(fin.lang).toBe('de');
    expect(fin.text).toMatch(/^IT-Informationsmeeting: Dienstag, 6\. April 2027 um 10:00 \(1 h\)/);
    const mkt = JSON.parse(ann[1]!.message);
    expect(mkt.text).toMatch(/IT-Informationsmeeting: Dienstag[\s\S]*\nIT information meeting: Tuesday, 6 April 2027 at 10:00/);
    expect(mkt.lang).toBeUndefined();
    app.clock.set('2027-04-04T08:00:01Z');
    await step();
    const inbox = app.db.prepare("SELECT recipient FROM web_inbox ORDER BY id").all() as Array<{ recipient: string }>;
    expect(inbox.map((i) => i.recipient)).toEqual(['channel:Finance', 'channel:Marketing']);
  });

  it('names the audience of two departments on the owner\'s reminder card in words: "Finanzen und Marketing"', async () => {
    const { step } = setup('2027-03-01T00:00:00Z', `timezone: Europe/Zurich
events:
  - {id: info, title: {de: Info, en: Info}, kind: info-meeting, start: 2027-04-06T10:00, duration: PT1H, audience: [department:Finance, department:Marketing], owner: head.it@alpenfirn.example, reminders: [P7D]}
`);
    await step();
    const card = JSON.parse(rows(app, "kind = 'plan-reminder'")[0]!.message) as { blocks: Array<{ type: string; fields?: Array<{ value: string }> }> };
    const fields = card.blocks.find((b) => b.type === 'fields')!.fields!.map((f) => f.value);
    expect(fields).toContain('Finanzen und Marketing');
  });

  it('posts to the Slack channel when Slack is configured', async () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    withPeople(app);
    const slack = withFakeSender(app, new FakeSender('slack'));
    importYaml(app, `timezone: Europe/Zurich
events:
  - id: fair
    title: IT fair
    kind: it-fair
    start: 2027-03-10T10:00
    duration: PT6H
    audience: all
    channels: {slack: C0GENERAL1, teams: "19:general@thread.tacv2"}
    owner: head.it@alpenfirn.example
    announce: P7D
`);
    const { step } = machinery(app);
    await step();
    expect(rows(app, "kind = 'plan-announce'").map((r) => r.idempotency_key)).toEqual([
      'plan:fair:2027-03-10T10:00:announce:slack:C0GENERAL1',
      'plan:fair:2027-03-10T10:00:announce:web:all',
    ]);
    app.clock.set('2027-03-03T09:00:01Z');
    await step();
    expect(slack.sent.map((s) => s.target)).toEqual([{ kind: 'channel', channelId: 'C0GENERAL1' }]);
  });
});

describe('plan against actual', () => {
  it('escalates an overdue occurrence to the head of IT once; done ones are not', async () => {
    const { step, scheduler } = setup('2027-03-01T00:00:00Z');
    await step();
    app.clock.set('2027-03-02T10:30:00Z');
    await step();
    const r = await app.bot.handle({ platform: 'test', person: { platform: 'test', userId: MARCO, email: MARCO }, conversation: { platform: 'test', channelId: 'dm', isDirect: true }, action: { id: 'plan.done', value: 'jf-finance|2027-03-02T09:00' } });
    expect(r[0]!.text).toMatch(/erledigt/);
    // 9 March passes without an answer
    app.clock.set('2027-03-10T09:00:00Z');
    await step();
    app.clock.advance(61_000);
    await step();
    const other = machinery(sameDbKeep());
    await other.scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    await scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    const esc = rows(app, "kind = 'plan-overdue'");
    expect(esc.map((e) => [e.idempotency_key, e.target])).toEqual([
      ['plan:jf-finance:2027-03-09T09:00:overdue:to:head.it@alpenfirn.example', 'head.it@alpenfirn.example'],
    ]);
    expect(JSON.parse(esc[0]!.message).text).toMatch(/Jour fixe mit den Finanzen vom Dienstag, 9\. März 2027 um 09:00 ist weder/);
    const repo = new PlanRepo(app.db);
    expect(repo.occurrence('jf-finance', '2027-03-02T09:00')).toMatchObject({ state: 'done', byEmail: MARCO });
    expect(repo.occurrence('jf-finance', '2027-03-09T09:00')).toMatchObject({ state: 'overdue' });
    const rep = planReport(app, 2027);
    expect(rep.rows.find((x) => x.quarter === 'Q1')).toMatchObject({ planned: 5, done: 1, overdue: 1, skipped: 0, open: 3 });
  });
});

describe('queueing a message held for working hours', () => {
  it('tells when it first goes (the snooze answer says so), as the row keeps it', () => {
    app = testApp({ now: '2027-03-01T08:00:00Z' });
    const hours = { hours: parseWorkingHours('Mo-Fr 08:00-18:00'), defaultTimeZone: 'Europe/Zurich' };
    // Saturday 17:05 in Zurich: it waits for Monday 08:00
    const held = enqueue(app.db, app.clock.now(), { key: 'held', kind: 'plan-reminder', target: { kind: 'person', email: MARCO }, message: { text: 'x' }, dueAt: new Date('2027-03-06T16:05:00Z'), workingHours: hours });
    expect(held.next.toISOString()).toBe('2027-03-08T07:00:00.000Z');
    expect(rows(app, 'idempotency_key = ?', 'held')[0]!.next_attempt_at).toBe(held.next.toISOString());
    const inside = enqueue(app.db, app.clock.now(), { key: 'inside', kind: 'plan-reminder', target: { kind: 'person', email: MARCO }, message: { text: 'x' }, dueAt: new Date('2027-03-08T09:00:00Z'), workingHours: { ...hours, inside: true } });
    expect(inside.next.toISOString()).toBe('2027-03-08T09:00:00.000Z');
  });
});

describe('several lead times held until the same working hours', () => {
  it('send one card, the nearest to the event; the others are marked superseded, not missed', async () => {
    const { step, sender } = setup('2027-03-01T00:00:00Z', `timezone: Europe/Zurich
events:
  - {id: after-spring, title: {de: Nach der Umstellung, en: After the change}, kind: other, start: 2027-03-29T09:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P7D, P2D, PT48H, P1D]}
`, { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' });
    await step();
    const key = (lead: string) => `plan:after-spring:2027-03-29T09:00:reminder:${lead}:to:${MARCO}`;
    const state = () => Object.fromEntries(rows(app, "kind = 'plan-reminder'").map((r) => [r.idempotency_key.split(':')[5], [r.state, r.last_error]]));
    // P2D (Saturday 09:00), PT48H (Saturday 08:00) and P1D (Sunday 09:00) all wait for Monday 08:00
    expect(state()).toEqual({
      P7D: ['queued', null],
      P1D: ['queued', null],
      P2D: ['cancelled', 'superseded: the P1D reminder goes at the same time'],
      PT48H: ['cancelled', 'superseded: the P1D reminder goes at the same time'],
    });
    app.clock.set('2027-03-22T08:00:01Z');
    await step();
    app.clock.set('2027-03-29T06:00:01Z');
    await step();
    expect(sender.sent.map((x) => x.item.idempotencyKey)).toEqual([key('P7D'), key('P1D')]);
    // a re-import keeps it so, and plan report counts no missed reminder
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: after-spring, title: {de: Nach der Umstellung!, en: After the change!}, kind: other, start: 2027-03-29T09:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P7D, P2D, PT48H, P1D]}
`);
    await step();
    expect(sender.sent).toHaveLength(2);
    expect(planReport(app, 2027).totals.missedReminders).toBe(0);
  });

  it('queued in different scheduling steps, still one card', async () => {
    const { step } = setup('2027-03-01T00:00:00Z', `timezone: Europe/Zurich
events:
  - {id: later, title: {de: Später, en: Later}, kind: other, start: 2027-05-03T09:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P2D, P1D]}
`, { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' });
    await step();
    // the horizon reaches Saturday's reminder a day before Sunday's
    expect(rows(app, "kind = 'plan-reminder'").map((r) => [r.idempotency_key.split(':')[5], r.state])).toEqual([['P2D', 'queued']]);
    for (let t = Date.parse('2027-03-01T00:00:00Z'); t < Date.parse('2027-03-05T00:00:00Z'); t += 6 * 3_600_000) {
      app.clock.set(new Date(t).toISOString());
      await step();
    }
    expect(rows(app, "kind = 'plan-reminder'").map((r) => [r.idempotency_key.split(':')[5], r.state])).toEqual([['P2D', 'cancelled'], ['P1D', 'queued']]);
  });
});

describe('a snooze after a re-import', () => {
  it('stays when the event keeps its owner, and goes with the old owner when it changes', async () => {
    const { step, sender } = setup('2027-03-01T00:00:00Z');
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P7D:to:${MARCO}`;
    app.clock.set('2027-03-02T08:00:00Z');
    await app.bot.handle({ platform: 'test', person: { platform: 'test', userId: MARCO, email: MARCO }, conversation: { platform: 'test', channelId: 'dm', isDirect: true }, action: { id: 'plan.snooze', value: key } });
    const snooze = () => rows(app, 'idempotency_key = ?', `${key}:snooze:1`)[0]!;
    expect(snooze().state).toBe('queued');
    // a new title: the snooze stays
    importYaml(app, JOUR_FIXE.replace('Jour-fixe with Finance', 'Finance jour-fixe'));
    await step();
    expect(snooze().state).toBe('queued');
    // a new owner: the old owner's snooze is cancelled, the new owner gets their reminders
    const LUCA = 'luca.rossi@alpenfirn.example';
    importYaml(app, JOUR_FIXE.replace(`owner: ${MARCO}`, `owner: ${LUCA}`));
    await step();
    expect([snooze().state, snooze().last_error]).toEqual(['cancelled', 'the plan event changed']);
    expect(rows(app, 'idempotency_key = ?', `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${LUCA}`)[0]!.state).toBe('queued');
    app.clock.set('2027-03-03T08:00:01Z');
    await step();
    expect(sender.sent.map((x) => x.item.idempotencyKey).filter((k) => k.includes(':snooze:'))).toEqual([]);
  });
});

describe('the overdue escalation', () => {
  it('gives the time in the head of IT\'s zone, named when it is not the plan\'s', async () => {
    // the organisation's zone is neither the plan's nor the head's: the head's own must win
    app = testApp({ now: '2027-03-01T00:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/London' } });
    withPeople(app);
    expect(app.people.byEmail('head.it@alpenfirn.example')?.timezone).toBe('Europe/Zurich');
    importYaml(app, `timezone: America/New_York
events:
  - {id: ny-a, title: {de: NY A, en: NY A}, kind: other, start: 2027-03-10T09:00, duration: PT1H, audience: all, owner: ${MARCO}}
`);
    const { step } = machinery(app);
    await step();
    app.clock.set('2027-03-11T16:00:01Z'); // a day after it ended
    await step();
    const [esc] = rows(app, "kind = 'plan-overdue'");
    // 09:00 in New York is 15:00 in Zurich
    expect(JSON.parse(esc!.message).text).toMatch(/NY A vom Mittwoch, 10\. März 2027 um 15:00 \(Europe\/Zurich\) ist weder/);
  });
});

function sameDbKeep() {
  const b = sameDb(app, app.clock.now());
  extra.push(b);
  return b;
}

describe('moving a meeting', () => {
  it('does not record the moved meeting\'s past occurrences as missed or overdue', async () => {
    const { step, scheduler } = setup('2027-03-01T00:00:00Z');
    await step();
    app.clock.set('2027-03-20T12:00:00Z');
    await step();
    importYaml(app, JOUR_FIXE.replace('2027-03-02T09:00', '2027-03-02T10:00'));
    await step();
    await scheduler.afterOccurrences('Europe/Zurich', app.clock.now());
    expect(rows(app, "state = 'expired' AND idempotency_key LIKE '%T10:00%'")).toHaveLength(0);
    expect(rows(app, "kind = 'plan-overdue' AND idempotency_key LIKE '%T10:00%'")).toHaveLength(0);
    // the new time is scheduled from now on
    expect(rows(app, 'idempotency_key = ?', `plan:jf-finance:2027-03-23T10:00:reminder:P1D:to:${MARCO}`)[0]!.state).toBe('queued');
  });
});

describe('an owner in another time zone', () => {
  it('reads the time of the reminder in their own zone, named; a snoozed card too', async () => {
    const SARAH = 'sarah.johnson@alpenfirn.example'; // America/New_York in the directory
    const { step } = setup('2027-03-01T00:00:00Z', JOUR_FIXE.replace(`owner: ${MARCO}`, `owner: ${SARAH}`));
    await step();
    const key = `plan:jf-finance:2027-03-09T09:00:reminder:P1D:to:${SARAH}`;
    const card = JSON.parse(rows(app, 'idempotency_key = ?', key)[0]!.message);
    // 09:00 in Zurich (UTC+1) is 03:00 in New York (UTC-5, before the US change on 14 March)
    expect(card.text).toBe('Jour-fixe with Finance on Tuesday, 9 March 2027 at 03:00 (America/New_York): agenda due');
    app.clock.set('2027-03-02T12:00:00Z');
    await app.bot.handle({ platform: 'test', person: { platform: 'test', userId: SARAH, email: SARAH }, conversation: { platform: 'test', channelId: 'dm', isDirect: true }, action: { id: 'plan.snooze', value: key.replace('P1D', 'P7D') } });
    const snoozed = JSON.parse(rows(app, "idempotency_key LIKE '%:snooze:1'")[0]!.message);
    expect(snoozed.text).toMatch(/at 03:00 \(America\/New_York\): agenda due$/);
  });
});

describe('an owner who is not in the people directory yet', () => {
  it('gets the reminder once the directory knows them; one who never appears counts as missed', async () => {
    const NEW = 'new.colleague@alpenfirn.example';
    const GONE = 'never.there@alpenfirn.example';
    const yaml = JOUR_FIXE.replace(`owner: ${MARCO}`, `owner: ${NEW}`) + JOUR_FIXE.split('events:\n')[1]!.replace('id: jf-finance', 'id: jf-other').replace(`owner: ${MARCO}`, `owner: ${GONE}`);
    const { sender, step } = setup('2027-03-01T00:00:00Z', yaml);
    expect(importYaml(app, yaml).warnings.map((w) => `${w.field}: ${w.message.split(':')[0]}`)).toEqual([
      `owner: ${NEW} is not in the people directory (yet)`,
      `owner: ${GONE} is not in the people directory (yet)`,
    ]);
    await step();
    // the P7D reminders for 9 March are due on 2 March 08:00Z
    app.clock.set('2027-03-02T08:00:00Z');
    await step();
    const key = (owner: string, ev: string) => `plan:${ev}:2027-03-09T09:00:reminder:P7D:to:${owner}`;
    const row = (k: string) => rows(app, 'idempotency_key = ?', k)[0]!;
    expect(row(key(NEW, 'jf-finance'))).toMatchObject({ state: 'retry' });
    expect(row(key(NEW, 'jf-finance')).last_error).toMatch(/not in the people directory \(yet\): waiting for the person/);
    expect(sender.sent).toHaveLength(0);
    // the people import brings the new colleague a minute later: the reminder goes at once, not at the worker's next look
    const csv = join(app.dir, 'new-people.csv');
    writeFileSync(csv, `email,name,department,manager,language,timezone,slack_user_id,teams_user_id\n${NEW},New Colleague,IT,false,en,Europe/Zurich,,\n`);
    importPeople(app, csv);
    app.clock.set('2027-03-02T08:01:00Z');
    await step();
    expect(row(key(NEW, 'jf-finance')).state).toBe('sent');
    expect(sender.to(NEW).map((s) => s.item.idempotencyKey)).toEqual([key(NEW, 'jf-finance')]);
    // the other owner never appears: at the event's start the reminders are recorded as missed, never dead
    app.clock.set('2027-03-09T08:00:01Z');
    await step();
    await step();
    expect(row(key(GONE, 'jf-other')).state).toBe('expired');
    expect(rows(app, "state = 'dead'")).toHaveLength(0);
    expect(planReport(app, 2027).rows.find((r) => r.quarter === 'Q1')!.missedReminders).toBeGreaterThanOrEqual(2);
  });
});

describe('the people import and working hours', () => {
  it('wakes a message waiting for the person at once: the server\'s worker, not the command, applies the working hours', async () => {
    const NEW = 'new.colleague@alpenfirn.example';
    app = testApp({ now: '2027-03-06T10:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' } }); // a Saturday: outside this command's hours
    enqueue(app.db, app.clock.now(), { key: 'plan:x:2027-03-09T09:00:reminder:P1D:to:new', kind: 'plan-reminder', target: { kind: 'person', email: NEW }, message: { text: 'x' }, expiresAt: new Date('2027-03-09T08:00:00Z') });
    app.db.prepare("UPDATE outbox SET state = 'retry', last_error = ?, next_attempt_at = '2027-03-09T07:59:00.000Z'").run(`${NEW} is not in the people directory (yet): ${WAITING_FOR_PERSON}`);
    const csv = join(app.dir, 'new-people.csv');
    writeFileSync(csv, `email,name,department,manager,language,timezone,slack_user_id,teams_user_id\n${NEW},New Colleague,IT,false,en,Europe/Zurich,,\n`);
    importPeople(app, csv);
    expect(rows(app)[0]!.next_attempt_at).toBe('2027-03-06T10:00:00.000Z');
  });
});

describe('plan against actual for a plan imported late', () => {
  it('counts the occurrences that were over before the import as planned, and overdue without an outcome', async () => {
    // imported on 10 March 2027 (a Wednesday), the jour-fixe has met every Tuesday since 5 January
    setup('2027-03-10T12:00:00Z', JOUR_FIXE.replace('2027-03-02T09:00', '2027-01-05T09:00'));
    const repo = new PlanRepo(app.db);
    repo.setState('jf-finance', '2027-01-12T09:00', 'done', MARCO, null, new Date('2027-01-12T08:00:00Z'), app.clock.now());
    repo.setState('jf-finance', '2027-02-02T09:00', 'skipped', MARCO, 'holiday', new Date('2027-02-02T08:00:00Z'), app.clock.now());
    const q1 = planReport(app, 2027).rows.find((r) => r.quarter === 'Q1')!;
    // 13 Tuesdays from 5 January to 30 March; the ten up to 9 March ended more than a day ago
    // (one done, one skipped, eight overdue); 16, 23 and 30 March are still open
    expect(q1).toMatchObject({ planned: 13, done: 1, skipped: 1, overdue: 8, open: 3 });
    // the admin calendar counts the same way
    const jan = calendarItems(app, 'en', '2027-01-01', '2027-01-31')!.items.map((i) => [i.occurrence.slice(0, 10), i.state]);
    expect(jan).toEqual([['2027-01-05', 'overdue'], ['2027-01-12', 'done'], ['2027-01-19', 'overdue'], ['2027-01-26', 'overdue']]);
  });
});

describe('report after a move', () => {
  it('keeps what was recorded under the old time and leaves out the new time\'s past', async () => {
    const { step } = setup('2027-03-01T00:00:00Z');
    await step();
    app.clock.set('2027-03-10T12:00:00Z');
    new PlanRepo(app.db).setState('jf-finance', '2027-03-02T09:00', 'done', MARCO, null, new Date('2027-03-02T08:00:00Z'), app.clock.now());
    importYaml(app, JOUR_FIXE.replace('2027-03-02T09:00', '2027-03-02T10:00'));
    const q1 = planReport(app, 2027).rows.find((r) => r.quarter === 'Q1')!;
    // 2 March (done, old time) + 16, 23, 30 March at the new time; 9 March never happened at 10:00
    expect(q1).toMatchObject({ planned: 4, done: 1, overdue: 0, open: 3 });
  });

  it('leaves out an occurrence at the old time that got its follow-up survey but no Done or Skip before the move', async () => {
    app = testApp({ now: '2027-03-01T00:00:00Z' });
    withPeople(app);
    await surveysFeature.demo!(app);
    importYaml(app, JOUR_FIXE.replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    followUpSurvey: event-feedback'));
    const { scheduler } = machinery(app);
    await scheduler.tick();
    // 2 March 09:00-10:00 is over: its feedback survey goes out, nobody has pressed Done or Skip yet
    app.clock.set('2027-03-02T09:30:00Z');
    await scheduler.tick();
    expect(new SurveyRepo(app.db).runs('event-feedback').map((r) => r.run_key)).toEqual(['plan:jf-finance:2027-03-02T09:00']);
    app.clock.set('2027-03-02T12:00:00Z'); // moved to 10:00 once 2 March is over
    importYaml(app, JOUR_FIXE.replace('2027-03-02T09:00', '2027-03-02T10:00').replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    followUpSurvey: event-feedback'));
    app.clock.set('2027-03-20T12:00:00Z');
    // 9 and 16 March at the new time are overdue, 23 and 30 March open; 2 March at 09:00 was never
    // reported and drops out, as it would without its survey, never an occurrence "open" for good
    expect(planReport(app, 2027).rows.find((r) => r.quarter === 'Q1')).toMatchObject({ planned: 4, done: 0, overdue: 2, open: 2 });
    expect(calendarItems(app, 'en', '2027-03-01', '2027-03-31')!.items.map((i) => [i.occurrence, i.state])).toEqual([
      ['2027-03-09T10:00', 'overdue'], ['2027-03-16T10:00', 'overdue'], ['2027-03-23T10:00', 'planned'], ['2027-03-30T10:00', 'planned'],
    ]);
  });
});
