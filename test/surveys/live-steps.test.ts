import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults, surveyResultsByWave } from '../../src/surveys/results.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { steppedText } from '../../src/surveys/texts.ts';
import { summaryCard } from '../../src/surveys/summary.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { followUpWaves } from '../../src/plan/surveys-bridge.ts';
import { defaultSources } from '../../src/newsletter/sources.ts';
import { cli } from '../doubles/cli.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/store/db.ts';
import { basic, count, define, people, submit, surveyFile } from './helpers.ts';

/*
 * Live results of an open run move in steps of at least minGroupSize answers: someone who
 * reads them before and after one more answer must not learn that answer.
 */

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

const withComment = (extra: Record<string, unknown> = {}) => basic({
  questions: [
    { id: 'overall', type: 'csat', text: 'Satisfied?' },
    { id: 'note', type: 'text', optional: true, text: 'Anything else?' },
  ],
  ...extra,
});

/** Everything a reader of the results sees of the open wave, without the "answered so far" line. */
function figures(id: string) {
  const r = surveyResults(app, id);
  return {
    responses: r.responses,
    questions: r.questions,
    waves: r.waves.map(({ stepped: _s, ...w }) => w),
    departments: r.departments,
    csv: exportCsv(app, id),
  };
}

describe('live results of an open run move in steps of minGroupSize', () => {
  for (const anonymity of ['anonymous', 'confidential'] as const) {
    it(`${anonymity}: one more answer after the third changes nothing shown; the sixth shows all six`, async () => {
      const emails = people(app, { Sales: 8 });
      define(app, withComment({ anonymity }));
      const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
      await submit(app, emails[0]!, runId, { overall: '5', note: 'great' });
      await submit(app, emails[1]!, runId, { overall: '4', note: 'fine' });
      await submit(app, emails[2]!, runId, { overall: '4', note: 'ok' });
      const three = figures('pulse');
      expect(three.responses).toBe(3);
      expect(three.questions[0]).toMatchObject({ count: 3, distribution: { '1': 0, '2': 0, '3': 0, '4': 2, '5': 1 } });
      expect(three.questions[1]).toMatchObject({ count: 3, comments: ['fine', 'great', 'ok'] });

      // the fourth and fifth answers: nothing shown moves (results, waves, CSV)
      await submit(app, emails[3]!, runId, { overall: '1', note: 'bad' });
      expect(figures('pulse')).toEqual(three);
      await submit(app, emails[4]!, runId, { overall: '2' });
      expect(figures('pulse')).toEqual(three);
      const r = surveyResults(app, 'pulse');
      expect(r.stepped).toEqual({ every: 3, per: anonymity === 'anonymous' ? 'wave' : 'department', responsesSoFar: 5 });
      expect(r.waves[0]!.stepped).toEqual(r.stepped);
      expect(r.recipients).toBe(8);

      // the sixth: all six answers, together with the three before
      await submit(app, emails[5]!, runId, { overall: '3' });
      const six = surveyResults(app, 'pulse');
      expect(six.responses).toBe(6);
      expect(six.questions[0]).toMatchObject({ count: 6, distribution: { '1': 1, '2': 1, '3': 1, '4': 2, '5': 1 } });
      // the comment question: one more comment since its step (4 of 6), fewer than 3: as before
      expect(six.questions[1]).toMatchObject({ count: 3, comments: ['fine', 'great', 'ok'] });

      // after the close: every answer the step counted; the one comment since its step stays out,
      // or the closed comments minus the last ones shown would be that comment
      closeRun(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
      const closed = surveyResults(app, 'pulse');
      expect(closed.stepped).toBeUndefined();
      expect(closed.heldBack).toBeUndefined();
      expect(closed.responses).toBe(6);
      expect(closed.questions[0]).toEqual(six.questions[0]);
      expect(closed.questions[1]).toMatchObject({ count: 3, comments: ['fine', 'great', 'ok'] });
    });
  }

  it('the newsletter takes a closed run\'s later answers left out with its figures, to say so beside the count', async () => {
    const emails = people(app, { Sales: 5 });
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, v] of ['5', '4', '4', '1'].entries()) await submit(app, emails[i]!, runId, { overall: v });
    const from = new Date(app.clock.now().getTime() - 1000);
    closeRun(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
    const items = defaultSources(app).closedSurveys(from, new Date(app.clock.now().getTime() + 1000));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ responses: 4, heldBack: 1, figures: [{ type: 'csat', value: 4.33 }] });
  });

  it('a run past its close time, not yet closed by the server, is read as closed: the answer after the last step stays out', async () => {
    const emails = people(app, { Sales: 5 });
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, v] of ['5', '4', '4', '1'].entries()) await submit(app, emails[i]!, runId, { overall: v });
    expect(surveyResults(app, 'pulse').responses).toBe(3);
    app.clock.advance(8 * 24 * 3600 * 1000);
    expect(new SurveyRepo(app.db).run(runId)!.closed_at).toBeNull();
    expect(surveyResults(app, 'pulse')).toMatchObject({ responses: 4, heldBack: 1, questions: [{ count: 3, distribution: { 1: 0, 4: 2, 5: 1 } }] });
  });

  for (const anonymity of ['anonymous', 'confidential'] as const) {
    it(`${anonymity}: the close does not give away the answers after the last step by the difference`, async () => {
      const emails = people(app, { Sales: 9 });
      define(app, withComment({ anonymity }));
      const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
      for (const [i, v] of ['5', '4', '4', '3', '5', '2'].entries()) await submit(app, emails[i]!, runId, { overall: v, note: `note ${i}` });
      const lastShown = figures('pulse');
      expect(lastShown.responses).toBe(6);
      await submit(app, emails[6]!, runId, { overall: '1', note: 'the seventh' });
      expect(figures('pulse')).toEqual(lastShown);
      closeRun(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
      const closed = surveyResultsByWave(app, 'pulse');
      // the figures, the wave's, the CSV: those of the last step; the seventh answer is said to be left out
      expect(closed.all.responses).toBe(7);
      expect(closed.all.heldBack).toBe(1);
      expect(closed.all.waves[0]!.heldBack).toBe(1);
      // (each question also says the answer to it its figures leave out)
      expect(closed.all.questions).toEqual(lastShown.questions.map((q) => ({ ...q, heldBack: 1 })));
      expect(closed.wave(runId)!.questions).toEqual(lastShown.questions.map((q) => ({ ...q, heldBack: 1 })));
      expect(exportCsv(app, 'pulse')).toBe(lastShown.csv);
      expect(exportCsv(app, 'pulse')).not.toMatch(/the seventh/);
      const repo = new SurveyRepo(app.db);
      const card = summaryCard(app, repo.get('pulse')!.def, repo.run(runId)!, closed.wave(runId)!, 'en');
      expect(card.text).toMatch(/^Responses: 7 \/ 9$/m);
      expect(card.text).toMatch(/^1 later answer is left out to protect anonymity\.$/m);
      expect(card.text).toMatch(new RegExp(`: ${closed.all.questions[0]!.mean}$`, 'm'));
      // the operator's command line shows every answer
      expect(surveyResults(app, 'pulse', undefined, { live: true }).questions[0]).toMatchObject({ count: 7 });
    });
  }

  it('confidential: departments keep their last step at the close; the wave adds their later answers once together they are enough', async () => {
    const emails = people(app, { Sales: 6, HR: 6 });
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const sales = emails.filter((e) => e.startsWith('sales')), hr = emails.filter((e) => e.startsWith('hr'));
    for (const e of [...sales.slice(0, 3), ...hr.slice(0, 3)]) await submit(app, e, runId, { overall: '4' });
    for (const e of [sales[3]!, hr[3]!]) await submit(app, e, runId, { overall: '1' });
    const shown = surveyResults(app, 'pulse');
    expect(shown.questions[0]).toMatchObject({ count: 6 });
    // two late answers (one a department): the wave's figure would move by two, a department's by one
    closeRun(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
    const closed = surveyResults(app, 'pulse');
    expect(closed).toMatchObject({ responses: 8, heldBack: 2 });
    expect(closed.questions).toEqual(shown.questions.map((q) => ({ ...q, heldBack: 2 })));
    expect(closed.departments.map((d) => d.questions[0]!.distribution)).toEqual(shown.departments.map((d) => d.questions[0]!.distribution));

    // another run with three late answers across the departments: the wave shows them, the departments stay at their steps
    const two = startSurveyRun(app, 'pulse', { runKey: 'r2', scheduled: false }).runId;
    for (const e of [...sales.slice(0, 3), ...hr.slice(0, 3)]) await submit(app, e, two, { overall: '4' });
    for (const e of [sales[3]!, sales[4]!, hr[3]!]) await submit(app, e, two, { overall: '1' });
    closeRun(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(two)!);
    const r2 = surveyResults(app, 'pulse', (r) => r.id === two);
    expect(r2.heldBack).toBeUndefined();
    expect(r2.questions[0]).toMatchObject({ count: 9, distribution: { 1: 3, 4: 6 } });
    expect(r2.departments.map((d) => d.questions[0]!.distribution?.['1'] ?? null)).toEqual([0, 0]);
  });

  it('named surveys are not stepped (their answers are shown by name)', async () => {
    const emails = people(app, { Sales: 5 });
    define(app, basic({ anonymity: 'named' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, v] of ['5', '4', '4', '1'].entries()) await submit(app, emails[i]!, runId, { overall: v });
    const r = surveyResults(app, 'pulse');
    expect(r).toMatchObject({ responses: 4, questions: [{ count: 4, distribution: { '1': 1, '4': 2, '5': 1 } }] });
    expect(r.stepped).toBeUndefined();
  });

  it('confidential: each department moves in steps of its own people, and the wave is the sum of those steps', async () => {
    const sales = people(app, { Sales: 6 });
    const hr = people(app, { HR: 6 });
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of sales.slice(0, 3)) await submit(app, e, runId, { overall: '5' });
    for (const e of hr.slice(0, 3)) await submit(app, e, runId, { overall: '2' });
    const before = surveyResultsByWave(app, 'pulse').wave(runId)!;
    expect(before.departments.map((d) => [d.department, d.responses, d.questions[0]!.distribution?.['5'], d.questions[0]!.distribution?.['2']]))
      .toEqual([['HR', 3, 0, 3], ['Sales', 3, 3, 0]]);
    // a fourth person of Sales, then a fourth of HR: 8 answers, a multiple of nothing per department
    await submit(app, sales[3]!, runId, { overall: '1' });
    await submit(app, hr[3]!, runId, { overall: '1' });
    const after = surveyResultsByWave(app, 'pulse').wave(runId)!;
    expect(after.departments).toEqual(before.departments);
    expect(after.questions).toEqual(before.questions);
    expect(after.responses).toBe(6);
    expect(after.stepped!.responsesSoFar).toBe(8);
  });

  it('a confidential answer changed between steps shows only with the next step', async () => {
    const emails = people(app, { Sales: 8 });
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 3)) await submit(app, e, runId, { overall: '5' });
    const shown = figures('pulse');
    await submit(app, emails[0]!, runId, { overall: '1' }); // a change: no new response
    expect(figures('pulse')).toEqual(shown);
  });

  it('a named survey made confidential while open goes on from its counts as they stood', async () => {
    const emails = people(app, { Sales: 8 });
    define(app, basic({ anonymity: 'named' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 4)) await submit(app, e, runId, { overall: '4' });
    createSurvey(app, surveyFile(app.dir, basic({ anonymity: 'confidential' })));
    expect(surveyResults(app, 'pulse')).toMatchObject({ responses: 4, questions: [{ count: 4 }] });
    await submit(app, emails[4]!, runId, { overall: '1' });
    expect(surveyResults(app, 'pulse')).toMatchObject({ responses: 4, questions: [{ count: 4 }] });
  });

  it('a confidential survey made anonymous while open keeps its steps, counted for the whole wave', async () => {
    const sales = people(app, { Sales: 6 });
    const hr = people(app, { HR: 6 });
    define(app, withComment());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of [...sales.slice(0, 3), ...hr.slice(0, 3)]) await submit(app, e, runId, { overall: '4', note: `from ${e}` });
    await submit(app, sales[3]!, runId, { overall: '1', note: 'late' });
    const shown = surveyResults(app, 'pulse');
    createSurvey(app, surveyFile(app.dir, withComment({ anonymity: 'anonymous' })));
    const anon = surveyResults(app, 'pulse');
    expect(anon.questions).toEqual(shown.questions);
    expect(anon.responses).toBe(6);
    await submit(app, hr[3]!, runId, { overall: '1', note: 'later' });
    expect(surveyResults(app, 'pulse').questions).toEqual(shown.questions);
    await submit(app, hr[4]!, runId, { overall: '1', note: 'latest' });
    expect(surveyResults(app, 'pulse')).toMatchObject({ responses: 9, questions: [{ count: 9 }, { count: 9 }] });
  });

  it('what people read says what the figures count and that they update in steps; the command line, the operator\'s, shows them as they stand', async () => {
    const emails = people(app, { Sales: 8 });
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, v] of ['5', '4', '4', '1'].entries()) await submit(app, emails[i]!, runId, { overall: v });
    const stepped = surveyResults(app, 'pulse');
    expect(stepped).toMatchObject({ recipients: 8, responses: 3, stepped: { every: 3, per: 'wave', responsesSoFar: 4 }, questions: [{ count: 3 }] });
    expect(steppedText('en', stepped.stepped!, stepped.responses)).toBe('Figures as of 3 responses (4 people have answered so far). While the survey is open, they update every 3 answers, so that nobody can tell a single answer from the difference between two looks.');
    expect(steppedText('de', stepped.stepped!, stepped.responses)).toBe('Zahlen beim Stand von 3 Antworten (bisher haben 4 Personen geantwortet). Solange die Umfrage offen ist, werden sie alle 3 Antworten nachgeführt, damit niemand aus dem Unterschied zweier Blicke eine einzelne Antwort ablesen kann.');
    expect(exportCsv(app, 'pulse')).not.toContain('overall,csat,1,');
    // the operator holds the database file, every answer in it as it arrives: the command line shows the figures as they stand
    const en = await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(en.out.split('\n').slice(0, 2)).toEqual([
      'survey pulse (anonymous, min group 3): 4 of 8 responded (50%)',
      '  Satisfied? (id overall, csat): 4 answers, mean 3.50, CSAT 75%, 1:1 (25%) 2:0 3:0 4:2 (50%) 5:1 (25%)',
    ]);
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', '--db', app.file])).out);
    expect(json).toMatchObject({ recipients: 8, responses: 4, questions: [{ count: 4 }] });
    expect(json.stepped).toBeUndefined();
    expect((await cli(['survey', 'export', 'pulse', '--format', 'csv', '--db', app.file])).out).toContain('overall,csat,1,');
  });

  it("the plan's feedback after an event moves in the same steps while its survey is open", async () => {
    const emails = people(app, { Sales: 8 });
    define(app, basic({ id: 'event-feedback' }));
    const { runId } = startSurveyRun(app, 'event-feedback', { runKey: 'plan:info:2027-01-04T10:00', scheduled: false });
    for (const [i, v] of ['5', '4', '4'].entries()) await submit(app, emails[i]!, runId, { overall: v });
    const before = (await followUpWaves(app))!.waves;
    expect(before).toMatchObject([{ eventId: 'info', open: true, responses: 3, distribution: { '4': 2, '5': 1 } }]);
    await submit(app, emails[3]!, runId, { overall: '1' });
    // the figures stay at the step; only who has answered by now (no secret from IT) moves on
    const after = (await followUpWaves(app))!.waves;
    expect(after.map(({ responsesSoFar: _n, ...w }) => w)).toEqual(before.map(({ responsesSoFar: _n, ...w }) => w));
    expect([before[0]!.responsesSoFar, after[0]!.responsesSoFar]).toEqual([3, 4]);
  });

  it('the migration starts the runs open at the upgrade from the figures shown until then; closed and named runs have no steps', async () => {
    const emails = people(app, { Sales: 5, HR: 5 });
    define(app, withComment({ anonymity: 'anonymous' }));
    define(app, withComment({ id: 'conf' }));
    define(app, withComment({ id: 'named', anonymity: 'named' }));
    const runs = ['pulse', 'conf', 'named'].map((id) => startSurveyRun(app, id, { runKey: 'r1', scheduled: false }).runId);
    const done = startSurveyRun(app, 'conf', { runKey: 'r0', scheduled: false }).runId;
    for (const run of [...runs, done]) for (const e of emails.slice(0, 4)) await submit(app, e, run, { overall: '4', note: `n ${e}` });
    closeRun(app, new SurveyRepo(app.db).get('conf')!.def, new SurveyRepo(app.db).run(done)!);
    // a database of the version before: no steps
    app.db.exec('DROP TABLE survey_step_counts; DROP TABLE survey_step_tallies; DROP TABLE survey_step_comments;');
    app.db.exec(readFileSync(join(MIGRATIONS_DIR, '0116-survey-steps.sql'), 'utf8'));
    const shown = (id: string) => surveyResults(app, id, (r) => r.run_key === 'r1');
    expect(shown('pulse')).toMatchObject({ responses: 4, questions: [{ count: 4 }, { count: 4, comments: emails.slice(0, 4).map((e) => `n ${e}`) }] });
    expect(shown('conf')).toMatchObject({ responses: 4, questions: [{ count: 4 }, { count: 4 }] });
    expect(count(app, 'SELECT count(*) AS n FROM survey_step_counts WHERE run_id IN (?, ?)', runs[2], done)).toBe(0);
    // the next figures come three answers on
    const figuresOf = (id: string) => ({ responses: shown(id).responses, questions: shown(id).questions, departments: shown(id).departments });
    const before = ['pulse', 'conf'].map(figuresOf);
    for (const run of runs.slice(0, 2)) await submit(app, emails[4]!, run, { overall: '1', note: 'fifth' });
    expect(['pulse', 'conf'].map(figuresOf)).toEqual(before);
  });
});
