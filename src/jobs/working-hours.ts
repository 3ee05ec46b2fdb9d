import { TZDate } from '@date-fns/tz';

/**
 * ITBOT_WORKING_HOURS: when the bot may message people on its own, in each person's time zone.
 * Syntax: one or more "DAYS HH:MM-HH:MM" groups separated by ";", DAYS a day ("Mo") or a range
 * ("Mo-Fr") or a comma list ("Mo,We,Fr"). "Mo-Su 00:00-24:00" means any time.
 */
export interface WorkingHours {
  /** per weekday (0 = Sunday .. 6 = Saturday), minute ranges [from, to) of the day */
  days: Array<Array<[number, number]>>;
  source: string;
}

const DAY_NAMES = ['su', 'mo', 'tu', 'we', 'th', 'fr', 'sa'];
const DAY_ALIASES: Record<string, number> = { so: 0, di: 2, mi: 3, do: 4, sa: 6 };

function dayIndex(s: string): number {
  const k = s.trim().toLowerCase().slice(0, 2);
  const i = DAY_NAMES.indexOf(k);
  if (i >= 0) return i;
  if (k in DAY_ALIASES) return DAY_ALIASES[k]!;
  throw new Error(`unknown day "${s}" (use Mo Tu We Th Fr Sa Su)`);
}

function minutes(s: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(s.trim());
  if (!m) throw new Error(`bad time "${s}" (use HH:MM)`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) throw new Error(`bad time "${s}"`);
  return h * 60 + min;
}

/** Parses the setting; throws an Error with a readable message on bad syntax. */
export function parseWorkingHours(source: string): WorkingHours {
  const days: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  const groups = source.split(';').map((g) => g.trim()).filter(Boolean);
  if (groups.length === 0) throw new Error('empty working hours');
  for (const g of groups) {
    const m = /^([A-Za-z,\- ]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})$/.exec(g);
    if (!m) throw new Error(`cannot read "${g}" (expected like "Mo-Fr 08:00-18:00")`);
    const from = minutes(m[2]!);
    const to = minutes(m[3]!);
    if (to <= from) throw new Error(`"${g}": the end must be after the start`);
    const selected = new Set<number>();
    for (const part of m[1]!.split(',')) {
      const [a, b] = part.split('-');
      const start = dayIndex(a!);
      if (b === undefined) {
        selected.add(start);
        continue;
      }
      const end = dayIndex(b);
      for (let d = start; ; d = (d + 1) % 7) {
        selected.add(d);
        if (d === end) break;
      }
    }
    for (const d of selected) days[d]!.push([from, to]);
  }
  return { days, source };
}

/** True when `at` falls inside the working hours in time zone `tz`. */
export function isWorkingTime(at: Date, tz: string, wh: WorkingHours): boolean {
  const local = new TZDate(at.getTime(), tz);
  const minute = local.getHours() * 60 + local.getMinutes();
  return wh.days[local.getDay()]!.some(([f, t]) => minute >= f && minute < t);
}

/**
 * The first instant at or after `at` inside the working hours in `tz`
 * (`at` itself when it is inside). Looks at most 8 days ahead.
 */
export function nextWorkingTime(at: Date, tz: string, wh: WorkingHours): Date {
  if (isWorkingTime(at, tz, wh)) return at;
  const local = new TZDate(at.getTime(), tz);
  for (let offset = 0; offset <= 8; offset++) {
    const day = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + offset, 0, 0, 0, tz);
    const ranges = [...wh.days[day.getDay()]!].sort((x, y) => x[0] - y[0]);
    for (const [from] of ranges) {
      const start = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(from / 60), from % 60, 0, tz);
      if (start.getTime() >= at.getTime()) return new Date(start.getTime());
    }
  }
  return at; // no working hours at all: never block
}

/**
 * The start of the last working-hours window in `tz` that opens before `before` and is still
 * open after `notBefore` (a window being one day's range, e.g. Friday 08:00-18:00), or
 * `notBefore` itself when that window is already open then; null when no window lies between
 * them. Looks at most 8 days back.
 */
export function lastWorkingStart(before: Date, notBefore: Date, tz: string, wh: WorkingHours): Date | null {
  if (before.getTime() <= notBefore.getTime()) return null;
  const local = new TZDate(before.getTime(), tz);
  for (let offset = 0; offset <= 8; offset++) {
    const day = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() - offset, 0, 0, 0, tz);
    const ranges = [...wh.days[day.getDay()]!].sort((x, y) => y[0] - x[0]);
    for (const [from, to] of ranges) {
      const at = (m: number) => new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(m / 60), m % 60, 0, tz).getTime();
      const start = at(from);
      if (start >= before.getTime() || at(to) <= notBefore.getTime()) continue;
      return new Date(Math.max(start, notBefore.getTime()));
    }
    // (a day that began before `notBefore` was the last one that could hold a window)
    if (day.getTime() <= notBefore.getTime()) return null;
  }
  return null;
}
