import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { App } from '../app-types.ts';
import type { Bi } from '../i18n/index.ts';
import { parseAudience, type Audience } from '../people/audience.ts';

/** What the plan uses of the surveys feature (src/surveys/runs.ts), when it is there. */
interface SurveyRuns {
  startSurveyRun?: (
    app: App,
    surveyId: string,
    opts: { runKey: string; audience?: Audience; scheduled: boolean; title?: Bi },
  ) => unknown;
  latestRunSummary?: (app: App, surveyId: string, runKeyPrefix: string) => { mean: number | null; responses: number } | null | Promise<{ mean: number | null; responses: number } | null>;
}

const RUNS_URL = new URL('../surveys/runs.ts', import.meta.url);
let loaded: Promise<SurveyRuns | null> | null = null;

/**
 * Loads the surveys module lazily: the plan works without it (no follow-up surveys, no
 * "last time" line) and picks it up once it exists. The specifier is a URL so the
 * type checker does not require the module to be there.
 */
function surveyRuns(): Promise<SurveyRuns | null> {
  loaded ??= (async () => {
    if (!existsSync(fileURLToPath(RUNS_URL))) return null;
    try {
      return (await import(RUNS_URL.href)) as SurveyRuns;
    } catch {
      return null;
    }
  })();
  return loaded;
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
