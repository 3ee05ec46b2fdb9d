import type { App } from '../app-types.ts';
import { InputError, type Problem } from '../errors.ts';
import { readImportFile } from '../people/import.ts';
import { unreachableAsFollowUp } from '../plan/follow-up-reach.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { ANONYMITY_ORDER, parseSurveyText, toStored, type SurveyDef } from './definition.ts';
import { addDuration } from './duration.ts';
import { audienceMatchingNobody, localToInstant, wallTime } from './runs.ts';

/** Everything of a definition except what may be tightened after answers arrived. */
function frozenPart(def: SurveyDef): Record<string, unknown> {
  return { ...toStored(def), anonymity: null, minGroupSize: null };
}

/**
 * Where two stored definitions differ, as the file's fields: `title.en`, `reminders`, and for
 * a question its entry (`questions[0] (id q1)`) and field (`text.de`). A list of another length
 * is one change of the whole list.
 */
function changedFields(a: unknown, b: unknown, path = ''): Array<{ entry?: string; field: string }> {
  const plain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (path === 'closes') return [{ field: path }]; // (stored as {kind, ...}: the file has one value)
  if (path === 'questions' && Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((q, i) => {
      const id = plain(b[i]) && typeof b[i].id === 'string' ? ` (id ${b[i].id})` : '';
      return changedFields(q, b[i], '').map((c) => ({ entry: `questions[${i}]${id}`, field: c.field }));
    });
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((x, i) => changedFields(x, b[i], `${path}[${i}]`));
  }
  if (plain(a) && plain(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => changedFields(a[k], b[k], path ? `${path}.${k}` : k));
  }
  return [{ field: path }];
}

/**
 * A fixed close time (`closes: 2027-03-31T17:00`) is known only against now: a send now must
 * still be before it, and so must every reminder after a send now. Checked when the close or
 * the reminders are new or changed, so that the same file can be created again later.
 */
function closeProblems(app: App, def: SurveyDef, old: SurveyDef | undefined, file: string): Problem[] {
  if (def.closes.kind !== 'at') return [];
  if (old && JSON.stringify([old.closes, old.reminders]) === JSON.stringify([def.closes, def.reminders])) return [];
  const now = app.clock.now();
  const local = def.closes.local;
  const tz = app.config.ITBOT_TIMEZONE;
  const closesAt = localToInstant(local, tz);
  if (wallTime(closesAt, tz) !== local.slice(0, 16)) {
    return [{ file, field: 'closes', message: `${local} does not exist in ${tz} (the clocks skip that hour for daylight saving time): choose another time` }];
  }
  if (closesAt <= now) return [{ file, field: 'closes', message: `${local} (${app.config.ITBOT_TIMEZONE}) has passed already: a send would be refused` }];
  return def.reminders.flatMap((d, i) =>
    addDuration(now, d) >= closesAt ? [{ file, field: `reminders[${i}]`, message: `${d} is not before the close (${local}): a send now would remind after it` }] : [],
  );
}

/** A fixed close in the hour the clocks go back happens twice: a warning says which one counts. */
function closeWarnings(app: App, def: SurveyDef, old: SurveyDef | undefined, file: string): Problem[] {
  if (def.closes.kind !== 'at') return [];
  if (old && JSON.stringify(old.closes) === JSON.stringify(def.closes)) return [];
  const tz = app.config.ITBOT_TIMEZONE;
  const at = localToInstant(def.closes.local, tz);
  const hourBefore = new Date(at.getTime() - 3_600_000);
  if (wallTime(hourBefore, tz) !== wallTime(at, tz)) return [];
  return [{ file, field: 'closes', message: `${def.closes.local} happens twice in ${tz} (the clocks go back that night): the later one (${at.toISOString().slice(11, 16)} UTC) is used` }];
}

/** The questions as stored: what the invitations' buttons and forms were built from. */
const questionsPart = (def: SurveyDef): Record<string, unknown> => ({ questions: toStored(def).questions });

/**
 * Defines a survey from a file, or updates it. Once a run was opened (invitations went out,
 * stating the anonymity, the group size and the questions), only stricter privacy is accepted
 * (anonymity towards anonymous, a larger minGroupSize) and the questions stay as they are;
 * the other fields (title, audience, close, reminders, waves) may still change until the first
 * answer. Once anyone has answered, all else is refused too. Each refusal gives the reason.
 * Making a survey anonymous then turns its stored linked answers into counts. All or nothing.
 */
export function createSurvey(app: App, file: string): { id: string; status: 'created' | 'updated' | 'unchanged'; warnings: Problem[] } {
  const { def, problems, warnings: textWarnings } = parseSurveyText(readImportFile(file), file);
  if (!def) throw new InputError(problems);
  const repo = new SurveyRepo(app.db);
  // the directory may be imported after the survey: a warning, not an error
  const warnings: Problem[] = audienceMatchingNobody(app, def.audience).map((term) => ({
    file, field: 'audience', message: `${term} matches nobody in the people directory (yet): a send invites only people in it`,
  }));
  warnings.push(...textWarnings);
  const result = tx(app.db, () => {
    const old = repo.get(def.id);
    const answered = !!old && repo.hasAnswers(def.id);
    if (old && (answered || repo.hasRuns(def.id))) {
      const p: typeof problems = [];
      const at = (field: string, message: string) => p.push({ file, entry: `survey ${def.id}`, field, message });
      const from = ANONYMITY_ORDER.indexOf(old.anonymity), to = ANONYMITY_ORDER.indexOf(def.anonymity);
      if (to < from) {
        at('anonymity', answered
          ? `people have answered as ${old.anonymity}: it can be made stricter, never looser (${def.anonymity})`
          : `invitations went out promising ${old.anonymity}: it can be made stricter, never looser (${def.anonymity})`);
      }
      if (def.minGroupSize < old.minGroupSize) {
        at('minGroupSize', `${answered ? 'people have answered' : 'invitations went out'}: it can be raised, never lowered below ${old.minGroupSize}`);
      }
      if (answered) {
        for (const c of changedFields(frozenPart(old.def), frozenPart(def))) {
          p.push({ file, entry: c.entry ?? `survey ${def.id}`, field: c.field, message: 'people have already answered: only anonymity (stricter) and minGroupSize (larger) may change; define a new survey id for other changes' });
        }
      } else {
        for (const c of changedFields(questionsPart(old.def), questionsPart(def))) {
          p.push({ file, entry: c.entry ?? `survey ${def.id}`, field: c.field, message: 'invitations with these questions went out: the questions cannot change; define a new survey id for other questions' });
        }
      }
      if (p.length) throw new InputError(p);
      if (answered && to === from && def.minGroupSize === old.minGroupSize) return { id: def.id, status: 'unchanged' as const };
      const textQuestions = new Set(def.questions.filter((q) => q.type === 'text').map((q) => q.id));
      if (def.anonymity === 'anonymous' && old.anonymity !== 'anonymous') repo.anonymiseLinkedAnswers(def.id, textQuestions);
      // a named survey's open runs showed their counts as they stand: the live results step from there
      if (old.anonymity === 'named' && def.anonymity !== 'named') repo.stepOpenRunsNow(def.id, def.anonymity === 'anonymous', textQuestions);
    }
    if (old && JSON.stringify(toStored(old.def)) === JSON.stringify(toStored(def))) return { id: def.id, status: 'unchanged' as const };
    const late = closeProblems(app, def, old?.def, file);
    if (late.length) throw new InputError(late);
    warnings.push(...closeWarnings(app, def, old?.def, file));
    repo.upsert(def, app.clock.now());
    return { id: def.id, status: old ? ('updated' as const) : ('created' as const) };
  });
  // a plan event's follow-up survey: its invitations wait for working hours, the close does not
  warnings.push(...unreachableAsFollowUp(app, file, def));
  return { ...result, warnings };
}
