import type { App } from '../app-types.ts';
import { readImportFile } from '../people/import.ts';
import { tx } from '../store/db.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { calendarUidDomain } from './ics.ts';
import { cancelByPrefix } from '../jobs/outbox.ts';
import { directoryOf, parsePlan } from './parse.ts';
import { unreachableFollowUps } from './follow-up-reach.ts';
import { InputError, type Problem } from '../errors.ts';

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
 * The plan has one time zone, in which every event's local start is read: a file with another
 * zone is refused unless it is imported with `replace` or holds every stored event, since the
 * events not in it would otherwise move (a series' instants cannot be kept in another zone,
 * whose daylight saving time changes on other days).
 */
export function importPlan(app: App, file: string, opts: { replace?: boolean } = {}): ImportResult {
  const warnings: Problem[] = [];
  const plan = parsePlan(readImportFile(file), file, directoryOf(app), warnings);
  // (follow-up surveys whose invitations would wait for working hours past the survey's close)
  warnings.push(...unreachableFollowUps(app, file, plan));
  const repo = new PlanRepo(app.db);
  const now = app.clock.now();
  return tx(app.db, () => {
    // (before the first plan goes in: a plan found without it dates from before, see calendarUidDomain)
    calendarUidDomain(app.db, now);
    const oldTz = repo.timezone();
    // (a zone stored before its capitals were set counts as the same zone)
    const tzChanged = oldTz !== null && oldTz.toLowerCase() !== plan.timezone.toLowerCase();
    if (tzChanged && !opts.replace) {
      const inFile = new Set(plan.events.map((e) => e.id));
      const others = repo.events().map((e) => e.event.id).filter((id) => !inFile.has(id));
      if (others.length) {
        const names = others.slice(0, 5).join(', ') + (others.length > 5 ? ` and ${others.length - 5} more` : '');
        throw new InputError([{
          file, field: 'timezone',
          message: `${plan.timezone} is not the plan's time zone (${oldTz}): the ${others.length === 1 ? 'event' : `${others.length} events`} not in this file (${names}) would move to other times; use timezone: ${oldTz}, or import with --replace to make this file the whole plan`,
        }]);
      }
    }
    repo.setMeta(plan.timezone, now);
    const r: ImportResult = { created: 0, updated: 0, unchanged: 0, deleted: 0, warnings };
    for (const ev of plan.events) r[repo.upsertEvent(ev, now, tzChanged)]++;
    if (opts.replace) {
      for (const id of repo.deleteEventsNotIn(plan.events.map((e) => e.id), now)) {
        cancelByPrefix(app.db, `plan:${id}:`, 'the event was removed from the plan');
        r.deleted++;
      }
    }
    return r;
  });
}
