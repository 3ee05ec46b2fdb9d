import type { Command } from 'commander';
import type { Db } from './store/db.ts';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './log.ts';
import type { PeopleRepo } from './store/people-repo.ts';
import type { InboundAction, InboundEvent, Lang, OutMessage, Platform } from './chat/model.ts';
import type { Person } from './people/person.ts';
import type { Sender } from './jobs/sender.ts';
import type { Bot } from './chat/bot.ts';

/** Everything a feature needs at run time. Built once per process by `createApp`. */
export interface App {
  db: Db;
  config: Config;
  clock: Clock;
  log: Logger;
  people: PeopleRepo;
  features: Feature[];
  /** platform senders used by the outbox worker, in order of preference (web last) */
  senders: Map<Platform, Sender>;
  bot: Bot;
  /** small runtime facts for /healthz and the admin health page */
  status: Record<string, unknown>;
}

/** One conversation turn as the core sees it. */
export interface TurnContext {
  app: App;
  event: InboundEvent;
  /** the directory entry of the person talking, when known */
  person: Person | null;
  lang: Lang;
  /** the message text (trimmed, mentions stripped by the adapter) */
  text: string;
}

export type Reply = OutMessage[] | Promise<OutMessage[]>;

/** A chat intent: `match` scores 0..1 how sure it is that the text is for it; the best >= 0.5 wins. */
export interface Intent {
  name: string;
  match(text: string, ctx: TurnContext): number;
  handle(ctx: TurnContext): Reply;
  /** How `itbot ask` answers it where that differs from chat: reading only (the newsletter's reader's answer, never IT's draft, which chat writes). */
  ask?(ctx: TurnContext): Reply;
}

export type ActionHandler = (ctx: TurnContext, action: InboundAction) => Reply;

/**
 * Whether a form may still be opened, asked with the form's submit action (id and value) before
 * a platform opens it (Slack's dialog): null when it may, else what the person is told instead
 * (a survey that has closed, a plan occurrence already recorded). Reads only, records nothing.
 */
export type FormGuard = (ctx: TurnContext, submit: InboundAction) => OutMessage[] | null;

/** What the `itbot` command line hands to a feature's commands. */
export interface CliEnv {
  /**
   * opens (creating and migrating) the database named by --db / ITBOT_DB / the default; with
   * `readOnly`, an existing database this user may not write is opened read-only instead; with
   * `anyVersion`, one from a newer version of the bot is opened as it is (to be copied)
   */
  openApp(opts: { db?: string; readOnly?: boolean; anyVersion?: boolean }): App;
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface Running {
  stop(): Promise<void> | void;
  /**
   * Settles when the first pass is done (never rejects): the server starts the outbox worker only
   * then, so what a feature brings up to date at start (the plan's messages after a plan import
   * while no server ran) is not sent as it was before.
   */
  ready?: Promise<void>;
}

/**
 * A feature plugs into the core through this one shape: chat intents and actions, a
 * fallback for unknown text (the catalog search), help lines, CLI commands, background
 * work for `itbot serve`, and its part of `itbot demo load`.
 */
export interface Feature {
  name: string;
  intents?: Intent[];
  actions?: Record<string, ActionHandler>;
  /** by the submit action of the feature's forms: may the form still be opened (see `FormGuard`) */
  formGuards?: Record<string, FormGuard>;
  /** answers text no intent claimed; the first feature with one gets it */
  fallback?: (ctx: TurnContext) => Reply;
  helpLines?: (lang: Lang) => string[];
  /** how to reach the helpdesk when ITBOT_HELPDESK does not say it (the catalog's helpdesk entry), or null */
  helpdesk?: (app: App, lang: Lang) => string | null;
  cli?: (program: Command, env: CliEnv) => void;
  start?: (app: App) => Running;
  /** loads the feature's demo data from data/ */
  demo?: (app: App) => void | Promise<void>;
}
