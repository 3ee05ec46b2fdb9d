import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { latestRunSummary, startSurveyRun } from '../../src/surveys/runs.ts';
import { ANON_DEPARTMENT, mean, nps, suppress, surveyResults } from '../../src/surveys/results.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, closeRunShowingAll, define, people, submit } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

describe('arithmetic', () => {
  it('NPS is % promoters (9-10) minus % detractors (0-6)', () => {
    expect(nps({ '10': 5, '9': 1, '8': 2, '7': 1, '6': 1, '0': 0 })).toBe(50); // 6 of 10 promoters, 1 detractor
    expect(nps({ '0': 3, '6': 1 })).toBe(-100);
    expect(nps({ '7': 4, '8': 4 })).toBe(0);
    expect(nps({ '9': 1, '3': 2 })).toBe(-33.3);
    expect(nps({})).toBeNull();
    expect(mean({ '1': 1, '5': 2 })).toBe(3.67);
  });

  it('secondary suppression withholds the smallest shown group when the rest would reveal a small one', () => {
    expect([...suppress([{ key: 'a', responses: 10 }, { key: 'b', responses: 6 }, { key: 'c', responses: 2 }], 18, 5)].sort()).toEqual(['b', 'c']);
    expect([...suppress([{ key: 'a', responses: 10 }, { key: 'b', responses: 6 }], 16, 5)]).toEqual([]);
    // the rest (no department of its own) already has enough: nothing more to hide
    expect([...suppress([{ key: 'a', responses: 10 }, { key: 'c', responses: 2 }], 17, 5)]).toEqual(['c']);
  });

  it('NPS and means through real answers, and per question the distribution of every value', async () => {
    people(app, { Sales: 10 });
    define(app, basic({ questions: [
      { id: 'rec', type: 'nps', text: 'Recommend?' },
      { id: 'where', type: 'multi', text: 'Where?', options: ['chat', 'mail'] },
    ] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const scores = ['10', '10', '10', '10', '10', '9', '8', '7', '6', '0'];
    for (const [i, s] of scores.entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { rec: s, where: i % 2 ? ['chat', 'mail'] : ['chat'] });
    closeRunShowingAll(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
    const r = surveyResults(app, 'pulse');
    const q = r.questions[0]!;
    expect(q).toMatchObject({ id: 'rec', type: 'nps', count: 10, nps: 40, mean: 8 });
    expect(q.distribution).toEqual({ '0': 1, '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 1, '7': 1, '8': 1, '9': 1, '10': 5 });
    expect(r.questions[1]).toMatchObject({ count: 10, distribution: { chat: 10, mail: 5 }, mean: null, nps: null });
    expect(r.responseRate).toBe(1);
  });
});

describe('the group-size rule in every breakdown', () => {
  it('whole survey, question, department (with secondary suppression) and wave', async () => {
    people(app, { Sales: 8, HR: 6, Legal: 5, Tiny: 2 });
    define(app, basic({ minGroupSize: 5, questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'extra', type: 'csat', optional: true, text: 'Optional' },
      { id: 'note', type: 'text', optional: true, text: 'Note' },
    ] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false });
    const repo = new SurveyRepo(app.db);
    // Tiny has 2 recipients: never a group of its own
    expect(repo.recipient(runId, 'tiny-1@x.example')!.grp).toBeNull();
    expect(repo.recipient(runId, 'legal-1@x.example')!.grp).toBe('Legal');
    const say = (e: string, v: string, extra: Record<string, string> = {}) => submit(app, e, runId, { overall: v, ...extra });
    for (let i = 1; i <= 4; i++) await say(`sales-${i}@x.example`, '4', i <= 2 ? { extra: '5', note: `sales note ${i}` } : {});
    let r = surveyResults(app, 'pulse');
    expect(r.withheld).toBe('fewer than 5 responses');
    expect(r.questions.every((q) => q.withheld && q.distribution === null && q.mean === null)).toBe(true);
    expect(r.questions[2]!.comments).toEqual([]);
    for (let i = 5; i <= 8; i++) await say(`sales-${i}@x.example`, '5');
    for (let i = 1; i <= 5; i++) await say(`hr-${i}@x.example`, '2');
    for (let i = 1; i <= 2; i++) await say(`legal-${i}@x.example`, '1');
    await say('tiny-1@x.example', '3');
    // (closed: an open wave shows its figures as at its last step, live-steps.test.ts)
    closeRunShowingAll(app, new SurveyRepo(app.db).get('pulse')!.def, repo.run(runId)!);
    r = surveyResults(app, 'pulse');
    expect(r.withheld).toBeUndefined();
    expect(r.responses).toBe(16);
    expect(r.questions[0]).toMatchObject({ count: 16, mean: 3.19 });
    // the optional question: 2 answers, below the minimum
    expect(r.questions[1]).toMatchObject({ count: null, distribution: null, withheld: 'fewer than 5 answers to this question' });
    expect(r.questions[2]).toMatchObject({ withheld: 'fewer than 5 answers to this question', comments: [] });
    const dept = Object.fromEntries(r.departments.map((d) => [d.department, d]));
    expect(dept.Sales).toMatchObject({ responses: 8, recipients: 8 });
    expect(dept.Sales!.questions[0]!.mean).toBe(4.5);
    expect(dept.Legal).toMatchObject({ responses: 2, withheld: 'fewer than 5 responses' });
    expect(dept.Legal!.questions[0]!.distribution).toBeNull();
    // Legal (2) + no-group (1) = 3 < 5: HR (5) would give Legal away from the total, so HR is withheld too
    expect(dept.HR!.withheld).toMatch(/cannot be worked out from the total/);
    expect(dept.HR!.questions[0]!.mean).toBeNull();
    expect(dept.Tiny).toBeUndefined();

    // a second wave with too few answers is withheld in the trend, and the one before stays safe
    const w2 = startSurveyRun(app, 'pulse', { runKey: 'w2', scheduled: false });
    for (let i = 1; i <= 2; i++) await answer(app, `sales-${i}@x.example`, w2.runId, 'overall', '1');
    closeRunShowingAll(app, new SurveyRepo(app.db).get('pulse')!.def, repo.run(w2.runId)!);
    r = surveyResults(app, 'pulse');
    const waves = Object.fromEntries(r.waves.map((w) => [w.runKey, w]));
    expect(waves.w2).toMatchObject({ responses: 2, withheld: 'fewer than 5 responses' });
    expect(waves.w2!.questions[0]!.mean).toBeNull();
    expect(waves.w1!.withheld).toBeUndefined();
    expect(waves.w1!.questions[0]!.mean).toBe(3.19);
    // the small wave stays out of the combined figures, or they would give it away
    expect(r.leftOut).toEqual(['w2']);
    expect(r.responses).toBe(18);
    expect(r.questions[0]).toMatchObject({ count: 16, mean: 3.19 });
    // and the CLI prints the same, with exit 0
    const out = await cli(['survey', 'results', 'pulse', '--json', '--db', app.file]);
    expect(out.code).toBe(0);
    const json = JSON.parse(out.out);
    expect(Object.keys(json).slice(0, 4)).toEqual(['surveyId', 'recipients', 'responses', 'questions']);
    expect(json.questions[0]).toMatchObject({ id: 'overall', type: 'csat', count: 16 });
    const one = await cli(['survey', 'results', 'pulse', '--wave', 'w1', '--json', '--db', app.file]);
    expect(JSON.parse(one.out)).toMatchObject({ responses: 16, recipients: 21 });
    const missing = await cli(['survey', 'results', 'nope', '--db', app.file]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/survey nope: no such survey/);
  });

  it('anonymous: answers are counted survey-wide only; small departments leave even the response counts at the close', async () => {
    people(app, { Sales: 6, HR: 4 });
    define(app, basic({ anonymity: 'anonymous', minGroupSize: 3 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (let i = 1; i <= 5; i++) await answer(app, `sales-${i}@x.example`, runId, 'overall', '4');
    await answer(app, 'hr-1@x.example', runId, 'overall', '1');
    // HR has 4 recipients (a group of its own for response rates) and one respondent: no count of HR's
    expect(app.db.prepare('SELECT DISTINCT grp FROM survey_tallies').all()).toEqual([{ grp: '' }]);
    const open = surveyResults(app, 'pulse');
    expect(open.departments.map((d) => [d.department, d.responses, d.withheld])).toEqual([
      ['HR', 1, ANON_DEPARTMENT],
      ['Sales', 5, ANON_DEPARTMENT],
    ]);
    for (const q of open.departments.flatMap((d) => d.questions)) expect(q).toMatchObject({ count: null, distribution: null, mean: null });
    const def = new SurveyRepo(app.db).get('pulse')!.def;
    closeRunShowingAll(app, def, new SurveyRepo(app.db).run(runId)!);
    // HR had one response: its response count now sits in the no-department bucket
    expect(app.db.prepare("SELECT grp, responses FROM survey_group_counts ORDER BY grp").all()).toEqual([{ grp: '', responses: 1 }, { grp: 'Sales', responses: 5 }]);
    const r = surveyResults(app, 'pulse');
    expect(r.departments.map((d) => d.department)).toEqual(['Sales']);
    expect(r.questions[0]!.mean).toBe(3.5);
    expect(exportCsv(app, 'pulse').trim().split('\n')).toEqual(['wave,respondent,department,question,type,value,count', 'r1,,,overall,csat,1,1', 'r1,,,overall,csat,4,5']);
  });

  it('latestRunSummary gives the mean of the first csat question of the newest closed matching run that shows it', async () => {
    people(app, { Sales: 6 });
    define(app, basic({ questions: [{ id: 'nps', type: 'nps', text: 'n' }, { id: 'overall', type: 'csat', text: 'o' }] }));
    expect(latestRunSummary(app, 'pulse', 'plan:')).toBeNull();
    expect(latestRunSummary(app, 'nope', 'plan:')).toBeNull();
    const def = new SurveyRepo(app.db).get('pulse')!.def;
    const close = (runId: number) => closeRunShowingAll(app, def, new SurveyRepo(app.db).run(runId)!);
    const a = startSurveyRun(app, 'pulse', { runKey: 'plan:info:2027-01-05', scheduled: true });
    for (let i = 1; i <= 3; i++) await submit(app, `sales-${i}@x.example`, a.runId, { nps: '9', overall: '4' });
    expect(latestRunSummary(app, 'pulse', 'plan:info:')).toEqual({ mean: null, responses: 0 }); // still open
    close(a.runId);
    app.clock.advance(60_000);
    const b = startSurveyRun(app, 'pulse', { runKey: 'plan:info:2027-04-05', scheduled: true });
    await submit(app, 'sales-1@x.example', b.runId, { nps: '9', overall: '2' });
    close(b.runId);
    app.clock.advance(60_000);
    const c = startSurveyRun(app, 'pulse', { runKey: 'plan:info:2027-07-05', scheduled: true });
    for (let i = 1; i <= 3; i++) await submit(app, `sales-${i}@x.example`, c.runId, { nps: '9', overall: '1' });
    // b withholds its mean (one response), c is still open: a's result is the last one shown
    expect(latestRunSummary(app, 'pulse', 'plan:info:')).toEqual({ mean: 4, responses: 3 });
    expect(latestRunSummary(app, 'pulse', 'plan:info:2027-04')).toEqual({ mean: null, responses: 1 });
  });
});

describe('withheld figures are withheld everywhere in the document', () => {
  it('a withheld question has no count, at the top, in the waves and in the departments', async () => {
    people(app, { Sales: 6, HR: 6 });
    define(app, basic({ questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'comment', type: 'text', optional: true, text: 'Anything else?' },
    ] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false });
    // two of twelve answer, one of them writes a comment
    await submit(app, 'sales-1@x.example', runId, { overall: '4', comment: 'fine' });
    await submit(app, 'hr-1@x.example', runId, { overall: '2' });
    const small = surveyResults(app, 'pulse');
    // (the open wave's figures are those of its last step: none yet; two have answered so far)
    expect(small.stepped?.responsesSoFar).toBe(2);
    const everywhere = (r: typeof small) => [...r.questions, ...r.waves.flatMap((w) => w.questions), ...r.departments.flatMap((d) => d.questions)];
    expect(everywhere(small).length).toBeGreaterThan(2);
    for (const q of everywhere(small)) expect(q).toMatchObject({ count: null, distribution: null, mean: null, withheld: expect.any(String) });

    // four more in Sales: the survey and Sales are shown, HR (1 response) is not; the comment
    // question has one answer only, so it stays withheld in every part of the document
    for (const e of ['sales-2@x.example', 'sales-3@x.example', 'sales-4@x.example', 'sales-5@x.example']) await submit(app, e, runId, { overall: '5' });
    closeRunShowingAll(app, new SurveyRepo(app.db).get('pulse')!.def, new SurveyRepo(app.db).run(runId)!);
    const r = surveyResults(app, 'pulse');
    const overall = r.questions.find((q) => q.id === 'overall')!;
    expect(overall.withheld).toBeUndefined();
    expect(overall.count).toBe(6);
    for (const q of everywhere(r).filter((q) => q.id === 'comment')) expect(q).toMatchObject({ count: null, withheld: expect.any(String) });
    // HR has 1 response; Sales (5) is withheld too, or the total minus Sales would give HR away
    expect(r.departments.map((d) => [d.department, !!d.withheld])).toEqual([['HR', true], ['Sales', true]]);
    for (const q of r.departments.flatMap((d) => d.questions)) expect(q.count).toBeNull();
  });
});

describe('a named survey\'s departments', () => {
  it('are withheld only when small: its export lists every answer with the person, so a wider withholding protects nobody', async () => {
    people(app, { Sales: 3, HR: 2 });
    for (const anonymity of ['named', 'confidential']) {
      define(app, basic({ id: anonymity, anonymity, minGroupSize: 3 }));
      const { runId } = startSurveyRun(app, anonymity, { runKey: 'r1', scheduled: false });
      for (const e of ['sales-1', 'sales-2', 'sales-3', 'hr-1', 'hr-2']) await answer(app, `${e}@x.example`, runId, 'overall', '4');
      closeRunShowingAll(app, new SurveyRepo(app.db).get(anonymity)!.def, new SurveyRepo(app.db).runs(anonymity)[0]!);
    }
    // (HR, 2 people, has no group of its own: Sales minus the total would give HR away, which the named export lists anyway)
    expect(exportCsv(app, 'named')).toContain('r1,sales-1@x.example,Sales,overall,csat,4,1');
    expect(surveyResults(app, 'named').departments).toEqual([expect.objectContaining({ department: 'Sales', responses: 3, questions: [expect.objectContaining({ id: 'overall', count: 3, mean: 4 })] })]);
    // a confidential survey keeps Sales back, as before
    expect(surveyResults(app, 'confidential').departments).toEqual([expect.objectContaining({ department: 'Sales', withheld: 'withheld so that smaller departments cannot be worked out from the total' })]);
  });
});

describe('a department over all waves that was too small in one of them', () => {
  it('says which waves and how many invitations its totals leave out, and still gives away no small group', async () => {
    people(app, { A: 3, B: 3, C: 2 });
    define(app, basic());
    const everyone = ['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'b-3', 'c-1', 'c-2'].map((e) => `${e}@x.example`);
    const repo = new SurveyRepo(app.db);
    const w1 = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false }).runId;
    for (const e of everyone) await answer(app, e, w1, 'overall', '4');
    closeRunShowingAll(app, repo.get('pulse')!.def, repo.run(w1)!);
    // one A person moves to C: in wave 2, A has 2 people invited (no group of its own), C 3
    app.people.upsert({ ...app.people.byEmail('a-3@x.example')!, department: 'C' });
    app.clock.set(new Date(app.clock.now().getTime() + 10 * 86400e3).toISOString());
    const w2 = startSurveyRun(app, 'pulse', { runKey: 'w2', scheduled: false }).runId;
    for (const e of everyone) await answer(app, e, w2, 'overall', '5');
    closeRunShowingAll(app, repo.get('pulse')!.def, repo.run(w2)!);
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', '--db', app.file])).out);
    const dept = (d: string) => json.departments.find((x: { department: string }) => x.department === d);
    // A: the 3 of wave 1 counted, and the 2 invitations of wave 2 named as left out (their
    // responses are not added: the total minus wave 1 would be that group of 2)
    expect(dept('A')).toMatchObject({ recipients: 3, responses: 3, leftOut: ['w2'], leftOutRecipients: 2 });
    expect(dept('A').questions[0]).toMatchObject({ count: 3, mean: 4 });
    expect(dept('C')).toMatchObject({ recipients: 3, responses: 3, leftOut: ['w1'], leftOutRecipients: 2 });
    expect(dept('B').leftOut).toBeUndefined();
    const en = (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' })).out;
    expect(en).toMatch(/^ {2}A: 3\/3, overall mean 4\.00 and CSAT 100% \(without w2: 2 invited there, fewer than 3, counted with the people without a department\)$/m);
    const de = (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'de' })).out;
    // (C shows no figure over all waves: wave 2 withheld its figure so that the 2 of A there stay hidden)
    expect(de).toMatch(/^ {2}C: 3\/3 \(ohne w1: dort 2 eingeladen, weniger als 3, bei den Personen ohne Abteilung gezählt\)$/m);
  });
});
