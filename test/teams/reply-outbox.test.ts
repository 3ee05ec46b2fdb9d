import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };
const CONV = `a:personal-${alex.id}`;

/** The answers to people's messages when the connector refuses to take them for now. */
describe('a Teams answer whose post fails for now', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
  });
  afterEach(async () => r.close());

  const posts = (conversationId: string) => r.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === conversationId);
  const mentions = (text: string) => (a: any) => JSON.stringify(a.attachments ?? a.text).includes(text);

  it('5xx: handed to the outbox and posted into the same chat once the connector takes it, not lost and not retried in the turn', async () => {
    let failing = true;
    r.connector.script = (call) => (failing && call.method === 'POST' && call.conversationId === CONV ? { status: 500, body: { error: { code: 'ServiceError', message: 'boom' } } } : undefined);
    const res = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help', user: alex }));
    expect(res.status).toBe(200);
    // one request for the answer (the connector's own retry is off), and no "something went wrong" after it
    expect(posts(CONV)).toHaveLength(1);
    const [row] = outboxRows(r.app.db).filter((x) => x.kind === 'teams-reply');
    expect(row).toMatchObject({ state: 'queued', target_kind: 'channel', platform: 'teams', target: CONV });
    expect(row!.expires_at).not.toBeNull();

    failing = false;
    await r.server.worker.drainOnce();
    expect(outboxRows(r.app.db).find((x) => x.id === row!.id)?.state).toBe('sent');
    const delivered = r.connector.sent(CONV);
    expect(delivered.filter(mentions('What I can do for you'))).toHaveLength(2); // the failed post, then the outbox's
    expect(delivered.filter(mentions('went wrong'))).toHaveLength(0);
    await r.server.worker.drainOnce();
    expect(r.connector.sent(CONV).filter(mentions('What I can do for you'))).toHaveLength(2);
  });

  it('429: waits for exactly its Retry-After in the outbox; the answer in a channel thread goes back into that thread', async () => {
    const thread = '19:chan@thread.tacv2;messageid=111';
    let failing = true;
    r.connector.script = (call) =>
      failing && call.method === 'POST' && call.conversationId === thread ? { status: 429, headers: { 'retry-after': '9' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } } : undefined;
    const t0 = r.app.clock.now().getTime();
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at> help', user: alex, conversationType: 'channel', conversationId: thread,
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:chan@thread.tacv2' } },
      entities: [{ type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }],
    }));
    expect(posts(thread)).toHaveLength(1);
    const [row] = outboxRows(r.app.db).filter((x) => x.kind === 'teams-reply');
    expect(new Date(row!.next_attempt_at).getTime() - t0).toBe(9000);
    failing = false;
    await r.server.worker.drainOnce();
    expect(posts(thread)).toHaveLength(1);
    r.app.clock.advance(9000);
    await r.server.worker.drainOnce();
    expect(posts(thread)).toHaveLength(2);
    expect(r.connector.sent(thread)[1].attachments[0].content.body.map((b: any) => b.text).join(' ')).toContain('What I can do for you');
    // nothing went to the channel itself or to a personal chat
    expect(r.connector.sent().filter(mentions('What I can do for you'))).toHaveLength(2);
  });

  it('a permanent refusal (403) is not queued', async () => {
    r.connector.script = (call) => (call.method === 'POST' && call.conversationId === CONV ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'no' } } } : undefined);
    await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help', user: alex }));
    expect(outboxRows(r.app.db).filter((x) => x.kind === 'teams-reply')).toHaveLength(0);
  });
});
