/**
 * ISO-8601 durations (P1Y2M3W4DT5H6M7S). The date part is applied to the local wall-clock
 * (P1D before a 09:00 meeting is 09:00 the day before, across a DST change too); the time
 * part is absolute (PT1H is 3600 seconds).
 */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
}

const RE = /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a duration; returns an error message for bad syntax. */
export function parseDuration(s: unknown): Duration | string {
  if (typeof s !== 'string') return `expected an ISO-8601 duration like P1D or PT1H, got ${JSON.stringify(s)}`;
  const m = RE.exec(s.trim());
  if (!m || s.trim().endsWith('T') || /^[+-]?P$/.test(s.trim())) return `"${s}" is not an ISO-8601 duration (like P7D, PT2H, P1DT12H)`;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { negative: m[1] === '-', years: n(2), months: n(3), weeks: n(4), days: n(5), hours: n(6), minutes: n(7), seconds: n(8) };
}

export function timeMs(d: Duration): number {
  return ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

/** A duration of weeks, days and time as milliseconds, a day counted as 24 hours; null with years or months (their length varies). */
export function nominalMs(s: string): number | null {
  const d = parseDuration(s);
  if (typeof d === 'string' || d.years || d.months) return null;
  return (d.weeks * 7 + d.days) * 86_400_000 + timeMs(d);
}

export function isZero(d: Duration): boolean {
  return !d.years && !d.months && !d.weeks && !d.days && !d.hours && !d.minutes && !d.seconds;
}

/** Parses a duration known to be valid (stored definitions). */
export function duration(s: string): Duration {
  const d = parseDuration(s);
  if (typeof d === 'string') throw new Error(d);
  return d;
}
