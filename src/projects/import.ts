import type { App } from '../app-types.ts';
import { readImportFile } from '../people/import.ts';
import { InputError, type Problem } from '../errors.ts';
import { cancelByPrefix, mayHaveGone } from '../jobs/outbox.ts';
import { readYaml } from '../files/yaml.ts';
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
 * `replace`: the file is the whole set of projects; those not in it are removed in the same
 * transaction (no longer listed, announced or in a newsletter draft; their announcements not
 * sent yet are cancelled, their news not announced yet dropped; published issues keep what
 * they carried). A file that lists no project without saying so (`projects: []`) is refused
 * then, as the catalog's is.
 */
export function importProjects(app: App, file: string, opts: { replace?: boolean } = {}): { imported: number; announced: number; changed: string[]; removed: string[]; warnings: Problem[] } {
  const warnings: Problem[] = [];
  const text = readImportFile(file);
  const repo = new ProjectsRepo(app.db);
  if (opts.replace) refuseEmptyReplace(text, file, repo.all().length);
  const projects = parseProjects(text, file, directoryOf(app), warnings);
  const now = app.clock.now();
  const iso = now.toISOString();
  const today = localDay(now, app.config.ITBOT_TIMEZONE);
  const changed: string[] = [];
  let removed: string[] = [];
  const announced = tx(app.db, () => {
    // the very first import is the baseline (decided before --replace removes any project: a
    // file that replaces them all brings new projects, news); a project added later is news ("coming up")
    const baseline = repo.all().length === 0;
    if (opts.replace) {
      removed = repo.removeExcept(new Set(projects.map((p) => p.id)));
      for (const id of removed) cancelAnnouncements(app, repo, id);
    }
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
  return { imported: projects.length, announced, changed, removed, warnings };
}

const REMOVED = 'the project was removed (projects import --replace)';

/**
 * Cancels a removed project's announcements not sent yet. A news item none of whose messages
 * may have reached anyone (all were still waiting) told no one: it is dropped, so importing the
 * project again announces that step (or, at a first import, has the newsletter report it)
 * instead of taking it as told.
 */
function cancelAnnouncements(app: App, repo: ProjectsRepo, id: string): void {
  for (const news of repo.announcedNews(id)) {
    const prefix = `${news.key}:`;
    const told = mayHaveGone(app.db, prefix);
    if (cancelByPrefix(app.db, prefix, REMOVED) > 0 && !told) repo.dropNews(news.key);
  }
  cancelByPrefix(app.db, `project:${id}:`, REMOVED);
}

/**
 * `--replace` with a file that gives no projects (an empty file, a `projects:` section with
 * nothing in it, as when every entry is commented out) would remove every project: refused, as
 * the catalog refuses it. Removing them all on purpose takes an explicit `projects: []`.
 */
function refuseEmptyReplace(text: string, file: string, stored: number): void {
  if (stored === 0) return;
  const { doc, problem } = readYaml(text, file);
  if (problem) return; // the parser reports it
  const section = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).projects : undefined;
  if (Array.isArray(section)) return;
  const why = section === null ? 'the "projects" section is empty' : 'no "projects" section';
  const all = stored === 1 ? 'the project' : `all ${stored} projects`;
  throw new InputError([{ file, field: 'projects', message: `the file has no projects (${why}) and --replace would remove ${all}; nothing changed (to remove every project on purpose, write projects: [])` }]);
}
