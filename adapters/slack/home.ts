import type { webApi } from '@slack/bolt';
import type { Intent, TurnContext } from '../../src/app-types.ts';
import type { Block, InboundEvent, OutMessage } from '../../src/chat/model.ts';
import type { Person } from '../../src/people/person.ts';
import { invitationNow, openRunsFor } from '../../src/surveys/runs.ts';
import { readState, writeState } from '../../src/store/system-state.ts';
import type { Db } from '../../src/store/db.ts';
import { renderMessage } from './render.ts';
import { payloadStore, type SlackContext } from './replies.ts';
import { slackTexts as t } from './texts.ts';

type WebClient = webApi.WebClient;

/** Under this key (`system_state`) the name of the app's slash command, when the workspace named it otherwise than `/it`. */
const COMMAND_KEY = 'slack.command';
const DEFAULT_COMMAND = '/it';

/** The name of the app's slash command as the workspace last sent it (`/it` until one came in). */
const commandName = (db: Db): string => readState(db, COMMAND_KEY) ?? DEFAULT_COMMAND;

/** Notes the name of the slash command Slack sent (the workspace may have renamed `/it`), so the App Home names it right. */
export function noteCommandName(ctx: SlackContext, name: string): void {
  const { db } = ctx.app;
  if (!name.startsWith('/') || name === commandName(db)) return;
  writeState(db, COMMAND_KEY, name, ctx.app.clock.now());
}

/**
 * What the App Home asks the core for: the phrases a person would type. Until the plan
 * feature offers a function for it, the Home shows what its chat intent answers to these
 * (never the catalog's fallback search, which would answer anything).
 */
const HOME_PROBES = {
  upcoming: ['upcoming', 'upcoming events', 'kommende anlässe', 'was steht an'],
};

/** At most this many open surveys on the Home (each brings its answer buttons or form). */
const MAX_HOME_SURVEYS = 3;

/**
 * The person's open surveys (invited, not answered yet, not closed), each as its invitation,
 * so it can be answered right from the Home. Built from the surveys feature's public pieces.
 */
export function openSurveys(ctx: TurnContext, person: Person | null): OutMessage[] {
  if (!person) return [];
  return openRunsFor(ctx.app, person.email).filter((o) => !o.answered).slice(0, MAX_HOME_SURVEYS).map((o) => invitationNow(ctx.app, o, ctx.lang, person.timezone));
}

/** Runs the chat intent (not the fallback) that best claims one of the phrases; null when none does. */
async function intentReply(ctx: TurnContext, phrases: string[]): Promise<OutMessage[] | null> {
  for (const text of phrases) {
    const turn = { ...ctx, text };
    let best: { score: number; intent: Intent } | null = null;
    for (const f of ctx.app.features) {
      if (f.name === 'core') continue; // greeting and help are not content
      for (const intent of f.intents ?? []) {
        const score = intent.match(text, turn);
        if (score >= 0.5 && (!best || score > best.score)) best = { score, intent };
      }
    }
    if (best) return await best.intent.handle(turn);
  }
  return null;
}

function section(title: string, replies: OutMessage[] | null, nothing: string, keepHeaders = false): Block[] {
  const blocks: Block[] = [{ type: 'header', text: title }];
  const content = (replies ?? []).flatMap((m) =>
    m.blocks?.length ? m.blocks.filter((b) => keepHeaders || b.type !== 'header') : [{ type: 'text' as const, text: m.text }],
  );
  blocks.push(...(content.length ? content : [{ type: 'text' as const, text: nothing, muted: true }]));
  return blocks;
}

/** The App Home tab of one person (views.publish on app_home_opened). */
export async function publishHome(ctx: SlackContext, client: WebClient, userId: string, teamId?: string): Promise<void> {
  const { app } = ctx;
  const info = await ctx.users.info(client, userId);
  const event: InboundEvent = {
    platform: 'slack',
    person: { platform: 'slack', userId, email: info.email },
    conversation: { platform: 'slack', tenant: teamId, channelId: userId, isDirect: true },
    locale: info.locale,
    timeZone: info.tz,
  };
  const person = app.bot.resolvePerson(event);
  const lang = app.bot.chooseLanguage(person, '', info.locale);
  const turn: TurnContext = { app, event, person, lang, text: '' };
  const safe = async (phrases: string[]) => {
    try {
      return await intentReply(turn, phrases);
    } catch (e) {
      app.log.error({ err: e }, 'slack: App Home content failed');
      return null;
    }
  };
  const surveysSafe = () => {
    try {
      return openSurveys(turn, person);
    } catch (e) {
      app.log.error({ err: e }, 'slack: App Home surveys failed');
      return [];
    }
  };
  const blocks: Block[] = [
    { type: 'header', text: t(lang, 'homeTitle') },
    { type: 'text', text: t(lang, 'homeSearch', { command: commandName(app.db) }) },
    { type: 'actions', buttons: [{ label: t(lang, 'homeHelp'), action: 'core.help' }, { label: t(lang, 'homeContact'), action: 'core.contact' }] },
    { type: 'divider' },
    ...section(t(lang, 'homeUpcoming'), await safe(HOME_PROBES.upcoming), t(lang, 'homeNothing')),
    { type: 'divider' },
    ...section(t(lang, 'homeSurveys'), surveysSafe(), t(lang, 'homeNothing'), true),
  ];
  const r = renderMessage({ text: t(lang, 'homeTitle'), blocks, lang }, { lang, store: payloadStore(ctx), maxBlocks: 100 });
  await client.views.publish({ user_id: userId, view: { type: 'home', blocks: r.blocks as never } });
}
