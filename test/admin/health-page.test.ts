import { describe, it, expect, afterEach } from 'vitest';
import { adminServer, client, loggedInAdmin, login, type Client } from './helpers.ts';
import { serversSeen } from '../../src/store/server-heartbeats-repo.ts';
import { enqueue } from '../../src/jobs/outbox.ts';
import { importPeople } from '../../src/people/import.ts';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { writeState } from '../../src/store/system-state.ts';
import { noteHeartbeat, noteStopped } from '../../src/store/server-heartbeats-repo.ts';

let running: { app: TestApp; server: RunningServer; c: Client } | null = null;
afterEach(async () => {
  await running?.server.close();
  running?.app.cleanup();
  running = null;
});

/** The details cell of an adapter's row on the health page, as text. */
function details(page: string, adapter: string): string {
  const m = new RegExp(`<td data-adapter="${adapter}">[^<]*</td><td class="muted">([^<]*)</td>`).exec(page);
  if (!m) throw new Error(`no row for adapter ${adapter}`);
  return m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
}

describe('admin health page', () => {
  it("says the adapters' details in the page's language, while /healthz keeps them for machines", async () => {
    running = await loggedInAdmin({ people: false });
    const { c, server } = running;
    const de = details(await (await c.get('/admin/health?lang=de')).text(), 'teams');
    expect(de).toContain('Anmeldung: keine: nur Aufrufe vom eigenen Rechner (Loopback)');
    expect(de).toContain('Endpunkt: /api/messages');
    expect(de).toContain('Gespeicherte Gespräche: 0');
    expect(de).toContain('Versand: wartet auf die erste Nachricht aus Teams');
    expect(de).not.toMatch(/auth:|sender:|loopback callers|waiting for/);
    expect(details(await (await c.get('/admin/health?lang=de')).text(), 'web')).toBe('Adresse: /');
    const en = details(await (await c.get('/admin/health?lang=en')).text(), 'teams');
    expect(en).toContain('Authentication: none: loopback callers only');
    expect(en).toContain('Sending: waiting for the first Teams activity');
    const hz = (await (await fetch(`${server.url}/healthz`)).json()) as { adapters: Record<string, Record<string, unknown>> };
    expect(hz.adapters.teams).toMatchObject({ auth: 'none: loopback callers only', sender: 'waiting for the first Teams activity' });
  });

  it('names what the server noted in the database in words of the page, and leaves out what is not set', async () => {
    running = await loggedInAdmin({ people: false });
    const { c, app } = running;
    // (a server started without ITBOT_IT_CHANNEL notes an empty channel)
    writeState(app.db, 'server.it_channel_slack', '', app.clock.now());
    writeState(app.db, 'server.platforms', 'slack,teams', app.clock.now());
    writeState(app.db, 'catalog.questions_counted_from', '2027-03-01T09:30:00.000Z', app.clock.now());
    const de = await (await c.get('/admin/health?lang=de')).text();
    const scheduler = de.slice(de.indexOf('id="scheduler"'));
    expect(scheduler).not.toContain('it_channel_slack');
    expect(scheduler).not.toContain('<td>server.platforms');
    expect(scheduler).toMatch(/<td>Chat-Plattformen des zuletzt gestarteten Servers \(jeder Server: siehe Server auf dieser Datenbank\)<\/td><td>Slack, Teams<\/td>/);
    expect(scheduler).toMatch(/<td>Fragen im Chat gezählt seit<\/td><td>01\.03\.2027, 10:30:00<\/td>/);
    const en = await (await c.get('/admin/health?lang=en')).text();
    expect(en.slice(en.indexOf('id="scheduler"'))).toMatch(/<td>Chat platforms of the server started last \(each server: see Servers on this database\)<\/td><td>Slack, Teams<\/td>/);
  });
});

describe('admin health page: the head of IT', () => {
  it('says that ITBOT_HEAD_OF_IT is not in the directory, and who gets the overdue notices instead', async () => {
    const { app, server } = await adminServer({ env: { ITBOT_HEAD_OF_IT: 'regula.bruner@alpenfirn.example' } });
    const c = client(server);
    running = { app, server, c };
    importPeople(app, 'data/people.csv');
    await login(c);
    const de = await (await c.get('/admin/health?lang=de')).text();
    expect(de).toMatch(/<p class="flash error" id="head-of-it" role="alert">ITBOT_HEAD_OF_IT=regula\.bruner@alpenfirn\.example ist nicht im Personenverzeichnis: die Meldungen über überfällige Termine gehen an Regula Brunner \(head\.it@alpenfirn\.example\)\.<\/p>/);
  });
});

describe('admin health page: the servers on the database', () => {
  it('lists each server with where it sends to and when it was last seen, in the page\'s language', async () => {
    running = await loggedInAdmin({ people: false });
    const { app, c } = running;
    noteHeartbeat(app.db, 'host-a:101', ['slack'], true, new Date('2027-03-01T09:30:00Z'));
    noteHeartbeat(app.db, 'host-b:202', [], false, new Date('2027-03-01T09:29:00Z'));
    const de = await (await c.get('/admin/health?lang=de')).text();
    const servers = de.slice(de.indexOf('id="servers"'), de.indexOf('id="scheduler"'));
    expect(servers).toContain('Server auf dieser Datenbank');
    expect(servers).toMatch(/<tr data-server="host-a:101"><td>host-a:101<\/td><td>Slack<\/td><td>01\.03\.2027, 10:30:00<\/td><td>/);
    expect(servers).toMatch(/<tr data-server="host-b:202"><td>host-b:202<\/td><td>nur Web-Chat<\/td>/);
    expect(servers.indexOf('host-a:101')).toBeLessThan(servers.indexOf('host-b:202'));
    const en = await (await c.get('/admin/health?lang=en')).text();
    expect(en.slice(en.indexOf('id="servers"'))).toMatch(/<td>host-b:202<\/td><td>web chat only<\/td>/);
  });

  it('says when a server stopped cleanly, instead of only when it was last seen', async () => {
    running = await loggedInAdmin({ people: false });
    const { app, c } = running;
    noteHeartbeat(app.db, 'host-a:101', ['slack'], true, new Date('2027-03-01T09:30:00Z'));
    noteStopped(app.db, 'host-a:101', new Date('2027-03-01T09:30:02Z'));
    const de = await (await c.get('/admin/health?lang=de')).text();
    expect(de).toMatch(/<tr data-server="host-a:101"><td>host-a:101<\/td><td>Slack<\/td><td>beendet: 01\.03\.2027, 10:30:02<\/td><td>/);
    const en = await (await c.get('/admin/health?lang=en')).text();
    expect(en).toMatch(/<tr data-server="host-a:101"><td>host-a:101<\/td><td>Slack<\/td><td>stopped: 1 Mar 2027, 10:30:02<\/td><td>/);
    // running again under that id: the mark is gone
    noteHeartbeat(app.db, 'host-a:101', ['slack'], true, new Date('2027-03-01T09:40:00Z'));
    expect(await (await c.get('/admin/health?lang=en')).text()).toMatch(/<td>Slack<\/td><td>1 Mar 2027, 10:40:00<\/td>/);
  });

  it('forgets a stopped server with its button (its platform removed for good); a running one has no button and is refused', async () => {
    running = await loggedInAdmin({ people: false });
    const { app, c } = running;
    const { csrf } = await login(c);
    noteHeartbeat(app.db, 'host-a:101', ['slack'], true, new Date(app.clock.now().getTime() - 3600_000));
    noteStopped(app.db, 'host-a:101', new Date(app.clock.now().getTime() - 3600_000));
    noteHeartbeat(app.db, 'host-b:202', ['teams'], true, app.clock.now());
    const page = await (await c.get('/admin/health?lang=en')).text();
    const rowOf = (id: string) => new RegExp(`<tr data-server="${id}">.*?</tr>`, 's').exec(page)?.[0] ?? '';
    expect(rowOf('host-a:101')).toMatch(/<form method="post" action="\/admin\/health\/forget-server"[^>]*>.*name="server" value="host-a:101".*>Forget<\/button>/s);
    expect(rowOf('host-b:202')).not.toContain('forget-server');
    const gone = await c.post('/admin/health/forget-server', { server: 'host-a:101', _csrf: csrf! });
    expect(gone.status).toBe(303);
    expect(serversSeen(app.db).map((s) => s.serverId)).toEqual(['host-b:202']);
    // posted for the running one anyway (a page left open): refused, and it stays
    const refused = await c.post('/admin/health/forget-server', { server: 'host-b:202', _csrf: csrf! });
    expect(refused.status).toBe(303);
    const after = await (await c.get('/admin/health')).text();
    expect(after).toContain('<div class="flash error" role="status">Server host-b:202 is still running: stop it first, then forget it.</div>');
    expect(serversSeen(app.db).map((s) => s.serverId)).toEqual(['host-b:202']);
  });

  it('lists why messages wait for another try, grouped with their counts, the recipients blanked', async () => {
    running = await loggedInAdmin({ people: false });
    const { app, c } = running;
    const waiting = (key: string, kind: string, to: string, reason: string) => {
      enqueue(app.db, app.clock.now(), { key, kind, target: { kind: 'person', email: to }, message: { text: 'x' } });
      app.db.prepare("UPDATE outbox SET state = 'retry', last_error = ? WHERE idempotency_key = ?").run(reason, key);
    };
    for (const to of ['a@x.example', 'b@x.example', 'c@x.example']) waiting(`survey:p:${to}`, 'survey-invite', to, `no configured platform can reach ${to}`);
    waiting('news:1', 'newsletter', 'd@x.example', 'Slack answered 503');
    waiting('news:2', 'newsletter', 'e@x.example', 'Slack answered 503');
    const page = await (await c.get('/admin/health?lang=en')).text();
    const section = page.slice(page.indexOf('id="retrying"'), page.indexOf('id="servers"') > 0 ? page.indexOf('id="servers"') : page.indexOf('id="scheduler"'));
    expect(section).toContain('Waiting for another try: why');
    const rows = [...section.matchAll(/<tr data-reason><td>([^<]*)<\/td><td class="num">(\d+)<\/td>/g)].map((m) => [m[1], Number(m[2])]);
    expect(rows).toEqual([['no configured platform can reach …', 3], ['Slack answered 503', 2]]);
    expect(section).not.toMatch(/@x\.example/);
    expect(await (await c.get('/admin/health?lang=de')).text()).toContain('Warten auf einen neuen Versuch: warum');
  });
});
