import { TZDate } from '@date-fns/tz';
import { RRule } from './rrule.ts';
import type { App, Running } from '../app-types.ts';
import { SurveyRepo, type RunRow } from '../store/survey-repo.ts';
import { tx } from '../store/db.ts';
import type { SurveyDef } from './definition.ts';
import { addDuration } from './duration.ts';
import { closeRun, localToInstant, queueDueReminders, reorderClosedAnonymousRuns, startSurveyRun } from './runs.ts';
import { postSummary } from './summary.ts';
import { st, waveWords } from './texts.ts';
import { terminalLine } from '../cli/terminal.ts';
import type { Lang } from '../chat/model.ts';

/** The interval of the survey tick in `itbot serve`. */
const TICK_MS = 5000;

/**
 * A recurring survey's rule: RRULE expansion runs on "floating" wall-clock times (local time
 * written as UTC), then each occurrence is placed in the organisation's time zone, so a 09:00
 * wave stays 09:00 across DST.
 */
function waveRule(def: SurveyDef, tz: string) {
  if (!def.rrule || !def.start) return null;
  const floating = (d: Date) => {
    const l = new TZDate(d.getTime(), tz);
    return new Date(Date.UTC(l.getFullYear(), l.getMonth(), l.getDate(), l.getHours(), l.getMinutes(), l.getSeconds()));
  };
  const dtstart = new Date(def.start + (def.start.length === 16 ? ':00' : '') + 'Z');
  const rule = new RRule({ ...RRule.parseString(def.rrule), dtstart });
  const wave = (occ: Date) => ({ at: localToInstant(occ.toISOString().slice(0, 19), tz), localDate: occ.toISOString().slice(0, 10), localTime: occ.toISOString().slice(11, 16) });
  return { rule, floating, wave };
}

/** The latest wave of a recurring survey at or before `now`, or null. */
export function latestWave(def: SurveyDef, now: Date, tz: string): { at: Date; localDate: string } | null {
  const r = waveRule(def, tz);
  const occ = r?.rule.before(r.floating(now), true);
  return r && occ ? r.wave(occ) : null;
}

/** How long a wave stays open (a recurring survey closes a duration after each wave). */
const waveOpenFor = (def: SurveyDef) => (def.closes.kind === 'after' ? def.closes.duration : 'P7D');

/**
 * The wave a recurring survey never sent opens first: the latest one, while it is still open
 * (the scheduler's next tick opens it), else the next one; null without a rule or a wave to come.
 * Its local date and time are in the organisation's zone.
 */
export function firstWave(def: SurveyDef, now: Date, tz: string): { at: Date; localDate: string; localTime: string } | null {
  const r = waveRule(def, tz);
  if (!r) return null;
  const latest = r.rule.before(r.floating(now), true);
  if (latest && addDuration(r.wave(latest).at, waveOpenFor(def)) > now) return r.wave(latest);
  const next = r.rule.after(r.floating(now), false);
  return next ? r.wave(next) : null;
}

/** When a run stopped taking answers: its close, or earlier when it was closed early. */
const runEnd = (r: RunRow) => (r.closed_at && r.closed_at < r.closes_at ? r.closed_at : r.closes_at);

/** A run opened by a send (`itbot survey send`), not a wave, not a plan's follow-up after an event. */
const isSend = (r: RunRow) => !r.run_key.startsWith('wave:') && !r.run_key.startsWith('plan:');

/**
 * The run of a send (`itbot survey send`, not a wave, not a plan's follow-up after an event)
 * that was open at the time of a wave, or opened while the wave could still have opened: that
 * wave is skipped, never opened later, so nobody is invited twice to runs of one survey open at
 * the same time (the send stands in for the wave). Undefined when no send holds the wave back.
 */
function sendHoldingWave(def: SurveyDef, runs: RunRow[], waveAt: Date): RunRow | undefined {
  const until = addDuration(waveAt, waveOpenFor(def)).toISOString();
  const at = waveAt.toISOString();
  return runs.find((r) => isSend(r) && r.opened_at < until && runEnd(r) > at);
}

/** A wave a send held back: its would-be run key, its time, and the send's run key. */
export interface SkippedWave { runKey: string; at: string; heldBy: string }

/** The waves of a recurring survey up to `now` that were skipped because a send's run was open (oldest first). */
export function skippedWaves(def: SurveyDef, runs: RunRow[], now: Date, tz: string): SkippedWave[] {
  const r = waveRule(def, tz);
  const sends = runs.filter(isSend);
  if (!r || !sends.length) return [];
  // (a send holds back only waves up to a year (the longest close) before it opened)
  const from = new Date(Math.min(...sends.map((x) => Date.parse(x.opened_at))) - 367 * 86_400_000);
  const keys = new Set(runs.map((x) => x.run_key));
  return r.rule.between(r.floating(from), r.floating(now), true).flatMap((occ) => {
    const w = r.wave(occ);
    const runKey = `wave:${w.localDate}`;
    const held = w.at <= now && !keys.has(runKey) ? sendHoldingWave(def, sends, w.at) : undefined;
    return held ? [{ runKey, at: w.at.toISOString(), heldBy: held.run_key }] : [];
  });
}

/** "Wave of 5 April 2027 skipped: run send:2027-04-02 was still open (nobody is invited twice)". */
export function skippedWaveWords(def: SurveyDef, w: SkippedWave, lang: Lang, inSentence = false): string {
  return st(lang, 'waveSkipped', { wave: waveWords(w.runKey, def.title, def.title, lang, inSentence), run: terminalLine(w.heldBy) });
}

/** Waves skipped and logged by this process already (the tick runs every few seconds). */
const skipLogged = new WeakMap<App, Set<string>>();

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
      if (wave && addDuration(wave.at, waveOpenFor(s.def)) > now) {
        const runKey = `wave:${wave.localDate}`;
        // (checked and opened in one transaction: a send in another process waits for it)
        const held = tx(app.db, () => {
          const send = repo.runByKey(s.def.id, runKey) ? undefined : sendHoldingWave(s.def, repo.runs(s.def.id), wave.at);
          if (!send && startSurveyRun(app, s.def.id, { runKey, scheduled: true, dueAt: wave.at }).created) out.waves++;
          return send;
        });
        if (held) {
          const logged = skipLogged.get(app) ?? new Set<string>();
          skipLogged.set(app, logged);
          const key = `${s.def.id} ${runKey}`;
          if (!logged.has(key)) {
            logged.add(key);
            app.log.warn({ survey: s.def.id, run: runKey, heldBy: held.run_key }, 'survey wave skipped: a send of the survey is open, nobody is invited twice');
          }
        }
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
