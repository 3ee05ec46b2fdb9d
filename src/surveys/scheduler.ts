import { TZDate } from '@date-fns/tz';
import { RRule } from './rrule.ts';
import type { App, Running } from '../app-types.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import type { SurveyDef } from './definition.ts';
import { addDuration } from './duration.ts';
import { closeRun, localToInstant, queueDueReminders, reorderClosedAnonymousRuns, startSurveyRun } from './runs.ts';
import { postSummary } from './summary.ts';

/** The interval of the survey tick in `itbot serve`. */
const TICK_MS = 5000;

/**
 * The latest wave of a recurring survey at or before `now`, or null. RRULE expansion runs
 * on "floating" wall-clock times (local time written as UTC), then each occurrence is
 * placed in the organisation's time zone, so a 09:00 wave stays 09:00 across DST.
 */
export function latestWave(def: SurveyDef, now: Date, tz: string): { at: Date; localDate: string } | null {
  if (!def.rrule || !def.start) return null;
  const floating = (d: Date) => {
    const l = new TZDate(d.getTime(), tz);
    return new Date(Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds()));
  };
  const dtstart = new Date(def.start + (def.start.length === 16 ? ':00' : '') + 'Z');
  const rule = new RRule({ ...RRule.parseString(def.rrule), dtstart });
  const occ = rule.before(floating(now), true);
  if (!occ) return null;
  const localDate = occ.toISOString().slice(0, 10);
  return { at: localToInstant(occ.toISOString().slice(0, 19), tz), localDate };
}

/**
 * One pass of the survey scheduler: start due waves of recurring surveys, queue due
 * reminders, close runs whose time has come and post their summaries. Idempotent: run it
 * as often as you like, on as many servers as you like (UNIQUE keys and claimed rounds).
 */
export function surveyTick(app: App): { waves: number; reminders: number; closed: number } {
  const repo = new SurveyRepo(app.db);
  const now = app.clock.now();
  const tz = app.config.ITBOT_TIMEZONE;
  const out = { waves: 0, reminders: 0, closed: 0 };
  for (const s of repo.all()) {
    try {
      const wave = latestWave(s.def, now, tz);
      // a wave whose close has passed while we were down is missed, not started late
      if (wave && addDuration(wave.at, s.def.closes.kind === 'after' ? s.def.closes.duration : 'P7D') > now) {
        const r = startSurveyRun(app, s.def.id, { runKey: `wave:${wave.localDate}`, scheduled: true });
        if (r.created) out.waves++;
      }
    } catch (e) {
      app.log.error({ err: e, survey: s.def.id }, 'survey wave failed');
    }
  }
  for (const run of repo.openRuns()) {
    const stored = repo.get(run.survey_id);
    if (!stored) continue;
    try {
      if (now.toISOString() >= run.closes_at) {
        if (closeRun(app, stored.def, run, (closed) => postSummary(app, stored.def, closed))) out.closed++;
      } else out.reminders += queueDueReminders(app, stored.def, run);
    } catch (e) {
      app.log.error({ err: e, survey: run.survey_id, run: run.run_key }, 'survey tick failed');
    }
  }
  try {
    reorderClosedAnonymousRuns(app);
  } catch (e) {
    app.log.error({ err: e }, 'survey: rewriting closed anonymous runs failed');
  }
  return out;
}

/** The background loop of `itbot serve`. */
export function startSurveyScheduler(app: App, intervalMs = TICK_MS): Running {
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    try {
      const r = surveyTick(app);
      app.status.lastSurveyTick = app.clock.now().toISOString();
      if (r.waves || r.reminders || r.closed) app.log.info(r, 'survey scheduler');
    } catch (e) {
      app.log.error({ err: e }, 'survey scheduler failed');
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref?.();
  setTimeout(tick, 50).unref?.();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
