import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { ANON_DEPARTMENT, fewerAnswers, fewerResponses, SMALLER_DEPARTMENTS, SMALLER_GROUPS_QUESTION, surveyResults, WITHHELD_IN_A_WAVE } from '../../src/surveys/results.ts';
import { withheldText } from '../../src/surveys/texts.ts';
import { summaryCard } from '../../src/surveys/summary.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { importPeople } from '../../src/people/import.ts';
import { answer, basic, define, people, surveyFile } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 5 });
});
afterEach(() => app.cleanup());

const create = (file: string) => cli(['survey', 'create', file, '--db', app.file], { ITBOT_TIMEZONE: 'Europe/Zurich' });

describe('survey files: the problem names what is wrong where', () => {
  it('an audience list names every term that is not one, a YAML map entry as written', async () => {
    const file = surveyFile(app.dir, `id: pulse
title: Pulse
audience: [department:, nope, all]
closes: P7D
questions:
  - {id: overall, type: csat, text: Satisfied?}
`, true);
    const r = await create(file);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([
      `${file}: audience: [0] "department:", [1] "nope" are not audiences (use all, managers, it-staff, department:NAME or an e-mail; YAML reads "department: NAME" (a space after the colon, or nothing after it) as a map: write department:NAME)`,
    ]);
    expect(new SurveyRepo(app.db).get('pulse')).toBeNull();
  });

  it('after the first answer, a change that is refused names the changed field', async () => {
    expect((await create(surveyFile(app.dir, basic()))).code).toBe(0);
    const run = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-1@x.example', run.runId, 'overall', '4');
    const file = surveyFile(app.dir, basic({ questions: [{ id: 'overall', type: 'csat', text: { de: 'Zufrieden?', en: 'Happy?' } }] }));
    const r = await create(file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}: questions[0] (id overall): text.en: people have already answered: only anonymity (stricter) and minGroupSize (larger) may change; define a new survey id for other changes`);
    const title = await create(surveyFile(app.dir, basic({ title: { de: 'Puls', en: 'Pulse!' } })));
    expect(title.err).toMatch(/: survey pulse: title\.en: people have already answered/);
  });

  it('a close in the hour skipped for daylight saving time is refused; one in the hour that happens twice is a warning', async () => {
    const gap = surveyFile(app.dir, basic({ closes: '2027-03-28T02:30', reminders: [] }));
    const r = await create(gap);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${gap}: closes: 2027-03-28T02:30 does not exist in Europe/Zurich (the clocks skip that hour for daylight saving time): choose another time`);
    expect(new SurveyRepo(app.db).get('pulse')).toBeNull();
    const twice = await create(surveyFile(app.dir, basic({ closes: '2027-10-31T02:30', reminders: [] })));
    expect(twice.code).toBe(0);
    expect(twice.err).toMatch(/^warning: .*: closes: 2027-10-31T02:30 happens twice in Europe\/Zurich \(the clocks go back that night\): the later one \(01:30 UTC\) is used$/);
    const normal = await create(surveyFile(app.dir, basic({ closes: '2027-10-30T02:30', reminders: [] })));
    expect(normal.err).toBe('');
  });
});

describe('results wording', () => {
  it('a named survey with minGroupSize 1 and nobody answering says "no responses", not "fewer than 1 responses"', () => {
    define(app, basic({ anonymity: 'named', minGroupSize: 1 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const r = surveyResults(app, 'pulse');
    expect(r.withheld).toBe('no responses');
    expect(r.questions[0]!.withheld).toBe('no responses');
    const repo = new SurveyRepo(app.db);
    const card = summaryCard(app, repo.get('pulse')!.def, repo.run(runId)!, r, 'en');
    expect(card.text).toMatch(/No responses/);
    expect(card.text).not.toMatch(/fewer than 1/i);
  });
});

describe("a manager's \"not answered\" count", () => {
  it('tells two open waves of the same survey apart', async () => {
    define(app, basic({ title: 'Pulse' }));
    const a = startSurveyRun(app, 'pulse', { runKey: 'wave-a', scheduled: false });
    startSurveyRun(app, 'pulse', { runKey: 'wave-b', scheduled: false });
    await answer(app, 'sales-2@x.example', a.runId, 'overall', '4');
    const r = await app.bot.handle({
      platform: 'test',
      person: { platform: 'test', userId: 'sales-1@x.example', email: 'sales-1@x.example' },
      conversation: { platform: 'test', channelId: 'dm:sales-1', isDirect: true },
      text: 'How many of my team have not answered the survey?',
    });
    const text = r.map((m) => m.text).join('\n');
    expect(text).toMatch(/Pulse \(wave-a\)/);
    expect(text).toMatch(/Pulse \(wave-b\)/);
  });
});

describe('people import', () => {
  it('takes a time zone in any case and stores it as the time zone database spells it', () => {
    const file = join(app.dir, 'people.csv');
    writeFileSync(file, 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id\nlow@x.example,Low Case,Sales,false,en,europe/zurich,,\nny@x.example,New York,Sales,false,en,AMERICA/NEW_YORK,,\n');
    importPeople(app, file);
    expect(app.people.byEmail('low@x.example')!.timezone).toBe('Europe/Zurich');
    expect(app.people.byEmail('ny@x.example')!.timezone).toBe('America/New_York');
  });
});

describe('withheld reasons in German', () => {
  it('every reason the results function gives has its German text', () => {
    const reasons = [fewerResponses(1), fewerResponses(5), fewerAnswers(1), fewerAnswers(3), SMALLER_DEPARTMENTS, SMALLER_GROUPS_QUESTION, WITHHELD_IN_A_WAVE, ANON_DEPARTMENT];
    const german = reasons.map((r) => withheldText('de', r));
    expect(german).toEqual([
      'keine Antworten',
      'weniger als 5 Antworten',
      'keine Antworten auf diese Frage',
      'weniger als 3 Antworten auf diese Frage',
      'zurückgehalten, damit kleinere Abteilungen nicht aus dem Total errechnet werden können',
      'zurückgehalten, damit die Antworten kleinerer Gruppen auf diese Frage nicht aus dem Total errechnet werden können',
      'in einer Welle zurückgehalten, die sonst aus den anderen Wellen errechnet werden könnte',
      'anonyme Umfrage: Antworten werden nur für die ganze Umfrage gezählt, nicht pro Abteilung',
    ]);
    expect(reasons.map((r) => withheldText('en', r))).toEqual(reasons);
  });
});
