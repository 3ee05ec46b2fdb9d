import type { App } from '../app-types.ts';
import { AppError } from '../errors.ts';
import { tx } from '../store/db.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { queueReminderRound } from '../surveys/runs.ts';
import type { SurveyDef } from '../surveys/definition.ts';

type RemindOutcome =
  | { status: 'queued'; offset: string; queued: number }
  | { status: 'closed' }
  | { status: 'no-reminders-left'; reminders: string[] }
  | { status: 'already-sent'; offset: string }
  | { status: 'everyone-answered' };

/** The survey's next reminder round not yet sent for a run (what "remind now" brings forward), or undefined. */
export function nextReminderRound(repo: SurveyRepo, def: SurveyDef, runId: number): string | undefined {
  return def.reminders.find((o) => !repo.reminderRoundDone(runId, o));
}

/**
 * The admin's "remind now" button: brings the survey's NEXT reminder round forward to now.
 * It respects the survey's reminder rules: never more rounds than `reminders` lists (the
 * round is claimed, so the scheduler will not send it again later), only to those who have
 * not answered, never after the close, and within each person's working hours. Same outbox
 * keys as the scheduler's reminders. `round`: the round the admin saw as the next one; when it has been
 * sent since (a double click, a second tab), nothing more is sent: a double click brings one round
 * forward, not two.
 */
export function remindNow(app: App, surveyId: string, runKey: string, round?: string): RemindOutcome {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  const run = stored ? repo.runByKey(surveyId, runKey) : null;
  if (!stored || !run) throw new AppError('not_found', `survey ${surveyId}: no run ${runKey}`);
  const def = stored.def;
  const now = app.clock.now();
  const closesAt = new Date(run.closes_at);
  if (run.closed_at || now >= closesAt) return { status: 'closed' };
  if (round && def.reminders.includes(round) && repo.reminderRoundDone(run.id, round)) return { status: 'already-sent', offset: round };
  const offset = nextReminderRound(repo, def, run.id);
  if (!offset) return { status: 'no-reminders-left', reminders: def.reminders };
  if (round && round !== offset) return { status: 'already-sent', offset: round };
  return tx(app.db, () => {
    const open = repo.nonRespondents(run.id);
    if (!open.length) return { status: 'everyone-answered' } as const;
    if (!repo.claimReminderRound(run.id, offset, open.length)) return { status: 'no-reminders-left', reminders: def.reminders } as const;
    const queued = queueReminderRound(app, def, run, offset, now, 'admin');
    app.log.info({ survey: def.id, run: run.run_key, offset, queued }, 'admin: survey reminder brought forward');
    return { status: 'queued', offset, queued } as const;
  });
}
