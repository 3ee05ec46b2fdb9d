import { readYaml } from '../files/yaml.ts';
import { RRule } from './rrule.ts';
import type { Bi } from '../i18n/index.ts';
import { warnOneLanguage } from '../files/texts.ts';
import type { Problem } from '../errors.ts';
import { formatAudience, parseAudience, type Audience } from '../people/audience.ts';
import { durationProblem, parseDuration } from './duration.ts';
import { parseLocal } from '../plan/local-time.ts';

export type Anonymity = 'anonymous' | 'confidential' | 'named';
type QuestionType = 'csat' | 'nps' | 'likert' | 'choice' | 'multi' | 'text';
const QUESTION_TYPES: QuestionType[] = ['csat', 'nps', 'likert', 'choice', 'multi', 'text'];
/** Strictness order: a survey may move right, never left, once answers exist. */
export const ANONYMITY_ORDER: Anonymity[] = ['named', 'confidential', 'anonymous'];

export interface Option {
  value: string;
  label: Bi;
}

export interface Question {
  id: string;
  type: QuestionType;
  text: Bi;
  optional: boolean;
  /** choice and multi: the options; likert: the five labelled points (values 1..5) */
  options: Option[];
}

export interface SurveyDef {
  id: string;
  title: Bi;
  intro: Bi | null;
  anonymity: Anonymity;
  minGroupSize: number;
  audience: Audience;
  /** ISO-8601 duration after the run opens, or an absolute local time (ITBOT_TIMEZONE) */
  closes: { kind: 'after'; duration: string } | { kind: 'at'; local: string };
  reminders: string[];
  /** recurring pulses: RFC 5545 rule, first wave at `start` (local time in ITBOT_TIMEZONE) */
  rrule: string | null;
  start: string | null;
  questions: Question[];
}

/** The longest answer to a text question, in characters (the forms say so to the platforms). */
export const MAX_TEXT_ANSWER = 2000;

/** The default five likert points when a file gives none. */
const LIKERT_DEFAULT: Bi[] = [
  { de: 'Trifft gar nicht zu', en: 'Strongly disagree' },
  { de: 'Trifft eher nicht zu', en: 'Disagree' },
  { de: 'Teils, teils', en: 'Neither agree nor disagree' },
  { de: 'Trifft eher zu', en: 'Agree' },
  { de: 'Trifft voll zu', en: 'Strongly agree' },
];

const ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
const VALUE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const TOP_FIELDS = ['id', 'title', 'intro', 'anonymity', 'minGroupSize', 'audience', 'closes', 'reminders', 'rrule', 'start', 'questions'];
const Q_FIELDS = ['id', 'type', 'text', 'optional', 'options'];

type At = (field: string, message: string, entry?: string) => void;

/**
 * A text: a plain string (both languages) or {de, en}. A map with one language is accepted (an
 * operator may write one language on purpose) with a warning: the other language's speakers
 * see it in the language given.
 */
function bi(v: unknown, field: string, at: At, entry?: string, required = true, warn?: At): Bi | null {
  if (v === undefined || v === null) {
    if (required) at(field, 'required: a text, or {de: ..., en: ...}', entry);
    return null;
  }
  if (typeof v === 'string') {
    if (v.trim() === '') at(field, 'must not be empty', entry);
    return { de: v, en: v };
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'de' && k !== 'en');
    if (extra.length) at(field, `unknown language ${extra.join(', ')} (use de and en)`, entry);
    const de = o.de, en = o.en;
    if (typeof de !== 'string' && typeof en !== 'string') {
      at(field, 'needs a text in de or en', entry);
      return null;
    }
    if ((de !== undefined && typeof de !== 'string') || (en !== undefined && typeof en !== 'string')) {
      at(field, 'de and en must be texts', entry);
      return null;
    }
    const d = (de as string | undefined) ?? (en as string);
    const e = (en as string | undefined) ?? (de as string);
    if (warn) warnOneLanguage(field, { de: de !== undefined, en: en !== undefined }, (f, message) => warn(f, message, entry));
    if (d.trim() === '' || e.trim() === '') at(field, 'must not be empty', entry);
    return { de: d, en: e };
  }
  at(field, 'must be a text or {de: ..., en: ...}', entry);
  return null;
}

function options(v: unknown, type: QuestionType, at: At, entry: string, warn: At): Option[] {
  if (type === 'likert') {
    if (v === undefined) return LIKERT_DEFAULT.map((label, i) => ({ value: String(i + 1), label }));
    if (!Array.isArray(v) || v.length !== 5) {
      at('options', 'a likert question has exactly 5 labels (or none for the default agree/disagree scale)', entry);
      return [];
    }
    return v.map((l, i) => ({ value: String(i + 1), label: bi(l, `options[${i}]`, at, entry, true, warn) ?? { de: '', en: '' } }));
  }
  if (type !== 'choice' && type !== 'multi') {
    if (v !== undefined) at('options', `a ${type} question takes no options`, entry);
    return [];
  }
  if (!Array.isArray(v) || v.length < 2) {
    at('options', `a ${type} question needs a list of at least 2 options`, entry);
    return [];
  }
  if (v.length > 25) at('options', `at most 25 options (got ${v.length})`, entry);
  const out: Option[] = [];
  const seen = new Set<string>();
  v.forEach((o, i) => {
    const f = `options[${i}]`;
    let value: unknown;
    let label: Bi | null;
    if (typeof o === 'string' || typeof o === 'number') {
      value = String(o);
      label = { de: String(o), en: String(o) };
    } else if (o && typeof o === 'object' && !Array.isArray(o)) {
      const r = o as Record<string, unknown>;
      const extra = Object.keys(r).filter((k) => k !== 'value' && k !== 'label');
      if (extra.length) at(f, `unknown field ${extra.join(', ')} (use value and label)`, entry);
      value = typeof r.value === 'number' ? String(r.value) : r.value;
      label = bi(r.label ?? r.value, `${f}.label`, at, entry, true, warn);
    } else {
      at(f, 'must be a value or {value: ..., label: {de: ..., en: ...}}', entry);
      return;
    }
    if (typeof value !== 'string' || !VALUE.test(value)) {
      at(`${f}.value`, `"${String(value)}" is not a valid option value (letters, digits, - _ . ; at most 63)`, entry);
      return;
    }
    if (seen.has(value)) at(`${f}.value`, `duplicate option "${value}"`, entry);
    seen.add(value);
    out.push({ value, label: label ?? { de: value, en: value } });
  });
  return out;
}

/**
 * Validates a survey definition (already parsed from YAML/JSON). Returns the normalised
 * definition, or every problem found (file, entry, field), never just the first; and the
 * warnings (accepted, but worth a look: a text in one language only).
 */
function validateSurvey(raw: unknown, file: string): { def: SurveyDef | null; problems: Problem[]; warnings: Problem[] } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const at: At = (field, message, entry) => problems.push({ file, entry, field, message });
  const warn: At = (field, message, entry) => warnings.push({ file, entry, field, message });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return { def: null, problems: [{ file, message: 'expected a survey (a mapping with id, title, questions, ...)' }], warnings };
  }
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!TOP_FIELDS.includes(k)) at(k, `unknown field (known: ${TOP_FIELDS.join(', ')})`);
  const id = r.id;
  if (typeof id !== 'string' || !ID.test(id)) at('id', `required, lower-case letters, digits and - (got ${JSON.stringify(id) ?? 'nothing'})`);
  const title = bi(r.title, 'title', at, undefined, true, warn);
  const intro = bi(r.intro, 'intro', at, undefined, false, warn);
  const anonymity = r.anonymity ?? 'confidential';
  if (typeof anonymity !== 'string' || !ANONYMITY_ORDER.includes(anonymity as Anonymity)) {
    at('anonymity', `"${String(anonymity)}" is not anonymous, confidential or named`);
  }
  const min = r.minGroupSize ?? 5;
  if (typeof min !== 'number' || !Number.isInteger(min) || min < 1 || min > 1000) at('minGroupSize', `must be a whole number from 1 to 1000 (got ${JSON.stringify(min)})`);
  if ((anonymity === 'anonymous' || anonymity === 'confidential') && Number.isInteger(min) && (min as number) < 3) {
    at('minGroupSize', `${anonymity} surveys need a minGroupSize of at least 3 (got ${min}): smaller groups identify people`);
  }
  let audience: Audience = [{ kind: 'all' }];
  if (r.audience !== undefined) {
    const a = parseAudience(r.audience);
    if (typeof a === 'string') at('audience', a);
    else audience = a;
  }
  let closes: SurveyDef['closes'] = { kind: 'after', duration: 'P7D' };
  const beforeCloses = problems.length;
  if (r.closes !== undefined) {
    const c = r.closes instanceof Date ? r.closes.toISOString().slice(0, 16) : r.closes;
    if (typeof c === 'string' && c.startsWith('P')) {
      const problem = durationProblem(c);
      if (problem) at('closes', problem);
      else closes = { kind: 'after', duration: c };
    } else if (typeof c === 'string' && LOCAL_TIME.test(c)) {
      if (parseLocal(c)) closes = { kind: 'at', local: c };
      else at('closes', `"${c}" is no such date and time (a local time such as 2027-03-31T17:00)`);
    } else at('closes', `"${String(c)}" is neither a duration (P7D) nor a local time (2027-03-31T17:00)`);
  }
  // (a close the file gets wrong is its own problem: the reminders are not measured against the default P7D instead)
  const closesRead = problems.length === beforeCloses;
  const reminders: string[] = [];
  if (r.reminders !== undefined) {
    if (!Array.isArray(r.reminders)) at('reminders', 'must be a list of durations such as [P3D, P5D]');
    else
      r.reminders.forEach((d, i) => {
        const problem = durationProblem(d, 'P3D');
        const ms = problem ? null : parseDuration(d as string);
        if (ms === null) at(`reminders[${i}]`, problem!);
        else if (reminders.includes(d as string)) at(`reminders[${i}]`, `duplicate reminder ${String(d)}`);
        else {
          if (closesRead && closes.kind === 'after' && ms >= parseDuration(closes.duration)!) at(`reminders[${i}]`, `${String(d)} is not before the close (${closes.duration})`);
          reminders.push(d as string);
        }
      });
  }
  let rrule: string | null = null;
  let start: string | null = null;
  if (r.rrule !== undefined) {
    if (typeof r.rrule !== 'string' || r.rrule.trim() === '') at('rrule', 'must be an RFC 5545 rule such as FREQ=MONTHLY;INTERVAL=3');
    else {
      try {
        const opts = RRule.parseString(r.rrule.replace(/^RRULE:/, ''));
        if (opts.freq === undefined) throw new Error('FREQ is missing');
        rrule = r.rrule.replace(/^RRULE:/, '');
      } catch (e) {
        at('rrule', `"${r.rrule}" is not a valid RFC 5545 rule: ${(e as Error).message}`);
      }
    }
    if (closes.kind === 'at') at('closes', 'a recurring survey closes a duration after each wave (such as P14D), not at one fixed time');
  }
  if (r.start !== undefined) {
    const s = r.start instanceof Date ? r.start.toISOString().slice(0, 16) : r.start;
    if (typeof s !== 'string' || !LOCAL_TIME.test(s)) at('start', `"${String(s)}" is not a local time such as 2027-01-11T09:00`);
    else if (!parseLocal(s)) at('start', `"${s}" is no such date and time (a local time such as 2027-01-11T09:00)`);
    else start = s;
    if (r.rrule === undefined) at('start', 'start is only used with rrule (the first wave of a recurring survey)');
  } else if (r.rrule !== undefined) at('start', 'required with rrule: the local time of the first wave, such as 2027-01-11T09:00');
  // a wave still open when the next one opens: everyone invited again while they have the last one open
  const overlap = rrule && start && closesRead && closes.kind === 'after' ? overlappingWaves(rrule, start, parseDuration(closes.duration)!) : null;
  if (overlap) {
    at('closes', `${closes.kind === 'after' ? closes.duration : ''} keeps the wave of ${overlap.wave} open past the start of the next one (${overlap.next}): everyone would be invited again while the last wave is still open; close each wave within ${overlap.gap} of its start, or let the waves come less often`);
  }

  const questions: Question[] = [];
  if (!Array.isArray(r.questions) || r.questions.length === 0) at('questions', 'required: a list of at least one question');
  else {
    if (r.questions.length > 20) at('questions', `at most 20 questions in a chat survey (got ${r.questions.length})`);
    const ids = new Set<string>();
    r.questions.forEach((q, i) => {
      if (!q || typeof q !== 'object' || Array.isArray(q)) {
        at('', 'must be a question {id, type, text}', `questions[${i}]`);
        return;
      }
      const qr = q as Record<string, unknown>;
      const entry = `questions[${i}]${typeof qr.id === 'string' ? ` (id ${qr.id})` : ''}`;
      for (const k of Object.keys(qr)) if (!Q_FIELDS.includes(k)) at(k, `unknown field (known: ${Q_FIELDS.join(', ')})`, entry);
      if (typeof qr.id !== 'string' || !ID.test(qr.id)) at('id', `required, lower-case letters, digits and - (got ${JSON.stringify(qr.id) ?? 'nothing'})`, entry);
      else if (ids.has(qr.id)) at('id', `duplicate question id ${qr.id}`, entry);
      else ids.add(qr.id);
      // ("multi-choice", as the product's description calls it, is the same type as "multi")
      const type = (qr.type === 'multi-choice' ? 'multi' : qr.type) as QuestionType;
      if (!QUESTION_TYPES.includes(type)) at('type', `"${String(qr.type)}" is not one of ${QUESTION_TYPES.join(', ')}`, entry);
      const text = bi(qr.text, 'text', at, entry, true, warn);
      if (qr.optional !== undefined && typeof qr.optional !== 'boolean') at('optional', 'must be true or false', entry);
      const opts = QUESTION_TYPES.includes(type) ? options(qr.options, type, at, entry, warn) : [];
      questions.push({ id: String(qr.id), type, text: text ?? { de: '', en: '' }, optional: qr.optional === true, options: opts });
    });
    if (questions.length && questions.every((q) => q.optional)) at('questions', 'at least one question must be required');
  }
  if (problems.length) return { def: null, problems, warnings };
  return {
    def: {
      id: id as string,
      title: title!,
      intro,
      anonymity: anonymity as Anonymity,
      minGroupSize: min as number,
      audience,
      closes,
      reminders,
      rrule,
      start,
      questions,
    },
    problems,
    warnings,
  };
}

/** A time between two waves as a duration: "P7D", "PT12H", "PT30M". */
function gapWords(ms: number): string {
  if (ms % 86_400_000 === 0) return `P${ms / 86_400_000}D`;
  return ms % 3_600_000 === 0 ? `PT${ms / 3_600_000}H` : `PT${Math.round(ms / 60_000)}M`;
}

/**
 * The first two waves of a recurring survey (its first hundred) of which the earlier is still
 * open, `closeMs` after it began, when the later begins; with the shortest time between waves.
 * Null when no wave outlasts the next one's start. Local wall-clock times ("2027-01-11 09:00").
 */
function overlappingWaves(rrule: string, start: string, closeMs: number): { wave: string; next: string; gap: string } | null {
  const dtstart = new Date(start + (start.length === 16 ? ':00' : '') + 'Z');
  const waves = new RRule({ ...RRule.parseString(rrule), dtstart }).all((_, i) => i < 100).map((d) => d.getTime());
  const gaps = waves.slice(1).map((w, i) => w - waves[i]!);
  const i = gaps.findIndex((g) => g < closeMs);
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  return i < 0 ? null : { wave: local(waves[i]!), next: local(waves[i + 1]!), gap: gapWords(Math.min(...gaps)) };
}

/** Parses YAML (or JSON) text into a validated survey. */
export function parseSurveyText(text: string, file: string): { def: SurveyDef | null; problems: Problem[]; warnings: Problem[] } {
  const { doc, problem } = readYaml(text, file);
  if (problem) return { def: null, problems: [problem], warnings: [] };
  return validateSurvey(doc, file);
}

/** The definition as stored and exported (audience back in file syntax). */
export function toStored(def: SurveyDef): Record<string, unknown> {
  return { ...def, audience: formatAudience(def.audience) };
}

export function fromStored(json: string): SurveyDef {
  const o = JSON.parse(json) as SurveyDef & { audience: string | string[] };
  const a = parseAudience(o.audience);
  return { ...o, audience: typeof a === 'string' ? [{ kind: 'all' }] : a };
}
