import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { summaryCard } from '../../src/surveys/summary.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, closeAll, define, people, submit } from './helpers.ts';

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
    closeAll(app, 'pulse');
    const r = surveyResults(app, 'pulse');
    expect(r.responseRate).toBe(0.385); // the JSON keeps three decimals
    const out = await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(out.out.split('\n')[0]).toMatch(/5 of 13 responded \(38%\)/);
    const repo = new SurveyRepo(app.db);
    const card = summaryCard(app, repo.get('pulse')!.def, repo.run(runId)!, r, 'en');
    expect(card.text).toMatch(/38%/);
    expect(card.text).not.toMatch(/39%/);
  });
});

describe('a text question not withheld', () => {
  it('has an empty distribution, not null, and no withheld reason', async () => {
    define(app, basic({ questions: [{ id: 'overall', type: 'csat', text: 'Satisfied?' }, { id: 'comment', type: 'text', optional: true, text: 'Else?' }] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (let i = 1; i <= 3; i++) await submit(app, `sales-${i}@x.example`, runId, { overall: '4', comment: `note ${i}` });
    const out = await cli(['survey', 'results', 'pulse', '--json', '--db', app.file]);
    const text = JSON.parse(out.out).questions[1];
    expect(text).toEqual({ id: 'comment', type: 'text', count: 3, distribution: {}, mean: null, nps: null, comments: ['note 1', 'note 2', 'note 3'] });
    // every question not withheld has an object as its distribution
    for (const q of JSON.parse(out.out).questions) if (!q.withheld) expect(typeof q.distribution).toBe('object');
    const human = await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(human.out).toMatch(/^ {2}Else\? \(id comment, text\): 3 answers$/m);
  });
});
