import { randomUUID } from 'node:crypto';
import { ActivityTypes, TeamsInfo, TurnContext, type Activity, type ResourceResponse } from 'botbuilder';
import type { App } from '../../src/app-types.ts';
import type { InboundAction, OutMessage } from '../../src/chat/model.ts';
import type { TeamsRefsRepo } from '../../src/store/teams-refs-repo.ts';
import { coreTexts } from '../../src/chat/texts.ts';
import { parseLocale } from '../../src/i18n/index.ts';
import { actionFromData, channelData, inboundEvent, userKey, withoutBotMentions } from './inbound.ts';
import { CARD_CONTENT_TYPE, renderActivities, renderCards } from './render.ts';
import { cancelKey, enqueue, enqueueOrUpdate, type EnqueueInput } from '../../src/jobs/outbox.ts';
import { recordInbound } from '../../src/store/inbound-repo.ts';
import { classifyError } from './errors.ts';
import { disableConnectorRetry } from './auth.ts';
import { REPLY_KIND, type Deadline, type TeamsReplyMessage } from './sender.ts';

const INVOKE_CARD = CARD_CONTENT_TYPE;
/** The invoke response type of a notice Teams shows the clicker, the card left as it is. */
export const INVOKE_MESSAGE = 'application/vnd.microsoft.activity.message';
/** how many Teams users' e-mail lookups are remembered per process */
const MAX_KNOWN = 10_000;
/** how long after a member lookup that failed for now (a 429, a 5xx, the network) the user is looked up again */
const LOOKUP_RETRY_MS = 60_000;
/**
 * How long the post of an answer in the turn may take: a connector that took the request and does
 * not answer would otherwise hold the answer until the socket gives up (minutes). After this the
 * answer goes to the outbox, as after a 5xx.
 */
export const REPLY_WAIT_MS = 5_000;
/**
 * How long an answer handed to the outbox because its post was not answered in time waits there for
 * that post to settle: a late success calls the queued copy off, a late failure releases it at once.
 * Only a post still open after this (the connector never answers) leaves the outbox to send the
 * answer without knowing whether Teams has it (as the outbox's own time limit of a send).
 */
export const LATE_POST_HOLD_MS = 30_000;
/** How long an answer whose post failed waits in the outbox before it is recorded as expired. */
const REPLY_EXPIRES_MS = 24 * 3600_000;
/** What a message without words asks the core for: the help, or (a file alone) to be told the bot reads text only. */
const HELP_ACTION: InboundAction = { id: 'core.help' };
const TEXT_ONLY_ACTION: InboundAction = { id: 'core.textOnly' };

/**
 * Whether a message carries a file or a picture: an attachment other than the HTML rendition Teams
 * adds to every formatted message, or a picture pasted into that rendition.
 */
function hasFile(a: Activity): boolean {
  return (a.attachments ?? []).some((x) => x.contentType !== 'text/html' || /<img\b/i.test(typeof x.content === 'string' ? x.content : ''));
}

/** How the time limits of the adapter's connector calls are measured: the outbox sender's (tests replace it there). */
export interface ConnectorTimer {
  readonly deadline: Deadline;
}

/** `act` as a message into the conversation of the turn: a new one, or (`id`) the one it replaces. */
function outgoing(context: TurnContext, act: Partial<Activity>, id?: string): Partial<Activity> {
  const out = TurnContext.applyConversationReference({ type: ActivityTypes.Message, ...act }, TurnContext.getConversationReference(context.activity));
  if (id === undefined) delete out.id;
  else out.id = id;
  return out;
}

/** turnState key: how many answers of this turn were handed out so far (their outbox keys) */
const REPLY_COUNT = Symbol('itbotReplyCount');

/**
 * One Teams turn: activities in, the core's replies out. Keeps the conversation references
 * current (plain JSON in conversation_refs) and links Teams users to the directory.
 */
export class TeamsTurns {
  /** Teams user key → e-mail (null: looked up, not in the directory); avoids a lookup per message */
  private readonly known = new Map<string, string | null>();
  /** Teams user key → when a lookup that failed for now may be tried again (epoch ms of the app's clock) */
  private readonly lookupAgainAt = new Map<string, number>();
  /** key → the reference JSON last written, so an unchanged reference is not rewritten per message */
  private readonly written = new Map<string, string>();
  private readonly lookups = new Map<string, Promise<string | null>>();

  constructor(
    private readonly app: App,
    readonly refs: TeamsRefsRepo,
    /** how the bounded wait of a post in the turn is measured (read at each post) */
    private readonly timer: ConnectorTimer,
  ) {}

  async onTurn(context: TurnContext): Promise<void> {
    const a = context.activity;
    switch (a.type) {
      case ActivityTypes.Message:
        return this.onMessage(context);
      case ActivityTypes.Invoke:
        if (a.name === 'adaptiveCard/action') return this.onExecute(context);
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 501 } });
        return;
      case ActivityTypes.ConversationUpdate:
        return this.onConversationUpdate(context);
      case ActivityTypes.InstallationUpdate:
        return this.onInstallationUpdate(context);
      default:
        return;
    }
  }

  private async onMessage(context: TurnContext): Promise<void> {
    const a = context.activity;
    const email = await this.remember(context);
    const clicked = actionFromData(a.value);
    let action = clicked;
    let text: string | undefined;
    if (!action) {
      // in channels and group chats the bot answers only when @mentioned ("<at>IT-Bot</at> what is VPN?"),
      // also if an admin granted it every channel message
      const mentioned = a.entities?.some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === a.recipient?.id);
      if ((a.conversation?.conversationType ?? 'personal') !== 'personal' && !mentioned) return;
      text = mentioned ? withoutBotMentions(a) : (a.text ?? '');
      text = text.replace(/&nbsp;/g, ' ').trim();
      if (!text) {
        // (a submit of a card that is not ours is no question)
        if (a.value !== undefined) return;
        // nothing to read, as in Slack: a file or a picture alone is told the bot reads text only,
        // a bare @mention (or a message of blanks) gets the help
        action = hasFile(a) ? TEXT_ONLY_ACTION : HELP_ACTION;
        text = undefined;
      }
    }
    const replies = await this.app.bot.handle(inboundEvent(a, { text, action: action ?? undefined, email: email ?? undefined }));
    await this.sendReplies(context, replies, Boolean(clicked));
  }

  /** Action.Execute: the answer comes back as the refreshed card, replacing the clicked one. */
  private async onExecute(context: TurnContext): Promise<void> {
    const a = context.activity;
    const value = (a.value ?? {}) as { action?: { verb?: string; data?: unknown } };
    const action: InboundAction | null =
      actionFromData(value.action?.data) ?? (typeof value.action?.verb === 'string' ? { id: value.action.verb } : null);
    if (!action) {
      await this.invokeResponse(context, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'not an itbot action' } });
      return;
    }
    const email = await this.remember(context);
    const replies = await this.app.bot.handle(inboundEvent(a, { action, email: email ?? undefined }));
    const [first, ...rest] = replies;
    if (!first) {
      // a repeated click (same activity id) was already handled: leave the card as it is
      await this.invokeResponse(context, { statusCode: 200, type: INVOKE_MESSAGE, value: '' });
      return;
    }
    if ((first.ephemeral && !first.replaceOriginal) || first.failed) {
      // a notice for the clicker only ("this survey is closed", or that it did not work): shown by Teams, the card stays usable
      await this.invokeResponse(context, { statusCode: 200, type: INVOKE_MESSAGE, value: first.text.slice(0, 1000) });
      for (const m of rest) await this.send(context, m);
      return;
    }
    const [card] = renderCards(first);
    await this.invokeResponse(context, { statusCode: 200, type: INVOKE_CARD, value: card });
    // what did not fit the refreshed card, and further replies, follow as messages
    await this.send(context, first, { from: 1 });
    for (const m of rest) await this.send(context, m);
  }

  private async invokeResponse(context: TurnContext, body: Record<string, unknown>): Promise<void> {
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
  }

  /**
   * Posts one answer into the conversation of the turn. The connector's own retry is off for it:
   * when the post fails for a while (a 429, a 5xx, the network, the bot's credentials), or has not
   * been answered within REPLY_WAIT_MS, the answer (the cards of it not posted yet) goes to the
   * outbox under a key made from the activity answered, and the outbox posts it into the same
   * conversation after Retry-After or its backoff. So an answer is never lost, and a redelivered
   * activity never queues it twice. A post given up on is not cut off: when the connector answers
   * it late with success, the outbox row is called off (or, for a split answer, told to leave that
   * card out) if the outbox has not sent it yet.
   * `from`: the cards before it were delivered already (the refreshed card of an Action.Execute).
   * `replace`: the id of the clicked card, which the first card updates (Action.Submit); when Teams
   * refuses the update, that card is posted as a new message instead, and when the update is not
   * answered in time the outbox posts it as one.
   */
  private async send(context: TurnContext, m: OutMessage, opts: { from?: number; replace?: string } = {}): Promise<void> {
    disableConnectorRetry(context);
    const activities = renderActivities(m);
    const from = opts.from ?? 0;
    if (from >= activities.length) return;
    const n = (context.turnState.get(REPLY_COUNT) as number | undefined) ?? 0;
    context.turnState.set(REPLY_COUNT, n + 1);
    let replace = opts.replace;
    for (let i = from; i < activities.length; i++) {
      const act = activities[i] as Partial<Activity>;
      const updating = replace !== undefined;
      const call = updating ? this.update(context, act, replace!) : this.post(context, act);
      replace = undefined;
      let timedOut: boolean;
      try {
        timedOut = await this.within(call);
      } catch (e) {
        if (updating) {
          // Teams would not update the card (too old, not ours, or failing): the answer comes as a new message
          this.app.log.debug({ err: e }, 'teams: could not update the card, sending a new message');
          i--;
          continue;
        }
        const outcome = classifyError(e, Date.now());
        if (outcome.status !== 'retry') throw e;
        this.queueReply(context, m, n, i, outcome.retryAfterMs, outcome.error);
        return;
      }
      if (timedOut) {
        // (like a 5xx: the connector may have posted it, or may still: the outbox holds it until the post settles)
        const queued = this.queueReply(context, m, n, i, LATE_POST_HOLD_MS, `Teams did not answer within ${REPLY_WAIT_MS / 1000} s (timeout)`);
        this.watchLatePost(call, queued, i + 1 === activities.length);
        return;
      }
    }
  }

  /** Waits for a connector call of the turn at most REPLY_WAIT_MS: true when it has not settled by then (it goes on); throws its error. */
  private async within(call: Promise<unknown>): Promise<boolean> {
    const limit = this.timer.deadline(REPLY_WAIT_MS);
    try {
      return await Promise.race([call.then(() => false), limit.expired.then(() => true)]);
    } finally {
      limit.cancel();
    }
  }

  /**
   * Tells the person that their message could not be handled (the turn failed), waiting for the
   * connector at most REPLY_WAIT_MS: after that, or when the post fails, the notice is dropped
   * (logged), never queued: the person may simply write again.
   */
  async sayFailed(context: TurnContext, text: string): Promise<void> {
    const call = this.post(context, { type: ActivityTypes.Message, text, textFormat: 'plain' });
    try {
      if (await this.within(call)) {
        call.catch(() => undefined);
        this.app.log.warn({ conversation: context.activity.conversation?.id }, `teams: the failure notice was not answered within ${REPLY_WAIT_MS / 1000} s, dropped`);
      }
    } catch (e) {
      this.app.log.warn({ err: e, conversation: context.activity.conversation?.id }, 'teams: the failure notice could not be posted, dropped');
    }
  }

  /**
   * One activity into the conversation of the turn, through the adapter rather than
   * `context.sendActivity`: the turn's context is revoked when the turn ends, and a post that
   * outlasts the turn (given up on by `send`) must still tell how it ended.
   */
  private post(context: TurnContext, act: Partial<Activity>): Promise<ResourceResponse | undefined> {
    return context.adapter.sendActivities(context, [outgoing(context, act)]).then((r) => r[0]);
  }

  /** Replaces the card `id` of the turn's conversation with `act`, through the adapter (as `post`). */
  private update(context: TurnContext, act: Partial<Activity>, id: string): Promise<void> {
    return context.adapter.updateActivity(context, outgoing(context, act, id)).then(() => undefined);
  }

  /**
   * A post handed to the outbox because it did not answer in time, held there (LATE_POST_HOLD_MS)
   * until the connector answers it: on success its card is not sent again (the row is cancelled, or
   * for a split answer left with the cards after it and released); on a failure the row is released
   * at once (after a 429's Retry-After). Only when the hold ran out first may the outbox have sent it
   * meanwhile: then it arrives twice, as after a 5xx that came after Teams took the message.
   */
  private watchLatePost(call: Promise<unknown>, queued: { key: string; input: EnqueueInput }, last: boolean): void {
    const { app } = this;
    const settle = (what: string, act: () => string) => {
      try {
        app.log.info({ key: queued.key, outcome: act() }, what);
      } catch (e) {
        app.log.warn({ err: e, key: queued.key }, 'teams: could not record how a late reply ended');
      }
    };
    const { key, input } = queued;
    call.then(
      () =>
        settle('teams: a reply handed to the outbox was posted after all', () => {
          if (last) return cancelKey(app.db, key, 'posted in the turn after all: the connector answered late') ? 'cancelled' : 'already taken';
          const m = input.message as TeamsReplyMessage;
          const skip = (m.teamsReply?.skip ?? 0) + 1;
          const message = { ...m, teamsReply: { ...m.teamsReply!, skip } } as TeamsReplyMessage;
          return enqueueOrUpdate(app.db, app.clock.now(), { ...input, message, dueAt: app.clock.now() }) === 'updated' ? 'card left out' : 'already taken';
        }),
      (e: unknown) =>
        settle('teams: a reply handed to the outbox failed late, released to it', () => {
          const outcome = classifyError(e, Date.now());
          const wait = outcome.status === 'retry' ? (outcome.retryAfterMs ?? 0) : 0;
          return enqueueOrUpdate(app.db, app.clock.now(), { ...input, dueAt: new Date(app.clock.now().getTime() + wait) }) === 'updated' ? 'released' : 'already taken';
        }),
    );
  }

  /** An answer whose post failed for now: into the outbox, for the conversation it answers. */
  private queueReply(context: TurnContext, m: OutMessage, n: number, skip: number, retryAfterMs: number | undefined, error: string): { key: string; input: EnqueueInput } {
    const { app } = this;
    const a = context.activity;
    const conversation = a.conversation?.id ?? '';
    const key = `teams:reply:${a.id ? `${conversation}:${a.id}` : randomUUID()}:${n}`;
    const now = app.clock.now();
    const message: TeamsReplyMessage = { ...m, teamsReply: { ref: this.plainRef(a), ...(skip ? { skip } : {}) } };
    const input: EnqueueInput = {
      key,
      kind: REPLY_KIND,
      target: { kind: 'channel', platform: 'teams', channelId: conversation },
      message,
      dueAt: retryAfterMs ? new Date(now.getTime() + retryAfterMs) : now,
      // an answer a day late answers nobody any more
      expiresAt: new Date(now.getTime() + REPLY_EXPIRES_MS),
    };
    const queued = enqueue(app.db, now, input);
    app.log.warn({ conversation, key, error, queued: queued.created }, 'teams: reply failed, handed to the outbox');
    return { key, input };
  }

  private async sendReplies(context: TurnContext, replies: OutMessage[], fromCard: boolean): Promise<void> {
    const replyTo = context.activity.replyToId;
    for (const m of replies) {
      // Action.Submit: update the card that carried the button, when Teams lets us
      await this.send(context, m, m.replaceOriginal && fromCard && replyTo ? { replace: replyTo } : {});
    }
  }

  private async onConversationUpdate(context: TurnContext): Promise<void> {
    const a = context.activity;
    const botId = a.recipient?.id;
    const cd = channelData(a);
    if (a.membersAdded?.some((m) => m.id === botId)) {
      await this.remember(context);
      if (cd.team?.id) await this.rememberTeamChannels(context, cd.team.id);
    }
    if (a.membersRemoved?.some((m) => m.id === botId)) this.forget(context);
  }

  private async onInstallationUpdate(context: TurnContext): Promise<void> {
    const a = context.activity;
    if (a.action === 'remove' || a.action === 'remove-upgrade') {
      this.forget(context);
      return;
    }
    const email = await this.remember(context);
    const teamId = channelData(a).team?.id;
    if (teamId) await this.rememberTeamChannels(context, teamId);
    else if (a.action === 'add' && (a.conversation?.conversationType ?? 'personal') === 'personal' && this.firstDelivery(a)) await this.welcome(context, email);
  }

  /**
   * False for an activity handled before: the connector delivers one again when the bot answered
   * it late or with an error. (Messages and clicks are checked by the core; an install never reaches
   * it, and its welcome must not come twice.) Same event ids as the core's.
   */
  private firstDelivery(a: Activity): boolean {
    if (!a.id) return true;
    return recordInbound(this.app.db, 'teams', `${a.conversation?.id ?? ''}:${a.id}`, this.app.clock.now());
  }

  /** The first message after a personal install: who the bot is and how to start, in the person's language. */
  private async welcome(context: TurnContext, email: string | null): Promise<void> {
    const person = email ? this.app.people.byEmail(email) : null;
    const lang = person?.language ?? parseLocale(context.activity.locale) ?? this.app.config.ITBOT_LANG;
    const name = person?.name.split(' ')[0] ?? context.activity.from?.name?.split(' ')[0] ?? '';
    const text = coreTexts(lang, 'greeting', { name }).replace(' !', '!');
    await this.send(context, { text, lang, blocks: [{ type: 'text', text }] });
  }

  /** The bot was removed: its references go, so the outbox stops choosing Teams for them. */
  private forget(context: TurnContext): void {
    const a = context.activity;
    const teamId = channelData(a).team?.id;
    if (teamId) this.refs.deleteTeam(teamId);
    else if ((a.conversation?.conversationType ?? 'personal') === 'personal') this.refs.delete(userKey(a));
    this.written.clear();
    this.app.log.info({ teamId, user: userKey(a) }, 'teams: bot removed, references forgotten');
  }

  /** A plain-data reference to send to this conversation later (no activity id, no SDK objects). */
  private plainRef(a: Activity): Record<string, unknown> {
    const ref = TurnContext.getConversationReference(a) as Record<string, unknown>;
    delete ref.activityId;
    return JSON.parse(JSON.stringify(ref)) as Record<string, unknown>;
  }

  /**
   * Stores the reference of a personal chat (key: the user's aadObjectId) or of the channel
   * (key: the channel id), and links the Teams user to the directory: by aadObjectId when the
   * directory has it, else by the e-mail Teams reports for the member. Returns the e-mail.
   */
  private async remember(context: TurnContext): Promise<string | null> {
    const a = context.activity;
    const key = userKey(a);
    const now = this.app.clock.now();
    const email = key ? await this.emailOf(context, key) : null;
    const type = a.conversation?.conversationType ?? 'personal';
    if (type === 'personal' && key) {
      this.upsert(key, email, { ...this.plainRef(a), kind: 'personal' }, now);
    } else if (type === 'channel') {
      const cd = channelData(a);
      const channelId = cd.channel?.id ?? a.conversation.id.split(';messageid=')[0]!;
      this.upsertChannel(this.plainRef(a), channelId, cd.team?.id, cd.channel?.name, now);
    }
    return email;
  }

  private upsert(key: string, email: string | null, ref: Record<string, unknown>, now: Date): void {
    const json = JSON.stringify([email, ref]);
    // (written by this process before, and neither dropped nor marked stale since: nothing to write)
    if (this.written.get(key) === json && this.refs.isCurrent(key)) return;
    this.refs.upsert(key, email, ref, now);
    this.written.set(key, json);
  }

  /** A channel's reference: the team's conversation with the channel id, so a send starts a new post. */
  private upsertChannel(base: Record<string, unknown>, channelId: string, teamId: string | undefined, name: string | undefined, now: Date): void {
    const conversation = { ...(base.conversation as Record<string, unknown>), id: channelId, conversationType: 'channel', isGroup: true };
    const ref = { ...base, conversation, user: undefined, kind: 'channel', teamId: teamId ?? null, channelName: name ?? null };
    this.upsert(channelId, null, JSON.parse(JSON.stringify(ref)) as Record<string, unknown>, now);
  }

  /** On install in a team: every channel of it, so announcements can go to any of them. */
  private async rememberTeamChannels(context: TurnContext, teamId: string): Promise<void> {
    const base = this.plainRef(context.activity);
    const now = this.app.clock.now();
    this.upsertChannel(base, teamId, teamId, 'General', now);
    // (the turn waits for the list at most REPLY_WAIT_MS; a list that comes later is stored then)
    const listed = TeamsInfo.getTeamChannels(context, teamId).then((channels) => {
      for (const ch of channels) if (ch.id) this.upsertChannel(base, ch.id, teamId, ch.name, now);
    });
    try {
      if (await this.within(listed)) {
        listed.catch((e: unknown) => this.app.log.warn({ err: e, teamId }, 'teams: could not list the team channels (only the General channel is known)'));
        this.app.log.warn({ teamId }, `teams: the team's channel list did not come within ${REPLY_WAIT_MS / 1000} s: the channels are stored when it does`);
      }
    } catch (e) {
      this.app.log.warn({ err: e, teamId }, 'teams: could not list the team channels (only the General channel is known)');
    }
  }

  /**
   * The e-mail of a Teams user, looked up once per process. The turn waits for a lookup at most
   * REPLY_WAIT_MS and goes on without the e-mail (as when the lookup fails); a lookup answered later
   * still links the person and is remembered for their next message.
   */
  private async emailOf(context: TurnContext, key: string): Promise<string | null> {
    if (this.known.has(key)) return this.known.get(key) ?? null;
    if ((this.lookupAgainAt.get(key) ?? 0) > this.app.clock.now().getTime()) return null;
    // Teams sends installationUpdate and conversationUpdate together: one lookup serves both
    let pending = this.lookups.get(key);
    if (!pending) {
      pending = this.lookUp(context, key).finally(() => this.lookups.delete(key));
      this.lookups.set(key, pending);
    }
    if (await this.within(pending)) {
      this.app.log.warn({ user: key }, `teams: the member lookup did not answer within ${REPLY_WAIT_MS / 1000} s, going on without the e-mail`);
      return null;
    }
    return pending;
  }

  private async lookUp(context: TurnContext, key: string): Promise<string | null> {
    const { people } = this.app;
    let email = people.byTeamsId(key)?.email ?? null;
    if (!email) {
      try {
        const member = await TeamsInfo.getMember(context, context.activity.from.id);
        const found = member.email ?? member.userPrincipalName ?? null;
        const person = found ? people.byEmail(found) : null;
        if (person) {
          people.setPlatformId(person.email, 'teams', key);
          email = person.email;
        } else if (found) {
          email = found;
        }
      } catch (e) {
        const outcome = classifyError(e, Date.now());
        if (outcome.status === 'retry') {
          // Teams busy or unreachable for now: asked again at a message after a minute (or the
          // Retry-After), so a hiccup at someone's first message does not leave them unlinked
          // (no personal answers, no proactive messages through Teams) until the server restarts
          this.app.log.warn({ err: e, user: key }, 'teams: member lookup failed for now, asked again later');
          if (this.lookupAgainAt.size >= MAX_KNOWN) this.lookupAgainAt.clear();
          this.lookupAgainAt.set(key, this.app.clock.now().getTime() + Math.max(LOOKUP_RETRY_MS, outcome.retryAfterMs ?? 0));
          return null;
        }
        // refused for good: not asked again in this process (a group chat may refuse it for every message)
        this.app.log.debug({ err: e }, 'teams: member lookup failed');
      }
    }
    this.lookupAgainAt.delete(key);
    if (this.known.size >= MAX_KNOWN) this.known.clear();
    this.known.set(key, email);
    return email;
  }
}
