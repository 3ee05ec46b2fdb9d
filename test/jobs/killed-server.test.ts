import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { enqueue, outboxCounts, outboxRows } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import type { App } from '../../src/app-types.ts';
import type { SendOutcome } from '../../src/jobs/sender.ts';

// A server killed in the middle of a batch holds only the platform calls it had begun (a
// message that may have reached its recipient) for the full lease; the rest of its batch,
// which it had claimed but not begun, goes out from another server within seconds.

let app: TestApp;
let second: App;
beforeEach(async () => {
  // the keep-alive of a worker's claims runs on a timer: here it runs only when the test says so
  // (a killed server's never does)
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  app = testApp({ now: '2027-01-04T09:00:00Z', features: [coreFeature, peopleFeature] });
  await peopleFeature.demo!(app);
  second = createApp({ config: app.config, db: openDb(app.file), clock: app.clock, features: app.features });
});
afterEach(() => {
  vi.useRealTimers();
  second.db.close();
  app.cleanup();
});

const people = () => (app.db.prepare('SELECT email FROM people ORDER BY email').all() as Array<{ email: string }>).map((p) => p.email);

/** A sender whose calls never end until `release` (a server killed while they were under way). */
function hangingSender() {
  const pending: Array<(o: SendOutcome) => void> = [];
  const sender = new FakeSender('test', () => new Promise<SendOutcome>((resolve) => pending.push(resolve)));
  return { sender, pending, release: () => pending.splice(0).forEach((r) => r({ status: 'retry', error: 'connection reset' })) };
}

describe('a server killed in the middle of a batch', () => {
  it('holds only the messages whose platform call had begun: the rest go from the other server within seconds, each once', async () => {
    const to = people().slice(0, 20);
    expect(to).toHaveLength(20);
    to.forEach((email, i) => enqueue(app.db, app.clock.now(), { key: `invite:${i}`, kind: 'survey-invite', target: { kind: 'person', email }, message: { text: `invite ${i}` } }));
    const killed = hangingSender();
    withFakeSender(app, killed.sender);
    const first = new OutboxWorker(app);
    const draining = first.drainOnce();
    // its first platform calls are under way (one per recipient it sends to at a time) when it is killed
    await vi.waitFor(() => expect(killed.pending.length).toBeGreaterThan(0));
    const inFlight = killed.pending.length;
    expect(inFlight).toBeLessThan(20);
    expect(outboxCounts(app.db).sending).toBe(20);

    const survivor = withFakeSender(second);
    const w2 = new OutboxWorker(second);
    app.clock.advance(15_000);
    await w2.drainOnce();
    // everything not begun went, 15 s after the kill (not two minutes)
    expect(survivor.sent).toHaveLength(20 - inFlight);
    expect(survivor.sent.every((s) => !s.item.maybeSentBefore)).toBe(true);
    expect(outboxCounts(app.db)).toMatchObject({ sent: 20 - inFlight, sending: inFlight });

    // the calls under way may have reached their recipients: held for the full lease, then sent flagged
    app.clock.advance(60_000);
    await w2.drainOnce();
    expect(survivor.sent).toHaveLength(20 - inFlight);
    app.clock.advance(60_000);
    await w2.drainOnce();
    expect(survivor.sent).toHaveLength(20);
    expect(survivor.sent.slice(20 - inFlight).every((s) => s.item.maybeSentBefore)).toBe(true);
    expect(new Set(survivor.sent.map((s) => s.item.idempotencyKey)).size).toBe(20);
    expect(outboxCounts(app.db)).toMatchObject({ sent: 20, sending: 0 });

    // (the killed server's calls never come back in reality; here they end, and change nothing)
    killed.release();
    await draining;
    expect(killed.sender.sent).toHaveLength(0);
    expect(outboxCounts(app.db)).toMatchObject({ sent: 20, sending: 0, retry: 0 });
  });

  it('a live server keeps its claims while a slow platform holds up its batch: the other server takes none of them', async () => {
    const to = people()[0]!;
    for (let i = 0; i < 5; i++) enqueue(app.db, app.clock.now(), { key: `slow:${i}`, kind: 'test', target: { kind: 'person', email: to }, message: { text: `slow ${i}` } });
    const other = withFakeSender(second);
    const w2 = new OutboxWorker(second);
    const slow = withFakeSender(app, new FakeSender('test', async (n) => {
      // each post takes 6 s (the keep-alive runs meanwhile): the claims outlast their 10 s lease
      for (let s = 0; s < 3; s++) {
        app.clock.advance(2000);
        vi.advanceTimersByTime(2500);
      }
      if (n === 3) await w2.drainOnce();
      return { status: 'sent' };
    }));
    await new OutboxWorker(app).drainOnce();
    expect(other.sent).toHaveLength(0);
    expect(slow.sent.map((s) => s.item.idempotencyKey)).toEqual([0, 1, 2, 3, 4].map((i) => `slow:${i}`));
    expect(outboxCounts(app.db)).toMatchObject({ sent: 5, sending: 0 });
    expect(outboxRows(app.db).every((r) => r.lease_owner === null)).toBe(true);
  });
});

describe('a server stopped (SIGTERM) in the middle of a batch', () => {
  it('finishes the platform calls under way and begins no others: the rest of its batch is given back at once, for the next server or start', async () => {
    const to = people().slice(0, 20);
    to.forEach((email, i) => enqueue(app.db, app.clock.now(), { key: `stop:${i}`, kind: 'survey-invite', target: { kind: 'person', email }, message: { text: `invite ${i}` } }));
    // a platform that does not answer the calls begun before the stop until released, and answers later ones at once
    const pending: Array<(o: SendOutcome) => void> = [];
    let stopRequested = false;
    const slow = withFakeSender(app, new FakeSender('test', () => (stopRequested ? { status: 'sent' } : new Promise<SendOutcome>((resolve) => pending.push(resolve)))));
    const worker = new OutboxWorker(app);
    const running = worker.start();
    await vi.waitFor(() => expect(pending.length).toBeGreaterThan(0));
    const inFlight = pending.length;
    expect(inFlight).toBeLessThan(20);

    stopRequested = true;
    const stopped = running.stop();
    pending.splice(0).forEach((resolve) => resolve({ status: 'sent' }));
    await stopped;
    // the calls under way were finished; no other was begun after the stop
    expect(slow.calls).toBe(inFlight);
    expect(outboxCounts(app.db)).toMatchObject({ sent: inFlight, sending: 0, queued: 20 - inFlight });

    // the next server sends the rest at once (no lease to wait out), each once, none flagged as maybe sent
    const next = withFakeSender(second);
    await new OutboxWorker(second).drainOnce();
    expect(next.sent).toHaveLength(20 - inFlight);
    expect(next.sent.every((s) => !s.item.maybeSentBefore)).toBe(true);
    expect(new Set([...slow.sent, ...next.sent].map((s) => s.item.idempotencyKey)).size).toBe(20);
  });
});
