import * as rruleNs from 'rrule';
import type { RRule as RRuleType } from 'rrule';
import type { Occurrence, PlanEvent } from './model.ts';
import { duration } from './duration.ts';
import { formatLocal, parseLocal, shift, toFloating, toInstant, type Floating } from './local-time.ts';

// rrule ships CommonJS for Node and ESM for bundlers: take the class from either shape
const RRule: typeof RRuleType = (rruleNs as unknown as { RRule?: typeof RRuleType }).RRule
  ?? (rruleNs as unknown as { default: { RRule: typeof RRuleType } }).default.RRule;

const FREQS = ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'MINUTELY', 'SECONDLY'];
const DAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const INT_LIST = (min: number, max: number, signed: boolean) => (v: string) =>
  v.split(',').every((x) => /^[+-]?\d+$/.test(x) && Math.abs(Number(x)) >= min && Math.abs(Number(x)) <= max && (signed || !x.startsWith('-')));
const PARTS: Record<string, (v: string) => boolean> = {
  FREQ: (v) => FREQS.includes(v),
  INTERVAL: (v) => /^\d+$/.test(v) && Number(v) >= 1,
  COUNT: (v) => /^\d+$/.test(v) && Number(v) >= 1,
  UNTIL: (v) => /^\d{8}(T\d{6}Z?)?$/.test(v),
  BYDAY: (v) => v.split(',').every((d) => {
    const m = DAY.exec(d);
    return !!m && (!m[1] || (Math.abs(Number(m[1])) >= 1 && Math.abs(Number(m[1])) <= 53));
  }),
  BYMONTH: INT_LIST(1, 12, false),
  BYMONTHDAY: INT_LIST(1, 31, true),
  BYYEARDAY: INT_LIST(1, 366, true),
  BYWEEKNO: INT_LIST(1, 53, true),
  BYHOUR: (v) => v.split(',').every((x) => /^\d+$/.test(x) && Number(x) <= 23),
  BYMINUTE: (v) => v.split(',').every((x) => /^\d+$/.test(x) && Number(x) <= 59),
  BYSECOND: (v) => v.split(',').every((x) => /^\d+$/.test(x) && Number(x) <= 60),
  BYSETPOS: INT_LIST(1, 366, true),
  WKST: (v) => /^(MO|TU|WE|TH|FR|SA|SU)$/.test(v),
};

/**
 * Checks an RRULE body (rrule itself is lenient: FREQ=FOO or BYDAY=XX pass silently).
 * Returns an error message or null.
 */
export function checkRrule(s: string): string | null {
  const body = s.trim().replace(/^RRULE:/i, '');
  if (!body) return 'empty rule';
  const parts = new Map<string, string>(); // key -> value, both upper case
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toUpperCase();
    const value = eq < 0 ? '' : part.slice(eq + 1).toUpperCase();
    if (key === 'DTSTART' || key === 'TZID') return `${key} does not belong in the rule (use start and the plan's timezone)`;
    const check = PARTS[key];
    if (!check) return `unknown rule part "${key}"`;
    if (parts.has(key)) return `${key} given twice`;
    parts.set(key, value);
    if (!check(value)) return `bad value for ${key}: "${part.slice(eq + 1)}"`;
  }
  const freq = parts.get('FREQ');
  if (!freq) return 'FREQ is required (e.g. FREQ=WEEKLY)';
  if (parts.has('COUNT') && parts.has('UNTIL')) return 'COUNT and UNTIL exclude each other';
  if (freq === 'HOURLY' || freq === 'MINUTELY' || freq === 'SECONDLY') return 'a plan event recurs at most daily';
  if ((parts.get('BYSECOND') ?? '0').split(',').some((x) => Number(x) !== 0)) return 'BYSECOND: a plan event starts on a whole minute (HH:MM)';
  const combined = combinationProblems(parts, freq);
  return combined.length ? combined.join('; ') : null;
}

/**
 * The combinations of parts RFC 5545 3.3.10 forbids (its table of BYxxx parts per FREQ, and the
 * notes under it): each part is fine alone, but calendars reject the rule (ical.js throws on it)
 * or expand it otherwise than the scheduler does.
 */
function combinationProblems(parts: ReadonlyMap<string, string>, freq: string): string[] {
  const out: string[] = [];
  if (parts.has('BYWEEKNO') && freq !== 'YEARLY') out.push(`BYWEEKNO only with FREQ=YEARLY (not ${freq})`);
  if (parts.has('BYYEARDAY') && freq !== 'YEARLY') out.push(`BYYEARDAY only with FREQ=YEARLY (not ${freq})`);
  if (parts.has('BYMONTHDAY') && freq === 'WEEKLY') out.push('BYMONTHDAY not with FREQ=WEEKLY (use FREQ=MONTHLY)');
  const numbered = (parts.get('BYDAY') ?? '').split(',').filter((d) => /^[+-]?\d/.test(d));
  if (numbered.length && freq !== 'MONTHLY' && freq !== 'YEARLY') out.push(`a numbered BYDAY (${numbered.join(',')}) only with FREQ=MONTHLY or FREQ=YEARLY (not ${freq})`);
  else if (numbered.length && freq === 'YEARLY' && parts.has('BYWEEKNO')) out.push(`a numbered BYDAY (${numbered.join(',')}) not with BYWEEKNO`);
  if (parts.has('BYSETPOS') && ![...parts.keys()].some((k) => k.startsWith('BY') && k !== 'BYSETPOS')) out.push('BYSETPOS only together with another BYxxx part (e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)');
  return out;
}

/** How often a rule recurs, as rrule reads it (as `expand` does): `FREQ=MONTHLY;BYDAY=1WE` is MONTHLY, interval 1. */
export function ruleRhythm(rrule: string): { freq: string; interval: number } {
  const o = RRule.parseString(rrule.replace(/^RRULE:/i, '').toUpperCase());
  return { freq: o.freq === undefined ? '' : RRule.FREQUENCIES[o.freq]!, interval: o.interval ?? 1 };
}

function rule(ev: PlanEvent, tz: string): RRuleType | null {
  if (!ev.rrule) return null;
  const body = ev.rrule.replace(/^RRULE:/i, '').toUpperCase();
  const options = RRule.parseString(body);
  // UNTIL is compared in floating time too: a date-only UNTIL includes its whole day (RFC 5545),
  // a UTC one is turned into the plan's wall-clock
  const m = /UNTIL=(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?/.exec(body);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
    if (!m[4]) options.until = new Date(Date.UTC(y, mo, d, 23, 59, 59));
    else {
      const f = new Date(Date.UTC(y, mo, d, Number(m[4]), Number(m[5]), Number(m[6])));
      options.until = m[7] ? toFloating(f, tz) : f;
    }
  }
  return new RRule({ ...options, dtstart: parseLocal(ev.start)! });
}

const cache = new Map<string, { def: string; rule: RRuleType | null }>();

/** The rrule of an event, built once per definition. */
function ruleFor(ev: PlanEvent, tz: string): RRuleType | null {
  const def = `${ev.start}|${ev.rrule ?? ''}|${tz}`;
  const c = cache.get(ev.id);
  if (c && c.def === def) return c.rule;
  const r = rule(ev, tz);
  cache.set(ev.id, { def, rule: r });
  return r;
}

/** The first local start of the rule, or null when it never occurs (BYMONTHDAY=31;BYMONTH=2). */
export function firstOccurrence(ev: PlanEvent): string | null {
  const r = rule(ev, 'UTC');
  if (!r) return ev.start;
  const first = r.all((_d, i) => i < 1)[0];
  return first ? formatLocal(first) : null;
}

/**
 * The first two local starts of the rule that lie closest together among its first `n`, or null
 * for a single event or a rule with fewer than two occurrences.
 */
export function closestStarts(ev: PlanEvent, n = 20): [Date, Date] | null {
  const r = rule(ev, 'UTC');
  if (!r) return null;
  const starts = r.all((_d, i) => i < n);
  let best: [Date, Date] | null = null;
  for (let i = 1; i < starts.length; i++) {
    if (!best || starts[i]!.getTime() - starts[i - 1]!.getTime() < best[1].getTime() - best[0].getTime()) best = [starts[i - 1]!, starts[i]!];
  }
  return best;
}

/**
 * The local year of an event's last occurrence: its start for a single event, the rule's last
 * occurrence for a rule with UNTIL or COUNT (looked for up to `capYear`, which it returns when
 * the rule goes on after it), or null when the rule has no end.
 */
export function lastOccurrenceYear(ev: PlanEvent, tz: string, capYear: number): number | null {
  const r = ruleFor(ev, tz);
  if (!r) return Number(ev.start.slice(0, 4));
  if (r.options.until) return Math.min(capYear, r.options.until.getUTCFullYear());
  if (!r.options.count) return null;
  let last: Date | undefined;
  r.all((d) => {
    last = d;
    return d.getUTCFullYear() < capYear;
  });
  return last ? Math.min(capYear, last.getUTCFullYear()) : Number(ev.start.slice(0, 4));
}

/**
 * Occurrences whose start instant lies in [from, to], in order. Expanded in floating time, then
 * each wall-clock start is turned into an instant in the plan's zone.
 */
export function expand(ev: PlanEvent, tz: string, from: Date, to: Date): Occurrence[] {
  const dur = duration(ev.duration);
  // widen the floating window by a day each side: offsets are at most +-14h
  const fFrom = new Date(from.getTime() - 86_400_000);
  const fTo = new Date(to.getTime() + 86_400_000);
  const r = ruleFor(ev, tz);
  const starts = r ? r.between(fFrom, fTo, true) : [parseLocal(ev.start)!].filter((f) => f >= fFrom && f <= fTo);
  const out: Occurrence[] = [];
  for (const f of starts) {
    const start = toInstant(f, tz);
    if (start < from || start > to) continue;
    out.push({ eventId: ev.id, occurrence: formatLocal(f), start, end: shift(start, dur, tz, 1) });
  }
  return out;
}

/**
 * The local (floating) starts of an event within the wall-clock windows given (each [from, to)),
 * without turning them into instants. Only rules that can reach those times of day are expanded:
 * a rule without BYHOUR/BYMINUTE/BYSECOND keeps its start's time of day.
 */
export function localStartsIn(ev: PlanEvent, tz: string, windows: Array<{ from: number; to: number }>): Floating[] {
  const DAY_MS = 86_400_000;
  const start = parseLocal(ev.start)!.getTime();
  const tod = ((start % DAY_MS) + DAY_MS) % DAY_MS;
  const anyTime = !!ev.rrule && /BY(HOUR|MINUTE|SECOND)=/i.test(ev.rrule);
  const out: Floating[] = [];
  const r = ruleFor(ev, tz);
  for (const w of windows) {
    if (!anyTime && ((tod - (w.from % DAY_MS) + DAY_MS) % DAY_MS) >= w.to - w.from) continue;
    if (!r) {
      if (start >= w.from && start < w.to) out.push(new Date(start));
      continue;
    }
    if (w.to <= start) continue;
    for (const f of r.between(new Date(w.from), new Date(w.to), true)) if (f.getTime() < w.to) out.push(f);
  }
  return out;
}

/** The occurrence of an event at a local wall-clock start, if the event has one there. */
export function occurrenceAt(ev: PlanEvent, tz: string, occurrence: string): Occurrence | null {
  const f = parseLocal(occurrence);
  if (!f) return null;
  const at = toInstant(f, tz);
  return expand(ev, tz, new Date(at.getTime() - 1000), new Date(at.getTime() + 1000)).find((o) => o.occurrence === occurrence) ?? null;
}

/**
 * The occurrence of an event nearest to a local wall-clock start it no longer has (the event was
 * moved by a re-import), within about a year either side; the later one of two as near.
 */
export function nearestOccurrence(ev: PlanEvent, tz: string, occurrence: string): Occurrence | null {
  const f = parseLocal(occurrence);
  if (!f) return null;
  const at = toInstant(f, tz).getTime();
  const year = 400 * 86_400_000;
  let best: Occurrence | null = null;
  for (const o of expand(ev, tz, new Date(at - year), new Date(at + year))) {
    if (!best || Math.abs(o.start.getTime() - at) <= Math.abs(best.start.getTime() - at)) best = o;
  }
  return best;
}

const windows = new Map<string, { def: string; from: number; to: number; list: Occurrence[] }>();
const MONTH = 30 * 86_400_000;

/**
 * `expand` through a per-event window cache (a month beyond each side), for the scheduler's
 * frequent small look-ups: rrule iterates from DTSTART on every call, which adds up.
 */
export function expandCached(ev: PlanEvent, tz: string, from: Date, to: Date): Occurrence[] {
  const def = `${ev.start}|${ev.rrule ?? ''}|${ev.duration}|${tz}`;
  let w = windows.get(ev.id);
  if (!w || w.def !== def || from.getTime() < w.from || to.getTime() > w.to) {
    const f = from.getTime() - MONTH;
    const t = to.getTime() + MONTH;
    w = { def, from: f, to: t, list: expand(ev, tz, new Date(f), new Date(t)) };
    if (windows.size > 10_000) windows.clear();
    windows.set(ev.id, w);
  }
  return w.list.filter((o) => o.start >= from && o.start <= to);
}
