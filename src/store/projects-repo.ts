import type { Db } from './db.ts';
import type { Phase, Project, ProjectNews } from '../projects/model.ts';

interface NewsRow {
  key: string;
  project_id: string;
  kind: 'phase' | 'milestone';
  phase: Phase | null;
  milestone_date: string | null;
  happened_at: string;
  announced_at: string | null;
}

const toNews = (r: NewsRow): ProjectNews => ({
  key: r.key,
  projectId: r.project_id,
  kind: r.kind,
  phase: r.phase,
  milestoneDate: r.milestone_date,
  happenedAt: r.happened_at,
  announcedAt: r.announced_at,
});

/**
 * `announced_at` of news that is never announced in chat but is reported by the newsletter (a
 * running or planned project's phase at the very first import); `'history'` is neither.
 */
export const NEWSLETTER_ONLY = 'newsletter-only';

/** IT projects, what happened to them, and the strategy document. All their SQL lives here. */
export class ProjectsRepo {
  constructor(private readonly db: Db) {}

  all(): Project[] {
    return (this.db.prepare('SELECT definition FROM projects ORDER BY id').all() as Array<{ definition: string }>).map(
      (r) => JSON.parse(r.definition) as Project,
    );
  }

  get(id: string): (Project & { createdAt: string }) | null {
    const r = this.db.prepare('SELECT definition, created_at FROM projects WHERE id = ?').get(id) as
      | { definition: string; created_at: string }
      | undefined;
    return r ? { ...(JSON.parse(r.definition) as Project), createdAt: r.created_at } : null;
  }

  createdAt(id: string): string | null {
    const r = this.db.prepare('SELECT created_at FROM projects WHERE id = ?').get(id) as { created_at: string } | undefined;
    return r?.created_at ?? null;
  }

  /** Inserts or updates by id; returns the phase stored before (null: a new project). */
  upsert(p: Project, now: Date): { before: Phase | null } {
    const old = this.db.prepare('SELECT phase FROM projects WHERE id = ?').get(p.id) as { phase: Phase } | undefined;
    const iso = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO projects (id, definition, phase, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, phase = excluded.phase, updated_at = excluded.updated_at`,
      )
      .run(p.id, JSON.stringify(p), p.phase, iso, iso);
    return { before: old?.phase ?? null };
  }

  /**
   * Removes the projects whose ids are not in `keep` (`projects import --replace`); returns
   * their ids. Their news announced (or recorded as history or for the newsletter) stays
   * (published issues keep what they reported; a project imported again later does not
   * announce its old steps anew); their news not announced yet goes with them, so a project
   * imported again later is treated as one seen for the first time. Call inside a transaction.
   */
  removeExcept(keep: Set<string>): string[] {
    const gone = (this.db.prepare('SELECT id FROM projects ORDER BY id').all() as Array<{ id: string }>).map((r) => r.id).filter((id) => !keep.has(id));
    const del = this.db.prepare('DELETE FROM projects WHERE id = ?');
    const pending = this.db.prepare('DELETE FROM project_news WHERE project_id = ? AND announced_at IS NULL');
    for (const id of gone) {
      del.run(id);
      pending.run(id);
    }
    return gone;
  }

  /** A project's news whose announcement was queued (not history, not newsletter-only). */
  announcedNews(projectId: string): ProjectNews[] {
    return (
      this.db
        .prepare(`SELECT * FROM project_news WHERE project_id = ? AND announced_at IS NOT NULL AND announced_at NOT IN ('history', ?) ORDER BY happened_at, key`)
        .all(projectId, NEWSLETTER_ONLY) as NewsRow[]
    ).map(toNews);
  }

  /** Forgets a news item (its announcement told no one): recorded anew, it is news again. */
  dropNews(key: string): void {
    this.db.prepare('DELETE FROM project_news WHERE key = ?').run(key);
  }

  /** Records that something happened, once per key. `announcedAt`: `'history'` or NEWSLETTER_ONLY, recorded without an announcement. */
  addNews(n: Omit<ProjectNews, 'announcedAt'>, announcedAt: string | null = null): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO project_news (key, project_id, kind, phase, milestone_date, happened_at, announced_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING`,
        )
        .run(n.key, n.projectId, n.kind, n.phase, n.milestoneDate, n.happenedAt, announcedAt).changes === 1
    );
  }

  /** When each project reached `done` (its phase news: announced, for the newsletter, or history), by project id. */
  doneAt(): Map<string, string> {
    const rows = this.db.prepare(`SELECT project_id AS id, happened_at AS at FROM project_news WHERE kind = 'phase' AND phase = 'done'`).all() as Array<{ id: string; at: string }>;
    return new Map(rows.map((r) => [r.id, r.at]));
  }

  hasNews(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM project_news WHERE key = ?').get(key) !== undefined;
  }

  pendingNews(): ProjectNews[] {
    return (this.db.prepare('SELECT * FROM project_news WHERE announced_at IS NULL ORDER BY happened_at, key').all() as NewsRow[]).map(toNews);
  }

  /** Marks a news item announced; false when another process got there first. */
  markAnnounced(key: string, now: Date): boolean {
    return this.db.prepare('UPDATE project_news SET announced_at = ? WHERE key = ? AND announced_at IS NULL').run(now.toISOString(), key).changes === 1;
  }

  /** News that happened in [from, to) and was announced, or is for the newsletter only (history is not news). */
  newsBetween(from: string, to: string): ProjectNews[] {
    return (
      this.db
        .prepare(`SELECT * FROM project_news WHERE happened_at >= ? AND happened_at < ? AND announced_at IS NOT NULL AND announced_at <> 'history' ORDER BY happened_at, key`)
        .all(from, to) as NewsRow[]
    ).map(toNews);
  }

  strategy(): unknown | null {
    const r = this.db.prepare('SELECT definition FROM strategy WHERE id = 1').get() as { definition: string } | undefined;
    return r ? JSON.parse(r.definition) : null;
  }

  setStrategy(def: unknown, now: Date): void {
    this.db
      .prepare(`INSERT INTO strategy (id, definition, updated_at) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`)
      .run(JSON.stringify(def), now.toISOString());
  }
}
