import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSender, flat, testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { latestWave, skippedWaves, skippedWaveWords, surveyTick } from '../../src/surveys/scheduler.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import { answer, basic, count, define, people } from './helpers.ts';

let app: TestApp;
let emails: string[];
const DAY = 86_400_000;
beforeEach(() => {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
  emails = people(app, { Sales: 4, HR: 3 });
  app.people.upsertDepartment({ id: 'IT', nameDe: 'Informatik', nameEn: 'IT', keyAccountEmail: null, itChannelSlack: 'C0IT', itChannelTeams: null });
});
afterEach(() => app.cleanup());

const reminders = () => outboxRows(app.db, { kind: 'survey-reminder', limit: 1000 });

describe('reminders', () => {
  it('go only to those who have not answered, at each offset, never twice, never after the close', async () => {
    define(app, basic({ reminders: ['P2D', 'P5D'] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    await answer(app, 'hr-1@x.example', runId, 'overall', '2');
    surveyTick(app);
    expect(reminders()).toHaveLength(0); // not due yet
    app.clock.advance(2 * DAY + 1000);
    expect(surveyTick(app).reminders).toBe(5);
    surveyTick(app);
    surveyTick(app);
    const first = reminders();
    expect(first).toHaveLength(5);
    expect(first.map((r) => r.target).sort()).toEqual(emails.filter((e) => e !== 'sales-1@x.example' && e !== 'hr-1@x.example').sort());
    expect(first.map((r) => r.idempotency_key)).toContain('survey:pulse:r1:reminder:P2D:sales-2@x.example');
    expect(first.every((r) => r.expires_at === '2027-01-11T09:00:00.000Z')).toBe(true);
    const msg = JSON.parse(first.find((r) => r.target === 'sales-3@x.example')!.message) as OutMessage;
    expect(flat([msg])).toMatch(/Reminder: we have not heard from you yet/);
    // someone answers while their reminder waits: it is cancelled
    await answer(app, 'sales-2@x.example', runId, 'overall', '5');
    expect(outboxRows(app.db, { limit: 1000 }).find((r) => r.idempotency_key === 'survey:pulse:r1:reminder:P2D:sales-2@x.example')!.state).toBe('cancelled');
    app.clock.advance(3 * DAY);
    surveyTick(app);
    const second = reminders().filter((r) => r.idempotency_key.includes(':P5D:'));
    expect(second.map((r) => r.target).sort()).toEqual(['hr-2@x.example', 'hr-3@x.example', 'sales-3@x.example', 'sales-4@x.example']);
    // the close: queued reminders are cancelled, no new ones
    app.clock.advance(3 * DAY);
    expect(surveyTick(app).closed).toBe(1);
    expect(outboxRows(app.db, { limit: 1000 }).filter((r) => r.kind === 'survey-reminder' && r.state === 'queued')).toHaveLength(0);
    app.clock.advance(DAY);
    surveyTick(app);
    expect(reminders()).toHaveLength(9);
  });

  it('come in the language the directory gives the person when they are queued, also when it changed since the invitation', () => {
    define(app, basic({ reminders: ['P2D'] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // sales-2 speaks German at the invitation; then a people import makes them English
    app.people.upsert({ ...app.people.byEmail('sales-2@x.example')!, language: 'en' });
    app.clock.advance(2 * DAY + 1000);
    surveyTick(app);
    const msg = JSON.parse(reminders().find((r) => r.target === 'sales-2@x.example')!.message) as OutMessage;
    expect(msg.lang).toBe('en');
    expect(flat([msg])).toMatch(/^Pulse: Reminder: we have not heard from you yet/);
  });

  it('are not queued for people a people import has made inactive since the invitation (they are never messaged again)', () => {
    define(app, basic({ reminders: ['P2D'] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    app.people.deactivateAllBut(emails.filter((e) => e !== 'sales-2@x.example'));
    app.clock.advance(2 * DAY + 1000);
    expect(surveyTick(app).reminders).toBe(emails.length - 1);
    expect(reminders().map((r) => r.target)).not.toContain('sales-2@x.example');
  });

  it('a reminder whose offset is past the close is never sent, even after downtime', () => {
    define(app, basic({ closes: 'P3D', reminders: ['P2D'] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    app.clock.advance(4 * DAY); // the server was down over the reminder and the close
    const t = surveyTick(app);
    expect(t).toMatchObject({ reminders: 0, closed: 1 });
    expect(reminders()).toHaveLength(0);
  });
});

describe('reminders after an invitation held for working hours', () => {
  it('count from when each invitation went out, not from when the run opened', async () => {
    app.cleanup();
    app = testApp({ now: '2027-01-08T17:30:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00', ITBOT_TIMEZONE: 'Europe/Zurich' } }); // Friday 18:30
    people(app, { Sales: 3 });
    people(app, { Ops: 1 }, { tz: 'Asia/Tokyo' });
    define(app, basic({ closes: 'P14D', reminders: ['P3D'] }));
    withFakeSender(app);
    const worker = new OutboxWorker(app);
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'plan:ev:2027-01-08T17:30', scheduled: true });
    // the invitations wait for Monday 08:00, each in their zone (Tokyo: Sunday 23:00 UTC)
    app.clock.set('2027-01-10T23:00:01Z');
    await worker.drainOnce();
    app.clock.set('2027-01-11T07:00:01Z');
    await worker.drainOnce();
    expect(outboxRows(app.db, { kind: 'survey-invite', limit: 100 }).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    // the round comes three days after the run opened (Monday 18:30) ...
    app.clock.set('2027-01-11T17:30:01Z');
    expect(surveyTick(app).reminders).toBe(3);
    // ... but each reminder is due three days after that person's invitation went out
    const due = Object.fromEntries(reminders().map((r) => [r.target, r.due_at]));
    expect(due).toEqual({
      'sales-2@x.example': '2027-01-14T07:00:01.000Z',
      'sales-3@x.example': '2027-01-14T07:00:01.000Z',
      'ops-1@x.example': '2027-01-13T23:00:01.000Z',
    });
    // answering before it cancels it, as before
    await answer(app, 'sales-2@x.example', runId, 'overall', '5');
    app.clock.set('2027-01-14T07:00:02Z');
    await worker.drainOnce();
    expect(Object.fromEntries(reminders().map((r) => [r.target, r.state]))).toEqual({ 'sales-2@x.example': 'cancelled', 'sales-3@x.example': 'sent', 'ops-1@x.example': 'sent' });
  });
});

  it('a reminder waiting for working hours is cancelled by an answer also when the survey\'s reminders were changed meanwhile', async () => {
    app.cleanup();
    app = testApp({ now: '2027-01-06T16:00:00Z', env: { ITBOT_WORKING_HOURS: 'Mo-Fr 08:00-18:00', ITBOT_TIMEZONE: 'Europe/Zurich' } }); // Wednesday 17:00
    people(app, { Sales: 3 });
    define(app, basic({ closes: 'P14D', reminders: ['P3D'] }));
    const sender = withFakeSender(app);
    const worker = new OutboxWorker(app);
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await worker.drainOnce();
    // Saturday: the P3D round is queued, to wait for Monday 08:00
    app.clock.set('2027-01-09T16:00:01Z');
    expect(surveyTick(app).reminders).toBe(3);
    // nobody has answered yet, so the operator may still change the reminders
    define(app, basic({ closes: 'P14D', reminders: ['P4D', 'P8D'] }));
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    app.clock.set('2027-01-11T07:00:01Z');
    await worker.drainOnce();
    expect(sender.to('sales-1@x.example').map((s) => s.item.kind)).toEqual(['survey-invite']);
    expect(sender.to('sales-2@x.example').map((s) => s.item.kind)).toEqual(['survey-invite', 'survey-reminder']);
  });

describe('closing and the result card', () => {
  it('closes at the close time and posts a summary with chart images to the IT channel', async () => {
    const slack = withFakeSender(app, new FakeSender('slack'));
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 4)) await answer(app, e, runId, 'overall', '4');
    app.clock.advance(7 * DAY);
    expect(surveyTick(app).closed).toBe(1);
    expect(surveyTick(app).closed).toBe(0);
    expect(new SurveyRepo(app.db).run(runId)!.closed_at).not.toBeNull();
    const cards = outboxRows(app.db, { kind: 'survey-summary', limit: 10 });
    expect(cards.map((c) => [c.target, c.platform]).sort()).toEqual([['C0IT', 'slack'], ['IT', 'web']]);
    const card = JSON.parse(cards[0]!.message) as OutMessage;
    expect(flat([card])).toMatch(/Survey result: Pulse/);
    expect(flat([card])).toMatch(/Responses: 4 \/ 7/);
    expect(flat([card])).toMatch(/Average "Satisfied\?": 4\.00/);
    const img = card.blocks!.find((b) => b.type === 'image');
    // (signed also without an admin token: with the database's own secret)
    expect(img && img.type === 'image' && img.url).toMatch(new RegExp(`^/charts/survey/pulse/dist-${runId}-overall\\.png\\?lang=en&exp=\\d+&sig=[0-9a-f]{32}$`));
    // delivered through the outbox into the web chat's IT channel
    await new OutboxWorker(app).drainOnce();
    expect(count(app, "SELECT count(*) AS n FROM web_inbox WHERE recipient = 'channel:IT'")).toBe(1);
    const posted = slack.sent.find((s) => s.target.kind === 'channel');
    expect(posted && posted.target.kind === 'channel' && posted.target.channelId).toBe('C0IT');
    // answers after the close are refused
    expect(flat(await answer(app, 'hr-3@x.example', runId, 'overall', '1'))).toMatch(/already closed/);
  });

  it('a close whose result card could not be queued (the process died, the write failed) is made again with its card, not left closed without one', async () => {
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 4)) await answer(app, e, runId, 'overall', '4');
    app.clock.advance(7 * DAY);
    app.db.exec(`CREATE TEMP TRIGGER no_card BEFORE INSERT ON outbox WHEN new.kind = 'survey-summary' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    expect(surveyTick(app).closed).toBe(0);
    expect(new SurveyRepo(app.db).run(runId)!.closed_at).toBeNull();
    app.db.exec('DROP TRIGGER no_card');
    expect(surveyTick(app).closed).toBe(1);
    expect(outboxRows(app.db, { kind: 'survey-summary', limit: 10 }).map((c) => c.target).sort()).toEqual(['IT']);
  });

  it('the card speaks the languages of the IT people who read it: both, with the charts once, when they speak both', async () => {
    define(app, basic({ minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 4)) await answer(app, e, runId, 'overall', '4');
    people(app, { IT: 2 }); // it-1 reads English, it-2 German
    app.clock.advance(7 * DAY);
    surveyTick(app);
    const card = JSON.parse(outboxRows(app.db, { kind: 'survey-summary', limit: 10 })[0]!.message) as OutMessage;
    expect(flat([card])).toMatch(/Survey result: Pulse[\s\S]*Umfrageergebnis: Puls/);
    expect(flat([card])).toMatch(/Durchschnitt «Zufrieden\?»: 4\.00/);
    expect(card.blocks!.filter((b) => b.type === 'image')).toHaveLength(1);
    expect(card.blocks!.some((b) => b.type === 'divider')).toBe(true);
  });

  it('the card withholds figures when fewer than minGroupSize answered', async () => {
    define(app, basic({ minGroupSize: 5 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, emails[0]!, runId, 'overall', '1');
    app.clock.advance(8 * DAY);
    surveyTick(app);
    const card = JSON.parse(outboxRows(app.db, { kind: 'survey-summary', limit: 10 })[0]!.message) as OutMessage;
    expect(flat([card])).toMatch(/Fewer than 5 responses: to protect the participants no result is shown/);
    expect(card.blocks!.some((b) => b.type === 'image')).toBe(false);
    expect(flat([card])).not.toMatch(/Average/);
  });
});

describe('recurring pulses', () => {
  it('starts each wave once with runKey wave:DATE, waiting for working hours, and skips missed waves', () => {
    define(app, basic({ rrule: 'FREQ=MONTHLY;INTERVAL=3', start: '2027-01-11T09:00', closes: 'P14D', reminders: ['P5D'] }));
    app.clock.set('2027-01-11T07:59:00Z'); // 08:59 in Zurich: not yet
    expect(surveyTick(app).waves).toBe(0);
    app.clock.set('2027-01-11T08:00:00Z');
    expect(surveyTick(app).waves).toBe(1);
    expect(surveyTick(app).waves).toBe(0);
    const runs = new SurveyRepo(app.db).runs('pulse');
    expect(runs.map((r) => r.run_key)).toEqual(['wave:2027-01-11']);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(7);
    // the July wave (DST: 09:00 local is 07:00 UTC) while the April one was missed entirely
    app.clock.set('2027-07-11T07:00:00Z');
    expect(surveyTick(app).waves).toBe(1);
    expect(new SurveyRepo(app.db).runs('pulse').map((r) => r.run_key)).toEqual(['wave:2027-01-11', 'wave:2027-07-11']);
    const def = new SurveyRepo(app.db).get('pulse')!.def;
    expect(latestWave(def, new Date('2027-07-11T07:00:00Z'), 'Europe/Zurich')!.at.toISOString()).toBe('2027-07-11T07:00:00.000Z');
  });
});

describe('a wave opened late (the server was down when it was due)', () => {
  it('closes when it was due to close, not its close duration after it opened, so it never runs into the next wave', () => {
    define(app, basic({ rrule: 'FREQ=WEEKLY', start: '2027-01-11T09:00', closes: 'P7D', reminders: [] }));
    app.clock.set('2027-01-13T08:00:00Z'); // two days late
    expect(surveyTick(app).waves).toBe(1);
    expect(new SurveyRepo(app.db).runByKey('pulse', 'wave:2027-01-11')!.closes_at).toBe('2027-01-18T08:00:00.000Z');
    app.clock.set('2027-01-18T08:00:00Z');
    expect(surveyTick(app)).toMatchObject({ waves: 1, closed: 1 });
    const runs = new SurveyRepo(app.db).runs('pulse');
    expect(runs.filter((r) => !r.closed_at).map((r) => r.run_key)).toEqual(['wave:2027-01-18']);
  });
});

describe('a send shortly before a recurring wave', () => {
  it('skips the wave while the send is open, never opens it later, says so, and opens the next wave as usual', async () => {
    define(app, basic({ rrule: 'FREQ=MONTHLY;INTERVAL=3', start: '2027-01-11T09:00', closes: 'P14D', reminders: ['P5D'] }));
    app.clock.set('2027-04-07T08:00:00Z');
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'send:2027-04-07', scheduled: false });
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    const invites = () => outboxRows(app.db, { kind: 'survey-invite', limit: 1000 }).map((r) => r.target);
    expect(invites()).toHaveLength(7);
    const warn = vi.spyOn(app.log, 'warn');
    // the April wave is due while the send is open: nobody is invited a second time
    for (const at of ['2027-04-11T07:00:00Z', '2027-04-11T07:00:05Z', '2027-04-22T07:00:00Z']) {
      app.clock.set(at);
      expect(surveyTick(app).waves).toBe(0);
    }
    expect(new SurveyRepo(app.db).runs('pulse').map((r) => r.run_key)).toEqual(['send:2027-04-07']);
    expect(invites()).toHaveLength(7);
    expect(warn.mock.calls.filter((c) => /wave skipped/.test(String(c[1])))).toHaveLength(1);
    const def = new SurveyRepo(app.db).get('pulse')!.def;
    const skipped = skippedWaves(def, new SurveyRepo(app.db).runs('pulse'), app.clock.now(), 'Europe/Zurich');
    expect(skipped).toEqual([{ runKey: 'wave:2027-04-11', at: '2027-04-11T07:00:00.000Z', heldBy: 'send:2027-04-07' }]);
    expect(skippedWaveWords(def, skipped[0]!, 'en')).toBe('Wave of 11 April 2027 skipped: run send:2027-04-07 was still open (nobody is invited twice)');
    expect(skippedWaveWords(def, skipped[0]!, 'de')).toBe('Welle vom 11. April 2027 ausgelassen: der Durchgang send:2027-04-07 war noch offen (niemand wird zweimal eingeladen)');
    // the July wave opens as usual
    app.clock.set('2027-07-11T07:00:00Z');
    expect(surveyTick(app).waves).toBe(1);
    expect(invites()).toHaveLength(14);
  });

  it('opens the wave when the send closed before it was due', () => {
    define(app, basic({ rrule: 'FREQ=MONTHLY;INTERVAL=3', start: '2027-01-11T09:00', closes: 'P3D', reminders: [] }));
    app.clock.set('2027-04-07T08:00:00Z');
    startSurveyRun(app, 'pulse', { runKey: 'send:2027-04-07', scheduled: false });
    app.clock.set('2027-04-11T07:00:00Z');
    expect(surveyTick(app).waves).toBe(1);
    expect(skippedWaves(new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).runs('pulse'), app.clock.now(), 'Europe/Zurich')).toEqual([]);
  });
});
