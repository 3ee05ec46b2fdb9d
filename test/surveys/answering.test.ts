import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { click, flat, testApp, type TestApp } from '../doubles/app.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { MIGRATIONS_DIR } from '../../src/store/db.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { surveyResults } from '../../src/surveys/results.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import { answer, basic, closeAll, count, define, people, submit } from './helpers.ts';

let app: TestApp;
let emails: string[];
beforeEach(() => {
  app = testApp();
  emails = people(app, { Sales: 4, HR: 4 });
});
afterEach(() => app.cleanup());

const FORM = [
  { id: 'overall', type: 'csat', text: { de: 'Zufrieden?', en: 'Satisfied?' } },
  { id: 'likely', type: 'nps', text: 'Recommend?' },
  { id: 'where', type: 'multi', text: 'Where?', options: ['chat', 'intranet', 'mail'] },
  { id: 'pick', type: 'choice', text: 'Pick', options: ['a', 'b'] },
  { id: 'note', type: 'text', optional: true, text: 'Note' },
];

function invitationOf(email: string): OutMessage {
  const row = outboxRows(app.db, { kind: 'survey-invite', limit: 1000 }).find((r) => r.target === email)!;
  return JSON.parse(row.message) as OutMessage;
}

describe('invitations', () => {
  it('queues one invitation per recipient in their language, explaining the anonymity mode', () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const r = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(r).toMatchObject({ created: true, queued: 8 });
    expect(startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false })).toEqual({ runId: r.runId, queued: 0, created: false, notes: [] });
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE idempotency_key = 'survey:pulse:r1:invite:sales-1@x.example'")).toBe(1);
    const en = invitationOf('sales-1@x.example');
    const de = invitationOf('sales-2@x.example');
    expect(en.lang).toBe('en');
    expect(flat([en])).toMatch(/Anonymous: your answers are stored with no link to you.*your first answer is final/s);
    expect(de.lang).toBe('de');
    expect(flat([de])).toMatch(/Anonym: Ihre Antworten werden ohne jede Verbindung/);
    // one question: one click, five buttons carrying run, question and value
    const buttons = en.blocks!.find((b) => b.type === 'actions');
    expect(buttons && buttons.type === 'actions' && buttons.buttons.map((b) => b.value)).toEqual([1, 2, 3, 4, 5].map((n) => `${r.runId}:overall:${n}`));
  });

  it('a several-question survey is a form with survey.submit; named and confidential are explained', () => {
    define(app, basic({ anonymity: 'named', questions: FORM }));
    const r = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const m = invitationOf('sales-1@x.example');
    const form = m.blocks!.find((b) => b.type === 'form');
    expect(form && form.type === 'form' && form.submit).toMatchObject({ action: 'survey.submit', value: String(r.runId) });
    expect(form && form.type === 'form' && form.inputs.map((i) => i.kind)).toEqual(['single', 'single', 'multi', 'single', 'text']);
    expect(flat([m])).toMatch(/Named: your answers are stored and shown to IT with your name/);
    define(app, { ...basic({ id: 'conf' }) });
    startSurveyRun(app, 'conf', { runKey: 'r1', scheduled: false });
    const c = JSON.parse(outboxRows(app.db, { limit: 100 }).find((x) => x.idempotency_key === 'survey:conf:r1:invite:sales-1@x.example')!.message);
    expect(flat([c])).toMatch(/Confidential: .*Only summaries of groups of at least 3 people are shown, never names/);
  });

  it('scheduled invitations wait for working hours, the operator\'s send does not', () => {
    app.config.workingHours = { ...app.config.workingHours, days: [[], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], [[480, 1080]], []] };
    app.clock.set('2027-01-09T10:00:00Z'); // a Saturday
    define(app, basic());
    startSurveyRun(app, 'pulse', { runKey: 'now', scheduled: false });
    startSurveyRun(app, 'pulse', { runKey: 'planned', scheduled: true });
    const rows = outboxRows(app.db, { limit: 100 });
    expect(rows.find((r) => r.idempotency_key.includes(':now:'))!.next_attempt_at).toBe('2027-01-09T10:00:00.000Z');
    expect(rows.find((r) => r.idempotency_key.includes(':planned:'))!.next_attempt_at).toBe('2027-01-11T07:00:00.000Z'); // Monday 08:00 Zurich
  });
});

describe('answering in chat', () => {
  it('one click records the answer and thanks; linked modes may change it until the close', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const first = await answer(app, 'sales-1@x.example', runId, 'overall', '2');
    expect(flat(first)).toMatch(/Thank you for your answer!.*You can change your answer until/s);
    const again = await answer(app, 'sales-1@x.example', runId, 'overall', '5');
    expect(flat(again)).toMatch(/your answer has been changed/);
    expect(app.db.prepare('SELECT value FROM survey_answers').all()).toEqual([{ value: '5' }]);
    app.clock.advance(8 * 86_400_000);
    const late = await answer(app, 'sales-1@x.example', runId, 'overall', '1');
    expect(flat(late)).toMatch(/already closed/);
    expect(app.db.prepare('SELECT value FROM survey_answers').all()).toEqual([{ value: '5' }]);
  });

  it('a click on the invitation of an earlier, closed wave brings the wave open now, while the person has yet to answer it', async () => {
    define(app, basic());
    const old = startSurveyRun(app, 'pulse', { runKey: 'wave:2027-01-04', scheduled: false }).runId;
    app.clock.advance(8 * 86_400_000);
    surveyTick(app); // the first wave closes
    const current = startSurveyRun(app, 'pulse', { runKey: 'wave:2027-01-12', scheduled: false }).runId;
    const late = await answer(app, 'sales-1@x.example', old, 'overall', '4');
    expect(late[0]).toMatchObject({ text: 'This round of the survey has already closed. The current round is open, and you can answer it here:', ephemeral: true });
    expect(late[1]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.value) : []))).toContain(`${current}:overall:4`);
    expect(flat(await answer(app, 'sales-2@x.example', old, 'overall', '4'))).toMatch(/^Diese Runde der Umfrage ist bereits geschlossen\. Die aktuelle Runde ist offen/);
    expect(count(app, 'SELECT count(*) AS n FROM survey_participation')).toBe(0);
    // a platform asking before its own dialog (Slack's "Fill in") shows a refusal as text: that one comes alone
    const guard = app.bot.formRefusal({ ...click('survey.submit', String(old), 'sales-1@x.example'), text: undefined });
    expect(guard?.map((m) => m.text)).toEqual(['This survey has already closed. Thank you for your interest!']);
    // answered: the closed wave's button is just closed
    await answer(app, 'sales-1@x.example', current, 'overall', '4');
    const after = await answer(app, 'sales-1@x.example', old, 'overall', '4');
    expect(after.map((m) => m.text)).toEqual(['This survey has already closed. Thank you for your interest!']);
  });

  it('"Change answer" on a one-click survey brings it back naming and marking the recorded answer', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await answer(app, 'sales-1@x.example', runId, 'overall', '2');
    const [again] = await app.bot.handle(click('survey.change', String(runId), 'sales-1@x.example'));
    expect(again!.replaceOriginal).toBe(true);
    expect(flat([again!])).toMatch(/Your answer so far: 2\. Click another one to change it\./);
    const buttons = again!.blocks!.filter((b) => b.type === 'actions').flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => [b.value, b.style])).toEqual([1, 2, 3, 4, 5].map((n) => [`${runId}:overall:${n}`, n === 2 ? 'primary' : undefined]));
    // a fresh invitation names no answer
    expect(flat([invitationOf('sales-1@x.example')])).not.toMatch(/answer so far/);
  });

  it('a double click, or the same form sent again, is not called a change', async () => {
    define(app, basic({ questions: [{ id: 'overall', type: 'csat', text: 'Satisfied?' }, { id: 'note', type: 'text', optional: true, text: 'More?' }] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(flat(await answer(app, 'sales-1@x.example', runId, 'overall', '4'))).toMatch(/Thank you for your answer!/);
    const twice = await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    expect(flat(twice)).toMatch(/your answer is recorded as before\. You can change it until/);
    expect(flat(twice)).not.toMatch(/changed/);
    expect(flat(await submit(app, 'sales-2@x.example', runId, { overall: '3', note: 'Gut' }))).toMatch(/Danke für Ihre Antwort!/);
    expect(flat(await submit(app, 'sales-2@x.example', runId, { overall: '3', note: ' Gut ' }))).toMatch(/Ihre Antwort ist unverändert gespeichert/);
    // a blank optional field that clears a comment is a change
    expect(flat(await submit(app, 'sales-2@x.example', runId, { overall: '3', note: '' }))).toMatch(/Ihre Antwort ist geändert/);
    expect(app.db.prepare("SELECT question_id, value, n FROM survey_tallies WHERE n > 0 ORDER BY question_id, value").all()).toEqual([
      { question_id: 'overall', value: '', n: 2 }, { question_id: 'overall', value: '3', n: 1 }, { question_id: 'overall', value: '4', n: 1 },
    ]);
  });

  it('anonymous: the first answer stands and the second is refused politely', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(flat(await answer(app, 'hr-2@x.example', runId, 'overall', '3'))).toMatch(/Danke für Ihre Antwort/);
    expect(flat(await answer(app, 'hr-2@x.example', runId, 'overall', '5'))).toMatch(/bereits beantwortet.*lässt sich Ihre erste Antwort nicht ändern/s);
    expect(app.db.prepare("SELECT value, n FROM survey_tallies WHERE value <> ''").all()).toEqual([{ value: '3', n: 1 }]);
  });

  it('a click run again for the same event (redelivery) after its answer was recorded is thanked as the first time, and counted once', async () => {
    for (const anonymity of ['named', 'anonymous']) {
      define(app, basic({ anonymity, questions: [{ id: 'overall', type: 'csat', text: 'Satisfied?' }] }));
      const { runId } = startSurveyRun(app, 'pulse', { runKey: `r-${anonymity}`, scheduled: false });
      const ev = click('survey.answer', `${runId}:overall:4`, 'sales-1@x.example', { eventId: `act:${anonymity}` });
      const first = flat(await app.bot.handle(ev));
      expect(first).toMatch(/Thank you for your answer!/);
      // (the server died after the turn had recorded the answer; the next one runs the click again)
      const again = flat(await app.bot.handle({ ...ev, redelivery: true }));
      expect(again).toBe(first);
      expect(again).not.toMatch(/as before|already answered/);
      expect(count(app, "SELECT sum(n) AS n FROM survey_tallies t JOIN survey_runs r ON r.id = t.run_id WHERE r.id = ? AND value = '4'", runId)).toBe(1);
      // another click with the same answer is still told it is unchanged (or, anonymous, refused)
      expect(flat(await answer(app, 'sales-1@x.example', runId, 'overall', '4', `act:${anonymity}:2`))).toMatch(anonymity === 'named' ? /recorded as before/ : /already answered/);
    }
  });

  it('a single click on one question of a several-question survey is no response: it is refused with the form, in each mode', async () => {
    for (const anonymity of ['confidential', 'named', 'anonymous']) {
      define(app, basic({ id: `f-${anonymity}`, anonymity, questions: FORM }));
      const { runId } = startSurveyRun(app, `f-${anonymity}`, { runKey: 'r1', scheduled: false });
      const de = await answer(app, 'sales-2@x.example', runId, 'overall', '3');
      expect(flat(de)).not.toMatch(/Danke/);
      expect(flat(de)).toMatch(anonymity === 'anonymous'
        ? /^Diese anonyme Umfrage hat mehrere Fragen, und Ihre erste Antwort gilt: Bitte beantworten Sie sie alle zusammen im Formular und senden Sie es ab\. Es wurde nichts gespeichert\./
        : /^Diese Umfrage hat mehrere Fragen, und Ihre Antwort zählt erst, wenn alle Pflichtfragen beantwortet sind \(es fehlen noch: «Recommend\?», «Where\?», «Pick»\)\. Bitte füllen Sie das Formular aus und senden Sie es ab\. Es wurde nichts gespeichert\./);
      // the form comes with it: in linked modes with the clicked value filled in, never so in anonymous mode
      const form = de[1]!.blocks!.find((b) => b.type === 'form');
      expect(form).toMatchObject({ type: 'form', submit: { action: 'survey.submit', value: String(runId) } });
      const overall = form!.type === 'form' ? form!.inputs.find((i) => i.id === 'overall') : undefined;
      expect(overall?.initial).toBe(anonymity === 'anonymous' ? undefined : '3');
      const en = await answer(app, 'sales-1@x.example', runId, 'pick', 'a');
      expect(flat(en)).toMatch(anonymity === 'anonymous' ? /This anonymous survey has several questions/ : /still missing: "Satisfied\?", "Recommend\?", "Where\?"\)/);
      expect(surveyResults(app, `f-${anonymity}`).responses).toBe(0);
    }
    expect(count(app, 'SELECT count(*) AS n FROM survey_participation')).toBe(0);
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers')).toBe(0);
    expect(count(app, "SELECT count(*) AS n FROM survey_tallies WHERE n > 0")).toBe(0);
    // the reminders still reach those who only clicked
    app.clock.advance(3 * 24 * 3600 * 1000 + 1000);
    surveyTick(app);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-reminder' AND target = 'sales-2@x.example' AND state = 'queued'")).toBe(3);
  });

  it('a single click that leaves one required question open names it in the singular: "es fehlt noch"', async () => {
    define(app, basic({ id: 'two', questions: FORM.slice(0, 2) }));
    const { runId } = startSurveyRun(app, 'two', { runKey: 'r1', scheduled: false });
    expect(flat(await answer(app, 'sales-2@x.example', runId, 'overall', '3'))).toMatch(/\(es fehlt noch: «Recommend\?»\)\. Bitte füllen Sie das Formular aus/);
    expect(flat(await answer(app, 'sales-1@x.example', runId, 'likely', '8'))).toMatch(/\(still missing: "Satisfied\?"\)\. Please fill in the form/);
  });

  it('a partial response an earlier version stored from a single click stops counting (migration 0132); a closed confidential run keeps its published figures', async () => {
    const repo = new SurveyRepo(app.db);
    const full = { overall: '4', likely: '9', where: ['chat'], pick: 'b' };
    // what the earlier click path wrote: the participation row and the one answer clicked
    const oldClick = (runId: number, email: string) => {
      repo.participate(runId, email, 'Sales');
      repo.putLinkedAnswer(runId, email, 'where', 'multi', 'Sales', JSON.stringify(['chat', 'mail']), app.clock.now());
      repo.putLinkedAnswer(runId, email, 'overall', 'csat', 'Sales', '1', app.clock.now());
    };
    define(app, basic({ id: 'conf', questions: FORM }));
    define(app, basic({ id: 'named', anonymity: 'named', questions: FORM }));
    const closed = startSurveyRun(app, 'conf', { runKey: 'r0', scheduled: false }).runId;
    const runs = ['conf', 'named'].map((id) => startSurveyRun(app, id, { runKey: 'r1', scheduled: false }).runId);
    for (const run of [closed, ...runs]) {
      for (const e of emails.slice(0, 3)) await submit(app, e, run, full);
      oldClick(run, emails[3]!);
    }
    closeRun(app, repo.get('conf')!.def, repo.run(closed)!);
    const live = (id: string, key: string) => surveyResults(app, id, (r) => r.run_key === key, { live: true });
    // a response that answered two of the four required questions counts (the defect)
    expect([live('conf', 'r1').responses, live('conf', 'r1').questions[0]!.count]).toEqual([4, 4]);

    app.db.transaction(() => app.db.exec(readFileSync(join(MIGRATIONS_DIR, '0132-survey-partial-responses.sql'), 'utf8')))();

    for (const id of ['conf', 'named']) {
      const r = live(id, 'r1');
      expect(r.responses).toBe(3);
      expect(r.questions.map((q) => q.count)).toEqual([3, 3, 3, 3, null]);
      expect(r.questions[0]!.distribution).toEqual({ 1: 0, 2: 0, 3: 0, 4: 3, 5: 0 });
      expect(r.questions[2]!.distribution).toEqual({ chat: 3, intranet: 0, mail: 0 });
    }
    expect(repo.nonRespondents(runs[0]!).map((r) => r.email)).toContain(emails[3]);
    expect(repo.linkedAnswers(runs[0]!, emails[3]!)).toEqual({});
    // the closed confidential run's result card counted them: taking one person out would show their answers
    const published = surveyResults(app, 'conf', (r) => r.id === closed, { live: true });
    expect([published.responses, published.questions[0]!.count]).toEqual([4, 4]);
    // answering the whole form now counts once, and every count adds up
    await submit(app, emails[3]!, runs[0]!, { ...full, overall: '2' });
    const after = live('conf', 'r1');
    expect(after.responses).toBe(4);
    expect(after.questions[0]!.distribution).toEqual({ 1: 0, 2: 1, 3: 0, 4: 3, 5: 0 });
    expect(after.questions[2]!.distribution).toEqual({ chat: 4, intranet: 0, mail: 0 });
  });

  it('once every required question is answered, a click changes one answer (linked modes); a click on the only required one counts', async () => {
    define(app, basic({ questions: FORM }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await submit(app, 'sales-2@x.example', runId, { overall: '4', likely: '9', where: ['chat'], pick: 'b' });
    expect(flat(await answer(app, 'sales-2@x.example', runId, 'overall', '2'))).toMatch(/Ihre Antwort ist geändert/);
    expect(app.db.prepare("SELECT value FROM survey_answers WHERE question_id = 'overall'").get()).toEqual({ value: '2' });
    // a required question and an optional comment: the click answers all that is required
    define(app, basic({ id: 'two', questions: [FORM[0], FORM[4]] }));
    const two = startSurveyRun(app, 'two', { runKey: 'r1', scheduled: false });
    expect(flat(await answer(app, 'sales-2@x.example', two.runId, 'overall', '5'))).toMatch(/^Danke für Ihre Antwort!/);
    closeAll(app, 'two');
    expect(surveyResults(app, 'two').responses).toBe(1);
  });

  it('a form records every answer; a blank optional text clears an earlier one in linked modes', async () => {
    define(app, basic({ questions: FORM }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const r = await submit(app, 'sales-1@x.example', runId, { overall: '4', likely: '9', where: ['mail', 'chat'], pick: 'b', note: ' Great ' });
    expect(flat(r)).toMatch(/Thank you/);
    const rows = () => Object.fromEntries((app.db.prepare('SELECT question_id, value FROM survey_answers ORDER BY question_id').all() as Array<{ question_id: string; value: string }>).map((x) => [x.question_id, x.value]));
    expect(rows()).toEqual({ overall: '4', likely: '9', where: '["chat","mail"]', pick: 'b', note: 'Great' });
    await submit(app, 'sales-1@x.example', runId, { overall: '3', likely: '9', where: 'mail,intranet', pick: 'a', note: '' }); // Teams-style multi
    expect(rows().where).toBe('["intranet","mail"]');
    await submit(app, 'sales-1@x.example', runId, { overall: '3', likely: '9', where: 'intranet', pick: 'a', note: '' });
    expect(rows()).toEqual({ overall: '3', likely: '9', where: '["intranet"]', pick: 'a' });
    // the kept counts follow every change: the old values out, the new ones in
    const tallies = app.db.prepare("SELECT question_id || '=' || value AS k, n FROM survey_tallies WHERE n > 0 ORDER BY 1").all();
    expect(tallies).toEqual([
      { k: 'likely=', n: 1 }, { k: 'likely=9', n: 1 }, { k: 'overall=', n: 1 }, { k: 'overall=3', n: 1 },
      { k: 'pick=', n: 1 }, { k: 'pick=a', n: 1 }, { k: 'where=', n: 1 }, { k: 'where=intranet', n: 1 },
    ]);
    expect(count(app, "SELECT responses AS n FROM survey_group_counts WHERE grp = 'Sales'")).toBe(1);
  });

  it('a comment that reads like a list of options, changed later, still counts as one answer', async () => {
    define(app, basic({ questions: [FORM[0], FORM[4]] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await submit(app, 'sales-1@x.example', runId, { overall: '4', note: '[""]' });
    await submit(app, 'sales-2@x.example', runId, { overall: '4', note: 'Fine' });
    await submit(app, 'sales-3@x.example', runId, { overall: '4', note: '["", "x"]' });
    await submit(app, 'sales-1@x.example', runId, { overall: '4', note: 'Better' });
    await submit(app, 'sales-3@x.example', runId, { overall: '4', note: 'Good' });
    closeAll(app, 'pulse');
    const note = surveyResults(app, 'pulse').questions.find((q) => q.id === 'note')!;
    expect(note.withheld).toBeUndefined();
    expect(note.count).toBe(3);
    expect(note.comments).toEqual(['Better', 'Fine', 'Good']);
  });

  it('an answer that is none of the options names the options, as the person sees them, in their language', async () => {
    define(app, basic({
      questions: [{
        id: 'channel', type: 'choice', text: { de: 'Welcher Kanal?', en: 'Which channel?' },
        options: [{ value: 'intranet', label: { de: 'Intranet', en: 'Intranet' } }, { value: 'mail', label: { de: 'E-Mail', en: 'E-mail' } }, { value: 'chat', label: { de: 'Chat im Team', en: 'Team chat' } }],
      }],
    }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const en = await answer(app, 'sales-1@x.example', runId, 'channel', 'maybe');
    expect(flat(en)).toContain('I cannot accept this answer: "maybe" is not one of the options of "Which channel?": the options are "Intranet", "E-mail", "Team chat". Nothing was stored.');
    const de = await answer(app, 'sales-2@x.example', runId, 'channel', 'maybe');
    expect(flat(de)).toContain('Diese Antwort kann ich nicht annehmen: «maybe» ist keine der Auswahlmöglichkeiten von «Welcher Kanal?»: möglich sind «Intranet», «E-Mail», «Chat im Team». Es wurde nichts gespeichert.');
    expect(count(app, 'SELECT count(*) AS n FROM survey_participation')).toBe(0);
  });

  it('an error repeats at most 50 characters of a wrong answer, never half an emoji', async () => {
    define(app, basic({ questions: FORM }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const broken = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const long = `x${'😀'.repeat(40)}`;
    for (const values of [
      { overall: long, likely: '9', where: ['chat'], pick: 'a' },
      { overall: '4', likely: '9', where: ['chat', long], pick: 'a' },
      { overall: '4', likely: '9', where: ['chat'], pick: long },
      { overall: '4', likely: '9', where: ['chat'], pick: 'a', [long]: 'x' },
    ]) {
      const text = flat(await submit(app, 'sales-1@x.example', runId, values));
      expect(text).toMatch(/I cannot accept this answer/);
      expect(text).toContain(`"x${'😀'.repeat(24)}…"`);
      expect(text).not.toMatch(broken);
    }
  });

  it('values with spaces around them (" 4 ") are taken as the values, and a blank field as none', async () => {
    define(app, basic({ questions: FORM }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(flat(await submit(app, 'sales-1@x.example', runId, { overall: ' 4 ', likely: '9\n', where: [' chat'], pick: 'a ' }))).toMatch(/Thank you/);
    expect(app.db.prepare('SELECT question_id, value FROM survey_answers ORDER BY question_id').all()).toEqual([
      { question_id: 'likely', value: '9' },
      { question_id: 'overall', value: '4' },
      { question_id: 'pick', value: 'a' },
      { question_id: 'where', value: '["chat"]' },
    ]);
    expect(flat(await submit(app, 'sales-3@x.example', runId, { overall: '4', likely: '9', where: ['chat'], pick: '  ' }))).toMatch(/the question "Pick" needs an answer/);
  });

  it('forged, unknown or out-of-range values get a clear error and store nothing', async () => {
    define(app, basic({ questions: FORM }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const cases: Array<[Record<string, string | string[]>, RegExp]> = [
      [{ overall: '6', likely: '9', where: ['chat'], pick: 'a' }, /"6" is not a number from 1 to 5 for "Satisfied\?"/],
      [{ overall: '4', likely: '11', where: ['chat'], pick: 'a' }, /"11" is not a number from 0 to 10/],
      [{ overall: '4', likely: '-1', where: ['chat'], pick: 'a' }, /"-1" is not a number from 0 to 10/],
      [{ overall: '4', likely: '9', where: ['chat', 'fax'], pick: 'a' }, /"fax" is not one of the options of "Where\?": the options are "chat", "intranet", "mail"/],
      [{ overall: '4', likely: '9', where: ['chat'], pick: 'z' }, /"z" is not one of the options of "Pick"/],
      [{ overall: '4', likely: '9', where: ['chat'] }, /the question "Pick" needs an answer/],
      [{ overall: '4', likely: '9', where: ['chat'], pick: 'a', extra: 'x' }, /the question "extra" is not part of this survey/],
      [{ overall: '4', likely: '9', where: ['chat'], pick: 'a', note: 'x'.repeat(2001) }, /longer than 2000 characters/],
      // (a field named __proto__, as a client's JSON brings it: a field like any other, not one that disappears)
      [JSON.parse('{"overall": "4", "likely": "9", "where": ["chat"], "pick": "a", "__proto__": ["x"]}'), /the question "__proto__" is not part of this survey/],
    ];
    for (const [values, re] of cases) {
      const r = await submit(app, 'sales-1@x.example', runId, values);
      expect(flat(r)).toMatch(/I cannot accept this answer/);
      expect(flat(r)).toMatch(re);
      expect(flat(r)).toMatch(/Nothing was stored/);
    }
    for (const v of [`${runId}:overall`, `${runId}:nope:3`, `x:overall:3`, '', `${runId}:overall:3.5`]) {
      expect(flat(await app.bot.handle({ platform: 'test', person: { platform: 'test', userId: 'sales-1@x.example' }, conversation: { platform: 'test', channelId: 'd', isDirect: true }, action: { id: 'survey.answer', value: v } }))).toMatch(/cannot accept|do not know this survey/);
    }
    expect(flat(await answer(app, 'sales-1@x.example', 999, 'overall', '3'))).toMatch(/do not know this survey/);
    expect(flat(await answer(app, 'stranger@x.example', runId, 'overall', '3'))).toMatch(/not sent to you/);
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers')).toBe(0);
    expect(count(app, 'SELECT count(*) AS n FROM survey_participation')).toBe(0);
  });

  it('concurrent clicks, double clicks and platform retries record one answer per person and question', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const clicks: Array<Promise<OutMessage[]>> = [];
    for (const e of emails) {
      for (let i = 0; i < 5; i++) clicks.push(answer(app, e, runId, 'overall', String(1 + (i % 5))));
      for (let i = 0; i < 3; i++) clicks.push(answer(app, e, runId, 'overall', '3', `evt-${e}`)); // the same event retried
    }
    await Promise.all(clicks);
    expect(count(app, 'SELECT count(*) AS n FROM survey_participation')).toBe(emails.length);
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers')).toBe(emails.length);
    expect(count(app, "SELECT count(*) AS n FROM processed_events WHERE event_id LIKE 'evt-%'")).toBe(emails.length);
  });

  it('anonymous under concurrency: one count per person, never more', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    await Promise.all(emails.flatMap((e) => [1, 2, 3, 4, 5, 5, 5].map((v) => answer(app, e, runId, 'overall', String(v)))));
    expect(count(app, "SELECT sum(n) AS n FROM survey_tallies WHERE value = ''")).toBe(emails.length);
    expect(count(app, "SELECT sum(n) AS n FROM survey_tallies WHERE value <> ''")).toBe(emails.length);
  });

  it('answers from the web chat are recorded and thanked', async () => {
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const r = await app.bot.handle({
      platform: 'web', eventId: 'web-1',
      person: { platform: 'web', userId: 'hr-3@x.example', email: 'hr-3@x.example' },
      conversation: { platform: 'web', channelId: 'web:hr-3@x.example', isDirect: true },
      action: { id: 'survey.answer', value: `${runId}:overall:4` },
    });
    expect(flat(r)).toMatch(/Thank you for your answer/);
    expect(count(app, "SELECT count(*) AS n FROM survey_answers WHERE email = 'hr-3@x.example' AND value = '4'")).toBe(1);
  });
});
