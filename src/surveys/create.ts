import type { App } from '../app-types.ts';
import { InputError, type Problem } from '../errors.ts';
import { readImportFile } from '../people/import.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { ANONYMITY_ORDER, parseSurveyText, toStored, type SurveyDef } from './definition.ts';
import { addDuration } from './duration.ts';
import { audienceMatchingNobody, localToInstant } from './runs.ts';

/** Everything of a definition except what may be tightened after answers arrived. */
function frozenPart(def: SurveyDef): string {
  return JSON.stringify({ ...toStored(def), anonymity: null, minGroupSize: null });
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
  const closesAt = localToInstant(local, app.config.ITBOT_TIMEZONE);
  if (closesAt <= now) return [{ file, field: 'closes', message: `${local} (${app.config.ITBOT_TIMEZONE}) has passed already: a send would be refused` }];
  return def.reminders.flatMap((d, i) =>
    addDuration(now, d) >= closesAt ? [{ file, field: `reminders[${i}]`, message: `${d} is not before the close (${local}): a send now would remind after it` }] : [],
  );
}

/**
 * Defines a survey from a file, or updates it. Once anyone has answered, only stricter
 * privacy is accepted (anonymity towards anonymous, a larger minGroupSize); all else is
 * refused with the reason. Making a survey anonymous then turns its stored linked answers
 * into counts. All or nothing.
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
    if (old && repo.hasAnswers(def.id)) {
      const p: typeof problems = [];
      const at = (field: string, message: string) => p.push({ file, entry: `survey ${def.id}`, field, message });
      const from = ANONYMITY_ORDER.indexOf(old.anonymity), to = ANONYMITY_ORDER.indexOf(def.anonymity);
      if (to < from) at('anonymity', `people have answered as ${old.anonymity}: it can be made stricter, never looser (${def.anonymity})`);
      if (def.minGroupSize < old.minGroupSize) at('minGroupSize', `people have answered: it can be raised, never lowered below ${old.minGroupSize}`);
      if (frozenPart(def) !== frozenPart(old.def)) at('', 'people have already answered: only anonymity (stricter) and minGroupSize (larger) may change; define a new survey id for other changes');
      if (p.length) throw new InputError(p);
      if (to === from && def.minGroupSize === old.minGroupSize) return { id: def.id, status: 'unchanged' as const };
      if (def.anonymity === 'anonymous' && old.anonymity !== 'anonymous') {
        repo.anonymiseLinkedAnswers(def.id, new Set(def.questions.filter((q) => q.type === 'text').map((q) => q.id)));
      }
    }
    if (old && JSON.stringify(toStored(old.def)) === JSON.stringify(toStored(def))) return { id: def.id, status: 'unchanged' as const };
    const late = closeProblems(app, def, old?.def, file);
    if (late.length) throw new InputError(late);
    repo.upsert(def, app.clock.now());
    return { id: def.id, status: old ? ('updated' as const) : ('created' as const) };
  });
  return { ...result, warnings };
}
