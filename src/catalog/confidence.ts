// The confidence model: whether the best entry is good enough to answer with, as a probability.
// A logistic regression over the features below and their pairwise products, fitted by
// `npm run fit:catalog` on the evaluation's catalogs (test/catalog/fit-confidence.ts, which also
// prints the figures measured leaving each group of catalogs out). The features are the search's own
// figures, never words of one catalog: see docs/catalog.md, "The confidence model".
import { readFileSync } from 'node:fs';

/** What the model reads of one hit. */
interface HitFigures {
  coverage: number;
  head: number;
  unknown: number;
  matched: number;
  named: boolean;
  score: number;
}

/** What the model reads of the question's concepts. */
interface ConceptFigures {
  idf: number;
  unknown: boolean;
  bonus: boolean;
  light?: boolean;
}

/** The features in the order the model file names them. */
export const FEATURES = [
  'coverage1', 'head1', 'unknown1', 'matched1', 'named1', 'score1',
  'coverage2', 'head2', 'score2', 'score3',
  'scoreGap', 'scoreRatio', 'coverageGap',
  'concepts', 'bonusConcepts', 'unknownConcepts', 'lightConcepts', 'idfTotal', 'words', 'ruleSure',
] as const;

export interface ConfidenceModel {
  /** what the file is and how it was made */
  about?: string;
  features: string[];
  /** each feature is held within what the fitting saw (its 1st and 99th percentile): a catalog much smaller or
   *  larger than those fitted on must not carry the products of the features far out of their range */
  low: number[];
  high: number[];
  /** of each expanded term (the features, then their products in order i <= j): for standardising */
  mean: number[];
  scale: number[];
  coef: number[];
  intercept: number;
  /** answer when the probability is at least this */
  threshold: number;
}

export function confidenceFeatures(hits: readonly HitFigures[], concepts: readonly ConceptFigures[], question: string, ruleSure: boolean): number[] {
  const zero: HitFigures = { coverage: 0, head: 0, unknown: 0, matched: 0, named: false, score: 0 };
  const [h1, h2, h3] = [hits[0] ?? zero, hits[1] ?? zero, hits[2] ?? zero];
  const main = concepts.filter((c) => !c.bonus);
  return [
    h1.coverage, h1.head, h1.unknown, h1.matched, h1.named ? 1 : 0, h1.score,
    h2.coverage, h2.head, h2.score, h3.score,
    h1.score - h2.score, h1.score / (h2.score + 1e-3), h1.coverage - h2.coverage,
    main.length, concepts.length - main.length, concepts.filter((c) => c.unknown).length, concepts.filter((c) => c.light).length,
    main.reduce((s, c) => s + c.idf, 0), question.split(/\s+/).length, ruleSure ? 1 : 0,
  ];
}

/** The features and their pairwise products (i <= j), in the order the model's coefficients have. */
export function expand(x: readonly number[]): number[] {
  const out = [...x];
  for (let i = 0; i < x.length; i++) for (let j = i; j < x.length; j++) out.push(x[i]! * x[j]!);
  return out;
}

/** The features held within the model's range. */
export function clamp(model: Pick<ConfidenceModel, 'low' | 'high'>, x: readonly number[]): number[] {
  return x.map((v, k) => Math.min(Math.max(v, model.low[k]!), model.high[k]!));
}

export function probability(model: ConfidenceModel, x: readonly number[]): number {
  const e = expand(clamp(model, x));
  let z = model.intercept;
  for (let k = 0; k < e.length; k++) z += model.coef[k]! * ((e[k]! - model.mean[k]!) / model.scale[k]!);
  return 1 / (1 + Math.exp(-z));
}

/** Checks a model file: the features this code computes, and one coefficient per expanded term. */
export function checkModel(m: ConfidenceModel, file: string): ConfidenceModel {
  const n = FEATURES.length;
  const terms = n + (n * (n + 1)) / 2;
  if (m.features.join(',') !== FEATURES.join(',')) throw new Error(`${file}: the model was fitted on other features than the search computes; run npm run fit:catalog`);
  for (const k of ['mean', 'scale', 'coef'] as const) {
    if (!Array.isArray(m[k]) || m[k].length !== terms || m[k].some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`${file}: ${k} must be ${terms} numbers`);
  }
  for (const k of ['low', 'high'] as const) {
    if (!Array.isArray(m[k]) || m[k].length !== n || m[k].some((v) => typeof v !== 'number' || !Number.isFinite(v))) throw new Error(`${file}: ${k} must be ${n} numbers`);
  }
  if (m.scale.some((v) => v <= 0)) throw new Error(`${file}: scale must be positive`);
  if (!Number.isFinite(m.intercept) || !(m.threshold > 0 && m.threshold < 1)) throw new Error(`${file}: intercept or threshold out of range`);
  return m;
}

const MODEL_FILE = new URL('./confidence-model.json', import.meta.url);
let loaded: ConfidenceModel | null = null;

/** The model the search uses, read at the first question. */
export function confidenceModel(): ConfidenceModel {
  loaded ??= checkModel(JSON.parse(readFileSync(MODEL_FILE, 'utf8')) as ConfidenceModel, 'src/catalog/confidence-model.json');
  return loaded;
}

/** Is the model sure enough to answer, by the model file's threshold? */
export function modelSure(x: readonly number[]): boolean {
  const m = confidenceModel();
  return probability(m, x) >= m.threshold;
}
