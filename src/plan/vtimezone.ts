import { tzOffset } from '@date-fns/tz';
import { transitionsOf, type Transition } from './local-time.ts';

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
// the fewest days a month has in any year (February 28)
const MIN_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** A floating (wall-clock-as-UTC) time as iCalendar local DATE-TIME: 20270328T020000. */
export function icsLocal(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

const utc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A change as its local wall-clock (in the offset before it) and the yearly rules it fits. */
interface Change {
  tr: Transition;
  local: number; // floating ms
  year: number; // local year
  key: string; // offsets, month and time of day: what a yearly rule cannot vary
  rules: string[]; // BYDAY / BYMONTHDAY parts that give this day in its month, best first
}

function changeOf(tr: Transition): Change {
  const local = tr.at + tr.from * 60_000;
  const d = new Date(local);
  const [year, month, day, wd] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), DAYS[d.getUTCDay()]!];
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const rules: string[] = [];
  if (day + 7 > dim) rules.push(`BYDAY=-1${wd}`); // the last weekday of the month
  if (day <= 28) rules.push(`BYDAY=${Math.ceil(day / 7)}${wd}`); // the nth
  // the weekday on or after a day of the month ("Friday on or after the 23rd")
  for (let first = Math.max(1, day - 6); first <= day; first++) {
    if (first + 6 <= MIN_DAYS[month - 1]!) rules.push(`BYDAY=${wd};BYMONTHDAY=${[0, 1, 2, 3, 4, 5, 6].map((i) => first + i).join(',')}`);
  }
  rules.push(`BYMONTHDAY=${day}`); // a fixed date
  return { tr, local, year, key: `${tr.from}>${tr.to}|${month}|${d.toISOString().slice(11, 19)}`, rules };
}

function observance(first: Change, lines: string[], rrule?: string): void {
  const type = first.tr.to > first.tr.from ? 'DAYLIGHT' : 'STANDARD';
  lines.push(`BEGIN:${type}`, `DTSTART:${icsLocal(first.local)}`, `TZOFFSETFROM:${formatOffset(first.tr.from)}`, `TZOFFSETTO:${formatOffset(first.tr.to)}`);
  if (rrule) lines.push(`RRULE:${rrule}`);
  lines.push(`END:${type}`);
}

/**
 * A VTIMEZONE for `tz` that gives the runtime's (IANA) offsets for every instant from the start
 * of `fromYear` on. The changes of the years `fromYear`..`toYear` are grouped into runs of
 * consecutive years that follow one yearly rule (same offsets, month and time, and a day rule
 * that fits every year of the run: the last or nth weekday, as Outlook expects, else the
 * weekday on or after a day, else a fixed date); a run becomes one observance with
 * `RRULE:FREQ=YEARLY;…;UNTIL=` its last change, a lone change an observance of its own. A
 * run of three years or more that lasts to `toYear` has no UNTIL: the zone's current rules go
 * on after it, as they do in the runtime (a zone whose changes follow no yearly pattern, such
 * as Morocco's around Ramadan, keeps its last offset after `toYear`). A zone that did not change at the start of the range gets an observance with
 * its offset then (clients read times before the first observance as UTC); a zone without
 * changes one STANDARD.
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string[] {
  const all: Transition[] = [];
  for (let y = fromYear; y <= toYear; y++) all.push(...transitionsOf(tz, y));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  const start = Date.UTC(fromYear, 0, 1);
  if (all.length === 0 || new Date(all[0]!.at).getUTCFullYear() > fromYear) {
    const o = tzOffset(tz, new Date(start));
    const type = all.length && all[0]!.to < o ? 'DAYLIGHT' : 'STANDARD';
    lines.push(`BEGIN:${type}`, `DTSTART:${all.length ? icsLocal(start + o * 60_000) : '19700101T000000'}`, `TZOFFSETFROM:${formatOffset(o)}`, `TZOFFSETTO:${formatOffset(o)}`, `END:${type}`);
    if (all.length === 0) {
      lines.push('END:VTIMEZONE');
      return lines;
    }
  }
  const runs: { changes: Change[]; rules: string[] }[] = [];
  const open = new Map<string, { changes: Change[]; rules: string[] }>();
  for (const c of all.map(changeOf)) {
    const run = open.get(c.key);
    const rules = run && run.changes.at(-1)!.year === c.year - 1 ? run.rules.filter((r) => c.rules.includes(r)) : [];
    if (run && rules.length) {
      run.changes.push(c);
      run.rules = rules;
    } else {
      const next = { changes: [c], rules: c.rules };
      runs.push(next);
      open.set(c.key, next);
    }
  }
  for (const run of runs) {
    const [first, last] = [run.changes[0]!, run.changes.at(-1)!];
    const month = new Date(first.local).getUTCMonth() + 1;
    const rule = `FREQ=YEARLY;BYMONTH=${month};${run.rules[0]}`;
    if (last.year >= toYear && run.changes.length >= 3) observance(first, lines, rule); // still in force
    else if (run.changes.length > 1) observance(first, lines, `${rule};UNTIL=${utc(last.tr.at)}`);
    else observance(first, lines);
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
