import type { Db } from '../store/db.ts';
import type { DocKind, OfficialAnswer, Service } from './model.ts';
import { catalogSearch, sureOf } from './search.ts';

interface AnswerResult {
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
  /** the best match was this retired service and nothing in the catalog is named to replace it (no
   *  `replacedBy`, no entry named in its description):
   *  the bot says so, and answers with the next entry only if that one is good enough on its own */
  gone: Service | null;
}

/** The closest entries a "not sure" reply offers as buttons: at most three, each scoring at least 0.15. */
export function closestOffers(a: CatalogAnswer): AnswerResult[] {
  return a.results.filter((r) => r.score >= 0.15).slice(0, 3);
}

/**
 * Answers a question from the catalog: ranks, drops retired services (their `replacedBy` takes
 * their place, else an official answer about them; a retired service with neither makes the bot
 * say so, and answer with the next entry only if that one is sure on its own), and decides
 * whether the bot is sure enough to answer.
 */
export function answerQuestion(db: Db, question: string): CatalogAnswer {
  const engine = catalogSearch(db);
  const { hits, confident } = engine.search(question);
  let firstKept: (typeof hits)[number] | null = null;
  const results: AnswerResult[] = [];
  const seen = new Set<string>();
  let retired: Service | null = null;
  let gone: Service | null = null;
  /** the first result is the official answer about the retired service that ranked first */
  let aboutGone = false;
  const nextService = (after: (typeof hits)[number]) => hits.slice(hits.indexOf(after) + 1).find((x) => x.kind === 'service' && engine.service(x.id)?.status !== 'retired')?.id;
  const answerAbout = (s: Service) => hits.find((x) => x.kind === 'answer' && engine.answer(x.id)?.services.includes(s.id));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  for (const h of hits) {
    if (results.length >= 5) break;
    let kind = h.kind;
    let id = h.id;
    if (kind === 'service') {
      const s = engine.service(id);
      if (!s) continue;
      if (s.status === 'retired') {
        // the catalog's own word on it: replacedBy; else an official answer about it, if it ranks too; else the
        // entry its description says replaces it, or one it names that is also the next best match
        const about = answerAbout(s);
        // (a name the description says replaces it counts as the catalog's word when the question names the retired
        // service; otherwise, and for a name merely mentioned, it must also be the next best match)
        const named = s.replacedBy || !about ? engine.successor(s) : null;
        const next = named && (s.replacedBy || (named.said && h.named) || nextService(h) === named.service.id) ? named.service : null;
        if (!next) {
          if (results.length === 0 && !gone) {
            gone = s;
            if (about) {
              firstKept = about;
              seen.add(`answer:${about.id}`);
              results.push({ id: about.id, kind: 'answer', score: round(h.coverage) });
              aboutGone = true;
            }
          }
          continue;
        }
        if (results.length === 0) retired = s;
        id = next.id;
        kind = 'service';
      }
    }
    const ref = `${kind}:${id}`;
    if (seen.has(ref)) continue;
    firstKept ??= h;
    seen.add(ref);
    const prev = results[results.length - 1]?.score ?? 1;
    results.push({ id, kind, score: Math.min(round(h.coverage), prev) });
  }
  // (after a retired service nothing replaces, the confidence was about that one: the next entry must be sure on its own)
  const answered = results.length > 0 && (gone && !aboutGone ? !!firstKept && sureOf(firstKept) : confident);
  let top: CatalogAnswer['top'] = null;
  if (answered) {
    const r = results[0]!;
    if (r.kind === 'service') top = { kind: 'service', service: engine.service(r.id)! };
    else top = { kind: 'answer', answer: engine.answer(r.id)! };
  }
  return { question, answered, results, top, retired: answered ? retired : null, gone: aboutGone ? null : gone };
}
