import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flat, say, testApp, type TestApp } from '../doubles/app.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { answer, basic, count, define, people } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4, IT: 3 });
});
afterEach(() => app.cleanup());

/** A run of the survey answered by three people (4, 5, 2: a mean of 3.67), then closed. */
async function closedRun(surveyId: string, runKey: string, values = ['4', '5', '2']): Promise<void> {
  const { runId } = startSurveyRun(app, surveyId, { runKey, scheduled: false });
  for (const [i, e] of ['sales-1@x.example', 'sales-2@x.example', 'it-1@x.example'].entries()) await answer(app, e, runId, 'overall', values[i]!);
  const repo = new SurveyRepo(app.db);
  closeRun(app, repo.get(surveyId)!.def, repo.run(runId)!);
}

const ask = async (text: string, as: string, extra = {}) => flat(await app.bot.handle(say(text, as, extra)));
const gaps = () => count(app, 'SELECT count(*) AS n FROM catalog_gaps');

describe('"What are the survey results?" in chat', () => {
  it('IT staff get the latest closed result card in their language; others are told IT publishes the results; neither is a catalog gap', async () => {
    define(app, basic());
    await closedRun('pulse', 'r1');
    app.clock.advance(86_400_000);
    await closedRun('pulse', 'r2', ['5', '5', '4']);
    const en = await ask('What are the survey results?', 'it-1@x.example');
    expect(en).toMatch(/Pulse/);
    expect(en).toMatch(/3 \/ 7/);
    expect(en).toMatch(/4\.67/); // the latest run's
    expect(en).not.toMatch(/3\.67/);
    const de = await ask('Wie sind die Resultate der Umfrage?', 'it-2@x.example');
    expect(de).toMatch(/Puls/);
    expect(de).toMatch(/Antworten/);
    expect(de).not.toMatch(/Responses/);
    for (const [q, who] of [['What are the survey results?', 'sales-1@x.example'], ['Wie sind die Resultate der Umfrage?', 'sales-2@x.example']] as const) {
      const r = await ask(q, who);
      expect(r, q).toMatch(who === 'sales-1@x.example' ? /published by the IT department/ : /veröffentlicht die Informatik/);
      expect(r, q).not.toMatch(/\d\.67/);
    }
    expect(gaps()).toBe(0);
  });

  it('keeps the group-size rule: a run with fewer responses than the minimum shows no figure', async () => {
    define(app, basic({ minGroupSize: 5 }));
    await closedRun('pulse', 'r1');
    const r = await ask('survey results please', 'it-1@x.example');
    expect(r).toMatch(/Fewer than 5 responses/);
    expect(r).not.toMatch(/3\.67/);
  });

  it('takes the survey named; without one, lists the surveys with results to choose from; says when the one named has not closed', async () => {
    define(app, basic());
    define(app, basic({ id: 'kickoff', title: { de: 'Kickoff-Feedback', en: 'Kickoff feedback' } }));
    define(app, basic({ id: 'later', title: { de: 'Später', en: 'Later survey' } }));
    await closedRun('pulse', 'r1');
    await closedRun('kickoff', 'k1');
    const list = await ask('Show me the survey results', 'it-1@x.example');
    expect(list).toMatch(/Which survey's results would you like\?/);
    expect(list).toMatch(/"Pulse" \(pulse\)/);
    expect(list).toMatch(/"Kickoff feedback" \(kickoff\)/);
    expect(list).not.toMatch(/later/);
    const kickoff = await ask('results of the kickoff survey?', 'it-1@x.example');
    expect(kickoff).toMatch(/Kickoff feedback/);
    expect(kickoff).toMatch(/3\.67/);
    expect(await ask('Resultate der Umfrage pulse', 'it-1@x.example')).toMatch(/3\.67/);
    expect(await ask('results of the later survey', 'it-1@x.example')).toMatch(/"Later survey" has not been sent yet/);
    startSurveyRun(app, 'later', { runKey: 'l1', scheduled: false });
    expect(await ask('Resultate der Umfrage «Später»', 'it-2@x.example')).toMatch(/«Später» ist noch nicht abgeschlossen/);
  });

  it('takes an owner\'s "Resultate meiner Umfrage" and the German compounds as the same question; someone outside IT asking about their own survey gets the catalog', async () => {
    define(app, basic());
    await closedRun('pulse', 'r1');
    for (const q of ['Resultate meiner Umfrage', 'Ergebnisse meiner Umfrage?', 'Auswertung meiner Umfrage', 'Umfrageresultate', 'Umfrageergebnisse bitte', 'results of my survey', 'my survey results']) {
      expect(await ask(q, 'it-1@x.example'), q).toMatch(/3\.67/);
    }
    expect(await ask('Resultate meiner Umfrage', 'sales-1@x.example')).not.toMatch(/Survey results|Resultate der Umfragen|3\.67/);
    expect(gaps()).toBe(1);
  });

  it('shows no results in a channel, and leaves questions about a survey tool to the catalog', async () => {
    define(app, basic());
    await closedRun('pulse', 'r1');
    const channel = await ask('What are the survey results?', 'it-1@x.example', { conversation: { platform: 'test', channelId: 'C1', isDirect: false } });
    expect(channel).toMatch(/only in a direct chat/);
    expect(channel).not.toMatch(/3\.67/);
    for (const q of ['How do I create a survey in Microsoft Forms and see the results?', 'Which survey tool shows results live?', 'Wie erstelle ich eine Umfrage und sehe die Resultate?', 'Where do I find the results of my survey?', 'Wo finde ich die Ergebnisse meiner Umfrage?']) {
      expect(await ask(q, 'it-1@x.example'), q).not.toMatch(/Survey results|Resultate der Umfragen|3\.67/);
    }
  });
});
