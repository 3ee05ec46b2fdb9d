import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSender, testApp, testFile, withFakeSender, type TestApp } from '../doubles/app.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { startServer } from '../../src/server.ts';
import { importDepartments } from '../../src/people/import.ts';
import { cli } from '../doubles/cli.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { TeamsRefsRepo } from '../../src/store/teams-refs-repo.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { answer, basic, closeAll, count, define, people, submit, surveyFile } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 4 });
});
afterEach(() => app.cleanup());

describe('itbot survey send / results / export / close / list', () => {
  it('sends once a day by default, exports CSV per the rules, closes on demand; results in ITBOT_LANG, what send and close did in English', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).out).toBe('pulse');
    const s1 = await cli(['survey', 'send', 'pulse', ...db]);
    expect(s1.code).toBe(0);
    // ITBOT_LANG is not set here (German, the default): what the command did is English all the same, as its errors are
    expect(s1.out).toMatch(/^survey pulse: run send:\d{4}-\d{2}-\d{2} opened, 4 invitations queued$/);
    expect((await cli(['survey', 'send', 'pulse', ...db])).out).toMatch(/exists already, nothing queued/);
    expect((await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'de' })).out).toMatch(/exists already, nothing queued/);
    const none = await cli(['survey', 'results', 'pulse', ...db]);
    expect(none.out).toMatch(/^Umfrage pulse \(vertraulich, Mindestgruppe 3\): 0 von 4 haben geantwortet \(0%\)\n {2}alle Zahlen zurückgehalten: weniger als 3 Antworten\n {2}Zufrieden\? \(ID overall, csat\): zurückgehalten: weniger als 3 Antworten\nAbteilungen:\n {2}Sales: 0\/4, zurückgehalten: weniger als 3 Antworten$/);
    // the JSON keeps its keys and its (English) reasons whatever the language
    expect(JSON.parse((await cli(['survey', 'results', 'pulse', '--json', ...db])).out)).toMatchObject({ withheld: 'fewer than 3 responses' });
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(4);
    const run = new SurveyRepo(app.db).runs('pulse')[0]!;
    for (const e of ['sales-1@x.example', 'sales-2@x.example', 'sales-3@x.example']) await answer(app, e, run.id, 'overall', '4');
    const text = await cli(['survey', 'results', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(text.out).toMatch(/survey pulse \(confidential, min group 3\): 3 of 4 responded \(75%\)/);
    expect(text.out).toMatch(/Satisfied\? \(id overall, csat\): 3 answers, mean 4\.00,/);
    expect((await cli(['survey', 'results', 'pulse', ...db], { ITBOT_LANG: 'de' })).out).toMatch(/Zufrieden\? \(ID overall, csat\): 3 Antworten, Mittelwert 4\.00,/);
    const csv = await cli(['survey', 'export', 'pulse', '--format', 'csv', ...db]);
    expect(csv.out).toBe(`wave,respondent,department,question,type,value,count\n${run.run_key},,Sales,overall,csat,4,3`);
    expect((await cli(['survey', 'export', 'pulse', '--format', 'xml', ...db])).code).toBe(2);
    expect((await cli(['survey', 'close', 'pulse', ...db])).out).toBe('survey pulse: 1 run closed');
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-summary'")).toBe(1);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite' AND state = 'cancelled'")).toBe(4);
    const list = JSON.parse((await cli(['survey', 'list', '--json', ...db])).out);
    expect(list[0]).toMatchObject({ id: 'pulse', anonymity: 'confidential', runs: [{ closed: true }] });
    expect((await cli(['survey', 'send', 'nope', ...db])).code).toBe(2);
  });
});

describe('itbot survey results: the text names each question and labels each figure', () => {
  it('gives the question text in the output language with its id, and the waves\' figures as mean or NPS', async () => {
    define(app, basic({
      anonymity: 'anonymous',
      questions: [
        { id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } },
        { id: 'recommend', type: 'nps', text: { de: 'Würden Sie uns empfehlen?', en: 'Would you recommend us?' } },
      ],
    }));
    for (const [key, values] of [['w1', ['9', '10', '3']], ['w2', ['0', '0', '0']]] as const) {
      const { runId } = startSurveyRun(app, 'pulse', { runKey: key, scheduled: false });
      for (const [i, v] of values.entries()) await submit(app, `sales-${i + 1}@x.example`, runId, { overall: '4', recommend: v });
      closeAll(app, 'pulse');
    }
    const run = async (lang: string) => (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: lang })).out.split('\n');
    const de = await run('de');
    expect(de).toContain('  Wie zufrieden sind Sie? (ID overall, csat): 6 Antworten, Mittelwert 4.00, CSAT 100%, 1:0 2:0 3:0 4:6 (100%) 5:0');
    expect(de.some((l) => l.startsWith('  Würden Sie uns empfehlen? (ID recommend, nps): 6 Antworten'))).toBe(true);
    expect(de).toContain('  w1: 3/4, overall Mittelwert 4.00 und CSAT 100%, recommend NPS 33.3');
    expect(de).toContain('  w2: 3/4, overall Mittelwert 4.00 und CSAT 100%, recommend NPS -100');
    const en = await run('en');
    expect(en).toContain('  How satisfied are you? (id overall, csat): 6 answers, mean 4.00, CSAT 100%, 1:0 2:0 3:0 4:6 (100%) 5:0');
    expect(en).toContain('  w1: 3/4, overall mean 4.00 and CSAT 100%, recommend NPS 33.3');
    // no English question text after a German head
    expect(de.join('\n')).not.toContain('How satisfied');
  });

  it('names the waves in words, as the admin pages do, and keeps a key chosen by hand (and the keys in --json)', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    for (const key of ['wave:2026-07-06', 'send:2026-08-03', 'w3']) {
      const { runId } = startSurveyRun(app, 'pulse', { runKey: key, scheduled: false });
      for (const i of [1, 2, 3]) await submit(app, `sales-${i}@x.example`, runId, { overall: '4' });
      closeAll(app, 'pulse');
    }
    const lines = async (lang: string) => (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: lang })).out.split('\n');
    const de = await lines('de');
    expect(de).toContain('  Welle vom 6. Juli 2026: 3/4, overall Mittelwert 4.00 und CSAT 100%');
    expect(de).toContain('  Welle vom 3. August 2026: 3/4, overall Mittelwert 4.00 und CSAT 100%');
    expect(de).toContain('  w3: 3/4, overall Mittelwert 4.00 und CSAT 100%');
    expect(await lines('en')).toContain('  Wave of 6 July 2026: 3/4, overall mean 4.00 and CSAT 100%');
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', '--db', app.file])).out);
    expect(json.waves.map((w: { runKey: string }) => w.runKey)).toEqual(['wave:2026-07-06', 'send:2026-08-03', 'w3']);
  });

  it('counts a choice by its options\' labels in the output language, with the id where two labels read the same', async () => {
    define(app, basic({
      questions: [{
        id: 'channel', type: 'choice', text: { de: 'Wo?', en: 'Where?' },
        options: [
          { value: 'key-account', label: { de: 'Meine IT-Ansprechperson', en: 'My IT contact' } },
          { value: 'intranet', label: { de: 'Intranet', en: 'Intranet' } },
          { value: 'intranet-old', label: { de: 'Intranet', en: 'Old intranet' } },
        ],
      }],
    }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false });
    for (const [i, v] of ['key-account', 'key-account', 'intranet', 'intranet-old'].entries()) await answer(app, `sales-${i + 1}@x.example`, runId, 'channel', v);
    const out = async (lang: string) => (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: lang })).out.split('\n');
    expect(await out('de')).toContain('  Wo? (ID channel, choice): 4 Antworten, «Meine IT-Ansprechperson»:2 (50%) «Intranet» (intranet):1 (25%) «Intranet» (intranet-old):1 (25%)');
    expect(await out('en')).toContain('  Where? (id channel, choice): 4 answers, "My IT contact":2 (50%) "Intranet":1 (25%) "Old intranet":1 (25%)');
    // the JSON keeps the options' ids
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', '--db', app.file])).out);
    expect(json.questions[0].distribution).toEqual({ 'key-account': 2, intranet: 1, 'intranet-old': 1 });
  });

  it('shows a control character in a question\'s text instead of sending it to the terminal', async () => {
    define(app, basic({ questions: [{ id: 'overall', type: 'csat', text: { de: 'Zufrieden?\u001b[2J', en: 'Satisfied?\u001b]52;c;eA==\u0007' } }] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false });
    for (let i = 1; i <= 3; i++) await answer(app, `sales-${i}@x.example`, runId, 'overall', '4');
    const de = (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'de' })).out;
    const en = (await cli(['survey', 'results', 'pulse', '--db', app.file], { ITBOT_LANG: 'en' })).out;
    expect(de).toContain('  Zufrieden?\u241b[2J (ID overall, csat): 3 Antworten');
    expect(en).toContain('  Satisfied?\u241b]52;c;eA==\u2407 (id overall, csat): 3 answers');
    expect(de + en).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/); // (line ends apart)
  });
});

describe('itbot survey list / results / send / close: wording', () => {
  it('reports in ITBOT_LANG with singular and plural, says what send and close did in English, and says a survey never sent is not sent yet', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    const de = async (...args: string[]) => (await cli([...args, ...db], { ITBOT_LANG: 'de' })).out;
    const en = async (...args: string[]) => (await cli([...args, ...db], { ITBOT_LANG: 'en' })).out;
    await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db]);
    await cli(['survey', 'create', surveyFile(app.dir, basic({ id: 'solo', anonymity: 'named', minGroupSize: 1, audience: ['sales-1@x.example'] })), ...db]);
    // never sent: no figures to withhold, no runs to count
    expect(await de('survey', 'results', 'pulse')).toBe('Umfrage pulse (vertraulich, Mindestgruppe 3): noch nicht versendet, es gibt keine Ergebnisse');
    expect(await en('survey', 'results', 'pulse')).toBe('survey pulse (confidential, min group 3): not sent yet, there are no results');
    expect(await de('survey', 'list')).toBe('pulse  vertraulich  Puls  (noch nicht versendet)\nsolo  namentlich  Puls  (noch nicht versendet)');
    expect(await en('survey', 'list')).toBe('pulse  confidential  Pulse  (not sent yet)\nsolo  named  Pulse  (not sent yet)');
    expect(await de('survey', 'close', 'pulse')).toBe('survey pulse: no open run, nothing closed');
    expect(await en('survey', 'close', 'pulse')).toBe('survey pulse: no open run, nothing closed');
    // one invitation, one response, one answer
    expect(await de('survey', 'send', 'solo')).toMatch(/^survey solo: run send:\S+ opened, 1 invitation queued$/);
    expect(await en('survey', 'send', 'solo', '--run-key', 'two')).toBe('survey solo: run two opened, 1 invitation queued');
    const runs = new SurveyRepo(app.db).runs('solo');
    await answer(app, 'sales-1@x.example', runs[0]!.id, 'overall', '4');
    const results = await de('survey', 'results', 'solo');
    expect(results).toMatch(/^Umfrage solo \(namentlich, Mindestgruppe 1\): 1 von 2 hat geantwortet \(50%\)\n {2}Zufrieden\? \(ID overall, csat\): 1 Antwort, Mittelwert 4\.00/);
    expect(await en('survey', 'results', 'solo')).toMatch(/^survey solo \(named, min group 1\): 1 of 2 responded \(50%\)\n {2}Satisfied\? \(id overall, csat\): 1 answer, mean 4\.00/);
    expect(await de('survey', 'list')).toBe('pulse  vertraulich  Puls  (noch nicht versendet)\nsolo  namentlich  Puls  (2 Durchgänge, davon 2 offen)');
    expect(await en('survey', 'list')).toBe('pulse  confidential  Pulse  (not sent yet)\nsolo  named  Pulse  (2 runs, 2 open)');
    expect(await de('survey', 'close', 'solo')).toBe('survey solo: 2 runs closed');
    expect(await en('survey', 'list')).toMatch(/\nsolo  named  Pulse  \(2 runs\)$/);
    expect(await en('survey', 'send', 'pulse')).toMatch(/opened, 4 invitations queued$/);
    expect(await en('survey', 'close', 'pulse')).toBe('survey pulse: 1 run closed');
    expect(await de('survey', 'list')).toMatch(/^pulse  vertraulich  Puls  \(1 Durchgang\)\n/);
  });
});

describe('itbot survey results --wave with a run key that is not there', () => {
  it('names the survey\'s runs (or that it was never sent), and an unknown survey as such', async () => {
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).code).toBe(0);
    expect((await cli(['survey', 'results', 'pulse', '--wave', 'q1', ...db])).err).toBe('survey pulse: no run q1 (it has not been sent yet)');
    startSurveyRun(app, 'pulse', { runKey: 'wave:2027-01-04', scheduled: false });
    startSurveyRun(app, 'pulse', { runKey: 'send:2027-02-01', scheduled: false });
    const r = await cli(['survey', 'results', 'pulse', '--wave', 'q1', ...db]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('survey pulse: no run q1 (its runs: wave:2027-01-04, send:2027-02-01)');
    expect((await cli(['survey', 'results', 'nope', '--wave', 'q1', ...db])).err).toMatch(/^survey nope: no such survey/);
  });
});

describe('itbot survey send while an earlier send is still open', () => {
  it('invites nobody a second time: it names the open run, and only --run-key opens another', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).code).toBe(0);
    // yesterday's send, still open for six more days
    startSurveyRun(app, 'pulse', { runKey: 'send:2000-01-01', scheduled: false });
    await answer(app, 'sales-1@x.example', new SurveyRepo(app.db).runs('pulse')[0]!.id, 'overall', '4');
    const again = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^survey pulse: run send:2000-01-01 is still open until .+, nothing queued \(those who have not answered get its reminders, the next one now with "Send the next reminder now" on the survey's admin page; --run-key opens another run anyway\)$/);
    expect((await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'de' })).out).toMatch(/^survey pulse: run send:2000-01-01 is still open until /);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(4);
    expect(new SurveyRepo(app.db).runs('pulse')).toHaveLength(1);
    // an explicit run key is the operator's decision
    expect((await cli(['survey', 'send', 'pulse', '--run-key', 'second', ...db])).out).toMatch(/run second opened, 4 invitations/);
    // once the open send is closed, a send opens today's run
    expect((await cli(['survey', 'close', 'pulse', ...db])).code).toBe(0);
    expect((await cli(['survey', 'send', 'pulse', ...db])).out).toMatch(/run send:\d{4}-\d{2}-\d{2} opened, 4 invitations/);
  });

  it('invites nobody a second time while a recurring survey\'s wave is open either; a plan\'s follow-up run does not hold a send back', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).code).toBe(0);
    // the scheduler's wave of a recurring survey, still open
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'wave:2000-01-01', scheduled: true });
    await answer(app, 'sales-1@x.example', runId, 'overall', '4');
    const again = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/^survey pulse: run wave:2000-01-01 is still open until .+, nothing queued/);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite' AND target = 'sales-1@x.example'")).toBe(1);
    expect(new SurveyRepo(app.db).runs('pulse')).toHaveLength(1);
    expect((await cli(['survey', 'close', 'pulse', ...db])).code).toBe(0);
    // an event's follow-up run goes to the event's audience, not the survey's
    startSurveyRun(app, 'pulse', { runKey: 'plan:club:2000-01-01T18:00', audience: [{ kind: 'email', email: 'sales-2@x.example' }], scheduled: true });
    expect((await cli(['survey', 'send', 'pulse', ...db])).out).toMatch(/run send:\d{4}-\d{2}-\d{2} opened, 4 invitations/);
  });

  it('says on stderr that today\'s run was closed and nothing was sent, exit 2 (a new run needs --run-key), when a send after an early close opens nothing', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).code).toBe(0);
    expect((await cli(['survey', 'send', 'pulse', ...db])).code).toBe(0);
    expect((await cli(['survey', 'close', 'pulse', ...db])).code).toBe(0);
    const again = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(again.code).toBe(2);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/^survey pulse: nothing sent: run send:\d{4}-\d{2}-\d{2} was closed on .+ and is not opened again \(use --run-key KEY for a new run\)$/);
    const de = await cli(['survey', 'send', 'pulse', ...db]);
    expect(de.code).toBe(2);
    // (an error is English whatever ITBOT_LANG says)
    expect(de.err).toMatch(/^survey pulse: nothing sent: run send:\S+ was closed on .+ and is not opened again/);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite' AND state = 'queued'")).toBe(0);
  });

  it('says so too when today\'s run closed by its time and no server has marked it closed yet', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db])).code).toBe(0);
    expect((await cli(['survey', 'send', 'pulse', ...db])).code).toBe(0);
    // its close time has passed (a short survey), nothing has closed it yet
    app.db.prepare(`UPDATE survey_runs SET closes_at = ? WHERE survey_id = 'pulse'`).run(new Date(Date.now() - 60_000).toISOString());
    const queued = count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'");
    const again = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(again.code).toBe(2);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/^survey pulse: nothing sent: run send:\S+ was closed on .+ and is not opened again/);
    expect(count(app, "SELECT count(*) AS n FROM outbox WHERE kind = 'survey-invite'")).toBe(queued);
  });
});

describe('itbot survey close: the result card reaches every configured platform', () => {
  const slackEnv = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing-secret', SLACK_APP_TOKEN: undefined };
  const noTeams = { MICROSOFT_APP_ID: undefined, MICROSOFT_APP_PASSWORD: undefined, MICROSOFT_APP_TYPE: undefined, MICROSOFT_APP_TENANT_ID: undefined };
  const noSlack = { SLACK_BOT_TOKEN: undefined, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: undefined, ITBOT_IT_CHANNEL: undefined };
  const cards = () =>
    (app.db.prepare("SELECT platform, target FROM outbox WHERE kind = 'survey-summary' ORDER BY platform").all() as Array<{ platform: string; target: string }>).map((r) => `${r.platform}:${r.target}`);

  async function openAndClose(env: Record<string, string | undefined>): Promise<void> {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    app.people.upsertDepartment({ id: 'IT', nameDe: 'Informatik', nameEn: 'IT', keyAccountEmail: null, itChannelSlack: 'C0IT', itChannelTeams: '19:it@thread.tacv2' });
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic()), ...db], env)).code).toBe(0);
    expect((await cli(['survey', 'send', 'pulse', ...db], env)).code).toBe(0);
    expect((await cli(['survey', 'close', 'pulse', ...db], { ...env, ITBOT_LANG: 'en' })).out).toBe('survey pulse: 1 run closed');
  }

  it('queues a card for Slack and Teams when they are configured, though the command itself starts no Slack or Teams sender', async () => {
    await openAndClose({ ...slackEnv, MICROSOFT_APP_ID: 'app-id', MICROSOFT_APP_PASSWORD: 'app-password', MICROSOFT_APP_TYPE: 'MultiTenant', MICROSOFT_APP_TENANT_ID: undefined });
    expect(cards()).toEqual(['slack:C0IT', 'teams:19:it@thread.tacv2', 'web:IT']);
  });

  it('queues Slack only when only Slack is configured', async () => {
    await openAndClose({ ...slackEnv, ...noTeams });
    expect(cards()).toEqual(['slack:C0IT', 'web:IT']);
  });

  it('queues the web chat only when no chat platform is configured', async () => {
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['web:IT']);
  });

  it('queues for the platforms the server noted it serves, from a shell without the server\'s Slack settings', async () => {
    const { noteServedPlatforms } = await import('../../src/projects/targets.ts');
    noteServedPlatforms(app.db, ['web', 'slack'], app.clock.now());
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['slack:C0IT', 'web:IT']);
  });

  it('queues for Slack while a server with Slack runs, though a server without it started after it on the database', async () => {
    const { noteServedPlatforms } = await import('../../src/projects/targets.ts');
    app.clock.set(new Date()); // (the CLI runs on the real clock)
    withFakeSender(app, new FakeSender('slack'));
    new OutboxWorker(app).heartbeat();
    // the second server, without Slack, notes its own platforms at its start
    noteServedPlatforms(app.db, ['web'], app.clock.now());
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['slack:C0IT', 'web:IT']);
  });

  it('queues for Slack while the server with Slack is stopped, though a server without it started after it on the database', async () => {
    const { noteServedPlatforms } = await import('../../src/projects/targets.ts');
    app.clock.set(new Date(Date.now() - 3 * 24 * 3600_000)); // (the CLI runs on the real clock: the Slack server stopped three days ago)
    withFakeSender(app, new FakeSender('slack'));
    new OutboxWorker(app).heartbeat();
    app.clock.set(new Date());
    noteServedPlatforms(app.db, ['web'], app.clock.now());
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['slack:C0IT', 'web:IT']);
  });

  it('goes to the Slack server\'s ITBOT_IT_CHANNEL though a server without Slack started after it on the database', async () => {
    const { noteServedItChannel } = await import('../../src/projects/targets.ts');
    app.clock.set(new Date()); // (the CLI runs on the real clock)
    withFakeSender(app, new FakeSender('slack'));
    new OutboxWorker(app).heartbeat();
    noteServedItChannel(app.db, 'C0ITBOT', app.clock.now());
    const webOnly = createApp({ config: app.config, db: openDb(app.file), clock: app.clock, features: app.features });
    const server = await startServer(webOnly, { port: 0, background: false, adapters: [] });
    await server.close();
    webOnly.db.close();
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['slack:C0ITBOT', 'web:IT']);
  });

  it('counts Teams as on when Teams conversations are stored (a setup without credentials), as the server does', async () => {
    new TeamsRefsRepo(app.db).upsert('user:29:abc', 'sales-1@x.example', { serviceUrl: 'http://127.0.0.1:3978/' }, app.clock.now());
    await openAndClose({ ...noSlack, ...noTeams });
    expect(cards()).toEqual(['teams:19:it@thread.tacv2', 'web:IT']);
  });
});

describe('itbot survey list: a recurring survey\'s rule', () => {
  it('is said in words in ITBOT_LANG, a rule with more to it given as well, with when the first wave goes out in local time', async () => {
    const db = ['--db', app.file];
    const rec = (id: string, rrule: string, closes = 'P14D', start = '2098-01-13T09:00') => define(app, basic({ id, closes, rrule, start }));
    rec('a-quarterly', 'FREQ=MONTHLY;INTERVAL=3');
    rec('b-weekly', 'FREQ=WEEKLY', 'P7D');
    // (the first Tuesday of a month after the start, not the start itself)
    rec('c-first-tuesday', 'FREQ=MONTHLY;BYDAY=1TU');
    rec('d-yearly', 'FREQ=YEARLY;INTERVAL=2');
    // (a start long past: the wave still to come, not the start)
    rec('e-century', 'FREQ=YEARLY;INTERVAL=100', 'P14D', '2020-01-06T17:30');
    const list = async (lang: string) => (await cli(['survey', 'list', ...db], { ITBOT_LANG: lang })).out.split('\n');
    expect(await list('de')).toEqual([
      'a-quarterly  vertraulich  Puls  (noch nicht versendet, erste Welle am 13. Januar 2098 um 09:00, alle 3 Monate)',
      'b-weekly  vertraulich  Puls  (noch nicht versendet, erste Welle am 13. Januar 2098 um 09:00, wöchentlich)',
      'c-first-tuesday  vertraulich  Puls  (noch nicht versendet, erste Welle am 4. Februar 2098 um 09:00, monatlich (FREQ=MONTHLY;BYDAY=1TU))',
      'd-yearly  vertraulich  Puls  (noch nicht versendet, erste Welle am 13. Januar 2098 um 09:00, alle 2 Jahre)',
      'e-century  vertraulich  Puls  (noch nicht versendet, erste Welle am 6. Januar 2120 um 17:30, alle 100 Jahre)',
    ]);
    expect(await list('en')).toEqual([
      'a-quarterly  confidential  Pulse  (not sent yet, first wave on 13 January 2098 at 09:00, every 3 months)',
      'b-weekly  confidential  Pulse  (not sent yet, first wave on 13 January 2098 at 09:00, every week)',
      'c-first-tuesday  confidential  Pulse  (not sent yet, first wave on 4 February 2098 at 09:00, every month (FREQ=MONTHLY;BYDAY=1TU))',
      'd-yearly  confidential  Pulse  (not sent yet, first wave on 13 January 2098 at 09:00, every 2 years)',
      'e-century  confidential  Pulse  (not sent yet, first wave on 6 January 2120 at 17:30, every 100 years)',
    ]);
    // the JSON keeps the rule as written
    expect(JSON.parse((await cli(['survey', 'list', '--json', ...db])).out)[0]).toMatchObject({ id: 'a-quarterly', rrule: 'FREQ=MONTHLY;INTERVAL=3' });
  });
});

describe('itbot survey results: the departments', () => {
  it('are named in ITBOT_LANG as the departments file names them, as on the admin pages; the JSON keeps the id', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    importDepartments(app, testFile(app, 'departments.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nSales,Verkauf,Sales Team,,,\n'));
    define(app, basic());
    const run = startSurveyRun(app, 'pulse', { runKey: 'w1', scheduled: false });
    for (const [e, v] of [['sales-1@x.example', '4'], ['sales-2@x.example', '5'], ['sales-3@x.example', '2']]) await answer(app, e!, run.runId, 'overall', v!);
    // (a csat question's CSAT, the share of 4 and 5, with its mean, as in the overall figures and on the admin page)
    expect((await cli(['survey', 'results', 'pulse', ...db], { ITBOT_LANG: 'de' })).out).toMatch(/\nAbteilungen:\n {2}Verkauf: 3\/4, overall Mittelwert 3\.67 und CSAT 66\.7%$/);
    expect((await cli(['survey', 'results', 'pulse', ...db], { ITBOT_LANG: 'en' })).out).toMatch(/\ndepartments:\n {2}Sales Team: 3\/4, overall mean 3\.67 and CSAT 66\.7%$/);
    const json = JSON.parse((await cli(['survey', 'results', 'pulse', '--json', ...db])).out);
    expect(json.departments[0]).toMatchObject({ department: 'Sales', responses: 3 });
    expect(json.departments[0].questions.find((q: { id: string }) => q.id === 'overall')).toMatchObject({ mean: 3.67, csat: 66.7 });
  });
});

describe('itbot survey results: a withheld reason reads as one sentence', () => {
  it('says "withheld so that …" once, not "withheld: withheld so that …", in both languages', async () => {
    people(app, { Finance: 3, HR: 3 });
    define(app, basic());
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'w2', scheduled: false });
    for (let i = 1; i <= 3; i++) await submit(app, `sales-${i}@x.example`, runId, { overall: '4' });
    for (let i = 1; i <= 3; i++) await submit(app, `finance-${i}@x.example`, runId, { overall: '5' });
    await submit(app, 'hr-1@x.example', runId, { overall: '2' });
    closeAll(app, 'pulse');
    const db = ['--db', app.file];
    const en = (await cli(['survey', 'results', 'pulse', '--wave', 'w2', ...db], { ITBOT_LANG: 'en' })).out;
    expect(en).toContain('withheld so that smaller departments cannot be worked out from the total');
    expect(en).toContain('HR: 1/3, withheld: fewer than 3 responses');
    expect(en).not.toMatch(/withheld: withheld/);
    const de = (await cli(['survey', 'results', 'pulse', '--wave', 'w2', ...db], { ITBOT_LANG: 'de' })).out;
    expect(de).toContain('zurückgehalten, damit kleinere Abteilungen nicht aus dem Total errechnet werden können');
    expect(de).toContain('HR: 1/3, zurückgehalten: weniger als 3 Antworten');
    expect(de).not.toMatch(/zurückgehalten: zurückgehalten/);
  });
});

describe('itbot survey list: a wave a send held back', () => {
  it('names the skipped wave and the send that held it back, in ITBOT_LANG, and in the JSON', async () => {
    const now = Date.now(); // the CLI runs on the real clock
    const yesterday = new Date(now - 86_400_000).toISOString().slice(0, 10);
    define(app, basic({ rrule: 'FREQ=MONTHLY;INTERVAL=3', start: `${yesterday}T12:00`, closes: 'P14D' }));
    app.clock.set(new Date(now - 3 * 86_400_000));
    startSurveyRun(app, 'pulse', { runKey: 'send:early', scheduled: false });
    const db = ['--db', app.file];
    expect((await cli(['survey', 'list', ...db], { ITBOT_LANG: 'en' })).out).toMatch(/^pulse {2}confidential {2}Pulse {2}\(1 run, 1 open, every 3 months\)\n {2}Wave of .+ skipped: run send:early was still open \(nobody is invited twice\)$/);
    expect((await cli(['survey', 'list', ...db], { ITBOT_LANG: 'de' })).out).toMatch(/\n {2}Welle vom .+ ausgelassen: der Durchgang send:early war noch offen \(niemand wird zweimal eingeladen\)$/);
    const json = JSON.parse((await cli(['survey', 'list', '--json', ...db])).out);
    expect(json[0].skippedWaves).toEqual([{ runKey: `wave:${yesterday}`, at: expect.any(String), heldBy: 'send:early' }]);
    // its results asked for by its key: it was skipped, not mistyped
    const results = await cli(['survey', 'results', 'pulse', '--wave', `wave:${yesterday}`, ...db]);
    expect(results.code).toBe(2);
    expect(results.err).toBe(`survey pulse: no run wave:${yesterday} (it was skipped: run send:early was still open, so nobody was invited twice; its runs: send:early)`);
  });
});
