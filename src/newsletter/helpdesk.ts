import { TZDate } from '@date-fns/tz';
import type { App } from '../app-types.ts';
import { InputError, type Problem } from '../errors.ts';
import { readImportCsv, tooManyCells, withQuoteProblems } from '../people/csv.ts';
import { readImportFile } from '../people/import.ts';
import { tx } from '../store/db.ts';
import { HelpdeskRepo, type Ticket } from '../store/helpdesk-repo.ts';

/** The columns of a helpdesk export, in this order (extra columns after them are ignored). */
const HELPDESK_COLUMNS = ['ticket_id', 'opened_at', 'closed_at', 'category', 'department', 'satisfaction'];

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/;
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO-8601 with an offset, or local wall-clock "YYYY-MM-DD HH:MM" in the organisation's zone. */
export function parseTimestamp(s: string, tz: string): Date | null {
  const v = s.trim();
  if (WITH_OFFSET.test(v)) {
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = LOCAL.exec(v);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0));
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || se! > 59) return null;
  const at = new TZDate(y!, mo! - 1, d!, h!, mi!, se!, tz);
  // 2027-02-30 rolls over to March: refuse it
  if (at.getDate() !== d || at.getMonth() !== mo! - 1) return null;
  return new Date(at.getTime());
}

/** Imports a helpdesk CSV export, all or nothing; tickets are updated by ticket_id. */
export function importHelpdesk(app: App, file: string): { imported: number } {
  const { header, records, unread } = readImportCsv(readImportFile(file), file, 'a helpdesk CSV', '"Laptop ""X1"""');
  if (header.slice(0, HELPDESK_COLUMNS.length).join(',') !== HELPDESK_COLUMNS.join(',')) {
    throw new InputError([{ file, entry: 'line 1', field: 'header', message: `expected "${HELPDESK_COLUMNS.join(',')}", got "${header.join(',')}"` }]);
  }
  const tz = app.config.ITBOT_TIMEZONE;
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  const tickets: Ticket[] = [];
  const now = app.clock.now();
  for (const r of records) {
    const v = r.values;
    const at = (field: string, message: string) => problems.push({ file, entry: `line ${r.line}`, field, message });
    // (named columns after the known ones are ignored; a value in a column the header leaves unnamed would be dropped unseen)
    const over = tooManyCells(header.length, r);
    if (over) at('columns', over);
    const id = v.ticket_id ?? '';
    if (!id) at('ticket_id', 'required');
    else if (seen.has(id)) at('ticket_id', `duplicate ticket ${id} (first on line ${seen.get(id)})`);
    else seen.set(id, r.line);
    const opened = v.opened_at ? parseTimestamp(v.opened_at, tz) : null;
    if (!v.opened_at) at('opened_at', 'required');
    else if (!opened) at('opened_at', `"${v.opened_at}" is not a time (YYYY-MM-DD HH:MM or ISO-8601 with offset)`);
    else if (opened.getTime() > now.getTime() + 86_400_000) at('opened_at', `${v.opened_at} is in the future`);
    let closed: Date | null = null;
    if (v.closed_at) {
      closed = parseTimestamp(v.closed_at, tz);
      if (!closed) at('closed_at', `"${v.closed_at}" is not a time (YYYY-MM-DD HH:MM or ISO-8601 with offset)`);
      else if (opened && closed < opened) at('closed_at', `${v.closed_at} is before opened_at ${v.opened_at}`);
    }
    let satisfaction: number | null = null;
    if (v.satisfaction) {
      const n = Number(v.satisfaction);
      if (!Number.isInteger(n) || n < 1 || n > 5) at('satisfaction', `"${v.satisfaction}" is not a whole number from 1 to 5`);
      else if (!v.closed_at) at('satisfaction', 'given for a ticket that is not closed');
      else satisfaction = n;
    }
    if (opened) {
      tickets.push({
        ticketId: id,
        openedAt: opened.toISOString(),
        closedAt: closed?.toISOString() ?? null,
        category: v.category || null,
        department: v.department || null,
        satisfaction,
      });
    }
  }
  withQuoteProblems(problems, unread?.problems);
  if (problems.length) throw new InputError(problems);
  const repo = new HelpdeskRepo(app.db);
  tx(app.db, () => tickets.forEach((t) => repo.upsert(t, now)));
  return { imported: tickets.length };
}

export interface HelpdeskFigures {
  from: string;
  to: string;
  opened: number;
  closed: number;
  /** median hours from opening to closing of the tickets closed in the period */
  medianResolutionHours: number | null;
  /** mean satisfaction 1..5 of the tickets closed in the period, with how many rated */
  satisfaction: number | null;
  rated: number;
}

export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** The figures for [from, to); null when no ticket data touches the period (nothing imported). */
export function helpdeskFigures(app: App, from: Date, to: Date): HelpdeskFigures | null {
  const repo = new HelpdeskRepo(app.db);
  const f = from.toISOString();
  const t = to.toISOString();
  const opened = repo.openedBetween(f, t);
  const closedRows = repo.closedBetween(f, t);
  if (opened === 0 && closedRows.length === 0) return null;
  const hours = closedRows.map((r) => (Date.parse(r.closedAt) - Date.parse(r.openedAt)) / 3_600_000);
  const rated = closedRows.map((r) => r.satisfaction).filter((x): x is number => x !== null);
  const med = median(hours);
  return {
    from: f,
    to: t,
    opened,
    closed: closedRows.length,
    medianResolutionHours: med === null ? null : round1(med),
    satisfaction: rated.length ? round1(rated.reduce((a, b) => a + b, 0) / rated.length) : null,
    rated: rated.length,
  };
}

/** Calendar months (in the organisation's zone) from `from` to `to`, for `itbot helpdesk figures`. */
export function monthlyFigures(app: App, months: number): Array<HelpdeskFigures & { month: string }> {
  const tz = app.config.ITBOT_TIMEZONE;
  const now = new TZDate(app.clock.now().getTime(), tz);
  const out: Array<HelpdeskFigures & { month: string }> = [];
  for (let i = months - 1; i >= 0; i--) {
    const start = new TZDate(now.getFullYear(), now.getMonth() - i, 1, 0, 0, 0, tz);
    const end = new TZDate(now.getFullYear(), now.getMonth() - i + 1, 1, 0, 0, 0, tz);
    const f = helpdeskFigures(app, new Date(start.getTime()), new Date(end.getTime()));
    const month = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}`;
    out.push({ month, ...(f ?? { from: new Date(start.getTime()).toISOString(), to: new Date(end.getTime()).toISOString(), opened: 0, closed: 0, medianResolutionHours: null, satisfaction: null, rated: 0 }) });
  }
  return out;
}
