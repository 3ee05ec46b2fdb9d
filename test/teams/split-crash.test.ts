import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, outboxRows } from '../../src/jobs/outbox.ts';
import { TeamsSender } from '../../adapters/teams/sender.ts';
import { postActivity, teamsActivity, type RecordedCall, type ScriptedResponse } from '../doubles/fake-connector.ts';
import { alex, rig, type Rig } from './helpers.ts';
import { createApp } from '../../src/app.ts';
import { startServer } from '../../src/server.ts';
import { teamsAdapter } from '../../adapters/teams/index.ts';

const CONV = `a:personal-${alex.id}`;
/** the answer that ends the request a dead server left open */
const GONE: ScriptedResponse = { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'gone' } } };

// A message Teams gets as several cards, and a server that dies between two of them: the server
// that takes the row over goes on with the first card not yet posted, never the ones before it.
describe('a split Teams message whose server dies between two cards', () => {
  let r: Rig;
  /** ends the request the dead server left open (in reality it never comes back) */
  let release: (x: ScriptedResponse) => void;
  let dying: Promise<unknown>;

  beforeEach(async () => {
    // the keep-alive of a worker's claims runs on a timer: here it never runs (a killed server's does not)
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    r = await rig();
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({ email: alex.email, name: alex.name, department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    await postActivity(r.server.url, teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'add', user: alex }));
    r.connector.calls = [];
    release = () => {};
    dying = Promise.resolve();
  });
  afterEach(async () => {
    release(GONE);
    await dying;
    vi.useRealTimers();
    await r.close();
  });

  /** paced against the test clock, so nothing waits in real time */
  const testPacing = (sender: TeamsSender) => {
    sender.pacer.clock = { now: () => r.app.clock.now().getTime(), sleep: async (ms) => void r.app.clock.advance(ms) };
  };
  const row = (key: string) => outboxRows(r.app.db).find((x) => x.idempotency_key === key)!;
  /** a message of 80 long paragraphs, which Teams gets as several cards */
  const enqueueLong = (key: string) => {
    const long = Array.from({ length: 80 }, (_, i) => `Absatz ${i}: ${'Die Informatik stellt am Standort Zürich die neue Telefonie vor. '.repeat(20)}`).join('\n');
    enqueue(r.app.db, r.app.clock.now(), { key, kind: 'reminder', target: { kind: 'person', email: alex.email }, message: { text: long, blocks: [{ type: 'text', text: long }] } });
  };
  /** the `nth` card posted to the chat is held unanswered until `release`; returns a getter of its request */
  const holdCard = (nth: number): (() => RecordedCall | undefined) => {
    let held: RecordedCall | undefined;
    let n = 0;
    r.connector.script = (call) => {
      if (call.conversationId !== CONV || call.method !== 'POST' || ++n !== nth) return undefined;
      held = call;
      return new Promise<ScriptedResponse>((resolve) => (release = resolve));
    };
    return () => held;
  };
  /** this server starts sending the long message `key`; the request of its `nth` card is held: that request */
  const sendUntilHeld = async (key: string, nth: number): Promise<RecordedCall> => {
    enqueueLong(key);
    testPacing(r.app.senders.get('teams') as TeamsSender);
    const heldCall = holdCard(nth);
    dying = r.server.worker.drainOnce();
    await r.connector.waitFor(() => heldCall() !== undefined);
    return heldCall()!;
  };
  /** another server on the same database drains the outbox once */
  const drainOnOtherServer = async () => {
    const other = createApp({ config: r.app.config, db: r.app.file, clock: r.app.clock });
    const server = await startServer(other, { port: 0, host: '127.0.0.1', background: false, adapters: [teamsAdapter] });
    try {
      testPacing(other.senders.get('teams') as TeamsSender);
      await server.worker.drainOnce();
    } finally {
      await server.close();
      other.db.close();
    }
  };

  it('each card reaches the chat once: the other server starts at the card after the last one posted', async () => {
    // the first server posts cards 1 and 2; the request of card 3 is never answered: the server died
    const hung = await sendUntilHeld('split-1', 3);
    expect(row('split-1').state).toBe('sending');

    // its lease runs out; another server on the same database takes the row over
    r.connector.script = () => undefined;
    r.app.clock.advance(121_000);
    await drainOnOtherServer();
    expect(row('split-1')).toMatchObject({ state: 'sent', platform: 'teams' });

    // the cards the connector answered: every paragraph in exactly one of them, in order
    const answered = r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST' && c !== hung).map((c) => JSON.stringify(c.body.attachments[0].content));
    expect(answered.length).toBeGreaterThan(3);
    for (let i = 0; i < 80; i++) expect(answered.filter((c) => c.includes(`Absatz ${i}:`)), `Absatz ${i}`).toHaveLength(1);
    const firstOf = (i: number) => answered.findIndex((c) => c.includes(`Absatz ${i}:`));
    expect(firstOf(0)).toBeLessThan(firstOf(79));
    // the card whose request was under way went again, from the other server (it may have been posted: the unavoidable case)
    const hungText = JSON.stringify(hung.body.attachments[0].content);
    expect(answered.slice(2)[0]).toBe(hungText);

    // (the dead server's request never comes back in reality; here it ends, and changes nothing)
    release(GONE);
    await dying;
    expect(row('split-1').state).toBe('sent');
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(answered.length + 1);
  });
  it('a slow server whose lease ran out between two cards posts no further card once it finds the row taken over', async () => {
    // the first server's second card is answered only after another server has taken the row over
    const slow = await sendUntilHeld('split-2', 2);
    r.app.clock.advance(121_000);
    await drainOnOtherServer();
    expect(row('split-2').state).toBe('sent');
    const before = r.connector.calls.length;
    // the slow card is answered at last: the first server finds the row is no longer its own
    release({ status: 201, body: { id: 'late' } });
    await dying;
    release = () => {};
    expect(r.connector.calls.length).toBe(before);
    expect(row('split-2').state).toBe('sent');
    const posted = r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST').map((c) => JSON.stringify(c.body.attachments[0].content));
    // the card under way when the lease ran out went from both (the platform cannot be asked); every other card once
    const slowText = JSON.stringify(slow.body.attachments[0].content);
    for (let i = 0; i < 80; i++) {
      const cards = posted.filter((c) => c.includes(`Absatz ${i}:`));
      expect(cards, `Absatz ${i}`).toHaveLength(cards[0] === slowText ? 2 : 1);
    }
    expect(posted.filter((c) => c !== slowText).length).toBeGreaterThan(2);
  });
});
