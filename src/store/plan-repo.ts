import { cachedStatement, type Db } from './db.ts';
import type { Plan, PlanEvent } from '../plan/model.ts';

export type OccurrenceState = 'planned' | 'done' | 'skipped' | 'overdue';

export interface StoredEvent {
  event: PlanEvent;
  revision: number;
  createdAt: string;
  updatedAt: string;
  scheduledUntil: string | null;
  /** the calendar's SEQUENCE: grows with each change of the definition or of its skipped occurrences */
  sequence: number;
  /** when an occurrence was last skipped or no longer skipped */
  skipsChangedAt: string | null;
}

interface OccurrenceRow {
  eventId: string;
  occurrence: string;
  state: OccurrenceState;
  reason: string | null;
  byEmail: string | null;
  startAt: string | null;
  updatedAt: string;
  escalatedAt: string | null;
  surveyStartedAt: string | null;
}

interface EventRow {
  id: string;
  definition: string;
  revision: number;
  created_at: string;
  updated_at: string;
  scheduled_until: string | null;
  sequence: number;
  skips_changed_at: string | null;
}

interface OccRow {
  event_id: string;
  occurrence: string;
  state: OccurrenceState;
  reason: string | null;
  by_email: string | null;
  start_at: string | null;
  updated_at: string;
  escalated_at: string | null;
  survey_started_at: string | null;
}

const toStored = (r: EventRow): StoredEvent => ({
  event: JSON.parse(r.definition) as PlanEvent,
  revision: r.revision,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  scheduledUntil: r.scheduled_until,
  sequence: r.sequence,
  skipsChangedAt: r.skips_changed_at,
});

const toOcc = (r: OccRow): OccurrenceRow => ({
  eventId: r.event_id,
  occurrence: r.occurrence,
  state: r.state,
  reason: r.reason,
  byEmail: r.by_email,
  startAt: r.start_at,
  updatedAt: r.updated_at,
  escalatedAt: r.escalated_at,
  surveyStartedAt: r.survey_started_at,
});

interface Statement {
  get(...args: unknown[]): unknown;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): { changes: number };
}

/** Whether a stored definition differs from `ev` in no more than the form its audience was written in (a list or a plain value). */
function sameBesidesAudienceForm(stored: string, ev: PlanEvent): boolean {
  const { audienceList: _a, ...before } = JSON.parse(stored) as PlanEvent;
  const { audienceList: _b, ...after } = ev;
  return JSON.stringify(before) === JSON.stringify(after);
}

/** The communication plan and the state of its occurrences. All plan SQL lives here. */
export class PlanRepo {
  constructor(private readonly db: Db) {}

  // statements prepared once per database (the scheduler runs these per event, per tick)
  private prep(sql: string): Statement {
    return cachedStatement(this.db, sql) as unknown as Statement;
  }

  timezone(): string | null {
    const r = this.prep('SELECT timezone FROM plan_meta WHERE id = 1').get() as { timezone: string } | undefined;
    return r?.timezone ?? null;
  }

  /** Bumped by every import; a running scheduler compares it to notice changes. */
  version(): number {
    const r = this.prep('SELECT version FROM plan_meta WHERE id = 1').get() as { version: number } | undefined;
    return r?.version ?? 0;
  }

  setMeta(timezone: string, now: Date): void {
    this
      .prep(
        `INSERT INTO plan_meta (id, timezone, version, updated_at) VALUES (1, ?, 1, ?)
         ON CONFLICT(id) DO UPDATE SET timezone = excluded.timezone, version = plan_meta.version + 1, updated_at = excluded.updated_at`,
      )
      .run(timezone, now.toISOString());
  }

  events(): StoredEvent[] {
    return (this.prep('SELECT * FROM plan_events ORDER BY id').all() as EventRow[]).map(toStored);
  }

  event(id: string): StoredEvent | null {
    const r = this.prep('SELECT * FROM plan_events WHERE id = ?').get(id) as EventRow | undefined;
    return r ? toStored(r) : null;
  }

  plan(): Plan | null {
    const tz = this.timezone();
    return tz ? { timezone: tz, events: this.events().map((e) => e.event) } : null;
  }

  /** Inserts or updates by id. Returns what happened; a change makes the scheduler start over for it. */
  upsertEvent(ev: PlanEvent, now: Date, forceReschedule: boolean): 'created' | 'updated' | 'unchanged' {
    const def = JSON.stringify(ev);
    const old = this.prep('SELECT definition FROM plan_events WHERE id = ?').get(ev.id) as { definition: string } | undefined;
    const iso = now.toISOString();
    if (!old) {
      this
        .prep(
          `INSERT INTO plan_events (id, kind, definition, created_at, updated_at, sequence)
           VALUES (?, ?, ?, ?, ?, COALESCE((SELECT sequence + 1 FROM plan_removed_events WHERE id = ?), 0))`,
        )
        .run(ev.id, ev.kind, def, iso, iso, ev.id);
      // back in the plan: no longer shown as removed
      this.prep('DELETE FROM plan_removed_events WHERE id = ?').run(ev.id);
      return 'created';
    }
    if (old.definition === def && !forceReschedule) return 'unchanged';
    // (only whether the audience was written as a list: nothing to schedule anew, and the
    // occurrences keep counting from the event's last real change)
    if (!forceReschedule && sameBesidesAudienceForm(old.definition, ev)) {
      this.prep('UPDATE plan_events SET definition = ? WHERE id = ?').run(def, ev.id);
      return 'unchanged';
    }
    this
      .prep(
        `UPDATE plan_events SET kind = ?, definition = ?, revision = revision + 1, updated_at = ?, scheduled_until = NULL,
           sequence = sequence + 1 WHERE id = ?`,
      )
      .run(ev.kind, def, iso, ev.id);
    return 'updated';
  }

  /** Removes the events not in `ids`, keeping each one's last definition (removedEvents). Call inside a transaction. */
  deleteEventsNotIn(ids: string[], now: Date): string[] {
    const gone = this
      .prep('DELETE FROM plan_events WHERE id NOT IN (SELECT value FROM json_each(?)) RETURNING id, kind, definition, sequence')
      .all(JSON.stringify(ids)) as Array<{ id: string; kind: string; definition: string; sequence: number }>;
    for (const g of gone) {
      this
        .prep(
          `INSERT INTO plan_removed_events (id, kind, definition, removed_at, sequence) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, definition = excluded.definition, removed_at = excluded.removed_at, sequence = excluded.sequence`,
        )
        .run(g.id, g.kind, g.definition, now.toISOString(), g.sequence);
    }
    return gone.map((g) => g.id);
  }

  /** Events removed from the plan, as they were when removed (those removed before this was kept are not here). */
  removedEvents(): Array<{ event: PlanEvent; removedAt: string }> {
    return (this.prep('SELECT definition, removed_at FROM plan_removed_events ORDER BY id').all() as Array<{ definition: string; removed_at: string }>).map(
      (r) => ({ event: JSON.parse(r.definition) as PlanEvent, removedAt: r.removed_at }),
    );
  }

  /** Events whose outbox is filled less far than `until` (or not at all). Indexed: cheap every tick. */
  eventsToSchedule(until: Date): StoredEvent[] {
    return (
      this
        .prep('SELECT * FROM plan_events WHERE scheduled_until IS NULL OR scheduled_until < ? ORDER BY id')
        .all(until.toISOString()) as EventRow[]
    ).map(toStored);
  }

  /**
   * The events these people own are scheduled again from scratch on the next tick, like a changed
   * event but without a new revision (their definition did not change): the waiting reminders get
   * the owner's new time zone (its working hours, the time on the card). Returns how many.
   */
  rescheduleOwnedBy(emails: string[]): number {
    if (!emails.length) return 0;
    return this
      .prep(`UPDATE plan_events SET scheduled_until = NULL WHERE lower(json_extract(definition, '$.owner')) IN (SELECT lower(value) FROM json_each(?))`)
      .run(JSON.stringify(emails)).changes;
  }

  /**
   * Claims the scheduling of an event up to `until`: only one server wins a given step
   * (compare-and-set on revision and the previous mark). Call inside the transaction that enqueues.
   */
  claimSchedule(id: string, revision: number, previous: string | null, until: Date): boolean {
    return (
      this
        .prep(
          `UPDATE plan_events SET scheduled_until = ?
           WHERE id = ? AND revision = ? AND coalesce(scheduled_until, '') = coalesce(?, '')`,
        )
        .run(until.toISOString(), id, revision, previous).changes === 1
    );
  }

  occurrences(eventId?: string): OccurrenceRow[] {
    const rows = eventId
      ? this.prep('SELECT * FROM plan_occurrences WHERE event_id = ?').all(eventId)
      : this.prep('SELECT * FROM plan_occurrences').all();
    return (rows as OccRow[]).map(toOcc);
  }

  occurrence(eventId: string, occurrence: string): OccurrenceRow | null {
    const r = this.prep('SELECT * FROM plan_occurrences WHERE event_id = ? AND occurrence = ?').get(eventId, occurrence) as OccRow | undefined;
    return r ? toOcc(r) : null;
  }

  /** Records done or skipped (with reason); later answers overwrite earlier ones. */
  setState(eventId: string, occurrence: string, state: 'done' | 'skipped', by: string | null, reason: string | null, startAt: Date, now: Date): void {
    this
      .prep(
        `INSERT INTO plan_occurrences (event_id, occurrence, state, reason, by_email, start_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(event_id, occurrence) DO UPDATE SET state = excluded.state, reason = excluded.reason,
           by_email = excluded.by_email, updated_at = excluded.updated_at`,
      )
      .run(eventId, occurrence, state, reason, by, startAt.toISOString(), now.toISOString());
  }

  /** The occurrence's row, created as planned when it has none yet. */
  private ensureRow(eventId: string, occurrence: string, startAt: Date, iso: string): void {
    this
      .prep(
        `INSERT INTO plan_occurrences (event_id, occurrence, state, start_at, updated_at) VALUES (?, ?, 'planned', ?, ?)
         ON CONFLICT(event_id, occurrence) DO NOTHING`,
      )
      .run(eventId, occurrence, startAt.toISOString(), iso);
  }

  /** Marks an occurrence overdue and claims its escalation: true for exactly one caller. */
  claimOverdue(eventId: string, occurrence: string, startAt: Date, now: Date): boolean {
    const iso = now.toISOString();
    this.ensureRow(eventId, occurrence, startAt, iso);
    return (
      this
        .prep(
          `UPDATE plan_occurrences SET state = 'overdue', escalated_at = ?, updated_at = ?
           WHERE event_id = ? AND occurrence = ? AND state IN ('planned', 'overdue') AND escalated_at IS NULL`,
        )
        .run(iso, iso, eventId, occurrence).changes === 1
    );
  }

  /** Claims the follow-up survey of an occurrence: true for exactly one caller. */
  claimSurvey(eventId: string, occurrence: string, startAt: Date, now: Date): boolean {
    const iso = now.toISOString();
    this.ensureRow(eventId, occurrence, startAt, iso);
    return (
      this
        .prep(
          `UPDATE plan_occurrences SET survey_started_at = ? WHERE event_id = ? AND occurrence = ? AND survey_started_at IS NULL AND state <> 'skipped'`,
        )
        .run(iso, eventId, occurrence).changes === 1
    );
  }

  /** Gives the survey claim back (the survey could not start: try again on a later tick). */
  releaseSurvey(eventId: string, occurrence: string): void {
    this.prep('UPDATE plan_occurrences SET survey_started_at = NULL WHERE event_id = ? AND occurrence = ?').run(eventId, occurrence);
  }

  /**
   * Missed messages per event and occurrence: those the outbox recorded as expired (their time had
   * passed) or dead (the platform refused them for good: the owner or the channel cannot be
   * reached; a retried one counts again by how that ends). The reminders, and whether its
   * announcement was missed (1 or 0: one announcement, whatever channels carried it).
   */
  missedMessages(): Array<{ eventId: string; occurrence: string; reminders: number; announcements: number }> {
    const rows = this
      .prep(
        `SELECT json_extract(source, '$.eventId') AS eventId, json_extract(source, '$.occurrence') AS occurrence,
           sum(kind = 'plan-reminder') AS reminders, max(kind = 'plan-announce') AS announcements
         FROM outbox WHERE kind IN ('plan-reminder', 'plan-announce') AND state IN ('expired', 'dead') GROUP BY 1, 2`,
      )
      .all() as Array<{ eventId: string | null; occurrence: string | null; reminders: number; announcements: number }>;
    return rows.filter((r) => r.eventId && r.occurrence) as Array<{ eventId: string; occurrence: string; reminders: number; announcements: number }>;
  }

  /**
   * Follow-up survey invitations (runs the plan started, run key `plan:…`) that did not, or
   * cannot, reach their recipient before the survey closed, per survey and run: recorded as
   * expired (held for working hours past the close) or dead (refused by the platform for good),
   * cancelled when the run closed before they went, or still waiting for a moment at or after
   * their expiry (the close), which the worker will record as expired. A recipient who answered
   * all the same (the survey reached them another way) is not counted.
   */
  undeliveredFollowUpInvitations(): Array<{ surveyId: string; runKey: string; n: number }> {
    return this
      .prep(
        `SELECT json_extract(o.source, '$.survey') AS surveyId, json_extract(o.source, '$.run') AS runKey, count(*) AS n
         FROM outbox o WHERE o.kind = 'survey-invite'
           AND (o.state IN ('expired', 'dead', 'cancelled') OR (o.state IN ('queued', 'retry') AND o.expires_at IS NOT NULL AND o.next_attempt_at >= o.expires_at))
           AND json_extract(o.source, '$.run') LIKE 'plan:%'
           AND NOT EXISTS (
             SELECT 1 FROM survey_runs r JOIN survey_participation p ON p.run_id = r.id
             WHERE r.survey_id = json_extract(o.source, '$.survey') AND r.run_key = json_extract(o.source, '$.run') AND p.email = o.target)
         GROUP BY 1, 2`,
      )
      .all() as Array<{ surveyId: string; runKey: string; n: number }>;
  }

  /**
   * Queued reminders under a key prefix with their occurrence, lead time, recipient, due time and
   * first send time (a range on the UNIQUE index, as pendingKeys), and those already sent (or being
   * sent) to the same recipient for the same occurrence as one of them (whenever they went: a
   * downtime or a retry may have sent one later than its first send time).
   */
  queuedReminders(prefix: string): Array<{ key: string; occurrence: string; lead: string; snooze: boolean; target: string; due: string; next: string; sent: boolean }> {
    return (
      this
        .prep(
          `SELECT idempotency_key AS key, json_extract(source, '$.occurrence') AS occurrence, json_extract(source, '$.lead') AS lead,
             json_extract(source, '$.snooze') AS snooze, target, due_at AS due, next_attempt_at AS next, state <> 'queued' AS sent FROM outbox o
           WHERE idempotency_key >= ? AND idempotency_key < ? AND +kind = 'plan-reminder'
             AND (+state = 'queued' OR (+state IN ('sending', 'sent') AND EXISTS (
               -- (the occurrence's reminders: the key up to its ':reminder:', a range on the UNIQUE index)
               SELECT 1 FROM outbox q
               WHERE q.idempotency_key >= substr(o.idempotency_key, 1, instr(o.idempotency_key, ':reminder:') + 9)
                 AND q.idempotency_key < substr(o.idempotency_key, 1, instr(o.idempotency_key, ':reminder:') + 9) || char(1114111)
                 AND +q.state = 'queued' AND +q.kind = 'plan-reminder' AND q.target = o.target COLLATE NOCASE)))`,
        )
        .all(prefix, prefix + '\u{10FFFF}') as Array<{ key: string; occurrence: string; lead: string; snooze: number | null; target: string; due: string; next: string; sent: number }>
    ).map((r) => ({ ...r, snooze: !!r.snooze, sent: !!r.sent }));
  }

  /** Outbox keys under a prefix not sent yet (queued, retry, or taken by a worker): for reconciling a changed event, withdrawing an occurrence's messages. */
  pendingKeys(prefix: string): string[] {
    return (
      this
        // a range on the UNIQUE index instead of a scan (keys compare as binary text); the unary +
        // keeps SQLite from preferring the state index, which would walk every queued row
        .prep(`SELECT idempotency_key AS k FROM outbox WHERE idempotency_key >= ? AND idempotency_key < ? AND +state IN ('queued', 'retry', 'sending')`)
        .all(prefix, prefix + '\u{10FFFF}') as Array<{ k: string }>
    ).map((r) => r.k);
  }

  /**
   * The announcements sent for occurrences skipped since, still ahead (starting after `now`),
   * whose audience has not been queued the notice that they are off (`…:cancelled:{platform}:{channel}`).
   * Few rows: the skipped occurrences still to come; the announcements a range on the UNIQUE index.
   */
  announcedSkips(now: Date): Array<{ eventId: string; occurrence: string; platform: string; channel: string; message: string }> {
    return this
      .prep(
        `SELECT o.event_id AS eventId, o.occurrence, x.platform, x.target AS channel, x.message FROM plan_occurrences o
         JOIN outbox x ON x.idempotency_key >= 'plan:' || o.event_id || ':' || o.occurrence || ':announce:'
           AND x.idempotency_key < 'plan:' || o.event_id || ':' || o.occurrence || ':announce;'
         WHERE o.state = 'skipped' AND o.start_at > ? AND +x.kind = 'plan-announce' AND +x.state = 'sent'
           AND NOT EXISTS (SELECT 1 FROM outbox c WHERE c.idempotency_key = 'plan:' || o.event_id || ':' || o.occurrence || ':cancelled:' || x.platform || ':' || x.target)`,
      )
      .all(now.toISOString()) as Array<{ eventId: string; occurrence: string; platform: string; channel: string; message: string }>;
  }

  /** Whether the outbox has a message under this key (in any state). */
  keyExists(key: string): boolean {
    return this.prep('SELECT 1 FROM outbox WHERE idempotency_key = ?').get(key) !== undefined;
  }
}
