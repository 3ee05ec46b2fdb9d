import type { Plan, PlanEvent } from './model.ts';
import { expand } from './expand.ts';
import { parseLocal, toInstant } from './local-time.ts';
import type { Person } from '../people/person.ts';
import { inAudience, isItStaff, parseAudience } from '../people/audience.ts';
import type { Db } from '../store/db.ts';
import { PlanRepo, type OccurrenceState } from '../store/plan-repo.ts';

interface UpcomingItem {
  eventId: string;
  title: { de: string; en: string };
  kind: string;
  occurrence: string;
  start: string;
  end: string;
  audience: string | string[];
  owner: string;
}

/** ISO-8601 with the zone's offset: 2027-03-30T09:00:00+02:00. */
function isoWithOffset(at: Date, tz: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  const local = Date.UTC(+get('year'), +get('month') - 1, +get('day'), +get('hour'), +get('minute'), +get('second'));
  const off = Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * How far ahead the plan is expanded on request: rrule walks every occurrence from an event's
 * start, so a day thousands of years ahead would take minutes and gigabytes.
 */
export const YEARS_AHEAD = 100;
/** The longest range `plan upcoming` lists. */
export const MAX_RANGE_YEARS = 5;

/** The last year the plan is expanded for, seen from `today` (YYYY-MM-DD). */
export function lastYearAhead(today: string): number {
  return Number(today.slice(0, 4)) + YEARS_AHEAD;
}

/** The same day `years` later (29 February stays as written: it only serves comparisons of days). */
export function yearsAfter(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4)}`;
}

/** Whole local days: [start of `fromDay`, end of `toDay`] in `tz`. Days as YYYY-MM-DD. */
export function dayRange(fromDay: string, toDay: string, tz: string): { from: Date; to: Date } {
  const f = parseLocal(`${fromDay}T00:00`);
  const t = parseLocal(`${toDay}T00:00`);
  if (!f || !t) throw new Error('bad day');
  return { from: toInstant(f, tz), to: new Date(toInstant(new Date(t.getTime() + 86_400_000), tz).getTime() - 1) };
}

/**
 * What the plan records for its occurrences, by `eventId|occurrence`: done, skipped, overdue (the
 * head of IT was told), or planned. An occurrence without an entry has nothing recorded (planned).
 */
export function occurrenceRecords(db: Db): Map<string, { state: OccurrenceState; reason: string | null }> {
  return new Map(new PlanRepo(db).occurrences().map((o) => [`${o.eventId}|${o.occurrence}`, { state: o.state, reason: o.reason }]));
}

/**
 * `eventId|occurrence` of the occurrences recorded as skipped: the views for the audience (the
 * chat's "what's coming up?", the newsletter's dates) leave them out, as the calendar feed does.
 */
export function skippedOccurrences(db: Db): Set<string> {
  return new Set([...occurrenceRecords(db)].filter(([, r]) => r.state === 'skipped').map(([key]) => key));
}

/**
 * The occurrences of all events starting within [from, to], in time order; those in `skipped`
 * (`eventId|occurrence`) are left out, as in the calendar feed.
 */
export function upcoming(plan: Plan, from: Date, to: Date, filter?: (ev: PlanEvent) => boolean, skipped: Set<string> = new Set()): UpcomingItem[] {
  const out: Array<UpcomingItem & { t: number }> = [];
  for (const ev of plan.events) {
    if (filter && !filter(ev)) continue;
    for (const o of expand(ev, plan.timezone, from, to)) {
      if (skipped.has(`${ev.id}|${o.occurrence}`)) continue;
      out.push({
        t: o.start.getTime(),
        eventId: ev.id,
        title: ev.title,
        kind: ev.kind,
        occurrence: o.occurrence,
        start: isoWithOffset(o.start, plan.timezone),
        end: isoWithOffset(o.end, plan.timezone),
        // (as the file wrote it: a list stays a list, also of one term; a plain value stays one)
        audience: ev.audienceList || ev.audience.length !== 1 ? ev.audience : ev.audience[0]!,
        owner: ev.owner,
      });
    }
  }
  out.sort((a, b) => a.t - b.t || a.eventId.localeCompare(b.eventId));
  return out.map(({ t: _t, ...rest }) => rest);
}

/** What concerns a person: events whose audience includes them; for IT staff also the events they own. */
export function concerns(person: Person | null): (ev: PlanEvent) => boolean {
  const it = isItStaff(person);
  return (ev) => {
    if (it && person && ev.owner === person.email.toLowerCase()) return true;
    const a = parseAudience(ev.audience);
    return typeof a !== 'string' && inAudience(person, a);
  };
}
