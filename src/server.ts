import express, { type Express } from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App, Running } from './app-types.ts';
import { AppError } from './errors.ts';
import { trustProxySetting } from './client-address.ts';
import { dbWriteProblem, schemaVersion } from './store/db.ts';
import { OutboxWorker, type WorkerOptions } from './jobs/outbox-worker.ts';
import { outboxCounts } from './jobs/outbox.ts';
import { sendersInService, serves } from './jobs/sender.ts';
import { startHousekeeping } from './jobs/housekeeping.ts';
import { webAdapter } from '../adapters/web/index.ts';
import { slackAdapter } from '../adapters/slack/index.ts';
import { teamsAdapter } from '../adapters/teams/index.ts';
import type { HttpAdapter } from '../adapters/http-adapter.ts';
import { mountPlanRoutes } from './plan/http.ts';
import { mountSurveyRoutes } from './surveys/http.ts';
import { mountAdmin } from '../adapters/web/admin/index.ts';
import { noteServedItChannel, noteServedPlatforms } from './projects/targets.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  /** run background work (scheduler, outbox worker); tests may drive it by hand */
  background?: boolean;
  worker?: WorkerOptions;
  adapters?: HttpAdapter[];
}

export interface RunningServer {
  http: Express;
  server: Server;
  url: string;
  port: number;
  worker: OutboxWorker;
  close(): Promise<void>;
}

const VERSION = '0.1.0';

/**
 * The one HTTP server: /healthz, the web chat and admin pages, /slack/events and /api/messages.
 * Also starts the features' background work and the outbox worker.
 */
export async function startServer(app: App, opts: ServeOptions = {}): Promise<RunningServer> {
  const http = express();
  http.disable('x-powered-by');
  // X-Forwarded-For counts only from the proxies the operator names (ITBOT_TRUST_PROXY): never by default
  const trust = trustProxySetting(app.config.ITBOT_TRUST_PROXY);
  http.set('trust proxy', trust);
  // ("true" trusts every hop: a client can then name its own address in the header)
  if (trust === true) app.log.warn('ITBOT_TRUST_PROXY=true trusts every hop, so a client can name its own address: name the proxy (loopback, its address or the number of proxies) instead');
  const started = app.clock.now().toISOString();
  const adapterHandles: Array<{ name: string; handle: (Running & { describe(): Record<string, unknown> }) | null }> = [];

  // /healthz needs no login and may be reached through a reverse proxy on the same machine (every
  // caller then looks local): nothing in it tells where the bot's files are (the admin health
  // page shows the database file)
  http.get('/healthz', (_req, res) => {
    const { dbFile: _file, ...status } = app.status as Record<string, unknown>;
    let db = 'ok';
    let version = 0;
    let outbox: ReturnType<typeof outboxCounts> | null = null;
    try {
      version = schemaVersion(app.db);
      outbox = outboxCounts(app.db);
      // (a database the server reads but cannot save to is not healthy: its file gone, replaced or locked)
      db = dbWriteProblem(app.db) ?? 'ok';
    } catch (e) {
      db = (e as Error).message;
    }
    res.status(db === 'ok' ? 200 : 503).json({
      status: db === 'ok' ? 'ok' : 'error',
      version: VERSION,
      startedAt: started,
      db: { status: db, schemaVersion: version },
      adapters: Object.fromEntries(adapterHandles.map((a) => [a.name, a.handle ? a.handle.describe() : { configured: false }])),
      outbox,
      ...status,
    });
  });

  const adapters = opts.adapters ?? [slackAdapter, teamsAdapter, webAdapter];
  for (const a of adapters) adapterHandles.push({ name: a.name, handle: await a.mount(http, app) });
  // (so that a command run from a shell without these settings queues for them too)
  noteServedPlatforms(app.db, sendersInService(app).map((s) => s.platform), app.clock.now());
  // (the Slack IT channel only by a server that sends to Slack: one without, next to it on the
  // database, would clear the other's)
  if (serves(app, 'slack')) noteServedItChannel(app.db, app.config.ITBOT_IT_CHANNEL, app.clock.now());
  mountPlanRoutes(http, app);
  mountSurveyRoutes(http, app);
  mountAdmin(http, app);

  // a path (or method) none of the above has, such as /calendar/other or GET /slack/events: a
  // JSON answer like every other one of this server, not Express's HTML "Cannot GET" page
  http.use((req, res) => {
    res.status(404).json({ error: `no such address: ${req.method} ${req.path.slice(0, 200)}` });
  });

  http.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: 'request body too large' });
      return;
    }
    // a client's mistake (4xx) is one warning line; only a failure of ours is an error with its stack
    if (e.status && e.status < 500) app.log.warn({ status: e.status, error: String(e.message ?? '').slice(0, 200) }, 'http: bad request');
    else app.log.error({ err }, 'http error');
    if (err instanceof URIError && e.status === 400) {
      res.status(400).json({ error: 'malformed address: the path has a %-escape that is not valid UTF-8' });
      return;
    }
    res.status(e.status ?? 500).json({ error: e.status && e.status < 500 ? e.message : 'internal error' });
  });

  // listen first: a port already taken is a clear error, and no background work starts without a server
  const host = opts.host ?? app.config.ITBOT_HOST;
  const wanted = opts.port ?? app.config.PORT;
  const server = createServer(http);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    for (const a of adapterHandles) await a.handle?.stop();
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'is already in use (another itbot serve?)' : code === 'EACCES' ? 'may not be opened by this user' : code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : (e as Error).message;
    // (a runtime failure: the CLI prints it as one line and exits 1)
    throw new AppError('serve_failed', `PORT ${wanted} on ${host}: ${why}`);
  }
  const background: Running[] = [];
  const worker = new OutboxWorker(app, opts.worker);
  if (opts.background !== false) {
    for (const f of app.features) if (f.start) background.push(f.start(app));
    // the features' first pass before the first send: the plan brings the messages of a plan
    // imported while no server ran up to date, so none goes with the text queued before
    await Promise.all(background.map((b) => b.ready));
    background.push(worker.start());
    background.push(startHousekeeping(app));
  }
  const port = (server.address() as AddressInfo).port;
  app.status.adapterNames = adapterHandles.filter((a) => a.handle).map((a) => a.name);
  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      // stop taking work, finish what is in flight, then stop the background loops
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      });
      for (const b of background) await b.stop();
      for (const a of adapterHandles) await a.handle?.stop();
    })());
  return { http, server, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, port, worker, close };
}
