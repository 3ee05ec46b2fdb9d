import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import { testFile, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { loggedInAdmin, login, type Client } from './helpers.ts';

// What the files and the database keep as ids reaches the head of IT in words of the page's
// language: audiences, departments, survey waves; figures
// follow one rule per page; a long question in a chart title is wrapped, never cut mid-word.
let app: TestApp;
let server: RunningServer;
let c: Client;

beforeEach(async () => {
  ({ app, server, c } = await loggedInAdmin({ now: '2027-03-01T09:00:00Z' }));
});

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

const row = (page: string, attr: string) => new RegExp(`<tr ${attr}[^>]*>.*?</tr>`, 's').exec(page)?.[0] ?? '';
const text = (s: string) => s.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const LONG = 'Wie wahrscheinlich ist es, dass Sie die Informatik einer Kollegin oder einem Kollegen weiterempfehlen?';

async function answer(runId: number, email: string, values: Record<string, string>): Promise<void> {
  await app.bot.handle({
    platform: 'test',
    person: { platform: 'test', userId: email, email },
    conversation: { platform: 'test', channelId: `dm:${email}`, isDirect: true },
    action: { id: 'survey.submit', value: String(runId), values },
  });
}

describe('admin pages in words', () => {
  it('the catalog shows audiences and departments in words of the page language', async () => {
    importCatalog(app, 'data/catalog.yaml');
    const de = await (await c.get('/admin/catalog?lang=de')).text();
    expect(text(row(de, 'data-service="crm"'))).toContain(' Verkauf ');
    expect(row(de, 'data-service="crm"')).not.toContain('department:');
    expect(row(de, 'data-service="bi-reports"')).toContain('<td>Führungskräfte</td>');
    expect(de).toContain('<td>alle Mitarbeitenden</td>');
    expect(de).not.toMatch(/<td>(all|managers)<\/td>/);
    // the ask box names each person's department by its name too
    expect(de).toContain('Luca Rossi (Informatik)</option>');
    const en = await (await c.get('/admin/catalog?lang=en')).text();
    expect(row(en, 'data-service="crm"')).toContain('<td>Sales</td>');
    expect(row(en, 'data-service="bi-reports"')).toContain('<td>managers</td>');
    expect(en).toContain('<td>all staff</td>');
  });

  it('the surveys page names waves in words, departments by name, figures with one rule, and wraps long chart titles', async () => {
    createSurvey(
      app,
      testFile(
        app,
        'survey.yaml',
        `id: pulse
title: {de: Puls, en: Pulse}
anonymity: confidential
minGroupSize: 3
audience: all
closes: P14D
questions:
  - {id: overall, type: csat, text: {de: Zufrieden?, en: Satisfied?}}
  - {id: recommend, type: nps, text: {de: "${LONG}", en: "How likely is it that you would recommend the IT department to a friend or a colleague?"}}
`,
      ),
    );
    const it = () => app.people.all({ activeOnly: true }).filter((p) => p.department === 'IT').map((p) => p.email);
    const w1 = startSurveyRun(app, 'pulse', { runKey: 'wave:2027-03-01', scheduled: false }).runId;
    // IT: 4, 4, 3, then 3, 3 -> mean 3.67 as at the step of three answers (the two after it are left out at the close)
    for (const [i, e] of it().entries()) await answer(w1, e, { overall: i < 2 ? '4' : '3', recommend: '9' });
    app.clock.set('2027-06-01T09:00:00Z');
    const w2 = startSurveyRun(app, 'pulse', { runKey: 'plan:it-info:2027-06-01T10:00', scheduled: false, title: { de: 'IT-Informationsmeeting', en: 'IT information meeting' } }).runId;
    for (const e of it()) await answer(w2, e, { overall: '4', recommend: '10' });
    await login(c); // months later: the session has expired

    const de = await (await c.get('/admin/surveys/pulse?wave=wave%3A2027-03-01&lang=de')).text();
    expect(row(de, 'data-wave="wave:2027-03-01"')).toContain('>Welle vom 1. März 2027</a>');
    expect(row(de, 'data-wave="plan:it-info:2027-06-01T10:00"')).toContain('>Nach «IT-Informationsmeeting» vom 1. Juni 2027</a>');
    expect(de).toContain('<h3>Ergebnisse: Welle vom 1. März 2027</h3>');
    expect(de).toContain('id="tz-note">Zeiten in der Zeitzone Europe/Zurich.</p>');
    // the run keys stay in the links and attributes only, never in the text the page shows
    expect(text(de)).not.toMatch(/wave:|plan:it-info/);
    // one rule for the means on the page: two decimals, in the figure and in the trend table
    expect(de).toContain('<b data-figure="Mittelwert">3.67</b>');
    expect(row(de, 'data-dept="IT"')).toMatch(/<td>Informatik<\/td><td class="num"[^>]*>3\.67<\/td><td class="num"[^>]*>4\.00<\/td>/);
    // the chart title is wrapped at spaces: every word of the question is there whole
    const svg = /<div class="q" data-question="recommend">.*?<\/svg>/s.exec(de)?.[0] ?? '';
    expect(svg).toContain('<svg');
    for (const word of ['wahrscheinlich', 'Informatik', 'Kollegin', 'weiterempfehlen?»']) expect(svg).toContain(word);
    const en = await (await c.get('/admin/surveys/pulse?lang=en')).text();
    expect(row(en, 'data-wave="wave:2027-03-01"')).toContain('>Wave of 1 March 2027</a>');
    expect(row(en, 'data-wave="plan:it-info:2027-06-01T10:00"')).toContain('>After &quot;IT information meeting&quot; on 1 June 2027</a>');
  });
});
