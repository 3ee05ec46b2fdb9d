import type Database from 'better-sqlite3';
import { fold } from '../chat/normalize.ts';
import { cachedStatement, type Db } from './db.ts';
import type { Catalog, OfficialAnswer, Service } from '../catalog/model.ts';

/** One document of the search index: processed terms (catalog_fts) or the text as written (catalog_fts_plain). */
export interface IndexRow {
  doc: string;
  name: string;
  keywords: string;
  summary: string;
  body: string;
}

export interface GapRow {
  id: number;
  question: string;
  lang: 'de' | 'en';
  reason: 'unanswered' | 'thumbs-down';
  best_guess: string | null;
  department: string | null;
  created_at: string;
}

/** A service matches a search when its id, a name, a category or its owner's name or e-mail contains the folded query. */
const SEARCH_SERVICES = `(@q = '' OR instr(fold(id), @q) > 0
  OR instr(fold(json_extract(data, '$.name.de')), @q) > 0 OR instr(fold(json_extract(data, '$.name.en')), @q) > 0
  OR instr(fold(category_de), @q) > 0 OR instr(fold(category_en), @q) > 0
  OR instr(fold(json_extract(data, '$.owner.name')), @q) > 0 OR instr(fold(json_extract(data, '$.owner.email')), @q) > 0)`;

/** Column weights for bm25: doc (unindexed), name, keywords, summary, body. */
const BM25_PLAIN = 'bm25(catalog_fts_plain, 0, 10, 8, 4, 1.5)';

/**
 * Bumped whenever this process rewrites the catalog index: lets the search skip re-reading the
 * version within one synchronous stretch of work unless this process itself wrote in between.
 */
let localCatalogWrites = 0;
export function catalogWrites(): number {
  return localCatalogWrites;
}

/** All SQL of the catalog: services, official answers, search indexes, gaps and votes. */
export class CatalogRepo {

  constructor(private readonly db: Db) {}

  /** statements prepared once per database (these run on every turn) */
  private st(sql: string): Database.Statement {
    return cachedStatement(this.db, sql);
  }

  /** asked several times per question (every index() call), so it must be cheap */
  version(): number {
    return (this.st("SELECT value FROM catalog_state WHERE key = 'version'").get() as { value: number } | undefined)?.value ?? 0;
  }

  services(): Service[] {
    return (this.db.prepare('SELECT data FROM catalog_services ORDER BY id').all() as Array<{ data: string }>).map((r) => JSON.parse(r.data) as Service);
  }

  /**
   * A page of the services (by id, numbers in it by value: `svc-2` before `svc-10`), those whose id, name, category or owner contains the query
   * (case and accents folded, as the people search folds them): how many the catalog has, how many
   * match, the page shown (`page` when it exists, else the last one) and its services. The catalog
   * and its matches are counted in one pass.
   */
  searchServices(query: string, pageSize: number, page: number): { all: number; total: number; page: number; services: Service[] } {
    const q = fold(query);
    const counts = cachedStatement(this.db, `SELECT count(*) AS n, count(*) FILTER (WHERE ${SEARCH_SERVICES}) AS matching FROM catalog_services`).get({ q }) as { n: number; matching: number };
    const shown = Math.min(Math.max(1, page), Math.max(1, Math.ceil(counts.matching / pageSize)));
    const rows = cachedStatement(this.db, `SELECT data FROM catalog_services WHERE ${SEARCH_SERVICES} ORDER BY natural_key(id), id LIMIT @limit OFFSET @offset`).all({ q, limit: pageSize, offset: (shown - 1) * pageSize }) as Array<{ data: string }>;
    return { all: counts.n, total: counts.matching, page: shown, services: rows.map((r) => JSON.parse(r.data) as Service) };
  }

  answers(): OfficialAnswer[] {
    return (this.db.prepare('SELECT data FROM catalog_answers ORDER BY id').all() as Array<{ data: string }>).map((r) => JSON.parse(r.data) as OfficialAnswer);
  }

  service(id: string): Service | null {
    const r = this.db.prepare('SELECT data FROM catalog_services WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as Service) : null;
  }

  answer(id: string): OfficialAnswer | null {
    const r = this.db.prepare('SELECT data FROM catalog_answers WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? (JSON.parse(r.data) as OfficialAnswer) : null;
  }

  serviceIds(): Set<string> {
    return new Set((this.db.prepare('SELECT id FROM catalog_services').all() as Array<{ id: string }>).map((r) => r.id));
  }

  counts(): { services: number; answers: number } {
    const s = this.db.prepare('SELECT count(*) AS n FROM catalog_services').get() as { n: number };
    const a = this.db.prepare('SELECT count(*) AS n FROM catalog_answers').get() as { n: number };
    return { services: s.n, answers: a.n };
  }

  /** Writes the catalog (call inside a transaction). `replace`: entries not in it are deleted. */
  write(catalog: Catalog, opts: { replace: boolean; replaceAnswers: boolean; now: string }): { services: number; answers: number; deleted: number } {
    const upS = this.db.prepare(
      `INSERT INTO catalog_services (id, status, category_de, category_en, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, category_de = excluded.category_de, category_en = excluded.category_en,
         data = excluded.data, updated_at = excluded.updated_at`,
    );
    const upA = this.db.prepare(
      'INSERT INTO catalog_answers (id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
    );
    let deleted = 0;
    if (opts.replace) {
      const keep = JSON.stringify(catalog.services.map((s) => s.id));
      deleted += this.db.prepare('DELETE FROM catalog_services WHERE id NOT IN (SELECT value FROM json_each(?))').run(keep).changes;
    }
    if (opts.replaceAnswers) {
      const keep = JSON.stringify(catalog.answers.map((a) => a.id));
      deleted += this.db.prepare('DELETE FROM catalog_answers WHERE id NOT IN (SELECT value FROM json_each(?))').run(keep).changes;
    }
    for (const s of catalog.services) upS.run(s.id, s.status, s.category?.de ?? null, s.category?.en ?? null, JSON.stringify(s), opts.now);
    for (const a of catalog.answers) upA.run(a.id, JSON.stringify(a), opts.now);
    return { services: catalog.services.length, answers: catalog.answers.length, deleted };
  }

  /** Replaces both search indexes and bumps the version (inside the import transaction). */
  reindex(processed: IndexRow[], plain: IndexRow[]): void {
    // (emptied by making them anew as the migration made them: a DELETE takes every row out of the
    // index one at a time, seconds for 100,000 services; the vocabulary table reads catalog_fts by name)
    for (const table of ['catalog_fts', 'catalog_fts_plain']) {
      const { sql } = this.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
      this.db.exec(`DROP TABLE ${table}`);
      this.db.exec(sql);
    }
    const ins = this.db.prepare('INSERT INTO catalog_fts (doc, name, keywords, summary, body) VALUES (@doc, @name, @keywords, @summary, @body)');
    const insP = this.db.prepare('INSERT INTO catalog_fts_plain (doc, name, keywords, summary, body) VALUES (@doc, @name, @keywords, @summary, @body)');
    for (const r of processed) ins.run(r);
    for (const r of plain) insP.run(r);
    this.db.prepare("UPDATE catalog_state SET value = value + 1 WHERE key = 'version'").run();
    localCatalogWrites++;
  }

  /**
   * Terms of the processed FTS5 index that start with `prefix` (a-z0-9 only), most
   * frequent first: for words typed half. Empty when the vocabulary table is missing.
   */
  termsWithPrefix(prefix: string, limit: number): string[] {
    if (!/^[a-z0-9]+$/.test(prefix)) return [];
    try {
      return (this
        .st("SELECT term FROM catalog_fts_terms WHERE term > ? AND term < ? ORDER BY doc DESC LIMIT ?")
        .all(prefix, prefix + '{', limit) as Array<{ term: string }>).map((r) => r.term);
    } catch {
      return [];
    }
  }

  /** The baseline: the words of the question as plain FTS5 terms, OR-ed, ranked by bm25. */
  plainSearch(words: string[], limit: number): Array<{ doc: string; rank: number }> {
    const safe = [...new Set(words.filter((w) => w.length > 0).map((w) => w.replace(/"/g, '')))].filter(Boolean);
    if (!safe.length) return [];
    const match = safe.map((t) => `"${t}"`).join(' OR ');
    return this.db.prepare(`SELECT doc, ${BM25_PLAIN} AS rank FROM catalog_fts_plain WHERE catalog_fts_plain MATCH ? ORDER BY rank LIMIT ?`).all(match, limit) as Array<{ doc: string; rank: number }>;
  }

  logGap(g: Omit<GapRow, 'id'>): number {
    return Number(
      this
        .st('INSERT INTO catalog_gaps (question, lang, reason, best_guess, department, created_at) VALUES (@question, @lang, @reason, @best_guess, @department, @created_at)')
        .run(g).lastInsertRowid,
    );
  }

  /** Gaps from `since` on, oldest first; with `newest`, only that many of the latest (still oldest first). */
  gaps(opts: { since?: string; newest?: number } = {}): GapRow[] {
    if (opts.newest === undefined)
      return this.db.prepare('SELECT * FROM catalog_gaps WHERE created_at >= ? ORDER BY created_at, id').all(opts.since ?? '') as GapRow[];
    return this.db
      .prepare('SELECT * FROM (SELECT * FROM catalog_gaps WHERE created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at, id')
      .all(opts.since ?? '', opts.newest) as GapRow[];
  }

  gapCount(opts: { since?: string } = {}): number {
    return (this.db.prepare('SELECT count(*) AS n FROM catalog_gaps WHERE created_at >= ?').get(opts.since ?? '') as { n: number }).n;
  }

  /** Counts one question that reached the catalog in chat, in its hour (no text, no person). */
  countQuestion(at: Date): void {
    this.st('INSERT INTO catalog_questions (hour, asked) VALUES (?, 1) ON CONFLICT(hour) DO UPDATE SET asked = asked + 1').run(at.toISOString().slice(0, 13));
  }

  /** How many questions reached the catalog from the hour of `since` on (all kept, without it). */
  questionsAsked(opts: { since?: string } = {}): number {
    return (this.db.prepare('SELECT coalesce(sum(asked), 0) AS n FROM catalog_questions WHERE hour >= ?').get((opts.since ?? '').slice(0, 13)) as { n: number }).n;
  }

  /** When questions began to be counted, for a database that was asked questions before (null: from its start). */
  questionsCountedFrom(): string | null {
    return (this.db.prepare("SELECT value FROM system_state WHERE key = 'catalog.questions_counted_from'").get() as { value: string } | undefined)?.value ?? null;
  }

  /** Deletes the question counts of the hours before `cutoff`; returns how many hours went. */
  forgetQuestionCounts(cutoff: string): number {
    return this.db.prepare('DELETE FROM catalog_questions WHERE hour < ?').run(cutoff.slice(0, 13)).changes;
  }

  /** Deletes the gaps logged before `cutoff` and, of the rest, all but the newest `keep`; returns how many went. */
  forgetGaps(cutoff: string, keep: number): number {
    const old = this.db.prepare('DELETE FROM catalog_gaps WHERE created_at < ?').run(cutoff).changes;
    const over = this.db
      .prepare('DELETE FROM catalog_gaps WHERE id IN (SELECT id FROM catalog_gaps ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)')
      .run(keep).changes;
    return old + over;
  }

  /**
   * Counts a vote; with a vote key (column `card`: the card's random id hashed with the voter's, one
   * key per person and card), a later vote under the same key replaces the earlier one.
   * Returns whether this vote is a 👎 whose gap is still to be logged: the first 👎 under its key
   * (👎, 👍, 👎 again on one card logs the question once), every 👎 without a key.
   */
  logFeedback(doc: string, helpful: boolean, department: string | null, now: string, card?: string): boolean {
    const before = card ? (this.st('SELECT gap_logged FROM catalog_feedback WHERE card = ?').get(card) as { gap_logged: number } | undefined) : undefined;
    const logGap = !helpful && before?.gap_logged !== 1;
    this
      .st('INSERT INTO catalog_feedback (doc, helpful, department, created_at, card, gap_logged) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (card) WHERE card IS NOT NULL DO UPDATE SET helpful = excluded.helpful, created_at = excluded.created_at, gap_logged = max(gap_logged, excluded.gap_logged)')
      .run(doc, helpful ? 1 : 0, department, now, card ?? null, logGap ? 1 : 0);
    return logGap;
  }

  feedbackCounts(): Array<{ doc: string; helpful: number; unhelpful: number }> {
    return this.db
      .prepare('SELECT doc, sum(helpful) AS helpful, sum(1 - helpful) AS unhelpful FROM catalog_feedback GROUP BY doc ORDER BY doc')
      .all() as Array<{ doc: string; helpful: number; unhelpful: number }>;
  }
}
