import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { claimedByDeadServer } from '../doubles/outbox.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';
import { addSender, createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { enqueue, outboxCounts, outboxRows, claimDue, retryDead } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { parseWorkingHours } from '../../src/jobs/working-hours.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { SlackSender } from '../../adapters/slack/sender.ts';
import { SlackUsers } from '../../adapters/slack/users.ts';
import { outboxClient } from '../../adapters/slack/client.ts';
import type { App } from '../../src/app-types.ts';

let app: TestApp;
const closeLater: App[] = [];
let fake: FakeSlack | null = null;
beforeEach(async () => {
  app = testApp({ now: '2027-01-04T09:00:00Z', features: [coreFeature, peopleFeature] });
  await peopleFeature.demo!(app);
});
afterEach(async () => {
  for (const a of closeLater.splice(0)) a.db.close();
  await fake?.stop();
  fake = null;
  app.cleanup();
});

const TO = 'marco.keller@alpenfirn.example'; // Europe/Zurich
const msg = (text: string) => ({ text });
const HOUR = 3600_000;

function queue(n: number, extra: { expiresAt?: Date } = {}): void {
  for (let i = 0; i < n; i++) enqueue(app.db, app.clock.now(), { key: `m${i}`, kind: 'test', target: { kind: 'person', email: TO }, message: msg(`m${i}`), ...extra });
}

/** How often each key reached a sender. */
function deliveries(...senders: FakeSender[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of senders) for (const x of s.sent) n.set(x.item.idempotencyKey, (n.get(x.item.idempotencyKey) ?? 0) + 1);
  return n;
}

describe('outbox: rate limits are waited out, never given up', () => {
  it('a long 429 storm: every message sent exactly once, none dead, no attempt charged for the 429s', async () => {
    queue(20);
    const stormUntil = app.clock.now().getTime() + 120_000; // two minutes of 429 + Retry-After 2 s
    const sender = withFakeSender(app, new FakeSender('test', () =>
      app.clock.now().getTime() < stormUntil ? { status: 'retry', error: 'rate limited (Retry-After 2s)', retryAfterMs: 2000, rateLimited: true } : { status: 'sent' }));
    const w = new OutboxWorker(app);
    for (let i = 0; i < 80 && outboxCounts(app.db).sent < 20; i++) {
      await w.drainOnce();
      expect(outboxCounts(app.db).dead).toBe(0);
      app.clock.advance(2000);
    }
    expect(sender.calls).toBeGreaterThan(20 * 50); // each message was refused far more than 10 times
    expect([...deliveries(sender).values()]).toEqual(Array(20).fill(1));
    expect(outboxCounts(app.db)).toMatchObject({ sent: 20, dead: 0, retry: 0 });
    expect(outboxRows(app.db).map((r) => r.attempts)).toEqual(Array(20).fill(1));
  });

  it('Slack answering 429 for longer than ten rounds: the held-back rows are not charged, all go once when Slack recovers', async () => {
    fake = await startFakeSlack();
    const slackApp = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl } });
    fake.clock = () => slackApp.clock.now().getTime();
    try {
      addSender(slackApp, new SlackSender(slackApp, outboxClient(slackApp), new SlackUsers(slackApp), { perChannelMs: 0 }));
      for (let i = 0; i < 20; i++) {
        enqueue(slackApp.db, slackApp.clock.now(), { key: `inv${i}`, kind: 'test', target: { kind: 'channel', platform: 'slack', channelId: `C${i}` }, message: msg(`inv${i}`) });
      }
      fake.fail('chat.postMessage', { status: 429, retryAfter: 2 }, 25);
      const w = new OutboxWorker(slackApp);
      for (let i = 0; i < 60 && outboxCounts(slackApp.db).sent < 20; i++) {
        await w.drainOnce();
        slackApp.clock.advance(2000);
      }
      expect(fake.callsOf('chat.postMessage').length).toBe(25 + 20); // one call per Retry-After while limited, then each once
      expect(fake.messages.map((m) => m.channel).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `C${i}`).sort());
      expect(outboxCounts(slackApp.db)).toMatchObject({ sent: 20, dead: 0 });
    } finally {
      slackApp.cleanup();
    }
  });
});

describe('outbox: transient failures give up by time, not by a small count', () => {
  it('a 5xx outage of three hours: the message is retried with capped backoff and sent once afterwards', async () => {
    queue(1);
    const outageUntil = app.clock.now().getTime() + 3 * HOUR;
    const sender = withFakeSender(app, new FakeSender('test', () => (app.clock.now().getTime() < outageUntil ? { status: 'retry', error: 'HTTP 500' } : { status: 'sent' })));
    const w = new OutboxWorker(app, { backoffMs: 5000, maxBackoffMs: 15 * 60_000 });
    for (let i = 0; i < 400 && sender.sent.length === 0; i++) {
      await w.drainOnce();
      const r = outboxRows(app.db)[0]!;
      expect(r.state).not.toBe('dead');
      if (r.state === 'retry') expect(Date.parse(r.next_attempt_at) - app.clock.now().getTime()).toBeLessThanOrEqual(15 * 60_000 * 1.2);
      app.clock.advance(60_000);
    }
    expect(sender.sent).toHaveLength(1);
    expect(sender.calls).toBeGreaterThan(10);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'sent' });
  });

  it('without an expiry: dead a day after the failures began, with the reason; an admin retry gets a fresh day', async () => {
    queue(1);
    const sender = withFakeSender(app, new FakeSender('test', () => ({ status: 'retry', error: 'HTTP 503' })));
    const w = new OutboxWorker(app, { backoffMs: 1000, maxBackoffMs: 30 * 60_000, giveUpAfterMs: 24 * HOUR });
    const start = app.clock.now().getTime();
    while (outboxRows(app.db)[0]!.state !== 'dead' && app.clock.now().getTime() - start < 30 * HOUR) {
      await w.drainOnce();
      app.clock.advance(5 * 60_000);
    }
    const row = outboxRows(app.db)[0]!;
    expect(row.state).toBe('dead');
    expect(app.clock.now().getTime() - start).toBeGreaterThanOrEqual(24 * HOUR);
    expect(app.clock.now().getTime() - start).toBeLessThan(25 * HOUR);
    expect(row.last_error).toMatch(/^gave up after \d+ attempts over 24 h: HTTP 503$/);
    expect(row.attempts).toBeGreaterThan(10);
    const calls = sender.calls;
    expect(retryDead(app.db, row.id, app.clock.now())).toBe(true);
    await w.drainOnce();
    expect(sender.calls).toBe(calls + 1);
    expect(outboxRows(app.db)[0]!.state).toBe('retry'); // not dead again at once
  });

  it('with an expiry: retried until then and recorded as expired, never dead', async () => {
    queue(1, { expiresAt: new Date('2027-01-07T09:00:00Z') }); // three days
    withFakeSender(app, new FakeSender('test', () => ({ status: 'retry', error: 'HTTP 502' })));
    const w = new OutboxWorker(app, { backoffMs: 1000, maxBackoffMs: 30 * 60_000, giveUpAfterMs: 24 * HOUR });
    for (let i = 0; i < 4 * 24 * 2 && outboxRows(app.db)[0]!.state !== 'expired'; i++) {
      await w.drainOnce();
      expect(outboxRows(app.db)[0]!.state).not.toBe('dead');
      app.clock.advance(30 * 60_000);
    }
    expect(outboxRows(app.db)[0]!.state).toBe('expired');
    expect(app.clock.now().getTime()).toBeGreaterThan(Date.parse('2027-01-07T09:00:00Z'));
  });

  it('the bot\'s own credentials refused: given up after the maximum attempts', async () => {
    queue(1);
    const sender = withFakeSender(app, new FakeSender('test', () => ({ status: 'retry', error: 'slack: invalid_auth', config: true })));
    const w = new OutboxWorker(app, { maxAttempts: 4, backoffMs: 1000, maxBackoffMs: 4000 });
    for (let i = 0; i < 10; i++) {
      await w.drainOnce();
      app.clock.advance(5000);
    }
    expect(sender.calls).toBe(4);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'dead', last_error: 'gave up after 4 attempts: slack: invalid_auth' });
  });
});

describe('outbox: two servers and a batch that outlasts its lease', () => {
  it('each message is posted exactly once when every post takes longer than the lease allows for the batch', async () => {
    queue(20);
    const second = createApp({ config: app.config, db: openDb(app.file), clock: app.clock, features: app.features });
    closeLater.push(second);
    const w1 = new OutboxWorker(app, { leaseMs: 120_000 });
    const w2 = new OutboxWorker(second, { leaseMs: 120_000 });
    // each post takes 40 s (a slow platform); the batch of 20 takes 800 s, the lease is 120 s
    const slow = (n: number) => {
      app.clock.advance(40_000);
      return n;
    };
    const s2 = withFakeSender(second, new FakeSender('test', () => {
      slow(0);
      return { status: 'sent' };
    }));
    const s1 = withFakeSender(app, new FakeSender('test', async (n) => {
      slow(n);
      // while the first server is busy with its fifth post, the second one looks at the outbox
      if (n === 4) await w2.drainOnce();
      return { status: 'sent' };
    }));
    await w1.drainOnce();
    await w2.drainOnce();
    await w1.drainOnce();
    const n = deliveries(s1, s2);
    expect(n.size).toBe(20);
    expect([...n.entries()].filter(([, k]) => k !== 1)).toEqual([]);
    expect(s2.sent.length).toBeGreaterThan(0); // the second server did take over the rows whose lease had run out
    expect(outboxCounts(app.db)).toMatchObject({ sent: 20, sending: 0 });
  });
});

describe('outbox: working hours are kept when a message is sent late', () => {
  beforeEach(() => {
    app.config.workingHours = parseWorkingHours('Mo-Fr 08:00-18:00');
  });
  const hours = () => ({ hours: app.config.workingHours, person: app.people.byEmail(TO), defaultTimeZone: 'Europe/Zurich' });

  it('a reminder due inside the window but sent after it closed (a downtime) waits for the next window', async () => {
    // due Monday 17:30 Zurich (inside), its event is Tuesday 10:00 Zurich
    enqueue(app.db, app.clock.now(), {
      key: 'late', kind: 'plan-reminder', target: { kind: 'person', email: TO }, message: msg('late'),
      dueAt: new Date('2027-01-04T16:30:00Z'), expiresAt: new Date('2027-01-05T09:00:00Z'), workingHours: hours(),
    });
    expect(outboxRows(app.db)[0]!.next_attempt_at).toBe('2027-01-04T16:30:00.000Z');
    const sender = withFakeSender(app);
    const w = new OutboxWorker(app);
    app.clock.set('2027-01-04T19:00:00Z'); // the server is back at 20:00 Zurich
    await w.drainOnce();
    expect(sender.sent).toHaveLength(0);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'queued', attempts: 0, next_attempt_at: '2027-01-05T07:00:00.000Z' });
    app.clock.set('2027-01-05T06:59:00Z');
    await w.drainOnce();
    expect(sender.sent).toHaveLength(0);
    app.clock.set('2027-01-05T07:00:00Z'); // Tuesday 08:00 Zurich
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
    expect(outboxRows(app.db)[0]!.state).toBe('sent');
  });

  it('is recorded as missed, never sent outside the hours, when the next window opens only after its expiry (its event)', async () => {
    enqueue(app.db, app.clock.now(), {
      key: 'tonight', kind: 'plan-reminder', target: { kind: 'person', email: TO }, message: msg('tonight'),
      dueAt: new Date('2027-01-04T16:30:00Z'), expiresAt: new Date('2027-01-04T20:00:00Z'), workingHours: hours(),
    });
    const sender = withFakeSender(app);
    app.clock.set('2027-01-04T19:00:00Z'); // Monday 20:00 Zurich, the event at 21:00
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(0);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'expired', attempts: 0 });
    expect(outboxRows(app.db)[0]!.last_error).toBe(
      "not sent: outside the recipient's working hours, and the next window (2027-01-05T07:00:00.000Z) opens after it expires (2027-01-04T20:00:00.000Z)",
    );
  });

  it('a scheduled survey invitation sent late after hours is not sent at night when the survey closes before the next window', async () => {
    enqueue(app.db, app.clock.now(), {
      key: 'invite', kind: 'survey-invite', target: { kind: 'person', email: TO }, message: msg('invite'),
      dueAt: new Date('2027-01-04T16:30:00Z'), expiresAt: new Date('2027-01-05T06:00:00Z'), workingHours: hours(),
    });
    const sender = withFakeSender(app);
    app.clock.set('2027-01-04T22:00:00Z');
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(0);
    expect(outboxRows(app.db)[0]!.state).toBe('expired');
  });

  it('is recorded as missed, never sent outside the hours, when the next window opens only at its expiry (an event at 08:00)', async () => {
    enqueue(app.db, app.clock.now(), {
      key: 'monday-8', kind: 'plan-reminder', target: { kind: 'person', email: TO }, message: msg('monday-8'),
      dueAt: new Date('2027-01-04T16:30:00Z'), expiresAt: new Date('2027-01-05T07:00:00Z'), workingHours: hours(),
    });
    const sender = withFakeSender(app);
    app.clock.set('2027-01-04T19:00:00Z'); // back at 20:00 Zurich; the window opens Tuesday 08:00, the event's start
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(0);
    app.clock.set('2027-01-05T07:00:01Z');
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(0);
    expect((app.db.prepare('SELECT state FROM outbox WHERE idempotency_key = ?').get('monday-8') as { state: string }).state).toBe('expired');
  });

  it('a retry whose backoff ends outside the window waits for the next window too', async () => {
    enqueue(app.db, app.clock.now(), { key: 'r', kind: 'survey-reminder', target: { kind: 'person', email: TO }, message: msg('r'), dueAt: new Date('2027-01-04T16:59:00Z'), workingHours: hours() });
    let tries = 0;
    const sender = withFakeSender(app, new FakeSender('test', () => (tries++ === 0 ? { status: 'retry', error: 'HTTP 500' } : { status: 'sent' })));
    const w = new OutboxWorker(app, { backoffMs: 5 * 60_000 });
    app.clock.set('2027-01-04T16:59:00Z'); // 17:59 Zurich: fails, backoff ends after 18:00
    await w.drainOnce();
    expect(tries).toBe(1);
    app.clock.set('2027-01-04T17:10:00Z');
    await w.drainOnce();
    expect(tries).toBe(1);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'retry', next_attempt_at: '2027-01-05T07:00:00.000Z', last_error: 'HTTP 500' });
    app.clock.set('2027-01-05T07:00:00Z');
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
  });

  it('a message without working hours (an explicit survey send) is not held', async () => {
    enqueue(app.db, app.clock.now(), { key: 'now', kind: 'survey-invite', target: { kind: 'person', email: TO }, message: msg('now') });
    const sender = withFakeSender(app);
    app.clock.set('2027-01-04T21:00:00Z');
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(1);
  });
});

describe('outbox status', () => {
  it('lists the messages in flight with the server holding them and until when', async () => {
    queue(2);
    expect(claimDue(app.db, app.clock.now(), 'w-4242-crashed', 120_000, 1)).toHaveLength(1);
    app.db.close();
    const j = await cli(['outbox', 'status', '--json', '--db', app.file]);
    expect(j.code).toBe(0);
    const s = JSON.parse(j.out);
    expect(s).toMatchObject({ queued: 1, sending: 1 });
    // (`retry` is the state, `retrying` the contract's word for it: both are there)
    expect([s.retry, s.retrying]).toEqual([0, 0]);
    expect(s.sendingMessages).toEqual([expect.objectContaining({ key: 'm0', target: TO, leaseOwner: 'w-4242-crashed', leaseUntil: '2027-01-04T09:02:00.000Z' })]);
    const t = await cli(['outbox', 'status', '--db', app.file]);
    expect(t.out).toContain('sending #1 test to marco.keller@alpenfirn.example: held by w-4242-crashed until 2027-01-04T09:02:00.000Z');
    // (its lease has not run out: the server holding it may well be sending it)
    expect(t.out).not.toContain('ran out');
    expect(s.sendingMessages[0].leaseRanOut).toBe(false);
  });

  it('says of a message whose server stopped while it held it that no server is sending it now', async () => {
    queue(1);
    // (the command line reads the real clock: a lease that ran out ten minutes ago)
    claimedByDeadServer(app, 'm0', new Date(Date.now() - 10 * 60_000).toISOString(), 'w-4242-crashed');
    app.db.close();
    const s = JSON.parse((await cli(['outbox', 'status', '--json', '--db', app.file])).out);
    expect(s.sendingMessages).toEqual([expect.objectContaining({ key: 'm0', leaseOwner: 'w-4242-crashed', leaseRanOut: true })]);
    const t = await cli(['outbox', 'status', '--db', app.file]);
    expect(t.out).toMatch(/sending #1 test to marco\.keller@alpenfirn\.example: held by w-4242-crashed until \S+ \(ran out: that server has stopped; the next server running on this database sends it\)/);
  });
});
