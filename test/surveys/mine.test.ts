import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flat, say, testApp, type TestApp } from '../doubles/app.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { answer, basic, count, define, people } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4 }); // sales-1 is a manager; odd numbers speak English, even German
});
afterEach(() => app.cleanup());

const ask = (text: string, as: string) => app.bot.handle(say(text, as));
const gaps = () => count(app, 'SELECT count(*) AS n FROM catalog_gaps');
const answerButtons = (replies: Awaited<ReturnType<typeof ask>>) =>
  replies.flatMap((m) => m.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((x) => x.action === 'survey.answer');

describe('"Umfrage": the person\'s own open surveys', () => {
  it('shows the survey waiting for the answer again, with its buttons, and logs no gap', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const replies = await ask('Umfrage', 'sales-2@x.example');
    expect(flat(replies)).toMatch(/Ihre Umfragen.*Diese Umfrage wartet auf Ihre Antwort: «Puls»\./s);
    expect(answerButtons(replies).length).toBe(5);
    expect(gaps()).toBe(0);
    // answered: the bot says so, and shows no buttons to answer again
    await answer(app, 'sales-2@x.example', runId, 'overall', '4');
    const after = await ask('meine offenen Umfragen?', 'sales-2@x.example');
    expect(flat(after)).toMatch(/Sie haben alle offenen Umfragen beantwortet \(«Puls»\)/);
    expect(answerButtons(after)).toEqual([]);
  });

  it('says when no survey is open for the person, in English too, and tells a manager how to ask for the team', async () => {
    expect(flat(await ask('any surveys for me?', 'sales-3@x.example'))).toMatch(/^No survey is open for you right now\./);
    const manager = flat(await ask('survey', 'sales-1@x.example'));
    expect(manager).toMatch(/No survey is open for you right now/);
    expect(manager).toMatch(/How many of my team have not answered the survey\?/);
    expect(gaps()).toBe(0);
  });

  it('leaves a question about something else to the catalog', async () => {
    const reply = flat(await ask('survey tool for my department', 'sales-3@x.example'));
    expect(reply).not.toMatch(/Your surveys|No survey is open/);
  });
});
