import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { App } from '../app-types.ts';
import type { Bi } from '../i18n/index.ts';
import { parseAudience, type Audience } from '../people/audience.ts';
import { SurveyRepo } from '../store/survey-repo.ts';

/** What the plan uses of the surveys feature (src/surveys/runs.ts), when it is there. */
interface SurveyRuns {
  startSurveyRun?: (
    app: App,
    surveyId: string,
    opts: { runKey: string; audience?: Audience; scheduled: boolean; title?: Bi },
  ) => unknown;
  latestRunSummary?: (app: App, surveyId: string, runKeyPrefix: string) => { mean: number | null; responses: number } | null | Promise<{ mean: number | null; responses: number } | null>;
}

/** What the plan uses of the survey results (src/surveys/results.ts): each wave's figures, with the group-size rule. */
interface SurveyResultsModule {
  surveyResultsByWave?: (app: App, surveyId: string) => {
    wave(runId: number): { recipients: number; responses: number; stepped?: { responsesSoFar: number }; questions: Array<{ id: string; distribution: Record<string, number> | null }> } | undefined;
  };
  mean?: (distribution: Record<string, number>) => number | null;
  nps?: (distribution: Record<string, number>) => number | null;
}

/**
 * Loads a module of the surveys feature lazily, once: the plan works without it (no follow-up
 * surveys, no "last time" line) and picks it up once it exists. The specifier is a URL so the
 * type checker does not require the module to be there.
 */
function lazyModule<T>(url: URL): () => Promise<T | null> {
  let loaded: Promise<T | null> | null = null;
  return () =>
    (loaded ??= (async () => {
      if (!existsSync(fileURLToPath(url))) return null;
      try {
        return (await import(url.href)) as T;
      } catch {
        return null;
      }
    })());
}

const surveyRuns = lazyModule<SurveyRuns>(new URL('../surveys/runs.ts', import.meta.url));
const surveyResultsModule = lazyModule<SurveyResultsModule>(new URL('../surveys/results.ts', import.meta.url));

/** A survey run the plan started after an occurrence (run key `plan:{event}:{occurrence}`), with its figures. */
export interface FollowUpWave {
  surveyId: string;
  eventId: string;
  occurrence: string;
  open: boolean;
  /** the invitations that went out, and who answered (both shown for every wave, as in the survey's results) */
  recipients: number;
  /** the responses the wave's figures count: of an open run, those of its last step */
  responses: number;
  /** who has answered by now (an open run's figures lag behind it by fewer than minGroupSize) */
  responsesSoFar: number;
  minGroupSize: number;
  /** the survey's main score: its first csat question, else nps, else likert; null without one */
  main: { questionId: string; type: 'csat' | 'nps' | 'likert' } | null;
  /** the main question's distribution in this wave; null where the survey's results withhold it */
  distribution: Record<string, number> | null;
}

const PLAN_RUN_KEY = /^plan:([a-z0-9-]+):(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})$/;

/**
 * Every follow-up run of the plan, in any survey, with each wave's figures exactly as the
 * survey's own results show that wave (the group-size rule applied), or null when the surveys
 * feature is not there.
 */
export async function followUpWaves(app: App): Promise<{ waves: FollowUpWave[]; score: (type: 'csat' | 'nps' | 'likert', d: Record<string, number>) => number | null } | null> {
  const mod = await surveyResultsModule();
  const byWave = mod?.surveyResultsByWave, meanOf = mod?.mean, npsOf = mod?.nps;
  if (typeof byWave !== 'function' || typeof meanOf !== 'function' || typeof npsOf !== 'function') return null;
  const repo = new SurveyRepo(app.db);
  const waves: FollowUpWave[] = [];
  for (const stored of repo.all()) {
    const runs = repo.runs(stored.def.id).filter((r) => PLAN_RUN_KEY.test(r.run_key));
    if (!runs.length) continue;
    const results = byWave(app, stored.def.id);
    const q = (['csat', 'nps', 'likert'] as const).map((type) => stored.def.questions.find((x) => x.type === type)).find((x) => x);
    const main = q ? { questionId: q.id, type: q.type as 'csat' | 'nps' | 'likert' } : null;
    for (const run of runs) {
      const [, eventId, occurrence] = PLAN_RUN_KEY.exec(run.run_key)!;
      const res = results.wave(run.id);
      const open = run.closed_at === null && run.closes_at > app.clock.now().toISOString();
      waves.push({
        surveyId: stored.def.id, eventId: eventId!, occurrence: occurrence!, open,
        recipients: res?.recipients ?? 0, responses: res?.responses ?? 0, responsesSoFar: res?.stepped?.responsesSoFar ?? res?.responses ?? 0, minGroupSize: stored.def.minGroupSize, main,
        distribution: (main && res?.questions.find((x) => x.id === main.questionId)?.distribution) ?? null,
      });
    }
  }
  return { waves, score: (type, d) => (type === 'nps' ? npsOf(d) : meanOf(d)) };
}

/** Starts the follow-up survey of an occurrence. Returns false when the surveys feature cannot yet. */
export async function startFollowUp(app: App, surveyId: string, runKey: string, audience: string[], title: Bi): Promise<boolean> {
  const mod = await surveyRuns();
  if (typeof mod?.startSurveyRun !== 'function') return false;
  const parsed = parseAudience(audience);
  await mod.startSurveyRun(app, surveyId, { runKey, audience: typeof parsed === 'string' ? undefined : parsed, scheduled: true, title });
  return true;
}

/** "Last time" satisfaction of an event's follow-up survey, or null. */
export async function lastTime(app: App, surveyId: string, eventId: string): Promise<{ mean: number | null; responses: number } | null> {
  const mod = await surveyRuns();
  if (typeof mod?.latestRunSummary !== 'function') return null;
  try {
    return (await mod.latestRunSummary(app, surveyId, `plan:${eventId}:`)) ?? null;
  } catch (e) {
    app.log.warn({ err: e, surveyId }, 'plan: latestRunSummary failed');
    return null;
  }
}
