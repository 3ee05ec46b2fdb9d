import type { webApi } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import type { Person } from '../../src/people/person.ts';
import type { OutboxItemView, Sender, SendOutcome, SendTarget } from '../../src/jobs/sender.ts';
import { cannotUpdate, classifyError, messageRefused, personUnreachable, slackErrorCode } from './errors.ts';
import { hasImage, renderMessage, type RenderedMessage } from './render.ts';
import type { SlackUsers } from './users.ts';

type WebClient = webApi.WebClient;

/** The message metadata type that marks the bot's outbox messages (found again after a crash). */
const OUTBOX_EVENT_TYPE = 'itbot_outbox';

/** The outbox kind of an answer to a person's message whose direct post failed. */
export const REPLY_KIND = 'slack-reply';

/** The outbox kind of an answer that replaces the clicked message, whose chat.update failed. */
export const UPDATE_KIND = 'slack-update';

/** An answer queued in the outbox: the thread it belongs to travels with the message. */
export interface SlackReplyMessage extends OutMessage {
  threadTs?: string;
  /** the ts of the message this answer replaces (chat.update; the same content twice changes nothing) */
  updateTs?: string;
  /** an answer to a payload run again after its server died: when that server received it (ISO), since when it may have been posted */
  postedSince?: string;
}

/** The metadata that marks a message of ours with its key (found again in the history). */
export function outboxMetadata(key: string) {
  return { event_type: OUTBOX_EVENT_TYPE, event_payload: { key } };
}

export interface SlackSenderOptions {
  /** chat.postMessage spacing per channel (Slack: about one message per second per channel) */
  perChannelMs?: number;
  /** how many messages one page of a channel's history or a thread's replies holds, when looking for an earlier attempt */
  historyLimit?: number;
}

/**
 * The outbox's Slack port: DMs (user id from the directory or by e-mail, DM channel cached)
 * and channel posts. Paced per channel, Retry-After honoured, `ok:false` classified. The Web
 * API client must not retry by itself (retries: 0, rate-limited calls rejected): the outbox
 * is the one retry mechanism.
 *
 * Exactly once: every message carries metadata {event_type: itbot_outbox, key}. When an
 * earlier attempt may have reached Slack (a lease that ran out, or any earlier failed attempt,
 * since a 5xx or a timeout can come after the post), the channel's history since the first
 * attempt (or, for an answer in a thread, the thread's replies) is searched for the key first.
 */
export class SlackSender implements Sender {
  readonly platform = 'slack' as const;
  /** no Web API calls before this app-clock time (ms), after a 429 */
  private blockedUntil = 0;
  private readonly o: Required<SlackSenderOptions>;

  constructor(
    private readonly app: App,
    private readonly client: WebClient,
    private readonly users: SlackUsers,
    opts: SlackSenderOptions = {},
  ) {
    this.o = { perChannelMs: opts.perChannelMs ?? 1000, historyLimit: opts.historyLimit ?? 100 };
  }

  reaches(person: Person): boolean {
    return this.users.mayReach(person);
  }

  unreachableReason(person: Person): string | null {
    return this.users.unreachableReason(person);
  }

  async send(target: SendTarget, message: OutMessage, item: OutboxItemView): Promise<SendOutcome> {
    const blocked = this.blocked();
    if (blocked) return blocked;
    try {
      let channel: string;
      if (target.kind === 'channel') {
        // an answer addressed to a person's user id (a click on the App Home, an /it answer its
        // response_url refused) is in the app's DM with them: conversations.history, which looks for an
        // earlier attempt, takes only that channel's id
        channel = /^[UW]/.test(target.channelId) ? await this.users.dmChannel(this.client, target.channelId) : target.channelId;
      } else {
        // (a message held to Slack, queued before Slack refused the person: told why at once)
        const gone = this.users.unreachableReason(target.person);
        if (gone) return { status: 'dead', unreachable: true, error: gone };
        const userId = await this.users.userId(this.client, target.person);
        if (!userId) return { status: 'dead', unreachable: true, error: `slack: users_not_found: ${target.person.email} is not in the Slack workspace` };
        channel = await this.users.dmChannel(this.client, userId);
      }
      const { threadTs, updateTs, postedSince } = message as SlackReplyMessage;
      if (updateTs) {
        const updated = await this.update(channel, updateTs, message, item);
        if (updated) return updated;
      }
      // an answer comes here after its direct post failed, which may have reached Slack all the same
      if (item.maybeSentBefore || item.attempts > 1 || item.kind === REPLY_KIND) {
        // an answer's first attempt was its direct post, just before it was queued (or, for a payload
        // run again after its server died, that server's, made after it received the payload)
        const since = postedSince ? new Date(postedSince) : item.kind === REPLY_KIND ? item.queuedAt : item.firstAttemptAt;
        const ts = await this.findSent(channel, item.idempotencyKey, since, threadTs);
        if (ts) {
          this.app.log.info({ key: item.idempotencyKey, channel, ts }, 'slack: already delivered by an earlier attempt');
          return { status: 'sent', platformMessageId: `${channel}/${ts}` };
        }
      }
      const turn = await this.turnToPost(channel, message);
      if ('held' in turn) return turn.held;
      const post = (r: RenderedMessage) =>
        this.client.chat.postMessage({
          channel,
          thread_ts: threadTs,
          text: r.text,
          blocks: r.blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          metadata: outboxMetadata(item.idempotencyKey),
        });
      try {
        let res;
        try {
          res = await post(turn.r);
        } catch (e) {
          // Slack refuses a message whole when it cannot download one of its images (a chart on an
          // address it cannot reach, ITBOT_PUBLIC_URL behind the firewall): the message goes with
          // each image's description instead; refused for another reason of its own (its blocks, its
          // length), it goes as its text alone (the App Home still lists an open survey to answer).
          // Slack posted nothing, so no duplicate.
          if (!messageRefused(e) || !message.blocks?.length) throw e;
          const images = slackErrorCode(e) === 'invalid_blocks' && hasImage(turn.r.blocks);
          this.app.log.warn({ key: item.idempotencyKey, channel, err: e }, images ? 'slack: blocks refused, sending the message with its images described instead' : 'slack: message refused, sending its text alone instead');
          res = await post(images ? this.render(message, false) : this.render({ text: message.text, lang: message.lang }));
        }
        return { status: 'sent', platformMessageId: `${res.channel ?? channel}/${res.ts}` };
      } catch (e) {
        // a cached DM channel can go stale (workspace migration): open it again next time
        if (target.kind === 'person' && slackErrorCode(e) === 'channel_not_found' && target.person.slackUserId !== channel) {
          const userId = await this.users.userId(this.client, target.person);
          if (userId && this.users.repo.dmChannel(userId) === channel) {
            this.users.repo.forgetDmChannel(userId);
            return { status: 'retry', error: 'slack: channel_not_found for a cached DM channel: reopening it' };
          }
        }
        throw e;
      }
    } catch (e) {
      if (target.kind === 'person' && personUnreachable(e)) {
        // a deactivated account: not chosen for the person for 6 hours, and this message tries
        // their next platform (Teams) or is parked with the reason
        const { error } = classifyError(e) as { error: string };
        this.users.noteUnreachable(target.person, error);
        this.app.log.warn({ key: item.idempotencyKey, email: target.person.email, error }, 'slack: the person cannot be reached on Slack, not chosen for them for 6 hours');
        return { status: 'dead', unreachable: true, error };
      }
      return this.outcome(e, item);
    }
  }

  /**
   * An answer that replaces the clicked message (its direct chat.update failed): chat.update
   * again, which needs no check for an earlier attempt (the same content twice changes nothing).
   * Null when the message can no longer be replaced: the answer is then posted as a new message.
   */
  private async update(channel: string, ts: string, message: OutMessage, item: OutboxItemView): Promise<SendOutcome | null> {
    const turn = await this.turnToPost(channel, message);
    if ('held' in turn) return turn.held;
    const { r } = turn;
    try {
      await this.client.chat.update({ channel, ts, text: r.text, blocks: r.blocks as never });
      return { status: 'sent', platformMessageId: `${channel}/${ts}` };
    } catch (e) {
      if (!cannotUpdate(e)) throw e;
      this.app.log.info({ key: item.idempotencyKey, channel, ts, error: slackErrorCode(e) }, 'slack: the message to replace is gone, posting the answer instead');
      return null;
    }
  }

  /**
   * Waits for the channel's turn (one post a second per channel), then renders the message in its
   * language; `held` when another send met a 429 meanwhile (while this one looked up the person or
   * waited its turn): it is held back too.
   */
  private async turnToPost(channel: string, message: OutMessage): Promise<{ held: SendOutcome } | { r: RenderedMessage }> {
    await this.users.pacer.spaced(`post:${channel}`, this.o.perChannelMs);
    const held = this.blocked();
    if (held) return { held };
    return { r: this.render(message) };
  }

  private render(message: OutMessage, images = true): RenderedMessage {
    const lang = message.lang ?? this.app.config.ITBOT_LANG;
    return renderMessage(message, { lang, images, store: { put: (p) => this.users.repo.putPayload(p, this.app.clock.now()) } });
  }

  private outcome(e: unknown, item: OutboxItemView): SendOutcome {
    const c = classifyError(e);
    if (c.status === 'retry' && c.retryAfterMs) {
      // the whole sender waits: the rest of the batch would only earn more 429s
      this.blockedUntil = Math.max(this.blockedUntil, this.app.clock.now().getTime() + c.retryAfterMs);
    }
    const config = c.status === 'retry' && c.config;
    const log = config ? this.app.log.error.bind(this.app.log) : this.app.log.warn.bind(this.app.log);
    log({ key: item.idempotencyKey, outcome: c.status, error: 'error' in c ? c.error : undefined }, 'slack: send failed');
    return c;
  }

  private blocked(): SendOutcome | null {
    const left = this.blockedUntil - this.app.clock.now().getTime();
    // held back, never sent: the outbox counts no attempt for it
    return left > 0 ? { status: 'retry', error: 'rate limited: waiting for Retry-After', retryAfterMs: left, rateLimited: true } : null;
  }

  /**
   * The ts of a message of ours carrying this outbox key, if any: in the channel's history since
   * `since` (the first attempt), or, for an answer in a thread, among the thread's replies
   * (conversations.history lists only a channel's top-level messages; replies are read with
   * conversations.replies).
   */
  private async findSent(channel: string, key: string, since: Date, threadTs?: string): Promise<string | null> {
    try {
      return threadTs ? await this.findInThread(channel, threadTs, key) : await this.findInHistory(channel, key, since);
    } catch (e) {
      // Slack refuses to show the history (a public channel the bot posts to without being a member,
      // a missing scope, a thread deleted meanwhile): better a possible duplicate than a lost
      // message. Transient errors retry.
      const code = slackErrorCode(e);
      if (!code) throw e;
      this.app.log.warn({ channel, threadTs, key, error: code }, 'slack: cannot check for an earlier delivery, sending');
      return null;
    }
  }

  /**
   * The channel's messages since the first attempt (less a margin for the clocks of Slack and this
   * server), page by page however many came after it: a busy channel may have had hundreds of
   * messages before the outbox tries again.
   */
  private async findInHistory(channel: string, key: string, since: Date): Promise<string | null> {
    const oldest = slackTs(since.getTime() - HISTORY_MARGIN_MS);
    const found = await this.findInPages(key, MAX_HISTORY_PAGES, (cursor) => this.client.conversations.history({ channel, oldest, limit: this.o.historyLimit, include_all_metadata: true, cursor }));
    if (found !== undefined) return found;
    this.app.log.warn({ channel, key, oldest }, 'slack: too many messages since the first attempt to check for an earlier delivery in full, sending');
    return null;
  }

  /** A thread is read oldest first, page by page: the answer looked for is among its latest replies. */
  private async findInThread(channel: string, threadTs: string, key: string): Promise<string | null> {
    const found = await this.findInPages(key, MAX_THREAD_PAGES, (cursor) => this.client.conversations.replies({ channel, ts: threadTs, limit: this.o.historyLimit, include_all_metadata: true, cursor }));
    if (found !== undefined) return found;
    this.app.log.warn({ channel, threadTs, key }, 'slack: thread too long to check for an earlier delivery in full, sending');
    return null;
  }

  /** The ts of the message carrying `key` over at most `maxPages` pages (null: not there; undefined: pages left unread). */
  private async findInPages(
    key: string,
    maxPages: number,
    page: (cursor: string | undefined) => Promise<{ messages?: Parameters<typeof keyIn>[0]; has_more?: boolean; response_metadata?: { next_cursor?: string } }>,
  ): Promise<string | null | undefined> {
    let cursor: string | undefined;
    for (let n = 0; n < maxPages; n++) {
      const r = await page(cursor);
      const ts = keyIn(r.messages, key);
      if (ts) return ts;
      cursor = r.response_metadata?.next_cursor || undefined;
      if (!r.has_more || !cursor) return null;
    }
    return undefined;
  }
}

/** How many pages of a thread (of historyLimit replies each) are read looking for an earlier attempt. */
const MAX_THREAD_PAGES = 10;

/** How many pages of a channel's history (of historyLimit messages each) are read looking for an earlier attempt. */
const MAX_HISTORY_PAGES = 50;

/** How far before the first attempt the history is read: the clocks of Slack and this server may differ. */
const HISTORY_MARGIN_MS = 10 * 60_000;

/** A time as a Slack timestamp (`seconds.micros`), as `oldest` and `latest` take it. */
function slackTs(ms: number): string {
  const us = Math.max(0, Math.floor(ms)) * 1000;
  return `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;
}

type ListedMessage = { ts?: string; metadata?: { event_type?: string; event_payload?: { key?: string } } };

/** The ts of the message carrying this outbox key in its metadata, if any. */
function keyIn(messages: unknown[] | undefined, key: string): string | null {
  for (const m of (messages ?? []) as ListedMessage[]) {
    if (m.metadata?.event_type === OUTBOX_EVENT_TYPE && m.metadata.event_payload?.key === key) return m.ts ?? 'unknown';
  }
  return null;
}
