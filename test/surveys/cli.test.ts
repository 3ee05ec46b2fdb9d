import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, count, people, surveyFile } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4 });
});
afterEach(() => app.cleanup());

describe('itbot survey send / results / export / close / list', () => {
  it('sends once a day by default, exports CSV per the rules, closes on demand', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).out).toBe('pulse');
    const s1 = await cli(['survey', 'send', 'pulse', ...db]);
    expect(s1.code).toBe(0);
    expect(s1.out).toMatch(/run send:\d{4}-\d{2}-\d{2} opened, 4 invitations queued/);
    expect((await cli(['survey', 'send', 'pulse', ...db])).out).toMatch(/exists already, nothing queued/);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(4);
    const run = new SurveyRepo(app.db).runs('pulse')[0]!;
    for (const e of ['sales-1@x.example', 'sales-2@x.example', 'sales-3@x.example']) await answer(app, e, run.id, 'overall', '4');
    const text = await cli(['survey', 'results', 'pulse', ...db]);
    expect(text.out).toMatch(/survey pulse \(confidential, min group 3\): 3 of 4 responded \(75%\)/);
    expect(text.out).toMatch(/overall \(csat\): 3 answers, mean 4/);
    const csv = await cli(['survey', 'export', 'pulse', '--format', 'csv', ...db]);
    expect(csv.out).toBe(`wave,respondent,department,question,type,value,count\n${run.run_key},,Sales,overall,csat,4,3`);
    expect((await cli(['survey', 'export', 'pulse', '--format', 'xml', ...db])).code).toBe(2);
    expect((await cli(['survey', 'close', 'pulse', ...db])).out).toBe('survey pulse: 1 run(s) closed');
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-summary'")).toBe(1);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite' AND state = 'cancelled'")).toBe(4);
    const list = JSON.parse((await cli(['survey', 'list', '--json', ...db])).out);
    expect(list[0]).toMatchObject({ id: 'pulse', anonymity: 'confidential', runs: [{ closed: true }] });
    expect((await cli(['survey', 'send', 'nope', ...db])).code).toBe(2);
  });
});
