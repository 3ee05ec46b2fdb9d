import { describe, it, expect, afterEach } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import { testFile, type TestApp } from '../doubles/app.ts';
import { addSender } from '../../src/app.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { TeamsRefsRepo } from '../../src/store/teams-refs-repo.ts';
import { SlackRepo } from '../../src/store/slack-repo.ts';
import { TeamsSender } from '../../adapters/teams/sender.ts';
import { SlackSender } from '../../adapters/slack/sender.ts';
import { SlackUsers } from '../../adapters/slack/users.ts';
import { client, loggedInAdmin, type Client } from './helpers.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;

async function start(opts: { demo?: boolean } = {}): Promise<void> {
  ({ app, server, c } = await loggedInAdmin({ now: '2027-03-01T09:00:00Z', people: opts.demo }));
}

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

const page = async (path: string) => {
  const res = await c.get(path);
  expect(res.status).toBe(200);
  return res.text();
};

/** The row of a department (by its id; '' for the people without one). */
const deptRow = (html: string, id: string) => new RegExp(`<tr data-dept="${id}">.*?</tr>`, 's').exec(html)?.[0] ?? '';
const personRow = (html: string, email: string) => new RegExp(`<tr data-person="${email}">.*?</tr>`, 's').exec(html)?.[0] ?? '';
const count = (row: string, what: string) => Number(new RegExp(`data-count="${what}">(\\d+)<`).exec(row)?.[1]);
const listed = (html: string) => [...html.matchAll(/<tr data-person="([^"]+)">/g)].map((m) => m[1]!);

/** A people file: the header and one line per person. */
function peopleCsv(lines: string[]): string {
  return ['email,name,department,manager,language,timezone,slack_user_id,teams_user_id,vip', ...lines].join('\n') + '\n';
}

describe('admin people page', () => {
  it('refuses a visitor without the admin session', async () => {
    await start();
    const anon = client(server);
    const res = await anon.get('/admin/people');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fpeople');
    const json = await anon.get('/admin/people', { accept: 'application/json' });
    expect(json.status).toBe(401);
    expect(await json.text()).not.toContain('alpenfirn');
    // the same address with the session: the page
    const own = await c.get('/admin/people');
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('data-person="thomas.widmer@alpenfirn.example"');
  });

  it('shows every department with its key account manager and the counts of the directory', async () => {
    await start();
    const html = await page('/admin/people?lang=en');
    const people = app.people.all({ activeOnly: true });
    const departments = app.people.departments();
    expect(departments.length).toBe(8);
    for (const d of departments) {
      const row = deptRow(html, d.id);
      const members = people.filter((p) => p.department === d.id);
      expect(count(row, 'people'), d.id).toBe(members.length);
      expect(count(row, 'managers'), d.id).toBe(members.filter((p) => p.manager).length);
      expect(count(row, 'vips'), d.id).toBe(members.filter((p) => p.vip).length);
      const kam = people.find((p) => p.email === d.keyAccountEmail)!;
      expect(row).toContain(kam.name);
      expect(row).toContain(kam.email);
      expect(row).toContain(d.nameEn!);
      expect(row).not.toContain('class="flag"');
    }
    const vips = people.filter((p) => p.vip).length;
    expect(html).toContain(`<b>${people.length} people · 8 departments · 0 without a key account manager · ${vips} VIPs</b>`);
    // both names of a department whose names differ, the page's language first
    expect(deptRow(html, 'Sales')).toMatch(/<td>Sales<div class="muted">Verkauf<\/div><\/td>/);
    const de = await page('/admin/people?lang=de');
    expect(deptRow(de, 'Sales')).toMatch(/<td>Verkauf<div class="muted">Sales<\/div><\/td>/);
    // in the order of their names in the page's language
    const order = (h: string) => [...h.matchAll(/<tr data-dept="([^"]*)">/g)].map((m) => m[1]);
    expect(order(html)).toEqual(['Finance', 'HR', 'IT', 'Logistics', 'Management', 'Marketing', 'Product Development', 'Sales']);
    expect(order(de)).toEqual(['Finance', 'Management', 'IT', 'Logistics', 'Marketing', 'HR', 'Product Development', 'Sales']);
  });

  it('flags a department without a key account manager, one the departments file lacks and one whose manager has left', async () => {
    await start();
    importPeople(
      app,
      testFile(app, 'more.csv', peopleCsv(['vera.neu@alpenfirn.example,Vera Neu,Legal,true,de,,,,true', 'otto.ohne@alpenfirn.example,Otto Ohne,Facilities,false,en,,,,false', 'ida.leer@alpenfirn.example,Ida Leer,,false,,,,,false'])),
    );
    importDepartments(app, testFile(app, 'depts.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nLegal,Rechtsdienst,Legal Services,,,\n'));
    const html = await page('/admin/people?lang=en');
    const legal = deptRow(html, 'Legal');
    expect(legal).toContain('data-flag="no-key-account"');
    expect(legal).toContain('no key account manager: the bot can name only the helpdesk');
    expect(count(legal, 'people')).toBe(1);
    expect(count(legal, 'vips')).toBe(1);
    const facilities = deptRow(html, 'Facilities');
    expect(facilities).toContain('data-flag="not-in-file"');
    expect(count(facilities, 'people')).toBe(1);
    expect(count(deptRow(html, ''), 'people')).toBe(1);
    expect(deptRow(html, 'Sales')).not.toContain('data-flag');
    const people = app.people.all({ activeOnly: true }).length;
    // Legal and Facilities lack one; the people without a department are no department
    expect(html).toContain(`<b>${people} people · 10 departments · 2 without a key account manager · 4 VIPs</b>`);

    // Sandra Meier (key account of Marketing and Sales) leaves: the bot would still name her
    const rest = app.people.all({ activeOnly: true }).filter((p) => p.email !== 'sandra.meier@alpenfirn.example');
    importPeople(
      app,
      testFile(app, 'left.csv', peopleCsv(rest.map((p) => [p.email, p.name, p.department ?? '', p.manager, p.language ?? '', p.timezone ?? '', '', '', p.vip].join(',')))),
      { replace: true },
    );
    const after = await page('/admin/people?lang=en');
    expect(deptRow(after, 'Sales')).toContain('data-flag="key-account-inactive"');
    expect(deptRow(after, 'Marketing')).toContain('data-flag="key-account-inactive"');
    expect(after).toContain(' · 4 without a key account manager · ');
    expect(after).toContain('1 more people are no longer in the people file');
    expect(listed(after)).not.toContain('sandra.meier@alpenfirn.example');
  });

  it('searches by name, e-mail and department, and pages 50 at a time', async () => {
    await start();
    const lines = Array.from({ length: 120 }, (_, i) => {
      const n = String(i + 1).padStart(3, '0');
      return `test.${n}@example.org,Zz Test ${n},${i % 2 ? 'Sales' : 'HR'},false,en,,,,false`;
    });
    importPeople(app, testFile(app, 'many.csv', peopleCsv(lines)));
    const total = app.people.all({ activeOnly: true }).length;
    expect(total).toBe(140);

    const p1 = await page('/admin/people?lang=en');
    expect(listed(p1)).toHaveLength(50);
    expect(p1).toContain(`People (${total})`);
    expect(p1).toContain('Page 1 of 3');
    expect(p1).toContain('href="/admin/people?page=2" id="next"');
    const p3 = await page('/admin/people?page=3');
    expect(listed(p3)).toHaveLength(40);
    expect(p3).not.toContain('id="next"');
    // the three pages hold everyone once, by name
    const all = [...listed(p1), ...listed(await page('/admin/people?page=2')), ...listed(p3)];
    const byName = app.people.all({ activeOnly: true }).map((p) => p.email);
    expect(all).toEqual(byName);
    // past the last page: the last page; nonsense: the first
    expect(listed(await page('/admin/people?page=99'))).toEqual(listed(p3));
    expect(listed(await page('/admin/people?page=-2'))).toEqual(listed(p1));

    // by name (any case), by e-mail, by department id and by its German name
    expect(listed(await page('/admin/people?q=widmer'))).toEqual(['thomas.widmer@alpenfirn.example']);
    expect(listed(await page(`/admin/people?q=${encodeURIComponent('NINA.GRAF@')}`))).toEqual(['nina.graf@alpenfirn.example']);
    const sales = app.people.all({ activeOnly: true }).filter((p) => p.department === 'Sales');
    const bySales = await page('/admin/people?q=Verkauf&lang=de');
    expect(bySales).toContain(`Personen (${sales.length})`);
    expect(bySales).toContain('Seite 1 von 2');
    expect(bySales).toContain('href="/admin/people?q=Verkauf&amp;page=2" id="next"');
    const salesPage2 = await page('/admin/people?q=Verkauf&page=2');
    expect([...listed(bySales), ...listed(salesPage2)].sort()).toEqual(sales.map((p) => p.email).sort());
    // % and _ are plain characters, and a search nobody matches says so
    const none = await page(`/admin/people?q=${encodeURIComponent('100%')}&lang=en`);
    expect(listed(none)).toEqual([]);
    expect(none).toContain('Nobody matches &quot;100%&quot;.');
    expect(listed(await page('/admin/people?q=test_00'))).toEqual([]);
    expect(listed(await page('/admin/people?q=test.00'))).toHaveLength(9);
    // case and accents beyond A-Z: upper-case umlauts, and names typed without them
    for (const q of ['MÜLLER', 'muller', 'Muller']) {
      expect(listed(await page(`/admin/people?q=${encodeURIComponent(q)}`))).toEqual(['daniel.mueller@alpenfirn.example']);
    }
    expect(listed(await page(`/admin/people?q=${encodeURIComponent('BEAT ZÜRCHER')}`))).toEqual(['beat.zuercher@alpenfirn.example']);
  });

  it('escapes every text of the directory', async () => {
    await start();
    importPeople(
      app,
      testFile(app, 'evil.csv', peopleCsv(['evil@example.org,"<script>alert(1)</script> ""Bobby"" @channel",<img src=x onerror=alert(2)>,true,en,,,,true'])),
    );
    importDepartments(
      app,
      testFile(app, 'evil-depts.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\n<img src=x onerror=alert(2)>,"<b>Böse</b>","<i>Evil</i> ""dept""",evil@example.org,,\n'),
    );
    for (const lang of ['en', 'de']) {
      const html = await page(`/admin/people?lang=${lang}`);
      expect(html).not.toContain('<script>alert(1)');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>Böse</b>');
      expect(html).not.toContain('<i>Evil</i>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Bobby&quot; @channel');
      expect(html).toContain(lang === 'en' ? '&lt;i&gt;Evil&lt;/i&gt; &quot;dept&quot;' : '&lt;b&gt;Böse&lt;/b&gt;');
    }
    const found = await page(`/admin/people?q=${encodeURIComponent('"><script>')}`);
    expect(found).not.toContain('"><script>');
    expect(found).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  it('speaks German and English', async () => {
    await start();
    const de = await page('/admin/people?lang=de');
    expect(de).toContain('<h2>Kunden der IT: Abteilungen und Personen</h2>');
    expect(de).toContain('id="nav-people">Kunden</a>');
    expect(de).toMatch(/<b>20 Personen · 8 Abteilungen · 0 ohne IT-Ansprechperson · 3 VIPs<\/b>/);
    expect(personRow(de, 'emma.wilson@alpenfirn.example')).toMatch(/<td>Marketing<\/td>\s*<td data-manager="true">ja<\/td><td data-vip="false">nein<\/td>\s*<td>Englisch<\/td>/);
    expect(de).toContain('Zeiten in der Zeitzone Europe/Zurich.');
    const en = await page('/admin/people?lang=en');
    expect(en).toContain("<h2>IT&#39;s customers: departments and people</h2>");
    expect(en).toContain('id="nav-people">Customers</a>');
    expect(personRow(en, 'emma.wilson@alpenfirn.example')).toMatch(/<td data-manager="true">yes<\/td><td data-vip="false">no<\/td>\s*<td>English<\/td>/);
    expect(personRow(en, 'thomas.widmer@alpenfirn.example')).toContain('<td data-vip="true">yes</td>');
  });

  it('shows an empty directory with the import command', async () => {
    await start({ demo: false });
    const en = await page('/admin/people?lang=en');
    expect(en).toContain('The people directory is empty. Load it with &quot;itbot people import FILE&quot;');
    expect(en).not.toContain('id="departments"');
    const de = await page('/admin/people?lang=de');
    expect(de).toContain('Mit «itbot people import DATEI» laden');
  });

  it('shows on which channels the bot reaches each person, as the outbox would pick them', async () => {
    await start();
    // the web chat alone: it takes everybody's messages
    const web = await page('/admin/people?lang=en');
    for (const p of app.people.all({ activeOnly: true })) expect(personRow(web, p.email)).toContain('<td class="channels">web chat</td>');

    // Slack and Teams: Slack by the person's id, else by e-mail unless Slack said it does not know it; Teams where a chat is stored
    addSender(app, new SlackSender(app, {} as never, new SlackUsers(app), { perChannelMs: 0 }));
    addSender(app, new TeamsSender({} as never, 'app-id', new TeamsRefsRepo(app.db), app.log));
    app.people.setPlatformId('emma.wilson@alpenfirn.example', 'slack', 'U0EMMA');
    new SlackRepo(app.db).saveLookup('nina.graf@alpenfirn.example', null, app.clock.now());
    new TeamsRefsRepo(app.db).upsert('aad-nina', 'nina.graf@alpenfirn.example', { kind: 'personal', conversation: { id: 'a:1' } }, app.clock.now());
    const html = await page('/admin/people?lang=en');
    expect(personRow(html, 'emma.wilson@alpenfirn.example')).toContain('<td class="channels">Slack</td>');
    expect(personRow(html, 'nina.graf@alpenfirn.example')).toContain('<td class="channels">Teams</td>');
    expect(personRow(html, 'jonas.weber@alpenfirn.example')).toContain('<td class="channels">Slack (by e-mail)</td>');
    expect(html).not.toContain('web chat</td>');
    // nobody at all: flagged
    new SlackRepo(app.db).saveLookup('jonas.weber@alpenfirn.example', null, app.clock.now());
    const after = await page('/admin/people?lang=de');
    expect(personRow(after, 'jonas.weber@alpenfirn.example')).toContain('data-flag="unreachable">nicht erreichbar<');
  });

  it('shows the response rate of the last closed wave only where its results show it', async () => {
    await start();
    const before = await page('/admin/people?lang=en');
    expect(before).toContain('No survey wave has closed yet');
    expect(before).not.toContain('data-rate');

    createSurvey(app, 'test/admin/fixtures/survey.yaml');
    const { runId } = startSurveyRun(app, 'admin-test', { runKey: 'w1', scheduled: false });
    const answer = async (email: string) => {
      const r = await app.bot.handle({
        platform: 'test',
        person: { platform: 'test', userId: email, email },
        conversation: { platform: 'test', channelId: `dm:${email}`, isDirect: true },
        action: { id: 'survey.submit', value: String(runId), values: { overall: '4', recommend: '9', pick: 'a' } },
      });
      expect(r[0]!.text).not.toMatch(/not|nicht/i);
    };
    const members = (d: string) => app.people.all({ activeOnly: true }).filter((p) => p.department === d).map((p) => p.email);
    // IT: 4 of 5; Finance: all 3 of 3; Sales: 1 of 3 (below the group size of 3); HR (2 people, no group of its own): 1
    for (const e of members('IT').slice(0, 4)) await answer(e);
    for (const e of members('Finance')) await answer(e);
    await answer(members('Sales')[0]!);
    await answer(members('HR')[0]!);
    const repo = new SurveyRepo(app.db);
    const open = await page('/admin/people?lang=en');
    expect(open).toContain('No survey wave has closed yet');
    app.clock.advance(60_000);
    const run = repo.runByKey('admin-test', 'w1')!;
    closeRun(app, repo.get('admin-test')!.def, run);

    const html = await page('/admin/people?lang=en');
    expect(html).toContain('in the survey wave that closed last, &quot;Admin test survey&quot;, w1 (closed on 1 March 2027)');
    expect(deptRow(html, 'IT')).toContain('data-rate="80">80% <span class="muted">(4 / 5)</span>');
    // Sales is below the group size; Finance (3 of 3) would let Sales and HR be worked out from the total
    const res = surveyResults(app, 'admin-test', (r) => r.id === run.id).departments;
    expect(res.find((d) => d.department === 'Finance')?.withheld).toMatch(/smaller departments/);
    expect(deptRow(html, 'Sales')).toContain('data-rate="withheld" title="fewer than 3 responses">withheld<');
    expect(deptRow(html, 'Finance')).toContain('data-rate="withheld" title="withheld so that smaller departments cannot be worked out from the total">withheld<');
    expect(deptRow(html, 'Finance')).not.toContain('%');
    expect(deptRow(html, 'HR')).toContain('data-rate="none"');
    expect(deptRow(html, 'Management')).toContain('data-rate="none"');
    // every department cell is one the wave's results show, or withheld where they withhold it
    for (const d of app.people.departments()) {
      const r = res.find((x) => x.department === d.id);
      const row = deptRow(html, d.id);
      if (!r) expect(row, d.id).toContain('data-rate="none"');
      else if (r.withheld) expect(row, d.id).toContain('data-rate="withheld"');
      else expect(row, d.id).toContain(`data-rate="${Math.round((r.responses * 100) / r.recipients)}"`);
    }
    // no answer of a person, ever
    expect(html).not.toContain('Satisfied');
    const de = await page('/admin/people?lang=de');
    expect(deptRow(de, 'Sales')).toContain('title="weniger als 3 Antworten">zurückgehalten<');
  });

  it('names the last closed wave as a sentence says it, in both languages', async () => {
    await start();
    createSurvey(app, 'test/admin/fixtures/survey.yaml');
    const repo = new SurveyRepo(app.db);
    const def = repo.get('admin-test')!.def;
    const close = (runKey: string, title?: { de: string; en: string }) => {
      startSurveyRun(app, 'admin-test', { runKey, scheduled: false, title });
      app.clock.advance(60_000);
      closeRun(app, def, repo.runByKey('admin-test', runKey)!);
    };
    close('send:2027-03-01');
    expect(await page('/admin/people?lang=en')).toContain('&quot;Admin test survey&quot;, wave of 1 March 2027 (closed on');
    expect(await page('/admin/people?lang=de')).toContain('«Admin-Testumfrage», Welle vom 1. März 2027 (geschlossen am');
    close('plan:info:2027-02-26T10:00', { de: 'Info-Anlass', en: 'Info meeting' });
    expect(await page('/admin/people?lang=en')).toContain('&quot;Admin test survey&quot;, after &quot;Info meeting&quot; on 26 February 2027 (closed on');
    expect(await page('/admin/people?lang=de')).toContain('«Admin-Testumfrage», nach «Info-Anlass» vom 26. Februar 2027 (geschlossen am');
  });
});
