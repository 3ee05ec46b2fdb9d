import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { summaryCard } from '../../src/surveys/summary.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, define, people } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 13 });
});
afterEach(() => app.cleanup());

describe('the response rate', () => {
  it('is rounded once, from the counts: 5 of 13 is 38%, not 39%', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (let i = 1; i <= 5; i++) await answer(app, `sales-${i}@x.example`, runId, 'overall', '4');
    const r = surveyResults(app, 'pulse');
    expect(r.responseRate).toBe(0.385); // the JSON keeps three decimals
    const out = await cli(['survey', 'results', 'pulse', '--db', app.file]);
    expect(out.out.split('\n')[0]).toMatch(/5 of 13 responded \(38%\)/);
    const repo = new SurveyRepo(app.db);
    const card = summaryCard(app, repo.get('pulse')!.def, repo.run(runId)!, r, 'en');
    expect(card.text).toMatch(/38%/);
    expect(card.text).not.toMatch(/39%/);
  });
});
