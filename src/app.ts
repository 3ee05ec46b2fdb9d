import type { App, Feature } from './app-types.ts';
import type { Config } from './config.ts';
import { openDb, type Db, type OpenOptions } from './store/db.ts';
import { systemClock, type Clock } from './clock.ts';
import { silentLogger, type Logger } from './log.ts';
import { PeopleRepo } from './store/people-repo.ts';
import { Bot } from './chat/bot.ts';
import { features as allFeatures } from './features.ts';
import { WebSender } from '../adapters/web/web-sender.ts';
import type { Sender } from './jobs/sender.ts';

interface CreateAppOptions {
  config: Config;
  /** a database file, or an open database (tests) */
  db: string | Db;
  /** how to open the database file (see `openDb`) */
  open?: OpenOptions;
  clock?: Clock;
  log?: Logger;
  features?: Feature[];
}

/** Builds the core for one process: database, directory, features, the bot, the web sender. */
export function createApp(opts: CreateAppOptions): App {
  const db = typeof opts.db === 'string' ? openDb(opts.db, opts.open) : opts.db;
  const clock = opts.clock ?? systemClock;
  const app = {
    db,
    config: opts.config,
    clock,
    log: opts.log ?? silentLogger,
    people: new PeopleRepo(db),
    features: opts.features ?? allFeatures,
    senders: new Map(),
    status: {},
  } as unknown as App;
  app.bot = new Bot(app);
  // web last: platforms registered later (Slack, Teams) are preferred for people they reach; the web
  // inbox takes people's messages only while no configured chat platform is in service (Teams without
  // credentials is the local playground: it reaches its own users, the inbox everyone else). Asked for
  // every message to a person: a fallback platform is passed over before its service is looked up.
  const chatInService = () => [...app.senders.values()].some((s) => s.platform !== 'web' && !s.webFallback && (s.inService?.() ?? true));
  app.senders.set('web', new WebSender(db, clock, () => !chatInService()));
  return app;
}

/** Registers a platform sender ahead of those registered before (the web inbox is always last). */
export function addSender(app: App, sender: Sender): void {
  const rest = [...app.senders.entries()].filter(([k]) => k !== sender.platform);
  app.senders.clear();
  app.senders.set(sender.platform, sender);
  for (const [k, v] of rest) app.senders.set(k, v);
}

