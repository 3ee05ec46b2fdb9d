import { readYaml } from '../files/yaml.ts';
import type { App } from '../app-types.ts';
import { InputError, type Problem } from '../errors.ts';
import { isEmailAddress, parseAudience, type AudienceTerm } from '../people/audience.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { canonicalTimeZone, isTimeZone } from '../people/import.ts';
import type { Bi } from '../i18n/index.ts';
import { bi } from '../files/texts.ts';
import { teamsChannelId } from '../chat/channel-id.ts';
import { EVENT_KINDS, type EventKind, type Plan, type PlanEvent } from './model.ts';
import { duration, isZero, nominalMs, parseDuration, timeMs } from './duration.ts';
import { formatLocal, parseLocal, shift } from './local-time.ts';
import { checkRrule, closestStarts, firstOccurrence } from './expand.ts';
import { ENTRY_ID as ID, eachEntry } from '../files/entries.ts';

const FIELDS = new Set(['id', 'title', 'kind', 'rrule', 'start', 'duration', 'audience', 'channels', 'owner', 'reminders', 'announce', 'followUpSurvey', 'task']);

/** What the directory knows, for checking owners and audiences (and the surveys, for follow-ups). */
export interface Directory {
  hasPerson(email: string): boolean;
  hasDepartment(name: string): boolean;
  /** no people imported yet: departments cannot be checked */
  isEmpty(): boolean;
  hasSurvey?(id: string): boolean;
}

export function directoryOf(app: App): Directory {
  const depts = new Set(app.people.departments().map((d) => d.id.toLowerCase()));
  const people = app.people.all();
  for (const p of people) if (p.department) depts.add(p.department.toLowerCase());
  const surveys = new SurveyRepo(app.db);
  return {
    hasPerson: (e) => {
      const p = app.people.byEmail(e);
      return !!p && p.active;
    },
    hasDepartment: (d) => depts.has(d.toLowerCase()),
    isEmpty: () => people.length === 0,
    hasSurvey: (id) => surveys.get(id) !== null,
  };
}

/**
 * Checks the people an entry names against the directory: its owner (required, one e-mail
 * address) and its audience. The files may be imported before the people (CONTRACT.md names
 * no order): an owner or an e-mail not (yet) in the directory is a warning, and so is a
 * department while the directory is empty; a department no one in a filled directory belongs
 * to is an error (a typo). Returns the owner as stored (trimmed, lower case).
 */
export function checkPeople(
  dir: Directory,
  terms: AudienceTerm[],
  owner: { value: unknown; required: string; note: string },
  at: (field: string, message: string) => void,
  warn: (field: string, message: string) => void,
): string {
  const email = typeof owner.value === 'string' ? owner.value.trim().toLowerCase() : '';
  if (!email) at('owner', `required: ${owner.required}`);
  else if (!isEmailAddress(email)) at('owner', `"${String(owner.value).trim()}" is not an e-mail address`);
  for (const t of terms) {
    if (t.kind === 'department' && !dir.hasDepartment(t.name)) {
      if (dir.isEmpty()) warn('audience', `department "${t.name}" cannot be checked yet (the people directory is empty): the audience is whoever is in that department once the people are imported`);
      else at('audience', `unknown department "${t.name}" (no one in the people directory belongs to it)`);
    }
    if (t.kind === 'email' && !dir.hasPerson(t.email)) warn('audience', `${t.email} is not in the people directory (yet): it belongs to the audience once it is known`);
  }
  if (isEmailAddress(email) && !dir.hasPerson(email)) warn('owner', `${email} is not in the people directory (yet): ${owner.note}`);
  return email;
}

/**
 * Validates a plan file (YAML per CONTRACT.md). Collects every problem, each with
 * file, entry (`events[3] (id jf-finance)`) and field; throws an InputError when there is any.
 */
export function parsePlan(text: string, file: string, dir: Directory, warnings: Problem[] = []): Plan {
  const { doc, problem } = readYaml(text, file);
  if (problem) throw new InputError([problem]);
  const problems: Problem[] = [];
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InputError([{ file, message: 'expected a mapping with timezone and events' }]);
  }
  const root = doc as Record<string, unknown>;
  for (const k of Object.keys(root)) if (k !== 'timezone' && k !== 'events') problems.push({ file, field: k, message: 'unknown field (expected timezone, events)' });
  const tz = root.timezone;
  if (typeof tz !== 'string' || !tz.trim()) problems.push({ file, field: 'timezone', message: 'required: an IANA time zone like Europe/Zurich' });
  else if (!isTimeZone(tz) || !tz.includes('/') && tz !== 'UTC') problems.push({ file, field: 'timezone', message: `"${tz}" is not an IANA time zone (e.g. Europe/Zurich)` });
  if (!Array.isArray(root.events)) {
    problems.push({ file, field: 'events', message: 'required: a list of events' });
    throw new InputError(problems);
  }
  const events: PlanEvent[] = [];
  eachEntry(root.events, { file, name: 'events', fields: FIELDS, problems, warnings }, ({ e, id, at, warn }) => {
    const title = bi(e.title, { field: 'title', warn });
    if (e.title === undefined) at('title', 'required');
    else if (typeof title === 'string') at('title', title);
    const kind = (e.kind ?? 'other') as EventKind;
    if (!EVENT_KINDS.includes(kind)) at('kind', `"${String(e.kind)}" is not a kind (${EVENT_KINDS.join(' | ')})`);
    let rrule: string | null = null;
    if (e.rrule !== undefined && e.rrule !== null) {
      if (typeof e.rrule !== 'string') at('rrule', 'expected an RFC 5545 rule like FREQ=WEEKLY;BYDAY=TU');
      else {
        const err = checkRrule(e.rrule);
        if (err) at('rrule', `bad RRULE "${e.rrule}": ${err}`);
        else rrule = e.rrule.trim().replace(/^RRULE:/i, '').toUpperCase();
      }
    }
    const startRaw = e.start instanceof Date ? e.start.toISOString().slice(0, 16) : e.start;
    let start = '';
    if (typeof startRaw !== 'string' || !startRaw) at('start', 'required: a local date-time like 2027-01-05T10:00');
    else if (!parseLocal(startRaw.trim())) at('start', `"${startRaw}" is not a local date-time like 2027-01-05T10:00 (no offset: the plan's timezone applies)`);
    // (whole minutes, as the contract writes it: seconds would reach the calendar and every reminder's time)
    else if (parseLocal(startRaw.trim())!.getUTCSeconds()) at('start', `"${startRaw}" has seconds: a start is a whole minute, HH:MM (like 2027-01-05T10:00)`);
    else start = formatLocal(parseLocal(startRaw.trim())!);
    const dur = parseDuration(e.duration);
    if (e.duration === undefined) at('duration', 'required, e.g. PT1H');
    else if (typeof dur === 'string') at('duration', dur);
    else if (dur.negative || isZero(dur)) at('duration', `"${String(e.duration)}" must be longer than zero`);
    let audience: string[] = [];
    let terms: AudienceTerm[] = [];
    if (e.audience === undefined) at('audience', 'required: all, managers, it-staff, department:NAME or a list');
    else {
      const a = parseAudience(e.audience);
      if (typeof a === 'string') at('audience', a);
      else {
        terms = a;
        audience = (Array.isArray(e.audience) ? e.audience : [e.audience]).map((x) => String(x).trim());
      }
    }
    const channels: PlanEvent['channels'] = {};
    if (e.channels !== undefined && e.channels !== null) {
      if (typeof e.channels !== 'object' || Array.isArray(e.channels)) at('channels', 'expected {slack: C..., teams: ...}');
      else
        for (const [k, v] of Object.entries(e.channels as Record<string, unknown>)) {
          if (k !== 'slack' && k !== 'teams') at(`channels.${k}`, 'unknown platform (slack, teams)');
          else if (typeof v !== 'string' || !v.trim()) at(`channels.${k}`, 'expected a channel id');
          else if (k === 'slack' && !/^[CG][A-Z0-9]{2,}$/.test(v.trim())) at('channels.slack', `"${v}" is not a Slack channel id (C...)`);
          else channels[k] = k === 'teams' ? teamsChannelId(v.trim()) : v.trim();
        }
    }
    const owner = checkPeople(dir, terms, { value: e.owner, required: 'the e-mail of the responsible person', note: 'reminders go to that address once it is known' }, at, warn);
    const reminders: string[] = [];
    const durOk = (field: string, v: unknown): string | null => {
      const d = parseDuration(v);
      if (typeof d === 'string') return (at(field, d), null);
      if (d.negative) return (at(field, `"${String(v)}" is negative: a reminder or announcement after the event start is not possible`), null);
      if (isZero(d)) return (at(field, `"${String(v)}" is zero: give a lead time before the start`), null);
      return String(v).trim();
    };
    if (e.reminders !== undefined && e.reminders !== null) {
      if (!Array.isArray(e.reminders)) at('reminders', 'expected a list of durations like [P7D, P1D]');
      else
        e.reminders.forEach((r, j) => {
          const ok = durOk(`reminders[${j}]`, r);
          if (ok && reminders.includes(ok)) at(`reminders[${j}]`, `${ok} given twice`);
          else if (ok) {
            // (P1D keeps the time of day, PT24H counts hours: the same lead but on the days the clocks change)
            const same = reminders.find((x) => nominalMs(x) !== null && nominalMs(x) === nominalMs(ok));
            const clocks = same && timeMs(duration(same)) !== timeMs(duration(ok)) ? ' (they differ only on the days the clocks change)' : '';
            if (same) warn(`reminders[${j}]`, `${ok} is the same lead as ${same}${clocks}: the owner gets one reminder for both; keep one of them`);
            reminders.push(ok);
          }
        });
    }
    const announce = e.announce === undefined || e.announce === null ? null : durOk('announce', e.announce);
    let followUpSurvey: string | null = null;
    if (e.followUpSurvey !== undefined && e.followUpSurvey !== null) {
      if (typeof e.followUpSurvey !== 'string' || !ID.test(e.followUpSurvey)) at('followUpSurvey', 'expected a survey id like event-feedback');
      else {
        followUpSurvey = e.followUpSurvey;
        // a forward reference is fine (the survey may be created later), a typo is worth a word
        if (dir.hasSurvey && !dir.hasSurvey(followUpSurvey)) {
          warn('followUpSurvey', `no survey ${followUpSurvey} (yet): create it (itbot survey create FILE) before an occurrence ends, or that occurrence gets no follow-up survey`);
        }
      }
    }
    let task: Bi | null = null;
    if (e.task !== undefined && e.task !== null) {
      const t = bi(e.task, { field: 'task', warn });
      if (typeof t === 'string') at('task', t);
      else task = t;
    }
    const ev: PlanEvent = {
      id, title: typeof title === 'string' ? { de: '', en: '' } : title, kind, rrule, start,
      duration: typeof dur === 'string' ? 'PT1H' : String(e.duration).trim(), audience, channels, owner, reminders, announce, followUpSurvey, task,
      ...(Array.isArray(e.audience) ? { audienceList: true as const } : {}),
    };
    if (rrule && start) {
      const first = firstOccurrence(ev);
      if (!first) at('rrule', `the rule "${rrule}" produces no occurrence from ${start}`);
      // calendars (RFC 5545) always count DTSTART as an occurrence: it must be the rule's first
      else if (first !== start) at('start', `${start} is not an occurrence of "${rrule}": start at the first one (${first})`);
      else {
        // a lead longer than the time between two occurrences (P14D before a weekly meeting, a
        // typo for P1D) reminds of one before the one before it has taken place: worth a word
        const pair = closestStarts(ev);
        const leads: Array<[string, string, string]> = reminders.map((r, j) => [`reminders[${j}]`, r, 'reminder']);
        if (announce) leads.push(['announce', announce, 'announcement']);
        for (const [field, lead, what] of pair ? leads : []) {
          if (shift(pair![1], duration(lead), 'UTC', -1) < pair![0]) {
            const [a, b] = pair!.map(formatLocal);
            warn(field, `${lead} is longer than the time between two occurrences: the ${what} for ${b} comes before ${a} has begun`);
          }
        }
      }
    }
    events.push(ev);
  });
  if (problems.length) throw new InputError(problems);
  // stored with the time zone database's capitals ("europe/zurich" is Europe/Zurich), so the feed and the zone labels agree
  return { timezone: canonicalTimeZone(tz as string) ?? (tz as string).trim(), events };
}

