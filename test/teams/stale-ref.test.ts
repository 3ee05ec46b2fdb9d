import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, outboxRows } from '../../src/jobs/outbox.ts';
import { readInbox } from '../../adapters/web/web-sender.ts';
import { postActivity, teamsActivity, type RecordedCall, type ScriptedResponse } from '../doubles/fake-connector.ts';
import { alex, knowAlex, rig, type Rig } from './helpers.ts';

const CONV = `a:personal-${alex.id}`;
const GONE: ScriptedResponse = { status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } };
const REMOVED: ScriptedResponse = { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } };

/** A stored personal-chat reference that Teams no longer accepts (the chat deleted, the app removed, the event missed). */
describe('Teams: a stored personal chat that no longer works', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
    knowAlex(r);
    await postActivity(r.server.url, teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'add', user: alex }));
    r.connector.calls = [];
  });
  afterEach(async () => r.close());

  let n = 0;
  const queue = () => {
    const key = `stale-${++n}`;
    enqueue(r.app.db, r.app.clock.now(), { key, kind: 'reminder', target: { kind: 'person', email: 'alex@example.com' }, message: { text: `reminder ${n}` } });
    return key;
  };
  const row = (key: string) => outboxRows(r.app.db).find((x) => x.idempotency_key === key)!;
  const creates = () => r.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations');
  const storedConversation = () =>
    (r.app.db.prepare(`SELECT json_extract(ref, '$.conversation.id') AS id FROM conversation_refs WHERE platform = 'teams' AND key = 'aad-alex'`).get() as { id: string } | undefined)?.id;
  const oldChat = (c: RecordedCall) => c.conversationId === CONV;

  it('404: a new personal chat is opened with the stored user and tenant, the message goes there, and so do the next ones', async () => {
    r.connector.script = (call) => (oldChat(call) ? GONE : undefined);
    const first = queue();
    await r.server.worker.drainOnce();
    expect(row(first)).toMatchObject({ state: 'sent', platform: 'teams' });
    const [create] = creates();
    expect(create!.body).toMatchObject({ isGroup: false, members: [{ id: alex.id }], tenantId: 'tenant-1', channelData: { tenant: { id: 'tenant-1' } } });
    const fresh = storedConversation()!;
    expect(fresh).not.toBe(CONV);
    expect(JSON.stringify(r.connector.sent(fresh))).toContain('reminder');
    const second = queue();
    await r.server.worker.drainOnce();
    expect(row(second).state).toBe('sent');
    expect(r.connector.sent(fresh)).toHaveLength(2);
    expect(creates()).toHaveLength(1);
    expect(r.connector.calls.filter(oldChat)).toHaveLength(1);
  });

  it('403 and no new chat allowed (the app removed): the reference is dropped and the message goes to the next platform, the web inbox without credentials', async () => {
    r.connector.script = (call) => (oldChat(call) || (call.method === 'POST' && call.path === '/v3/conversations') ? REMOVED : undefined);
    const first = queue();
    await r.server.worker.drainOnce();
    expect(row(first)).toMatchObject({ state: 'sent', platform: 'web' });
    expect(storedConversation()).toBeUndefined();
    const second = queue();
    await r.server.worker.drainOnce();
    expect(row(second)).toMatchObject({ state: 'sent', platform: 'web' });
    expect(readInbox(r.app.db, ['alex@example.com'], 0).map((m) => m.message.text).sort()).toEqual([`reminder ${n - 1}`, `reminder ${n}`]);
    // Teams was asked once for each: the old chat, the new one
    expect(r.connector.calls.filter(oldChat)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('no other platform: a clear failure, and the next message is not tried on Teams again', async () => {
    r.app.senders.delete('web');
    r.connector.script = (call) => (oldChat(call) || (call.method === 'POST' && call.path === '/v3/conversations') ? REMOVED : undefined);
    const first = queue();
    await r.server.worker.drainOnce();
    expect(row(first).state).toBe('dead');
    expect(row(first).last_error).toMatch(/no longer works.*could not be opened.*reference dropped/);
    const second = queue();
    await r.server.worker.drainOnce();
    expect(row(second).state).toBe('dead');
    expect(row(second).last_error).toBe('no configured platform can reach alex@example.com');
    expect(r.connector.calls.filter(oldChat)).toHaveLength(1);
    expect(creates()).toHaveLength(1);
  });

  it('a message held back on Teams by a rate limit goes to the next platform when the chat is then gone for good', async () => {
    let throttled = 0;
    r.connector.script = (call) =>
      oldChat(call) && throttled++ === 0
        ? { status: 429, headers: { 'Retry-After': '0' }, body: {} }
        : oldChat(call) || (call.method === 'POST' && call.path === '/v3/conversations') ? REMOVED : undefined;
    const key = queue();
    await r.server.worker.drainOnce();
    expect(row(key)).toMatchObject({ state: 'retry', platform: 'teams', attempts: 0 });
    r.app.clock.advance(60_000);
    await r.server.worker.drainOnce();
    expect(row(key)).toMatchObject({ state: 'sent', platform: 'web' });
    expect(storedConversation()).toBeUndefined();
    expect(readInbox(r.app.db, ['alex@example.com'], 0).map((m) => m.message.text)).toEqual([`reminder ${n}`]);
  });

  it('a message that may have reached Teams (a 5xx) is not sent elsewhere when the chat is then gone: parked as dead', async () => {
    let failed = 0;
    r.connector.script = (call) =>
      oldChat(call) && failed++ === 0
        ? { status: 502, body: {} }
        : oldChat(call) || (call.method === 'POST' && call.path === '/v3/conversations') ? REMOVED : undefined;
    const key = queue();
    await r.server.worker.drainOnce();
    expect(row(key)).toMatchObject({ state: 'retry', platform: 'teams', attempts: 1 });
    r.app.clock.advance(60_000);
    await r.server.worker.drainOnce();
    expect(row(key)).toMatchObject({ state: 'dead', platform: 'teams' });
    expect(row(key).last_error).toMatch(/reference dropped/);
    expect(readInbox(r.app.db, ['alex@example.com'], 0)).toEqual([]);
  });

  it('a new chat that cannot be opened for now (5xx): retried later, the reference kept', async () => {
    r.connector.script = (call) => (oldChat(call) ? GONE : call.method === 'POST' && call.path === '/v3/conversations' ? { status: 503, body: {} } : undefined);
    const first = queue();
    await r.server.worker.drainOnce();
    expect(row(first).state).toBe('retry');
    expect(storedConversation()).toBe(CONV);
  });
});
