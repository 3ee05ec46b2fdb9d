import { randomUUID } from 'node:crypto';
import { cachedStatement, type Db } from './db.ts';
import type { OutMessage, Platform } from '../chat/model.ts';
import type { Person } from '../people/person.ts';
import { lastWorkingStart, nextWorkingTime, type WorkingHours } from '../jobs/working-hours.ts';
import type { PartsSent } from '../jobs/sender.ts';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'retry' | 'dead' | 'expired' | 'cancelled';

export type OutboxTarget =
  | { kind: 'person'; email: string }
  | { kind: 'channel'; platform: Platform; channelId: string };

export interface EnqueueInput {
  /** deterministic, e.g. plan:{event}:{occurrence}:reminder:P7D:to:{email}; a second enqueue is a no-op */
  key: string;
  kind: string;
  target: OutboxTarget;
  message: OutMessage;
  /** when it should go (default: now) */
  dueAt?: Date;
  /** past this it is not sent but recorded as expired (a reminder after its event) */
  expiresAt?: Date;
  /**
   * wait for the working hours of the person (their time zone, else `defaultTimeZone`), when
   * queued and again when sent; `inside`: the caller already knows `dueAt` is inside them;
   * `bringForward`: when the next window opens only at or after `expiresAt` (a reminder whose
   * event would have begun), it goes at the start of the last window before `dueAt` instead
   * (not before it is queued), and without such a window it is never sent: the worker records
   * it as expired at `dueAt` (see `firstSendTime`)
   */
  workingHours?: { hours: WorkingHours; person?: Person | null; defaultTimeZone: string; inside?: boolean; bringForward?: boolean };
  source?: Record<string, unknown>;
}

export interface OutboxRow {
  id: number;
  idempotency_key: string;
  kind: string;
  target_kind: 'person' | 'channel';
  target: string;
  platform: string | null;
  message: string;
  state: OutboxState;
  attempts: number;
  due_at: string;
  next_attempt_at: string;
  expires_at: string | null;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  platform_message_id: string | null;
  source: string | null;
  created_at: string;
  sent_at: string | null;
  /** start of the current run of transient failures (rate limits do not count) */
  failing_since: string | null;
  /** time zone of the working hours this message waits for; NULL: any time */
  working_tz: string | null;
  /** when a platform was first called for it (`beginAttempt`); NULL: never yet */
  first_attempt_at: string | null;
  /** how many parts of a split message earlier attempts posted (recorded as each part goes, `recordParts`), of the text `parts_of` names */
  parts_sent: number;
  /** the sender's digest of the text those parts belong to; NULL: none posted */
  parts_of: string | null;
}

/**
 * When a message queued at `now` for `due` may go, and the time zone of the working hours it
 * keeps. `missed`: it keeps them and no window lies between `now` and its expiry (it stays at
 * `due`, when the worker, finding no window before the expiry, records it as expired).
 */
export function firstSendTime(input: Pick<EnqueueInput, 'workingHours' | 'expiresAt'>, due: Date, now: Date): { next: Date; tz: string | null; missed: boolean } {
  const wh = input.workingHours;
  if (!wh) return { next: due, tz: null, missed: false };
  const tz = wh.person?.timezone ?? wh.defaultTimeZone;
  if (wh.inside) return { next: due, tz, missed: false };
  const next = nextWorkingTime(due, tz, wh.hours);
  const expires = input.expiresAt?.getTime();
  if (!wh.bringForward || expires === undefined || next.getTime() < expires) return { next, tz, missed: false };
  // waiting would pass the expiry (its event's start): the last window before it is due instead
  const earlier = lastWorkingStart(due, now, tz, wh.hours);
  return earlier && earlier.getTime() < expires ? { next: earlier, tz, missed: false } : { next: due, tz, missed: true };
}

// prepared once per database: the plan scheduler queues thousands at a time
const insertStatements = new WeakMap<Db, { get(...args: unknown[]): unknown }>();

/**
 * Puts a message into the outbox, once per idempotency key (UNIQUE constraint: a second
 * call, a second server or a restart cannot queue it twice). Returns whether it was new, and
 * when a message so queued first goes (`next`: its due time, or the working hours it waits for).
 */
export function enqueue(db: Db, now: Date, input: EnqueueInput): { id: number | null; created: boolean; next: Date } {
  const due = input.dueAt ?? now;
  const { next, tz } = firstSendTime(input, due, now);
  const target = input.target.kind === 'person' ? input.target.email : input.target.channelId;
  const platform = input.target.kind === 'channel' ? input.target.platform : null;
  let insert = insertStatements.get(db);
  if (!insert) {
    insert = db.prepare(
      `INSERT INTO outbox (idempotency_key, kind, target_kind, target, platform, message, due_at, next_attempt_at,
         expires_at, source, created_at, working_tz)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(idempotency_key) DO NOTHING
       RETURNING id`,
    );
    insertStatements.set(db, insert);
  }
  const r = insert
    .get(
      input.key,
      input.kind,
      input.target.kind,
      target,
      platform,
      JSON.stringify(input.message),
      due.toISOString(),
      next.toISOString(),
      input.expiresAt?.toISOString() ?? null,
      input.source ? JSON.stringify(input.source) : null,
      now.toISOString(),
      tz,
    ) as { id: number } | undefined;
  return { id: r?.id ?? null, created: r !== undefined, next };
}

/**
 * Cancels the messages not sent yet whose key starts with a prefix (a deleted event, a closed
 * survey): those waiting, and those a worker has taken (`sending`): one held by a server that
 * died is then not taken over once its lease runs out, and a worker that has not called the
 * platform yet finds it no longer holds it (`beginAttempt`); a call already under way is
 * recorded as it ends only when it went (`markSent`), else the row stays cancelled.
 */
export function cancelByPrefix(db: Db, prefix: string, reason: string): number {
  return db
    .prepare(
      `UPDATE outbox SET state = 'cancelled', last_error = ?
       WHERE state IN ('queued', 'retry', 'sending') AND substr(idempotency_key, 1, length(?)) = ?`,
    )
    .run(reason, prefix, prefix).changes;
}

/**
 * Whether a message whose key starts with a prefix may have reached someone: one sent, one a
 * worker has taken (its platform call may be under way), or one tried before (a failure that
 * came after the platform took it). Rows only waiting, cancelled or expired reached no one.
 */
export function mayHaveGone(db: Db, prefix: string): boolean {
  return (
    db
      .prepare(`SELECT 1 FROM outbox WHERE substr(idempotency_key, 1, length(?)) = ? AND (state IN ('sent', 'sending') OR attempts > 0) LIMIT 1`)
      .get(prefix, prefix) !== undefined
  );
}

/** How many messages whose key starts with a prefix are queued, sending or sent (not given up, cancelled or expired). */
export function countByPrefix(db: Db, prefix: string): number {
  return (
    db.prepare(`SELECT count(*) AS n FROM outbox WHERE substr(idempotency_key, 1, length(?)) = ? AND state IN ('queued', 'retry', 'sending', 'sent')`).get(prefix, prefix) as { n: number }
  ).n;
}

/**
 * Cancels the messages not sent yet to these people (made inactive in the directory), as
 * `cancelByPrefix` cancels by key: those waiting and those a worker has taken.
 */
export function cancelForPeople(db: Db, emails: string[], reason: string): number {
  if (!emails.length) return 0;
  return db
    .prepare(
      `UPDATE outbox SET state = 'cancelled', last_error = ?
       WHERE state IN ('queued', 'retry', 'sending') AND target_kind = 'person' AND lower(target) IN (SELECT lower(value) FROM json_each(?))`,
    )
    .run(reason, JSON.stringify(emails)).changes;
}

interface OutboxCounts {
  queued: number;
  sending: number;
  sent: number;
  retry: number;
  dead: number;
  expired: number;
  cancelled: number;
}

export function outboxCounts(db: Db): OutboxCounts {
  const counts: OutboxCounts = { queued: 0, sending: 0, sent: 0, retry: 0, dead: 0, expired: 0, cancelled: 0 };
  for (const r of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as Array<{ state: OutboxState; n: number }>) {
    counts[r.state] = r.n;
  }
  return counts;
}

/** A reason messages wait for another try, with how many and the earliest next try (`retryReasons`). */
export interface RetryReasonRow {
  reason: string | null;
  n: number;
  nextAt: string | null;
}

/** The messages waiting for another try, grouped by their reason (the health page), most first. */
export function retryReasons(db: Db): RetryReasonRow[] {
  return cachedStatement(
    db,
    `SELECT last_error AS reason, count(*) AS n, min(next_attempt_at) AS nextAt
     FROM outbox WHERE state = 'retry' GROUP BY last_error ORDER BY n DESC, reason`,
  ).all() as RetryReasonRow[];
}

export function outboxRows(db: Db, opts: { state?: OutboxState; limit?: number; kind?: string } = {}): OutboxRow[] {
  const where: string[] = [];
  const args: unknown[] = [];
  if (opts.state) {
    where.push('state = ?');
    args.push(opts.state);
  }
  if (opts.kind) {
    where.push('kind = ?');
    args.push(opts.kind);
  }
  const sql = `SELECT * FROM outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
  return db.prepare(sql).all(...args, opts.limit ?? 100) as OutboxRow[];
}

/** Puts a dead message back in the queue (the admin's retry button). */
export function retryDead(db: Db, id: number, now: Date): boolean {
  return (
    db
      .prepare(
        `UPDATE outbox SET state = 'retry', next_attempt_at = ?, failing_since = NULL,
           last_error = coalesce(last_error, '') || ' (retried by an admin)'
         WHERE id = ? AND state = 'dead'`,
      )
      .run(now.toISOString(), id).changes === 1
  );
}

/**
 * Claims up to `limit` due messages for this worker with a lease. The UPDATE ... RETURNING is one
 * statement, so two servers on one database never claim the same row. The worker claims with a
 * short lease (`claimLeaseMs` of the worker: seconds), which it keeps renewing while it is alive
 * (`renewClaims`) and lengthens for the one row whose platform call begins (`beginAttempt`).
 * Rows left in `sending` by a killed worker, or by one whose batch outlasted the lease, come back
 * once their lease has run out: those it had not begun to send within seconds, those whose call
 * was under way after the full lease; that worker then finds it no longer holds them
 * (`beginAttempt`) and skips them.
 * A claim is no attempt: `beginAttempt` counts one when the platform is about to be called.
 */
export function claimDue(db: Db, now: Date, owner: string, leaseMs: number, limit: number, skip: number[] = []): OutboxRow[] {
  const nowIso = now.toISOString();
  // (`skip`: waiting rows this worker left to another server just now, due for that one)
  return db
    .prepare(
      `UPDATE outbox SET state = 'sending', lease_owner = ?, lease_until = ?,
         last_error = CASE WHEN state = 'sending' AND attempts > 0 THEN 'lease expired: an earlier attempt may have reached the platform' ELSE last_error END
       WHERE id IN (
         SELECT id FROM outbox
         WHERE ((state IN ('queued', 'retry') AND next_attempt_at <= ?)
            OR (state = 'sending' AND lease_until < ?))
           AND id NOT IN (SELECT value FROM json_each(?))
         ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING *`,
    )
    .all(owner, new Date(now.getTime() + leaseMs).toISOString(), nowIso, nowIso, JSON.stringify(skip), limit) as OutboxRow[];
}

/**
 * A live worker keeps what it has claimed: the lease of each row it still holds (`sending`,
 * `lease_owner` its own) runs at least until `ms` from `now` (never shortened: a row whose
 * platform call is under way keeps its longer lease). A row another worker took over, or that was
 * cancelled, no longer has this owner or state and is left alone. Returns how many were renewed.
 */
export function renewClaims(db: Db, owner: string, now: Date, ms: number): number {
  const until = new Date(now.getTime() + ms).toISOString();
  return cachedStatement(
    db,
    `UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND state = 'sending' AND (lease_until IS NULL OR lease_until < ?)`,
  ).run(until, owner, until).changes;
}

/**
 * Just before a platform call: checks that `owner` still holds the row's lease and renews it for
 * `leaseMs` from `now`, in one statement, counting an attempt when `countAttempt` (the first one
 * also records `first_attempt_at`, kept from then on). Returns the
 * attempts so far, or null when another worker has taken the row over (its lease had run out
 * while this worker's batch was still busy): the caller must not send it then.
 */
export function beginAttempt(db: Db, id: number, owner: string, now: Date, leaseMs: number, countAttempt = true): number | null {
  const r = cachedStatement(
    db,
    `UPDATE outbox SET lease_until = ?, attempts = attempts + ?,
       first_attempt_at = CASE WHEN ? THEN coalesce(first_attempt_at, ?) ELSE first_attempt_at END
     WHERE id = ? AND state = 'sending' AND lease_owner = ?
     RETURNING attempts`,
  ).get(new Date(now.getTime() + leaseMs).toISOString(), countAttempt ? 1 : 0, countAttempt ? 1 : 0, now.toISOString(), id, owner) as { attempts: number } | undefined;
  return r ? r.attempts : null;
}

/**
 * A message posted in several parts: the platform took its first `parts.count` parts (of the text
 * `parts.of` names). Recorded as each part goes, before the next one is posted, so a server that
 * dies between two parts leaves the row to one that goes on with the next part; the lease is
 * renewed for that call (never shortened), as before every platform call. Returns false when
 * `owner` no longer holds the row (its lease ran out and another worker took it over): the
 * caller must post no further part. A row cancelled while its parts were being posted is still
 * this owner's (its call under way, as in `markSent`).
 */
export function recordParts(db: Db, id: number, owner: string, now: Date, leaseMs: number, parts: PartsSent): boolean {
  return (
    cachedStatement(
      db,
      `UPDATE outbox SET parts_sent = ?, parts_of = ?, lease_until = max(coalesce(lease_until, ''), ?)
       WHERE id = ? AND lease_owner = ? AND state IN ('sending', 'cancelled')`,
    ).run(parts.count, parts.of, new Date(now.getTime() + leaseMs).toISOString(), id, owner).changes === 1
  );
}

/** Records a message the platform took; also one cancelled while the call was under way (it went all the same). */
export function markSent(db: Db, id: number, owner: string, now: Date, platform: string, platformMessageId?: string): void {
  db.prepare(
    `UPDATE outbox SET state = 'sent', sent_at = ?, platform = ?, platform_message_id = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL
     WHERE id = ? AND lease_owner = ?`,
  ).run(now.toISOString(), platform, platformMessageId ?? null, id, owner);
}

/** What the worker writes into `last_error` of a message that waits for its person to enter the directory. */
export const WAITING_FOR_PERSON = 'waiting for the person';

/**
 * People the people import just brought: the messages waiting for them (WAITING_FOR_PERSON)
 * go at `at` instead of at the worker's next look. One statement for the whole import.
 */
export function wakeWaitingFor(db: Db, emails: string[], at: Date): number {
  return cachedStatement(db, `UPDATE outbox SET next_attempt_at = ? WHERE state = 'retry' AND target_kind = 'person' AND target IN (SELECT value FROM json_each(?)) AND last_error LIKE '%${WAITING_FOR_PERSON}%' AND next_attempt_at > ?`)
    .run(at.toISOString(), JSON.stringify(emails), at.toISOString()).changes;
}

/**
 * A person's time zone changed in the directory: their messages still queued that keep working
 * hours keep those of `timezone` from now on. Each is due again at its own due time (now, when
 * that has passed) unless it was to go earlier: the worker checks the hours of the new zone when
 * it comes to it, so one held for the old zone's morning goes as soon as the new zone's hours
 * allow, and one due in the old zone's hours waits for the new zone's. Plan reminders (and their
 * snoozes) are left to the plan scheduler, which queues them again in the new zone (brought
 * forward when waiting would pass their event's start, and with their time in the new zone): a
 * snooze it finds still keeping the old zone's hours.
 * A message in retry keeps its time (a backoff, a Retry-After). Returns how many were re-timed.
 */
export function retimeForTimeZone(db: Db, email: string, timezone: string, now: Date): number {
  const nowIso = now.toISOString();
  return cachedStatement(
    db,
    `UPDATE outbox SET working_tz = ?, next_attempt_at = min(next_attempt_at, max(due_at, ?))
     WHERE state = 'queued' AND target_kind = 'person' AND target = ? COLLATE NOCASE AND working_tz IS NOT NULL
       AND kind <> 'plan-reminder'`,
  ).run(timezone, nowIso, email).changes;
}

/**
 * The messages of these kinds still waiting for a person (queued, or in retry), oldest first; not
 * one a worker has taken to send.
 */
export function waitingFor(db: Db, email: string, kinds: string[]): Array<Pick<OutboxRow, 'id' | 'kind' | 'message' | 'source' | 'attempts'>> {
  return cachedStatement(
    db,
    `SELECT id, kind, message, source, attempts FROM outbox
     WHERE state IN ('queued', 'retry') AND target_kind = 'person' AND target = ? COLLATE NOCASE AND kind IN (SELECT value FROM json_each(?))
     ORDER BY id`,
  ).all(email, JSON.stringify(kinds)) as Array<Pick<OutboxRow, 'id' | 'kind' | 'message' | 'source' | 'attempts'>>;
}

/** Gives a message still waiting (queued, retry) a new text; one a worker has taken keeps the one it sends. */
export function rewriteWaiting(db: Db, id: number, message: OutMessage): boolean {
  return cachedStatement(db, `UPDATE outbox SET message = ? WHERE id = ? AND state IN ('queued', 'retry')`).run(JSON.stringify(message), id).changes === 1;
}

/**
 * Puts a claimed message back to wait until `next`. `failingSince`: the start of its run of
 * transient failures (kept as it is when undefined). `uncount`: the attempt just counted was
 * none (the platform rate-limited it, or held it back for a Retry-After): it is taken back.
 * `parts`: how many parts of a split message have reached the platform so far (kept for the next attempt).
 */
export function markRetry(
  db: Db,
  id: number,
  owner: string,
  next: Date,
  error: string,
  platform: string | null,
  opts: { failingSince?: Date; uncount?: boolean; parts?: PartsSent } = {},
): void {
  cachedStatement(
    db,
    `UPDATE outbox SET state = 'retry', next_attempt_at = ?, last_error = ?, platform = coalesce(?, platform), lease_owner = NULL, lease_until = NULL,
       failing_since = coalesce(?, failing_since), attempts = max(0, attempts - ?),
       parts_sent = coalesce(?, parts_sent), parts_of = coalesce(?, parts_of)
     WHERE id = ? AND lease_owner = ? AND state = 'sending'`,
  ).run(next.toISOString(), error, platform, opts.failingSince?.toISOString() ?? null, opts.uncount ? 1 : 0, opts.parts?.count ?? null, opts.parts?.of ?? null, id, owner);
}

/**
 * A claimed message that may not go now (outside its recipient's working hours) waits until
 * `next`, unchanged otherwise: no attempt, its error (if any) kept.
 */
export function markDeferred(db: Db, id: number, owner: string, next: Date): void {
  cachedStatement(
    db,
    `UPDATE outbox SET state = CASE WHEN last_error IS NULL AND attempts = 0 THEN 'queued' ELSE 'retry' END,
       next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ? AND state = 'sending'`,
  ).run(next.toISOString(), id, owner);
}

export function markFinal(db: Db, id: number, owner: string, state: 'dead' | 'expired', error: string, platform: string | null): void {
  db.prepare(
    `UPDATE outbox SET state = ?, last_error = ?, platform = coalesce(?, platform), lease_owner = NULL, lease_until = NULL
     WHERE id = ? AND lease_owner = ? AND state = 'sending'`,
  ).run(state, error, platform, id, owner);
}

export function newWorkerId(): string {
  return `w-${process.pid}-${randomUUID().slice(0, 8)}`;
}

/**
 * Like `enqueue`, for a source whose definition can change (a re-imported plan event, a person's
 * new language): a row under the key that is still waiting (queued, retry) or was cancelled gets
 * the new message and times (a cancelled one is queued again). A row a server has taken to send
 * (`sending`) before its platform call began gets the new message only, its claim, lease and times
 * left as they are: the server that takes it over when the lease of one that died runs out sends
 * the current text. A row that may have reached the person (tried before: a platform call began,
 * and a timeout or 5xx may have come after the platform took it) is left alone, also in retry,
 * being sent or cancelled: it goes again, if at all, as it was, never a second time in another
 * text or language. A row already sent, dead or expired is left alone too ('final').
 */
export function enqueueOrUpdate(db: Db, now: Date, input: EnqueueInput): 'created' | 'updated' | 'final' {
  const r = enqueue(db, now, input);
  if (r.created) return 'created';
  const due = input.dueAt ?? now;
  const { next, tz } = firstSendTime(input, due, now);
  const changed = db
    .prepare(
      `UPDATE outbox SET message = ?, due_at = ?, next_attempt_at = CASE WHEN state = 'retry' THEN next_attempt_at ELSE ? END,
         expires_at = ?, source = ?, working_tz = ?,
         state = CASE WHEN state = 'cancelled' THEN 'queued' ELSE state END,
         last_error = CASE WHEN state = 'cancelled' THEN NULL ELSE last_error END
       WHERE idempotency_key = ? AND state IN ('queued', 'retry', 'cancelled') AND attempts = 0`,
    )
    .run(
      JSON.stringify(input.message),
      due.toISOString(),
      next.toISOString(),
      input.expiresAt?.toISOString() ?? null,
      input.source ? JSON.stringify(input.source) : null,
      tz,
      input.key,
    ).changes;
  if (changed === 1) return 'updated';
  const claimed = cachedStatement(db, `UPDATE outbox SET message = ?, source = ? WHERE idempotency_key = ? AND state = 'sending' AND attempts = 0`).run(
    JSON.stringify(input.message),
    input.source ? JSON.stringify(input.source) : null,
    input.key,
  ).changes;
  return claimed === 1 ? 'updated' : 'final';
}

/** The kind of message queued under a key and the person it is for (null: no such row, or a channel's). */
export function personMessage(db: Db, key: string): { kind: string; email: string } | null {
  const r = cachedStatement(db, `SELECT kind, target FROM outbox WHERE idempotency_key = ? AND target_kind = 'person'`).get(key) as
    | { kind: string; target: string }
    | undefined;
  return r ? { kind: r.kind, email: r.target } : null;
}

/**
 * When the messages under these keys went out (sent_at), or, for those still waiting, when they
 * are to go (next_attempt_at); keys without a row, or given up (dead, expired, cancelled), are left out.
 */
export function sendTimes(db: Db, keys: string[]): Map<string, Date> {
  const rows = db
    .prepare(
      `SELECT idempotency_key AS k, CASE WHEN state = 'sent' THEN sent_at ELSE next_attempt_at END AS at FROM outbox
       WHERE idempotency_key IN (SELECT value FROM json_each(?)) AND state IN ('sent', 'queued', 'sending', 'retry')`,
    )
    .all(JSON.stringify(keys)) as Array<{ k: string; at: string | null }>;
  return new Map(rows.filter((r) => r.at).map((r) => [r.k, new Date(r.at!)]));
}

/** Where the message under a key stands: its state, when it went, when it is to go, whose lease holds it until when. */
export function messageProgress(db: Db, key: string): Pick<OutboxRow, 'state' | 'sent_at' | 'next_attempt_at' | 'lease_until'> | null {
  return (
    (cachedStatement(db, `SELECT state, sent_at, next_attempt_at, lease_until FROM outbox WHERE idempotency_key = ?`).get(key) as
      | Pick<OutboxRow, 'state' | 'sent_at' | 'next_attempt_at' | 'lease_until'>
      | undefined) ?? null
  );
}

/** A message still waiting under a key (queued, retry): its due time and the zone of the working hours it keeps; null otherwise. */
export function waitingRow(db: Db, key: string): Pick<OutboxRow, 'state' | 'due_at' | 'working_tz'> | null {
  return (
    (cachedStatement(db, `SELECT state, due_at, working_tz FROM outbox WHERE idempotency_key = ? AND state IN ('queued', 'retry')`).get(key) as
      | Pick<OutboxRow, 'state' | 'due_at' | 'working_tz'>
      | undefined) ?? null
  );
}

/** Cancels one message not sent yet by its key (also one a worker has taken: see cancelByPrefix). */
export function cancelKey(db: Db, key: string, reason: string): boolean {
  return (
    db.prepare(`UPDATE outbox SET state = 'cancelled', last_error = ? WHERE idempotency_key = ? AND state IN ('queued', 'retry', 'sending')`).run(reason, key)
      .changes === 1
  );
}
