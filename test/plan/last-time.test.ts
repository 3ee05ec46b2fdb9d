import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { lastTime } from '../../src/plan/surveys-bridge.ts';
import { parseAudience, type Audience } from '../../src/people/audience.ts';
import { importYaml, JOUR_FIXE, machinery, rows, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

// the demo's Finance department: the audience of the jour-fixe, and event-feedback's minGroupSize is 3
const FINANCE = ['julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example', 'peter.huber@alpenfirn.example'];

async function rate(runId: number, email: string, rating: string) {
  const ev = click('survey.submit', String(runId), email);
  ev.action!.values = { rating };
  await app.bot.handle(ev);
}

async function feedbackRun(occurrence: string, ratings: string[], close: boolean) {
  const run = startSurveyRun(app, 'event-feedback', { runKey: `plan:jf-finance:${occurrence}`, audience: parseAudience('department:Finance') as Audience, scheduled: true });
  for (const [i, r] of ratings.entries()) await rate(run.runId, FINANCE[i]!, r);
  const repo = new SurveyRepo(app.db);
  if (close) closeRun(app, repo.get('event-feedback')!.def, repo.run(run.runId)!);
  return run.runId;
}

describe('the "last time" line of a reminder', () => {
  it('comes from the newest closed feedback run whose score is shown, not from a run still open or withheld', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z' });
    withPeople(app);
    await surveysFeature.demo!(app);
    await feedbackRun('2027-02-02T09:00', ['4', '5', '4'], true); // 4.33, shown
    app.clock.advance(60_000);
    await feedbackRun('2027-02-09T09:00', ['2'], true); // one answer: withheld
    app.clock.advance(60_000);
    await feedbackRun('2027-02-16T09:00', ['1', '1', '1'], false); // still open: not final yet
    expect(await lastTime(app, 'event-feedback', 'jf-finance')).toEqual({ mean: 4.33, responses: 3 });

    importYaml(app, JOUR_FIXE.replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    followUpSurvey: event-feedback'));
    await machinery(app).scheduler.tick();
    const reminder = rows(app, "kind = 'plan-reminder'")[0]!;
    expect(JSON.parse(reminder.message).text).toMatch(/letztes Mal: 4\.3\/5 Zufriedenheit$/);
  });

  it('says "no feedback yet" while no closed run shows a score', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z' });
    withPeople(app);
    await surveysFeature.demo!(app);
    await feedbackRun('2027-02-09T09:00', ['2'], true);
    expect(await lastTime(app, 'event-feedback', 'jf-finance')).toEqual({ mean: null, responses: 1 });
  });
});
