import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { alex, knowAlex, recordingFeature, rig, type Rig } from './helpers.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import type { Feature } from '../../src/app-types.ts';
import { TeamsSender } from '../../adapters/teams/sender.ts';
import { LATE_POST_HOLD_MS } from '../../adapters/teams/turn.ts';
import type { ScriptedResponse } from '../doubles/fake-connector.ts';

const CONV = `a:personal-${alex.id}`;

/** The answers to people's messages when the connector refuses to take them for now. */
describe('a Teams answer whose post fails for now', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
    knowAlex(r);
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

/** An answer too large for one card: three cards, "part 1" to "part 3". */
const long: Feature = {
  name: 'test-long',
  intents: [{
    name: 'long',
    match: (t) => (t === 'long please' ? 0.99 : 0),
    handle: () => [{
      text: 'long',
      blocks: [1, 2, 3].flatMap((p) => Array.from({ length: 20 }, (_, i) => ({ type: 'text' as const, text: `part ${p}.${i} ${'x'.repeat(1000)}` }))),
    }],
  }],
};

/** The answer's post when the connector takes the request and does not answer. */
describe('a Teams answer whose post is not answered', () => {
  let r: Rig;
  /** the bounded wait of each post in the turn: runs out when the test says so */
  let limits: Array<() => void>;
  beforeEach(async () => {
    limits = [];
    r = await rig({ features: [coreFeature, recordingFeature([]), long] });
    // (the adapter's connector calls, in the turn and from the outbox, are measured by the sender's deadline)
    (r.app.senders.get('teams') as TeamsSender).deadline = () => ({ expired: new Promise<void>((resolve) => limits.push(resolve)), cancel: () => {} });
    knowAlex(r);
  });
  afterEach(async () => r.close());

  const posts = () => r.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === CONV);
  const replyRow = () => outboxRows(r.app.db).find((x) => x.kind === 'teams-reply');

  /** asks, lets the time limit of the `nth` post run out once the connector has that request, and returns the turn's HTTP answer */
  async function askAndGiveUp(text = 'help', nth = 1) {
    const pending = postActivity(r.server.url, teamsActivity(r.connector.url, { text, user: alex }));
    // (a call's limit is set as it begins: once the connector has the post, the newest limit is the post's)
    await r.connector.waitFor(() => posts().length === nth && limits.length > 0);
    limits.at(-1)!();
    return pending;
  }

  /** holds the connector's answer to the post at index `nth` of the conversation until the returned function is called, then answers it with `response` */
  function answerLate(nth: number, response: ScriptedResponse): () => void {
    let release: () => void = () => {};
    r.connector.script = (call) =>
      call.method === 'POST' && call.conversationId === CONV && posts().indexOf(call) === nth
        ? new Promise<ScriptedResponse>((resolve) => (release = () => resolve(response)))
        : undefined;
    return () => release();
  }

  it('never answered: after the wait the answer goes to the outbox as after a 5xx, and the turn ends; the outbox posts it once its hold is over', async () => {
    let hang = true;
    r.connector.script = (call) => (hang && call.method === 'POST' && call.conversationId === CONV ? { hang: true, status: 0 } : undefined);
    const res = await askAndGiveUp();
    expect(res.status).toBe(200);
    expect(replyRow()).toMatchObject({ state: 'queued', target: CONV, platform: 'teams' });
    hang = false;
    // held while the post in the turn may still settle
    await r.server.worker.drainOnce();
    expect(replyRow()!.state).toBe('queued');
    r.app.clock.advance(LATE_POST_HOLD_MS);
    await r.server.worker.drainOnce();
    expect(replyRow()!.state).toBe('sent');
    expect(posts()).toHaveLength(2);
    expect(JSON.stringify(r.connector.sent(CONV)[1].attachments)).toContain('What I can do for you');
    // (the first post is still open: the connector never answered it)
    expect(posts()[0]!.aborted).toBeUndefined();
  });

  it('answered late with success before the outbox sent it: the outbox does not send it again', async () => {
    const release = answerLate(0, { status: 201, body: { id: 'late-1' } });
    await askAndGiveUp();
    expect(replyRow()!.state).toBe('queued');
    release();
    await vi.waitFor(() => expect(replyRow()!.state).toBe('cancelled'));
    await r.server.worker.drainOnce();
    expect(posts()).toHaveLength(1);
    expect(replyRow()!.last_error).toMatch(/posted in the turn after all/);
  });

  it('answered late with success after the outbox looked at it: the outbox held it meanwhile, and never sends it', async () => {
    const release = answerLate(0, { status: 201, body: { id: 'late-1' } });
    await askAndGiveUp();
    // the outbox runs while the post is still open: the answer waits for it to settle
    await r.server.worker.drainOnce();
    expect(posts()).toHaveLength(1);
    expect(replyRow()!.state).toBe('queued');
    release();
    await vi.waitFor(() => expect(replyRow()!.state).toBe('cancelled'));
    r.app.clock.advance(60_000);
    await r.server.worker.drainOnce();
    expect(posts()).toHaveLength(1);
  });

  it('answered late with a failure: the outbox posts the answer at once, not after the hold', async () => {
    const release = answerLate(0, { status: 502, body: { error: { code: 'BadGateway', message: 'late' } } });
    await askAndGiveUp();
    await r.server.worker.drainOnce();
    expect(posts()).toHaveLength(1);
    release();
    await vi.waitFor(() => expect(new Date(replyRow()!.next_attempt_at).getTime()).toBeLessThanOrEqual(r.app.clock.now().getTime()));
    await r.server.worker.drainOnce();
    expect(replyRow()!.state).toBe('sent');
    expect(posts()).toHaveLength(2);
  });

  it('a split answer whose second card is answered late: the outbox posts only the cards after it', async () => {
    const release = answerLate(1, { status: 201, body: { id: 'late-2' } });
    await askAndGiveUp('long please', 2);
    // each post named by the first part on its card
    const cards = () => posts().map((c) => /part (\d\.\d+) /.exec(JSON.stringify(c.body))?.[1]);
    const [first, second] = cards();
    expect(cards()).toHaveLength(2);
    release();
    await vi.waitFor(() => expect((JSON.parse(replyRow()!.message) as { teamsReply: { skip: number } }).teamsReply.skip).toBe(2));
    await r.server.worker.drainOnce();
    expect(replyRow()!.state).toBe('sent');
    // the third card only: the second is not posted again
    expect(cards()).toHaveLength(3);
    expect(new Set([first, second, cards()[2]]).size).toBe(3);
  });
});
