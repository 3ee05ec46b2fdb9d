import type { Db } from '../store/db.ts';
import type { DocKind, OfficialAnswer, Service } from './model.ts';
import { catalogSearch } from './search.ts';

export interface AnswerResult {
  id: string;
  kind: DocKind;
  /** confidence 0..1: the share of the question this entry covers; never higher than the
   *  score of an entry ranked before it, so the list reads best first by score too */
  score: number;
}

export interface CatalogAnswer {
  question: string;
  answered: boolean;
  /** best first, at most 5, retired services never among them */
  results: AnswerResult[];
  /** the entry to show when answered */
  top: { kind: 'service'; service: Service } | { kind: 'answer'; answer: OfficialAnswer } | null;
  /** the best match was this retired service: `top` is its replacement */
  retired: Service | null;
}

/**
 * Answers a question from the catalog: ranks, drops retired services (their replacement
 * takes their place), and decides whether the bot is sure enough to answer.
 */
export function answerQuestion(db: Db, question: string): CatalogAnswer {
  const engine = catalogSearch(db);
  const { hits, confident } = engine.search(question);
  const results: AnswerResult[] = [];
  const seen = new Set<string>();
  let retired: Service | null = null;
  for (const h of hits) {
    if (results.length >= 5) break;
    let kind = h.kind;
    let id = h.id;
    if (kind === 'service') {
      const s = engine.service(id);
      if (!s) continue;
      if (s.status === 'retired') {
        const next = s.replacedBy ? engine.service(s.replacedBy) : null;
        if (!next || next.status === 'retired') continue;
        if (results.length === 0) retired = s;
        id = next.id;
        kind = 'service';
      }
    }
    const ref = `${kind}:${id}`;
    if (seen.has(ref)) continue;
    seen.add(ref);
    const coverage = Math.round(h.coverage * 1000) / 1000;
    const prev = results[results.length - 1]?.score ?? 1;
    results.push({ id, kind, score: Math.min(coverage, prev) });
  }
  const answered = confident && results.length > 0;
  let top: CatalogAnswer['top'] = null;
  if (answered) {
    const r = results[0]!;
    if (r.kind === 'service') top = { kind: 'service', service: engine.service(r.id)! };
    else top = { kind: 'answer', answer: engine.answer(r.id)! };
  }
  return { question, answered, results, top, retired: answered ? retired : null };
}
