import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { formatDecimal, formatMean } from '../../../src/i18n/index.ts';
import { departmentName } from '../../../src/people/person.ts';
import { audienceLabel } from '../../../src/plan/messages.ts';
import { runTitle } from '../../../src/surveys/runs.ts';
import { waveWords as surveyWaveWords } from '../../../src/surveys/texts.ts';
import type { SurveyDef } from '../../../src/surveys/definition.ts';
import type { RunRow } from '../../../src/store/survey-repo.ts';
import { t } from './texts.ts';

/*
 * What the files and the database keep as ids ("department:Sales", "wave:2026-07-06"), in words
 * of the page's language, as the chat messages say them.
 */

/** A department by its name in the directory (its id when the directory has none). */
export function departmentWords(app: App, id: string, lang: Lang): string {
  return departmentName(app.people.department(id), lang) ?? id;
}

/** An audience as written in a file (`all`, `managers`, `department:Sales`, …) in words. */
export function audienceWords(app: App, audience: string | string[], lang: Lang): string {
  return audienceLabel(Array.isArray(audience) ? audience : [audience], lang, (id) => departmentName(app.people.department(id), lang));
}

/**
 * A survey wave in words: "Welle vom 6. Juli 2026", "Nach «Info-Anlass» vom 27. November 2026",
 * as `itbot survey results` names it (src/surveys/texts.ts).
 */
export function waveWords(def: SurveyDef, run: RunRow, lang: Lang, inSentence = false): string {
  return surveyWaveWords(run.run_key, runTitle(def, run), def.title, lang, inSentence);
}

/**
 * A survey figure as every admin page writes numbers (Swiss style: a decimal point): a mean
 * always with two decimals ("3.60", as the result card in chat), an NPS as the results give it
 * (at most one decimal).
 */
export function figureWords(kind: 'mean' | 'nps', n: number, lang: Lang): string {
  return kind === 'mean' ? formatMean(n, lang) : formatDecimal(n, lang, 0, 1);
}
