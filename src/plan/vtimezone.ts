import { tzOffset } from '@date-fns/tz';
import { yearTransitions, type Transition } from './local-time.ts';

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const transitions = yearTransitions;

export function formatOffset(min: number): string {
  const sign = min < 0 ? '-' : '+';
  const a = Math.abs(min);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

/** A floating (wall-clock-as-UTC) time as iCalendar local DATE-TIME: 20270328T020000. */
export function icsLocal(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
}

interface Shape {
  month: number;
  weekday: number;
  nth: number; // 1..4, or -1 for the last in the month
  time: string;
}

function shapeOf(tr: Transition): Shape {
  const local = new Date(tr.at + tr.from * 60_000);
  const day = local.getUTCDate();
  const dim = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
  return { month: local.getUTCMonth() + 1, weekday: local.getUTCDay(), nth: day + 7 > dim ? -1 : Math.ceil(day / 7), time: local.toISOString().slice(11, 19) };
}

/**
 * A VTIMEZONE for `tz`, generated from the runtime's zone data: yearly RRULE observances when
 * the changes follow a "nth/last weekday of a month" pattern (what Outlook expects), else one
 * observance per change in the covered years; a zone without changes gets one STANDARD.
 */
export function vtimezone(tz: string, fromYear: number, toYear: number): string[] {
  const all: Transition[] = [];
  for (let y = fromYear; y <= toYear; y++) all.push(...transitions(tz, y));
  const lines = ['BEGIN:VTIMEZONE', `TZID:${tz}`];
  if (all.length === 0) {
    const o = formatOffset(tzOffset(tz, new Date(Date.UTC(fromYear, 0, 1))));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${o}`, `TZOFFSETTO:${o}`, 'END:STANDARD', 'END:VTIMEZONE');
    return lines;
  }
  const groups = new Map<string, Transition[]>();
  for (const tr of all) {
    const k = `${tr.from}>${tr.to}`;
    groups.set(k, [...(groups.get(k) ?? []), tr]);
  }
  const yearly = [...groups.values()].every((g) => {
    const s = g.map(shapeOf);
    const years = new Set(g.map((tr) => new Date(tr.at).getUTCFullYear()));
    return years.size === toYear - fromYear + 1 && g.length === years.size &&
      s.every((x) => x.month === s[0]!.month && x.weekday === s[0]!.weekday && x.nth === s[0]!.nth && x.time === s[0]!.time);
  });
  for (const g of groups.values()) {
    const list = yearly ? [g[0]!] : g;
    for (const tr of list) {
      const type = tr.to > tr.from ? 'DAYLIGHT' : 'STANDARD';
      lines.push(`BEGIN:${type}`, `DTSTART:${icsLocal(tr.at + tr.from * 60_000)}`, `TZOFFSETFROM:${formatOffset(tr.from)}`, `TZOFFSETTO:${formatOffset(tr.to)}`);
      if (yearly) {
        const s = shapeOf(tr);
        lines.push(`RRULE:FREQ=YEARLY;BYMONTH=${s.month};BYDAY=${s.nth}${DAYS[s.weekday]}`);
      }
      lines.push(`END:${type}`);
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
