import { createHash } from 'node:crypto';
import type { Activity, CloudAdapter, ConversationParameters, ConversationReference, ConversationResourceResponse, TurnContext } from 'botbuilder';
import type { OutMessage } from '../../src/chat/model.ts';
import type { Person } from '../../src/people/person.ts';
import type { OutboxItemView, Sender, SendOutcome, SendTarget } from '../../src/jobs/sender.ts';
import type { TeamsRefsRepo, StoredTeamsRef } from '../../src/store/teams-refs-repo.ts';
import type { Logger } from '../../src/log.ts';
import { renderActivities } from './render.ts';
import { classifyError } from './errors.ts';
import { abortConnectorCallsWith, disableConnectorRetry } from './auth.ts';
import { Pacer } from './pacer.ts';
import { systemClock, type Clock } from '../../src/clock.ts';

/** The outbox kind of an answer to a person's message or click whose post in the turn failed. */
export const REPLY_KIND = 'teams-reply';

/**
 * An answer queued in the outbox: it goes into the conversation it answers (the reference of the
 * activity, plain JSON), not to a stored reference; `skip`: its first cards were posted already.
 */
export interface TeamsReplyMessage extends OutMessage {
  teamsReply?: { ref: Record<string, unknown>; skip?: number };
}

/** How long one proactive send may take before it counts as failed (a connector that never answers). */
const SEND_TIMEOUT_MS = 30_000;

/** A time limit that can be called off; replaceable so tests decide when it runs out instead of waiting. */
export type Deadline = (ms: number) => { expired: Promise<void>; cancel(): void };

export const realDeadline: Deadline = (ms) => {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return { expired, cancel: () => clearTimeout(timer) };
};

/** The part of the Bot Connector client a send uses beyond the turn's sendActivity. */
interface ConnectorClient {
  conversations: { createConversation(parameters: ConversationParameters): Promise<ConversationResourceResponse> };
}

/** A send the connector did not answer in time: classified like a 5xx (retried with backoff). */
class SendTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(ms: number) {
    super(`the Bot Connector did not answer within ${Math.round(ms / 1000)} s`);
    this.name = 'SendTimeoutError';
  }
}

/**
 * The Teams outbound port for the outbox: proactive messages to people (their personal chat
 * with the bot, from the reference stored when they installed the app or wrote to it) and
 * posts to channels (announcements; the channel's reference is stored when the bot is added
 * to the team). Paced per conversation; the connector's own retry is off, so a 429 comes back
 * to the outbox once with its Retry-After.
 */
export class TeamsSender implements Sender {
  readonly platform = 'teams' as const;
  /** with credentials (MICROSOFT_APP_ID): a configured platform, in service from the start */
  private readonly authenticated: boolean;
  /** the time limit of one connector call, and how it is measured (tests replace it) */
  timeoutMs = SEND_TIMEOUT_MS;
  deadline: Deadline = realDeadline;
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly refs: TeamsRefsRepo,
    private readonly log: Logger,
    /** when a reference it replaces was stored (the app's clock) */
    private readonly clock: Clock = systemClock,
    readonly pacer = new Pacer(),
  ) {
    this.authenticated = Boolean(appId);
  }

  /** without credentials (the local playground) Teams reaches only its own users: the web inbox keeps everyone else's messages */
  get webFallback(): boolean {
    return !this.authenticated;
  }

  /** In service with credentials, or once a conversation reference is stored (by any server on the database). */
  inService(): boolean {
    return this.authenticated || this.refs.count() > 0;
  }

  reaches(person: Person): boolean {
    return this.refs.forPerson(person.teamsUserId, person.email) !== null;
  }

  /** The reference to send with; `derived`: made from another channel's (a channel the bot was never told of), not stored. */
  private refFor(target: SendTarget): (StoredTeamsRef & { derived?: boolean }) | null {
    if (target.kind === 'person') return this.refs.forPerson(target.person.teamsUserId, target.person.email);
    const own = this.refs.get(target.channelId);
    // (one Teams refused for good too: send() skips it, never another channel's in its place)
    if (own) return own;
    // a channel created after the bot joined its team: same service and tenant as the channels we know;
    // Teams answers 403/404 when the bot is not in that team, which parks the message as dead
    const other = this.refs.anyChannel();
    if (!other) return null;
    const conversation = { ...(other.ref.conversation as Record<string, unknown>), id: target.channelId };
    return { ...other, key: target.channelId, ref: { ...other.ref, conversation, teamId: null, channelName: null }, derived: true };
  }

  async send(target: SendTarget, message: OutMessage, item: OutboxItemView): Promise<SendOutcome> {
    const reply = item.kind === REPLY_KIND ? (message as TeamsReplyMessage).teamsReply : undefined;
    const stored: (Pick<StoredTeamsRef, 'key' | 'ref'> & { derived?: boolean }) | null = reply ? { key: target.kind === 'channel' ? target.channelId : '', ref: reply.ref, derived: true } : this.refFor(target);
    if (!stored) {
      return {
        status: 'dead',
        // the person is not (or no longer) on Teams: the outbox may try their next platform
        unreachable: target.kind === 'person',
        error:
          target.kind === 'person'
            ? `no Teams conversation with ${target.person.email}: the person has not installed the app or written to the bot`
            : `Teams channel ${target.channelId} is not known: add the bot to its team first`,
      };
    }
    const stale = target.kind === 'channel' ? (stored.ref.stale as { at?: string; reason?: string } | undefined) : undefined;
    if (stale && target.kind === 'channel') {
      // refused for good before: not tried again until Teams gives the channel's reference anew
      const error = `Teams channel ${target.channelId} is no longer reachable (refused for good ${stale.at ?? ''}: ${stale.reason ?? ''}): not tried again until someone writes in it or the bot is added to its team again`;
      this.log.warn({ id: item.id, key: item.idempotencyKey, channel: target.channelId }, 'teams: channel reference is stale, message not sent');
      return { status: 'dead', error };
    }
    let ref = stored.ref as Partial<ConversationReference>;
    let conversation = ref.conversation?.id ?? stored.key;
    const cooling = this.pacer.coolingFor(conversation);
    // held back, never sent: the outbox counts no attempt for it
    if (cooling > 0) return { status: 'retry', error: 'Teams throttled this conversation: waiting for its Retry-After', retryAfterMs: cooling, rateLimited: true };
    // (an answer whose first cards were posted in the turn: the rest; a message that failed half-way
    // here before: the cards from the one that failed)
    const all = renderActivities(message);
    // (how far an earlier attempt got is kept in the outbox row, so any server goes on from there;
    // a message whose text changed since starts from its first card)
    const digest = createHash('sha256').update(JSON.stringify(message)).digest('base64url');
    const done = Math.max(reply?.skip ?? 0, item.partsSent?.of === digest ? item.partsSent.count : 0);
    const activities = all.slice(done);
    let sentIds: string[] = [];
    /** another server took the row over between two cards: it posts the rest */
    let takenOver = false;
    const postAll = async () => {
      for (const act of activities.slice(sentIds.length)) {
        const id = await this.pacer.run(conversation, () => this.deliver(ref, act));
        sentIds.push(id);
        const posted = done + sentIds.length;
        // recorded in the outbox row before the next card goes: a server that dies now leaves the
        // row to one that starts with the next card, so no card that went is posted again
        if (posted < all.length && item.partPosted?.({ count: posted, of: digest }) === false) {
          takenOver = true;
          return;
        }
      }
    };
    try {
      try {
        await postAll();
      } catch (e) {
        // a person's chat that Teams no longer knows, or no longer lets the bot into: a new one, or the next platform
        if (reply || target.kind !== 'person' || done + sentIds.length > 0 || !isStale(e) || stored.ref.kind !== 'personal') throw e;
        const fresh = await this.reopen(target.person, stored as StoredTeamsRef, e);
        if ('status' in fresh) return fresh;
        ref = fresh.ref as Partial<ConversationReference>;
        conversation = ref.conversation?.id ?? stored.key;
        await postAll();
      }
    } catch (e) {
      const outcome = classifyError(e, Date.now());
      const { cooldownMs, ...rest } = outcome;
      // a stored channel reference Teams refuses for good (conversation not found, the bot removed
      // from the team): marked stale, so later posts to that channel are not tried and die the same way
      if (target.kind === 'channel' && !stored.derived && isStale(e) && this.refs.markStale(stored.key, stored.ref, rest.error, this.clock.now())) {
        this.log.warn({ channel: target.channelId, error: rest.error }, 'teams: channel reference refused for good, marked stale');
      }
      if (cooldownMs) this.pacer.coolDown(conversation, cooldownMs);
      const posted = done + sentIds.length;
      if (posted > 0 && rest.status === 'retry') rest.partsSent = { count: posted, of: digest };
      if (posted) rest.error = `${rest.error} (after ${posted} of ${all.length} parts were sent)`;
      // (the bot's own credentials refused stop every message until the operator fixes them: an error, as on Slack)
      const level = rest.status === 'retry' && rest.config ? 'error' : 'info';
      this.log[level]({ id: item.id, key: item.idempotencyKey, conversation, outcome: rest.status, error: rest.error }, 'teams: send failed');
      return rest;
    }
    if (takenOver) {
      const posted = done + sentIds.length;
      this.log.warn({ id: item.id, key: item.idempotencyKey, conversation, posted, of: all.length }, 'teams: another server took the message over between two cards: the rest goes from there');
      return { status: 'retry', error: `another server took the message over (after ${posted} of ${all.length} parts were sent)`, partsSent: { count: posted, of: digest } };
    }
    sentIds = sentIds.filter(Boolean);
    return { status: 'sent', platformMessageId: sentIds[0] };
  }

  /**
   * The stored personal chat of `person` no longer works (`failure`: Teams' 403 or 404). The bot opens
   * a new one with the user and tenant of that reference (Teams gives back the existing chat when
   * there is one) and stores it in place of the old: the new reference, to send with. When Teams
   * refuses that too (the person removed the app), the reference is dropped, so neither this message
   * nor later ones are tried on Teams again, and the outcome says the person is unreachable here: the
   * outbox tries their next platform. A failure for now (5xx, timeout, 429) keeps the reference and is retried.
   */
  private async reopen(person: Person, stored: StoredTeamsRef, failure: unknown): Promise<{ ref: Record<string, unknown> } | SendOutcome> {
    const ref = stored.ref as Partial<ConversationReference> & Record<string, unknown>;
    const user = ref.user as { id?: string; aadObjectId?: string } | undefined;
    const userId = user?.id ?? user?.aadObjectId ?? person.teamsUserId;
    const tenantId = ref.conversation?.tenantId;
    const gone = `the Teams chat with ${person.email} no longer works (${classifyError(failure, Date.now()).error})`;
    const drop = (why: string): SendOutcome => {
      this.refs.replaceIf(stored.key, stored.ref, null, this.clock.now());
      this.log.warn({ key: stored.key, email: person.email, why }, 'teams: stale conversation reference dropped');
      return { status: 'dead', unreachable: true, error: `${gone}, and a new one could not be opened (${why}): reference dropped` };
    };
    if (!userId || !tenantId) return drop('the reference names no user or tenant');
    let created: { id?: string; serviceUrl?: string };
    try {
      created = await this.connector(ref, (client) =>
        client.conversations.createConversation(({ isGroup: false, bot: ref.bot, members: [{ id: userId }], tenantId, channelData: { tenant: { id: tenantId } } }) as ConversationParameters),
      );
    } catch (e) {
      const outcome = classifyError(e, Date.now());
      if (outcome.status !== 'dead') return { ...outcome, error: `${gone}; opening a new one failed for now: ${outcome.error}` };
      return drop(outcome.error);
    }
    if (!created.id) return drop('Teams returned no conversation id');
    const conversation = { ...(ref.conversation as unknown as Record<string, unknown>), id: created.id };
    const next = { ...stored.ref, conversation, ...(created.serviceUrl ? { serviceUrl: created.serviceUrl } : {}) };
    this.refs.replaceIf(stored.key, stored.ref, next, this.clock.now());
    this.log.info({ key: stored.key, email: person.email, conversation: created.id }, 'teams: stale conversation reference replaced by a new personal chat');
    return { ref: next };
  }

  /**
   * One activity through continueConversation with the stored reference; throws the connector's
   * error, or SendTimeoutError when it has not answered within `timeoutMs` (the call is aborted).
   */
  private async deliver(ref: Partial<ConversationReference>, act: Record<string, unknown>): Promise<string> {
    return this.connector(ref, async (_client, context) => (await context.sendActivity(act as Partial<Activity>))?.id ?? '');
  }

  /**
   * Runs `use` with the connector client of a continueConversation turn on `ref` (its own retry
   * off); throws the connector's error, or SendTimeoutError when it has not answered within
   * `timeoutMs` (the call is aborted).
   */
  private async connector<T>(ref: Partial<ConversationReference>, use: (client: ConnectorClient, context: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    let failure: unknown = null;
    const abort = new AbortController();
    const call = this.adapter.continueConversationAsync(this.appId, ref, async (context) => {
      disableConnectorRetry(context);
      abortConnectorCallsWith(context, abort.signal);
      try {
        result = await use(context.turnState.get(this.adapter.ConnectorClientKey) as ConnectorClient, context);
      } catch (e) {
        // caught here, not by the adapter's onTurnError, so the outbox can classify it
        failure = e;
      }
    });
    const limit = this.deadline(this.timeoutMs);
    try {
      const timedOut = await Promise.race([call.then(() => false), limit.expired.then(() => true)]);
      if (timedOut) {
        abort.abort();
        call.catch(() => undefined);
        throw new SendTimeoutError(this.timeoutMs);
      }
    } finally {
      limit.cancel();
    }
    if (failure) throw failure;
    return result as T;
  }
}

/** Teams' answer for a chat that no longer works: 404 (conversation not found) or 403 (the bot not in it, the app removed). */
function isStale(e: unknown): boolean {
  const status = (e as { statusCode?: number } | null)?.statusCode;
  return status === 403 || status === 404;
}
