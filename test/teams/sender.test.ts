import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enqueue, outboxRows } from '../../src/jobs/outbox.ts';
import { TeamsSender } from '../../adapters/teams/sender.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';
import { createApp } from '../../src/app.ts';
import { startServer } from '../../src/server.ts';
import { sendersInService } from '../../src/jobs/sender.ts';
import { teamsAdapter } from '../../adapters/teams/index.ts';
import { readInbox } from '../../adapters/web/web-sender.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };
const CONV = `a:personal-${alex.id}`;

describe('Teams outbox sender through continueConversation and a fake connector', () => {
  let r: Rig;
  let sender: TeamsSender;
  const sleeps: number[] = [];

  beforeEach(async () => {
    r = await rig();
    r.connector.members.set(alex.id, alex);
    for (const email of ['alex@example.com', 'nobody@example.com']) {
      r.app.people.upsert({ email, name: email, department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    }
    // Alex installed the app: the reference is stored
    await postActivity(r.server.url, teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'add', user: alex }));
    r.connector.calls = []; // the welcome message and the member lookup
    sender = r.app.senders.get('teams') as TeamsSender;
    expect(sender).toBeInstanceOf(TeamsSender);
    // pace against the test clock, so no test waits in real time
    sleeps.length = 0;
    sender.pacer.clock = {
      now: () => r.app.clock.now().getTime(),
      sleep: async (ms) => {
        sleeps.push(ms);
        r.app.clock.advance(ms);
      },
    };
  });
  afterEach(async () => r.close());

  const queue = (key: string, text = 'Reminder: IT info meeting tomorrow') =>
    enqueue(r.app.db, r.app.clock.now(), {
      key,
      kind: 'reminder',
      target: { kind: 'person', email: 'alex@example.com' },
      message: { text, blocks: [{ type: 'header', text: 'Reminder' }, { type: 'text', text }] },
    });
  const row = (key: string) => outboxRows(r.app.db).find((x) => x.idempotency_key === key)!;

  it('is in service once a conversation reference is stored, on every server of the database (no credentials)', async () => {
    const { rig: freshRig } = await import('./helpers.ts');
    const fresh = await freshRig();
    // a second server on the same database, which never sees a Teams activity itself
    const other = createApp({ config: fresh.app.config, db: fresh.app.file, clock: fresh.app.clock });
    const otherServer = await startServer(other, { port: 0, host: '127.0.0.1', background: false, adapters: [teamsAdapter] });
    try {
      for (const app of [fresh.app, other]) {
        expect((app.senders.get('teams') as TeamsSender).inService()).toBe(false);
        expect(sendersInService(app).map((x) => x.platform)).toEqual(['web']);
      }
      fresh.app.people.upsert({ email: 'alex@example.com', name: 'Alex', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
      fresh.connector.members.set(alex.id, alex);
      await postActivity(fresh.server.url, teamsActivity(fresh.connector.url, { type: 'installationUpdate', action: 'add', user: alex }));
      for (const app of [fresh.app, other]) expect(sendersInService(app)[0]!.platform).toBe('teams');
      expect((await (await fetch(`${otherServer.url}/healthz`)).json()).adapters.teams).toMatchObject({ references: 1, connected: true, sender: 'in service' });
      // the server that saw no Teams activity sends Alex's messages through Teams, never into the web inbox
      for (const key of ['two-1', 'two-2', 'two-3']) {
        enqueue(other.db, other.clock.now(), { key, kind: 'reminder', target: { kind: 'person', email: 'alex@example.com' }, message: { text: `from the other server ${key}` } });
      }
      await otherServer.worker.drainOnce();
      const rows = outboxRows(other.db).filter((x) => x.idempotency_key.startsWith('two-'));
      expect(rows.map((x) => [x.state, x.platform])).toEqual([['sent', 'teams'], ['sent', 'teams'], ['sent', 'teams']]);
      expect(fresh.connector.sent(CONV).filter((a) => JSON.stringify(a).includes('from the other server'))).toHaveLength(3);
      expect(readInbox(other.db, ['alex@example.com'], 0)).toHaveLength(0);
    } finally {
      await otherServer.close();
      other.db.close();
      await fresh.close();
    }
    // with credentials it serves from the start
    const withCreds = await freshRig({ env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TENANT_ID: 't' } });
    try {
      expect(sendersInService(withCreds.app)[0]!.platform).toBe('teams');
    } finally {
      await withCreds.close();
    }
  });

  it('without credentials, a person Teams does not reach gets the message in the web chat inbox; with credentials it is parked', async () => {
    // Alex is on Teams (the playground); nobody@ never used it
    enqueue(r.app.db, r.app.clock.now(), { key: 'web-1', kind: 'reminder', target: { kind: 'person', email: 'nobody@example.com' }, message: { text: 'for the web inbox' } });
    queue('teams-1');
    await r.server.worker.drainOnce();
    expect([row('web-1').state, row('web-1').platform]).toEqual(['sent', 'web']);
    expect(readInbox(r.app.db, ['nobody@example.com'], 0).map((m) => m.message.text)).toEqual(['for the web inbox']);
    expect([row('teams-1').state, row('teams-1').platform]).toEqual(['sent', 'teams']);
    expect(readInbox(r.app.db, ['alex@example.com'], 0)).toHaveLength(0);

    const { rig: freshRig } = await import('./helpers.ts');
    const withCreds = await freshRig({ env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 's', MICROSOFT_APP_TENANT_ID: 't' } });
    try {
      withCreds.app.people.upsert({ email: 'carl@example.com', name: 'Carl', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
      enqueue(withCreds.app.db, withCreds.app.clock.now(), { key: 'c-1', kind: 'reminder', target: { kind: 'person', email: 'carl@example.com' }, message: { text: 'x' } });
      await withCreds.server.worker.drainOnce();
      const c = outboxRows(withCreds.app.db)[0]!;
      expect(c.state).toBe('dead');
      expect(c.last_error).toBe('no configured platform can reach carl@example.com');
      expect(readInbox(withCreds.app.db, ['carl@example.com'], 0)).toHaveLength(0);
    } finally {
      await withCreds.close();
    }
  });

  it('prefers Teams for a person with a stored reference, and only for them', () => {
    expect(sender.reaches(r.app.people.byEmail('alex@example.com')!)).toBe(true);
    expect(sender.reaches(r.app.people.byEmail('nobody@example.com')!)).toBe(false);
    expect([...r.app.senders.keys()][0]).toBe('teams');
  });

  it('delivers a proactive card into the personal chat', async () => {
    queue('r1');
    await r.server.worker.drainOnce();
    expect(row('r1').state).toBe('sent');
    expect(row('r1').platform).toBe('teams');
    const sent = r.connector.sent(CONV);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0].attachments[0].content)).toContain('IT info meeting tomorrow');
    expect(sent[0].summary).toBe('Reminder: IT info meeting tomorrow');
  });

  it('429: retried once after Retry-After, delivered once, connector not retrying on its own', async () => {
    r.connector.script = (call, n) =>
      call.conversationId === CONV && n === r.connector.calls.findIndex((c) => c.conversationId === CONV && c.method === 'POST')
        ? { status: 429, headers: { 'retry-after': '7' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } }
        : undefined;
    queue('r2');
    const t0 = r.app.clock.now().getTime();
    await r.server.worker.drainOnce();
    const after429 = row('r2');
    expect(after429.state).toBe('retry');
    expect(after429.last_error).toContain('429');
    expect(new Date(after429.next_attempt_at).getTime() - t0).toBe(7000);
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(1);
    // not due yet: nothing happens
    await r.server.worker.drainOnce();
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(1);
    r.app.clock.advance(7000);
    await r.server.worker.drainOnce();
    expect(row('r2').state).toBe('sent');
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(2);
    expect(r.connector.sent(CONV).filter((a) => JSON.stringify(a).includes('IT info meeting'))).toHaveLength(2);
    // the 429 was no attempt: Teams did not take the message
    expect(row('r2').attempts).toBe(1);
  });

  it('a message of several cards refused half-way (429) goes on with the refused card: its first card arrives once', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `Absatz ${i}: ${'Die Informatik stellt am Standort Zürich die neue Telefonie vor. '.repeat(20)}`).join('\n');
    const posts = () => r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST');
    const cards = (c: { body: any }) => JSON.stringify(c.body.attachments[0].content);
    let n = 0;
    r.connector.script = (call) =>
      call.conversationId === CONV && call.method === 'POST' && ++n === 2 ? { status: 429, headers: { 'retry-after': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : undefined;
    queue('long-1', long);
    await r.server.worker.drainOnce();
    expect(row('long-1').state).toBe('retry');
    expect(row('long-1').last_error).toMatch(/after 1 of \d+ parts were sent/);
    const total = Number(/after 1 of (\d+) parts/.exec(row('long-1').last_error!)![1]);
    expect(total).toBeGreaterThan(2);
    r.app.clock.advance(3000);
    await r.server.worker.drainOnce();
    expect(row('long-1').state).toBe('sent');
    // every card once, in order, plus the one refused attempt
    expect(posts()).toHaveLength(total + 1);
    const delivered = posts().filter((_, i) => i !== 1).map(cards);
    expect(delivered.filter((c) => c.includes('Absatz 0:'))).toHaveLength(1);
    expect(delivered.filter((c) => c.includes('Absatz 39:'))).toHaveLength(1);
  });

  describe('a split message refused half-way (429) and taken over by another server', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Absatz ${i}: ${'Die Informatik stellt am Standort Zürich die neue Telefonie vor. '.repeat(20)}`).join('\n');
    const posts = () => r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST');
    const cards = (c: { body: any }) => JSON.stringify(c.body.attachments[0].content);
    /** the first card posted, the second refused with a 429 on this server */
    const halfSent = async (key: string) => {
      let n = 0;
      r.connector.script = (call) =>
        call.conversationId === CONV && call.method === 'POST' && ++n === 2 ? { status: 429, headers: { 'retry-after': '3' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : undefined;
      queue(key, long);
      await r.server.worker.drainOnce();
      expect(row(key)).toMatchObject({ state: 'retry', platform: 'teams', attempts: 0 });
      r.app.clock.advance(3000);
    };
    /** a second server on the same database (its Teams sender has seen nothing of the first attempt) */
    const otherServer = async (run: (other: ReturnType<typeof createApp>, server: Awaited<ReturnType<typeof startServer>>) => Promise<void>) => {
      const other = createApp({ config: r.app.config, db: r.app.file, clock: r.app.clock });
      const server = await startServer(other, { port: 0, host: '127.0.0.1', background: false, adapters: [teamsAdapter] });
      (other.senders.get('teams') as TeamsSender).pacer.clock = sender.pacer.clock;
      try {
        await run(other, server);
      } finally {
        await server.close();
        other.db.close();
      }
    };

    it('goes on there with the refused card: every card arrives once', async () => {
      await halfSent('long-2');
      const total = Number(/after 1 of (\d+) parts/.exec(row('long-2').last_error!)![1]);
      r.connector.script = () => undefined;
      await otherServer(async (_other, server) => {
        await server.worker.drainOnce();
      });
      expect(row('long-2').state).toBe('sent');
      expect(posts()).toHaveLength(total + 1);
      const delivered = posts().filter((_, i) => i !== 1).map(cards);
      for (const i of [0, 1, 39]) expect(delivered.filter((c) => c.includes(`Absatz ${i}:`))).toHaveLength(1);
    });

    it('is not moved to the next platform when the chat is then gone for good: it reached Teams in part', async () => {
      await halfSent('long-3');
      r.connector.script = (call) =>
        call.conversationId === CONV && call.method === 'POST'
          ? { status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } }
          : call.method === 'POST' && call.path === '/v3/conversations'
            ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } }
            : undefined;
      await otherServer(async (_other, server) => {
        await server.worker.drainOnce();
      });
      expect(row('long-3')).toMatchObject({ state: 'dead', platform: 'teams' });
      expect(row('long-3').last_error).toMatch(/after 1 of \d+ parts were sent/);
      expect(readInbox(r.app.db, ['alex@example.com'], 0)).toEqual([]);
    });
  });

  it('403 (the user removed the app) and no other platform: dead with the reason, never retried', async () => {
    // (no web inbox: Teams is the person's only platform; test/teams/stale-ref.test.ts has the rest)
    r.app.senders.delete('web');
    r.connector.script = (call) =>
      call.conversationId === CONV || call.path === '/v3/conversations'
        ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } }
        : undefined;
    queue('r3');
    await r.server.worker.drainOnce();
    expect(row('r3').state).toBe('dead');
    expect(row('r3').last_error).toMatch(/removed the app/);
    expect(row('r3').last_error).toContain('BotNotInConversationRoster');
    r.app.clock.advance(3_600_000);
    await r.server.worker.drainOnce();
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(1);
  });

  it('401 (the bot\'s credentials refused): retried, and logged as an error the operator sees, not as a passing failure', async () => {
    const errors = vi.spyOn(r.app.log, 'error');
    r.connector.script = (call) => (call.conversationId === CONV ? { status: 401, body: { message: 'Authorization has been denied for this request.' } } : undefined);
    queue('r401');
    await r.server.worker.drainOnce();
    expect(row('r401')).toMatchObject({ state: 'retry', last_error: expect.stringContaining("Teams rejected the bot's credentials") });
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ key: 'r401', error: expect.stringContaining('MICROSOFT_APP_ID') }), 'teams: send failed');
  });

  it('404 conversation not found, also in the chat Teams gives back when asked for a new one: dead; 502: retry with backoff, one request each', async () => {
    r.connector.script = (call) =>
      call.path === '/v3/conversations' ? { status: 201, body: { id: CONV } }
      : call.conversationId === CONV ? { status: 404, body: { error: { code: 'ConversationNotFound', message: 'gone' } } } : undefined;
    queue('r4');
    await r.server.worker.drainOnce();
    expect(row('r4').state).toBe('dead');
    expect(row('r4').last_error).toContain('conversation not found');
    r.connector.script = (call) => (call.conversationId === CONV ? { status: 502, body: {} } : undefined);
    queue('r5');
    await r.server.worker.drainOnce();
    expect(row('r5').state).toBe('retry');
    // the 404 twice (before and after asking for a new chat), the 502 once
    expect(r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST')).toHaveLength(3);
  });

  it('a connector that never answers: the send times out and is retried, other conversations are not held up', async () => {
    const bob = { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob', email: 'bob@example.com' };
    const BOB = `a:personal-${bob.id}`;
    r.connector.members.set(bob.id, bob);
    r.app.people.upsert({ email: 'bob@example.com', name: 'Bob', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    await postActivity(r.server.url, teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'add', user: bob }));
    // the time limit runs out when the test says so, not after real seconds
    const limits: Array<() => void> = [];
    sender.deadline = () => ({ expired: new Promise<void>((resolve) => limits.push(resolve)), cancel: () => {} });
    const expire = () => limits.splice(0).forEach((f) => f());
    r.connector.calls = [];
    r.connector.script = (call) => (call.conversationId === CONV && call.method === 'POST' ? { hang: true, status: 0 } : undefined);
    queue('hang-1');
    enqueue(r.app.db, r.app.clock.now(), { key: 'bob-1', kind: 'reminder', target: { kind: 'person', email: 'bob@example.com' }, message: { text: 'for Bob' } });
    const drained = r.server.worker.drainOnce();
    // Bob's message goes out while the connector still keeps Alex's send waiting
    await r.connector.waitFor(() => r.connector.sent(BOB).length === 1 && r.connector.calls.some((c) => c.conversationId === CONV));
    await vi.waitFor(() => expect(row('bob-1').state).toBe('sent'), { timeout: 10_000 });
    expect(row('hang-1').state).toBe('sending');
    expire();
    await drained;
    const hung = row('hang-1');
    expect(hung.state).toBe('retry');
    expect(hung.last_error).toMatch(/did not answer in time \(timeout\)/);
    expect(hung.attempts).toBe(1);
    expect(new Date(hung.next_attempt_at).getTime()).toBeGreaterThan(r.app.clock.now().getTime());
    // the hanging request was given up, its connection closed
    await r.connector.waitFor(() => r.connector.calls.some((c) => c.conversationId === CONV && c.aborted === true));
    // the connector answers again: the message goes once its backoff is over
    r.connector.script = () => undefined;
    r.app.clock.set(hung.next_attempt_at);
    await r.server.worker.drainOnce();
    expect(row('hang-1').state).toBe('sent');
    expect(row('hang-1').attempts).toBe(2);
  });

  it('posts an announcement into a channel known from the team install', async () => {
    r.connector.channels.set('19:team@thread.tacv2', [{ id: '19:news@thread.tacv2', name: 'News' }]);
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'conversationUpdate', user: alex, conversationType: 'channel', conversationId: '19:team@thread.tacv2',
      channelData: { team: { id: '19:team@thread.tacv2' } }, membersAdded: [{ id: '28:bot-id' }],
    }));
    enqueue(r.app.db, r.app.clock.now(), {
      key: 'a1', kind: 'announcement', target: { kind: 'channel', platform: 'teams', channelId: '19:news@thread.tacv2' },
      message: { text: 'IT fair next week', blocks: [{ type: 'text', text: 'IT fair next week' }] },
    });
    enqueue(r.app.db, r.app.clock.now(), {
      key: 'a2', kind: 'announcement', target: { kind: 'channel', platform: 'teams', channelId: '19:unknown@thread.tacv2' },
      message: { text: 'lost' },
    });
    // the bot is not in the team of that channel: Teams says 404
    r.connector.script = (call) =>
      call.conversationId === '19:unknown@thread.tacv2' ? { status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } } : undefined;
    await r.server.worker.drainOnce();
    expect(row('a1').state).toBe('sent');
    expect(r.connector.sent('19:news@thread.tacv2')).toHaveLength(1);
    expect(r.connector.sent('19:news@thread.tacv2')[0].conversation.id).toBe('19:news@thread.tacv2');
    expect(row('a2').state).toBe('dead');
    expect(row('a2').last_error).toMatch(/conversation not found/);
  });

  it('parks a channel post as dead when the bot is in no team at all', async () => {
    enqueue(r.app.db, r.app.clock.now(), {
      key: 'a3', kind: 'announcement', target: { kind: 'channel', platform: 'teams', channelId: '19:x@thread.tacv2' },
      message: { text: 'nobody hears this' },
    });
    await r.server.worker.drainOnce();
    expect(row('a3').state).toBe('dead');
    expect(row('a3').last_error).toMatch(/not known: add the bot to its team/);
    expect(r.connector.calls.filter((c) => c.conversationId === '19:x@thread.tacv2')).toHaveLength(0);
  });

  it('paces a burst to one conversation inside the Teams limits (7 per second, 8 per 2 seconds)', async () => {
    for (let i = 0; i < 12; i++) queue(`burst-${i}`, `message ${i}`);
    await r.server.worker.drainOnce();
    const times = r.connector.calls.filter((c) => c.conversationId === CONV && c.method === 'POST').length;
    expect(times).toBe(12);
    expect(sleeps.length).toBeGreaterThan(0);
    // the pacer waited at least 2 windows' worth for 12 messages: 8 in the first 2 s, then wait
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(2000);
  });
});
