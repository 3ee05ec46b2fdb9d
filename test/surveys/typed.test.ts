import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flat, say, testApp, type TestApp } from '../doubles/app.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { basic, count, define, people } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4, HR: 4 }); // odd numbers speak English, even German
});
afterEach(() => app.cleanup());

const typed = async (email: string, text: string) => flat(await app.bot.handle(say(text, email)));
const answers = () => app.db.prepare('SELECT email, question_id, value FROM survey_answers ORDER BY email').all();
const gaps = () => count(app, 'SELECT count(*) AS n FROM catalog_gaps');

describe('answers typed instead of clicked', () => {
  it('a number or a scale word typed after a one-question invitation is recorded like the click, and never logged as a gap', async () => {
    define(app, basic());
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '4')).toMatch(/Thank you for your answer/);
    expect(answers()).toEqual([{ email: 'sales-1@x.example', question_id: 'overall', value: '4' }]);
    expect(await typed('sales-1@x.example', 'Very satisfied!')).toMatch(/your answer has been changed/);
    expect(await typed('sales-2@x.example', 'sehr zufrieden')).toMatch(/Danke für Ihre Antwort/);
    expect(await typed('sales-3@x.example', '3/5')).toMatch(/Thank you/);
    expect(await typed('hr-2@x.example', 'vier')).toMatch(/Danke/);
    expect(answers()).toEqual([
      { email: 'hr-2@x.example', question_id: 'overall', value: '4' },
      { email: 'sales-1@x.example', question_id: 'overall', value: '5' },
      { email: 'sales-2@x.example', question_id: 'overall', value: '5' },
      { email: 'sales-3@x.example', question_id: 'overall', value: '3' },
    ]);
    // out of range: the same message as for a forged click, naming the range, and nothing changes
    expect(await typed('sales-1@x.example', 'acht')).toMatch(/"8" is not a number from 1 to 5 for "Satisfied\?".*Nothing was stored/s);
    expect(answers()).toContainEqual({ email: 'sales-1@x.example', question_id: 'overall', value: '5' });
    expect(gaps()).toBe(0);
  });

  it('a number out of every range ("100", "-1") typed while a survey asks for a number gets the range, never the catalog', async () => {
    define(app, basic());
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '100')).toMatch(/"100" is not a number from 1 to 5 for "Satisfied\?".*Nothing was stored/s);
    expect(await typed('sales-1@x.example', '-1')).toMatch(/"-1" is not a number from 1 to 5 for "Satisfied\?"/);
    expect(await typed('sales-2@x.example', 'ich gebe eine 100')).toMatch(/«100» ist keine Zahl von 1 bis 5/);
    expect(answers()).toEqual([]);
    expect(gaps()).toBe(0);
  });

  it('"-0" is no 0 from 0 to 10', async () => {
    define(app, basic({ questions: [{ id: 'likely', type: 'nps', text: 'Recommend?' }] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '-0')).toMatch(/"-0" is not a number from 0 to 10 for "Recommend\?"/);
    expect(answers()).toEqual([]);
  });

  it('a number out of every range typed while a likert question (points 1 to 5) waits is a survey matter too', async () => {
    define(app, basic({ questions: [{ id: 'informed', type: 'likert', text: 'I am informed in good time.' }] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '100')).toMatch(/"Pulse"/);
    expect(answers()).toEqual([]);
    expect(gaps()).toBe(0);
  });

  it('a number like "2026" is a catalog question again where no open survey asks for a number', async () => {
    define(app, basic({ questions: [{ id: 'channel', type: 'choice', text: 'Which channel?', options: ['teams', 'intranet'] }] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '2026')).not.toMatch(/Which channel|Pulse/);
    expect(answers()).toEqual([]);
  });

  it('an option typed by its label answers a choice question, also in an anonymous survey', async () => {
    define(app, basic({ anonymity: 'anonymous', questions: [{ id: 'channel', type: 'choice', text: 'Which channel?', options: [{ value: 'intranet', label: { de: 'Intranet', en: 'Intranet' } }, { value: 'mail', label: { de: 'E-Mail-Newsletter', en: 'E-mail newsletter' } }] }] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // (anonymous: the reply names the question, never the value)
    const reply = await typed('sales-1@x.example', 'e-mail newsletter');
    expect(reply).toMatch(/Saved as your answer to "Which channel\?" \(survey "Pulse"\)\. The survey is anonymous.*Thank you/s);
    expect(reply).not.toMatch(/newsletter/i);
    expect(app.db.prepare("SELECT value, n FROM survey_tallies WHERE value <> ''").all()).toEqual([{ value: 'mail', n: 1 }]);
    expect(answers()).toEqual([]);
    // (answered: the option's name is a question about the intranet again, and the tally stays)
    expect(await typed('sales-1@x.example', 'intranet')).not.toMatch(/Saved as your answer|already answered/);
    expect(app.db.prepare("SELECT value, n FROM survey_tallies WHERE value <> ''").all()).toEqual([{ value: 'mail', n: 1 }]);
  });

  it('a number typed again for an anonymous survey already answered keeps the first answer', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '2')).toMatch(/Thank you/);
    expect(await typed('sales-1@x.example', '5')).toMatch(/already answered this anonymous survey/);
    expect(app.db.prepare("SELECT value, n FROM survey_tallies WHERE value <> ''").all()).toEqual([{ value: '2', n: 1 }]);
    expect(gaps()).toBe(0);
  });

  it('an anonymous survey already answered takes no typed value: it goes to the survey that still can, and only that one is shown again', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '2')).toMatch(/Thank you/);
    // (alone, a value on another scale is told so too, without the survey's buttons again)
    const alone = await app.bot.handle(say('3/10', 'sales-1@x.example'));
    expect(alone.map((m) => m.text)).toEqual(['You have already answered this anonymous survey. Because answers are not linked to you, your first answer cannot be changed.']);
    define(app, basic({ id: 'pulse2', title: { de: 'Puls Drucker', en: 'Printer pulse' } }));
    startSurveyRun(app, 'pulse2', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '4')).toMatch(/Saved as your answer to "Satisfied\?" \(survey "Printer pulse"\): 4\./);
    expect(answers()).toEqual([{ email: 'sales-1@x.example', question_id: 'overall', value: '4' }]);
    // a value neither can take: the buttons of the anonymous survey, whose answer is final, do not come back
    const reply = await app.bot.handle(say('3/10', 'sales-1@x.example'));
    expect(flat(reply)).toMatch(/Is that your answer to the survey "Printer pulse"\?/);
    expect(reply.filter((m) => m.blocks?.some((b) => b.type === 'actions'))).toHaveLength(1);
    expect(app.db.prepare("SELECT value, n FROM survey_tallies WHERE value <> '' AND run_id = (SELECT id FROM survey_runs WHERE survey_id = 'pulse')").all()).toEqual([{ value: '2', n: 1 }]);
  });

  it('with several open surveys, or a form, the bot says how to answer and shows them again; nothing is stored', async () => {
    define(app, basic({ id: 'form', title: { de: 'Grosse Umfrage', en: 'Big survey' }, questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'likely', type: 'nps', text: 'Recommend?' },
    ] }));
    startSurveyRun(app, 'form', { runKey: 'r1', scheduled: false });
    // a form does not take a typed number: which question would it answer?
    const one = await app.bot.handle(say('4', 'sales-1@x.example'));
    expect(flat(one)).toMatch(/Is that your answer to the survey "Big survey"\? Please choose it with the buttons or in the form/);
    expect(one.flatMap((m) => m.blocks ?? []).map((b) => b.type)).toContain('form');
    define(app, basic());
    define(app, basic({ id: 'pulse2', title: { de: 'Puls Drucker', en: 'Printer pulse' } }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    startSurveyRun(app, 'pulse2', { runKey: 'r1', scheduled: false });
    // two one-question surveys the value fits: which one is meant is not for the bot to guess
    const again = await app.bot.handle(say('vier', 'sales-2@x.example'));
    expect(flat(again)).toMatch(/Sie haben mehrere offene Umfragen \(«Grosse Umfrage», «Puls», «Puls Drucker»\)/);
    expect(again.flatMap((m) => m.blocks ?? []).filter((b) => b.type === 'actions')).toHaveLength(2);
    expect(answers()).toEqual([]);
    expect(count(app, 'SELECT count(*) AS n FROM survey_tallies')).toBe(0);
    expect(gaps()).toBe(0);
  });

  it('options listed by letter or label while a form with a multi question waits get the same hint as a number, never the catalog', async () => {
    define(app, basic({ id: 'form', title: { de: 'Grosse Umfrage', en: 'Big survey' }, questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'channels', type: 'multi', text: 'Which channels?', options: [{ value: 'intranet', label: { de: 'Intranet', en: 'Intranet' } }, { value: 'mail', label: { de: 'Newsletter', en: 'Newsletter' } }, { value: 'chat', label: { de: 'Schulung und Chat', en: 'Training and chat' } }] },
    ] }));
    startSurveyRun(app, 'form', { runKey: 'r1', scheduled: false });
    for (const [who, text] of [['sales-1@x.example', 'a, c'], ['sales-1@x.example', 'A and C.'], ['sales-1@x.example', 'Intranet, Training and chat'], ['sales-1@x.example', 'newsletter']] as const) {
      const r = await app.bot.handle(say(text, who));
      expect(flat(r), text).toMatch(/Is that your answer to the survey "Big survey"\? Please choose it with the buttons or in the form/);
      expect(r.flatMap((m) => m.blocks ?? []).map((b) => b.type), text).toContain('form');
    }
    expect(await typed('sales-2@x.example', 'A und C')).toMatch(/Ist das Ihre Antwort auf die Umfrage «Grosse Umfrage»\?/);
    expect(await typed('sales-2@x.example', 'a, b, c, d')).not.toMatch(/Grosse Umfrage/);
    expect(answers()).toEqual([]);
    expect(count(app, "SELECT count(*) AS n FROM catalog_gaps WHERE question <> 'a, b, c, d'")).toBe(0);
  });

  it('a number typed while a survey with a form waits does not change the answer to a one-click survey answered before', async () => {
    define(app, basic());
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '2')).toMatch(/Thank you for your answer/);
    define(app, basic({ id: 'form', title: { de: 'Grosse Umfrage', en: 'Big survey' }, questions: [
      { id: 'likely', type: 'nps', text: 'Recommend?' },
      { id: 'note', type: 'text', text: 'Why?' },
    ] }));
    startSurveyRun(app, 'form', { runKey: 'r1', scheduled: false });
    // "4" right after the form's invitation: which survey is meant is not for the bot to guess
    const reply = await app.bot.handle(say('4', 'sales-1@x.example'));
    expect(flat(reply)).toMatch(/You have several open surveys \("Pulse", "Big survey"\)/);
    expect(reply.flatMap((m) => m.blocks ?? []).map((b) => b.type)).toContain('form');
    expect(answers()).toEqual([{ email: 'sales-1@x.example', question_id: 'overall', value: '2' }]);
    // a value the form has no question for ("5/5" is no answer from 0 to 10) still goes to the one-click survey
    expect(await typed('sales-1@x.example', '5/5')).toMatch(/your answer has been changed/);
  });

  it('a scale the text names must be the question\'s own; "5 = sehr zufrieden" and "4 stars" are 5 and 4', async () => {
    define(app, basic());
    define(app, basic({ id: 'nps', title: { de: 'Empfehlung', en: 'Recommend' }, questions: [{ id: 'likely', type: 'nps', text: 'Recommend us?' }] }));
    const r1 = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // "3/10" fits neither the CSAT question (1 to 5) nor, with the NPS survey not sent yet, anything else
    expect(await typed('sales-1@x.example', '3/10')).toMatch(/Is that your answer to the survey "Pulse"\?/);
    expect(answers()).toEqual([]);
    expect(await typed('sales-1@x.example', '5 = very satisfied')).toMatch(/Saved as your answer to "Satisfied\?".*: 5\./s);
    expect(await typed('sales-3@x.example', '4 stars')).toMatch(/: 4\./);
    startSurveyRun(app, 'nps', { runKey: 'r1', scheduled: false });
    // "5 von 5" is no answer from 0 to 10: it goes to the CSAT survey, the only one on a scale of 5
    expect(await typed('sales-2@x.example', '5 von 5')).toMatch(/Gespeichert als Ihre Antwort auf «Zufrieden\?» \(Umfrage «Puls»\): 5\./);
    expect(await typed('sales-2@x.example', '9/10')).toMatch(/Gespeichert als Ihre Antwort auf «Recommend us\?» \(Umfrage «Empfehlung»\): 9\./);
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers WHERE run_id = ?', r1.runId)).toBe(3);
  });

  it('only in a direct conversation; an option\'s name only while the survey waits for an answer', async () => {
    define(app, basic({ questions: [{ id: 'channel', type: 'choice', text: 'Which channel?', options: ['teams', 'intranet'] }] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // (in a channel, where others read along, a number is no answer)
    const inChannel = say('4', 'sales-1@x.example', { conversation: { platform: 'test', channelId: 'C-general', isDirect: false } });
    expect(flat(await app.bot.handle(inChannel))).not.toMatch(/Saved as your answer|Is that your answer/);
    expect(await typed('sales-1@x.example', 'teams')).toMatch(/Saved as your answer to "Which channel\?"/);
    // once answered, "intranet" is a question about the intranet again, not a change of the answer
    expect(await typed('sales-1@x.example', 'intranet')).not.toMatch(/Saved as your answer|Is that your answer/);
    expect(answers()).toEqual([{ email: 'sales-1@x.example', question_id: 'channel', value: 'teams' }]);
  });

  it('a value in a sentence that only frames it ("I\'d say 4", "ich gebe eine 5", "Note: 3") is that value; a decimal gets the range', async () => {
    define(app, basic());
    define(app, basic({ id: 'nps', title: { de: 'Empfehlung', en: 'Recommend' }, questions: [{ id: 'likely', type: 'nps', text: 'Recommend us?' }] }));
    const r1 = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', "I'd say 4")).toMatch(/Saved as your answer to "Satisfied\?".*: 4\./s);
    expect(await typed('sales-2@x.example', 'Ich gebe eine 5 von 5!')).toMatch(/Gespeichert als Ihre Antwort auf «Zufrieden\?».*: 5\./s);
    expect(await typed('hr-1@x.example', 'Note: 3')).toMatch(/: 3\./);
    expect(await typed('hr-2@x.example', 'ich bin sehr zufrieden')).toMatch(/: 5\./);
    expect(await typed('hr-3@x.example', "I'm satisfied, I'd say")).toMatch(/: 4\./);
    expect(answers()).toEqual([
      { email: 'hr-1@x.example', question_id: 'overall', value: '3' },
      { email: 'hr-2@x.example', question_id: 'overall', value: '5' },
      { email: 'hr-3@x.example', question_id: 'overall', value: '4' },
      { email: 'sales-1@x.example', question_id: 'overall', value: '4' },
      { email: 'sales-2@x.example', question_id: 'overall', value: '5' },
    ]);
    // a decimal is meant as an answer: the reply names the range, nothing is stored, and no gap is logged
    expect(await typed('sales-3@x.example', '4,5')).toMatch(/"4,5" is not a number from 1 to 5 for "Satisfied\?".*Nothing was stored/s);
    expect(await typed('sales-3@x.example', "i'd give it a 4.5")).toMatch(/"4.5" is not a number from 1 to 5/);
    expect(gaps()).toBe(0);
    // the framing words must be all that is around the value: these stay catalog questions
    expect(await typed('sales-3@x.example', 'my laptop is 4 years old')).not.toMatch(/Saved as your answer|Is that your answer|not a number/);
    expect(await typed('sales-3@x.example', 'I would like a second screen')).not.toMatch(/Saved as your answer|Is that your answer/);
    startSurveyRun(app, 'nps', { runKey: 'r1', scheduled: false });
    expect(await typed('hr-4@x.example', 'i würd säge 9 vo 10')).toMatch(/Gespeichert als Ihre Antwort auf «Recommend us\?»/);
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers WHERE run_id = ?', r1.runId)).toBe(5);
  });

  it('without an open survey, a number is no survey answer', async () => {
    define(app, basic());
    const r = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    app.db.prepare('UPDATE survey_runs SET closed_at = ? WHERE id = ?').run(app.clock.now().toISOString(), r.runId);
    expect(await typed('sales-1@x.example', '4')).not.toMatch(/Thank you|survey/i);
    expect(answers()).toEqual([]);
    // (nor for someone the survey was not sent to)
    define(app, basic({ id: 'hr', audience: 'department:HR' }));
    startSurveyRun(app, 'hr', { runKey: 'r1', scheduled: false });
    expect(await typed('sales-1@x.example', '4')).not.toMatch(/Thank you|survey/i);
    expect(await typed('hr-1@x.example', '4')).toMatch(/Thank you/);
  });
});
