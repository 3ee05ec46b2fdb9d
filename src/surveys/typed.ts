import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { pick } from '../i18n/index.ts';
import { SurveyRepo, type RunRow } from '../store/survey-repo.ts';
import type { Question, SurveyDef } from './definition.ts';
import { recordAnswers } from './answer.ts';
import { invitation } from './messages.ts';
import { runTitle } from './runs.ts';
import { st } from './texts.ts';

/**
 * Answers typed instead of clicked. After an invitation people write "4", "acht", "sehr
 * zufrieden" or an option's name. While they have an open survey, such a message is a survey
 * matter, never a catalog question: it is not logged as a gap and not passed on to anyone.
 * Where it fits exactly one open one-question survey it is recorded like the click it stands
 * for (with the same checks: "11" is no answer from 0 to 10); otherwise the bot says how to
 * answer and shows the open surveys again.
 */

const NUMBER_WORDS: Record<string, number> = {
  null: 0, zero: 0, nul: 0,
  eins: 1, ein: 1, eis: 1, one: 1,
  zwei: 2, zwoi: 2, zwöi: 2, two: 2,
  drei: 3, drü: 3, three: 3,
  vier: 4, four: 4,
  fünf: 5, füf: 5, füüf: 5, five: 5,
  sechs: 6, sächs: 6, six: 6,
  sieben: 7, sibe: 7, siebe: 7, seven: 7,
  acht: 8, eight: 8,
  neun: 9, nün: 9, nüün: 9, nine: 9,
  zehn: 10, zäh: 10, zää: 10, ten: 10,
};

/** The CSAT scale in words (1 = very dissatisfied ... 5 = very satisfied). */
const CSAT_WORDS: Record<string, number> = {
  'sehr unzufrieden': 1, 'very dissatisfied': 1, 'very unsatisfied': 1, 'gar nicht zufrieden': 1, 'not satisfied at all': 1,
  unzufrieden: 2, 'eher unzufrieden': 2, 'nicht zufrieden': 2, dissatisfied: 2, unsatisfied: 2, 'not satisfied': 2,
  neutral: 3, 'teils teils': 3, 'geht so': 3, 'so so': 3,
  zufrieden: 4, 'eher zufrieden': 4, satisfied: 4,
  'sehr zufrieden': 5, 'very satisfied': 5, 'extrem zufrieden': 5, 'extremely satisfied': 5,
};

/** Longest typed answer looked at: anything longer is a question or a comment, not a value. */
const MAX_TYPED = 40;

/** The message as a value: lower case, without quotes, trailing punctuation and a "/10" or "von 5". */
function cleaned(text: string): string {
  return normalize(text)
    .replace(/^["']+|["'.!?]+$/g, '')
    .replace(/^(\d{1,2})\s*(?:\/|von|of|out of|vo)\s*(?:5|10)$/, '$1')
    .trim();
}

/** A number typed as digits or a word, or null. */
function numberOf(v: string): number | null {
  if (/^\d{1,2}$/.test(v)) return Number(v);
  return NUMBER_WORDS[v] ?? null;
}

/** The raw value a question is asked with (as its button would send it), or null when the text does not fit it. */
function typedValue(q: Question, v: string): string | null {
  if (q.type === 'csat' || q.type === 'nps') {
    const n = numberOf(v) ?? (q.type === 'csat' ? CSAT_WORDS[v] ?? null : null);
    // (a number out of range stays what was typed, so the answer check names the range)
    return n === null ? null : String(n);
  }
  if (q.type === 'choice' || q.type === 'likert') {
    const o = q.options.find((x) => x.value.toLowerCase() === v || normalize(x.label.de) === v || normalize(x.label.en) === v);
    return o ? o.value : null;
  }
  return null;
}

/** Does the message read like a value of some scale or option? */
function looksTyped(v: string, open: Array<{ def: SurveyDef }>): boolean {
  if (numberOf(v) !== null || v in CSAT_WORDS) return true;
  return open.some(({ def }) => def.questions.some((q) => typedValue(q, v) !== null));
}

/** The person's open survey runs (sent to them, not closed), with their definitions. */
function openFor(ctx: TurnContext): Array<{ run: RunRow; def: SurveyDef }> {
  if (!ctx.person) return [];
  const repo = new SurveyRepo(ctx.app.db);
  const now = ctx.app.clock.now().toISOString();
  const out: Array<{ run: RunRow; def: SurveyDef }> = [];
  for (const run of repo.openRuns()) {
    if (run.closes_at <= now || !repo.recipient(run.id, ctx.person.email)) continue;
    const stored = repo.get(run.survey_id);
    if (stored) out.push({ run, def: stored.def });
  }
  return out;
}

export const typedAnswerIntent: Intent = {
  name: 'survey-typed-answer',
  match: (text, ctx) => {
    if (!ctx.person || text.length > MAX_TYPED) return 0;
    const v = cleaned(text);
    if (!v) return 0;
    const open = openFor(ctx);
    return open.length && looksTyped(v, open) ? 0.92 : 0;
  },
  handle: (ctx) => {
    const v = cleaned(ctx.text);
    const open = openFor(ctx);
    // a one-question survey the value fits: that is what the person answers
    const fits = open.flatMap(({ run, def }) => {
      const q = def.questions.length === 1 ? def.questions[0]! : null;
      const value = q ? typedValue(q, v) : null;
      return q && value !== null ? [{ run, q, value }] : [];
    });
    if (fits.length === 1) return recorded(ctx, fits[0]!);
    return howToAnswer(ctx, open);
  },
};

/** Records the typed value; a stored answer says which question of which survey it went to. */
async function recorded(ctx: TurnContext, fit: { run: RunRow; q: Question; value: string }): Promise<OutMessage[]> {
  const { lang } = ctx;
  const def = new SurveyRepo(ctx.app.db).get(fit.run.survey_id)!.def;
  const replies = await recordAnswers(ctx, fit.run.id, { [fit.q.id]: fit.value }, false);
  // (refusals, "closed" or "already answered", come alone and say themselves what happened)
  if (replies[0]?.ephemeral) return replies;
  const option = fit.q.type === 'choice' || fit.q.type === 'likert' ? fit.q.options.find((o) => o.value === fit.value) : undefined;
  const line = st(lang, 'typedRecorded', { value: option ? pick(option.label, lang) : fit.value, question: pick(fit.q.text, lang), title: pick(runTitle(def, fit.run), lang) });
  return replies.map((m, i) => (i === 0 ? { ...m, text: `${line} ${m.text}`, blocks: [{ type: 'text', text: line }, ...(m.blocks ?? [])] } : m));
}

/** "Please answer with the buttons": and the open surveys again, each with its buttons or form. */
function howToAnswer(ctx: TurnContext, open: Array<{ run: RunRow; def: SurveyDef }>): OutMessage[] {
  const { app, lang, person } = ctx;
  const tz = app.config.ITBOT_TIMEZONE;
  const titles = open.map(({ run, def }) => `«${pick(runTitle(def, run), lang)}»`).join(', ');
  const text = st(lang, open.length === 1 ? 'typedHowOne' : 'typedHowMany', { titles });
  const again = open.slice(0, 3).map(({ run, def }) =>
    invitation({ def, title: runTitle(def, run), runId: run.id, closesAt: run.closes_at, lang, timezone: person?.timezone ?? tz, orgTimezone: tz, reminder: false }),
  );
  return [{ text, lang, blocks: [{ type: 'text', text }] }, ...again];
}
