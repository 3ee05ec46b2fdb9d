// `npm run fit:catalog`: fits the confidence model (src/catalog/confidence-model.json) on the
// evaluation's catalogs, and prints what it is worth on catalogs it was not fitted on: the sets are
// split into ten groups, and each group is answered by a model fitted on the other nine.
// Run it after any change to the search's figures (confidence.ts refuses a model fitted on other
// features). Options: --dry-run (print the figures, write nothing).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { answerQuestion } from '../../src/catalog/answer.ts';
import { catalogSearch } from '../../src/catalog/search.ts';
import { FEATURES, clamp, probability, type ConfidenceModel } from '../../src/catalog/confidence.ts';
import { fitLogistic, standardise, type Row } from './logistic.ts';
import { evalSets } from './sets.ts';

/** The L2 penalty on the standardised coefficients (a C of 0.3 in the usual notation). */
const PENALTY = 1 / 0.3;
/** Answer from this probability on: at this point the model, on catalogs it was not fitted on, answered more
 *  questions right than the hand-set rule and abstained as often or more (see docs/catalog.md). */
const THRESHOLD = 0.7;
/** as the search: the rule sure and half the question covered answers without the model */
const SURE_COVERAGE = 0.5;
const GROUPS = 10;
/** the most recent rounds: written blind against the search as it was, the nearest to an unseen catalog */
const RECENT = 28;

interface Sample extends Row {
  set: number;
  answerable: boolean;
  /** the first result is an expected entry */
  right: boolean;
  /** the hand-set rule answered */
  rule: boolean;
  /** may be answered at all: not light words alone, no phrase saying it is not IT, no workplace word that is not IT
   *  (unless the rule is sure) */
  worded: boolean;
}

const samples: Sample[] = [];
const sets = evalSets();
sets.forEach(([catalogFile, questionsFile], set) => {
  const dir = mkdtempSync(join(tmpdir(), 'itbot-fit-'));
  const app = createApp({ config: loadConfig({ ...process.env, ITBOT_LANG: 'en' }), db: join(dir, 'fit.db') });
  importCatalog(app, catalogFile);
  const engine = catalogSearch(app.db);
  // (the model is what is being fitted: the search must not read it)
  engine.decide = () => true;
  for (const line of readFileSync(questionsFile, 'utf8').split('\n').filter((l) => l.trim())) {
    const q = JSON.parse(line) as { q: string; expect: string[] | null };
    const { features, confident } = engine.search(q.q);
    const a = answerQuestion(app.db, q.q);
    const right = !!q.expect && !!a.results[0] && q.expect.includes(a.results[0].id);
    const x = features.length ? features : new Array<number>(FEATURES.length).fill(0);
    samples.push({ x, y: right ? 1 : 0, set, answerable: !!q.expect, right, rule: features[FEATURES.indexOf('ruleSure')] === 1, worded: confident });
  }
  app.db.close();
  rmSync(dir, { recursive: true, force: true });
});

// an answerable question whose first result is wrong is missed whether the bot answers or not: it teaches nothing
const usable = (s: Sample) => !s.answerable || s.right;
/** the value below which the given share of the column lies */
const percentile = (xs: number[][], k: number, share: number) => {
  const col = xs.map((x) => x[k]!).sort((a, b) => a - b);
  return col[Math.round(share * (col.length - 1))]!;
};
const fit = (train: Sample[]) => {
  const rows = train.filter(usable);
  const low = FEATURES.map((_, k) => percentile(rows.map((r) => r.x), k, 0.01));
  const high = FEATURES.map((_, k) => percentile(rows.map((r) => r.x), k, 0.99));
  const st = standardise(rows.map((r) => clamp({ low, high }, r.x)));
  const { coef, intercept } = fitLogistic(rows.map((r, i) => ({ x: st.rows[i]!, y: r.y })), PENALTY);
  return { low, high, mean: st.mean, scale: st.scale, coef, intercept };
};
const prob = (m: ReturnType<typeof fit>, x: number[]) => probability({ ...m, features: [...FEATURES], threshold: THRESHOLD }, x);

// each group of sets answered by a model that never saw it
const p = new Array<number>(samples.length).fill(0);
for (let g = 0; g < GROUPS; g++) {
  const m = fit(samples.filter((s) => s.set % GROUPS !== g));
  samples.forEach((s, i) => {
    if (s.set % GROUPS === g) p[i] = prob(m, s.x);
  });
}
const figures = (answered: (s: Sample, i: number) => boolean, from: number) => {
  let ok = 0, n = 0, abst = 0, oos = 0;
  samples.forEach((s, i) => {
    if (s.set < from) return;
    if (s.answerable) {
      n++;
      if (s.right && answered(s, i)) ok++;
    } else {
      oos++;
      if (!answered(s, i)) abst++;
    }
  });
  return `${((100 * ok) / n).toFixed(1)}% / ${((100 * abst) / oos).toFixed(1)}%`;
};
const recent = Math.max(0, sets.length - RECENT);
console.log(`${samples.length} questions over ${sets.length} catalogs; top-1 / correct abstention, each group of catalogs answered by a model fitted without it`);
console.log(`${'answering when'.padEnd(28)}${'all catalogs'.padEnd(18)}the last ${sets.length - recent}`);
console.log(`${'the hand-set rule'.padEnd(28)}${figures((s) => s.rule, 0).padEnd(18)}${figures((s) => s.rule, recent)}`);
for (const t of [0.5, 0.6, 0.65, 0.7, 0.75, 0.8]) {
  const answered = (s: Sample, i: number) => s.worded && ((s.rule && s.x[0]! >= SURE_COVERAGE) || p[i]! >= t);
  console.log(`${`the model, p >= ${t}`.padEnd(28)}${figures(answered, 0).padEnd(18)}${figures(answered, recent)}${t === THRESHOLD ? '  <- used' : ''}`);
}

const m = fit(samples);
const model: ConfidenceModel = {
  about: `Fitted by npm run fit:catalog on ${samples.filter(usable).length} questions of ${sets.length} catalogs (test/catalog); see docs/catalog.md.`,
  features: [...FEATURES],
  low: m.low,
  high: m.high,
  mean: m.mean,
  scale: m.scale,
  coef: m.coef,
  intercept: m.intercept,
  threshold: THRESHOLD,
};
if (!process.argv.includes('--dry-run')) {
  const out = new URL('../../src/catalog/confidence-model.json', import.meta.url);
  const round = (v: number) => Number(v.toPrecision(8));
  writeFileSync(out, JSON.stringify({ ...model, low: model.low.map(round), high: model.high.map(round), mean: model.mean.map(round), scale: model.scale.map(round), coef: model.coef.map(round), intercept: round(model.intercept) }, null, 1) + '\n');
  console.log('written: src/catalog/confidence-model.json');
}
