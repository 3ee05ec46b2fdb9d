import { afterEach, describe, expect, it } from 'vitest';
import { click, FakeSender, testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { claimedByDeadServer } from '../doubles/outbox.ts';
import type { SendOutcome } from '../../src/jobs/sender.ts';
import { importYaml, machinery, rows, withPeople } from '../plan/helpers.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { answer, basic, define, people } from '../surveys/helpers.ts';

// What is withdrawn (an occurrence skipped, a survey answered) is withdrawn also when a server
// had already taken it to send it: one held by a server that died is not sent once its lease
// runs out, and one whose platform call fails meanwhile is not tried again.

let app: TestApp;
afterEach(() => app?.cleanup());

const MARCO = 'marco.keller@alpenfirn.example';
const PLAN = `timezone: Europe/Zurich
events:
  - {id: review, title: Review, kind: other, start: 2027-03-16T10:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P1D]}
`;
const KEY = `plan:review:2027-03-16T10:00:reminder:P1D:to:${MARCO}`;
const skip = () => app.bot.handle({ ...click('plan.skip.submit', 'review|2027-03-16T10:00', MARCO), action: { id: 'plan.skip.submit', value: 'review|2027-03-16T10:00', values: { reason: 'nobody there' } } });

describe('a reminder a server has taken to send when the occurrence is skipped', () => {
  it('is not sent when the server that held it died', async () => {
    app = testApp({ now: '2027-03-15T08:00:00Z' });
    withPeople(app);
    importYaml(app, PLAN);
    const sender = withFakeSender(app);
    const { scheduler, worker } = machinery(app);
    await scheduler.tick();
    // claimed by a server that died before calling the platform; its lease runs for two minutes
    claimedByDeadServer(app, KEY, '2027-03-15T09:02:00.000Z');
    app.clock.set('2027-03-15T09:00:00Z');
    await skip();
    app.clock.set('2027-03-15T09:05:00Z');
    await worker.drainOnce();
    expect(sender.sent).toEqual([]);
    expect([rows(app, 'idempotency_key = ?', KEY)[0]!.state, rows(app, 'idempotency_key = ?', KEY)[0]!.last_error]).toEqual(['cancelled', 'the occurrence was skipped']);
  });

  it('is not tried again when the platform call in flight fails', async () => {
    app = testApp({ now: '2027-03-15T08:00:00Z' });
    withPeople(app);
    importYaml(app, PLAN);
    let answer: (o: SendOutcome) => void = () => undefined;
    let called: () => void = () => undefined;
    const calledP = new Promise<void>((r) => (called = r));
    // the first call waits until the test answers it; any later one is sent at once
    const sender = withFakeSender(app, new FakeSender('test', (n) => {
      if (n > 0) return { status: 'sent' };
      called();
      return new Promise<SendOutcome>((r) => (answer = r));
    }));
    const { scheduler, worker } = machinery(app);
    await scheduler.tick();
    app.clock.set('2027-03-15T09:00:00Z');
    const drain = worker.drainOnce();
    await calledP;
    await skip();
    answer({ status: 'retry', error: 'HTTP 503' });
    await drain;
    app.clock.set('2027-03-15T09:30:00Z');
    await worker.drainOnce();
    expect(sender.calls).toBe(1);
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.state).toBe('cancelled');
  });
});

describe('a survey reminder a server has taken to send when the person answers', () => {
  it('is not sent when the server that held it died', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const [email] = people(app, { Sales: 1 });
    const sender = withFakeSender(app);
    const worker = new OutboxWorker(app, { backoffMs: 1000 });
    define(app, basic({ reminders: ['P2D'], audience: [email] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await worker.drainOnce();
    app.clock.set('2027-01-06T09:00:01Z');
    surveyTick(app);
    const key = `survey:pulse:r1:reminder:P2D:${email}`;
    claimedByDeadServer(app, key, '2027-01-06T09:02:01.000Z');
    await answer(app, email!, runId, 'overall', '4');
    app.clock.set('2027-01-06T09:05:00Z');
    await worker.drainOnce();
    expect(sender.sent.map((s) => s.item.kind)).toEqual(['survey-invite']);
    expect(rows(app, 'idempotency_key = ?', key)[0]!.state).toBe('cancelled');
  });
});
