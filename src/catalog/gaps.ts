import type { GapRow } from '../store/catalog-repo.ts';
import { byCodePoint, isStopword, stems, words } from './text.ts';

export interface GapGroup {
  /** the most frequent wording of the group */
  question: string;
  count: number;
  unanswered: number;
  thumbsDown: number;
  questions: string[];
  languages: string[];
  departments: string[];
  bestGuesses: string[];
  firstAt: string;
  lastAt: string;
}

function signature(q: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(q)) if (w.length >= 2 && !isStopword(w)) out.add(stems(w)[0]!);
  return out;
}

function similar(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))].sort();

/**
 * Groups gap questions by similar wording (shared stems, Jaccard >= 0.5 with the group's
 * first question), biggest group first: what the catalog owner should add next.
 */
export function groupGaps(rows: GapRow[]): GapGroup[] {
  const groups: Array<{ sig: Set<string>; rows: GapRow[] }> = [];
  for (const r of rows) {
    const sig = signature(r.question);
    let best: (typeof groups)[number] | null = null;
    let bestSim = 0.5;
    for (const g of groups) {
      const s = similar(sig, g.sig);
      if (s >= bestSim) {
        best = g;
        bestSim = s;
      }
    }
    if (best) best.rows.push(r);
    else groups.push({ sig, rows: [r] });
  }
  return groups
    .map((g) => {
      const freq = new Map<string, number>();
      for (const r of g.rows) freq.set(r.question.trim(), (freq.get(r.question.trim()) ?? 0) + 1);
      const question = [...freq].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]![0];
      return {
        question,
        count: g.rows.length,
        unanswered: g.rows.filter((r) => r.reason === 'unanswered').length,
        thumbsDown: g.rows.filter((r) => r.reason === 'thumbs-down').length,
        questions: [...freq.keys()].sort(),
        languages: uniq(g.rows.map((r) => r.lang)),
        departments: uniq(g.rows.map((r) => r.department)),
        bestGuesses: uniq(g.rows.map((r) => r.best_guess)),
        firstAt: g.rows[0]!.created_at,
        lastAt: g.rows[g.rows.length - 1]!.created_at,
      };
    })
    .sort((a, b) => b.count - a.count || byCodePoint(b.lastAt, a.lastAt) || byCodePoint(a.question, b.question));
}
