import type { Intent, TurnContext } from '../app-types.ts';
import type { OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { departmentName } from '../people/person.ts';
import { pick } from '../i18n/index.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { runTitle } from './runs.ts';
import { st } from './texts.ts';

const EN = /\bhow many\b.{0,60}\b(not|n't|yet to)\b.{0,30}\b(answer|answered|respond|responded|replied|taken|filled)|\b(survey|pulse)\b.{0,30}\b(response rate|responses)\b.{0,30}\b(team|group|department)|\b(response rate|responses)\b.{0,30}\b(my team|my group|my department)/;
const DE = /\bwie ?viele\b.{0,80}\bnoch nicht\b.{0,40}\b(geantwortet|beantwortet|teilgenommen|mitgemacht|ausgefullt|ausgefuellt|ausgefüllt)|\bruecklauf|\brücklauf|\brucklauf/;
/**
 * The same question asked as "who" (the answer is a number: the bot never says who), as "how many
 * still need to answer" or as "how many (have) answered": only where it names the team or the survey
 * ("who has not answered my ticket?" is a catalog question).
 */
const ABOUT = /\b(team|group|department|staff|survey|pulse|abteilung|mitarbeitende|umfrage|puls)/;
const EN_MORE = /\bwho\b.{0,60}\b(not|n't|yet to)\b.{0,30}\b(answer|answered|respond|responded|replied|taken|filled)|\bhow many\b.{0,60}\b(still|yet)\b.{0,30}\bto (answer|respond|reply|fill|take)|\bhow many\b.{0,60}\b(answered|responded|replied|took part|participated)\b/;
const DE_MORE = /\bwer\b.{0,80}\bnoch nicht\b.{0,40}\b(geantwortet|beantwortet|teilgenommen|mitgemacht|ausgefullt|ausgefuellt|ausgefüllt)|\bwie ?viele\b.{0,80}\b(geantwortet|beantwortet|teilgenommen|mitgemacht|ausgefullt|ausgefuellt|ausgefüllt)/;

/**
 * "How many of my team have not answered?": for managers, per open run that invited
 * people of their department, a number, never names, and only for groups of at least
 * the survey's minGroupSize.
 */
function progressReply(ctx: TurnContext): OutMessage[] {
  const { app, person, lang } = ctx;
  const one = (text: string): OutMessage[] => [{ text, lang, blocks: [{ type: 'header', text: st(lang, 'progressTitle') }, { type: 'text', text }] }];
  if (!person?.manager || !person.department) return one(st(lang, 'progressNotManager'));
  const repo = new SurveyRepo(app.db);
  const department = departmentName(app.people.department(person.department), lang) ?? person.department;
  const lines: string[] = [];
  const own = person.department;
  const runs = repo.openRuns().flatMap((run) => {
    const stored = repo.get(run.survey_id);
    const p = stored ? repo.departmentProgress(run.id, own) : null;
    return stored && p && p.recipients > 0 ? [{ run, stored, p, title: pick(runTitle(stored.def, run), lang) }] : [];
  });
  for (const { run, stored, p, title: plain } of runs) {
    // two open waves of the same survey: the wave (its run key) tells them apart
    const title = runs.filter((x) => x.title === plain).length > 1 ? `${plain} (${run.run_key})` : plain;
    if (p.recipients < stored.def.minGroupSize) lines.push(st(lang, 'progressSmall', { title, department, min: stored.def.minGroupSize }));
    else lines.push(st(lang, p.missing === 1 ? 'progressLineOne' : 'progressLine', { title, department, missing: p.missing, recipients: p.recipients }));
  }
  return one(lines.length ? lines.join('\n') : st(lang, 'progressNone'));
}

export const progressIntent: Intent = {
  name: 'survey-progress',
  match: (text) => {
    const t = normalize(text);
    return EN.test(t) || DE.test(t) || ((EN_MORE.test(t) || DE_MORE.test(t)) && ABOUT.test(t)) ? 0.9 : 0;
  },
  handle: progressReply,
};
