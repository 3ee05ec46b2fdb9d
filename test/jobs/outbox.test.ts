import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { enqueue, outboxCounts, outboxRows, claimDue, beginAttempt, retryDead, cancelByPrefix } from '../../src/jobs/outbox.ts';
import { OutboxWorker, LEASE_EXPIRED } from '../../src/jobs/outbox-worker.ts';
import { parseWorkingHours } from '../../src/jobs/working-hours.ts';
import type { SendOutcome } from '../../src/jobs/sender.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';

let app: TestApp;
beforeEach(async () => {
  app = testApp({ now: '2027-01-04T09:00:00Z', features: [coreFeature, peopleFeature] });
  await peopleFeature.demo!(app);
});
afterEach(() => app.cleanup());

const TO = 'marco.keller@alpenfirn.example';
const msg = (text: string) => ({ text });

describe('outbox', () => {
  it('queues a key once, whoever queues it', () => {
    expect(enqueue(app.db, app.clock.now(), { key: 'k1', kind: 'test', target: { kind: 'person', email: TO }, message: msg('a') }).created).toBe(true);
    expect(enqueue(app.db, app.clock.now(), { key: 'k1', kind: 'test', target: { kind: 'person', email: TO }, message: msg('b') }).created).toBe(false);
    expect(outboxCounts(app.db).queued).toBe(1);
  });

  it('sends due messages and leaves future ones', async () => {
    const sender = withFakeSender(app);
    enqueue(app.db, app.clock.now(), { key: 'now', kind: 'test', target: { kind: 'person', email: TO }, message: msg('now') });
    enqueue(app.db, app.clock.now(), { key: 'later', kind: 'test', target: { kind: 'person', email: TO }, message: msg('later'), dueAt: new Date('2027-01-04T10:00:00Z') });
    const w = new OutboxWorker(app);
    await w.drainOnce();
    expect(sender.sent.map((s) => s.message.text)).toEqual(['now']);
    app.clock.set('2027-01-04T10:00:01Z');
    await w.drainOnce();
    expect(sender.sent.map((s) => s.message.text)).toEqual(['now', 'later']);
    expect(outboxCounts(app.db).sent).toBe(2);
  });

  it('honours Retry-After on 429 and then delivers once', async () => {
    const sender = withFakeSender(app, new FakeSender('test', (n) => (n === 0 ? { status: 'retry', error: 'ratelimited', retryAfterMs: 30_000 } : { status: 'sent' })));
    enqueue(app.db, app.clock.now(), { key: 'r', kind: 'test', target: { kind: 'person', email: TO }, message: msg('r') });
    const w = new OutboxWorker(app);
    await w.drainOnce();
    expect(sender.sent).toHaveLength(0);
    const row = outboxRows(app.db)[0]!;
    expect(row.state).toBe('retry');
    expect(row.next_attempt_at).toBe('2027-01-04T09:00:30.000Z');
    app.clock.advance(29_000);
    await w.drainOnce();
    expect(sender.calls).toBe(1);
    app.clock.advance(1_001);
    await w.drainOnce();
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
    expect(outboxRows(app.db)[0]!.state).toBe('sent');
  });

  it.each([
    ['of years', 1e12 * 1000],
    ['past the last date there is', 1e14 * 1000],
  ])('waits out a Retry-After %s for an hour at most, then sends once', async (_, retryAfterMs) => {
    const sender = withFakeSender(app, new FakeSender('test', (n) => (n === 0 ? { status: 'retry', error: 'ratelimited', retryAfterMs, rateLimited: true } : { status: 'sent' })));
    enqueue(app.db, app.clock.now(), { key: 'r', kind: 'test', target: { kind: 'person', email: TO }, message: msg('r') });
    const w = new OutboxWorker(app);
    await w.drainOnce();
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'retry', next_attempt_at: '2027-01-04T10:00:00.000Z', attempts: 0 });
    // not due again before then: the platform is not asked a second time
    app.clock.advance(59 * 60_000);
    await w.drainOnce();
    expect(sender.calls).toBe(1);
    app.clock.advance(60_000);
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
    expect(outboxRows(app.db)[0]!.state).toBe('sent');
  });

  it('a message whose outcome cannot be recorded (the database refuses the write) does not end the batch early: the rest is sent once, never by two drains of one worker', async () => {
    const OTHER = 'anna.schmid@alpenfirn.example';
    enqueue(app.db, app.clock.now(), { key: 'a1', kind: 'test', target: { kind: 'person', email: TO }, message: msg('a1') });
    for (const k of ['b1', 'b2']) enqueue(app.db, app.clock.now(), { key: k, kind: 'test', target: { kind: 'person', email: OTHER }, message: msg(k) });
    // recording a1 as sent fails (as a write can, on a database busy past its timeout)
    app.db.exec(`CREATE TEMP TRIGGER refuse_a1 BEFORE UPDATE OF state ON outbox WHEN new.state = 'sent' AND old.idempotency_key = 'a1'
      BEGIN SELECT RAISE(ABORT, 'database is locked'); END`);
    // the platform is slow for the other person: each call waits until the test lets it go
    const pending: Array<() => void> = [];
    const calls: string[] = [];
    const sender = withFakeSender(app, new FakeSender('test', (_, item) => {
      calls.push(item.idempotencyKey);
      return item.idempotencyKey === 'a1' ? { status: 'sent' } : new Promise<SendOutcome>((r) => pending.push(() => r({ status: 'sent' })));
    }));
    const w = new OutboxWorker(app);
    const first = w.drainOnce().catch((e: Error) => e);
    await vi.waitFor(() => expect(calls).toEqual(expect.arrayContaining(['a1', 'b1'])));
    // (the refused write of a1 has come back to the worker)
    await new Promise((r) => setImmediate(r));
    // the worker's next tick, after the short claim of b2 ran out
    app.clock.advance(11_000);
    const next = w.drainOnce().catch((e: Error) => e);
    // b1 goes through: its lane goes on with b2
    pending.shift()!();
    await vi.waitFor(() => expect(sender.sent.map((s) => s.item.idempotencyKey)).toContain('b1'));
    await new Promise((r) => setImmediate(r));
    pending.splice(0).forEach((go) => go());
    await Promise.all([first, next]);
    expect(calls.filter((k) => k === 'b2')).toHaveLength(1);
    expect(sender.sent.map((s) => s.item.idempotencyKey).filter((k) => k !== 'a1').sort()).toEqual(['b1', 'b2']);
  });

  it('tells the sender when the platform was first called for a message, across retries and a crash', async () => {
    const items: Array<{ attempts: number; firstAttemptAt: string; queuedAt: string }> = [];
    withFakeSender(app, new FakeSender('test', (n, item) => {
      items.push({ attempts: item.attempts, firstAttemptAt: item.firstAttemptAt.toISOString(), queuedAt: item.queuedAt.toISOString() });
      return n < 2 ? { status: 'retry', error: 'HTTP 500' } : { status: 'sent' };
    }));
    enqueue(app.db, app.clock.now(), { key: 'f', kind: 'test', target: { kind: 'person', email: TO }, message: msg('f'), dueAt: new Date('2027-01-04T12:00:00Z') });
    const w = new OutboxWorker(app, { backoffMs: 60_000 });
    app.clock.set('2027-01-04T12:00:00Z');
    await w.drainOnce();
    app.clock.set('2027-01-04T15:00:00Z');
    await w.drainOnce();
    // a worker that claimed it and died before sending: the lease runs out, another takes it over
    app.clock.set('2027-01-04T18:00:00Z');
    const [row] = claimDue(app.db, app.clock.now(), 'dead-worker', 60_000, 10);
    expect(beginAttempt(app.db, row!.id, 'dead-worker', app.clock.now(), 60_000, true)).toBe(3);
    app.clock.set('2027-01-04T18:05:00Z');
    await w.drainOnce();
    expect(items).toEqual([
      { attempts: 1, firstAttemptAt: '2027-01-04T12:00:00.000Z', queuedAt: '2027-01-04T09:00:00.000Z' },
      { attempts: 2, firstAttemptAt: '2027-01-04T12:00:00.000Z', queuedAt: '2027-01-04T09:00:00.000Z' },
      { attempts: 4, firstAttemptAt: '2027-01-04T12:00:00.000Z', queuedAt: '2027-01-04T09:00:00.000Z' },
    ]);
  });

  it('parks a permanent failure as dead with the reason, never retried, until an admin retries', async () => {
    const sender = withFakeSender(app, new FakeSender('test', (n) => (n === 0 ? { status: 'dead', error: 'user_not_found' } : { status: 'sent' })));
    enqueue(app.db, app.clock.now(), { key: 'd', kind: 'test', target: { kind: 'person', email: TO }, message: msg('d') });
    const w = new OutboxWorker(app);
    await w.drainOnce();
    app.clock.advance(3600_000);
    await w.drainOnce();
    expect(sender.calls).toBe(1);
    const row = outboxRows(app.db)[0]!;
    expect(row.state).toBe('dead');
    expect(row.last_error).toBe('user_not_found');
    expect(retryDead(app.db, row.id, app.clock.now())).toBe(true);
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
  });

  it('gives up on a refused bot token after the maximum attempts with capped backoff', async () => {
    const sender = withFakeSender(app, new FakeSender('test', () => ({ status: 'retry', error: 'HTTP 500', config: true })));
    enqueue(app.db, app.clock.now(), { key: 'x', kind: 'test', target: { kind: 'person', email: TO }, message: msg('x') });
    // (uncapped, the third failure would wait 4 s: the cap of 2 s is what keeps it shorter)
    const w = new OutboxWorker(app, { maxAttempts: 4, backoffMs: 1000, maxBackoffMs: 2000 });
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      await w.drainOnce();
      const r = outboxRows(app.db)[0]!;
      if (r.state === 'retry') waits.push(new Date(r.next_attempt_at).getTime() - app.clock.now().getTime());
      app.clock.advance(5000);
    }
    // one wait after each of the first three failures, none over the cap (with its jitter)
    expect(waits).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeLessThanOrEqual(2000 * 1.2);
    expect(sender.calls).toBe(4);
    expect(outboxRows(app.db)[0]!.state).toBe('dead');
    expect(outboxRows(app.db)[0]!.last_error).toMatch(/gave up after 4 attempts: HTTP 500/);
  });

  it('records a message past its expiry as expired instead of sending it', async () => {
    const sender = withFakeSender(app);
    enqueue(app.db, new Date('2027-01-01T00:00:00Z'), { key: 'e', kind: 'reminder', target: { kind: 'person', email: TO }, message: msg('e'), dueAt: new Date('2027-01-02T00:00:00Z'), expiresAt: new Date('2027-01-03T00:00:00Z') });
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(0);
    expect(outboxRows(app.db)[0]!.state).toBe('expired');
  });

  it('waits for the working hours of the recipient\'s time zone', () => {
    const hours = parseWorkingHours('Mo-Fr 08:00-18:00');
    const sarah = app.people.byEmail('sarah.johnson@alpenfirn.example')!; // New York
    // Monday 09:00 UTC = 04:00 in New York: waits until 08:00 New York = 13:00 UTC
    enqueue(app.db, app.clock.now(), { key: 'wh', kind: 'test', target: { kind: 'person', email: sarah.email }, message: msg('wh'), workingHours: { hours, person: sarah, defaultTimeZone: 'Europe/Zurich' } });
    expect(outboxRows(app.db)[0]!.next_attempt_at).toBe('2027-01-04T13:00:00.000Z');
  });

  it('two workers on one database file never claim the same row', async () => {
    for (let i = 0; i < 40; i++) enqueue(app.db, app.clock.now(), { key: `m${i}`, kind: 'test', target: { kind: 'person', email: TO }, message: msg(`m${i}`) });
    const second = createApp({ config: app.config, db: openDb(app.file), clock: app.clock, features: app.features });
    const s1 = withFakeSender(app);
    const s2 = withFakeSender(second);
    await Promise.all([new OutboxWorker(app, { batch: 5 }).drainOnce(), new OutboxWorker(second, { batch: 5 }).drainOnce()]);
    const texts = [...s1.sent, ...s2.sent].map((s) => s.message.text).sort();
    expect(texts).toHaveLength(40);
    expect(new Set(texts).size).toBe(40);
    second.db.close();
  });

  it('after a crash mid-send the row comes back once its lease ran out, flagged as maybe sent', async () => {
    enqueue(app.db, app.clock.now(), { key: 'crash', kind: 'test', target: { kind: 'person', email: TO }, message: msg('c') });
    // a worker claims it, begins the platform call and dies before recording the outcome
    const [row] = claimDue(app.db, app.clock.now(), 'dead-worker', 60_000, 10);
    expect(beginAttempt(app.db, row!.id, 'dead-worker', app.clock.now(), 60_000, true)).toBe(1);
    const sender = withFakeSender(app);
    const w = new OutboxWorker(app);
    await w.drainOnce();
    expect(sender.sent).toHaveLength(0); // lease still running
    app.clock.advance(61_000);
    await w.drainOnce();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]!.item.maybeSentBefore).toBe(true);
    expect(LEASE_EXPIRED).toMatch(/lease expired/);
  });

  it('a row claimed by a worker that died before calling the platform comes back without the flag', async () => {
    enqueue(app.db, app.clock.now(), { key: 'claimed', kind: 'test', target: { kind: 'person', email: TO }, message: msg('c') });
    expect(claimDue(app.db, app.clock.now(), 'dead-worker', 60_000, 10)).toHaveLength(1);
    const sender = withFakeSender(app);
    app.clock.advance(61_000);
    await new OutboxWorker(app).drainOnce();
    expect(sender.sent).toHaveLength(1);
    expect(sender.sent[0]!.item.maybeSentBefore).toBe(false);
  });

  it('the web inbox delivers a resent key once', async () => {
    enqueue(app.db, app.clock.now(), { key: 'web1', kind: 'test', target: { kind: 'person', email: TO }, message: msg('w') });
    claimDue(app.db, app.clock.now(), 'dead-worker', 1000, 10);
    // the dead worker had already written to the inbox before dying
    app.db.prepare("INSERT INTO web_inbox (recipient, message, idempotency_key, created_at) VALUES (?, '{\"text\":\"w\"}', 'web1', 'x')").run(TO);
    app.clock.advance(2000);
    await new OutboxWorker(app).drainOnce();
    const n = app.db.prepare('SELECT count(*) AS n FROM web_inbox WHERE idempotency_key = ?').get('web1') as { n: number };
    expect(n.n).toBe(1);
    expect(outboxRows(app.db)[0]!.state).toBe('sent');
  });

  it('parks messages to people not in the directory as dead, and cancels by prefix', async () => {
    withFakeSender(app);
    enqueue(app.db, app.clock.now(), { key: 'ghost', kind: 'test', target: { kind: 'person', email: 'ghost@x.example' }, message: msg('g') });
    enqueue(app.db, app.clock.now(), { key: 'plan:a:1', kind: 'test', target: { kind: 'person', email: TO }, message: msg('p'), dueAt: new Date('2027-02-01T00:00:00Z') });
    expect(cancelByPrefix(app.db, 'plan:a:', 'event deleted')).toBe(1);
    await new OutboxWorker(app).drainOnce();
    const rows = outboxRows(app.db);
    expect(rows.find((r) => r.idempotency_key === 'ghost')).toMatchObject({ state: 'dead', last_error: 'ghost@x.example is not in the people directory' });
    expect(rows.find((r) => r.idempotency_key === 'plan:a:1')!.state).toBe('cancelled');
  });

  it('tries the next platform when the person is not on the first one', async () => {
    const slack = new FakeSender('slack', () => ({ status: 'dead', unreachable: true, error: 'users_not_found' }));
    const teams = new FakeSender('teams');
    withFakeSender(app, teams);
    withFakeSender(app, slack); // registered last = preferred
    enqueue(app.db, app.clock.now(), { key: 'u', kind: 'test', target: { kind: 'person', email: TO }, message: msg('u') });
    await new OutboxWorker(app).drainOnce();
    expect(slack.calls).toBe(1);
    expect(teams.sent).toHaveLength(1);
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'sent', platform: 'teams' });
  });

  it('a recipient whose send does not finish holds up only their own messages, not those to others', async () => {
    const OTHER = 'sandra.meier@alpenfirn.example';
    let finish: (o: { status: 'sent' }) => void = () => {};
    const sender = withFakeSender(app, new FakeSender('test', (_n, item) =>
      item.idempotencyKey === 'slow' ? new Promise((resolve) => (finish = resolve)) : { status: 'sent' }));
    enqueue(app.db, app.clock.now(), { key: 'slow', kind: 'test', target: { kind: 'person', email: TO }, message: msg('slow') });
    enqueue(app.db, app.clock.now(), { key: 'after-slow', kind: 'test', target: { kind: 'person', email: TO }, message: msg('after') });
    enqueue(app.db, app.clock.now(), { key: 'other', kind: 'test', target: { kind: 'person', email: OTHER }, message: msg('other') });
    const w = new OutboxWorker(app);
    const drained = w.drainOnce();
    // the other person's message is sent while the first send is still waiting
    await vi.waitFor(() => expect(sender.sent.map((s) => s.item.idempotencyKey)).toEqual(['other']), { timeout: 10_000 });
    // the same recipient's next message keeps its place behind the first
    expect(outboxRows(app.db).find((r) => r.idempotency_key === 'after-slow')!.state).toBe('sending');
    finish({ status: 'sent' });
    await drained;
    expect(sender.sent.map((s) => s.item.idempotencyKey)).toEqual(['other', 'slow', 'after-slow']);
  });

  it('picks a person\'s platform by who reaches them, without looking up each platform\'s service per message', async () => {
    // a platform whose service is decided from the database (as Teams without credentials): the
    // lookup is a query, and a platform out of service reaches nobody anyway
    let lookups = 0;
    const fallback = Object.assign(new FakeSender('teams'), { webFallback: true, inService: () => (lookups++, true) });
    const configured = new FakeSender('slack');
    withFakeSender(app, fallback);
    withFakeSender(app, configured);
    for (const key of ['p1', 'p2', 'p3']) enqueue(app.db, app.clock.now(), { key, kind: 'test', target: { kind: 'person', email: TO }, message: msg(key) });
    await new OutboxWorker(app).drainOnce();
    expect(configured.sent.map((x) => x.message.text)).toEqual(['p1', 'p2', 'p3']);
    expect(lookups).toBe(0);
  });

  it('the web inbox asks no platform that leaves it the fallback whether it is in service', () => {
    let lookups = 0;
    withFakeSender(app, Object.assign(new FakeSender('teams'), { webFallback: true, inService: () => (lookups++, true) }));
    const person = app.people.byEmail(TO)!;
    // the playground reaches its own users, the inbox takes everyone's messages as well
    expect(app.senders.get('web')!.reaches(person)).toBe(true);
    expect(lookups).toBe(0);
    // a configured chat platform in service: the inbox is no fallback; out of service, it is again
    let slackUp = true;
    withFakeSender(app, Object.assign(new FakeSender('slack'), { inService: () => slackUp }));
    expect(app.senders.get('web')!.reaches(person)).toBe(false);
    slackUp = false;
    expect(app.senders.get('web')!.reaches(person)).toBe(true);
    expect(lookups).toBe(0);
  });

  it('with a chat platform configured, the web inbox is no fallback for people', async () => {
    withFakeSender(app, new FakeSender('slack', () => ({ status: 'dead', unreachable: true, error: 'users_not_found' })));
    enqueue(app.db, app.clock.now(), { key: 'nw', kind: 'test', target: { kind: 'person', email: TO }, message: msg('nw') });
    await new OutboxWorker(app).drainOnce();
    expect(outboxRows(app.db)[0]).toMatchObject({ state: 'dead', last_error: 'users_not_found' });
    const n = app.db.prepare('SELECT count(*) AS n FROM web_inbox').get() as { n: number };
    expect(n.n).toBe(0);
  });
});
