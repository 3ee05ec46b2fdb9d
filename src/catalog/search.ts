import type { Db } from '../store/db.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import type { OfficialAnswer, Service } from './model.ts';
import { buildIndex, type IndexData } from './search-index.ts';
import { editDistance, fold, isStopword, phraseWords, splitCompound, stems, swissToStandard, swissVariants, synonymsOf, typoBudget, words } from './text.ts';

/** One thing the question asks about: alternative terms (stem, synonym, corrected typo) with how sure each is. */
export interface Concept {
  word: string;
  alts: Map<string, number>;
  idf: number;
  /** found in no document, even after correction */
  unknown: boolean;
  /** implied by a phrase ("geht nicht" -> kaputt): helps when it matches, costs nothing when not */
  bonus: boolean;
}

export interface Hit {
  ref: string;
  kind: 'service' | 'answer';
  id: string;
  /** the part of the question this document covers, 0..1 (what the confidence threshold reads) */
  coverage: number;
  score: number;
}

export interface SearchResult {
  concepts: Concept[];
  hits: Hit[];
  /** true when the best hit is good enough to answer with */
  confident: boolean;
}

/** Tuned on the language, not on one catalog: see docs/catalog.md. */
export const THRESHOLD = { coverage: 0.4, strongField: 0.7 };
/** An unknown word weighs this share of the rarest known word: a word we have never seen may be noise. */
const UNKNOWN_WEIGHT = 0.6;

function addAlt(c: Map<string, number>, w: string, weight: number): void {
  for (const t of stems(w)) if ((c.get(t) ?? 0) < weight) c.set(t, weight);
}

function known(idx: IndexData, alts: Map<string, number>): boolean {
  for (const t of alts.keys()) if (idx.df.has(t)) return true;
  return false;
}

/** The closest word of the catalog vocabulary within the typo budget, or null. */
function correct(idx: IndexData, w: string): string | null {
  const budget = typoBudget(w.length);
  if (!budget) return null;
  let best: string | null = null;
  let bestD = budget + 1;
  for (const cand of idx.vocab.get(w[0]!) ?? []) {
    if (Math.abs(cand.length - w.length) > budget) continue;
    const d = editDistance(w, cand, Math.min(budget, bestD));
    if (d < bestD || (d === bestD && best !== null && cand.length === w.length && best.length !== w.length)) {
      bestD = d;
      best = cand;
    }
  }
  return bestD <= budget ? best : null;
}

/** Is this unknown word a stopword with a typo ("nciht", "waht")? Then it carries no meaning. */
function nearStopword(w: string): boolean {
  if (w.length < 4 || w.length > 8) return false;
  for (const s of ['nicht', 'nichts', 'what', 'where', 'which', 'there', 'their', 'please', 'bitte', 'warum', 'wieso', 'welche', 'haben', 'should', 'would', 'could', 'kann', 'können', 'möchte', 'brauche', 'immer', 'wieder', 'einen', 'meine', 'meinen', 'keine', 'kein']) {
    const f = fold(s);
    if (Math.abs(f.length - w.length) <= 1 && editDistance(w, f, 1) <= 1) return true;
  }
  return false;
}

/** Turns a question into concepts, each with its alternatives and weight (inverse document frequency). */
export function analyze(idx: IndexData, question: string): Concept[] {
  const n = Math.max(idx.docs.size, 1);
  const idfOf = (df: number) => Math.log(1 + n / (1 + df));
  const lower = question.toLowerCase();
  const folded = fold(question);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const queue = words(question);
  for (const raw of queue) {
    if (raw.length < 2 || isStopword(raw) || seen.has(raw)) continue;
    seen.add(raw);
    if (/^\d+$/.test(raw) && raw.length < 3) continue;
    const alts = new Map<string, number>();
    const swiss = swissToStandard(raw);
    addAlt(alts, raw, 1);
    if (swiss) for (const w of words(swiss)) if (!isStopword(w)) addAlt(alts, w, 1);
    if (swiss && words(swiss).every(isStopword)) continue;
    // a compound the catalog does not know as a whole: its parts are the concepts
    if (!known(idx, alts) && !swiss) {
      const parts = splitCompound(raw, idx.lexicon);
      if (parts.length) {
        for (const p of parts) if (!seen.has(p) && !isStopword(p)) queue.push(p);
        continue;
      }
    }
    for (const w of [raw, ...(swiss ? words(swiss) : [])]) for (const syn of synonymsOf(w)) addAlt(alts, syn, 0.9);
    if (!known(idx, alts)) {
      for (const v of swissVariants(raw)) {
        addAlt(alts, v, 0.9);
        for (const syn of synonymsOf(v)) addAlt(alts, syn, 0.85);
      }
    }
    if (!known(idx, alts)) {
      const fixed = correct(idx, raw);
      if (fixed) {
        addAlt(alts, fixed, 0.8);
        for (const syn of synonymsOf(fixed)) addAlt(alts, syn, 0.75);
      } else if (nearStopword(raw)) continue;
    }
    let df = 0;
    for (const [t, w] of alts) if (w >= 0.75) df = Math.max(df, idx.df.get(t) ?? 0);
    const unknown = df === 0;
    concepts.push({ word: raw, alts, idf: unknown ? idfOf(1) * UNKNOWN_WEIGHT : idfOf(df), unknown, bonus: false });
  }
  for (const w of phraseWords(lower + ' ' + folded)) {
    if (concepts.some((c) => c.alts.has(stems(w)[0]!))) continue;
    const alts = new Map<string, number>();
    addAlt(alts, w, 1);
    for (const syn of synonymsOf(w)) addAlt(alts, syn, 0.9);
    concepts.push({ word: w, alts, idf: idfOf(3), unknown: false, bonus: true });
  }
  return concepts;
}

/** Scores documents against concepts: the share of the question they cover, and an absolute score for ranking. */
export function rank(idx: IndexData, concepts: Concept[], candidates: Iterable<string>, bm25: Map<string, number> = new Map()): Hit[] {
  let bestBm25 = 0;
  for (const v of bm25.values()) if (v < bestBm25) bestBm25 = v;
  const total = concepts.filter((c) => !c.bonus).reduce((s, c) => s + c.idf, 0);
  const hits: Hit[] = [];
  for (const ref of candidates) {
    const doc = idx.docs.get(ref);
    if (!doc) continue;
    let matched = 0;
    let bonus = 0;
    let strong = false;
    for (const c of concepts) {
      let best = 0;
      for (const [t, a] of c.alts) {
        const f = doc.terms.get(t);
        if (f !== undefined && f * a > best) best = f * a;
      }
      if (best >= THRESHOLD.strongField * 0.8 && !c.unknown) strong = true;
      if (c.bonus) bonus += c.idf * best * 0.5;
      else matched += c.idf * best;
    }
    if (matched + bonus === 0) continue;
    const coverage = total > 0 ? matched / total : 0;
    hits.push({ ref, kind: doc.kind, id: doc.id, coverage: strong ? coverage : coverage * 0.5, score: matched + bonus + 0.3 * (bestBm25 < 0 ? (bm25.get(ref) ?? 0) / bestBm25 : 0) });
  }
  hits.sort((a, b) => b.score - a.score || b.coverage - a.coverage || a.ref.localeCompare(b.ref));
  return hits;
}

/** Catalog search over one database: the FTS5 index finds candidates, the in-memory terms rank them. */
export class CatalogSearch {
  readonly repo: CatalogRepo;
  private idx: IndexData | null = null;
  private version = -1;
  private services = new Map<string, Service>();
  private answers = new Map<string, OfficialAnswer>();

  constructor(db: Db) {
    this.repo = new CatalogRepo(db);
  }

  /** The current index, rebuilt when another process (or an import) changed the catalog. */
  index(): IndexData {
    const v = this.repo.version();
    if (!this.idx || v !== this.version) {
      const services = this.repo.services();
      const answers = this.repo.answers();
      this.idx = buildIndex(services, answers);
      this.services = new Map(services.map((s) => [s.id, s]));
      this.answers = new Map(answers.map((a) => [a.id, a]));
      this.version = v;
    }
    return this.idx;
  }

  service(id: string): Service | null {
    this.index();
    return this.services.get(id) ?? null;
  }

  answer(id: string): OfficialAnswer | null {
    this.index();
    return this.answers.get(id) ?? null;
  }

  allServices(): Service[] {
    this.index();
    return [...this.services.values()];
  }

  search(question: string, limit = 40): SearchResult {
    const idx = this.index();
    const concepts = analyze(idx, question);
    if (!concepts.length) return { concepts, hits: [], confident: false };
    const terms = concepts.flatMap((c) => [...c.alts.keys()]);
    const found = this.repo.candidates(terms, limit);
    const hits = rank(idx, concepts, found.map((r) => r.doc), new Map(found.map((r) => [r.doc, r.rank])));
    const top = hits[0];
    const confident = !!top && top.coverage >= THRESHOLD.coverage;
    return { concepts, hits, confident };
  }

  /** The plain FTS5 bm25 baseline over the same catalog (for the evaluation). */
  baseline(question: string): Array<{ ref: string; rank: number }> {
    this.index();
    const ws = fold(question).split(/[^a-z0-9]+/).filter((w) => w.length >= 2);
    return this.repo.plainSearch(ws, 5).map((r) => ({ ref: r.doc, rank: r.rank }));
  }
}

const engines = new WeakMap<Db, CatalogSearch>();

/** The search engine of a database (one per process and database). */
export function catalogSearch(db: Db): CatalogSearch {
  let e = engines.get(db);
  if (!e) engines.set(db, (e = new CatalogSearch(db)));
  return e;
}
