import express from 'express';
import { App as BoltApp, defaultBodyLimit, ExpressReceiver, isValidSlackRequest, webApi, type AuthorizeResult, type Receiver } from '@slack/bolt';
import type { HttpAdapter } from '../http-adapter.ts';
import type { App } from '../../src/app-types.ts';
import { addSender } from '../../src/app.ts';
import { boltLogger, outboxClient, replyClientOptions, replyPostClient, userInfoClient } from './client.ts';
import { stoppableSocketMode, type StoppableSocketMode } from './socket-mode.ts';
import { registerConversation } from './inbound.ts';
import { registerInteractivity } from './interactivity.ts';
import { publishHome } from './home.ts';
import { keepInInbox } from './inbox.ts';
import { SlackSender, type SlackSenderOptions } from './sender.ts';
import { SlackUsers } from './users.ts';
import { Pacer } from './pacer.ts';
import type { SlackContext } from './replies.ts';

export interface SlackAdapterOptions {
  /** how long `/it` waits for the answer before acknowledging with "one moment" (Slack allows 3 s in all) */
  commandBudgetMs?: number;
  sender?: SlackSenderOptions;
  pacer?: Pacer;
  /** how often the inbox looks for payloads a dead server (or an auth.test failure) left unfinished */
  inboxSweepMs?: number;
  /** how long a stop waits for the Slack turns under way before the database closes */
  inboxStopWaitMs?: number;
}

/** The bot's identity (auth.test), and whether it is known yet. */
export interface Authorize {
  (): Promise<AuthorizeResult>;
  known(): boolean;
}

/**
 * The bot's identity from auth.test, asked once and kept; a failure is not cached (Bolt's own
 * token check would keep a failed start-up answer for the life of the process).
 */
function cachedAuthorize(client: webApi.WebClient, token: string): Authorize {
  let cached: Promise<AuthorizeResult> | null = null;
  let known = false;
  const authorize = () =>
    (cached ??= client.auth
      .test()
      .then((r) => {
        known = true;
        return { botToken: token, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id };
      })
      .catch((e: unknown) => {
        cached = null;
        throw e;
      }));
  return Object.assign(authorize, { known: () => known });
}

/** A request that Bolt answers without the bot's identity: the Request URL check, Slack's SSL check. */
function needsNoIdentity(body: string, contentType: string | undefined): boolean {
  if (/^ssl_check=|&ssl_check=/.test(body)) return true;
  if (!contentType?.includes('application/json')) return false;
  try {
    return (JSON.parse(body) as { type?: unknown }).type === 'url_verification';
  } catch {
    return false;
  }
}

/**
 * Reads the request body (at most Bolt's 4 MB) and leaves it for Bolt as `rawBody`, which Bolt
 * takes instead of reading the stream and over which it checks the signature itself. A larger
 * body is refused here with the server's JSON 413, like on every other endpoint (Bolt's own answer
 * would be an empty 413).
 */
function readRawBody(): express.RequestHandler {
  const readBody = express.raw({ type: () => true, limit: defaultBodyLimit });
  return (req, res, next) => {
    readBody(req, res, (err?: unknown) => {
      if (err) return next(err);
      (req as { rawBody?: Buffer }).rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      next();
    });
  };
}

/**
 * While the bot's identity is unknown (auth.test failed: Slack unreachable at the start, a token
 * being replaced), a signed request is answered 503 instead of being handed to Bolt, which would
 * acknowledge it (200) and drop it: Slack sends an event again only after an error, and its retry
 * is then processed once like every retry. Slash commands and clicks show Slack's error, so the
 * person can try again. Bolt checks the signature of the body (`rawBody`) itself and answers a
 * request that is not Slack's 401.
 */
function holdUntilAuthorized(app: App, signingSecret: string, authorize: Authorize): express.RequestHandler {
  return (req, res, next) => {
    if (authorize.known()) return next();
    const body = ((req as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0)).toString('utf8');
    const headers = { 'x-slack-signature': String(req.headers['x-slack-signature'] ?? ''), 'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']) };
    if (!isValidSlackRequest({ signingSecret, body, headers }) || needsNoIdentity(body, req.headers['content-type'])) return next();
    authorize().then(
      () => next(),
      (e: unknown) => {
        app.log.warn({ err: e }, 'slack: auth.test failed: request answered 503, so that Slack sends it again');
        res.status(503).send();
      },
    );
  };
}

/** How far a request's X-Slack-Request-Timestamp may differ from now, either way (Slack's rule). */
const REQUEST_MAX_SKEW_S = 5 * 60;

/**
 * Refuses a request stamped more than 5 minutes in the future with 401, like Bolt refuses a
 * stale one: a signed request captured now cannot be replayed later by stamping it ahead.
 * Real time (not the app clock): Slack stamps requests with its own clock, as Bolt compares.
 */
export function refuseFutureTimestamp(app: App, nowMs: () => number = Date.now): express.RequestHandler {
  return (req, res, next) => {
    const ts = Number(req.headers['x-slack-request-timestamp']);
    if (Number.isFinite(ts) && ts > Math.floor(nowMs() / 1000) + REQUEST_MAX_SKEW_S) {
      app.log.warn({ timestamp: ts }, 'slack: request refused: X-Slack-Request-Timestamp is more than 5 minutes in the future');
      res.status(401).send();
      return;
    }
    next();
  };
}

/** Builds the Bolt app with its listeners on one receiver (HTTP on our server, or Socket Mode). */
export function createBolt(app: App, receiver: Receiver, ctx: SlackContext, authorize: Authorize): BoltApp {
  // no conversation store: the core keeps what it needs in the database
  const bolt = new BoltApp({ receiver, authorize, logger: boltLogger(app), clientOptions: replyClientOptions(app), ignoreSelf: true, convoStore: false });
  registerConversation(bolt, ctx);
  registerInteractivity(bolt, ctx);
  bolt.event('app_home_opened', async ({ event, context, client }) => {
    if (event.tab !== 'home') return;
    await publishHome(ctx, client, event.user, context.teamId);
  });
  // the one error funnel: Slack has been acknowledged already, so a failure is logged, never re-thrown
  bolt.error(async (e) => {
    app.log.error({ err: e }, 'slack: listener failed');
  });
  return bolt;
}

/**
 * Slack on @slack/bolt: HTTP mode on the project's one server at POST /slack/events (events,
 * slash commands and interactivity; signatures checked by Bolt's ExpressReceiver), or Socket
 * Mode when SLACK_APP_TOKEN is set. Also registers the Slack outbox sender.
 */
export function createSlackAdapter(opts: SlackAdapterOptions = {}): HttpAdapter {
  return {
    name: 'slack',
    async mount(http, app) {
      const c = app.config;
      if (!c.slackEnabled || !c.SLACK_BOT_TOKEN) {
        http.post('/slack/events', (_req, res) => {
          res.status(503).json({ error: 'Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)' });
        });
        return null;
      }
      const token = c.SLACK_BOT_TOKEN;
      const users = new SlackUsers(app, opts.pacer ?? new Pacer(), userInfoClient(app));
      const ctx: SlackContext = { app, users, replyClient: replyPostClient(app), commandBudgetMs: opts.commandBudgetMs ?? 1500 };
      const authorize = cachedAuthorize(new webApi.WebClient(token, replyClientOptions(app)), token);
      const socketMode = Boolean(c.SLACK_APP_TOKEN);
      let bolt: BoltApp;
      let socket: StoppableSocketMode | null = null;
      if (socketMode) {
        socket = stoppableSocketMode(app, c.SLACK_APP_TOKEN!);
        const { receiver } = socket;
        bolt = createBolt(app, receiver, ctx, authorize);
        http.post('/slack/events', (_req, res) => {
          res.status(404).json({ error: 'Slack runs in Socket Mode (SLACK_APP_TOKEN is set): events arrive over the WebSocket' });
        });
      } else {
        const router = express.Router();
        // before Bolt's own check (which refuses only timestamps older than 5 minutes)
        router.post('/slack/events', refuseFutureTimestamp(app));
        // the body, read once, at most 4 MB (a larger one: the server's JSON 413)
        router.post('/slack/events', readRawBody());
        // while auth.test fails, an error answer (Slack sends the event again) instead of Bolt's 200 and nothing
        router.post('/slack/events', holdUntilAuthorized(app, c.SLACK_SIGNING_SECRET!, authorize));
        // processBeforeResponse false: Bolt answers Slack at ack(), the work goes on after it
        const receiver = new ExpressReceiver({
          signingSecret: c.SLACK_SIGNING_SECRET!,
          endpoints: '/slack/events',
          router,
          logger: boltLogger(app),
          processBeforeResponse: false,
        });
        bolt = createBolt(app, receiver, ctx, authorize);
        http.use(router);
      }
      // every payload written down before it is acknowledged, and run from there (inbox.ts)
      const inbox = keepInInbox(app, bolt, users.repo, authorize, opts.inboxSweepMs, opts.inboxStopWaitMs);
      addSender(app, new SlackSender(app, outboxClient(app), users, opts.sender));
      if (socket) await bolt.start();
      const sweeping = inbox.start();
      let bot: AuthorizeResult | null = null;
      // learn the bot's identity now (logged), without holding up the start when Slack is away
      authorize().then(
        (r) => {
          bot = r;
          app.log.info({ botUserId: r.botUserId, team: r.teamId, mode: socketMode ? 'socket' : 'http' }, 'slack: connected');
        },
        (e: unknown) => app.log.warn({ err: e }, 'slack: auth.test failed (will try again on the first event)'),
      );
      return {
        async stop() {
          const finishing = sweeping.stop();
          // (bounded: the connection may have dropped, a reconnection be under way)
          await socket?.stop();
          // the turns under way finish before the database closes
          await finishing;
        },
        describe: () => ({ configured: true, mode: socketMode ? 'socket' : 'http', path: socketMode ? null : '/slack/events', botUserId: bot?.botUserId ?? null }),
      };
    },
  };
}

export const slackAdapter: HttpAdapter = createSlackAdapter();
