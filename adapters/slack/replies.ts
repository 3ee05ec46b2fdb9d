import type { RespondFn, webApi } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import type { Lang, OutMessage } from '../../src/chat/model.ts';
import { randomUUID } from 'node:crypto';
import { enqueue } from '../../src/jobs/outbox.ts';
import { eventWriteDone, recordEventWrite } from '../../src/store/inbound-repo.ts';
import { cannotUpdate, classifyError, messageRefused, slackErrorCode } from './errors.ts';
import { renderMessage, type PayloadStore, type RenderedMessage } from './render.ts';
import { outboxMetadata, REPLY_KIND, UPDATE_KIND, type SlackReplyMessage } from './sender.ts';
import type { SlackUsers } from './users.ts';
import { slackTexts as t } from './texts.ts';

type WebClient = webApi.WebClient;

/** How long an answer waits in the outbox before it is recorded as expired. */
const REPLY_EXPIRES_MS = 24 * 3600_000;

/** What the Slack adapter shares between its listeners. */
export interface SlackContext {
  app: App;
  users: SlackUsers;
  /** posts the answers to people's messages (quick retries only where Slack surely did not post) */
  replyClient: WebClient;
  /** how long a slash command may wait for the answer before acknowledging with "one moment" */
  commandBudgetMs: number;
}

export function payloadStore(ctx: SlackContext): PayloadStore {
  return { put: (p) => ctx.users.repo.putPayload(p, ctx.app.clock.now()) };
}

export function render(ctx: SlackContext, m: OutMessage, lang: Lang): RenderedMessage {
  return renderMessage(m, { lang, store: payloadStore(ctx) });
}

/** Where the replies of a turn go. */
export interface ReplyTarget {
  client: WebClient;
  userId: string;
  /** the conversation; absent (App Home): the app's DM with the user */
  channel?: string;
  threadTs?: string;
  isDirect: boolean;
  /** the message carrying the clicked button, for replaceOriginal */
  original?: { channel: string; ts: string; ephemeral: boolean };
  /** the response_url of a click or a command (the only way to replace an ephemeral message) */
  respond?: RespondFn;
  /** the id of the event answered (Slack event id, act:…, view:…): the answers' idempotency keys */
  eventId?: string;
  /**
   * a payload run again after its server died, whose turn that server had begun: when it received
   * it. An answer that server may have posted since is looked for before it is posted again.
   */
  postedSince?: Date;
}

/** An answer's idempotency key: the same event answered twice (a Slack retry) never queues it twice. */
function replyKey(target: ReplyTarget, index: number, kind: 'reply' | 'update' = 'reply'): string {
  return `slack:${kind}:${target.eventId ?? `${target.channel ?? target.userId}:${randomUUID()}`}:${index}`;
}

/**
 * Posts the core's replies: in the conversation (in the thread for mentions), replacing the
 * clicked message when asked, ephemeral where the core asks for it and Slack can. Each failure
 * is logged and the next reply still goes (one error funnel, never thrown back to Bolt).
 *
 * An answer posted into the conversation carries its key in the message metadata; when its post
 * fails (a 429, a 5xx, a timeout) it goes to the outbox under that key, which waits for
 * Retry-After, backs off, and finds an answer that did reach Slack before posting it again.
 */
export async function postReplies(ctx: SlackContext, target: ReplyTarget, replies: OutMessage[], lang: Lang): Promise<void> {
  const { client } = target;
  const channel = target.channel ?? target.userId;
  for (const [index, m] of replies.entries()) {
    try {
      const r = render(ctx, m, lang);
      if (m.replaceOriginal && target.original && !target.original.ephemeral) {
        await updateOriginal(ctx, target, target.original, m, lang, r, index);
      } else if (m.replaceOriginal && target.respond) {
        await respondOrDm(ctx, target, target.respond, { replace_original: true }, m, lang, r, index);
      } else if (m.ephemeral && !target.isDirect && (target.respond || target.channel)) {
        const { respond } = target;
        await postPrivately(ctx, target, index, () =>
          respond
            ? respondOrDm(ctx, target, respond, { response_type: 'ephemeral', replace_original: false }, m, lang, r, index)
            : client.chat.postEphemeral({ channel, user: target.userId, text: r.text, blocks: r.blocks as never, thread_ts: target.threadTs }),
        );
      } else {
        await postAnswer(ctx, target, channel, m, lang, r, replyKey(target, index));
      }
    } catch (e) {
      ctx.app.log.error({ err: e, channel }, 'slack: reply failed');
    }
  }
}

/**
 * An answer through the click's response_url (the only way to answer in, or replace, a message
 * only the person sees). When it refuses the answer (a 5xx, an expired URL: Bolt's respond tries
 * once), the answer goes to the person's DM with the app, as an /it answer does, so the click is
 * never left without its answer.
 */
async function respondOrDm(
  ctx: SlackContext, target: ReplyTarget, respond: RespondFn, how: { replace_original: boolean; response_type?: 'ephemeral' }, m: OutMessage, lang: Lang, r: RenderedMessage, index: number,
): Promise<void> {
  try {
    await respond({ ...how, text: r.text, blocks: r.blocks as never });
  } catch (e) {
    ctx.app.log.warn({ err: e }, 'slack: answer refused by response_url, sent by DM instead');
    await postToDm(ctx, target.client, target.userId, target.eventId ?? `${target.userId}:${randomUUID()}`, m, lang, index);
  }
}

/**
 * Under this name (`event_writes`, by the event id, with the answer's index) an answer only its
 * person sees (`response_url`, `chat.postEphemeral`) is noted as it goes: Slack cannot be asked
 * for such a message, so a server that runs the payload again after its server died posts only
 * those not noted.
 */
const PRIVATE_ANSWER = 'slack.answer.private';

/** Posts an answer only its person sees, once per event: not again when the payload is run again and it was noted as posted. */
async function postPrivately(ctx: SlackContext, target: ReplyTarget, index: number, post: () => Promise<unknown>): Promise<void> {
  await oncePerPayload(ctx, target.eventId, target.postedSince, `${PRIVATE_ANSWER}:${index}`, post);
}

/**
 * Runs `act` (a Slack call Slack cannot be asked about afterwards: a private answer, a form
 * opened) once per payload: on a run of the payload again (`again`: its server died before it was
 * marked done) not when the first run noted it under `write`; noted when it went.
 */
export async function oncePerPayload(ctx: SlackContext, eventId: string | undefined, again: Date | undefined, write: string, act: () => Promise<unknown>): Promise<void> {
  const { app } = ctx;
  if (eventId && wentBefore(ctx, eventId, again, write)) {
    app.log.info({ eventId, write }, 'slack: done for this payload by the run before, not done again');
    return;
  }
  await act();
  if (!eventId) return;
  try {
    recordEventWrite(app.db, 'slack', eventId, write);
  } catch (e) {
    app.log.warn({ err: e, eventId, write }, 'slack: could not note what a payload did');
  }
}

/** Whether the first run of a payload run again (`again`) noted `write` (`oncePerPayload`). */
export function wentBefore(ctx: SlackContext, eventId: string, again: Date | undefined, write: string): boolean {
  return again !== undefined && eventWriteDone(ctx.app.db, 'slack', eventId, write) !== null;
}

/**
 * Replaces the clicked message with the answer. When chat.update fails for a while (5xx, a
 * timeout: Bolt's client has retried and waited out a 429 already), the update goes to the
 * outbox under `slack:update:{event id}:{n}` and is tried again there (the same update twice
 * changes nothing, so no check for an earlier attempt is needed); when the message can no longer
 * be replaced (deleted), the answer is posted into the conversation instead. Either way the
 * person learns what their click did.
 */
async function updateOriginal(
  ctx: SlackContext, target: ReplyTarget, original: { channel: string; ts: string }, m: OutMessage, lang: Lang, r: RenderedMessage, index: number,
  plainer = plainerForms(m, lang),
): Promise<void> {
  const { app } = ctx;
  try {
    await target.client.chat.update({ channel: original.channel, ts: original.ts, text: r.text, blocks: r.blocks as never });
  } catch (e) {
    const [next, ...rest] = plainer;
    if (next && messageRefused(e)) {
      app.log.warn({ channel: original.channel, ts: original.ts, error: slackErrorCode(e) }, 'slack: the answer replacing the clicked message was refused, replacing it with a plainer form');
      await updateOriginal(ctx, target, original, next, lang, render(ctx, next, lang), index, rest);
      return;
    }
    if (cannotUpdate(e)) {
      app.log.warn({ channel: original.channel, ts: original.ts, err: e }, 'slack: the clicked message cannot be replaced, posting the answer instead');
      await postAnswer(ctx, { ...target, channel: original.channel }, original.channel, m, lang, r, replyKey(target, index), plainer);
      return;
    }
    const key = replyKey(target, index, 'update');
    const message: SlackReplyMessage = { ...m, lang: m.lang ?? lang, threadTs: target.threadTs, updateTs: original.ts };
    queueFailedAnswer(ctx, e, { key, kind: UPDATE_KIND, channel: original.channel, message }, 'slack: replacing the clicked message failed, handed to the outbox');
  }
}

/**
 * An answer that could not reach the person where it belonged (a slash command's response_url
 * refused it): posted into the person's DM with the app instead, under the answer's key (the
 * outbox takes it on a transient failure), so it is not lost.
 */
export async function postToDm(ctx: SlackContext, client: WebClient, userId: string, eventId: string, m: OutMessage, lang: Lang, index: number): Promise<void> {
  const target: ReplyTarget = { client, userId, isDirect: true, eventId };
  await postAnswer(ctx, target, userId, m, lang, render(ctx, m, lang), replyKey(target, index));
}

/**
 * Posts one answer into the conversation; a transient failure hands it to the outbox. The answer
 * to a payload run again whose turn the server that died had begun goes to the outbox at once: that
 * server may have posted it, and the outbox looks for its key in the conversation before it posts.
 */
async function postAnswer(
  ctx: SlackContext, target: ReplyTarget, channel: string, m: OutMessage, lang: Lang, r: RenderedMessage, key: string, plainer = plainerForms(m, lang),
): Promise<void> {
  if (target.postedSince) {
    queueAnswer(ctx, { key, kind: REPLY_KIND, channel, message: { ...m, lang: m.lang ?? lang, threadTs: target.threadTs, postedSince: target.postedSince.toISOString() } }, ctx.app.clock.now());
    ctx.app.log.info({ channel, key }, 'slack: the answer to a payload run again goes through the outbox, which posts it unless it is found posted');
    return;
  }
  try {
    await ctx.replyClient.chat.postMessage({
      channel, thread_ts: target.threadTs, text: r.text, blocks: r.blocks as never, unfurl_links: false, unfurl_media: false, metadata: outboxMetadata(key),
    });
  } catch (e) {
    // (refused for good: Slack posted nothing, so what goes instead is never a second copy)
    const [next, ...rest] = plainer;
    if (next && messageRefused(e)) {
      ctx.app.log.warn({ channel, key, error: slackErrorCode(e) }, 'slack: answer refused, posting a plainer form of it');
      await postAnswer(ctx, target, channel, next, lang, render(ctx, next, lang), key, rest);
      return;
    }
    if (!target.isDirect && classifyError(e).status === 'dead' && !messageRefused(e)) {
      // refused for where it was going (the bot not in the channel, the channel archived, posting
      // restricted): the person gets it in their DM with the app
      ctx.app.log.warn({ channel, key, error: slackErrorCode(e) }, 'slack: answer refused in the conversation, posting it in the person\'s DM with the app');
      await postAnswer(ctx, { client: target.client, userId: target.userId, isDirect: true, eventId: target.eventId }, target.userId, m, lang, r, key, plainer);
      return;
    }
    const message: SlackReplyMessage = { ...m, lang: m.lang ?? lang, threadTs: target.threadTs };
    queueFailedAnswer(ctx, e, { key, kind: REPLY_KIND, channel, message }, 'slack: reply failed, handed to the outbox');
  }
}

/**
 * What an answer Slack refuses for what it is (its blocks, its length) becomes, one after the
 * other: its text alone (no cards, buttons or images), then a short note that it could not be
 * shown and what to do.
 */
function plainerForms(m: OutMessage, lang: Lang): OutMessage[] {
  const l = m.lang ?? lang;
  return [{ text: m.text, lang: l }, { text: t(l, 'answerRefused'), lang: l }];
}

/** An answer for the outbox: its key, whether it is posted or replaces a message, and where it goes. */
type QueuedAnswer = { key: string; kind: typeof REPLY_KIND | typeof UPDATE_KIND; channel: string; message: SlackReplyMessage };

/**
 * An answer whose direct call failed: a transient failure (a 429, a 5xx, a timeout) hands it to
 * the outbox under its key, due after Retry-After (else now) and expiring after a day (an answer a
 * day late answers nobody any more); any other failure is thrown back.
 */
function queueFailedAnswer(ctx: SlackContext, e: unknown, answer: QueuedAnswer, logMessage: string): void {
  const { app } = ctx;
  const c = classifyError(e);
  if (c.status !== 'retry') throw e;
  const now = app.clock.now();
  const created = queueAnswer(ctx, answer, c.retryAfterMs ? new Date(now.getTime() + c.retryAfterMs) : now);
  app.log.warn({ channel: answer.channel, key: answer.key, error: c.error, queued: created }, logMessage);
}

/** An answer queued under its key, due at `dueAt` and expiring a day after now; false when the key was queued before. */
function queueAnswer(ctx: SlackContext, answer: QueuedAnswer, dueAt: Date): boolean {
  const now = ctx.app.clock.now();
  return enqueue(ctx.app.db, now, {
    key: answer.key,
    kind: answer.kind,
    target: { kind: 'channel', platform: 'slack', channelId: answer.channel },
    message: answer.message,
    dueAt,
    expiresAt: new Date(now.getTime() + REPLY_EXPIRES_MS),
  }).created;
}
