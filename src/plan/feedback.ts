import type { App } from '../app-types.ts';
import type { Bi } from '../i18n/index.ts';
import type { Lang } from '../chat/model.ts';
import { planTexts } from './texts.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { readPlanTables, REMOVED_KIND, type PlanTables } from './report.ts';
import { followUpWaves, type FollowUpWave } from './surveys-bridge.ts';

/** The main score of a group of follow-up runs: built from the runs whose own figures are shown. */
export interface FeedbackScore {
  questionId: string;
  type: 'csat' | 'nps' | 'likert';
  /** mean (csat, likert: 1..5) or NPS over the answers of the runs counted; null when none is shown */
  value: number | null;
  /** answers to the question in the runs counted */
  answers: number;
  /** runs whose score is shown in the survey's results, and so counted here */
  runsCounted: number;
  /** runs with responses whose score the survey's results withhold (fewer than minGroupSize): left out */
  runsWithheld: number;
  /** why there is no value */
  withheld?: string;
}

export interface FeedbackFigures {
  surveyId: string;
  /** follow-up runs (one per occurrence) of the year, and how many of them are still open */
  runs: number;
  openRuns: number;
  /** feedback requests sent: the invitations of those runs */
  requests: number;
  /**
   * of them, those that did not reach their recipient before the survey closed (held for
   * working hours past the close, or refused by the platform), or cannot any more: nobody was asked
   */
  missedRequests: number;
  /** the responses the figures count: an open run's as at its last step (docs/surveys.md, "Live results move in steps") */
  responses: number;
  /** who has answered by now, open runs included as they stand (who answered is no secret from IT; what they answered is) */
  responsesSoFar: number;
  /** responses / requests, 0..1 with three decimals; null without requests */
  responseRate: number | null;
  /** the survey's minimum group: an open run's figures move in steps of it; null before its first run */
  minGroupSize: number | null;
  score: FeedbackScore | null;
}

export interface EventFeedback extends FeedbackFigures {
  eventId: string;
  /** the event's kind, REMOVED_KIND once it has left the plan (as the report counts it) */
  kind: string;
  /** the event's title, also of an event removed since (null when removed before its title was kept) */
  title: Bi | null;
}

export interface KindFeedback extends FeedbackFigures {
  kind: string;
  events: number;
}

export interface PlanFeedback {
  events: EventFeedback[];
  kinds: KindFeedback[];
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Feedback after events for a year (occurrences of that year in the plan's local time), per
 * event and per kind of event, from the follow-up survey runs the plan started: how many
 * requests went out, the response rate and the main score. The anonymity rules are the
 * survey's: the score of a group of runs adds up only runs whose own score the survey's
 * results show (at least minGroupSize responses, and answers to the question); runs below it
 * are left out and counted (`runsWithheld`), so no figure here gives away a run that is
 * withheld there, also not by taking one group from another. Request and response counts are
 * shown for every run, as the survey's results show them. Null when the surveys feature is not there.
 * (`tables`: the plan as the caller read it already.)
 */
export async function planFeedback(app: App, year: number, tables?: PlanTables): Promise<PlanFeedback | null> {
  const all = await followUpWaves(app);
  if (!all) return null;
  const repo = new PlanRepo(app.db);
  const plan = tables ?? readPlanTables(app);
  const current = new Map(plan.events.map((s) => [s.event.id, s.event]));
  const removed = new Map(plan.removed.map((r) => [r.event.id, r.event]));
  const waves = all.waves.filter((w) => w.occurrence.startsWith(`${year}-`));

  const minOf = new Map(waves.map((w) => [w.surveyId, w.minGroupSize]));
  const empty = (surveyId: string): FeedbackFigures => ({ surveyId, runs: 0, openRuns: 0, requests: 0, missedRequests: 0, responses: 0, responsesSoFar: 0, responseRate: null, minGroupSize: minOf.get(surveyId) ?? null, score: null });
  const events = new Map<string, EventFeedback & { dist: Map<string, number> }>();
  const eventRow = (eventId: string, surveyId: string) => {
    const k = `${eventId}|${surveyId}`;
    let row = events.get(k);
    if (!row) {
      const ev = current.get(eventId) ?? removed.get(eventId) ?? null;
      row = { eventId, kind: current.get(eventId)?.kind ?? REMOVED_KIND, title: ev?.title ?? null, ...empty(surveyId), dist: new Map() };
      events.set(k, row);
    }
    return row;
  };
  // every event of the plan that asks for feedback has a line, also before its first run
  for (const ev of current.values()) if (ev.followUpSurvey) eventRow(ev.id, ev.followUpSurvey);
  const missed = new Map(repo.undeliveredFollowUpInvitations().map((m) => [`${m.surveyId}|${m.runKey}`, m.n]));
  for (const w of waves) add(eventRow(w.eventId, w.surveyId), w, missed.get(`${w.surveyId}|plan:${w.eventId}:${w.occurrence}`) ?? 0);

  const kinds = new Map<string, KindFeedback & { dist: Map<string, number> }>();
  for (const e of events.values()) {
    const k = `${e.kind}|${e.surveyId}`;
    let row = kinds.get(k);
    if (!row) kinds.set(k, (row = { kind: e.kind, events: 0, ...empty(e.surveyId), dist: new Map() }));
    row.events++;
    row.runs += e.runs;
    row.openRuns += e.openRuns;
    row.requests += e.requests;
    row.missedRequests += e.missedRequests;
    row.responses += e.responses;
    row.responsesSoFar += e.responsesSoFar;
    for (const [v, n] of e.dist) row.dist.set(v, (row.dist.get(v) ?? 0) + n);
    if (e.score) {
      row.score ??= { questionId: e.score.questionId, type: e.score.type, value: null, answers: 0, runsCounted: 0, runsWithheld: 0 };
      row.score.runsCounted += e.score.runsCounted;
      row.score.runsWithheld += e.score.runsWithheld;
    }
  }
  const finish = <T extends FeedbackFigures & { dist: Map<string, number> }>(row: T): Omit<T, 'dist'> => {
    const { dist, ...out } = row;
    out.responseRate = out.requests ? round(out.responses / out.requests, 3) : null;
    if (out.score) {
      const d = Object.fromEntries(dist);
      const answers = [...dist.values()].reduce((a, b) => a + b, 0);
      const value = out.score.runsCounted ? all.score(out.score.type, d) : null;
      out.score = {
        questionId: out.score.questionId, type: out.score.type, value, answers, runsCounted: out.score.runsCounted, runsWithheld: out.score.runsWithheld,
        ...(value === null && out.runs ? { withheld: withheldWhy(out) } : {}),
      };
    }
    return out;
  };
  const byKind = (a: { kind: string }, b: { kind: string }) => Number(a.kind === REMOVED_KIND) - Number(b.kind === REMOVED_KIND) || a.kind.localeCompare(b.kind);
  return {
    events: [...events.values()].map(finish).sort((a, b) => byKind(a, b) || a.eventId.localeCompare(b.eventId) || a.surveyId.localeCompare(b.surveyId)),
    kinds: [...kinds.values()].map(finish).sort((a, b) => byKind(a, b) || a.surveyId.localeCompare(b.surveyId)),
  };
}

/**
 * Why a group of runs has no score. An open run counts its answers as at its last step, in
 * steps of minGroupSize: while fewer have come, its figures count none of them, though people
 * have answered, so "no responses" is said only when nobody has.
 */
export function withheldWhy(f: FeedbackFigures, lang: Lang = 'en'): string {
  if (f.responsesSoFar === 0) return planTexts(lang, 'whyNoResponses');
  const min = String(f.minGroupSize);
  return f.openRuns && f.responsesSoFar > f.responses
    ? planTexts(lang, f.runs === 1 ? 'whyFewerSoFar' : 'whyFewerSoFarEach', { min })
    : planTexts(lang, 'whyFewerEach', { min });
}

/**
 * A line's score in words for the command line, in `lang`: "satisfaction 4.2/5 from 2 runs",
 * "NPS 12 from 1 run", or why there is none (the reason said in `lang`; the JSON keeps its English one).
 */
export function scoreText(f: FeedbackFigures, lang: Lang): string {
  const score = f.score;
  if (!f.runs) return planTexts(lang, 'cliNoSurveyYet');
  if (!score) return planTexts(lang, 'cliNoScoreQuestion');
  if (score.value === null) return `${planTexts(lang, 'cliScoreWithheld')}${score.withheld ? ` (${withheldWhy(f, lang)})` : ''}`;
  const v = score.type === 'nps' ? `NPS ${score.value}` : planTexts(lang, score.type === 'csat' ? 'cliSatisfaction' : 'cliMean', { v: score.value.toFixed(1) });
  const from = planTexts(lang, score.runsCounted === 1 ? 'cliFromRunOne' : 'cliFromRunMany', { score: v, n: score.runsCounted });
  return `${from}${score.runsWithheld ? planTexts(lang, 'cliRunsWithheld', { n: score.runsWithheld }) : ''}`;
}

/** Adds one run to an event's figures: its counts always, its score only where the survey's results show it. */
function add(row: FeedbackFigures & { dist: Map<string, number> }, w: FollowUpWave, missedRequests: number): void {
  row.runs++;
  if (w.open) row.openRuns++;
  row.requests += w.recipients;
  row.missedRequests += missedRequests;
  row.responses += w.responses;
  row.responsesSoFar += w.responsesSoFar;
  if (!w.main) return;
  row.score ??= { questionId: w.main.questionId, type: w.main.type, value: null, answers: 0, runsCounted: 0, runsWithheld: 0 };
  if (w.distribution) {
    row.score.runsCounted++;
    for (const [v, n] of Object.entries(w.distribution)) row.dist.set(v, (row.dist.get(v) ?? 0) + n);
  } else if (w.responses > 0) row.score.runsWithheld++;
}
