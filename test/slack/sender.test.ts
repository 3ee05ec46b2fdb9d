import { afterEach, describe, expect, it } from 'vitest';
import { classifyError } from '../../adapters/slack/errors.ts';
import { Pacer } from '../../adapters/slack/pacer.ts';
import { SlackSender } from '../../adapters/slack/sender.ts';
import { SlackUsers } from '../../adapters/slack/users.ts';
import { outboxClient } from '../../adapters/slack/client.ts';
import { MAX_RETRY_AFTER_MS } from '../../src/jobs/retry-after.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';

/** Drives the Web API client against the fake to get the real error objects. */
async function errorOf(app: TestApp): Promise<unknown> {
  try {
    await outboxClient(app).chat.postMessage({ channel: 'C1', text: 'x' });
    return null;
  } catch (e) {
    return e;
  }
}

let fake: FakeSlack | null = null;
let app: TestApp | null = null;
afterEach(async () => {
  await fake?.stop();
  app?.cleanup();
  fake = null;
  app = null;
});

async function setup() {
  fake = await startFakeSlack();
  app = testApp({ env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl } });
  // Slack stamps messages with the time they were posted: the app's (pinned) time here
  const a = app;
  fake.clock = () => a.clock.now().getTime();
  return { fake, app };
}

describe('Slack sender: error classification through the real Web API client', () => {
  it('429 → retry after Retry-After, without the client retrying by itself', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { status: 429, retryAfter: 30 });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', retryAfterMs: 30_000 });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
  });

  it('a 429 whose Retry-After is an HTTP date → a rate limit waited out until then, not a failed attempt', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { status: 429, retryAfter: new Date(Date.now() + 600_000).toUTCString() });
    const c = classifyError(await errorOf(app)) as { status: string; rateLimited?: boolean; retryAfterMs?: number };
    expect(c).toMatchObject({ status: 'retry', rateLimited: true });
    expect(c.retryAfterMs).toBeGreaterThan(590_000);
    expect(c.retryAfterMs).toBeLessThanOrEqual(600_000);
  });

  it('a 429 whose Retry-After asks for years → waited out for an hour at most', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { status: 429, retryAfter: 1e12 });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', rateLimited: true, retryAfterMs: MAX_RETRY_AFTER_MS });
  });

  it('ok:false ratelimited (a rate limit without a 429) → waited out like a 429, not a failed attempt', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { error: 'ratelimited' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', rateLimited: true, retryAfterMs: 30_000 });
  });

  it('HTTP 500 and internal_error → retry, once per attempt', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { status: 500 }).fail('chat.postMessage', { error: 'internal_error' }).fail('chat.postMessage', { error: 'fatal_error' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', error: 'slack: HTTP 500' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', error: 'slack: internal_error' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', error: 'slack: fatal_error' });
    expect(fake.callsOf('chat.postMessage')).toHaveLength(3);
  });

  it.each(['user_not_found', 'channel_not_found', 'not_in_channel', 'account_inactive', 'is_archived', 'users_not_found'])('%s → dead', async (code) => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { error: code });
    expect(classifyError(await errorOf(app))).toEqual({ status: 'dead', error: expect.stringMatching(new RegExp(`^slack: ${code} \\(.+\\)$`)) });
  });

  it('tells the operator what a refusal means and what fixes it, for the outbox status', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { error: 'not_in_channel' }).fail('chat.postMessage', { error: 'invalid_auth' }).fail('chat.postMessage', { error: 'some_new_code' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'dead', error: expect.stringContaining('the bot is not a member of the channel: invite it') });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', config: true, error: expect.stringContaining('SLACK_BOT_TOKEN is not valid') });
    // (a code with no explanation is named as Slack names it)
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', error: 'slack: some_new_code' });
  });

  it('token problems → retry (the operator can fix the token; the messages wait), flagged as configuration', async () => {
    const { fake, app } = await setup();
    fake.fail('chat.postMessage', { error: 'invalid_auth' });
    expect(classifyError(await errorOf(app))).toMatchObject({ status: 'retry', config: true });
  });

  it('a network failure → retry', async () => {
    const { app } = await setup();
    await fake!.stop();
    const e = await errorOf(app);
    expect(classifyError(e)).toMatchObject({ status: 'retry' });
    expect((classifyError(e) as { error: string }).error).toMatch(/network/);
  });
});

describe('Slack sender: images Slack cannot download', () => {
  it('a message refused as invalid_blocks because of its image is sent once more with the image described, not parked as dead', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    const item = { id: 1, idempotencyKey: 'k:chart', kind: 'survey-results', attempts: 1, maybeSentBefore: false, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    const card = { text: 'Results', lang: 'en' as const, blocks: [{ type: 'text' as const, text: 'Results' }, { type: 'image' as const, url: 'https://itbot.intranet.example/charts/dist.png', alt: 'Chart: answers to "How satisfied?"' }] };
    // (Slack: "downloading image failed", the address is not reachable from the internet)
    fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    expect(await sender.send({ kind: 'channel', channelId: 'C1' }, card, item)).toMatchObject({ status: 'sent' });
    const posts = fake.callsOf('chat.postMessage');
    expect(posts.map((c) => c.args.blocks.map((b: any) => b.type))).toEqual([['section', 'image'], ['section', 'context']]);
    expect(posts[1]!.args.blocks[1].elements[0].text).toContain('Chart: answers to');
    expect(fake.messages).toHaveLength(1);
    // a message without images refused the same way is parked as dead, as before
    fake.fail('chat.postMessage', { error: 'invalid_blocks' });
    expect(await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'plain' }, { ...item, idempotencyKey: 'k:plain' })).toMatchObject({ status: 'dead' });
  });

  it('a card refused for its blocks or its length (no image to blame) is sent once more as its text alone, not parked as dead', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    const item = { id: 1, idempotencyKey: 'k:card', kind: 'reminder', attempts: 1, maybeSentBefore: false, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    const card = { text: 'IT info meeting tomorrow at 10:00', lang: 'en' as const, blocks: [{ type: 'header' as const, text: 'Reminder' }, { type: 'text' as const, text: 'IT info meeting tomorrow at 10:00' }, { type: 'actions' as const, buttons: [{ label: 'Done', action: 'plan.done', value: 'x' }] }] };
    for (const error of ['invalid_blocks', 'msg_too_long']) {
      fake.fail('chat.postMessage', { error });
      expect(await sender.send({ kind: 'channel', channelId: 'C1' }, card, { ...item, idempotencyKey: `k:${error}` })).toMatchObject({ status: 'sent' });
    }
    expect(fake.messages.map((m) => [m.text, (m.blocks ?? []).map((b: any) => b.type)])).toEqual([
      ['IT info meeting tomorrow at 10:00', ['section']],
      ['IT info meeting tomorrow at 10:00', ['section']],
    ]);
  });
});

describe('Slack sender: exactly once after a crash', () => {
  it('finds the message of an earlier attempt by its metadata key instead of posting again', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    const item = { id: 1, idempotencyKey: 'k:1', kind: 'reminder', attempts: 1, maybeSentBefore: false, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    expect(await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'hello' }, item)).toMatchObject({ status: 'sent' });
    // the process died before markSent: the row comes back with maybeSentBefore
    const again = await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'hello' }, { ...item, attempts: 2, maybeSentBefore: true });
    expect(again).toEqual({ status: 'sent', platformMessageId: `C1/${fake.messages[0]!.ts}` });
    expect(fake.messages).toHaveLength(1);
    expect(fake.callsOf('conversations.history')[0]!.args).toMatchObject({ channel: 'C1', include_all_metadata: 'true' });
    // a first attempt does not ask the history
    await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'other' }, { ...item, idempotencyKey: 'k:2' });
    expect(fake.callsOf('conversations.history')).toHaveLength(1);
    expect(fake.messages).toHaveLength(2);
  });
});

describe('Slack sender: exactly once in a busy channel', () => {
  it('finds an earlier attempt behind more than a page of newer messages, reading the history back to the first attempt only', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    // the channel's older talk, from before the announcement was first tried
    for (let i = 0; i < 30; i++) {
      fake.postAs('U0OLD', 'C1', `older ${i}`);
      app.clock.advance(1000);
    }
    app.clock.advance(3 * 3600_000);
    const first = app.clock.now();
    const item = { id: 1, idempotencyKey: 'plan:fair:2027-01-08:announce', kind: 'plan-announcement', attempts: 1, maybeSentBefore: false, queuedAt: new Date(first.getTime() - 86_400_000), firstAttemptAt: first };
    // Slack takes the post, but its answer is lost
    fake.fail('chat.postMessage', { deliverThen: 500 });
    expect(await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'IT fair on Friday' }, item)).toMatchObject({ status: 'retry' });
    const announcement = fake.messages.at(-1)!;
    expect(announcement.metadata?.event_payload.key).toBe(item.idempotencyKey);
    // a busy channel: far more than one page of newer messages before the outbox tries again
    for (let i = 0; i < 250; i++) {
      app.clock.advance(1000);
      fake.postAs('U0BUSY', 'C1', `chat ${i}`);
    }
    const again = await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'IT fair on Friday' }, { ...item, attempts: 2 });
    expect(again).toEqual({ status: 'sent', platformMessageId: `C1/${announcement.ts}` });
    expect(fake.messages.filter((m) => m.metadata)).toHaveLength(1);
    const pages = fake.callsOf('conversations.history');
    // bounded by time: from a little before the first attempt, never back to the older talk
    expect(pages.length).toBeGreaterThan(0);
    for (const p of pages) {
      expect(Number(p.args.oldest)).toBeLessThan(first.getTime() / 1000);
      expect(Number(p.args.oldest)).toBeGreaterThan(Number(fake.messages[29]!.ts));
    }
    // a message whose earlier attempt never reached Slack is posted once all pages are read
    const before = pages.length;
    await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'other news' }, { ...item, idempotencyKey: 'plan:other:announce', attempts: 2 });
    expect(fake.messages.filter((m) => m.metadata)).toHaveLength(2);
    // (every page of the 250 newer messages was read: Slack's pages hold 100 at most)
    expect(fake.callsOf('conversations.history').length - before).toBe(3);
  });
});

describe('fake Slack: conversations.history pages as Slack documents', () => {
  it('newest first; oldest/latest exclusive unless inclusive; without oldest pages backward, with oldest alone forward', async () => {
    const { fake } = await setup();
    const ts = Array.from({ length: 5 }, (_, i) => fake.postAs('U1', 'C1', `m${i}`).ts);
    const client = outboxClient(app!);
    const all = async (args: Record<string, unknown>) => {
      const seen: string[][] = [];
      let cursor: string | undefined;
      do {
        const r = await client.conversations.history({ channel: 'C1', limit: 2, ...args, cursor } as never);
        seen.push((r.messages ?? []).map((m) => m.ts!));
        cursor = r.has_more ? r.response_metadata?.next_cursor : undefined;
      } while (cursor);
      return seen;
    };
    expect(await all({})).toEqual([[ts[4], ts[3]], [ts[2], ts[1]], [ts[0]]]);
    expect(await all({ oldest: ts[0] })).toEqual([[ts[2], ts[1]], [ts[4], ts[3]]]);
    expect(await all({ oldest: ts[0], inclusive: true })).toEqual([[ts[1], ts[0]], [ts[3], ts[2]], [ts[4]]]);
    expect(await all({ oldest: ts[0], latest: ts[4] })).toEqual([[ts[3], ts[2]], [ts[1]]]);
  });
});

describe('Slack sender: exactly once in a thread', () => {
  it('looks for an earlier attempt among the thread\'s replies, page by page, not in the channel history', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0, historyLimit: 2 });
    const thread = '1767517200.000100';
    const item = { id: 1, idempotencyKey: 'slack:reply:EvT:0', kind: 'slack-reply', attempts: 1, maybeSentBefore: false, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    // other answers in the same thread first, so the one looked for is on a later page
    for (const k of ['a', 'b', 'c']) {
      await sender.send({ kind: 'channel', channelId: 'C1' }, { text: k, threadTs: thread } as never, { ...item, idempotencyKey: `other:${k}` });
    }
    await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'answer', threadTs: thread } as never, item);
    expect(fake.messages).toHaveLength(4);
    const again = await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'answer', threadTs: thread } as never, { ...item, attempts: 2 });
    expect(again).toEqual({ status: 'sent', platformMessageId: `C1/${fake.messages[3]!.ts}` });
    expect(fake.messages).toHaveLength(4);
    const pages = fake.callsOf('conversations.replies').slice(-3);
    expect(pages.map((c) => c.args.ts)).toEqual([thread, thread, thread]);
    expect(pages[0]!.args.cursor).toBeUndefined();
    expect(pages[1]!.args.cursor).toBeTruthy();
    // an answer not yet in the thread is posted
    await sender.send({ kind: 'channel', channelId: 'C1' }, { text: 'new', threadTs: thread } as never, { ...item, idempotencyKey: 'slack:reply:EvT2:0', attempts: 2 });
    expect(fake.messages).toHaveLength(5);
    expect(fake.messages[4]!.thread_ts).toBe(thread);
  });
});

describe('Slack sender: an answer that replaces the clicked message', () => {
  it('updates the message (no history check, no new post); posts the answer when the message is gone', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    const item = { id: 1, idempotencyKey: 'slack:update:act:1:U1:0', kind: 'slack-update', attempts: 2, maybeSentBefore: false, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    const message = { text: 'Marked done', updateTs: '1767517200.000100' } as never;
    expect(await sender.send({ kind: 'channel', channelId: 'D1' }, message, item)).toEqual({ status: 'sent', platformMessageId: 'D1/1767517200.000100' });
    expect(fake.callsOf('chat.update')[0]!.args).toMatchObject({ channel: 'D1', ts: '1767517200.000100', text: 'Marked done' });
    expect(fake.callsOf('conversations.history')).toHaveLength(0);
    expect(fake.messages).toHaveLength(0);
    // a 5xx is retried by the outbox
    fake.fail('chat.update', { status: 500 });
    expect(await sender.send({ kind: 'channel', channelId: 'D1' }, message, { ...item, attempts: 3 })).toMatchObject({ status: 'retry' });
    // deleted meanwhile: the answer comes as a new message instead of being lost
    fake.fail('chat.update', { error: 'message_not_found' });
    expect(await sender.send({ kind: 'channel', channelId: 'D1' }, message, { ...item, attempts: 4 })).toMatchObject({ status: 'sent' });
    expect(fake.messages).toHaveLength(1);
    expect(fake.messages[0]).toMatchObject({ channel: 'D1', text: 'Marked done', metadata: { event_payload: { key: 'slack:update:act:1:U1:0' } } });
  });
});

describe('Slack sender: when the history cannot be read', () => {
  it('sends anyway on not_in_channel (a public channel posted to without joining), retries on 5xx', async () => {
    const { fake, app } = await setup();
    const sender = new SlackSender(app, outboxClient(app), new SlackUsers(app), { perChannelMs: 0 });
    const item = { id: 1, idempotencyKey: 'k:9', kind: 'announcement', attempts: 2, maybeSentBefore: true, queuedAt: app.clock.now(), firstAttemptAt: app.clock.now() };
    fake.fail('conversations.history', { status: 500 });
    expect(await sender.send({ kind: 'channel', channelId: 'C9' }, { text: 'news' }, item)).toMatchObject({ status: 'retry' });
    expect(fake.messages).toHaveLength(0);
    fake.fail('conversations.history', { error: 'not_in_channel' });
    expect(await sender.send({ kind: 'channel', channelId: 'C9' }, { text: 'news' }, item)).toMatchObject({ status: 'sent' });
    expect(fake.messages).toHaveLength(1);
  });
});

describe('Slack pacer', () => {
  it('spaces posts to one channel by the interval, other channels independent', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new Pacer(() => now, async (ms) => {
      waits.push(ms);
    });
    await pacer.spaced('C1', 1000);
    await pacer.spaced('C1', 1000);
    await pacer.spaced('C2', 1000);
    await pacer.spaced('C1', 1000);
    expect(waits).toEqual([1000, 2000]);
    now = 5000;
    await pacer.spaced('C1', 1000);
    expect(waits).toEqual([1000, 2000]);
  });

  it('allows at most N calls in a window (Tier 3: 50 a minute)', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new Pacer(() => now, async (ms) => {
      waits.push(ms);
    });
    for (let i = 0; i < 50; i++) await pacer.windowed('open', 50, 60_000);
    expect(waits).toEqual([]);
    now = 10_000;
    await pacer.windowed('open', 50, 60_000);
    expect(waits).toEqual([50_000]);
  });
});

describe('Slack Web API clients', () => {
  it('honour SLACK_API_URL with or without the trailing slash', async () => {
    const { fake, app: withSlash } = await setup();
    expect(fake.apiUrl).toMatch(/\/$/);
    const a = testApp({ env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl.replace(/\/$/, '') } });
    try {
      await outboxClient(a).auth.test();
      expect(fake.callsOf('auth.test')).toHaveLength(1);
      await outboxClient(withSlash).auth.test();
      expect(fake.callsOf('auth.test')).toHaveLength(2);
    } finally {
      a.cleanup();
    }
  });
});
