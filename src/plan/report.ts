import type { App } from '../app-types.ts';
import { PlanRepo, type OccurrenceState, type StoredEvent } from '../store/plan-repo.ts';
import { expand } from './expand.ts';
import { parseLocal, toInstant } from './local-time.ts';

interface ReportRow {
  kind: string;
  quarter: 'Q1' | 'Q2' | 'Q3' | 'Q4';
  planned: number;
  done: number;
  skipped: number;
  overdue: number;
  /** not yet due (in the future, or within the grace period) */
  open: number;
  missedReminders: number;
  /** occurrences whose announcement was not out before the event (an addition to the contract) */
  missedAnnouncements: number;
}

/** The kind under which occurrences of events no longer in the plan are counted. */
export const REMOVED_KIND = '(removed from plan)';

/**
 * The plan's tables as a report or a page reads them, once: its zone (null: no plan imported),
 * its events, the events removed from it since, and what was recorded for occurrences.
 */
export interface PlanTables {
  timezone: string | null;
  events: StoredEvent[];
  removed: ReturnType<PlanRepo['removedEvents']>;
  occurrences: ReturnType<PlanRepo['occurrences']>;
}

export function readPlanTables(app: App): PlanTables {
  const repo = new PlanRepo(app.db);
  return { timezone: repo.timezone(), events: repo.events(), removed: repo.removedEvents(), occurrences: repo.occurrences() };
}

interface PlanReport {
  year: number;
  timezone: string;
  rows: ReportRow[];
  totals: Omit<ReportRow, 'kind' | 'quarter'>;
  skippedReasons: Array<{ eventId: string; occurrence: string; reason: string | null }>;
}

/**
 * Whether an occurrence (by its end) with nothing recorded only exists since its event's last
 * change: it ended after the event entered the plan but before the change (a move gives new
 * times, and nothing tells a move from another change), so it was never planned as such. An
 * occurrence already over when the event entered the plan still counts as planned (a plan
 * imported in March still has its January). The report and the admin calendar leave such
 * occurrences out alike.
 */
export function onlySinceChange(ev: { createdAt: string; updatedAt: string }, end: Date, recorded: boolean): boolean {
  return !recorded && end >= new Date(ev.createdAt) && end < new Date(ev.updatedAt);
}

/** An occurrence without an outcome is overdue this long after it ended (the report's default, the admin calendar's). */
export const OVERDUE_GRACE_MS = 86_400_000;

/**
 * The state of an occurrence the plan has now: what was recorded (done, skipped, overdue), else
 * overdue once it ended more than `graceMs` ago, else planned ("open" in the report's figures).
 */
export function occurrenceState(recorded: OccurrenceState | undefined, end: Date, now: Date, graceMs = OVERDUE_GRACE_MS): OccurrenceState {
  if (recorded !== undefined && keptAfterRemoval(recorded)) return recorded;
  return end.getTime() + graceMs < now.getTime() ? 'overdue' : 'planned';
}

/**
 * The state `plan upcoming` lists for an occurrence of the plan: the report's rule
 * (`occurrenceState`), so the command line, `plan report` and the admin calendar agree. An
 * occurrence that only exists since its event's last change (`onlySinceChange`: the report and the
 * calendar leave it out) was never due as such, so it is not overdue: planned.
 */
export function listedState(ev: { createdAt: string; updatedAt: string } | undefined, recorded: OccurrenceState | undefined, end: Date, now: Date): OccurrenceState {
  if (ev && onlySinceChange(ev, end, recorded !== undefined)) return 'planned';
  return occurrenceState(recorded, end, now);
}

/** Whether what was recorded for an event since removed from the plan still counts (and shows): done, skipped, overdue. */
export function keptAfterRemoval(state: OccurrenceState): state is 'done' | 'skipped' | 'overdue' {
  return state === 'done' || state === 'skipped' || state === 'overdue';
}

/** The report's column for a state: planned, not yet due, is "open" ("planned" there is the total). */
function column(state: OccurrenceState): 'done' | 'skipped' | 'overdue' | 'open' {
  return state === 'planned' ? 'open' : state;
}

/**
 * Plan against actual for a year: every occurrence of the year counts as planned, also those
 * already over when the plan was imported; it is done or skipped as reported, overdue once it
 * ended more than `graceMs` ago without either, else open. After a move, what was recorded
 * under the old times counts, and the new times' past occurrences since the event entered the
 * plan do not. Missed reminders and announcements are those the outbox recorded as expired or dead
 * (never delivered: too late, or refused by the platform for good). An event removed
 * from the plan keeps what was recorded for it (done, skipped, overdue) under REMOVED_KIND, so
 * removing a finished event does not rewrite the year, and every skip reason listed is counted.
 */
export function planReport(app: App, year: number, graceMs = OVERDUE_GRACE_MS, tables: PlanTables = readPlanTables(app)): PlanReport {
  const repo = new PlanRepo(app.db);
  const tz = tables.timezone ?? app.config.ITBOT_TIMEZONE;
  const now = app.clock.now();
  const from = toInstant(parseLocal(`${year}-01-01T00:00`)!, tz);
  const to = new Date(toInstant(parseLocal(`${year + 1}-01-01T00:00`)!, tz).getTime() - 1);
  const states = new Map(tables.occurrences.map((o) => [`${o.eventId}|${o.occurrence}`, o]));
  const missed = new Map(repo.missedMessages().map((m) => [`${m.eventId}|${m.occurrence}`, m]));
  const addMissed = (row: ReportRow, k: string) => {
    row.missedReminders += missed.get(k)?.reminders ?? 0;
    row.missedAnnouncements += missed.get(k)?.announcements ?? 0;
  };
  const rows = new Map<string, ReportRow>();
  const rowFor = (kind: string, occurrence: string): ReportRow => {
    const q = (Math.floor((Number(occurrence.slice(5, 7)) - 1) / 3) + 1) as 1 | 2 | 3 | 4;
    const key = `${kind}|${q}`;
    const row = rows.get(key) ?? { kind, quarter: `Q${q}` as ReportRow['quarter'], planned: 0, done: 0, skipped: 0, overdue: 0, open: 0, missedReminders: 0, missedAnnouncements: 0 };
    rows.set(key, row);
    return row;
  };
  const events = tables.events;
  for (const s of events) {
    const seen = new Set<string>();
    for (const occ of expand(s.event, tz, from, to)) {
      const k = `${s.event.id}|${occ.occurrence}`;
      const st = states.get(k);
      if (onlySinceChange(s, occ.end, !!st)) continue;
      seen.add(k);
      const row = rowFor(s.event.kind, occ.occurrence);
      row.planned++;
      row[column(occurrenceState(st?.state, occ.end, now, graceMs))]++;
      addMissed(row, k);
    }
    // what was recorded under an earlier definition (before a move) still counts; an occurrence
    // there with no outcome (its row only holds the follow-up survey's claim) drops out
    for (const st of states.values()) {
      const k = `${st.eventId}|${st.occurrence}`;
      if (st.eventId !== s.event.id || seen.has(k) || !st.occurrence.startsWith(String(year)) || !keptAfterRemoval(st.state)) continue;
      const row = rowFor(s.event.kind, st.occurrence);
      row.planned++;
      row[column(st.state)]++;
      addMissed(row, k);
    }
  }
  // an event removed from the plan (import --replace) keeps its recorded history: what was done,
  // skipped or overdue still counts, under REMOVED_KIND; its occurrences still ahead are no longer planned
  const current = new Set(events.map((s) => s.event.id));
  for (const st of states.values()) {
    if (current.has(st.eventId) || !st.occurrence.startsWith(String(year)) || !keptAfterRemoval(st.state)) continue;
    const row = rowFor(REMOVED_KIND, st.occurrence);
    row.planned++;
    row[st.state]++;
    addMissed(row, `${st.eventId}|${st.occurrence}`);
  }
  const list = [...rows.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.quarter.localeCompare(b.quarter));
  const totals = { planned: 0, done: 0, skipped: 0, overdue: 0, open: 0, missedReminders: 0, missedAnnouncements: 0 };
  for (const r of list) for (const k of Object.keys(totals) as Array<keyof typeof totals>) totals[k] += r[k];
  const skippedReasons = tables.occurrences
    .filter((o) => o.state === 'skipped' && o.occurrence.startsWith(String(year)))
    .map((o) => ({ eventId: o.eventId, occurrence: o.occurrence, reason: o.reason }))
    .sort((a, b) => a.occurrence.localeCompare(b.occurrence));
  return { year, timezone: tz, rows: list, totals, skippedReasons };
}
