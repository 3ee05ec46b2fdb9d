import { stringify } from 'csv-stringify/sync';
import type { App } from '../app-types.ts';
import { SurveyRepo, storedValues } from '../store/survey-repo.ts';
import { SurveyResultsRepo } from '../store/survey-results-repo.ts';
import { surveyResultsByWave, type GroupResult, type ResultsOptions } from './results.ts';
import { neutraliseFormulaCell } from '../files/csv-formula.ts';

const EXPORT_COLUMNS = ['wave', 'respondent', 'department', 'question', 'type', 'value', 'count'];

function toCsv(rows: string[][]): string {
  return stringify([EXPORT_COLUMNS, ...rows.map((row) => row.map(neutraliseFormulaCell))]);
}

/**
 * `itbot survey export ID --format csv`, with the anonymity rules:
 * - named: one row per answer with the person (no timestamps: not needed to read results),
 *   except for the questions the wave's results withhold (fewer than minGroupSize answers);
 * - confidential and anonymous: counts per wave, department, question and value, and the
 *   comments as rows of count 1, sorted by text; no person, no time, no order of arrival.
 *   A wave below minGroupSize is left out; a department whose figure of a question the
 *   wave's results withhold (too small, or withheld so that a smaller one cannot be worked
 *   out) is exported under an empty department, together with the people without one.
 * Cells that a spreadsheet would read as a formula (a comment "=HYPERLINK(...)") get a `'` in
 * front (src/files/csv-formula.ts).
 */
export function exportCsv(app: App, surveyId: string, opts: ResultsOptions = {}): string {
  const results = surveyResultsByWave(app, surveyId, opts); // throws not_found
  const res = results.all;
  const repo = new SurveyRepo(app.db);
  const def = repo.get(surveyId)!.def;
  const runs = repo.runs(surveyId);
  const rows: string[][] = [];
  const types = new Map(def.questions.map((q) => [q.id, q.type]));
  const shown = (g: GroupResult | undefined) => !!g && !g.withheld;
  if (def.anonymity === 'named') {
    const okRuns = runs.filter((r) => shown(res.waves.find((w) => w.runKey === r.run_key)));
    // a question the wave's results withhold (too few answers) is left out here too
    const withheld = new Set(okRuns.flatMap((r) => res.waves.find((w) => w.runKey === r.run_key)!.questions.filter((q) => q.withheld).map((q) => `${r.id}:${q.id}`)));
    for (const a of new SurveyResultsRepo(app.db).namedAnswers(okRuns.map((r) => r.id))) {
      if (withheld.has(`${a.run_id}:${a.question_id}`)) continue;
      const run = okRuns.find((r) => r.id === a.run_id)!;
      const value = types.get(a.question_id) === 'multi' ? storedValues('multi', a.value).join(';') : a.value;
      rows.push([run.run_key, a.email, a.department ?? '', a.question_id, types.get(a.question_id) ?? '', value, '1']);
    }
    return toCsv(rows);
  }
  for (const run of runs) {
    const wave = res.waves.find((w) => w.runKey === run.run_key);
    if (!shown(wave)) continue;
    const one = results.wave(run.id)!;
    // per department where the wave's results show it, the rest under '': the rule makes sure
    // the rest (withheld departments and people without one) is never a group below the minimum
    const parts: Array<[string, GroupResult]> = one.departments.filter((d) => !d.withheld).map((d) => [d.department, d]);
    const restOf = (qid: string, value: string, total: number) =>
      total - parts.reduce((s, [, g]) => s + (g.questions.find((q) => q.id === qid)?.distribution?.[value] ?? 0), 0);
    for (const q of one.questions) {
      if (q.withheld) continue;
      if (q.comments) {
        for (const c of q.comments) rows.push([run.run_key, '', '', q.id, q.type, c, '1']);
        continue;
      }
      for (const [value, total] of Object.entries(q.distribution ?? {})) {
        for (const [dept, g] of parts) {
          const n = g.questions.find((x) => x.id === q.id)?.distribution?.[value] ?? 0; // null where withheld
          if (n > 0) rows.push([run.run_key, '', dept, q.id, q.type, value, String(n)]);
        }
        const rest = restOf(q.id, value, total);
        if (rest > 0) rows.push([run.run_key, '', '', q.id, q.type, value, String(rest)]);
      }
    }
  }
  return toCsv(rows);
}
