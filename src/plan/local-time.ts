import { tzOffset } from '@date-fns/tz';
import type { Duration } from './duration.ts';
import { timeMs } from './duration.ts';

const HOUR = 3_600_000;

/** An offset change of a zone: from `at` (UTC ms) on, the offset is `to` minutes. */
export interface Transition {
  at: number;
  from: number;
  to: number;
}

/** The offset changes of a zone within a UTC year (daily scan, then bisection to the minute). */
export function yearTransitions(tz: string, year: number): Transition[] {
  const out: Transition[] = [];
  let t = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  let off = tzOffset(tz, new Date(t));
  for (let next = t + 24 * HOUR; t < end; t = next, next += 24 * HOUR) {
    const o = tzOffset(tz, new Date(Math.min(next, end)));
    if (o === off) continue;
    let lo = t;
    let hi = Math.min(next, end);
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (tzOffset(tz, new Date(mid)) === off) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: off, to: o });
    off = o;
  }
  return out;
}

// Intl lookups are slow (microseconds each, far more on a busy machine) and expansion needs
// millions over a big plan: cache each zone's changes per year and search them instead.
const years = new Map<string, { start: number; changes: readonly Transition[] }>();

function yearOf(tz: string, year: number): { start: number; changes: readonly Transition[] } {
  const k = `${tz}|${year}`;
  let y = years.get(k);
  if (!y) {
    y = { start: tzOffset(tz, new Date(Date.UTC(year, 0, 1))), changes: yearTransitions(tz, year) };
    if (years.size > 2000) years.clear();
    years.set(k, y);
  }
  return y;
}

/** The offset changes of a zone within a UTC year, as yearTransitions, from the per-year cache. */
export function transitionsOf(tz: string, year: number): readonly Transition[] {
  return yearOf(tz, year).changes;
}

/** The zone's UTC offset in minutes at an instant (like tzOffset, from the per-year cache). */
function offsetAt(tz: string, ms: number): number {
  const y = yearOf(tz, new Date(ms).getUTCFullYear());
  let off = y.start;
  for (const c of y.changes) {
    if (c.at <= ms) off = c.to;
    else break;
  }
  return off;
}

/**
 * Local wall-clock times are handled as "floating" Dates: a Date whose UTC fields are the
 * local fields (2027-03-30T09:00 local is Date.UTC(2027, 2, 30, 9, 0)). rrule expands in this
 * floating time, so DST can never shift an occurrence; only `toInstant` applies the zone.
 */
export type Floating = Date;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2027-01-05T10:00" -> floating Date, or null when it is not a valid local date-time. */
export function parseLocal(s: string): Floating | null {
  const m = LOCAL.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const f = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (f.getUTCFullYear() !== y || f.getUTCMonth() !== mo - 1 || f.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return null;
  return f;
}

/** Floating Date -> "2027-03-30T09:00" (seconds only when not zero). */
export function formatLocal(f: Floating): string {
  const iso = f.toISOString();
  return iso.slice(16, 19) === ':00' ? iso.slice(0, 16) : iso.slice(0, 19);
}

/**
 * The instants at which the wall-clock in `tz` reads `f` (two in a doubled autumn hour, none in a
 * spring-forward gap), and the reading with the offset before the change (what a gap time is).
 */
function readings(f: Floating, tz: string): { instants: number[]; beforeChange: number } {
  const t = f.getTime();
  const before = offsetAt(tz, t - 86_400_000);
  const after = offsetAt(tz, t + 86_400_000);
  const a = t - before * 60_000;
  const b = t - after * 60_000;
  const instants = [];
  if (offsetAt(tz, a) === before) instants.push(a);
  if (offsetAt(tz, b) === after) instants.push(b);
  return { instants, beforeChange: a };
}

/**
 * The instant of a local wall-clock time in `tz`, per RFC 5545 3.3.5: a time that occurs twice
 * (autumn) is the first one; a time in the spring-forward gap is read with the offset before
 * the gap (02:30 on the March change in Zurich becomes 03:30 CEST, one hour after 01:30 CET).
 */
export function toInstant(f: Floating, tz: string): Date {
  const r = readings(f, tz);
  return new Date(r.instants.length ? Math.min(...r.instants) : r.beforeChange);
}

/**
 * The last instant at which the wall-clock in `tz` reads `f`: the second of a doubled autumn
 * time, else as toInstant (a bound that must include the time however a reader resolves it).
 */
export function latestInstant(f: Floating, tz: string): Date {
  const r = readings(f, tz);
  return new Date(r.instants.length ? Math.max(...r.instants) : r.beforeChange);
}

/**
 * The wall-clock times of `tz` that do not name one instant, from `fromYear` to `toYear`:
 * spring-forward gaps and doubled autumn hours, as floating [from, to) windows.
 */
export function oddLocalWindows(tz: string, fromYear: number, toYear: number): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let y = fromYear; y <= toYear; y++) {
    for (const tr of transitionsOf(tz, y)) out.push({ from: tr.at + Math.min(tr.from, tr.to) * 60_000, to: tr.at + Math.max(tr.from, tr.to) * 60_000 });
  }
  return out;
}

/** The local wall-clock (floating) of an instant in `tz`. */
export function toFloating(instant: Date, tz: string): Floating {
  return new Date(instant.getTime() + offsetAt(tz, instant.getTime()) * 60_000);
}

/**
 * Adds (sign 1) or subtracts (sign -1) a duration: date part on the wall-clock, time part absolute.
 * Years and months first, kept in the month they land in (P1M before 31 March is 28 February,
 * P1Y before 29 February the 28th, as date-fns and every calendar do), then weeks and days.
 */
export function shift(instant: Date, d: Duration, tz: string, sign: 1 | -1): Date {
  let at = instant;
  if (d.years || d.months || d.weeks || d.days) {
    const f = toFloating(instant, tz);
    const g = new Date(f.getTime());
    const day = g.getUTCDate();
    g.setUTCFullYear(g.getUTCFullYear() + sign * d.years, g.getUTCMonth() + sign * d.months, 1);
    const end = new Date(g.getTime());
    end.setUTCMonth(end.getUTCMonth() + 1, 0); // the month's last day
    const lastDay = end.getUTCDate();
    g.setUTCDate(Math.min(day, lastDay) + sign * (d.weeks * 7 + d.days));
    at = toInstant(g, tz);
  }
  return new Date(at.getTime() + sign * timeMs(d));
}
