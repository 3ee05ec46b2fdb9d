import { afterEach, describe, expect, it } from 'vitest';
import { testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { planReport } from '../../src/plan/report.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/store/db.ts';
import { importYaml, machinery, rows, sameDb, withPeople } from './helpers.ts';

// The plan never messages anyone on its own outside ITBOT_WORKING_HOURS: a reminder or an
// announcement whose next window would open only after its event has begun goes at the start of
// the last window before its due time instead, and one with no window left is recorded as missed.

let app: TestApp;
const extra: Array<{ db: { close(): void } }> = [];
afterEach(() => {
  for (const a of extra.splice(0)) a.db.close();
  app?.cleanup();
});

const MARCO = 'marco.keller@alpenfirn.example'; // Europe/Zurich
const SARAH = 'sarah.johnson@alpenfirn.example'; // America/New_York

function setup(now: string, events: string, hours = 'Mo-Fr 08:00-18:00') {
  app = testApp({ now, env: { ITBOT_WORKING_HOURS: hours } });
  withPeople(app);
  importYaml(app, `timezone: Europe/Zurich\nevents:\n${events}`);
  const sender = withFakeSender(app);
  return { sender, ...machinery(app) };
}

const event = (id: string, start: string, more: string, owner = MARCO) =>
  `  - {id: ${id}, title: ${id}, kind: other, start: ${start}, duration: PT1H, audience: it-staff, owner: ${owner}, ${more}}\n`;

const row = (key: string) => rows(app, 'idempotency_key = ?', key)[0]!;
const times = (key: string) => {
  const r = row(key);
  return [r.due_at, r.next_attempt_at, r.state];
};

/** Runs the scheduler and worker at each instant; returns the keys sent with the time they went. */
async function runAt(step: () => Promise<void>, sent: Array<{ item: { idempotencyKey: string } }>, instants: string[]) {
  const out: Array<[string, string]> = [];
  for (const at of instants) {
    app.clock.set(at);
    const before = sent.length;
    await step();
    for (const s of sent.slice(before)) out.push([s.item.idempotencyKey, at]);
  }
  return out;
}

describe('plan messages whose working hours would open only after the event', () => {
  it('a P2D reminder before a Monday 07:30 event goes on Friday 08:00, not on Saturday 07:30; with a P3D one held until then, one card', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P3D, P2D], announce: P2D'));
    await step();
    const p2d = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    const p3d = `plan:mon:2027-03-15T07:30:reminder:P3D:to:${MARCO}`;
    // due Saturday 07:30 Zurich; Monday 08:00 is after the start: Friday 08:00 (07:00Z)
    expect(times(p2d)).toEqual(['2027-03-13T06:30:00.000Z', '2027-03-12T07:00:00.000Z', 'queued']);
    // P3D is due Friday 07:30 and waits for 08:00 too: the one nearest the event is sent
    expect([row(p3d).state, row(p3d).last_error]).toEqual(['cancelled', 'superseded: the P2D reminder goes at the same time']);
    // the announcement keeps the organisation's working hours the same way
    const announce = rows(app, "kind = 'plan-announce'");
    expect(announce.map((r) => [r.due_at, r.next_attempt_at, r.working_tz])).toEqual([['2027-03-13T06:30:00.000Z', '2027-03-12T07:00:00.000Z', 'Europe/Zurich']]);
    const went = await runAt(step, sender.sent, ['2027-03-12T06:59:59Z', '2027-03-12T07:00:00Z', '2027-03-13T06:30:00Z', '2027-03-15T06:00:00Z']);
    expect(went).toEqual([[p2d, '2027-03-12T07:00:00Z']]);
    expect(rows(app, "kind = 'plan-announce'").map((r) => r.state)).toEqual(['sent']);
    expect(planReport(app, 2027).totals).toMatchObject({ missedReminders: 0, missedAnnouncements: 0 });
  });

  it('a PT2H reminder before a Tuesday 07:00 event goes on Monday 08:00, as one card with the P1D one held until then', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('early', '2027-03-16T07:00', 'reminders: [P1D, PT2H]'));
    await step();
    const pt2h = `plan:early:2027-03-16T07:00:reminder:PT2H:to:${MARCO}`;
    const p1d = `plan:early:2027-03-16T07:00:reminder:P1D:to:${MARCO}`;
    expect(times(pt2h)).toEqual(['2027-03-16T04:00:00.000Z', '2027-03-15T07:00:00.000Z', 'queued']); // 05:00 Tuesday → 08:00 Monday
    expect(row(p1d).state).toBe('cancelled');
    const went = await runAt(step, sender.sent, ['2027-03-15T06:00:00Z', '2027-03-15T07:00:00Z', '2027-03-16T04:00:00Z', '2027-03-16T05:30:00Z']);
    expect(went).toEqual([[pt2h, '2027-03-15T07:00:00Z']]);
  });

  it('keeps the working hours of the owner\'s own time zone', async () => {
    // Tuesday 12:30 in Zurich is 07:30 in New York (summer time there since Sunday, not yet in
    // Zurich): PT1H is 06:30 there, and 08:00 is after the start
    const { sender, step } = setup(
      '2027-03-01T00:00:00Z',
      event('ny', '2027-03-16T12:30', 'reminders: [PT1H]', SARAH) + event('zh', '2027-03-16T12:30', 'reminders: [PT1H]'),
    );
    await step();
    const ny = `plan:ny:2027-03-16T12:30:reminder:PT1H:to:${SARAH}`;
    const zh = `plan:zh:2027-03-16T12:30:reminder:PT1H:to:${MARCO}`;
    expect([...times(ny), row(ny).working_tz]).toEqual(['2027-03-16T10:30:00.000Z', '2027-03-15T12:00:00.000Z', 'queued', 'America/New_York']); // Monday 08:00 EDT
    expect(times(zh)).toEqual(['2027-03-16T10:30:00.000Z', '2027-03-16T10:30:00.000Z', 'queued']); // 11:30 in Zurich: inside
    const went = await runAt(step, sender.sent, ['2027-03-15T12:00:00Z', '2027-03-16T10:30:00Z']);
    expect(went).toEqual([[ny, '2027-03-15T12:00:00Z'], [zh, '2027-03-16T10:30:00Z']]);
  });

  it('across the changes to and from summer time', async () => {
    const { step } = setup(
      '2027-03-01T00:00:00Z',
      event('spring', '2027-03-29T07:30', 'reminders: [P2D]') + event('autumn', '2027-11-01T07:30', 'reminders: [P2D]'),
    );
    await step();
    // Saturday 27 March 07:30 CET → Friday 26 March 08:00 CET
    expect(times(`plan:spring:2027-03-29T07:30:reminder:P2D:to:${MARCO}`)).toEqual(['2027-03-27T06:30:00.000Z', '2027-03-26T07:00:00.000Z', 'queued']);
    app.clock.set('2027-10-01T00:00:00Z');
    await step();
    // Saturday 30 October 07:30 CEST → Friday 29 October 08:00 CEST
    expect(times(`plan:autumn:2027-11-01T07:30:reminder:P2D:to:${MARCO}`)).toEqual(['2027-10-30T05:30:00.000Z', '2027-10-29T06:00:00.000Z', 'queued']);
  });

  it('brought forward into the window of the day the clocks change', async () => {
    // Monday 29 March 07:00 CEST; PT12H is Sunday 19:00, after the window; Monday 08:00 is after the start
    const { step } = setup('2027-03-01T00:00:00Z', event('sunday', '2027-03-29T07:00', 'reminders: [PT12H]'), 'Mo-Su 08:00-18:00');
    await step();
    expect(times(`plan:sunday:2027-03-29T07:00:reminder:PT12H:to:${MARCO}`)).toEqual(['2027-03-28T17:00:00.000Z', '2027-03-28T06:00:00.000Z', 'queued']); // Sunday 08:00 CEST
  });

  it('with no working hours left before the event, a reminder and an announcement are recorded as missed, never sent', async () => {
    // imported on Saturday 10:00 for Monday 07:30: Friday's window is over, Monday's opens after the start
    const { sender, step } = setup('2027-03-13T09:00:00Z', event('late', '2027-03-15T07:30', 'reminders: [PT12H], announce: P1D'));
    await step();
    const key = `plan:late:2027-03-15T07:30:reminder:PT12H:to:${MARCO}`;
    expect(times(key)).toEqual(['2027-03-14T18:30:00.000Z', '2027-03-14T18:30:00.000Z', 'queued']);
    const went = await runAt(step, sender.sent, ['2027-03-14T06:30:00Z', '2027-03-14T18:30:00Z', '2027-03-15T06:00:00Z', '2027-03-15T07:00:00Z']);
    expect(went).toEqual([]);
    expect([row(key).state, row(key).last_error]).toEqual([
      'expired',
      "not sent: outside the recipient's working hours, and the next window (2027-03-15T07:00:00.000Z) opens after it expires (2027-03-15T06:30:00.000Z)",
    ]);
    expect(rows(app, "kind = 'plan-announce'").map((r) => r.state)).toEqual(['expired']);
    expect(planReport(app, 2027).totals).toMatchObject({ missedReminders: 1, missedAnnouncements: 1 });
  });

  it('"Mo-Su 00:00-24:00" still means any time', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P2D]'), 'Mo-Su 00:00-24:00');
    await step();
    const key = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    expect(times(key)).toEqual(['2027-03-13T06:30:00.000Z', '2027-03-13T06:30:00.000Z', 'queued']);
    expect(await runAt(step, sender.sent, ['2027-03-13T06:30:00Z'])).toEqual([[key, '2027-03-13T06:30:00Z']]);
  });

  it('a second server, a restart and a re-imported plan queue it once, at the same time', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P2D]'));
    await step();
    const other = sameDb(app, '2027-03-02T00:00:00Z', { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00' });
    extra.push(other);
    await machinery(other).scheduler.tick();
    app.clock.set('2027-03-10T00:00:00Z');
    importYaml(app, `timezone: Europe/Zurich\nevents:\n${event('mon', '2027-03-15T07:30', 'reminders: [P2D], task: {de: Folien, en: Slides}')}`);
    await step();
    const key = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    expect(rows(app, "kind = 'plan-reminder'").map((r) => [r.idempotency_key, r.next_attempt_at, r.state])).toEqual([[key, '2027-03-12T07:00:00.000Z', 'queued']]);
    const went = await runAt(step, sender.sent, ['2027-03-12T07:00:00Z', '2027-03-12T07:00:05Z', '2027-03-13T06:30:00Z']);
    expect(went).toEqual([[key, '2027-03-12T07:00:00Z']]);
  });
});

describe('messages the plan queued before it kept working hours this way', () => {
  it('get them when the database is upgraded: brought forward by the next tick, a snooze checked when sent', async () => {
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P2D], announce: P2D'));
    await step();
    const key = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    // as they were queued before: at their due time, Saturday 07:30, keeping no working hours
    app.db.prepare("UPDATE outbox SET next_attempt_at = due_at, working_tz = NULL").run();
    app.db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, target_kind, target, message, due_at, next_attempt_at, expires_at, source, created_at)
       SELECT idempotency_key || ':snooze:1', kind, target_kind, target, message, '2027-03-14T06:30:00.000Z', '2027-03-14T06:30:00.000Z', expires_at, source, created_at
       FROM outbox WHERE idempotency_key = ?`,
    ).run(key);
    // (the upgrade: this migration again, on its own)
    app.db.exec(readFileSync(join(MIGRATIONS_DIR, '0115-plan-working-hours.sql'), 'utf8'));
    app.clock.set('2027-03-02T00:00:00Z');
    await step();
    expect(rows(app, "kind IN ('plan-reminder', 'plan-announce')").map((r) => [r.idempotency_key, r.next_attempt_at, r.working_tz])).toEqual([
      [key, '2027-03-12T07:00:00.000Z', 'Europe/Zurich'],
      ['plan:mon:2027-03-15T07:30:announce:web:IT', '2027-03-12T07:00:00.000Z', 'Europe/Zurich'],
      [`${key}:snooze:1`, '2027-03-14T06:30:00.000Z', 'Europe/Zurich'],
    ]);
    const went = await runAt(step, sender.sent, ['2027-03-12T07:00:00Z', '2027-03-13T06:30:00Z', '2027-03-14T06:30:00Z', '2027-03-15T06:00:00Z']);
    expect(went).toEqual([[key, '2027-03-12T07:00:00Z']]);
    expect(row(`${key}:snooze:1`).state).toBe('expired');
  });
});

describe('one card for reminders held until the same moment', () => {
  it('stays one card when the plan is imported again after that card went', async () => {
    // P3D (Friday 07:30) waits for 08:00; P2D (Saturday 07:30) is brought forward to Friday 08:00: one card
    const yaml = (task: string) => `timezone: Europe/Zurich\nevents:\n${event('mon', '2027-03-15T07:30', `reminders: [P3D, P2D], task: {de: ${task}, en: ${task}}`)}`;
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P3D, P2D], task: {de: a, en: a}'));
    await step();
    const p2d = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    const p3d = `plan:mon:2027-03-15T07:30:reminder:P3D:to:${MARCO}`;
    expect(await runAt(step, sender.sent, ['2027-03-12T07:00:00Z'])).toEqual([[p2d, '2027-03-12T07:00:00Z']]);
    // Friday 10:00: the owner changes the event's task; the P3D reminder, due that morning, is in the plan again
    app.clock.set('2027-03-12T09:00:00Z');
    importYaml(app, yaml('b'));
    const went = await runAt(step, sender.sent, ['2027-03-12T09:00:00Z', '2027-03-12T09:00:05Z', '2027-03-13T06:30:00Z']);
    expect(went).toEqual([]);
    expect([row(p3d).state, row(p3d).last_error]).toEqual(['cancelled', 'superseded: the P2D reminder went at the same time']);
    expect(planReport(app, 2027).totals.missedReminders).toBe(0);
  });

  it('stays one card when the server was down at its time and the plan is imported again after it went', async () => {
    // Monday 07:30: P2D (Saturday 07:30) and P1D (Sunday 07:30) are both brought forward to Friday 08:00: one card, P1D
    const yaml = (task: string) => `timezone: Europe/Zurich\nevents:\n${event('mon', '2027-03-15T07:30', `reminders: [P2D, P1D], task: {de: ${task}, en: ${task}}`)}`;
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P2D, P1D], task: {de: a, en: a}'));
    await step();
    const p1d = `plan:mon:2027-03-15T07:30:reminder:P1D:to:${MARCO}`;
    const p2d = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    expect(row(p2d).state).toBe('cancelled');
    // the server was down on Friday morning: the card goes when it is back, at 09:30
    expect(await runAt(step, sender.sent, ['2027-03-12T08:30:00Z'])).toEqual([[p1d, '2027-03-12T08:30:00Z']]);
    // Friday 11:00: the owner changes the event's task; the P2D reminder is in the plan again
    app.clock.set('2027-03-12T10:00:00Z');
    importYaml(app, yaml('b'));
    const went = await runAt(step, sender.sent, ['2027-03-12T10:00:00Z', '2027-03-12T10:00:05Z', '2027-03-13T06:30:00Z', '2027-03-14T06:30:00Z']);
    expect(went).toEqual([]);
    expect([row(p2d).state, row(p2d).last_error]).toEqual(['cancelled', 'superseded: the P1D reminder, nearer the event, went already']);
    expect(planReport(app, 2027).totals.missedReminders).toBe(0);
  });

  it('stays one card when a platform error delayed it and the plan is imported again after it went', async () => {
    const yaml = (task: string) => `timezone: Europe/Zurich\nevents:\n${event('mon', '2027-03-15T07:30', `reminders: [P3D, P2D], task: {de: ${task}, en: ${task}}`)}`;
    const { sender, step } = setup('2027-03-01T00:00:00Z', event('mon', '2027-03-15T07:30', 'reminders: [P3D, P2D], task: {de: a, en: a}'));
    await step();
    const p2d = `plan:mon:2027-03-15T07:30:reminder:P2D:to:${MARCO}`;
    const p3d = `plan:mon:2027-03-15T07:30:reminder:P3D:to:${MARCO}`;
    // Friday 08:00 the platform answers 500 once; the card goes at the retry
    sender.script = (n) => (n === 0 ? { status: 'retry', error: 'slack: HTTP 500' } : { status: 'sent' });
    expect(await runAt(step, sender.sent, ['2027-03-12T07:00:00Z', '2027-03-12T07:05:00Z'])).toEqual([[p2d, '2027-03-12T07:05:00Z']]);
    app.clock.set('2027-03-12T09:00:00Z');
    importYaml(app, yaml('b'));
    const went = await runAt(step, sender.sent, ['2027-03-12T09:00:00Z', '2027-03-12T09:00:05Z', '2027-03-13T06:30:00Z']);
    expect(went).toEqual([]);
    expect(row(p3d).state).toBe('cancelled');
  });
});
