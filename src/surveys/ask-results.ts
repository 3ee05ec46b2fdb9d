import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { sharedAnswer } from '../chat/core-feature.ts';
import { pick, quote } from '../i18n/index.ts';
import { isItStaff } from '../people/audience.ts';
import { SurveyRepo, type RunRow } from '../store/survey-repo.ts';
import type { SurveyDef } from './definition.ts';
import { formatLocal } from './messages.ts';
import { surveyResults } from './results.ts';
import { summaryCard } from './summary.ts';
import { st } from './texts.ts';

/** A word asking for results ("Resultate", "Ergebnisse", "Auswertung", "results", "outcome"). */
const RESULTS = /\b(results?|outcomes?|resultate?n?|ergebnis(se|sen)?|auswertung(en)?)\b/;
/** A word naming a survey ("Umfrage", "Befragung", "Puls", "survey", "pulse"). */
const SURVEY = /\b(surveys?|pulse|polls?|questionnaires?|umfragen?|befragung(en)?|puls|fragebogen|fragebögen)\b/;
/** Both in one German word: "Umfrageresultate", "Umfrageergebnisse", "Befragungsauswertung". */
const COMPOUND = /\b(umfrage|befragungs|puls)(resultate?n?|ergebnis(se|sen)?|auswertung(en)?)\b/;
/** A question about a survey tool, a catalog question ("How do I see the results of my Forms survey?"). */
const TOOL = /\b(create|creating|erstell\w*|tools?|werkzeug\w*|forms|formular\w*|software|licen[cs]es?|lizenz\w*|templates?|vorlagen?|microsoft|google|surveymonkey|qualtrics|limesurvey)\b/;
/** One's own survey ("my survey", "meiner Umfrage"). */
const OWN = /\b(my|meine[rnms]?)( own| eigenen?)? (\w+ )?(surveys?|polls?|questionnaires?|umfragen?|befragung(en)?|fragebogens?)\b/;
/** How or where one finds something oneself ("Where do I find", "Wo finde ich", "wie kann man"). */
const HOW_TO = /\b(how|where|wie|wo)\b.*\b(i|ich|man|one)\b/;
/** Words of a title that name no survey in particular. */
const GENERIC = new Set(['survey', 'surveys', 'umfrage', 'umfragen', 'befragung', 'with', 'from', 'about', 'über', 'uber', 'nach', 'eine', 'einer', 'dieser', 'this']);

const words = (text: string) => normalize(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** How many distinctive words of the survey's id and titles the question names (0: not named). */
function named(def: SurveyDef, asked: Set<string>, text: string): number {
  if (new RegExp(`(^|[^\\p{L}\\p{N}-])${def.id.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}-])`, 'u').test(text)) return 100;
  const own = new Set([def.title.de, def.title.en].flatMap((t) => words(t)).filter((w) => w.length >= 4 && !GENERIC.has(w)));
  return [...own].filter((w) => asked.has(w)).length;
}

/**
 * "What are the survey results?" / "Wie sind die Resultate der Umfrage?": IT staff, who read the
 * result cards in the IT channel, get the card of the latest closed run of the survey they name
 * (or of the one survey with results), else the surveys to choose from; in a channel or group
 * chat nothing is shown. Everyone else is told that IT publishes the results.
 */
function resultsReply(ctx: TurnContext): OutMessage[] {
  const { app, lang } = ctx;
  const say = (text: string): OutMessage[] => [{ text, lang, blocks: [{ type: 'header', text: st(lang, 'askResultsTitle') }, { type: 'text', text }] }];
  if (!isItStaff(ctx.person)) return say(st(lang, 'askResultsNotIt'));
  if (sharedAnswer(ctx.event)) return say(st(lang, 'askResultsDirect'));
  const repo = new SurveyRepo(app.db);
  const text = normalize(ctx.text);
  const asked = new Set(words(ctx.text));
  const all = repo.all().map((s) => {
    const runs = repo.runs(s.def.id);
    const closed = runs.filter((r) => r.closed_at !== null);
    return { def: s.def, sent: runs.length > 0, latest: closed.sort((a, b) => a.closed_at!.localeCompare(b.closed_at!)).at(-1), score: named(s.def, asked, text) };
  });
  const best = Math.max(0, ...all.map((s) => s.score));
  const top = all.filter((s) => best > 0 && s.score === best);
  const withResults = all.filter((s) => s.latest);
  const chosen = top.length === 1 ? top[0]! : !top.length && withResults.length === 1 ? withResults[0]! : null;
  if (chosen && !chosen.latest) {
    const key = chosen.sent ? 'askResultsNoneYet' : 'askResultsNotSent';
    return say(st(lang, key, { title: quote(pick(chosen.def.title, lang), lang) }));
  }
  if (chosen) return [card(ctx, chosen.def, chosen.latest!)];
  const list = (top.length ? top : withResults).filter((s) => s.latest);
  if (!list.length) return say(st(lang, 'askResultsNone'));
  const tz = app.config.ITBOT_TIMEZONE;
  const lines = list.map((s) => `• ${quote(pick(s.def.title, lang), lang)} (${s.def.id}): ${st(lang, 'askResultsClosedOn', { date: formatLocal(s.latest!.closed_at!, tz, lang) })}`);
  const example = pick(list[0]!.def.title, lang);
  return say([st(lang, 'askResultsWhich'), ...lines, st(lang, 'askResultsExample', { example })].join('\n'));
}

/** The result card of a closed run as the IT channel got it: its figures under the group-size rule. */
function card(ctx: TurnContext, def: SurveyDef, run: RunRow): OutMessage {
  return summaryCard(ctx.app, def, run, surveyResults(ctx.app, def.id, (r) => r.id === run.id), ctx.lang);
}

export const resultsIntent: Intent = {
  name: 'survey-results',
  match: (text, ctx) => {
    const t = normalize(text);
    if (!(COMPOUND.test(t) || (RESULTS.test(t) && SURVEY.test(t))) || TOOL.test(t)) return 0;
    // "Resultate meiner Umfrage": IT staff, who own the bot's surveys, ask for its results; how
    // to find those of one's own survey ("Wo finde ich …", anyone else's) is a catalog question
    return OWN.test(t) && (HOW_TO.test(t) || !isItStaff(ctx.person)) ? 0 : 0.9;
  },
  handle: resultsReply,
};
