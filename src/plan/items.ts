import type { App } from '../app-types.ts';
import type { Lang, Platform } from '../chat/model.ts';
import { departmentName, type Person, personLanguage } from '../people/person.ts';
import { headOfItIn, parseAudience, resolveAudience, webChannelsOf } from '../people/audience.ts';
import { cancelKey, type EnqueueInput } from '../jobs/outbox.ts';
import { serves } from '../jobs/sender.ts';
import { PlanRepo, type OccurrenceState } from '../store/plan-repo.ts';
import { tx, type Db } from '../store/db.ts';
import type { WorkingHours } from '../jobs/working-hours.ts';
import type { Occurrence, PlanEvent } from './model.ts';
import { duration, parseDuration, timeMs } from './duration.ts';
import { shift, toFloating } from './local-time.ts';
import { announceMessage, audienceLabel, reminderMessage, type ReminderContext } from './messages.ts';
import { planTexts } from './texts.ts';

// What the scheduler puts into the outbox for an occurrence, and the lookups it needs.

const DAY = 86_400_000;

/** ITBOT_CATCHUP as milliseconds (days count 24 h here: it is a window, not a wall-clock time). */
export function catchupMs(app: App): number {
  const d = parseDuration(app.config.ITBOT_CATCHUP);
  if (typeof d === 'string' || d.negative) return 12 * 3_600_000;
  return ((d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * DAY) + timeMs(d);
}

/** The head of IT: ITBOT_HEAD_OF_IT, else the (first) manager of the IT department. */
export function headOfIt(app: App): Person | null {
  return headOfItIn(app.people, app.config.ITBOT_HEAD_OF_IT);
}

/**
 * What the operator must hear about the head of IT, in words (null when nothing): an
 * ITBOT_HEAD_OF_IT that is not (or no longer) in the directory is passed over for the IT
 * department's first manager, and without either the overdue notices reach nobody.
 */
export function headOfItProblem(app: App, lang: Lang): string | null {
  const env = app.config.ITBOT_HEAD_OF_IT;
  const head = headOfIt(app);
  const instead = head ? `${head.name} (${head.email})` : planTexts(lang, 'headOfItNobody');
  if (env && head?.email.toLowerCase() !== env.toLowerCase()) {
    const key = app.people.byEmail(env) ? 'headOfItInactive' : 'headOfItUnknown';
    return planTexts(lang, key, { email: env, instead });
  }
  // (without a plan there is nothing to be overdue)
  return head || !new PlanRepo(app.db).timezone() ? null : planTexts(lang, 'headOfItNone');
}

/** The longest skip reason kept, in chat and on the admin plan page (a longer one is cut with an ellipsis). */
export const MAX_REASON = 500;

/** The web chat channels an audience reads (`channel:all`, `channel:{department}`), with their members. */
function webChannels(app: App, ev: PlanEvent): Array<{ channel: string; members: Person[] }> {
  const terms = ev.audience.flatMap((raw) => {
    const a = parseAudience(raw);
    return typeof a === 'string' ? [] : a;
  });
  return webChannelsOf(app.people, terms).map((c) => ({ channel: c.channel, members: app.people.audience(c.readers) }));
}

function audienceOf(app: App, ev: PlanEvent): Person[] {
  const a = parseAudience(ev.audience);
  return typeof a === 'string' ? [] : resolveAudience(app.people, a);
}

function langsOf(app: App, people: Person[]): Lang[] {
  const s = new Set<Lang>(people.map((p) => personLanguage(p, app.config.ITBOT_LANG)));
  return s.size ? [...s] : [app.config.ITBOT_LANG];
}

export function reminderKey(ev: string, occ: string, lead: string, email: string): string {
  return `plan:${ev}:${occ}:reminder:${lead}:to:${email.toLowerCase()}`;
}

/** What the messages of one event need, looked up once per scheduling step (not per occurrence). */
export interface EventContext {
  owner: Person | null;
  ownerLang: Lang;
  ownerTz: string;
  targets: Array<{ platform: Platform; channel: string; langs: Lang[] }>;
  last: { mean: number | null; responses: number } | null;
  audienceLabel: string;
}

/** The audience of an event in words, in a language. */
export function audienceText(app: App, ev: PlanEvent, lang: Lang): string {
  return audienceLabel(ev.audience, lang, (id) => departmentName(app.people.department(id), lang));
}

export function eventContext(app: App, ev: PlanEvent, last: EventContext['last']): EventContext {
  const owner = app.people.byEmail(ev.owner);
  const targets: EventContext['targets'] = [];
  if (ev.announce) {
    const everyone = audienceOf(app, ev);
    const inAud = new Set(everyone.map((p) => p.email.toLowerCase()));
    for (const p of ['slack', 'teams'] as const) {
      const ch = ev.channels[p];
      if (ch && serves(app, p)) targets.push({ platform: p, channel: ch, langs: langsOf(app, everyone) });
    }
    for (const w of webChannels(app, ev)) {
      targets.push({ platform: 'web', channel: w.channel, langs: langsOf(app, w.members.filter((m) => inAud.has(m.email.toLowerCase()))) });
    }
  }
  const ownerLang = personLanguage(owner, app.config.ITBOT_LANG);
  return { owner, ownerLang, ownerTz: owner?.timezone ?? app.config.ITBOT_TIMEZONE, targets, last, audienceLabel: audienceText(app, ev, ownerLang) };
}

/**
 * Everything an occurrence sends on its own before it happens: one reminder per lead time to
 * the owner (in their working hours), one announcement per channel (in the organisation's); both
 * brought forward into the last window before their due time when waiting would pass the start
 * (see reminderHours). Each expires at the start: what is not out by then is missed.
 */
export function itemsFor(app: App, ev: PlanEvent, tz: string, occ: Occurrence, c: EventContext, keep: (due: Date) => boolean = () => true): EnqueueInput[] {
  const items: EnqueueInput[] = [];
  const source = { eventId: ev.id, occurrence: occ.occurrence };
  const wh = app.config.workingHours;
  for (const lead of ev.reminders) {
    const due = shift(occ.start, duration(lead), tz, -1);
    if (!keep(due)) continue; // outside the step's window: no message to compose
    const key = reminderKey(ev.id, occ.occurrence, lead, ev.owner);
    items.push({
      key,
      kind: 'plan-reminder',
      target: { kind: 'person', email: ev.owner },
      message: reminderMessage({ ev, occ, tz, lang: c.ownerLang, lead, last: c.last, key, dueAt: due, audienceLabel: c.audienceLabel, ownerTz: c.owner?.timezone }),
      dueAt: due,
      expiresAt: occ.start,
      workingHours: reminderHours(app, due, c.owner),
      source: { ...source, lead },
    });
  }
  const announceDue = ev.announce && c.targets.length ? shift(occ.start, duration(ev.announce), tz, -1) : null;
  if (announceDue && keep(announceDue)) {
    const due = announceDue;
    // a channel has no time zone of its own: the organisation's working hours, as a reminder keeps a person's
    const hours = plannedHours(app, due, app.config.ITBOT_TIMEZONE, null);
    for (const tg of c.targets) {
      items.push({
        key: `plan:${ev.id}:${occ.occurrence}:announce:${tg.platform}:${tg.channel}`,
        kind: 'plan-announce',
        target: { kind: 'channel', platform: tg.platform, channelId: tg.channel },
        message: announceMessage(ev, occ, tz, tg.langs, c.owner, app.config.ITBOT_TIMEZONE),
        dueAt: due,
        expiresAt: occ.start,
        workingHours: hours,
        // one announcement, whatever channels carry it: a reader of two web channels
        // (`channel:Finance` and `channel:managers`) is shown it once
        source: { ...source, broadcast: `plan:${ev.id}:${occ.occurrence}:announce` },
      });
    }
  }
  return items;
}

/**
 * A snoozed reminder as it is queued, by Snooze and again by the scheduler when its owner's time
 * zone changed: the card (`snoozed`) due at `dueAt`, to `email` in the working hours `hours`,
 * expiring at the start.
 */
export function snoozeItem(c: Omit<ReminderContext, 'snoozed'> & { email: string; hours: NonNullable<EnqueueInput['workingHours']> }): EnqueueInput {
  const { email, hours, ...card } = c;
  return {
    key: c.key,
    kind: 'plan-reminder',
    target: { kind: 'person', email },
    message: reminderMessage({ ...card, snoozed: true }),
    dueAt: c.dueAt,
    expiresAt: c.occ.start,
    workingHours: hours,
    source: { eventId: c.ev.id, occurrence: c.occ.occurrence, lead: c.lead, snooze: true },
  };
}

/**
 * The working hours a reminder (or a snoozed one) due at `due` keeps: those of the person it goes
 * to. It waits for their next window; when that would open only once the event has begun, it is
 * brought forward to the start of the last window before `due` (a Saturday reminder goes on
 * Friday at the start of the working hours), and when none lies between its queueing and its due
 * time it is recorded as missed, never sent outside them (`firstSendTime` in the outbox).
 * Inside them already: nothing to wait for (and no slow time zone object needed), but the
 * hours are kept: a reminder sent late (after a downtime) waits for the next window.
 */
export function reminderHours(app: App, due: Date, person: Person | null): NonNullable<EnqueueInput['workingHours']> {
  return plannedHours(app, due, person?.timezone ?? app.config.ITBOT_TIMEZONE, person);
}

/** The working hours a plan message due at `due` keeps in `tz` (see reminderHours). */
function plannedHours(app: App, due: Date, tz: string, person: Person | null): NonNullable<EnqueueInput['workingHours']> {
  const wh = app.config.workingHours;
  return { hours: wh, person, defaultTimeZone: tz, inside: isWorkingFast(due, tz, wh), bringForward: true };
}

/**
 * Reminders of one occurrence to one person that would go at the same moment (several lead
 * times held by working hours until the same morning, or a snooze landing on another reminder's
 * time) are one card: the one nearest the event is sent, the others are cancelled with the
 * reason, so the outbox shows why (not missed); one of them already sent stays the one card (a
 * changed plan queues a superseded reminder again). A reminder due no later than one nearer
 * the event that already went to the same person is not sent after it either, whenever that one
 * went (after a downtime, or a retry, it went later than the moment both were held for, and a
 * changed plan may queue the other for another moment). Runs after every reminder is queued,
 * by the scheduler and by Snooze, in the same transaction.
 */
export function supersedeReminders(db: Db, eventId: string, occurrences: Iterable<string>): void {
  const occs = new Set(occurrences);
  if (!occs.size) return;
  // one query per event: one occurrence's reminders, or all the event's (filtered here)
  const prefix = occs.size === 1 ? `plan:${eventId}:${[...occs][0]}:reminder:` : `plan:${eventId}:`;
  const rows = new PlanRepo(db).queuedReminders(prefix).filter((r) => occs.has(r.occurrence));
  // per occurrence and person, the reminder nearest the event that went already
  const went = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const p = `${r.occurrence}|${r.target.toLowerCase()}`;
    const w = went.get(p);
    if (r.sent && (!w || r.due > w.due)) went.set(p, r);
  }
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const w = went.get(`${r.occurrence}|${r.target.toLowerCase()}`);
    if (!r.sent && w && r.due <= w.due && r.next !== w.next) {
      cancelKey(db, r.key, `superseded: the ${w.lead}${w.snooze ? ' (snoozed)' : ''} reminder, nearer the event, went already`);
      continue;
    }
    const g = `${r.occurrence}|${r.target.toLowerCase()}|${r.next}`;
    const list = groups.get(g);
    if (list) list.push(r);
    else groups.set(g, [r]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    // one already sent (a changed plan queues again a reminder it had superseded) stays the card
    list.sort((a, b) => Number(b.sent) - Number(a.sent) || b.due.localeCompare(a.due) || a.key.localeCompare(b.key));
    const reason = `superseded: the ${list[0]!.lead}${list[0]!.snooze ? ' (snoozed)' : ''} reminder ${list[0]!.sent ? 'went' : 'goes'} at the same time`;
    for (const r of list.slice(1)) if (!r.sent) cancelKey(db, r.key, reason);
  }
}

/** Like isWorkingTime, on the cached zone offsets. */
function isWorkingFast(at: Date, tz: string, wh: WorkingHours): boolean {
  const f = toFloating(at, tz);
  const minute = f.getUTCHours() * 60 + f.getUTCMinutes();
  return wh.days[f.getUTCDay()]!.some(([from, to]) => minute >= from && minute < to);
}

/** The longest lead time of an event, as an instant shift from `at`. */
export function beyondLeads(ev: PlanEvent, tz: string, at: Date): Date {
  let max = at;
  for (const l of [...ev.reminders, ...(ev.announce ? [ev.announce] : [])]) {
    const d = shift(at, duration(l), tz, 1);
    if (d > max) max = d;
  }
  return new Date(max.getTime() + DAY);
}

/**
 * Whether a message of an occurrence is still wanted once its outcome is known: nothing for a
 * skipped occurrence; for one reported done only the announcement (done may be pressed on
 * the first reminder, when the preparation is done: the audience still comes).
 */
export function stillWanted(state: OccurrenceState | undefined, key: string): boolean {
  if (state === 'skipped') return false;
  if (state === 'done') return key.includes(':announce:');
  return true;
}

/**
 * Records an occurrence's outcome and, in the same transaction, cancels what it no longer sends
 * (withdrawMessages). Every way of recording it goes through here: the chat buttons, the admin
 * plan page, a newsletter issue's decision. `by`: the person's e-mail, null for the admin pages.
 */
export function recordOutcome(db: Db, o: { eventId: string; occurrence: string; state: 'done' | 'skipped'; by: string | null; reason: string | null; startAt: Date; now: Date }): void {
  tx(db, () => {
    new PlanRepo(db).setState(o.eventId, o.occurrence, o.state, o.by, o.reason, o.startAt, o.now);
    withdrawMessages(db, o.eventId, o.occurrence, o.state);
  });
}

/**
 * Cancels the waiting messages of an occurrence that are no longer wanted in its new state
 * (reminders, snoozes, the overdue escalation; the announcement too when it was skipped).
 */
function withdrawMessages(db: Db, eventId: string, occurrence: string, state: 'done' | 'skipped'): void {
  const reason = state === 'skipped' ? 'the occurrence was skipped' : 'the occurrence was reported done';
  for (const k of new PlanRepo(db).pendingKeys(`plan:${eventId}:${occurrence}:`)) if (!stillWanted(state, k)) cancelKey(db, k, reason);
}
