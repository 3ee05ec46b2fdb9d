import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { formatDay, formatDecimal, formatMean, pick } from '../../../src/i18n/index.ts';
import { departmentName } from '../../../src/people/person.ts';
import { audienceLabel } from '../../../src/plan/messages.ts';
import { runTitle } from '../../../src/surveys/runs.ts';
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
 * A survey wave in words: "Welle vom 6. Juli 2026" for the scheduler's and `itbot survey send`'s
 * waves, "Nach «Info-Anlass» vom 27. November 2026" for a plan event's follow-up. A run key
 * chosen by hand (`--run-key`) is its own name. `inSentence`: as said inside a sentence ("wave of
 * 6 July 2026", "nach «Info-Anlass» vom …").
 */
export function waveWords(def: SurveyDef, run: RunRow, lang: Lang, inSentence = false): string {
  const title = pick(runTitle(def, run), lang);
  const m = /^(?:wave|send):(\d{4}-\d{2}-\d{2})$/.exec(run.run_key);
  if (m) return t(lang, inSentence ? 'waveOfInline' : 'waveOf', { date: formatDay(m[1]!, lang) }) + (title === pick(def.title, lang) ? '' : ` (${title})`);
  const p = /^plan:.+:(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}$/.exec(run.run_key);
  if (p) return t(lang, inSentence ? 'waveAfterInline' : 'waveAfter', { title, date: formatDay(p[1]!, lang) });
  return title === pick(def.title, lang) ? run.run_key : `${run.run_key} (${title})`;
}

/**
 * A survey figure as every admin page writes numbers (Swiss style: a decimal point): a mean
 * always with two decimals ("3.60", as the result card in chat), an NPS as the results give it
 * (at most one decimal).
 */
export function figureWords(kind: 'mean' | 'nps', n: number, lang: Lang): string {
  return kind === 'mean' ? formatMean(n, lang) : formatDecimal(n, lang, 0, 1);
}
