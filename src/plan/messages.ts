import type { Lang, OutMessage, Block } from '../chat/model.ts';
import { listOf, pick } from '../i18n/index.ts';
import type { Person } from '../people/person.ts';
import type { Occurrence, PlanEvent } from './model.ts';
import { duration as parseDur } from './duration.ts';
import { KIND_TASKS, planTexts as t } from './texts.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "Tuesday 30 March at 09:00" / "Dienstag, 30. März um 09:00" in the plan's zone. */
export function formatWhen(at: Date, lang: Lang, tz: string): string {
  const k = `${lang}|${tz}`;
  let f = formatters.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', {
      weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: tz,
    });
    formatters.set(k, f);
  }
  return f.format(at);
}

/** Stands for the people an audience names by address, when they are not listed. */
const NAMED = '@named';

/**
 * An audience in words, in a language: departments by their names from the directory. `named`:
 * how people the audience names by address are shown: as they are written (the owner's card),
 * or, for a text many read, together as "named people", never who is on the list.
 */
export function audienceLabel(terms: string[], lang: Lang, deptName: (id: string) => string | null, named: 'listed' | 'hidden' = 'listed'): string {
  const shown = named === 'listed' || !terms.some((x) => x.includes('@')) ? terms : [...terms.filter((x) => !x.includes('@')), NAMED];
  const names = shown.map((term) => {
    if (term === 'all') return t(lang, 'audAll');
    if (term === 'managers') return t(lang, 'audManagers');
    if (term === 'it-staff') return t(lang, 'audIt');
    if (term === NAMED) return t(lang, 'audNamed');
    if (term.startsWith('department:')) {
      const id = term.slice('department:'.length).trim();
      return deptName(id) ?? id;
    }
    return term;
  });
  return listOf(names, lang);
}

/** A duration for people: "1 h", "30 min", "2 Tage". */
export function formatDuration(iso: string, lang: Lang): string {
  const d = parseDur(iso);
  const parts: string[] = [];
  const days = d.days + d.weeks * 7;
  if (days) parts.push(lang === 'de' ? `${days} ${days === 1 ? 'Tag' : 'Tage'}` : `${days} ${days === 1 ? 'day' : 'days'}`);
  if (d.hours) parts.push(`${d.hours} h`);
  if (d.minutes) parts.push(`${d.minutes} min`);
  return parts.join(' ') || iso;
}

export interface ReminderContext {
  ev: PlanEvent;
  occ: Occurrence;
  tz: string;
  lang: Lang;
  lead: string;
  /** "last time" satisfaction of the follow-up survey, when the surveys feature knows it */
  last?: { mean: number | null; responses: number } | null;
  /** the outbox key of this reminder (the Snooze button continues from it) */
  key: string;
  /** when the card is due to go: the Snooze button says what a click then does (`snoozeDue`) */
  dueAt: Date;
  /** the audience in words ("Finanzen", "all staff"); else the terms as written */
  audienceLabel?: string;
  snoozed?: boolean;
  /** the owner's time zone (directory): the time is shown there, named when it is not the plan's */
  ownerTz?: string | null;
}

/** A time for someone in `personTz`: in their zone, with the zone's name when it is not the plan's `tz`. */
export function formatWhenFor(at: Date, lang: Lang, tz: string, personTz?: string | null): string {
  if (!personTz || personTz === tz) return formatWhen(at, lang, tz);
  return `${formatWhen(at, lang, personTz)} (${personTz})`;
}

function occValue(ev: PlanEvent, occ: Occurrence): string {
  return `${ev.id}|${occ.occurrence}`;
}

/** How long Snooze puts a reminder off, unless the event starts sooner. */
export const SNOOZE_MS = 86_400_000;

/**
 * When a reminder snoozed at `now` comes again: a day later, or an hour before the event's
 * `start` when that is sooner (`beforeStart`); before the working hours are applied.
 */
export function snoozeDue(now: Date, start: Date): { due: Date; beforeStart: boolean } {
  const due = new Date(now.getTime() + SNOOZE_MS);
  return due >= start ? { due: new Date(start.getTime() - 3_600_000), beforeStart: true } : { due, beforeStart: false };
}

/**
 * The reminder card for the owner: what, when, what is due, last time's satisfaction, Done / Skip / Snooze
 * (labelled "Remind me 1 h before" when the event is less than a day after the card goes).
 */
export function reminderMessage(c: ReminderContext): OutMessage {
  const { ev, occ, tz, lang } = c;
  const title = pick(ev.title, lang);
  const when = formatWhenFor(occ.start, lang, tz, c.ownerTz);
  const task = pick(ev.task ?? KIND_TASKS[ev.kind], lang);
  let line = t(lang, 'reminderLine', { title, when, task });
  if (c.last) {
    line += '; ' + (c.last.mean === null ? t(lang, 'lastTimeNoData') : t(lang, 'lastTime', { mean: c.last.mean.toFixed(1) }));
  }
  const blocks: Block[] = [
    { type: 'header', text: t(lang, c.snoozed ? 'snoozedTitle' : 'reminderTitle', { title }) },
    { type: 'text', text: line },
    { type: 'fields', fields: [
      { label: t(lang, 'when'), value: `${when} (${formatDuration(ev.duration, lang)})` },
      { label: t(lang, 'audience'), value: c.audienceLabel ?? ev.audience.join(', ') },
    ] },
    { type: 'actions', buttons: [
      { label: t(lang, 'done'), action: 'plan.done', value: occValue(ev, occ), style: 'primary' },
      { label: t(lang, 'skip'), action: 'plan.skip', value: occValue(ev, occ) },
      { label: t(lang, snoozeDue(c.dueAt, occ.start).beforeStart ? 'snoozeBeforeStart' : 'snooze'), action: 'plan.snooze', value: c.key },
    ] },
  ];
  return { text: line, lang, blocks };
}

/**
 * A message to a channel whose readers speak one language or several: each language's header and
 * line (and what follows), divided, the plain text one line per language.
 */
function perLanguage(langs: Lang[], part: (lang: Lang) => { header: string; line: string; more?: Block[] }): OutMessage {
  const list: Lang[] = langs.length ? [...new Set(langs)].sort() : ['de'];
  const blocks: Block[] = [];
  const texts: string[] = [];
  list.forEach((lang, i) => {
    if (i > 0) blocks.push({ type: 'divider' });
    const p = part(lang);
    texts.push(p.line);
    blocks.push({ type: 'header', text: p.header }, { type: 'text', text: p.line }, ...(p.more ?? []));
  });
  return { text: texts.join('\n'), lang: list.length === 1 ? list[0] : undefined, blocks };
}

/**
 * The announcement for a channel, in the audience's language; when the audience is mixed,
 * both languages in one message (German first). The time is the organisation's (`orgTz`, where a
 * channel's readers are), with the zone named when the plan keeps another one.
 */
export function announceMessage(ev: PlanEvent, occ: Occurrence, tz: string, langs: Lang[], owner: Person | null, orgTz?: string): OutMessage {
  return perLanguage(langs, (lang) => {
    const title = pick(ev.title, lang);
    return {
      header: t(lang, 'announceTitle', { title }),
      line: t(lang, 'announceLine', { title, when: formatWhenFor(occ.start, lang, tz, orgTz), duration: formatDuration(ev.duration, lang) }),
      more: owner ? [{ type: 'text', text: t(lang, 'announceContact', { name: owner.name, email: owner.email }), muted: true }] : [],
    };
  });
}

/**
 * That an announced occurrence is off (skipped after its announcement went), to the channels
 * that carried the announcement, in its languages. The skip reason is IT's note: not shown.
 */
export function cancelMessage(ev: PlanEvent, occ: Occurrence, tz: string, langs: Lang[], orgTz?: string): OutMessage {
  return perLanguage(langs, (lang) => {
    const title = pick(ev.title, lang);
    return { header: t(lang, 'cancelTitle', { title }), line: t(lang, 'cancelLine', { title, when: formatWhenFor(occ.start, lang, tz, orgTz) }) };
  });
}

/** The one message to the head of IT about an overdue occurrence, at the time in their zone (named when not the plan's). */
export function overdueMessage(ev: PlanEvent, occ: Occurrence, tz: string, lang: Lang, owner: Person | null, readerTz: string): OutMessage {
  const title = pick(ev.title, lang);
  const line = t(lang, 'overdueLine', { title, when: formatWhenFor(occ.start, lang, tz, readerTz), owner: owner ? `${owner.name} (${owner.email})` : ev.owner });
  return {
    text: line,
    lang,
    blocks: [
      { type: 'header', text: t(lang, 'overdueTitle', { title }) },
      { type: 'text', text: line },
      { type: 'actions', buttons: [
        { label: t(lang, 'done'), action: 'plan.done', value: occValue(ev, occ), style: 'primary' },
        { label: t(lang, 'skip'), action: 'plan.skip', value: occValue(ev, occ) },
      ] },
    ],
  };
}
