import { describe, expect, it } from 'vitest';
import { FEATURES, checkModel, clamp, confidenceModel, expand, probability, type ConfidenceModel } from '../../src/catalog/confidence.ts';
import { fitLogistic, solveSpd, standardise } from './logistic.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { answerQuestion } from '../../src/catalog/answer.ts';
import { catalogSearch } from '../../src/catalog/search.ts';

/** a fixed sequence of numbers in [0, 1): the same data on every run */
function numbers(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

describe('the logistic regression that fits the confidence model', () => {
  it('solves a symmetric positive definite system', () => {
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = solveSpd(a, Float64Array.from([8, 13, 5]), 3);
    // 4x+2y=8, 2x+5y+z=13, y+3z=5 -> x=1, y=2, z=1
    expect(x[0]).toBeCloseTo(1, 9);
    expect(x[1]).toBeCloseTo(2, 9);
    expect(x[2]).toBeCloseTo(1, 9);
  });

  it('recovers the coefficients the data was drawn from', () => {
    const r = numbers(7);
    const rows = Array.from({ length: 20000 }, () => {
      const x = [r() * 4 - 2, r() * 4 - 2];
      const p = 1 / (1 + Math.exp(-(0.5 + 1.5 * x[0]! - 2 * x[1]!)));
      return { x, y: (r() < p ? 1 : 0) as 0 | 1 };
    });
    const { coef, intercept } = fitLogistic(rows, 0.001);
    expect(intercept).toBeCloseTo(0.5, 0);
    expect(Math.abs(coef[0]! - 1.5)).toBeLessThan(0.15);
    expect(Math.abs(coef[1]! + 2)).toBeLessThan(0.15);
  });

  it('shrinks the coefficients as the penalty grows', () => {
    const r = numbers(11);
    const rows = Array.from({ length: 2000 }, () => {
      const x = [r() * 2 - 1];
      return { x, y: (r() < 1 / (1 + Math.exp(-3 * x[0]!)) ? 1 : 0) as 0 | 1 };
    });
    const free = fitLogistic(rows, 0.001).coef[0]!;
    const held = fitLogistic(rows, 1000).coef[0]!;
    expect(free).toBeGreaterThan(2);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(free / 2);
  });

  it('expands features to themselves and their pairwise products, and standardises each term', () => {
    expect(expand([2, 3])).toEqual([2, 3, 4, 6, 9]);
    const st = standardise([[1, 0], [3, 0]]);
    expect(st.mean).toEqual([2, 0, 5, 0, 0]);
    // (a term that never varies keeps a scale of 1)
    expect(st.scale).toEqual([1, 1, 4, 1, 1]);
    expect(st.rows[0]).toEqual([-1, 0, -1, 0, 0]);
    expect(standardise([[5, 0]], st).rows[0]).toEqual([3, 0, 5, 0, 0]);
  });
});

describe('the confidence model file', () => {
  const terms = FEATURES.length + (FEATURES.length * (FEATURES.length + 1)) / 2;
  const valid = (): ConfidenceModel => ({ features: [...FEATURES], low: new Array(FEATURES.length).fill(-1e9), high: new Array(FEATURES.length).fill(1e9), mean: new Array(terms).fill(0), scale: new Array(terms).fill(1), coef: new Array(terms).fill(0), intercept: 0, threshold: 0.7 });

  it('is the one the search computes its features for', () => {
    const m = confidenceModel();
    expect(m.features).toEqual([...FEATURES]);
    expect(m.coef).toHaveLength(terms);
    expect(m.threshold).toBeGreaterThan(0);
    expect(m.threshold).toBeLessThan(1);
  });

  it('is refused when it was fitted on other features or is incomplete', () => {
    expect(() => checkModel({ ...valid(), features: FEATURES.slice(1) }, 'm.json')).toThrow(/m\.json: the model was fitted on other features.*npm run fit:catalog/);
    expect(() => checkModel({ ...valid(), coef: [1, 2] }, 'm.json')).toThrow(`m.json: coef must be ${terms} numbers`);
    expect(() => checkModel({ ...valid(), scale: new Array(terms).fill(0) }, 'm.json')).toThrow('m.json: scale must be positive');
    expect(() => checkModel({ ...valid(), threshold: 1.5 }, 'm.json')).toThrow(/threshold out of range/);
    expect(checkModel(valid(), 'm.json').threshold).toBe(0.7);
  });

  it('reads its coefficients on the standardised terms', () => {
    const m = valid();
    // only the first feature counts, standardised around 0.5 with a scale of 0.25
    m.coef[0] = 2;
    m.mean[0] = 0.5;
    m.scale[0] = 0.25;
    const x = (v: number) => [v, ...new Array(FEATURES.length - 1).fill(0)];
    expect(probability(m, x(0.5))).toBeCloseTo(0.5, 9);
    expect(probability(m, x(0.75))).toBeCloseTo(1 / (1 + Math.exp(-2)), 9);
    expect(probability(m, x(0.25))).toBeLessThan(0.5);
  });

  it('holds each feature within the range it was fitted on', () => {
    const m = valid();
    m.coef[0] = 2;
    m.high[0] = 1;
    m.low[0] = -1;
    const x = (v: number) => [v, ...new Array(FEATURES.length - 1).fill(0)];
    expect(clamp(m, x(50))[0]).toBe(1);
    expect(probability(m, x(50))).toBeCloseTo(probability(m, x(1)), 12);
    expect(probability(m, x(-50))).toBeCloseTo(probability(m, x(-1)), 12);
    expect(() => checkModel({ ...valid(), low: [0] }, 'm.json')).toThrow(`m.json: low must be ${FEATURES.length} numbers`);
  });
});

describe('the model deciding in the search', () => {
  it('on a catalog written blind, answers more questions right than the hand-set rule and abstains at least as often', () => {
    const app = testApp();
    try {
      const dir = new URL('./ninetyseventh/', import.meta.url);
      importCatalog(app, fileURLToPath(new URL('catalog.yaml', dir)));
      const questions = readFileSync(new URL('questions.jsonl', dir), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { q: string; expect: string[] | null });
      const engine = catalogSearch(app.db);
      const tally = () => {
        let right = 0, abstained = 0;
        for (const q of questions) {
          const a = answerQuestion(app.db, q.q);
          if (q.expect && a.answered && q.expect.includes(a.results[0]!.id)) right++;
          if (!q.expect && !a.answered) abstained++;
        }
        return { right, abstained };
      };
      const model = tally();
      // the rule alone: what the search answered before the model
      engine.decide = (x) => x[FEATURES.indexOf('ruleSure')] === 1;
      const rule = tally();
      engine.decide = null;
      expect(model.right).toBeGreaterThan(rule.right + 3);
      expect(model.abstained).toBeGreaterThanOrEqual(rule.abstained);
      // (and the model file is what decides: with no answer allowed, only what the rule is sure of is answered)
      engine.decide = () => false;
      expect(tally().right).toBeLessThan(model.right);
    } finally {
      catalogSearch(app.db).decide = null;
      app.cleanup();
    }
  });
});
