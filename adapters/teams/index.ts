import express from 'express';
import type { HttpAdapter } from '../http-adapter.ts';
import { addSender } from '../../src/app.ts';
import { createCloudAdapter, createTokenCheck, loopbackGuard } from './auth.ts';
import { INVOKE_MESSAGE, TeamsTurns } from './turn.ts';
import { TeamsSender } from './sender.ts';
import { teamsTexts as t } from './texts.ts';
import { INVOKE_RESPONSE_KEY, type Activity } from 'botbuilder';
import type { App } from '../../src/app-types.ts';
import type { Lang } from '../../src/chat/model.ts';
import type { Person } from '../../src/people/person.ts';
import { actionFromData, userKey } from './inbound.ts';
import { TeamsRefsRepo } from '../../src/store/teams-refs-repo.ts';

/**
 * Microsoft Teams on botbuilder's CloudAdapter at POST /api/messages. Every botbuilder import of
 * the project lives in this folder, so moving to the Microsoft 365 Agents SDK touches it only.
 * With MICROSOFT_APP_ID (and password, tenant) set, botbuilder validates each request's token;
 * without, the endpoint is open to loopback callers only (the Agents Playground).
 * Always mounted: it also registers the Teams outbox sender.
 */
export const teamsAdapter = {
  name: 'teams',
  async mount(http, app) {
    const { config, log } = app;
    const adapter = createCloudAdapter(config);
    const refs = new TeamsRefsRepo(app.db);
    // (one measure of time limits for the connector calls of the outbox and of the turns)
    const sender = new TeamsSender(adapter, config.MICROSOFT_APP_ID ?? '', refs, log, app.clock);
    const turns = new TeamsTurns(app, refs, sender);
    adapter.onTurnError = async (context, error) => {
      // the one error funnel of the adapter: log, and tell the user when it was a message or a card click
      const a = context.activity;
      log.error({ err: error, type: a.type, name: a.name }, 'teams: turn failed');
      if (a.type === 'message') {
        await turns.sayFailed(context, t(failureLang(app, a), 'turnFailed'));
      } else if (a.type === 'invoke' && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
        // every invoke is answered (else Teams shows its own "something went wrong"): a card click is
        // told, as a notice that leaves the card usable, that it did not work and to try again; an
        // answer already given (the refreshed card) stays
        const value =
          a.name === 'adaptiveCard/action'
            ? { status: 200, body: { statusCode: 200, type: INVOKE_MESSAGE, value: t(failureLang(app, a), 'turnFailed') } }
            : { status: 500, body: { code: 'InternalError', message: 'the bot could not handle this invoke' } };
        await context.sendActivity({ type: 'invokeResponse', value }).catch(() => undefined);
      }
    };
    const router = express.Router();
    router.use(loopbackGuard(config.teamsAuth, config.ITBOT_HOST, log));
    // (with credentials, a request without a token is refused before its body is read; the scheme
    // is case-insensitive (RFC 7235), botbuilder takes "Bearer" only)
    const checkToken = config.teamsAuth ? createTokenCheck(config) : null;
    const refuseToken = (res: express.Response, status: number, reason: string) => {
      log.warn({ status, reason: reason.slice(0, 200) }, 'teams: request not authorized');
      res.status(401).json({ error: 'unauthorized: the token could not be verified' });
    };
    router.use((req, res, next) => {
      const m = /^bearer (\S+)$/i.exec(req.headers.authorization ?? '');
      if (m) req.headers.authorization = `Bearer ${m[1]}`;
      if (!checkToken) return next();
      if (!m) {
        log.warn({ status: 401 }, 'teams: request without a Bot Framework token refused');
        res.status(401).json({ error: 'unauthorized: a Bot Framework token is required' });
        return;
      }
      // the token is checked before the body is read: a forged request is refused unread, whatever its size
      checkToken(req.headers.authorization!).then((refused) => {
        if (!refused) return next();
        refuseToken(res, 401, refused);
      }, next);
    });
    // (strict off: a JSON body that is no object, such as null, gets the field-naming 400 below)
    router.use(express.json({ limit: '1mb', strict: false }));
    router.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
      // a body that cannot be read as JSON is the caller's mistake: 400 naming the body, one warning line
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.too.large' || !e.status || e.status >= 500) return next(err);
      const error = `body: not valid JSON (${String(e.message ?? '').slice(0, 200)})`;
      log.warn({ status: e.status, error }, 'teams: bad request');
      res.status(400).json({ error });
    });
    router.post('/', (req, res, next) => {
      const problem = activityProblem(req.body);
      if (problem) {
        log.warn({ status: 400, error: problem }, 'teams: bad request');
        res.status(400).json({ error: problem });
        return;
      }
      let began = false;
      // botbuilder answers a request it fails before the turn itself, with its error text: a token it could not
      // verify (also when the signing keys cannot be fetched) is "not authorized", never a 500 with a fetch error
      let status = 200;
      let body: unknown;
      const reply = {
        socket: res.socket,
        status: (c: number) => ((status = c), reply),
        send: (b: unknown) => ((body = b), reply),
        header: (k: string, v: string) => (res.header(k, v), reply),
        end: () => {
          if (res.headersSent) return reply;
          if (!began && config.teamsAuth && (status === 401 || status >= 500)) refuseToken(res, status, String(body ?? ''));
          else if (body === undefined) res.status(status).end();
          else res.status(status).send(body);
          return reply;
        },
      };
      adapter
        .process(req, reply, (context) => {
          began = true;
          return turns.onTurn(context);
        })
        .catch(next);
    });
    // (the endpoint takes POST only: anything else gets 405 in JSON, like its other errors)
    router.all('/', (_req, res) => {
      res.status(405).set('Allow', 'POST').json({ error: 'method not allowed: POST Bot Framework activities to /api/messages' });
    });
    http.use('/api/messages', router);
    // The outbox sender is in service when credentials are set or once Teams has been used (a
    // conversation reference stored, by any server on this database: the local playground). Until
    // then the web inbox stays the only platform of a local setup and keeps receiving people's messages.
    addSender(app, sender);
    const auth = config.teamsAuth ? `token validation (${config.MICROSOFT_APP_TYPE})` : 'none: loopback callers only';
    log.info({ auth }, 'teams: /api/messages ready');
    return {
      stop() {},
      describe: () => ({
        configured: true,
        auth,
        endpoint: '/api/messages',
        references: turns.refs.count(),
        // channels whose reference Teams refused for good: announcements to them are not sent until it is renewed
        staleChannels: turns.refs.staleChannels(),
        sender: sender.inService() ? 'in service' : 'waiting for the first Teams activity',
        // (false until the outbox may send through Teams: no credentials and no reference stored yet)
        connected: sender.inService(),
      }),
    };
  },
} satisfies HttpAdapter;

/**
 * The language to say a failure in, as the core picks it for a click: the directory's language
 * (when the directory can be read), else the language of the card clicked, else the locale of the activity, else the client language noted
 * before, else ITBOT_LANG.
 */
function failureLang(app: App, a: Activity): Lang {
  let person: Person | null = null;
  try {
    const key = userKey(a);
    person = key ? app.people.byTeamsId(key) : null;
  } catch {
    // (the database that made the turn fail may not answer this either)
  }
  const v = a.value as { action?: { data?: unknown } } | undefined;
  const clicked = actionFromData(a.type === 'invoke' ? v?.action?.data : a.value);
  return app.bot.chooseLanguage(person, '', a.locale, clicked?.lang);
}

/** What is wrong with a request body as a Bot Framework activity, or null: the fields every activity the bot answers has. */
function activityProblem(body: unknown): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'body: expected a Bot Framework activity, a JSON object (Content-Type: application/json)';
  const a = body as { type?: unknown; serviceUrl?: unknown; conversation?: { id?: unknown } | null };
  if (typeof a.type !== 'string' || !a.type) return 'type: missing (the activity type, e.g. "message")';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/\S+$/.test(a.serviceUrl)) return 'serviceUrl: missing or not an http(s) URL';
  if (!a.conversation || typeof a.conversation !== 'object' || typeof a.conversation.id !== 'string' || !a.conversation.id) return 'conversation.id: missing';
  return null;
}
