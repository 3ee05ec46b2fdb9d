import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server.ts';
import { testFile, type TestApp } from '../doubles/app.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun, startSurveyRun, queueDueReminders } from '../../src/surveys/runs.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { SurveyResultsRepo } from '../../src/store/survey-results-repo.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { adminServer, client, login, type Client } from './helpers.ts';
import { cli } from '../doubles/cli.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;
let csrf: string;

beforeEach(async () => {
  ({ app, server } = await adminServer({ now: '2027-03-01T09:00:00Z' }));
  importPeople(app, 'data/people.csv');
  createSurvey(app, 'test/admin/fixtures/survey.yaml');
  c = client(server);
  csrf = (await login(c)).csrf!;
});

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

const EVERYONE = () => app.people.all({ activeOnly: true }).map((p) => p.email);

async function answer(runId: number, email: string, values: Record<string, string>): Promise<void> {
  const r = await app.bot.handle({
    platform: 'test',
    person: { platform: 'test', userId: email, email },
    conversation: { platform: 'test', channelId: `dm:${email}`, isDirect: true },
    action: { id: 'survey.submit', value: String(runId), values },
  });
  expect(r[0]!.text).not.toMatch(/not|nicht/i);
}

function dept(d: string): string[] {
  return app.people.all({ activeOnly: true }).filter((p) => p.department === d).map((p) => p.email);
}

describe('admin surveys page', () => {
  it('withholds what the CLI withholds: two responses below the group size of three', async () => {
    const { runId } = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    const [a, b] = EVERYONE();
    await answer(runId, a!, { overall: '5', recommend: '10', pick: 'a', comment: 'a very telling comment' });
    await answer(runId, b!, { overall: '1', recommend: '0', pick: 'b' });
    expect(surveyResults(app, 'admin-test').withheld).toBeTruthy();
    const page = await (await c.get('/admin/surveys/admin-test?lang=en')).text();
    expect(page).toContain('Withheld: fewer than 3 responses');
    expect(page).not.toContain('a very telling comment');
    expect(page).not.toMatch(/<svg/);
    expect(page).not.toMatch(/data-figure/);
    for (const e of EVERYONE()) expect(page).not.toContain(e);
  });

  it('a closed wave says beside a question how many later answers to it its figures leave out, where the wave\'s responses do not say it', async () => {
    createSurvey(app, testFile(app, 'held.yaml', `id: held
title: {de: Zurückgehalten, en: Held back}
anonymity: confidential
minGroupSize: 3
audience: all
closes: P7D
questions:
  - {id: overall, type: csat, text: {de: Zufrieden?, en: Satisfied?}}
  - {id: nps, type: nps, optional: true, text: {de: Empfehlen?, en: Recommend?}}
`));
    const { runId } = startSurveyRun(app, 'held', { runKey: 'w1', scheduled: false });
    const [it1, it2, it3, it4] = dept('IT');
    // IT steps at its third response (the NPS with two answers stays out of that step); Finance at its third
    await answer(runId, it1!, { overall: '5', nps: '9' });
    await answer(runId, it2!, { overall: '4', nps: '10' });
    await answer(runId, it3!, { overall: '4' });
    await answer(runId, it4!, { overall: '3', nps: '8' });
    for (const [i, e] of dept('Finance').entries()) await answer(runId, e, { overall: ['2', '3', '1'][i]!, nps: ['3', '5', '2'][i]! });
    // after the last steps: two from Sales, one from HR (with an NPS), one from the management
    for (const e of dept('Sales').slice(0, 2)) await answer(runId, e, { overall: '5' });
    await answer(runId, dept('HR')[0]!, { overall: '1', nps: '0' });
    await answer(runId, dept('Management')[0]!, { overall: '2' });
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('held')!.def, repo.run(runId)!);
    // the later responses together are enough to be shown (no line for the wave), but the one later NPS is not
    const res = surveyResults(app, 'held');
    expect(res.heldBack).toBeUndefined();
    expect(res.questions.map((q) => [q.id, q.count, q.heldBack])).toEqual([['overall', 11, undefined], ['nps', 6, 1]]);
    expect(res.waves[0]!.questions.find((q) => q.id === 'nps')).toMatchObject({ count: 6, heldBack: 1 });
    // the operator's live view counts it
    expect(surveyResults(app, 'held', undefined, { live: true }).questions.find((q) => q.id === 'nps')).toMatchObject({ count: 7 });
    expect(surveyResults(app, 'held', undefined, { live: true }).questions.find((q) => q.id === 'nps')!.heldBack).toBeUndefined();
    const block = (page: string, q: string) => page.slice(page.indexOf(`data-question="${q}"`)).split('<div class="chart">')[0]!;
    const en = await (await c.get('/admin/surveys/held?lang=en')).text();
    expect(block(en, 'nps')).toContain('1 later answer to this question is left out to protect anonymity.');
    expect(block(en, 'overall')).not.toContain('left out');
    expect(en).not.toMatch(/later answers? (is|are) left out/);
    const de = await (await c.get('/admin/surveys/held?lang=de')).text();
    expect(block(de, 'nps')).toContain('1 spätere Antwort auf diese Frage ist zum Schutz der Anonymität nicht mitgezählt.');
  });

  it('says which wave of a recurring survey a send held back, in the page\'s language', async () => {
    createSurvey(app, testFile(app, 'quarterly.yaml', `id: quarterly
title: {de: Quartalspuls, en: Quarterly pulse}
minGroupSize: 3
audience: all
rrule: "FREQ=MONTHLY;INTERVAL=3"
start: 2027-03-04T09:00
closes: P14D
questions:
  - {id: overall, type: csat, text: {de: Zufrieden?, en: Satisfied?}}
`));
    startSurveyRun(app, 'quarterly', { runKey: 'send:2027-03-01', scheduled: false });
    app.clock.set('2027-03-05T09:00:00Z');
    surveyTick(app);
    await login(c); // (the session of three days ago has run out)
    const skipped = (page: string) => page.match(/<p class="muted skipped-wave"[^>]*>([^<]+)<\/p>/)?.[1];
    expect(skipped(await (await c.get('/admin/surveys/quarterly?lang=en')).text())).toBe('Wave of 4 March 2027 skipped: run send:2027-03-01 was still open (nobody is invited twice)');
    expect(skipped(await (await c.get('/admin/surveys/quarterly?lang=de')).text())).toBe('Welle vom 4. März 2027 ausgelassen: der Durchgang send:2027-03-01 war noch offen (niemand wird zweimal eingeladen)');
    expect(new SurveyRepo(app.db).runs('quarterly').map((r) => r.run_key)).toEqual(['send:2027-03-01']);
  });

  it('an open wave shows its figures as at its last step: a fourth answer changes nothing shown, and the page says why', async () => {
    const { runId } = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    const it4 = dept('IT');
    for (const [i, e] of it4.slice(0, 3).entries()) await answer(runId, e, { overall: String(3 + i), recommend: '9', pick: 'b', comment: `note ${i}` });
    // the figures of the wave (charts, means, comments, counts), without the line about the steps
    // and the count of who has answered by now above them
    // (each chart numbers its clip paths on from the one drawn before)
    const figures = (page: string) =>
      /<section class="card" id="wave-results">[\s\S]*?<\/section>/.exec(page)![0].replace(/<p class="muted stepped">[^<]*<\/p>/, '').replace(/<div class="kpi">[\s\S]*?<\/div><\/div>/, '').replace(/clip\d+/g, 'clip');
    const before = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=en')).text();
    expect(figures(before)).toContain('note 1');
    await answer(runId, it4[3]!, { overall: '1', recommend: '0', pick: 'a', comment: 'the fourth answer' });
    const after = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=en')).text();
    expect(figures(after)).toEqual(figures(before));
    expect(after).not.toContain('the fourth answer');
    expect(after).toContain('Figures as of 3 responses (4 people have answered so far). While the survey is open, they update each time a department has 3 more answers');
    // the list of waves tracks who has answered
    expect(after).toMatch(/<tr data-wave="w1"[\s\S]*?<td class="num">4 \/ \d+<\/td>/);
    const de = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=de')).text();
    expect(de).toContain('Zahlen beim Stand von 3 Antworten (bisher haben 4 Personen geantwortet). Solange die Umfrage offen ist, werden sie nachgeführt, sobald eine Abteilung 3 weitere Antworten hat');
    // the CSV download likewise
    const csv = await (await c.get('/admin/surveys/admin-test/export.csv')).text();
    expect(csv).not.toContain('the fourth answer');
    expect(csv).toContain(',overall,csat,5,1');
    expect(csv).not.toContain(',overall,csat,1,');
  });

  it('an open wave: the head and the wave card count who has answered as the lists do, say what the figures count, and explain the steps once', async () => {
    const { runId } = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    const invited = new SurveyRepo(app.db).recipients(runId).length;
    for (const [i, e] of dept('IT').slice(0, 4).entries()) await answer(runId, e, { overall: String(2 + i), recommend: '9', pick: 'b' });
    const rate = `${Math.round((4 * 100) / invited)}%`;
    const kpi = (lang: string, asOf: string) =>
      `<div class="kpi"><div>${lang === 'en' ? 'Recipients' : 'Empfänger'}<b>${invited}</b></div><div>${lang === 'en' ? 'Responses' : 'Antworten'}<b>4</b><span class="muted asof">${asOf}</span></div><div>${lang === 'en' ? 'Response rate' : 'Rücklauf'}<b>${rate}</b></div></div>`;
    const en = await (await c.get('/admin/surveys/admin-test?lang=en')).text();
    const head = /<section class="card" id="survey-head">[\s\S]*?<\/section>/.exec(en)![0];
    const card = /<section class="card" id="wave-results">[\s\S]*?<\/section>/.exec(en)![0];
    // the same 4 and rate as the list of waves beside them, and what the figures count
    expect(head).toMatch(new RegExp(`<tr data-wave="w1"[\\s\\S]*?<td class="num">4 / ${invited}</td><td class="num">${rate}</td>`));
    expect(head).toContain(kpi('en', 'so far; figures as of 3'));
    expect(card).toContain(kpi('en', 'so far; figures as of 3'));
    // the explanation once, with the wave it is about
    expect(en.match(/class="muted stepped"/g)).toHaveLength(1);
    expect(card).toContain('Figures as of 3 responses (4 people have answered so far).');
    const list = await (await c.get('/admin/surveys?lang=en')).text();
    expect(list).toMatch(new RegExp(`<tr data-survey="admin-test">[\\s\\S]*?<td class="num">4 / ${invited}</td><td class="num">${rate}</td>`));
    const de = await (await c.get('/admin/surveys/admin-test?lang=de')).text();
    expect(de).toContain(kpi('de', 'bisher; Zahlen beim Stand von 3'));
    expect(de.match(/class="muted stepped"/g)).toHaveLength(1);
    // a closed wave selected while another is open: the head explains the steps
    const older = startSurveyRun(app, 'admin-test', { runKey: 'w0', scheduled: false }).runId;
    closeRun(app, new SurveyRepo(app.db).get('admin-test')!.def, new SurveyRepo(app.db).run(older)!);
    const w0 = await (await c.get('/admin/surveys/admin-test?wave=w0&lang=en')).text();
    expect(w0.match(/class="muted stepped"/g)).toHaveLength(1);
    expect(/<section class="card" id="survey-head">[\s\S]*?<\/section>/.exec(w0)![0]).toContain('class="muted stepped"');
  });

  it('shows rate, distribution chart, mean, NPS, comments, trend by department; escapes labels; never a person', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    let i = 0;
    for (const e of [...dept('IT'), ...dept('Finance'), ...dept('Sales')]) {
      await answer(w1, e, { overall: String(3 + (i % 2)), recommend: String(7 + (i % 4)), pick: i % 3 ? 'a' : 'b', ...(i < 3 ? { comment: `Mehr <Schulungen> bitte ${i}` } : {}) });
      i++;
    }
    app.clock.set('2027-06-01T09:00:00Z');
    const w2 = startSurveyRun(app, 'admin-test', { runKey: 'w2', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance')]) await answer(w2, e, { overall: '5', recommend: '10', pick: 'b' });
    await answer(w2, dept('Sales')[0]!, { overall: '1', recommend: '0', pick: 'a' });
    csrf = (await login(c)).csrf!; // months later: the session has expired

    const list = await (await c.get('/admin/surveys')).text();
    expect(list).toMatch(/data-survey="admin-test"/);
    const page = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=en')).text();
    const one = surveyResults(app, 'admin-test', (r) => r.id === w1);
    const overall = one.questions.find((q) => q.id === 'overall')!;
    expect(page).toContain(`<b data-figure="Mean">${overall.mean!.toFixed(2)}</b>`);
    expect(page).toContain(`<b data-figure="NPS">${one.questions.find((q) => q.id === 'recommend')!.nps}</b>`);
    expect(page).toMatch(/<div class="chart"><svg/);
    expect(page).toContain('Mehr &lt;Schulungen&gt; bitte 2');
    // vega escapes the labels it draws: no markup from the survey file reaches the page
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('Pick &lt;b&gt;one&lt;/b&gt;');
    // trend per department: IT and Finance shown in both waves; Sales (1 response in w2) withheld there
    // (a mean with two decimals, as in the figures above it); w1 is past its close: IT's figure is
    // that of its last step (3 answers: 3, 4, 3), its 2 later answers left out
    expect(page).toMatch(/<tr data-dept="IT"><td>IT<\/td><td class="num"[^>]*>3\.33<\/td><td class="num"[^>]*>5\.00<\/td>/);
    // ... and the csat question's CSAT (share of 4 and 5) per department and wave in a table of its own: IT's 3, 4, 3 is 33.3%
    const csatTable = /<table class="dept-trend" data-stat="csat">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(csatTable).toMatch(/<tr data-dept="IT"><td>IT<\/td><td class="num"[^>]*>33\.3%<\/td><td class="num"[^>]*>100%<\/td>/);
    expect(page).toContain('CSAT (share of 4–5): by department');
    expect(/<tr data-dept="Sales">.*?<\/tr>/s.exec(csatTable)?.[0]).toContain('withheld');
    expect(one.heldBack).toBe(2);
    expect(overall.count).toBe(one.responses - 2);
    expect(page).toContain('<p class="muted held-back">2 later answers are left out to protect anonymity.</p>');
    const sales = /<tr data-dept="Sales">.*?<\/tr>/s.exec(page)?.[0] ?? '';
    expect(sales).toContain('withheld');
    for (const e of EVERYONE()) expect(page).not.toContain(e);

    const de = await (await c.get('/admin/surveys/admin-test?wave=w2&lang=de')).text();
    expect(de).toContain('Verlauf über die Wellen');
    expect(de).toContain('Rücklauf');
    // the charts read to a screen reader in the page's language: each one image with a German
    // description, none of vega's generated English labels ("X-axis for …", "label: 1; count: 0",
    // "Title text '…'", roles such as "bar")
    const svgs = de.match(/<svg[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    for (const svg of svgs) expect(svg).toMatch(/^<svg role="img" aria-label="(Balkendiagramm|Liniendiagramm)\. /);
    expect(de).toContain('aria-label="Balkendiagramm. Verteilung der Antworten auf «Zufrieden?». 1: 0; 2: 0; 3: 0; 4: 0; 5: 6"');
    expect(de).toMatch(/aria-label="Liniendiagramm\. Verlauf von «Zufrieden\?» über die Wellen\. [^"]*: \d/);
    expect(de).not.toMatch(/X-axis|Y-axis|Title text|aria-label="label: |aria-roledescription=/);
    const en = await (await c.get('/admin/surveys/admin-test?wave=w2&lang=en')).text();
    expect(en).toContain('aria-label="Bar chart. Distribution of answers to &quot;Satisfied?&quot;. 1: 0; 2: 0; 3: 0; 4: 0; 5: 6"');
    expect(en).not.toMatch(/X-axis|Y-axis|Title text|aria-label="label: |aria-roledescription=/);
  });

  it('shows each value\'s count and share beside the chart, and the CSAT (share of 4 and 5), as the command line gives them', async () => {
    const { runId } = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    // six answers (two steps of three): overall 1, 4, 5, 5, 2, 3 (3 of 6 satisfied: 50%), picks a, b, b, b, b, b
    for (const [i, e] of EVERYONE().slice(0, 6).entries()) await answer(runId, e, { overall: ['1', '4', '5', '5', '2', '3'][i]!, recommend: '8', pick: i ? 'b' : 'a' });
    app.clock.set('2027-03-20T09:00:00Z'); // closed
    csrf = (await login(c)).csrf!;
    const page = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=en')).text();
    expect(page).toContain('CSAT (share of 4–5)<b data-figure="CSAT (share of 4–5)">50%</b>');
    const row = (q: string, v: string) => new RegExp(`data-question="${q}"[\\s\\S]*?<tr data-value="${v}"><td>[^<]*</td><td class="num">(\\d+)</td><td class="num">(\\d+)%</td></tr>`).exec(page)?.slice(1).map(Number);
    // 1/6 each is 16.67%: each reads 17, equal counts showing equal shares (the five add up to 101)
    expect([1, 2, 3, 4, 5].map((v) => row('overall', String(v)))).toEqual([[1, 17], [1, 17], [1, 17], [1, 17], [2, 33]]);
    expect([row('pick', 'a'), row('pick', 'b')]).toEqual([[1, 17], [5, 83]]);
    expect(row('recommend', '8')).toEqual([6, 100]);
    const json = JSON.parse((await cli(['survey', 'results', 'admin-test', '--json', '--db', app.file])).out);
    expect(json.questions.find((q: { id: string }) => q.id === 'overall')).toMatchObject({ csat: 50, percent: { '1': 17, '2': 17, '3': 17, '4': 17, '5': 33 } });
    const de = await (await c.get('/admin/surveys/admin-test?wave=w1&lang=de')).text();
    expect(de).toContain('CSAT (Anteil 4–5)<b data-figure="CSAT (Anteil 4–5)">50%</b>');
  });

  it('a survey with one wave shows that wave\'s figures per department, under the same rules as the CSV', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    for (const e of [...dept('Finance'), ...dept('IT').slice(0, 4)]) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('admin-test')!.def, repo.run(w1)!);
    csrf = (await login(c)).csrf!;
    const one = surveyResults(app, 'admin-test', (r) => r.id === w1);
    const finance = one.departments.find((d) => d.department === 'Finance')!;
    expect(finance.withheld).toBeUndefined();
    const en = await (await c.get('/admin/surveys/admin-test?lang=en')).text();
    expect(en).toContain('A trend needs at least two waves.');
    const row = (page: string, d: string) => new RegExp(`<tr data-dept-wave="${d}">.*?</tr>`, 's').exec(page)?.[0] ?? '';
    const fin = row(en, 'Finance');
    expect(fin).toContain(`<td class="num">${finance.responses} / ${finance.recipients}</td>`);
    expect(fin).toContain(`<td class="num">${finance.questions.find((q) => q.id === 'overall')!.mean!.toFixed(2)}</td>`);
    expect(fin).toContain(`<td class="num">${finance.questions.find((q) => q.id === 'recommend')!.nps}</td>`);
    // a csat question: its CSAT (share of 4 and 5) in a column of its own, as the command line gives it
    expect(en).toContain('<th class="num" data-question="overall" data-stat="csat">');
    expect(en).toContain('(CSAT (share of 4–5))</th>');
    expect(fin).toContain(`<td class="num">${finance.questions.find((q) => q.id === 'overall')!.csat}%</td>`);
    expect(row(en, 'IT')).toMatch(/<td class="num">4 \/ 5<\/td>/);
    // a department below the group size: its responses, no figure, the reason once
    expect(one.departments.find((d) => d.department === 'Sales')!.withheld).toBeTruthy();
    expect(row(en, 'Sales')).toContain('Withheld: fewer than 3 responses');
    expect(row(en, 'Sales')).not.toMatch(/\d\.\d\d/);
    importDepartments(app, 'data/departments.csv');
    const de = await (await c.get('/admin/surveys/admin-test?lang=de')).text();
    expect(row(de, 'Finance')).toContain('<td>Finanzen</td>');
    expect(row(de, 'Sales')).toContain('Zurückgehalten: weniger als 3 Antworten');
    expect(de).toContain('Nach Abteilung');
  });

  it('withheld so that smaller departments cannot be worked out: said once, not after a "Withheld:" label', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    for (const e of [...dept('Finance'), ...dept('Sales'), dept('HR')[0]!]) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('admin-test')!.def, repo.run(w1)!);
    repo.dropSteps(w1);
    csrf = (await login(c)).csrf!;
    const one = surveyResults(app, 'admin-test', (r) => r.id === w1);
    const secondary = one.departments.filter((d) => d.withheld?.startsWith('withheld so that'));
    expect(secondary).toHaveLength(1);
    const en = await (await c.get('/admin/surveys/admin-test?lang=en')).text();
    expect(en).toContain('Withheld so that smaller departments cannot be worked out from the total');
    expect(en).not.toMatch(/withheld: withheld/i);
    const de = await (await c.get('/admin/surveys/admin-test?lang=de')).text();
    expect(de).toContain('Zurückgehalten, damit kleinere Abteilungen nicht aus dem Total errechnet werden können');
    expect(de).not.toMatch(/zurückgehalten: zurückgehalten/i);
  });

  it('the page and the CSV download read the answers once, however many waves, questions and charts', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance'), ...dept('Sales')]) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    app.clock.set('2027-06-01T09:00:00Z');
    const w2 = startSurveyRun(app, 'admin-test', { runKey: 'w2', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance'), ...dept('Sales')]) await answer(w2, e, { overall: '5', recommend: '10', pick: 'b' });
    app.clock.set('2027-09-01T09:00:00Z');
    startSurveyRun(app, 'admin-test', { runKey: 'w3', scheduled: false });
    csrf = (await login(c)).csrf!;
    const reads = vi.spyOn(SurveyResultsRepo.prototype, 'tallies');
    try {
      const page = await (await c.get('/admin/surveys/admin-test?wave=w2&lang=en')).text();
      expect(page).toMatch(/<div class="chart"><svg/); // the charts are drawn ...
      expect(page).toMatch(/<tr data-dept="IT">/); // ... and the trend table filled
      expect(reads).toHaveBeenCalledTimes(1);
      reads.mockClear();
      const csv = await (await c.get('/admin/surveys/admin-test/export.csv')).text();
      expect(csv).toContain('w2,,IT,overall');
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('an anonymous survey shows no figures per department: its answers are counted survey-wide only', async () => {
    const file = join(app.dir, 'anon.yaml');
    writeFileSync(file, readFileSync('test/admin/fixtures/survey.yaml', 'utf8').replace('id: admin-test', 'id: admin-anon').replace('anonymity: confidential', 'anonymity: anonymous'));
    createSurvey(app, file);
    const w1 = startSurveyRun(app, 'admin-anon', { runKey: 'w1', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance')]) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    app.clock.set('2027-06-01T09:00:00Z');
    const w2 = startSurveyRun(app, 'admin-anon', { runKey: 'w2', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance')]) await answer(w2, e, { overall: '5', recommend: '10', pick: 'b' });
    csrf = (await login(c)).csrf!;
    const page = await (await c.get('/admin/surveys/admin-anon?lang=en')).text();
    expect(page).toContain('<b data-figure="Mean">'); // the survey as a whole is shown
    expect(page).not.toMatch(/<tr data-dept=/);
    expect(page).toContain('anonymous survey: answers are counted for the whole survey only, not per department');
    const de = await (await c.get('/admin/surveys/admin-anon?lang=de')).text();
    expect(de).toContain('Antworten werden nur für die ganze Umfrage gezählt, nicht pro Abteilung');
  });

  it('the CSV download is exactly `itbot survey export`', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    for (const e of dept('IT')) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a', comment: 'gut' });
    const r = await c.get('/admin/surveys/admin-test/export.csv');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/csv/);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="admin-test.csv"');
    const body = await r.text();
    expect(body).toBe(exportCsv(app, 'admin-test'));
    expect(body).toContain('gut');
    for (const e of EVERYONE()) expect(body).not.toContain(e);
    // without a session: no CSV
    expect((await fetch(server.url + '/admin/surveys/admin-test/export.csv', { redirect: 'manual' })).status).toBe(401);
  });

  it('the CSV download has the page\'s figures: after the close, the answers after the last step are left out there, not on the command line', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    const it4 = dept('IT').slice(0, 4);
    for (const e of it4.slice(0, 3)) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' }); // IT's step
    await answer(w1, it4[3]!, { overall: '2', recommend: '3', pick: 'b' });
    await answer(w1, dept('HR')[0]!, { overall: '1', recommend: '0', pick: 'b' });
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('admin-test')!.def, repo.run(w1)!);
    csrf = (await login(c)).csrf!;
    const download = await (await c.get('/admin/surveys/admin-test/export.csv')).text();
    const operator = (await cli(['survey', 'export', 'admin-test', '--format', 'csv', '--db', app.file])).out + '\n';
    const counted = (csv: string, qid: string) => csv.split('\n').filter((l) => l.split(',')[3] === qid).reduce((n, l) => n + Number(l.split(',')[6]), 0);
    // the download counts what the page counts: IT's step, not the two answers after it
    const page = surveyResults(app, 'admin-test', (r) => r.id === w1);
    expect(page.heldBack).toBe(2);
    expect(counted(download, 'overall')).toBe(page.questions.find((q) => q.id === 'overall')!.count);
    expect(counted(download, 'overall')).toBe(3);
    expect(download).not.toMatch(/,overall,csat,[12],/);
    // the operator's export counts every answer, under the same group-size rule
    expect(counted(operator, 'overall')).toBe(5);
    expect(operator).not.toMatch(/,HR,/);
    expect(operator).toBe(exportCsv(app, 'admin-test', { live: true }));
    expect(download).toBe(exportCsv(app, 'admin-test'));
  });

  it('reminds non-respondents: the next round now, never more rounds than the survey has, never after the close', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    const answered = dept('IT');
    for (const e of answered) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    const reminders = () => outboxRows(app.db, { kind: 'survey-reminder', limit: 1000 });
    const post = () => c.post('/admin/surveys/admin-test/remind', { _csrf: csrf, wave: 'w1' });

    expect((await c.post('/admin/surveys/admin-test/remind', { wave: 'w1' })).status).toBe(403);
    expect(reminders()).toHaveLength(0);

    expect((await post()).status).toBe(303);
    const first = reminders();
    expect(first).toHaveLength(EVERYONE().length - answered.length);
    expect(first.map((r) => r.target)).not.toContain(answered[0]!.toLowerCase());
    expect(first.every((r) => r.idempotency_key.includes(':reminder:P3D:'))).toBe(true);
    expect(await (await c.get('/admin/surveys/admin-test')).text()).toContain(`Reminder (3 days after sending) queued for ${first.length} people.`);

    await post();
    expect(reminders()).toHaveLength(2 * first.length);
    await post();
    expect(reminders()).toHaveLength(2 * first.length);
    expect(await (await c.get('/admin/surveys/admin-test')).text()).toContain('All reminders of this wave have been sent already (3 days, 5 days after sending).');
    // the scheduler does not send the rounds the admin brought forward once more
    app.clock.advance(6 * 86_400_000);
    csrf = (await login(c)).csrf!;
    const repo = new SurveyRepo(app.db);
    expect(queueDueReminders(app, repo.get('admin-test')!.def, repo.run(w1)!)).toBe(0);
    expect(reminders()).toHaveLength(2 * first.length);

    const w2 = startSurveyRun(app, 'admin-test', { runKey: 'w2', scheduled: false }).runId;
    expect(w2).toBeGreaterThan(w1);
    app.clock.advance(15 * 86_400_000);
    csrf = (await login(c)).csrf!;
    await c.post('/admin/surveys/admin-test/remind', { _csrf: csrf, wave: 'w2' });
    expect(reminders()).toHaveLength(2 * first.length);
    expect(await (await c.get('/admin/surveys/admin-test')).text()).toContain('This wave is closed');
  });

  it('a double click or a second tab brings one round forward, not two: the form says which round it means', async () => {
    startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    const reminders = () => outboxRows(app.db, { kind: 'survey-reminder', limit: 1000 });
    const page = await (await c.get('/admin/surveys/admin-test')).text();
    expect(page).toMatch(/name="round" value="P3D"/);
    const click = () => c.post('/admin/surveys/admin-test/remind', { _csrf: csrf, wave: 'w1', round: 'P3D' });
    await Promise.all([click(), click()]);
    const sent = reminders();
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.idempotency_key.includes(':reminder:P3D:'))).toBe(true);
    await click();
    expect(reminders()).toHaveLength(sent.length);
    expect(await (await c.get('/admin/surveys/admin-test')).text()).toContain('Reminder (3 days after sending) has been sent already: nothing more was sent.');
    // the page now offers the next round
    expect(await (await c.get('/admin/surveys/admin-test')).text()).toMatch(/name="round" value="P5D"/);
  });

  it('offers "send the next reminder now" only while the wave has a round left, and a wave closed early shows when it closed', async () => {
    const page = async () => (await c.get('/admin/surveys/admin-test')).text();
    const row = (html: string, wave: string) => /<tr data-wave="([^"]+)"[\s\S]*?<\/tr>/g[Symbol.match](html)!.find((r) => r.startsWith(`<tr data-wave="${wave}"`))!;
    startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    expect(row(await page(), 'w1')).toContain('data-remind="w1"');
    expect(row(await page(), 'w1')).toContain('15 Mar 2027, 10:00 (open)');
    expect(row(await page(), 'w1')).toMatch(/^<tr data-wave="w1" class="selected">/); // the wave shown below is marked
    await c.post('/admin/surveys/admin-test/remind', { _csrf: csrf, wave: 'w1' });
    await c.post('/admin/surveys/admin-test/remind', { _csrf: csrf, wave: 'w1' });
    const spent = row(await page(), 'w1');
    expect(spent).not.toContain('data-remind');
    expect(spent).toContain('all reminders sent');

    // closed early, the next day: the wave shows when it closed, not its planned close
    app.clock.advance(86_400_000 + 3_600_000);
    csrf = (await login(c)).csrf!;
    const repo = new SurveyRepo(app.db);
    expect(closeRun(app, repo.get('admin-test')!.def, repo.runByKey('admin-test', 'w1')!)).toBe(true);
    const closed = row(await page(), 'w1');
    expect(closed).toContain('closed 2 Mar 2027, 11:00');
    expect(closed).not.toContain('15 Mar 2027');
    expect(closed).not.toContain('data-remind');
  });

  it('offers no reminder once everyone of the wave has answered, and says so', async () => {
    const w1 = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false }).runId;
    for (const e of EVERYONE()) await answer(w1, e, { overall: '4', recommend: '9', pick: 'a' });
    const html = await (await c.get('/admin/surveys/admin-test')).text();
    const row = /<tr data-wave="w1"[\s\S]*?<\/tr>/.exec(html)![0];
    expect(row).not.toContain('data-remind');
    expect(row).toContain('Everybody has answered: nobody to remind.');
  });

  it('a survey without reminders offers no reminder button and says so', async () => {
    createSurvey(app, testFile(app, 'quiet.yaml', readFileSync('test/admin/fixtures/survey.yaml', 'utf8').replace('id: admin-test', 'id: quiet').replace('reminders: [P3D, P5D]\n', '')));
    startSurveyRun(app, 'quiet', { runKey: 'q1', scheduled: false });
    const html = await (await c.get('/admin/surveys/quiet')).text();
    expect(html).toContain('<tr data-wave="q1"');
    expect(html).not.toContain('data-remind');
    expect(html).toContain('This survey has no reminders.');
    // a post from a page opened before (or by hand) says the same, not "all sent (none)"
    expect((await c.post('/admin/surveys/quiet/remind', { _csrf: csrf, wave: 'q1' })).status).toBe(303);
    const after = await (await c.get('/admin/surveys/quiet')).text();
    expect(after).toMatch(/class="flash error[^"]*"[^>]*>This survey has no reminders\./);
    expect(outboxRows(app.db, { kind: 'survey-reminder', limit: 10 })).toHaveLength(0);
  });
});

describe('admin surveys page: waves of the same day', () => {
  it('two waves opened on the same day have their own headings in the trend table', async () => {
    const a = startSurveyRun(app, 'admin-test', { runKey: 'wave-a', scheduled: false }).runId;
    const b = startSurveyRun(app, 'admin-test', { runKey: 'wave-b', scheduled: false }).runId;
    for (const e of [...dept('IT'), ...dept('Finance')]) {
      await answer(a, e, { overall: '4', recommend: '9', pick: 'a' });
      await answer(b, e, { overall: '5', recommend: '10', pick: 'b' });
    }
    const page = await (await c.get('/admin/surveys/admin-test?lang=en')).text();
    const headings = [...page.matchAll(/<th class="num" data-wave="([^"]+)">([^<]+)<\/th>/g)].map((m) => [m[1], m[2]]);
    expect(headings).toContainEqual(['wave-a', '2027-03-01 (wave-a)']);
    expect(headings).toContainEqual(['wave-b', '2027-03-01 (wave-b)']);
  });
});
