import type { App } from '../app-types.ts';
import { readImportFile } from '../people/import.ts';
import type { Problem } from '../errors.ts';
import { directoryOf } from '../plan/parse.ts';
import { NEWSLETTER_ONLY, ProjectsRepo } from '../store/projects-repo.ts';
import { tx } from '../store/db.ts';
import { milestoneKey, phaseKey } from './model.ts';
import { parseProjects } from './parse.ts';
import { announcePending } from './announce.ts';
import { localDay } from './targets.ts';

/**
 * Imports projects (YAML), all or nothing; same ids are updated, others left as they are.
 * The first import (no projects yet) announces nothing (the demo load or a first import must
 * not flood everyone): a done project's phase and past milestones are history, the phase of a
 * running or planned one is news for the newsletter only (the next issue presents the projects
 * under way once). Later, a new project's phase and a phase that differs from the stored one
 * are news, announced to the project's audience once; a new project's past milestones are
 * history either way.
 */
export function importProjects(app: App, file: string): { imported: number; announced: number; changed: string[]; warnings: Problem[] } {
  const warnings: Problem[] = [];
  const projects = parseProjects(readImportFile(file), file, directoryOf(app), warnings);
  const repo = new ProjectsRepo(app.db);
  const now = app.clock.now();
  const iso = now.toISOString();
  const today = localDay(now, app.config.ITBOT_TIMEZONE);
  const changed: string[] = [];
  const announced = tx(app.db, () => {
    // the very first import is the baseline; a project added later is news ("coming up")
    const baseline = repo.all().length === 0;
    for (const p of projects) {
      const { before } = repo.upsert(p, now);
      const news = { key: phaseKey(p.id, p.phase), projectId: p.id, kind: 'phase' as const, phase: p.phase, milestoneDate: null, happenedAt: iso };
      if (before === null) {
        const unannounced = baseline ? (p.phase === 'done' ? 'history' : NEWSLETTER_ONLY) : null;
        if (repo.addNews(news, unannounced) && !baseline) changed.push(p.id);
        for (const m of p.milestones) {
          if (m.date <= today) {
            repo.addNews({ key: milestoneKey(p.id, m.date), projectId: p.id, kind: 'milestone', phase: null, milestoneDate: m.date, happenedAt: iso }, 'history');
          }
        }
      } else if (before !== p.phase) {
        if (repo.addNews(news)) changed.push(p.id);
      }
    }
    return announcePending(app);
  });
  return { imported: projects.length, announced, changed, warnings };
}
