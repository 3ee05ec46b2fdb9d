import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { pick, quote } from '../i18n/index.ts';
import type { RunRow } from '../store/survey-repo.ts';
import type { Question, SurveyDef } from './definition.ts';
import { recordAnswers } from './answer.ts';
import { invitationNow, openRunsFor, runTitle, type OpenRun } from './runs.ts';
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
  'sehr schlecht': 1, 'very bad': 1, 'very poor': 1,
  unzufrieden: 2, 'eher unzufrieden': 2, 'nicht zufrieden': 2, dissatisfied: 2, unsatisfied: 2, 'not satisfied': 2,
  schlecht: 2, poor: 2,
  neutral: 3, 'teils teils': 3, 'geht so': 3, 'so so': 3,
  zufrieden: 4, 'eher zufrieden': 4, satisfied: 4, gut: 4, good: 4,
  'sehr zufrieden': 5, 'very satisfied': 5, 'extrem zufrieden': 5, 'extremely satisfied': 5, 'sehr gut': 5, 'very good': 5, excellent: 5,
};

/** Longest typed answer looked at: anything longer is a question or a comment, not a value. */
const MAX_TYPED = 40;

/** A typed value: the text without quotes and trailing punctuation, and the scale it names ("3/5", "8 von 10"), if any. */
interface Typed { v: string; scale: number | null }

/**
 * Words around a value that say no more than "this is my answer": "I'd say 4", "ich gebe eine 4", "Note 5",
 * "I'm very satisfied", "i würd säge 8". They are dropped; what is left must be the value alone.
 */
const FRAME_PHRASES = /\b(?:von mir|from me|i am|ich bin|i bi)\b/g;
const FRAME_WORDS = new Set([
  // English
  'i', "i'd", 'id', "i'll", "i'm", 'im', 'would', 'will', 'say', 'give', 'it', 'rate', 'go', 'with', 'choose', 'pick', 'my',
  'answer', 'rating', 'score', 'grade', 'mark', 'vote', 'is', 'a', 'an', 'ok', 'okay', 'well', 'hmm', 'so', 'maybe',
  'probably', 'about', 'around', 'roughly', 'please', 'then', 'that', "that's", 'thats', 'definitely', 'clearly', 'solid',
  // German and Swiss German
  'ich', 'würde', 'wuerde', 'würd', 'wür', 'sagen', 'sage', 'säge', 'säg', 'geben', 'gebe', 'gib', 'gäbe', 'gä', 'wähle',
  'nehme', 'nimm', 'meine', 'mini', 'antwort', 'bewertung', 'wertung', 'note', 'ist', 'isch', 'eine', 'einen', 'e', 'en',
  'es', 'das', 'also', 'eher', 'etwa', 'ungefähr', 'wohl', 'bitte', 'dann', 'klar', 'sicher', 'glatt', 'ja', 'jo',
]);

/** The message without the words that only frame a value: null when nothing else is left. */
function unframed(v: string): string {
  const words = v.replace(FRAME_PHRASES, ' ').replace(/[,:;!?]+(?=\s|$)/g, ' ').split(' ').filter((w) => w && !FRAME_WORDS.has(w));
  return words.length && words.length <= 4 ? words.join(' ') : v;
}

/** The message as a value: "5 = sehr zufrieden" (the invitation's own words) is 5, "4 stars" 4, "3/5" 3 on a scale of 5. */
function cleaned(text: string): Typed {
  const v = unframed(normalize(text).replace(/^["']+|["'.!?]+$/g, '').trim());
  const scaled = /^(\d{1,2})\s*(?:\/|von|of|out of|vo|us)\s*(\d{1,2})$/.exec(v);
  if (scaled) return { v: scaled[1]!, scale: Number(scaled[2]) };
  const m = /^(\d{1,2})\s*(?:=\s*[a-zäöü ]{2,40}|(?:stars?|sterne?|stärn|punkte?|points?))$/.exec(v);
  return { v: m ? m[1]! : v, scale: null };
}

/** A number typed as digits or a word, or null. */
function numberOf(v: string): number | null {
  // (out of every range, "100" or "-1", is still meant as a value: the answer check names the range)
  if (/^-?\d{1,6}$/.test(v)) return Number(v);
  // (a decimal, "4,5", is meant as a value: it is passed on as typed, so the answer check says whole numbers only)
  if (/^\d{1,2}[.,]\d{1,2}$/.test(v)) return NaN;
  return NUMBER_WORDS[v] ?? null;
}

/** The highest value of a number scale. */
const scaleMax = (q: Question) => (q.type === 'csat' ? 5 : 10);

/**
 * The raw value a question is asked with (as its button would send it), or null when the text does not fit it:
 * a number (or a scale word for CSAT) for a number question, on the question's own scale when the text names one
 * ("5 von 5" is no answer to a question from 0 to 10); an option's exact name for a choice.
 */
function typedValue(q: Question, t: Typed): string | null {
  if (q.type === 'csat' || q.type === 'nps') {
    if (t.scale !== null && t.scale !== scaleMax(q)) return null;
    const n = numberOf(t.v) ?? (q.type === 'csat' ? CSAT_WORDS[t.v] ?? null : null);
    // (a number out of range, or a decimal, stays what was typed, so the answer check names the range:
    // a sign too, "-0" is no 0)
    return n === null ? null : Number.isNaN(n) || t.v.startsWith('-') ? t.v : String(n);
  }
  if ((q.type === 'choice' || q.type === 'likert') && t.scale === null) {
    const o = q.options.find((x) => x.value.toLowerCase() === t.v || normalize(x.label.de) === t.v || normalize(x.label.en) === t.v);
    return o ? o.value : null;
  }
  return null;
}

/** Between the items of a typed list of options: "a, c", "A und C", "intranet / chat". */
const LIST_SEPARATORS = /\s*(?:[,;/+&]|\s(?:und|and|sowie|oder|or)\s)\s*/;

/**
 * Whether the message lists options of a choice or multi question of a form ("a, c", "A und C",
 * "Intranet, Chat"): letters by the options' order, or their values or labels. Never recorded
 * (which question would it answer, and a letter is only a guess at the order): the person is
 * shown the form again. One item is a list only where it names an option of a multi question.
 */
function listsOptions(q: Question, text: string): boolean {
  if (q.type !== 'choice' && q.type !== 'multi') return false;
  const names = new Set(q.options.flatMap((o) => [o.value.toLowerCase(), normalize(o.label.de), normalize(o.label.en)]));
  const letters = 'abcdefghijklmnopqrstuvwxyz'.slice(0, q.options.length);
  // (a label with "und" in it, "Schulung und Support", is one item: it is tried whole first)
  const items = text.split(/\s*[,;/+&]\s*/).flatMap((part) => (names.has(part) ? [part] : part.split(LIST_SEPARATORS)))
    .flatMap((item) => (/^[a-z](\s+[a-z])+$/.test(item) ? item.split(/\s+/) : [item]));
  const fits = (item: string) => names.has(item) || (item.length === 1 && letters.includes(item));
  return items.every(fits) && (items.length > 1 || (q.type === 'multi' && names.has(items[0]!)));
}

/** The message, lower case, without quotes and the punctuation at its end: what `listsOptions` reads. */
const listText = (text: string) => normalize(text).replace(/^["'«»]+|["'«».!?]+$/g, '').trim();

/** A question of a survey with a form (more than one question) the message fits, as a value or a list of options. */
const fitsForm = (def: SurveyDef, t: Typed, text: string) =>
  def.questions.length > 1 && def.questions.some((q) => typedValue(q, t) !== null || listsOptions(q, listText(text)));

/** A number or a scale word: a value only a survey asks for. */
const isScaleValue = (t: Typed) => numberOf(t.v) !== null || t.v in CSAT_WORDS;

/** A number no scale has ("100", "-1"): a survey matter only while a survey asks for a number. */
const isWideNumber = (t: Typed) => /^-|^\d{3}/.test(t.v) && numberOf(t.v) !== null;
const asksNumber = (o: OpenRun) => o.def.questions.some((q) => q.type === 'csat' || q.type === 'nps' || q.type === 'likert');

/**
 * Only in a direct conversation with the bot (a value typed in a channel would be recorded, and confirmed, where
 * others read it), and only while a survey waits for the person: a number or a scale word then stands for an answer;
 * an option's name only where it fits a survey not yet answered ("Teams" is a question about Teams once the person
 * has chosen "Teams" as their channel).
 */
function typedFor(ctx: TurnContext, text: string): { t: Typed; open: OpenRun[] } | null {
  // (match and handle ask for the same turn: its open surveys are read once)
  const memo = read.get(ctx);
  if (memo && memo.text === text) return memo.found;
  const found = readTyped(ctx, text);
  read.set(ctx, { text, found });
  return found;
}
const read = new WeakMap<TurnContext, { text: string; found: { t: Typed; open: OpenRun[] } | null }>();

function readTyped(ctx: TurnContext, text: string): { t: Typed; open: OpenRun[] } | null {
  if (!ctx.person || !ctx.event.conversation?.isDirect || text.length > MAX_TYPED) return null;
  const t = cleaned(text);
  if (!t.v) return null;
  const open = openRunsFor(ctx.app, ctx.person.email);
  if (!open.length) return null;
  if (isWideNumber(t)) return open.some(asksNumber) ? { t, open } : null;
  if (isScaleValue(t)) return { t, open };
  const unanswered = open.filter((o) => !o.answered);
  return unanswered.some(({ def }) => def.questions.some((q) => typedValue(q, t) !== null) || fitsForm(def, t, text)) ? { t, open: unanswered } : null;
}

export const typedAnswerIntent: Intent = {
  name: 'survey-typed-answer',
  match: (text, ctx) => (typedFor(ctx, text) ? 0.92 : 0),
  handle: (ctx) => {
    const found = typedFor(ctx, ctx.text);
    if (!found) return [];
    const { t } = found;
    // an anonymous survey already answered takes no other answer (the first one is final): the value is for the
    // surveys that can still take it, and only those are shown again; with none, the person is told so
    const open = found.open.filter((o) => !(o.answered && o.def.anonymity === 'anonymous'));
    if (!open.length) {
      const text = st(ctx.lang, 'alreadyAnonymous');
      return [{ text, lang: ctx.lang, blocks: [{ type: 'text', text }], ephemeral: true }];
    }
    // a one-question survey the value fits: that is what the person answers
    const fits = open.flatMap(({ run, def }) => {
      const q = def.questions.length === 1 ? def.questions[0]! : null;
      const value = q ? typedValue(q, t) : null;
      return q && value !== null ? [{ run, def, q, value }] : [];
    });
    // unless a survey with a form waits for the person and has a question the value fits: "4" just after
    // that invitation is not meant to change the answer to an earlier survey
    const forms = open.filter((o) => !o.answered && fitsForm(o.def, t, ctx.text));
    if (fits.length === 1 && forms.length === 0) return recorded(ctx, fits[0]!);
    const candidates = open.filter((o) => forms.includes(o) || fits.some((f) => f.run.id === o.run.id));
    return howToAnswer(ctx, candidates.length ? candidates : open);
  },
};

/** Records the typed value; a stored answer says which question of which survey it went to. */
async function recorded(ctx: TurnContext, fit: { run: RunRow; def: SurveyDef; q: Question; value: string }): Promise<OutMessage[]> {
  const { lang } = ctx;
  const { def } = fit;
  const replies = await recordAnswers(ctx, fit.run.id, { [fit.q.id]: fit.value }, false);
  // (refusals, "closed" or "already answered", come alone and say themselves what happened)
  if (replies[0]?.ephemeral) return replies;
  const option = fit.q.type === 'choice' || fit.q.type === 'likert' ? fit.q.options.find((o) => o.value === fit.value) : undefined;
  const where = { question: pick(fit.q.text, lang), title: pick(runTitle(def, fit.run), lang) };
  // anonymous: no reply carries the value. A reply may be kept next to the person's conversation
  // (a Slack answer whose post failed waits in the outbox), which would link them to the answer.
  const line = def.anonymity === 'anonymous'
    ? st(lang, 'typedRecordedAnonymous', where)
    : st(lang, 'typedRecorded', { value: option ? pick(option.label, lang) : fit.value, ...where });
  return replies.map((m, i) => (i === 0 ? { ...m, text: `${line} ${m.text}`, blocks: [{ type: 'text', text: line }, ...(m.blocks ?? [])] } : m));
}

/** "Please answer with the buttons": and the open surveys again, each with its buttons or form. */
function howToAnswer(ctx: TurnContext, open: OpenRun[]): OutMessage[] {
  const { app, lang, person } = ctx;
  const titles = open.map(({ run, def }) => quote(pick(runTitle(def, run), lang), lang)).join(', ');
  const text = st(lang, open.length === 1 ? 'typedHowOne' : 'typedHowMany', { titles });
  const again = open.slice(0, 3).map((o) => invitationNow(app, o, lang, person?.timezone ?? null));
  return [{ text, lang, blocks: [{ type: 'text', text }] }, ...again];
}
