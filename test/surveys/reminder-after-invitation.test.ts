import { afterEach, describe, expect, it } from 'vitest';
import { FakeSender, testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { basic, define, people } from './helpers.ts';
import { claimedByDeadServer } from '../doubles/outbox.ts';

// A survey reminder never reaches a person before the invitation it reminds them of: when the
// invitation is held up (the platform failing, a server that died holding it), the reminder
// waits for it and comes its offset after the invitation went.

let app: TestApp;
afterEach(() => app.cleanup());

const MIN = 60_000;

/** Runs the survey scheduler and the worker every 5 minutes; returns what went, with the minute. */
async function run(worker: OutboxWorker, sender: FakeSender, start: number, minutes: number) {
  for (let m = 0; m <= minutes; m += 5) {
    app.clock.set(new Date(start + m * MIN).toISOString());
    surveyTick(app);
    await worker.drainOnce();
  }
  return sender.sent.map((s) => [s.item.kind, Math.round((Date.parse(outboxRows(app.db, { limit: 100 }).find((r) => r.id === s.item.id)!.sent_at!) - start) / MIN)]);
}

describe('a survey reminder', () => {
  it('waits for an invitation the platform keeps refusing, and comes its offset after it went', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const [email] = people(app, { Sales: 1 });
    const start = app.clock.now().getTime();
    // the platform answers 500 to the invitation for the first two hours
    const sender = withFakeSender(app, new FakeSender('test', (_n, item) =>
      item.kind === 'survey-invite' && app.clock.now().getTime() < start + 120 * MIN ? { status: 'retry', error: 'HTTP 500' } : { status: 'sent' }));
    const worker = new OutboxWorker(app, { backoffMs: 1000, maxBackoffMs: 10 * MIN });
    define(app, basic({ closes: 'P1D', reminders: ['PT1H'], audience: [email] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const went = await run(worker, sender, start, 240);
    expect(went.map(([kind]) => kind)).toEqual(['survey-invite', 'survey-reminder']);
    const [invite, reminder] = went.map(([, at]) => at as number);
    expect(invite).toBeGreaterThanOrEqual(120);
    expect(reminder! - invite!).toBeGreaterThanOrEqual(60);
  });

  it('waits for an invitation a stopped server still held', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const [email] = people(app, { Sales: 1 });
    const start = app.clock.now().getTime();
    const sender = withFakeSender(app);
    define(app, basic({ closes: 'P1D', reminders: ['PT10M'], audience: [email] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // a server claimed the invitation and died before sending it; its lease runs for a long time
    const invitation = outboxRows(app.db).find((r) => r.kind === 'survey-invite')!;
    claimedByDeadServer(app, invitation.idempotency_key, new Date(start + 60 * MIN).toISOString(), 'gone');
    const went = await run(worker(), sender, start, 120);
    expect(went.map(([kind]) => kind)).toEqual(['survey-invite', 'survey-reminder']);
    const [invite, reminder] = went.map(([, at]) => at as number);
    expect(invite).toBeGreaterThanOrEqual(60);
    expect(reminder! - invite!).toBeGreaterThanOrEqual(10);
  });
});

function worker() {
  return new OutboxWorker(app, { backoffMs: 1000 });
}
