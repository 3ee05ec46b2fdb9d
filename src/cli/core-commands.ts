import type { Command } from 'commander';
import type { App, CliEnv } from '../app-types.ts';
import { backupDb, latestVersion, schemaVersion } from '../store/db.ts';
import { InputError } from '../errors.ts';
import { outboxCounts, outboxRows } from '../jobs/outbox.ts';
import { forgetServer, serversSeen } from '../store/server-heartbeats-repo.ts';
import { printJson, readCommand, runCommand, wholeNumberOption } from './run.ts';
import { consoleThroughLogger, createLogger, prettyLogs } from '../log.ts';

/**
 * How often a server started by an npm script (`npm start`, `npx itbot serve`) checks that the
 * process that started it is still there. npm runs the script through `sh -c`, and on a
 * SIGTERM to npm (`kill`, a process manager, `docker stop`) npm passes it to that shell, which
 * ends without passing it on: the server would keep running on its own, holding the port and
 * the database. `exec` in the script would avoid the shell on POSIX, but not on Windows, where
 * npm runs scripts with cmd.exe.
 */
const PARENT_CHECK_MS = 1000;

/**
 * Calls `gone` once the parent process has ended (the process was handed to another parent).
 * Only under an npm script: a server started from a shell in the background (`nohup itbot
 * serve &`) keeps running when that shell ends, as it always did. Returns a stop function.
 */
function whenParentEnds(gone: () => void): () => void {
  if (!process.env.npm_lifecycle_event) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      gone();
    }
  }, PARENT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Loads every feature's demo data, in feature order. */
export async function loadDemo(app: App): Promise<string[]> {
  const loaded: string[] = [];
  for (const f of app.features) {
    if (f.demo) {
      await f.demo(app);
      loaded.push(f.name);
    }
  }
  return loaded;
}

export function registerCoreCommands(program: Command, env: CliEnv): void {
  program
    .command('serve')
    .description('run the HTTP server (web chat, /slack/events, /api/messages, /healthz), the scheduler and the outbox worker')
    .option('--port <port>', 'HTTP port (else PORT, else 3978)')
    .option('--demo-if-new', 'load the demo data when the database is new (what npm start does)')
    .action(async (o: { port?: string; db?: string; demoIfNew?: boolean }) => {
      // (checked before the database is opened: a mistyped option creates no database, nor loads the demo into one)
      const port = o.port !== undefined ? wholeNumberOption('--port', o.port, 0, 65535, 'a port number (0 to 65535)') : undefined;
      const app = env.openApp({ db: o.db });
      app.log = createLogger();
      // (libraries that write to the console would break the JSON lines)
      if (!prettyLogs()) consoleThroughLogger(app.log);
      const { startServer } = await import('../server.ts');
      if (o.demoIfNew && !app.status.dbExisted) {
        const loaded = await loadDemo(app);
        app.log.info({ loaded }, 'new database: demo data loaded');
      }
      let running: Awaited<ReturnType<typeof startServer>>;
      try {
        running = await startServer(app, { port });
      } catch (e) {
        app.db.close();
        throw e;
      }
      app.log.info({ url: running.url, db: app.status.dbFile }, `itbot serving on ${running.url}`);
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = (sig: string) => {
          if (stopping) return;
          stopping = true;
          stopWatching();
          app.log.info({ sig }, 'stopping: finishing work in flight');
          void running.close().then(() => {
            app.db.close();
            app.log.info('stopped');
            resolve();
          });
        };
        // (npm start stopped with a signal: the shell between npm and the server has ended)
        const stopWatching = whenParentEnds(() => stop('the npm process that started the server ended'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });

  program
    .command('demo')
    .description('demo data')
    .command('load')
    .description('load the demo people, catalog, plan and surveys from data/')
    .action((o: { db?: string }) =>
      runCommand(env, o, async (app) => {
        const loaded = await loadDemo(app);
        env.out(`demo data loaded: ${loaded.join(', ')}`);
      }),
    );

  program
    .command('db')
    .description('the database')
    .command('backup')
    .description('an online copy of the database (SQLite backup API; safe while servers run)')
    .argument('<file>', 'target file')
    .action((file: string, o: { db?: string }) => {
      // (an unset variable in a backup job: checked before the database is opened, as an empty --db is)
      if (file.trim() === '') throw new InputError([{ field: 'FILE', message: 'an empty path: name the file for the copy' }]);
      return runCommand(env, o, async (app) => {
        await backupDb(app.db, file);
        env.out(`backup written to ${file}`);
        // (a copy needs no schema: the backup an operator makes before going back to an older itbot)
        const version = schemaVersion(app.db);
        const latest = latestVersion();
        if (version > latest) env.err(`warning: ${String(app.status.dbFile)} has schema version ${version}, newer than this itbot knows (up to ${latest}): copied as it is; only an itbot of that version or later can use the copy`);
        // (a mistyped --db or ITBOT_DB in a backup job would otherwise go unnoticed: every command creates a missing database)
        if (!app.status.dbExisted) env.err(`warning: ${String(app.status.dbFile)} did not exist and was created empty, so the copy holds no data (check --db or ITBOT_DB)`);
      }, 'copies');
    });

  const outbox = program.command('outbox').description('the outbox of messages the bot sends on its own');
  outbox
    .command('forget-server')
    .description('forget a stopped server for good (its platform removed): messages waiting only for it stop waiting')
    .argument('<server>', 'the server id, as outbox status and the health page name it')
    .action((serverId: string, o: { db?: string }) =>
      runCommand(env, o, (app) => {
        const now = app.clock.now();
        const servers = serversSeen(app.db);
        const before = servers.find((s) => s.serverId === serverId);
        const outcome = forgetServer(app.db, serverId, now);
        if (outcome === 'unknown') {
          const known = servers.map((s) => s.serverId);
          throw new InputError([{ field: 'server', message: `no server ${serverId} on this database (${known.length ? `its servers: ${known.join(', ')}` : 'none is noted'})` }]);
        }
        if (outcome === 'running') {
          throw new InputError([{ field: 'server', message: `server ${serverId} is running (alive at ${before?.beatAt ?? '?'}): stop it first; a running server notes itself again within seconds` }]);
        }
        const to = before?.platforms.length ? before.platforms.join(', ') : 'web chat only';
        env.out(`forgot server ${serverId} (${to}): messages waiting only for it stop waiting within a minute: the servers running on this database (or the next one started) send them where they can, or give them up`);
      }));
  outbox
    .command('status')
    .description('queued, sending, sent, retrying and dead messages')
    .option('--json', 'JSON on stdout')
    .option('--limit <n>', 'how many dead, retrying and sending messages to list', '20')
    .action((o: { db?: string; json?: boolean; limit: string }) => {
      // (checked before the database is opened; 0 lists none, only the counts)
      const limit = wholeNumberOption('--limit', o.limit, 0, Number.MAX_SAFE_INTEGER, 'a whole number of 0 or more');
      return readCommand(env, o, (app) => {
        const counts = outboxCounts(app.db);
        const dead = outboxRows(app.db, { state: 'dead', limit });
        const retry = outboxRows(app.db, { state: 'retry', limit });
        const sending = outboxRows(app.db, { state: 'sending', limit });
        // a lease that ran out: the server holding it stopped (or stalled), and no server has taken it over yet
        const now = app.clock.now().toISOString();
        const leaseRanOut = (r: (typeof sending)[number]) => r.lease_until !== null && r.lease_until < now;
        const brief = (r: (typeof dead)[number]) => ({
          id: r.id, key: r.idempotency_key, kind: r.kind, target: r.target, platform: r.platform,
          attempts: r.attempts, nextAttemptAt: r.next_attempt_at, error: r.last_error,
        });
        if (o.json) {
          printJson(env, {
            // (the counts by stored state, `retry` among them; `retrying` is the same count under the contract's word)
            ...counts, retrying: counts.retry, deadMessages: dead.map(brief), retryingMessages: retry.map(brief),
            // in flight: a server holds each until leaseUntil; one left by a server that stopped goes out again after it
            sendingMessages: sending.map((r) => ({ ...brief(r), leaseOwner: r.lease_owner, leaseUntil: r.lease_until, leaseRanOut: leaseRanOut(r) })),
          });
          return;
        }
        env.out(`queued ${counts.queued}  sending ${counts.sending}  sent ${counts.sent}  retrying ${counts.retry}  dead ${counts.dead}  expired ${counts.expired}  cancelled ${counts.cancelled}`);
        for (const r of dead) env.out(`dead  #${r.id} ${r.kind} to ${r.target}: ${r.last_error ?? ''}`);
        for (const r of retry) env.out(`retry #${r.id} ${r.kind} to ${r.target} at ${r.next_attempt_at}: ${r.last_error ?? ''}`);
        for (const r of sending) {
          const ranOut = leaseRanOut(r) ? ' (ran out: that server has stopped; the next server running on this database sends it)' : '';
          env.out(`sending #${r.id} ${r.kind} to ${r.target}: held by ${r.lease_owner ?? '?'} until ${r.lease_until ?? '?'}${ranOut}`);
        }
      });
    });
}
