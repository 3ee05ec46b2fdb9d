import type { Block, Button, FormInput, Lang, OutMessage } from '../chat/model.ts';
import { pick, type Bi } from '../i18n/index.ts';
import { MAX_TEXT_ANSWER, type Question, type SurveyDef } from './definition.ts';
import { st } from './texts.ts';

export const ANSWER_ACTION = 'survey.answer';
export const SUBMIT_ACTION = 'survey.submit';
/** "Change answer" on the thank-you of a named or confidential survey: the form again, with the recorded answers */
export const CHANGE_ACTION = 'survey.change';

/** A local date and time for people: "31.03.2027, 17:00" / "31 Mar 2027, 17:00". */
export function formatLocal(at: Date | string, tz: string, lang: Lang): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const key = `${tz}|${lang}`;
  let f = FORMATS.get(key);
  if (!f) {
    // building a formatter costs far more than using one: keep one per zone and language
    f = new Intl.DateTimeFormat(lang === 'de' ? 'de-CH' : 'en-GB', {
      timeZone: tz, day: 'numeric', month: lang === 'de' ? '2-digit' : 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    });
    FORMATS.set(key, f);
  }
  return f.format(d);
}
const FORMATS = new Map<string, Intl.DateTimeFormat>();

/** The values a question accepts, in display order, with their labels. */
export function answerOptions(q: Question, lang: Lang): Array<{ value: string; label: string }> {
  switch (q.type) {
    case 'csat':
      return [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }));
    case 'nps':
      return Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }));
    case 'likert':
    case 'choice':
    case 'multi':
      return q.options.map((o) => ({ value: o.value, label: pick(o.label, lang) }));
    case 'text':
      return [];
  }
}

function scaleHint(q: Question, lang: Lang): string | null {
  if (q.type === 'csat') return st(lang, 'scaleHintCsat');
  if (q.type === 'nps') return st(lang, 'scaleHintNps');
  return null;
}

/** The single-click form of a one-question survey, or null when it needs a form. */
function oneClick(q: Question, runId: number, lang: Lang, recorded?: string | string[]): Block[] | null {
  if (q.type === 'multi' || q.type === 'text') return null;
  const options = answerOptions(q, lang);
  const buttons: Button[] = options.map((o) => ({
    label: o.label,
    action: ANSWER_ACTION,
    value: `${runId}:${q.id}:${o.value}`,
    // changing an answer: the one recorded stands out
    ...(o.value === recorded ? { style: 'primary' as const } : {}),
  }));
  const blocks: Block[] = [{ type: 'text', text: pick(q.text, lang) }];
  const hint = scaleHint(q, lang);
  if (hint) blocks.push({ type: 'text', text: hint, muted: true });
  // (where "Change answer" replaced the thank-you that showed it, as a Teams card, it is said again)
  const chosen = options.find((o) => o.value === recorded);
  if (chosen) blocks.push({ type: 'text', text: st(lang, 'answerSoFar', { answer: chosen.label }) });
  blocks.push({ type: 'actions', buttons });
  return blocks;
}

export function formInput(q: Question, lang: Lang, initial?: string | string[]): FormInput {
  const hint = scaleHint(q, lang);
  const label = [pick(q.text, lang), hint ? `(${hint})` : '', q.optional ? st(lang, 'optional') : ''].filter(Boolean).join(' ');
  const kind: FormInput['kind'] = q.type === 'text' ? 'text' : q.type === 'multi' ? 'multi' : 'single';
  const input: FormInput = { id: q.id, label, kind, optional: q.optional };
  if (kind !== 'text') input.options = answerOptions(q, lang);
  else input.maxLength = MAX_TEXT_ANSWER;
  if (initial !== undefined) input.initial = initial;
  return input;
}

export interface InviteParams {
  def: SurveyDef;
  title: Bi;
  runId: number;
  closesAt: string;
  lang: Lang;
  timezone: string;
  /** the organisation's zone (ITBOT_TIMEZONE): a recipient elsewhere gets their zone named */
  orgTimezone: string;
  reminder: boolean;
  /** the answers recorded so far (changing them): the form starts with them, a one-click survey names its answer */
  answers?: Record<string, string | string[]>;
}

/**
 * A survey's close in a person's time zone, the zone named when it is not the organisation's
 * ("4 Dec 2026, 02:36 (America/New_York)"): the invitation, the thank-you and the Slack App Home
 * say it the same way.
 */
export function closeTime(closesAt: string, timezone: string, orgTimezone: string, lang: Lang): string {
  return formatLocal(closesAt, timezone, lang) + (timezone !== orgTimezone ? ` (${timezone})` : '');
}

/** The invitation (or reminder) a recipient gets, in their language, with the anonymity mode in plain words. */
export function invitation(p: InviteParams): OutMessage {
  const { def, lang } = p;
  const date = closeTime(p.closesAt, p.timezone, p.orgTimezone, lang);
  const title = pick(p.title, lang);
  const intro = p.reminder ? st(lang, 'reminderIntro', { date }) : [pick(def.intro, lang) || st(lang, 'inviteIntro'), st(lang, 'closesAt', { date })].join(' ');
  const mode = st(lang, def.anonymity, { min: def.minGroupSize });
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'text', text: intro },
    { type: 'text', text: mode, muted: true },
  ];
  const single = def.questions.length === 1 ? oneClick(def.questions[0]!, p.runId, lang, p.answers?.[def.questions[0]!.id]) : null;
  if (single) blocks.push(...single);
  else {
    blocks.push({
      type: 'form',
      formId: `survey-${p.runId}`,
      inputs: def.questions.map((q) => formInput(q, lang, p.answers?.[q.id])),
      submit: { label: st(lang, 'submit'), action: SUBMIT_ACTION, value: String(p.runId), style: 'primary' },
    });
  }
  return { text: `${title}: ${intro}`, lang, blocks };
}
