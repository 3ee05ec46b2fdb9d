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

describe('CSAT and the shares of the answers', () => {
  const shares = () => basic({
    questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'pick', type: 'choice', options: ['a', 'b', 'c'], text: 'Pick one' },
      { id: 'ch', type: 'multi', options: ['x', 'y'], text: 'Pick any' },
    ],
  });

  it('CSAT is the share of 4 and 5, equal counts read equal shares, a multi is the share of those who answered', async () => {
    define(app, shares());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // six answers: 4, 5 and 5 are satisfied (3 of 6: 50%); picks a, b and four c (1/6, 1/6, 4/6)
    const given = [['1', 'a', ['x']], ['4', 'b', ['x', 'y']], ['5', 'c', ['x']], ['5', 'c', ['y']], ['2', 'c', ['x']], ['3', 'c', ['x', 'y']]] as const;
    for (const [i, [overall, pick, ch]] of given.entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { overall, pick, ch: [...ch] });
    closeAll(app, 'pulse');
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', '--db', app.file])).out);
    const q = (id: string) => json.questions.find((x: { id: string }) => x.id === id);
    // each share rounded on its own: one answer of six is 17% wherever it is, so the five add up to 101
    expect(q('overall')).toMatchObject({ count: 6, mean: 3.33, csat: 50, percent: { '1': 17, '2': 17, '3': 17, '4': 17, '5': 33 } });
    expect(q('pick').percent).toEqual({ a: 17, b: 17, c: 67 });
    // x by 5 of the 6 who answered (83%), y by 3 (50%): several options each, so more than 100 together
    expect(q('ch').percent).toEqual({ x: 83, y: 50 });
    expect(q('pick').csat).toBeUndefined();
    const human = (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' })).out;
    expect(human).toMatch(/\(id overall, csat\): 6 answers, mean 3\.33, CSAT 50%, 1:1 \(17%\) 2:1 \(17%\) 3:1 \(17%\) 4:1 \(17%\) 5:2 \(33%\)$/m);
    expect(human).toMatch(/"a":1 \(17%\) "b":1 \(17%\) "c":4 \(67%\)$/m);
    expect(human).toMatch(/"x":5 \(83%\) "y":3 \(50%\)$/m);
  });

  it('all the same answer: that value is 100%, and CSAT 0% when it is no 4 or 5', async () => {
    define(app, shares());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (let i = 1; i <= 3; i++) await submit(app, `sales-${i}@x.example`, runId, { overall: '3', pick: 'b', ch: ['y'] });
    closeAll(app, 'pulse');
    const r = surveyResults(app, 'pulse');
    expect(r.questions[0]).toMatchObject({ mean: 3, csat: 0, percent: { '1': 0, '2': 0, '3': 100, '4': 0, '5': 0 } });
    expect(r.questions[1]!.percent).toEqual({ a: 0, b: 100, c: 0 });
    expect(r.questions[2]!.percent).toEqual({ x: 0, y: 100 });
  });

  it('the result card in chat gives the CSAT the command line and the admin page give, in both languages', async () => {
    define(app, shares());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // 4, 5 and 5 of seven answers are satisfied: 42.9%
    for (const [i, overall] of ['4', '5', '2', '1', '3', '5', '1'].entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { overall, pick: 'a', ch: ['x'] });
    closeAll(app, 'pulse');
    const r = surveyResults(app, 'pulse');
    expect(r.questions[0]!.csat).toBe(42.9);
    const repo = new SurveyRepo(app.db);
    const card = (lang: 'de' | 'en') => summaryCard(app, repo.get('pulse')!.def, repo.run(runId)!, r, lang);
    expect(card('en').text).toContain('CSAT (share of 4–5) "Satisfied?": 42.9%');
    expect(card('de').text).toContain('CSAT (Anteil 4–5) «Satisfied?»: 42.9%');
    const fields = card('en').blocks!.flatMap((b) => (b.type === 'fields' ? b.fields : []));
    expect(fields).toContainEqual({ label: 'CSAT (share of 4–5) "Satisfied?"', value: '42.9%' });
    // no CSAT beside a question that is not a csat one
    expect(card('en').text).not.toMatch(/CSAT[^\n]*Pick/);
  });

  it('three equal counts read 33% each (99 together), never 34/33/33', async () => {
    define(app, shares());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, pick] of ['a', 'b', 'c'].entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { overall: String(i + 3), pick, ch: ['x'] });
    closeAll(app, 'pulse');
    const r = surveyResults(app, 'pulse');
    expect(r.questions[1]!.percent).toEqual({ a: 33, b: 33, c: 33 });
    expect(r.questions[0]!.percent).toEqual({ '1': 0, '2': 0, '3': 33, '4': 33, '5': 33 });
  });
});
