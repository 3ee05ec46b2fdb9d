import type { App } from '../app-types.ts';
import { pick } from '../i18n/index.ts';
import { randomBytes } from 'node:crypto';
import { PlanRepo } from '../store/plan-repo.ts';
import { initState, readState } from '../store/system-state.ts';
import type { Db } from '../store/db.ts';
import type { PlanEvent } from './model.ts';
import { audienceText } from './items.ts';
import { latestInstant, oddLocalWindows, parseLocal, shift, toFloating, toInstant } from './local-time.ts';
import { duration } from './duration.ts';
import { lastOccurrenceYear, localStartsIn } from './expand.ts';
import { icsLocal, vtimezone } from './vtimezone.ts';

// RFC 5545 CONTROL: every C0 character but HTAB, and DEL (line breaks are handled before)
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/g;

/**
 * TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma; a line break (CR LF, LF,
 * a lone CR, or a Unicode line or paragraph separator or NEL, at which some parsers split) becomes `\n`, other control characters but TAB are dropped, so no value can
 * start a new content line for any parser.
 */
export function escapeText(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n|\u2028|\u2029|\u0085/g, '\\n').replace(CONTROL, '');
}

/** A quoted parameter value (RFC 5545 3.1, QSAFE-CHAR): no DQUOTE, no control characters. */
function paramText(s: string): string {
  return s.replace(/"/g, '').replace(CONTROL, '');
}

/**
 * An event's duration as RFC 5545 writes it (3.3.6: days or weeks, hours, minutes, seconds, no
 * months or years, no fraction): calendars read `P1M` as one minute (ical.js) or refuse the
 * document over `P1Y`. Weeks count as days; months and years as the days they span from the
 * event's first start on the wall-clock (the scheduler's length of that occurrence).
 */
export function icsDuration(ev: PlanEvent, tz: string): string {
  const d = duration(ev.duration);
  let days = d.weeks * 7 + d.days;
  if (d.years || d.months) {
    const start = toInstant(parseLocal(ev.start)!, tz);
    const end = shift(start, { ...d, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 }, tz, 1);
    days += Math.round((toFloating(end, tz).getTime() - toFloating(start, tz).getTime()) / 86_400_000);
  }
  const secs = Math.round(d.hours * 3600 + d.minutes * 60 + d.seconds);
  const [h, m, sec] = [Math.floor(secs / 3600), Math.floor((secs % 3600) / 60), secs % 60];
  // (an hour and seconds without minutes keep the minutes: RFC 5545 has no PT1H30S)
  const time = `${h ? `${h}H` : ''}${m || (h && sec) ? `${m}M` : ''}${sec ? `${sec}S` : ''}`;
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : days ? '' : 'T0S'}`;
}

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character. */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // back off continuation bytes (10xxxxxx) so a character is never split
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}

const utc = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * The rule for iCalendar: UNTIL must be UTC when DTSTART has a TZID, so a local or date-only
 * UNTIL (inclusive, as in the plan) is converted in the plan's zone.
 */
function icsRrule(rule: string, tz: string): string {
  return rule.replace(/UNTIL=(\d{8})(T\d{6})?(Z)?/, (_m, d: string, time: string | undefined, z: string | undefined) => {
    if (z) return `UNTIL=${d}${time}Z`;
    const local = parseLocal(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${time ? `${time.slice(1, 3)}:${time.slice(3, 5)}:${time.slice(5, 7)}` : '23:59:59'}`);
    // a doubled autumn time: its second instant, so the last occurrence stays in however a
    // calendar resolves that wall-clock time
    return `UNTIL=${utc(latestInstant(local!, tz))}`;
  });
}

/** Years after the later of this year and the last start that the VTIMEZONE spells out for rules without an end. */
export const ZONE_HORIZON_YEARS = 10;

/**
 * The years the VTIMEZONE spells out: from the year before the earliest start to the year of
 * the last occurrence a client can expand, at most ZONE_HORIZON_YEARS after this year (or the
 * latest start), which is where a rule without an end stops too. After that the zone's
 * yearly rules in force go on (an RRULE without UNTIL), so only a zone without a yearly
 * pattern is left at its last offset.
 */
function zoneYears(events: PlanEvent[], tz: string, thisYear: number): [number, number] {
  const starts = events.map((e) => Number(e.start.slice(0, 4)));
  if (!starts.length) return [thisYear - 1, thisYear + 1];
  const horizon = Math.max(thisYear, ...starts) + ZONE_HORIZON_YEARS;
  // a local UNTIL late on 31 December can be the next year in UTC
  const last = Math.max(...events.map((e) => (lastOccurrenceYear(e, tz, horizon) ?? horizon) + 1));
  return [Math.min(...starts) - 1, last];
}

/** Where the calendar's UIDs come from (system_state). */
const UID_DOMAIN_KEY = 'calendar.uid_domain';
/** The UIDs' domain of a plan imported before they carried the database's own id. */
const LEGACY_UID_DOMAIN = 'itbot';

/**
 * The domain part of this database's calendar UIDs (`{eventId}@{domain}`), made once per
 * database: `{12 random hex digits}.itbot`, so two installations (or a test and a production
 * database) with the same event ids never collide in one calendar, and every run on the same
 * database gives the same UIDs. A database whose plan was imported before that keeps `itbot`:
 * its subscribers' calendars hold those UIDs. (`plan import` makes it before the first plan
 * goes in, so only a plan from before finds itself without one.)
 */
export function calendarUidDomain(db: Db, now: Date): string {
  const known = readState(db, UID_DOMAIN_KEY);
  if (known) return known;
  const legacy = new PlanRepo(db).timezone() !== null;
  return initState(db, UID_DOMAIN_KEY, legacy ? LEGACY_UID_DOMAIN : `${randomBytes(6).toString('hex')}.itbot`, now);
}

/** The calendar UID of a plan event. */
export function eventUid(app: App, eventId: string): string {
  return `${eventId}@${calendarUidDomain(app.db, app.clock.now())}`;
}

/**
 * The plan as an iCalendar document: a VTIMEZONE for the plan's zone, one VEVENT per plan
 * event with DTSTART;TZID and its RRULE (skipped occurrences as EXDATE; a skipped single
 * event is left out), stable UIDs
 * `{eventId}@{this database's domain}`, DTSTAMP the event's last change. CRLF line ends, folded lines.
 */
export function planIcs(app: App): string {
  const repo = new PlanRepo(app.db);
  const tz = repo.timezone() ?? app.config.ITBOT_TIMEZONE;
  const lang = app.config.ITBOT_LANG;
  const stored = repo.events();
  const skipped = new Map<string, string[]>();
  for (const o of repo.occurrences()) if (o.state === 'skipped') skipped.set(o.eventId, [...(skipped.get(o.eventId) ?? []), o.occurrence]);
  const domain = calendarUidDomain(app.db, app.clock.now());
  const [fromYear, toYear] = zoneYears(stored.map((s) => s.event), tz, app.clock.now().getUTCFullYear());
  const odd = oddLocalWindows(tz, fromYear, toYear);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//it-marketing-bot//communication plan//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(lang === 'de' ? 'IT-Kommunikationsplan' : 'IT communication plan')}`,
    `X-WR-TIMEZONE:${tz}`,
    ...vtimezone(tz, fromYear, toYear),
  ];
  for (const s of stored) {
    const exdates = skipped.get(s.event.id) ?? [];
    // calendars ignore EXDATE on an event without RRULE: a skipped single event is left out,
    // which every subscribed calendar honours by removing it
    const start = parseLocal(s.event.start)!.getTime();
    if (!s.event.rrule && exdates.some((x) => parseLocal(x)?.getTime() === start)) continue;
    // (the last change a calendar must take over: the definition, or an occurrence skipped or no longer skipped)
    const changed = s.skipsChangedAt && s.skipsChangedAt > s.updatedAt ? s.skipsChangedAt : s.updatedAt;
    lines.push(...vevent(s.event, tz, lang, { changed, sequence: s.sequence }, exdates, `${s.event.id}@${domain}`, app, odd));
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/**
 * The VEVENT of a plan event, and one per occurrence at a wall-clock time that names no single
 * instant (the spring-forward gap, the doubled autumn hour). RFC 5545 reads those as the scheduler
 * does (a gap time with the offset before it, a doubled time as the first), but calendars differ
 * (ical.js reads both the other way): a single event at such a time gets a UTC DTSTART, and an
 * occurrence of a series such a time gets an override (RECURRENCE-ID at its wall-clock time, which
 * every reader matches with its own reading of the rule, DTSTART at the scheduler's instant in UTC),
 * up to the years the VTIMEZONE spells out.
 */
function vevent(ev: PlanEvent, tz: string, lang: 'de' | 'en', version: { changed: string; sequence: number }, exdates: string[], uid: string, app: App, odd: Array<{ from: number; to: number }>): string[] {
  const owner = app.people.byEmail(ev.owner);
  const other = lang === 'de' ? 'en' : 'de';
  const desc = [
    pick(ev.title, other) !== pick(ev.title, lang) ? pick(ev.title, other) : null,
    // in words, as the admin pages and the reminders write it ("Finanzen, Führungskräfte"), not the file's ids
    `${lang === 'de' ? 'Publikum' : 'Audience'}: ${audienceText(app, ev, lang)}`,
    `${lang === 'de' ? 'Verantwortlich' : 'Owner'}: ${owner ? `${owner.name} <${ev.owner}>` : ev.owner}`,
  ].filter(Boolean).join('\n');
  const body = [
    `SUMMARY:${escapeText(pick(ev.title, lang))}`,
    `DESCRIPTION:${escapeText(desc)}`,
    `CATEGORIES:${escapeText(ev.kind)}`,
    `ORGANIZER;CN="${paramText(owner?.name ?? ev.owner)}":mailto:${ev.owner}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
  // a calendar that imported the document takes an event over again only with a higher SEQUENCE
  const changed = utc(new Date(version.changed));
  const stamp = [`DTSTAMP:${changed}`, `LAST-MODIFIED:${changed}`, `SEQUENCE:${version.sequence}`];
  const dur = `DURATION:${icsDuration(ev, tz)}`;
  const start = parseLocal(ev.start)!;
  const skipped = new Set(exdates.map((x) => parseLocal(x)!.getTime()));
  const oddStarts = localStartsIn(ev, tz, odd).filter((f) => !skipped.has(f.getTime()));
  const lines = [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    ...stamp,
    !ev.rrule && oddStarts.length ? `DTSTART:${utc(toInstant(start, tz))}` : `DTSTART;TZID=${tz}:${icsLocal(start.getTime())}`,
    dur,
  ];
  if (ev.rrule) lines.push(`RRULE:${icsRrule(ev.rrule, tz)}`);
  for (const x of exdates.sort()) lines.push(`EXDATE;TZID=${tz}:${icsLocal(parseLocal(x)!.getTime())}`);
  lines.push(...body);
  if (!ev.rrule) return lines;
  for (const f of oddStarts) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      ...stamp,
      `RECURRENCE-ID;TZID=${tz}:${icsLocal(f.getTime())}`,
      `DTSTART:${utc(toInstant(f, tz))}`,
      dur,
      ...body,
    );
  }
  return lines;
}
