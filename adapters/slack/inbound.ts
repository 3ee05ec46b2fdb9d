import type { App as BoltApp, RespondFn, webApi } from '@slack/bolt';
import type { InboundAction, InboundEvent, Lang, OutMessage } from '../../src/chat/model.ts';
import { coreTexts } from '../../src/chat/texts.ts';
import { parseLocale } from '../../src/i18n/index.ts';
import { eventWriteDone, inboundSeen, recordEventWrite } from '../../src/store/inbound-repo.ts';
import { redeliveredSince } from './inbox.ts';
import { noteCommandName } from './home.ts';
import { postReplies, postToDm, render, type ReplyTarget, type SlackContext } from './replies.ts';
import { slackTexts as t } from './texts.ts';

type WebClient = webApi.WebClient;

interface Turn {
  client: WebClient;
  eventId?: string;
  teamId?: string;
  userId: string;
  channel?: string;
  threadTs?: string;
  isDirect: boolean;
  /** answered to the person alone (an /it command, a click in a channel: ephemeral) */
  privateAnswer?: boolean;
  text?: string;
  action?: InboundAction;
  /** run again after the server that had taken it died (inbox.ts): when that server received it */
  redelivery?: Date;
}

/** What a message with no text of its own asks the core for: help, as `/it` alone. */
export const HELP_ACTION: InboundAction = { id: 'core.help' };
/** What a message that is only a file asks the core for: to be told the bot reads text only. */
const TEXT_ONLY_ACTION: InboundAction = { id: 'core.textOnly' };

/**
 * One turn through the core: the person (e-mail, locale and time zone from users.info, cached) and the
 * neutral event, then `bot.handle` (which drops an event id it has seen). Returns the replies
 * and the language they were chosen in, and, for a payload run again whose turn the server that
 * died had begun (its answer may have been posted), when that server received it (`postedSince`).
 */
export async function runTurn(ctx: SlackContext, turn: Turn): Promise<{ replies: OutMessage[]; lang: Lang; postedSince?: Date }> {
  const { app } = ctx;
  // (when the person was last seen writing: a refusal Slack gave for them before then is over)
  const wrote = turn.redelivery ?? app.clock.now();
  const info = await ctx.users.info(turn.client, turn.userId);
  const begun = Boolean(turn.redelivery && turn.eventId && inboundSeen(app.db, 'slack', turn.eventId));
  const event: InboundEvent = {
    platform: 'slack',
    eventId: turn.eventId,
    person: { platform: 'slack', userId: turn.userId, email: info.email },
    conversation: {
      platform: 'slack',
      tenant: turn.teamId,
      channelId: turn.channel ?? turn.userId,
      threadId: turn.threadTs,
      isDirect: turn.isDirect,
      ...(turn.privateAnswer && !turn.isDirect ? { privateAnswer: true } : {}),
    },
    text: turn.text,
    action: turn.action,
    locale: info.locale,
    timeZone: info.tz,
    ...(turn.redelivery ? { redelivery: true } : {}),
  };
  const replies = await app.bot.handle(event);
  const person = app.bot.resolvePerson(event);
  if (person) ctx.users.noteActive(person, wrote);
  const lang = replies[0]?.lang ?? app.bot.chooseLanguage(person, turn.text ?? '', info.locale, turn.action?.lang);
  return { replies, lang, ...(begun ? { postedSince: turn.redelivery } : {}) };
}

/**
 * The language of a short reply the adapter writes itself (a form that is gone or did not open, a
 * failed command): the rule of every answer, as for a turn with this text: the directory's
 * language, else the text's, else (a click) the language of the message clicked, else the Slack
 * locale (users.info, cached), else the client language last seen, else ITBOT_LANG.
 */
export async function replyLanguage(ctx: SlackContext, client: WebClient, userId: string, text = '', cardLang?: Lang): Promise<Lang> {
  const { app } = ctx;
  const info = await ctx.users.info(client, userId);
  const person = app.bot.resolvePerson({
    platform: 'slack',
    person: { platform: 'slack', userId, email: info.email },
    conversation: { platform: 'slack', channelId: userId, isDirect: true },
  });
  return app.bot.chooseLanguage(person, text, info.locale, cardLang);
}

/** A turn whose replies go straight back to the conversation. */
export async function turnAndReply(ctx: SlackContext, turn: Turn, target: Partial<ReplyTarget> = {}): Promise<void> {
  const { replies, lang, postedSince } = await runTurn(ctx, turn);
  await postReplies(ctx, { client: turn.client, userId: turn.userId, channel: turn.channel, threadTs: turn.threadTs, isDirect: turn.isDirect, eventId: turn.eventId, postedSince, ...target }, replies, lang);
}

/** The text of a turn, or help when there is none (a bare mention, `/it` alone, a DM of blanks). */
function textOrHelp(text: string): { text: string } | { action: InboundAction } {
  return text ? { text } : { action: HELP_ACTION };
}

/** `<@UBOT>` (and `<@UBOT|name>`) removed from a mention's text. */
function stripMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text.trim();
  return text.replace(new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
}

const ENTITY: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };
/** `&lt;` `&gt;` `&amp;` back to `<` `>` `&`, in one pass (so `&amp;lt;` stays the text `&lt;`). */
const entities = (s: string) => s.replace(/&(?:lt|gt|amp);/g, (m) => ENTITY[m]!);

/**
 * Slack's message formatting back to the plain text the person typed or saw: `&amp;` `&lt;`
 * `&gt;` decoded; a link `<https://x|label>` becomes its label (`<https://x>` its URL, a
 * `mailto:` link its address); a channel `<#C123|name>` becomes `#name`; a user `<@U123|name>`
 * becomes `@name` (without a name in the token it is dropped: the id means nothing to the core);
 * `<!here>` `<!channel>` `<!everyone>` become `@here` … as plain words (every renderer escapes
 * them again, so they never ping); a user group or a date its label. Slack sends a person's
 * own `<`, `>` and `&` encoded, so every `<…>` in the text is one of Slack's tokens.
 */
export function decodeSlackText(text: string): string {
  const out = text.replace(/<([^<>]*)>/g, (_m, inner: string) => {
    const bar = inner.indexOf('|');
    const target = bar >= 0 ? inner.slice(0, bar) : inner;
    const label = bar >= 0 ? inner.slice(bar + 1) : '';
    if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : '';
    if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : '';
    if (target.startsWith('!')) {
      const word = target.slice(1).split('^')[0]!;
      if (label) return word === 'subteam' ? `@${label.replace(/^@/, '')}` : label;
      return ['here', 'channel', 'everyone'].includes(word) ? `@${word}` : '';
    }
    if (label) return label;
    return target.replace(/^mailto:/i, '');
  });
  return entities(out).replace(/[ \t]{2,}/g, ' ').trim();
}

/** The language for "one moment" without waiting for anything: directory, cached locale, the command's locale; null when none says. */
function quickLang(ctx: SlackContext, userId: string, locale: string | undefined): Lang | null {
  const person = ctx.app.people.bySlackId(userId);
  return person?.language ?? parseLocale(ctx.users.repo.user(userId)?.locale) ?? parseLocale(locale) ?? null;
}

/** "One moment" in the person's language, or in both (the default first) while it is not known yet. */
function workingText(lang: Lang | null, defaultLang: Lang): string {
  if (lang) return t(lang, 'working');
  const other: Lang = defaultLang === 'de' ? 'en' : 'de';
  return `${t(defaultLang, 'working')} / ${t(other, 'working')}`;
}

/** Message subtypes that are a person's new message (edits, deletions and joins are not). */
const NEW_MESSAGE_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

interface MessageEventLike {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  files?: unknown[];
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
}

/** Direct messages, mentions in channels and the `/it` command. */
export function registerConversation(bolt: BoltApp, ctx: SlackContext): void {
  const { app } = ctx;

  // (a Slack retry of an event never gets here: the inbox drops it, inbox.ts)
  bolt.event('message', async ({ event, body, context, client }) => {
    const e = event as unknown as MessageEventLike;
    // only people's own new messages in the bot's DMs (with or without files, and a reply in a
    // thread that is "also sent to the direct message", which Slack delivers once, as
    // thread_broadcast); channel messages reach the bot as app_mention
    if (e.channel_type !== 'im' || (e.subtype && !NEW_MESSAGE_SUBTYPES.has(e.subtype)) || e.bot_id || !e.user) return;
    const eventId = (body as { event_id?: string }).event_id;
    const text = decodeSlackText(e.text ?? '');
    const base = { client, eventId, teamId: context.teamId, userId: e.user, channel: e.channel, threadTs: e.thread_ts, isDirect: true, redelivery: redeliveredSince(body) };
    // the files are not read: their text is answered; a file alone is told the bot reads text only
    const fileAlone = !text && (e.subtype === 'file_share' || Boolean(e.files?.length));
    await turnAndReply(ctx, { ...base, ...(fileAlone ? { action: TEXT_ONLY_ACTION } : textOrHelp(text)) });
  });

  bolt.event('app_mention', async ({ event, body, context, client }) => {
    const e = event as unknown as MessageEventLike;
    if (!e.user || e.bot_id || e.channel.startsWith('D')) return;
    const eventId = (body as { event_id?: string }).event_id;
    await turnAndReply(ctx, {
      client,
      eventId,
      redelivery: redeliveredSince(body),
      teamId: context.teamId,
      userId: e.user,
      channel: e.channel,
      // answer in a thread: a channel is not flooded by one person's questions
      threadTs: e.thread_ts ?? e.ts,
      isDirect: false,
      // a bare `@itbot` is answered with help, as `/it` alone
      ...textOrHelp(decodeSlackText(stripMention(e.text ?? '', context.botUserId))),
    });
  });

  // `/it vpn`, `/it help`, `/it upcoming`, `/it contact`: acknowledged with the answer when the
  // core is quick, else at once with "one moment" and the answer through response_url after.
  // Slack sends the app only the commands registered for it: every one is ours, also when the
  // workspace named it otherwise than `/it` (another name taken, a German one)
  bolt.command(/^\//, async ({ command, body, ack, respond, context, client }) => {
    // command text is encoded like message text (`&amp;`, and `<@U…|name>` when the command escapes)
    const isDirect = command.channel_id.startsWith('D') || command.channel_name === 'directmessage';
    try {
      noteCommandName(ctx, command.command);
    } catch (e) {
      app.log.warn({ err: e }, 'slack: could not note the name of the slash command');
    }
    const eventId = `cmd:${command.trigger_id}`;
    const redelivery = redeliveredSince(body);
    // how far the answers of a server that died while running this command went (null: not known)
    const progress = redelivery ? eventWriteDone(app.db, 'slack', eventId, COMMAND_PROGRESS) : null;
    const note = (p: string) => {
      try {
        recordEventWrite(app.db, 'slack', eventId, COMMAND_PROGRESS, p);
      } catch (e) {
        app.log.warn({ err: e }, 'slack: could not note how far an /it answer went');
      }
    };
    const dm: DmFallback = { client, userId: command.user_id, eventId, note };
    const turn = textOrHelp(decodeSlackText(command.text));
    const work = runTurn(ctx, {
      client, eventId, teamId: context.teamId, userId: command.user_id, channel: command.channel_id, isDirect, privateAnswer: true, redelivery, ...turn,
    }).catch(async (e) => {
      app.log.error({ err: e }, 'slack: /it failed');
      const lang = await replyLanguage(ctx, client, command.user_id, 'text' in turn ? turn.text : '').catch(() => app.config.ITBOT_LANG);
      return { replies: [{ text: coreTexts(lang, 'internalError'), lang }] as OutMessage[], lang };
    });
    if (progress !== null) {
      // run again after its server died: the person saw "one moment" (replaced by the first answer
      // still to go) or the first answers, which are not posted again (nobody waits for the acknowledgement)
      await ack();
      const { replies, lang: replyLang } = await work;
      const sent = progress === 'working' ? 0 : Number(progress) || 0;
      await respondAll(ctx, respond, replies.slice(sent), replyLang, progress === 'working', dm, sent);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const fast = await Promise.race([work, new Promise<null>((r) => (timer = setTimeout(() => r(null), ctx.commandBudgetMs)))]);
    clearTimeout(timer);
    if (fast) {
      const [first, ...rest] = fast.replies;
      if (!first) return ack();
      const r = render(ctx, first, fast.lang);
      await ack({ response_type: 'ephemeral', text: r.text, blocks: r.blocks as never });
      note('1');
      await respondAll(ctx, respond, rest, fast.lang, false, dm, 1);
      return;
    }
    const locale = (command as { locale?: string }).locale;
    await ack({ response_type: 'ephemeral', text: workingText(quickLang(ctx, command.user_id, locale), app.config.ITBOT_LANG) });
    note('working');
    const { replies, lang: replyLang } = await work;
    // the first answer replaces the "one moment" message (only response_url can replace an ephemeral message)
    await respondAll(ctx, respond, replies, replyLang, true, dm);
  });
}

/** Where a slash command's answer goes when its response_url refuses it: the person's DM with the app. */
interface DmFallback {
  client: WebClient;
  userId: string;
  eventId: string;
  /** notes how many of the command's answers went (a server that takes the command over posts only the rest) */
  note: (progress: string) => void;
}

/**
 * Under this name (`event_writes`, by the command's event id) a command notes how far its answers
 * went: 'working' once "one moment" was the acknowledgement, then how many answers went (the
 * acknowledgement with the first answer counts). A server that runs the command again after its
 * server died posts only the answers still to go, the first of them replacing "one moment".
 */
const COMMAND_PROGRESS = 'slack.command.answers';

/**
 * Slash command answers go through response_url, visible to the asker only: the bot need not
 * be a member of the channel the command was typed in.
 */
async function respondAll(ctx: SlackContext, respond: RespondFn, replies: OutMessage[], lang: Lang, replaceFirst: boolean, dm: DmFallback, first = 0): Promise<void> {
  for (const [i, m] of replies.entries()) {
    try {
      const r = render(ctx, m, lang);
      await respond({ response_type: 'ephemeral', replace_original: replaceFirst && i === 0, text: r.text, blocks: r.blocks as never });
      dm.note(String(first + i + 1));
    } catch (e) {
      // (a 5xx or an expired response_url: Bolt's respond tries once) the answer goes to the DM instead
      ctx.app.log.warn({ err: e }, 'slack: /it answer refused by response_url, sent by DM instead');
      try {
        await postToDm(ctx, dm.client, dm.userId, dm.eventId, m, lang, first + i);
        dm.note(String(first + i + 1));
      } catch (e2) {
        ctx.app.log.error({ err: e2 }, 'slack: /it answer failed');
      }
    }
  }
}
