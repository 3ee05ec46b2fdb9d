import type { App } from '../app-types.ts';
import { AppError } from '../errors.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { enqueue } from '../jobs/outbox.ts';
import { invitation } from '../surveys/messages.ts';
import { reminderKey, runTitle } from '../surveys/runs.ts';

export type RemindOutcome =
  | { status: 'queued'; offset: string; queued: number }
  | { status: 'closed' }
  | { status: 'no-reminders-left'; reminders: string[] }
  | { status: 'everyone-answered' };

/**
 * The admin's "remind now" button: brings the survey's NEXT reminder round forward to now.
 * It respects the survey's reminder rules: never more rounds than `reminders` lists (the
 * round is claimed, so the scheduler will not send it again later), only to those who have
 * not answered, never after the close, and within each person's working hours. Same outbox
 * keys as the scheduler's reminders, so a double click queues nothing twice.
 */
export function remindNow(app: App, surveyId: string, runKey: string): RemindOutcome {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  const run = stored ? repo.runByKey(surveyId, runKey) : null;
  if (!stored || !run) throw new AppError('not_found', `survey ${surveyId}: no run ${runKey}`);
  const def = stored.def;
  const now = app.clock.now();
  const closesAt = new Date(run.closes_at);
  if (run.closed_at || now >= closesAt) return { status: 'closed' };
  const offset = def.reminders.find((o) => !repo.reminderRoundDone(run.id, o));
  if (!offset) return { status: 'no-reminders-left', reminders: def.reminders };
  return tx(app.db, () => {
    const open = repo.nonRespondents(run.id);
    if (!open.length) return { status: 'everyone-answered' } as const;
    if (!repo.claimReminderRound(run.id, offset, open.length)) return { status: 'no-reminders-left', reminders: def.reminders } as const;
    const tz = app.config.ITBOT_TIMEZONE;
    let queued = 0;
    for (const r of open) {
      const person = app.people.byEmail(r.email);
      const message = invitation({ def, title: runTitle(def, run), runId: run.id, closesAt: run.closes_at, lang: r.lang, timezone: person?.timezone ?? tz, reminder: true });
      const e = enqueue(app.db, now, {
        key: reminderKey(def.id, run.run_key, offset, r.email),
        kind: 'survey-reminder',
        target: { kind: 'person', email: r.email },
        message,
        dueAt: now,
        expiresAt: closesAt,
        workingHours: { hours: app.config.workingHours, person, defaultTimeZone: tz },
        source: { survey: def.id, run: run.run_key, reminder: offset, by: 'admin' },
      });
      if (e.created) queued++;
    }
    app.log.info({ survey: def.id, run: run.run_key, offset, queued }, 'admin: survey reminder brought forward');
    return { status: 'queued', offset, queued } as const;
  });
}
