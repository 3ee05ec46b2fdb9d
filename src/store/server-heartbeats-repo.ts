import type { Db } from './db.ts';
import { cachedStatement } from './db.ts';

/**
 * How long a server's last sign of life is kept (messages only it can send wait for it a day, as
 * long as a failing send is tried: the outbox worker's `platformWaitMs`): far longer than that,
 * and long enough for a server stopped over a weekend or a holiday to count for what commands
 * queue (its platform), until it is back.
 */
const KEEP_MS = 14 * 24 * 3600_000;

/**
 * How long after its last sign of life a server that did not note a stop counts as running (it
 * notes one every 5 seconds): such a one cannot be forgotten, its next sign would bring it back.
 */
const RUNNING_MS = 30_000;

/** The sign of life at or before which a server that did not note a stop no longer counts as running. */
const runningCutoff = (now: Date): string => new Date(now.getTime() - RUNNING_MS).toISOString();

/**
 * A server's sign of life: the chat platforms it sends to now, and whether one of them reaches
 * people (not only the local playground's own users), and the machine it runs on. Signs older
 * than two weeks are dropped, and so is the row of a server that stopped (cleanly, or not seen for
 * `RUNNING_MS`) on the same machine with the same platforms: this one, restarted, takes its place
 * (what waited for it waits for this one, which sends to the same platforms).
 */
export function noteHeartbeat(db: Db, serverId: string, platforms: string[], people: boolean, now: Date, host: string | null = null): void {
  const sorted = [...platforms].sort().join(',');
  cachedStatement(
    db,
    `INSERT INTO server_heartbeats (server_id, platforms, people, beat_at, host) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(server_id) DO UPDATE SET platforms = excluded.platforms, people = excluded.people, beat_at = excluded.beat_at, stopped_at = NULL, host = excluded.host`,
  ).run(serverId, sorted, people ? 1 : 0, now.toISOString(), host);
  cachedStatement(db, 'DELETE FROM server_heartbeats WHERE beat_at < ?').run(new Date(now.getTime() - KEEP_MS).toISOString());
  if (host !== null) {
    cachedStatement(
      db,
      `DELETE FROM server_heartbeats WHERE server_id <> ? AND host = ? AND platforms = ? AND people = ?
         AND (stopped_at IS NOT NULL OR beat_at <= ?)`,
    ).run(serverId, host, sorted, people ? 1 : 0, runningCutoff(now));
  }
}

/**
 * A server stopped cleanly (SIGTERM, SIGINT): its last sign of life says so from now on, for the
 * operator. Messages only it can send still wait for it as for any server not seen lately.
 */
export function noteStopped(db: Db, serverId: string, now: Date): void {
  cachedStatement(db, 'UPDATE server_heartbeats SET stopped_at = ? WHERE server_id = ?').run(now.toISOString(), serverId);
}

/**
 * Forgets a server that has stopped (cleanly, or not seen for `RUNNING_MS`), for good: an operator
 * who removed its platform. Messages waiting only for it stop waiting (sent where the running
 * servers can, else given up) at a server's next look at them (within a minute), as after a day
 * without it; commands no longer
 * queue for its platforms on its account. A server that runs again under that id is noted anew.
 */
export function forgetServer(db: Db, serverId: string, now: Date): 'forgotten' | 'running' | 'unknown' {
  // (one statement: a sign of life noted meanwhile keeps the row)
  const gone = cachedStatement(db, 'DELETE FROM server_heartbeats WHERE server_id = ? AND (stopped_at IS NOT NULL OR beat_at <= ?)')
    .run(serverId, runningCutoff(now)).changes;
  if (gone) return 'forgotten';
  return cachedStatement(db, 'SELECT 1 FROM server_heartbeats WHERE server_id = ?').get(serverId) ? 'running' : 'unknown';
}

/** Whether a server seen (`serversSeen`) may be forgotten now: stopped, or not seen for `RUNNING_MS`. */
export function forgettable(s: ServerSeen, now: Date): boolean {
  return s.stoppedAt !== null || s.beatAt <= runningCutoff(now);
}

export interface ServerSeen {
  serverId: string;
  /** the machine it runs on (null: noted by an earlier version) */
  host: string | null;
  platforms: string[];
  beatAt: string;
  /** when it stopped cleanly; null while it runs, or when it was killed */
  stoppedAt: string | null;
}

interface HeartbeatRow {
  server_id: string;
  host: string | null;
  platforms: string;
  beat_at: string;
  stopped_at: string | null;
}

const toSeen = (r: HeartbeatRow): ServerSeen => ({ serverId: r.server_id, host: r.host, platforms: r.platforms.split(',').filter(Boolean), beatAt: r.beat_at, stoppedAt: r.stopped_at });

/**
 * The other server (not `self`) seen last since `since` that sends to `platform`, or (`platform`
 * null) that reaches people on a chat platform (one still running has the latest sign of life);
 * null when none was.
 */
export function otherServerServing(db: Db, self: string, platform: string | null, since: Date): ServerSeen | null {
  const r = cachedStatement(
    db,
    `SELECT server_id, host, platforms, beat_at, stopped_at FROM server_heartbeats
     WHERE server_id <> ? AND beat_at >= ?
       AND (CASE WHEN ? IS NULL THEN people = 1 ELSE instr(',' || platforms || ',', ',' || ? || ',') > 0 END)
     ORDER BY beat_at DESC LIMIT 1`,
  ).get(self, since.toISOString(), platform, platform) as HeartbeatRow | undefined;
  return r ? toSeen(r) : null;
}

/** Every server's last sign of life still kept (two weeks), the latest first: for the operator's health page. */
export function serversSeen(db: Db): ServerSeen[] {
  const rows = cachedStatement(db, 'SELECT server_id, host, platforms, beat_at, stopped_at FROM server_heartbeats ORDER BY beat_at DESC, server_id').all() as HeartbeatRow[];
  return rows.map(toSeen);
}

/** The chat platforms of the servers seen since `since`. */
export function platformsServedSince(db: Db, since: Date): string[] {
  const rows = cachedStatement(db, 'SELECT DISTINCT platforms FROM server_heartbeats WHERE beat_at >= ?').all(since.toISOString()) as Array<{ platforms: string }>;
  return [...new Set(rows.flatMap((r) => r.platforms.split(',').filter(Boolean)))];
}
