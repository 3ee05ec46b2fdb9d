import { tzOffset } from '@date-fns/tz';
import type { Duration } from './duration.ts';
import { timeMs } from './duration.ts';

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
 * The instant of a local wall-clock time in `tz`, per RFC 5545 3.3.5: a time that occurs twice
 * (autumn) is the first one; a time in the spring-forward gap is read with the offset before
 * the gap (02:30 on the March change in Zurich becomes 03:30 CEST, one hour after 01:30 CET).
 */
export function toInstant(f: Floating, tz: string): Date {
  const t = f.getTime();
  const before = tzOffset(tz, new Date(t - 86_400_000));
  const after = tzOffset(tz, new Date(t + 86_400_000));
  const a = t - before * 60_000;
  const b = t - after * 60_000;
  const aOk = tzOffset(tz, new Date(a)) === before;
  const bOk = tzOffset(tz, new Date(b)) === after;
  if (aOk && bOk) return new Date(Math.min(a, b));
  if (aOk) return new Date(a);
  if (bOk) return new Date(b);
  return new Date(a); // in the gap: offset before it
}

/** The local wall-clock (floating) of an instant in `tz`. */
export function toFloating(instant: Date, tz: string): Floating {
  return new Date(instant.getTime() + tzOffset(tz, instant) * 60_000);
}

/** Adds (sign 1) or subtracts (sign -1) a duration: date part on the wall-clock, time part absolute. */
export function shift(instant: Date, d: Duration, tz: string, sign: 1 | -1): Date {
  let at = instant;
  if (d.years || d.months || d.weeks || d.days) {
    const f = toFloating(instant, tz);
    const g = new Date(f.getTime());
    g.setUTCFullYear(g.getUTCFullYear() + sign * d.years, g.getUTCMonth() + sign * d.months, g.getUTCDate() + sign * (d.weeks * 7 + d.days));
    at = toInstant(g, tz);
  }
  return new Date(at.getTime() + sign * timeMs(d));
}
