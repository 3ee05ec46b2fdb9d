import type { Db } from './db.ts';

type IssueState = 'draft' | 'approved' | 'skipped';

export interface IssueRow {
  id: number;
  occurrence_key: string;
  event_id: string | null;
  occurrence: string | null;
  due_at: string;
  owner: string | null;
  state: IssueState;
  period_from: string;
  content: string;
  editorial_de: string | null;
  editorial_en: string | null;
  created_at: string;
  updated_at: string;
  preview_sent_at: string | null;
  escalated_at: string | null;
  decided_by: string | null;
  decided_at: string | null;
  published_at: string | null;
  /** the item keys the approved issue reported (JSON list); null before this was kept */
  reported: string | null;
}

/** Newsletter issues and the "you said, we did" actions. All their SQL lives here. */
export class NewsletterRepo {
  constructor(private readonly db: Db) {}

  byId(id: number): IssueRow | null {
    return (this.db.prepare('SELECT * FROM newsletter_issues WHERE id = ?').get(id) as IssueRow | undefined) ?? null;
  }

  byOccurrence(key: string): IssueRow | null {
    return (this.db.prepare('SELECT * FROM newsletter_issues WHERE occurrence_key = ?').get(key) as IssueRow | undefined) ?? null;
  }

  /** Creates the issue for an occurrence once (UNIQUE occurrence_key); returns it and whether it is new. */
  create(r: { occurrenceKey: string; eventId: string | null; occurrence: string | null; dueAt: string; owner: string | null; periodFrom: string; content: string }, now: Date): { issue: IssueRow; created: boolean } {
    const iso = now.toISOString();
    const ins = this.db
      .prepare(
        `INSERT INTO newsletter_issues (occurrence_key, event_id, occurrence, due_at, owner, period_from, content, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(occurrence_key) DO NOTHING`,
      )
      .run(r.occurrenceKey, r.eventId, r.occurrence, r.dueAt, r.owner, r.periodFrom, r.content, iso, iso);
    return { issue: this.byOccurrence(r.occurrenceKey)!, created: ins.changes === 1 };
  }

  /** Refreshes a draft's content (only while it is a draft). */
  updateDraft(id: number, periodFrom: string, content: string, now: Date): boolean {
    return (
      this.db
        .prepare(`UPDATE newsletter_issues SET period_from = ?, content = ?, updated_at = ? WHERE id = ? AND state = 'draft'`)
        .run(periodFrom, content, now.toISOString(), id).changes === 1
    );
  }

  setEditorial(id: number, lang: 'de' | 'en', text: string | null, now: Date): boolean {
    const col = lang === 'de' ? 'editorial_de' : 'editorial_en';
    return this.db.prepare(`UPDATE newsletter_issues SET ${col} = ?, updated_at = ? WHERE id = ? AND state = 'draft'`).run(text, now.toISOString(), id).changes === 1;
  }

  /** draft -> approved | skipped, once: false when someone decided before. */
  decide(id: number, state: 'approved' | 'skipped', by: string, now: Date): boolean {
    return (
      this.db
        .prepare(`UPDATE newsletter_issues SET state = ?, decided_by = ?, decided_at = ?, updated_at = ? WHERE id = ? AND state = 'draft'`)
        .run(state, by, now.toISOString(), now.toISOString(), id).changes === 1
    );
  }

  /** Records when an approved issue goes out (its date, or the approval when that is later), once. */
  markPublished(id: number, goesOut: Date): boolean {
    return this.db.prepare(`UPDATE newsletter_issues SET published_at = ? WHERE id = ? AND state = 'approved' AND published_at IS NULL`).run(goesOut.toISOString(), id).changes === 1;
  }

  /** The issues that have gone out by `now`, newest first (at most `limit`). */
  publishedNewestFirst(now: string, limit = 100): IssueRow[] {
    return this.db
      .prepare(`SELECT * FROM newsletter_issues WHERE state = 'approved' AND published_at IS NOT NULL AND MAX(published_at, due_at) <= ? ORDER BY due_at DESC, id DESC LIMIT ?`)
      .all(now, limit) as IssueRow[];
  }

  /** The approved issues that go out after `now` (their date, or their approval when that came later). */
  goingOutAfter(now: string): IssueRow[] {
    return this.db
      .prepare(`SELECT * FROM newsletter_issues WHERE state = 'approved' AND MAX(COALESCE(published_at, due_at), due_at) > ? ORDER BY due_at, id`)
      .all(now) as IssueRow[];
  }

  markPreviewSent(id: number, now: Date): boolean {
    return this.db.prepare('UPDATE newsletter_issues SET preview_sent_at = ? WHERE id = ? AND preview_sent_at IS NULL').run(now.toISOString(), id).changes === 1;
  }

  markEscalated(id: number, now: Date): boolean {
    return this.db.prepare(`UPDATE newsletter_issues SET escalated_at = ? WHERE id = ? AND state = 'draft' AND escalated_at IS NULL`).run(now.toISOString(), id).changes === 1;
  }

  /** Drafts not yet escalated whose escalation time has come. */
  draftsToEscalate(before: string): IssueRow[] {
    return this.db
      .prepare(`SELECT * FROM newsletter_issues WHERE state = 'draft' AND escalated_at IS NULL AND due_at <= ? ORDER BY due_at`)
      .all(before) as IssueRow[];
  }

  /** The latest published issue before a time (what the next one continues from). */
  lastPublishedBefore(at: string): IssueRow | null {
    return (
      (this.db
        .prepare(`SELECT * FROM newsletter_issues WHERE state = 'approved' AND due_at < ? ORDER BY due_at DESC, id DESC LIMIT 1`)
        .get(at) as IssueRow | undefined) ?? null
    );
  }

  /**
   * Where the earliest issue before `at` that never went out began its period: a skipped one,
   * or a draft whose date passed by `now` without approval. Null when there is none.
   */
  earliestUnpublishedPeriod(at: string, now: string): string | null {
    const r = this.db
      .prepare(`SELECT MIN(period_from) AS p FROM newsletter_issues WHERE due_at < ? AND (state = 'skipped' OR (state = 'draft' AND due_at <= ?))`)
      .get(at, now) as { p: string | null };
    return r.p;
  }

  /** Records what an approved issue carried to its readers (item keys), when it is queued. */
  markReported(id: number, keys: string[]): boolean {
    return this.db.prepare(`UPDATE newsletter_issues SET reported = ? WHERE id = ? AND state = 'approved'`).run(JSON.stringify(keys), id).changes === 1;
  }

  /** What approved issues reported: the keys recorded, or (issues approved before that was kept) the content. */
  approvedReports(): Array<{ content: string; reported: string | null }> {
    return this.db.prepare(`SELECT content, reported FROM newsletter_issues WHERE state = 'approved'`).all() as Array<{ content: string; reported: string | null }>;
  }

  list(opts: { state?: string; limit?: number } = {}): IssueRow[] {
    if (opts.state) {
      return this.db.prepare('SELECT * FROM newsletter_issues WHERE state = ? ORDER BY due_at DESC, id DESC LIMIT ?').all(opts.state, opts.limit ?? 50) as IssueRow[];
    }
    return this.db.prepare('SELECT * FROM newsletter_issues ORDER BY due_at DESC, id DESC LIMIT ?').all(opts.limit ?? 50) as IssueRow[];
  }

  /** The next draft due at or after a time. */
  nextDraft(from: string): IssueRow | null {
    return (this.db.prepare(`SELECT * FROM newsletter_issues WHERE state = 'draft' AND due_at >= ? ORDER BY due_at LIMIT 1`).get(from) as IssueRow | undefined) ?? null;
  }

  addAction(surveyId: string, runId: number | null, text: string, lang: 'de' | 'en' | null, now: Date): number {
    const r = this.db
      .prepare('INSERT INTO survey_actions (survey_id, run_id, text, lang, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id')
      .get(surveyId, runId, text, lang, now.toISOString()) as { id: number };
    return r.id;
  }

  /** Actions for a survey run: those tied to it and those for the survey as a whole. */
  actions(surveyId: string, runId: number): Array<{ text: string; lang: 'de' | 'en' | null }> {
    return this.db
      .prepare('SELECT text, lang FROM survey_actions WHERE survey_id = ? AND (run_id = ? OR run_id IS NULL) ORDER BY id')
      .all(surveyId, runId) as Array<{ text: string; lang: 'de' | 'en' | null }>;
  }
}
