import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults, surveyResultsByWave, type QuestionResult, type SurveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { answer, closeAll, define, people, submit } from './helpers.ts';

/*
 * The group-size rule against subtraction: no figure shown anywhere (results, CSV, the
 * per-wave results behind the admin pages and cards) minus the other figures shown gives
 * back a group below minGroupSize.
 */

let app: TestApp;
beforeEach(() => {
  app = testApp();
  // 13 people: Management 1, IT 3, Sales 6, Finance 2, HR 1
  people(app, { Management: 1, IT: 3, Sales: 6, Finance: 2, HR: 1 });
});
afterEach(() => app.cleanup());

const q = (r: { questions: QuestionResult[] }, id: string) => r.questions.find((x) => x.id === id)!;
const dept = (r: SurveyResults, d: string) => r.departments.find((x) => x.department === d)!;
const csvLines = (id: string) => exportCsv(app, id).trim().split('\n').slice(1);

/**
 * The admin page and the CSV export read a survey once (surveyResultsByWave): per wave, the same
 * figures as the results function reading that wave alone (a run filter reads only that run's
 * answers). The survey-wide figures are the same code path as surveyResults; each test checks
 * them against figures worked out by hand.
 */
function sameFromOneRead(id: string): void {
  const once = surveyResultsByWave(app, id);
  const runs = new SurveyRepo(app.db).runs(id);
  expect(runs.length).toBeGreaterThan(0);
  for (const run of runs) expect(once.wave(run.id)).toEqual(surveyResults(app, id, (r) => r.id === run.id));
}

describe('withheld groups cannot be worked out by subtraction', () => {
  it('an optional question a department answered too rarely: the other departments do not show it either, and the CSV rest is not that department', async () => {
    define(app, {
      id: 'optq', title: 'Optional question', anonymity: 'confidential', minGroupSize: 3, audience: ['department:Sales', 'department:IT'], closes: 'P7D',
      questions: [{ id: 'q1', type: 'csat', text: 'One?' }, { id: 'q2', type: 'csat', optional: true, text: 'Two?' }],
    });
    const { runId } = startSurveyRun(app, 'optq', { runKey: 'w1', scheduled: false });
    for (let i = 1; i <= 5; i++) await submit(app, `sales-${i}@x.example`, runId, { q1: '4', q2: '4' });
    await submit(app, 'it-1@x.example', runId, { q1: '3', q2: '1' });
    await submit(app, 'it-2@x.example', runId, { q1: '3', q2: '2' });
    await submit(app, 'it-3@x.example', runId, { q1: '3' });
    closeAll(app, 'optq');

    for (const r of [surveyResults(app, 'optq'), surveyResults(app, 'optq', (run) => run.id === runId)]) {
      // the whole survey shows q2 (7 answers) ...
      expect(q(r, 'q2')).toMatchObject({ count: 7, distribution: { '1': 1, '2': 1, '3': 0, '4': 5, '5': 0 } });
      // ... IT's two answers are withheld, and so is Sales' q2, or 7 minus Sales' 5 would be IT's
      expect(q(dept(r, 'IT'), 'q2')).toMatchObject({ count: null, distribution: null, withheld: 'fewer than 3 answers to this question' });
      expect(q(dept(r, 'Sales'), 'q2')).toMatchObject({ count: null, distribution: null, withheld: expect.stringMatching(/cannot be worked out/) });
      // q1 is answered by everyone in both departments: shown
      expect(q(dept(r, 'Sales'), 'q1')).toMatchObject({ count: 5, mean: 4 });
      expect(q(dept(r, 'IT'), 'q1')).toMatchObject({ count: 3, mean: 3 });
    }
    // the CSV: q2 only without department, the seven answers together
    expect(csvLines('optq').filter((l) => l.includes(',q2,'))).toEqual(['w1,,,q2,csat,1,1', 'w1,,,q2,csat,2,1', 'w1,,,q2,csat,4,5']);
    expect(csvLines('optq').filter((l) => l.includes(',q1,'))).toEqual(['w1,,IT,q1,csat,3,3', 'w1,,Sales,q1,csat,4,5']);
    sameFromOneRead('optq');
  });

  it("a wave's withheld question and comment stay out of the combined figures (anonymous)", async () => {
    define(app, {
      id: 'anonw', title: 'Anonymous waves', anonymity: 'anonymous', minGroupSize: 5, audience: 'all', closes: 'P7D',
      questions: [
        { id: 'q1', type: 'csat', text: 'One?' },
        { id: 'q2', type: 'csat', optional: true, text: 'Two?' },
        { id: 'c', type: 'text', optional: true, text: 'Comment?' },
      ],
    });
    const a = startSurveyRun(app, 'anonw', { runKey: 'wave-a', scheduled: false });
    const b = startSurveyRun(app, 'anonw', { runKey: 'wave-b', scheduled: false });
    for (let i = 1; i <= 5; i++) await submit(app, `sales-${i}@x.example`, a.runId, { q1: '4', q2: '5', c: `fine s${i}` });
    for (let i = 1; i <= 4; i++) await submit(app, `sales-${i}@x.example`, b.runId, { q1: '4' });
    await submit(app, 'management-1@x.example', b.runId, { q1: '4', q2: '1', c: 'the only comment of wave b' });
    closeAll(app, 'anonw');

    const r = surveyResults(app, 'anonw');
    const waveB = r.waves.find((w) => w.runKey === 'wave-b')!;
    expect(waveB.withheld).toBeUndefined(); // 5 responses: the wave is shown ...
    expect(q(waveB, 'q2')).toMatchObject({ count: null, withheld: 'fewer than 5 answers to this question' }); // ... its one q2 answer not
    expect(q(waveB, 'c')).toMatchObject({ count: null, comments: [] });
    const waveA = r.waves.find((w) => w.runKey === 'wave-a')!;
    expect(q(waveA, 'q2')).toMatchObject({ count: 5, distribution: { '5': 5 } });
    // combined: q1 over both waves; q2 and the comments without wave-b's single answer
    expect(q(r, 'q1')).toMatchObject({ count: 10, mean: 4 });
    expect(q(r, 'q2')).toMatchObject({ count: 5, distribution: { '1': 0, '5': 5 }, leftOut: ['wave-b'] });
    expect(q(r, 'c').comments).toEqual(['fine s1', 'fine s2', 'fine s3', 'fine s4', 'fine s5']);
    expect(JSON.stringify(r)).not.toContain('the only comment of wave b');
    expect(r.responses).toBe(10); // the contract's counts stay the real ones
    // the CLI (JSON and text) and the CSV say the same
    const json = await cli(['survey', 'results', 'anonw', '--json', '--db', app.file]);
    expect(JSON.parse(json.out).questions[1]).toMatchObject({ id: 'q2', count: 5, leftOut: ['wave-b'] });
    const text = await cli(['survey', 'results', 'anonw', '--db', app.file]);
    expect(text.out).not.toContain('the only comment of wave b');
    expect(text.out).not.toMatch(/1:1/);
    expect(exportCsv(app, 'anonw')).not.toContain('the only comment of wave b');
    expect(csvLines('anonw').filter((l) => l.includes(',q2,'))).toEqual(['wave-a,,,q2,csat,5,5']);

    // once the withheld answers of the waves together reach the minimum, they count again
    const c = startSurveyRun(app, 'anonw', { runKey: 'wave-c', scheduled: false });
    for (const e of ['it-1', 'it-2', 'it-3', 'finance-1']) await submit(app, `${e}@x.example`, c.runId, { q1: '3', q2: '2' });
    await submit(app, 'finance-2@x.example', c.runId, { q1: '3' });
    closeAll(app, 'anonw');
    const later = surveyResults(app, 'anonw');
    expect(q(later.waves.find((w) => w.runKey === 'wave-c')!, 'q2').withheld).toBeTruthy(); // 4 answers
    expect(q(later, 'q2')).toMatchObject({ count: 10, distribution: { '1': 1, '2': 4, '5': 5 } });
    expect(q(later, 'q2').leftOut).toBeUndefined();
    sameFromOneRead('anonw');
  });

  it('a department over all waves is not shown when one of its waves withholds it', async () => {
    define(app, {
      id: 'cw', title: 'Confidential waves', anonymity: 'confidential', minGroupSize: 3, audience: ['department:Sales', 'department:IT'], closes: 'P7D',
      questions: [{ id: 'q1', type: 'csat', text: 'One?' }],
    });
    const a = startSurveyRun(app, 'cw', { runKey: 'wave-a', scheduled: false });
    const b = startSurveyRun(app, 'cw', { runKey: 'wave-b', scheduled: false });
    for (let i = 1; i <= 5; i++) await answer(app, `sales-${i}@x.example`, a.runId, 'q1', '4');
    for (let i = 1; i <= 3; i++) {
      await answer(app, `it-${i}@x.example`, a.runId, 'q1', '3');
      await answer(app, `it-${i}@x.example`, b.runId, 'q1', '3');
    }
    await answer(app, 'sales-1@x.example', b.runId, 'q1', '1');
    await answer(app, 'sales-2@x.example', b.runId, 'q1', '2');
    closeAll(app, 'cw');

    const r = surveyResults(app, 'cw');
    // Sales: 5 in wave-a (shown), 2 in wave-b (withheld): Sales over both waves would give wave-b away
    expect(dept(r, 'Sales')).toMatchObject({ responses: 7 });
    expect(q(dept(r, 'Sales'), 'q1')).toMatchObject({ count: null, distribution: null, mean: null, withheld: expect.stringMatching(/wave/) });
    // IT in wave-b is withheld too (wave-b minus IT would be Sales' two answers), so not over both waves either
    expect(q(dept(r, 'IT'), 'q1')).toMatchObject({ count: null, mean: null });
    // the waves themselves are shown
    expect(q(r.waves.find((w) => w.runKey === 'wave-b')!, 'q1')).toMatchObject({ count: 5, distribution: { '1': 1, '2': 1, '3': 3, '4': 0, '5': 0 } });
    // per wave (CSV, the admin trend table, --wave): Sales and IT in wave-a, nobody in wave-b
    const perWave = (key: string) => surveyResults(app, 'cw', (run) => run.run_key === key).departments.map((d) => [d.department, q(d, 'q1').mean]);
    expect(perWave('wave-a')).toEqual([['IT', 3], ['Sales', 4]]);
    expect(perWave('wave-b')).toEqual([['IT', null], ['Sales', null]]);
    expect(csvLines('cw')).toEqual([
      'wave-a,,IT,q1,csat,3,3', 'wave-a,,Sales,q1,csat,4,5',
      'wave-b,,,q1,csat,1,1', 'wave-b,,,q1,csat,2,1', 'wave-b,,,q1,csat,3,3',
    ]);
    const out = await cli(['survey', 'results', 'cw', '--db', app.file]);
    expect(out.out).not.toMatch(/Sales: 7\/\d+, q1/);
    sameFromOneRead('cw');
    // a third wave with one response: withheld, and left out of the combined figures
    const c = startSurveyRun(app, 'cw', { runKey: 'wave-c', scheduled: false });
    await answer(app, 'it-1@x.example', c.runId, 'q1', '5');
    closeAll(app, 'cw');
    expect(surveyResults(app, 'cw').leftOut).toEqual(['wave-c']);
    sameFromOneRead('cw');
  });
});
