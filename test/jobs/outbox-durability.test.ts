import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { testApp, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { enqueue, outboxCounts } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import type { App } from '../../src/app-types.ts';

let app: TestApp;
const closeLater: App[] = [];
beforeEach(async () => {
  app = testApp({ now: '2027-01-04T09:00:00Z', features: [coreFeature, peopleFeature] });
  await peopleFeature.demo!(app);
});
afterEach(async () => {
  for (const a of closeLater.splice(0)) a.db.close();
  app.cleanup();
});

const TO = 'marco.keller@alpenfirn.example'; // Europe/Zurich
const msg = (text: string) => ({ text });

function queue(n: number, extra: { expiresAt?: Date } = {}): void {
  for (let i = 0; i < n; i++) enqueue(app.db, app.clock.now(), { key: `m${i}`, kind: 'test', target: { kind: 'person', email: TO }, message: msg(`m${i}`), ...extra });
}

/** How often each key reached a sender. */
function deliveries(...senders: FakeSender[]): Map<string, number> {
  const n = new Map<string, number>();
  for (const s of senders) for (const x of s.sent) n.set(x.item.idempotencyKey, (n.get(x.item.idempotencyKey) ?? 0) + 1);
  return n;
}

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
