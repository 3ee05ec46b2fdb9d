import { afterEach, describe, expect, it } from 'vitest';
import { testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { claimedByDeadServer } from '../doubles/outbox.ts';
import { importYaml, machinery, rows, withPeople } from './helpers.ts';
import { startServer } from '../../src/server.ts';

// A re-imported plan changes the text of its messages not sent yet, also of one a server had
// taken to send and then died holding: once its lease runs out, the message that goes is the
// current one, not the text it had when that server claimed it.

let app: TestApp;
afterEach(() => app?.cleanup());

const MARCO = 'marco.keller@alpenfirn.example';
const plan = (title: string) => `timezone: Europe/Zurich
events:
  - {id: review, title: ${title}, kind: other, start: 2027-03-16T10:00, duration: PT1H, audience: it-staff, owner: ${MARCO}, reminders: [P1D]}
`;
const KEY = `plan:review:2027-03-16T10:00:reminder:P1D:to:${MARCO}`;

/** The review planned ("Quarterly review") and its reminder queued, with a fake sender. */
async function queued() {
  app = testApp({ now: '2027-03-15T08:00:00Z' });
  withPeople(app);
  importYaml(app, plan('Quarterly review'));
  const sender = withFakeSender(app);
  const m = machinery(app);
  await m.scheduler.tick();
  return { sender, ...m };
}

describe('a reminder a server has taken to send when the plan is re-imported', () => {
  it('goes out with the new title once the lease of the server that died runs out', async () => {
    const { sender, scheduler, worker } = await queued();
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.message).toMatch(/Quarterly review/);
    // claimed by a server that died before calling the platform; its lease runs for two minutes
    claimedByDeadServer(app, KEY, '2027-03-15T09:02:00.000Z');
    app.clock.set('2027-03-15T09:00:00Z');
    importYaml(app, plan('Annual review'));
    await scheduler.tick();
    // the lease and the claim stay as they were: only the text changed
    const held = rows(app, 'idempotency_key = ?', KEY)[0]!;
    expect([held.state, held.lease_owner, held.lease_until]).toEqual(['sending', 'w-gone', '2027-03-15T09:02:00.000Z']);
    app.clock.set('2027-03-15T09:05:00Z');
    await worker.drainOnce();
    expect(sender.sent).toHaveLength(1);
    const text = JSON.stringify(sender.sent[0]!.message);
    expect(text).toMatch(/Annual review/);
    expect(text).not.toMatch(/Quarterly review/);
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.state).toBe('sent');
  });
});

describe('a server started after a plan was re-imported while none ran', () => {
  it('sends the re-imported text, also of a message a server that died held, not the text queued before', async () => {
    app = testApp({ now: '2027-03-15T08:00:00Z' });
    withPeople(app);
    importYaml(app, plan('Quarterly review'));
    const { scheduler } = machinery(app);
    await scheduler.tick();
    // a server died holding the reminder; its lease has run out since
    claimedByDeadServer(app, KEY, '2027-03-15T08:02:00.000Z');
    app.clock.set('2027-03-15T09:00:00Z');
    // (no server runs while the plan is imported again)
    importYaml(app, plan('Annual review'));
    const sender = withFakeSender(app);
    // the server's start runs the features' first pass (the plan's tick) before its worker; the
    // worker's pass is driven here (one already under way is awaited, not run twice)
    const server = await startServer(app, { port: 0, host: '127.0.0.1', adapters: [] });
    try {
      await server.worker.drainOnce();
    } finally {
      await server.close();
    }
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.state).toBe('sent');
    expect(sender.sent.map((s) => JSON.stringify(s.message).match(/Quarterly review|Annual review/)?.[0])).toEqual(['Annual review']);
  });
});

describe('a reminder that may already have reached its owner when the plan is re-imported', () => {
  /** The review planned, its reminder sent once at its time, and the platform's answer lost (a timeout): `retry`, one attempt. */
  async function triedOnce() {
    const m = await queued();
    m.sender.script = (n) => (n === 0 ? { status: 'retry', error: 'timeout' } : { status: 'sent' });
    app.clock.set('2027-03-15T09:00:00Z');
    await m.worker.drainOnce();
    expect(rows(app, 'idempotency_key = ?', KEY)[0]).toMatchObject({ state: 'retry', attempts: 1 });
    return m;
  }

  it('keeps its text when it was tried before and waits to be tried again', async () => {
    const { sender, scheduler, worker } = await triedOnce();
    importYaml(app, plan('Annual review'));
    await scheduler.tick();
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.message).toMatch(/Quarterly review/);
    app.clock.set('2027-03-15T09:30:00Z');
    await worker.drainOnce();
    expect(sender.sent.map((s) => JSON.stringify(s.message).match(/Quarterly review|Annual review/)?.[0])).toEqual(['Quarterly review']);
  });

  it('keeps its text when a server that died was calling the platform with it', async () => {
    const { sender, scheduler, worker } = await queued();
    claimedByDeadServer(app, KEY, '2027-03-15T09:02:00.000Z', 'w-gone', { calling: true });
    app.clock.set('2027-03-15T09:00:00Z');
    importYaml(app, plan('Annual review'));
    await scheduler.tick();
    expect(rows(app, 'idempotency_key = ?', KEY)[0]).toMatchObject({ state: 'sending', attempts: 1 });
    expect(rows(app, 'idempotency_key = ?', KEY)[0]!.message).toMatch(/Quarterly review/);
    app.clock.set('2027-03-15T09:05:00Z');
    await worker.drainOnce();
    expect(sender.sent.map((s) => JSON.stringify(s.message).match(/Quarterly review|Annual review/)?.[0])).toEqual(['Quarterly review']);
  });
});
