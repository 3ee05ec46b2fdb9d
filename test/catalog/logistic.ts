// Logistic regression with an L2 penalty, fitted by Newton's method: what fits the catalog's
// confidence model (fit-confidence.ts). Small and exact: a few hundred terms, some ten thousand rows.
import { expand } from '../../src/catalog/confidence.ts';

export interface Row {
  x: number[];
  y: 0 | 1;
}

/** Expands each row to its features and their pairwise products, then standardises every term
 *  (by the given mean and scale, or by the rows' own). */
export function standardise(raw: number[][], by?: { mean: number[]; scale: number[] }): { rows: number[][]; mean: number[]; scale: number[] } {
  const ex = raw.map(expand);
  const d = ex[0]?.length ?? 0;
  let mean = by?.mean;
  let scale = by?.scale;
  if (!mean || !scale) {
    mean = new Array<number>(d).fill(0);
    scale = new Array<number>(d).fill(0);
    for (const r of ex) for (let k = 0; k < d; k++) mean[k]! += r[k]! / ex.length;
    for (const r of ex) for (let k = 0; k < d; k++) scale[k]! += (r[k]! - mean[k]!) ** 2 / ex.length;
    // (a term that never varies stays as it is)
    scale = scale.map((v) => (v > 1e-12 ? Math.sqrt(v) : 1));
  }
  const m = mean, s = scale;
  return { rows: ex.map((r) => r.map((v, k) => (v - m[k]!) / s[k]!)), mean: m, scale: s };
}

/**
 * Minimises the sum of the log losses plus penalty / 2 times the squared coefficients (the
 * intercept is not penalised), by Newton steps until they change nothing.
 */
export function fitLogistic(rows: Row[], penalty: number, maxSteps = 50): { coef: number[]; intercept: number } {
  const d = rows[0]?.x.length ?? 0;
  // w[0] is the intercept
  const w = new Array<number>(d + 1).fill(0);
  for (let step = 0; step < maxSteps; step++) {
    const g = new Float64Array(d + 1);
    const h = new Float64Array((d + 1) * (d + 1));
    const v = new Float64Array(d + 1);
    for (const r of rows) {
      v[0] = 1;
      for (let k = 0; k < d; k++) v[k + 1] = r.x[k]!;
      let z = 0;
      for (let k = 0; k <= d; k++) z += w[k]! * v[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const s = p * (1 - p);
      for (let a = 0; a <= d; a++) {
        const va = v[a]!;
        g[a] += (p - r.y) * va;
        if (va === 0) continue;
        const sa = s * va;
        const row = a * (d + 1);
        for (let b = a; b <= d; b++) h[row + b] += sa * v[b]!;
      }
    }
    for (let a = 1; a <= d; a++) {
      g[a] += penalty * w[a]!;
      h[a * (d + 1) + a] += penalty;
    }
    for (let a = 0; a <= d; a++) for (let b = 0; b < a; b++) h[a * (d + 1) + b] = h[b * (d + 1) + a]!;
    const step_ = solveSpd(h, g, d + 1);
    let change = 0;
    for (let k = 0; k <= d; k++) {
      w[k]! -= step_[k]!;
      change = Math.max(change, Math.abs(step_[k]!));
    }
    if (change < 1e-8) break;
  }
  return { intercept: w[0]!, coef: w.slice(1) };
}

/** Solves A x = b for a symmetric positive definite A (row-major n x n) by Cholesky. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        // (a tiny ridge keeps a term that is all zero in these rows solvable)
        l[i * n + i] = Math.sqrt(Math.max(sum, 1e-12));
      } else l[i * n + j] = sum / l[j * n + j]!;
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * y[k]!;
    y[i] = sum / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}
