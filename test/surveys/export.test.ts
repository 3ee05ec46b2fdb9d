import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { basic, closeAll, define, people, submit } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4 });
});
afterEach(() => app.cleanup());

const withComment = (anonymity: string) =>
  basic({
    anonymity,
    questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'comment', type: 'text', optional: true, text: 'Anything else?' },
    ],
  });

const rowsOf = (csv: string) => parse(csv, { columns: true }) as Array<Record<string, string>>;

describe('survey CSV export', () => {
  for (const anonymity of ['named', 'confidential', 'anonymous']) {
    it(`${anonymity}: a comment a spreadsheet would run as a formula is exported as text`, async () => {
      define(app, withComment(anonymity));
      const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
      const comments = ['=HYPERLINK("http://evil.example","click")', '+SUM(A1)', '@cmd|calc', "'=quoted already"];
      for (const [i, c] of comments.entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { overall: '4', comment: c });
      closeAll(app, 'pulse');
      const rows = rowsOf(exportCsv(app, 'pulse'));
      for (const r of rows) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const exported = rows.filter((r) => r.question === 'comment').map((r) => r.value).sort();
      expect(exported).toEqual([`'=HYPERLINK("http://evil.example","click")`, "''=quoted already", "'+SUM(A1)", "'@cmd|calc"].sort());
    });
  }
});

describe('the group-size rule in the export', () => {
  it('named: the answers of a question the results withhold are not exported either', async () => {
    define(app, withComment('named'));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await submit(app, 'sales-1@x.example', runId, { overall: '4', comment: 'only I wrote one' });
    await submit(app, 'sales-2@x.example', runId, { overall: '5' });
    await submit(app, 'sales-3@x.example', runId, { overall: '3', comment: 'and me' });
    const res = surveyResults(app, 'pulse');
    expect(res.questions.find((q) => q.id === 'comment')!.withheld).toBe('fewer than 3 answers to this question');
    const rows = rowsOf(exportCsv(app, 'pulse'));
    expect(rows.map((r) => [r.respondent, r.question, r.value])).toEqual([
      ['sales-1@x.example', 'overall', '4'],
      ['sales-2@x.example', 'overall', '5'],
      ['sales-3@x.example', 'overall', '3'],
    ]);
    // a third comment: now the question is shown, and exported
    await submit(app, 'sales-2@x.example', runId, { overall: '5', comment: 'me too' });
    expect(rowsOf(exportCsv(app, 'pulse')).filter((r) => r.question === 'comment').map((r) => r.respondent).sort()).toEqual(['sales-1@x.example', 'sales-2@x.example', 'sales-3@x.example']);
  });
});
