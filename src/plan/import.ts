import type { App } from '../app-types.ts';
import { readImportFile } from '../people/import.ts';
import { tx } from '../store/db.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { calendarUidDomain } from './ics.ts';
import { cancelByPrefix } from '../jobs/outbox.ts';
import { directoryOf, parsePlan } from './parse.ts';
import type { Problem } from '../errors.ts';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** imported all the same: owners, e-mails, departments or surveys not known yet */
  warnings: Problem[];
}

/**
 * Imports a plan file, all or nothing. Events are matched by id; a changed event is
 * rescheduled by the running scheduler on its next tick (its waiting messages are rewritten or
 * cancelled); `replace` deletes events not in the file and cancels their waiting messages.
 */
export function importPlan(app: App, file: string, opts: { replace?: boolean } = {}): ImportResult {
  const warnings: Problem[] = [];
  const plan = parsePlan(readImportFile(file), file, directoryOf(app), warnings);
  const repo = new PlanRepo(app.db);
  const now = app.clock.now();
  return tx(app.db, () => {
    // (before the first plan goes in: a plan found without it dates from before, see calendarUidDomain)
    calendarUidDomain(app.db, now);
    const tzChanged = repo.timezone() !== null && repo.timezone() !== plan.timezone;
    repo.setMeta(plan.timezone, now);
    const r: ImportResult = { created: 0, updated: 0, unchanged: 0, deleted: 0, warnings };
    for (const ev of plan.events) r[repo.upsertEvent(ev, now, tzChanged)]++;
    if (opts.replace) {
      for (const id of repo.deleteEventsNotIn(plan.events.map((e) => e.id))) {
        cancelByPrefix(app.db, `plan:${id}:`, 'the event was removed from the plan');
        r.deleted++;
      }
    }
    return r;
  });
}
