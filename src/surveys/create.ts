import type { App } from '../app-types.ts';
import { InputError } from '../errors.ts';
import { readImportFile } from '../people/import.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { ANONYMITY_ORDER, parseSurveyText, toStored, type SurveyDef } from './definition.ts';

/** Everything of a definition except what may be tightened after answers arrived. */
function frozenPart(def: SurveyDef): string {
  return JSON.stringify({ ...toStored(def), anonymity: null, minGroupSize: null });
}

/**
 * Defines a survey from a file, or updates it. Once anyone has answered, only stricter
 * privacy is accepted (anonymity towards anonymous, a larger minGroupSize); all else is
 * refused with the reason. Making a survey anonymous then turns its stored linked answers
 * into counts. All or nothing.
 */
export function createSurvey(app: App, file: string): { id: string; status: 'created' | 'updated' | 'unchanged' } {
  const { def, problems } = parseSurveyText(readImportFile(file), file);
  if (!def) throw new InputError(problems);
  const repo = new SurveyRepo(app.db);
  return tx(app.db, () => {
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
    repo.upsert(def, app.clock.now());
    return { id: def.id, status: old ? ('updated' as const) : ('created' as const) };
  });
}
