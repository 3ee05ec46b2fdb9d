import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli } from '../doubles/cli.ts';
import { DATA_DIR, ROOT_DIR } from '../../src/paths.ts';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'itbot-catalog-cli-'));
  db = join(dir, 'cli.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The real command line, as a separate process (stdin is a pipe, as in an evaluation run). */
function itbot(args: string[], input?: string) {
  return spawnSync(process.execPath, [resolve(ROOT_DIR, 'bin/itbot.mjs'), ...args], { encoding: 'utf8', input, timeout: 60_000 });
}
function importDemoCatalog(): void {
  expect(itbot(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db]).status).toBe(0);
}
/** `itbot ask --json -` with one question a line on stdin. */
function askStdin(args: string[], input: string) {
  return itbot(['ask', '--json', '-', ...args], input);
}

// (each test starts the real command line two or three times, each allowed 60 s: on a loaded 2-core machine the
// default 30 s per test is too short, so the test gets the time its processes may take)
describe('itbot catalog / ask', { timeout: 180_000 }, () => {
  it('says "1 service" and "1 official answer", in the singular', async () => {
    const f = join(dir, 'one.yaml');
    writeFileSync(f, 'services:\n  - {id: vpn, name: VPN, summary: S}\nanswers:\n  - {id: why, question: Warum?, answer: Darum., services: [vpn]}\n');
    expect(await cli(['catalog', 'import', f, '--db', db])).toMatchObject({ code: 0, out: `imported 1 service and 1 official answer from ${f}` });
  });

  it('imports, exports deterministically, and the export imports back to the same bytes', async () => {
    expect((await cli(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db])).code).toBe(0);
    const a = await cli(['catalog', 'export', '--format', 'json', '--db', db]);
    const b = await cli(['catalog', 'export', '--format', 'json', '--db', db]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const file = join(dir, 'export.json');
    writeFileSync(file, a.out);
    const db2 = join(dir, 'two.db');
    expect((await cli(['catalog', 'import', file, '--db', db2])).code).toBe(0);
    expect((await cli(['catalog', 'export', '--format', 'json', '--db', db2])).out).toBe(a.out);
  });

  it('lists at most 100 warnings of an import, then how many more', async () => {
    const f = join(dir, 'long.yaml');
    const services = Array.from({ length: 150 }, (_, i) => `  - {id: s-${i}, name: S, summary: S, sumary: typo}`);
    writeFileSync(f, `services:\n${services.join('\n')}\n`);
    const r = await cli(['catalog', 'import', f, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`imported 150 services and 0 official answers from ${f}`);
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[99]).toMatch(/^warning: .*: services\[99\] \(id s-99\): sumary: not a field the bot knows: did you mean summary\?/);
    expect(lines[100]).toBe('... and 50 more warnings');
  });

  it('a bad file exits 2 with one line a problem on stderr, nothing on stdout', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'services:\n  - {id: a, name: A}\n  - {id: a, summary: S, status: gone}\n');
    const r = await cli(['catalog', 'import', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.split('\n')).toHaveLength(4);
    expect((await cli(['catalog', 'export', '--db', db])).out).not.toContain('id: a');
    expect((await cli(['catalog', 'export', '--format', 'xml', '--db', db])).code).toBe(2);
  });

  it('ask --json prints the contract object', async () => {
    await cli(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db]);
    const r = await cli(['ask', '--json', '--db', db, 'wie', 'bekomme', 'ich', 'VPN?']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ question: 'wie bekomme ich VPN?', lang: 'de', answered: true });
    expect(j.results[0]).toEqual({ id: 'vpn', kind: 'service', score: expect.any(Number) });
    expect(j.results.length).toBeLessThanOrEqual(5);
    expect(typeof j.text).toBe('string');
    const no = JSON.parse((await cli(['ask', '--json', '--lang', 'en', '--db', db, 'what is bitcoin'])).out);
    expect(no.answered).toBe(false);
    expect(no.text).toMatch(/helpdesk/i);
    // results are best first, by rank and by score alike, also when the bot is not sure
    const unsure = JSON.parse((await cli(['ask', '--json', '--lang', 'de', '--db', db, 'mein bildschirm flackert und der drucker auch'])).out);
    const scores = unsure.results.map((x: { score: number }) => x.score);
    expect(scores.length).toBeGreaterThan(1);
    expect([...scores].sort((a: number, b: number) => b - a)).toEqual(scores);
  });

  it('catalog gaps groups similar questions, biggest group first', async () => {
    const { testApp, say } = await import('../doubles/app.ts');
    const app = testApp();
    try {
      const { importCatalog } = await import('../../src/catalog/import.ts');
      importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
      for (const q of ['wie bestelle ich einen Firmenwagen', 'Firmenwagen bestellen?', 'Firmenwagen bestellen bitte', 'wie funktioniert Bitcoin']) await app.bot.handle(say(q));
      app.db.close();
      const r = await cli(['catalog', 'gaps', '--json', '--db', app.file]);
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.total).toBe(4);
      expect(j.groups[0]).toMatchObject({ count: 3, unanswered: 3, thumbsDown: 0 });
      expect(j.groups[1]).toMatchObject({ count: 1, question: 'wie funktioniert Bitcoin' });
      const text = await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'en' });
      expect(text.out).toMatch(/4 questions in 2 groups/);
      expect((await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'de' })).out).toMatch(/^4 Fragen in 2 Gruppen \(die grössten zuerst\)$/m);
    } finally {
      app.cleanup();
    }
  });

  it('catalog gaps tells "nobody asked" from "every question was answered"; the JSON keeps its fields and adds the count', async () => {
    const { testApp, say } = await import('../doubles/app.ts');
    const app = testApp({ now: 'wall' }); // (the command line counts back from the wall clock)
    try {
      const { importCatalog } = await import('../../src/catalog/import.ts');
      importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
      const none = await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'en' });
      expect(none.out).toBe('no gaps: nobody asked the catalog a question in the last year');
      expect((await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'de' })).out).toBe('keine Lücken: niemand hat dem Katalog im letzten Jahr eine Frage gestellt');
      const noneJson = JSON.parse((await cli(['catalog', 'gaps', '--json', '--db', app.file])).out);
      expect(noneJson).toEqual({ total: 0, groups: [], asked: 0, countedFrom: null });
      for (const q of ['wie bekomme ich VPN?', 'Passwort vergessen']) {
        const [r] = await app.bot.handle(say(q));
        expect(r!.text).not.toMatch(/nicht sicher|nichts gefunden/i);
      }
      expect((await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'de' })).out).toBe('keine Lücken: alle 2 Fragen, die dem Katalog im letzten Jahr gestellt wurden, sind beantwortet, und keine bekam ein 👎');
      expect((await cli(['catalog', 'gaps', '--db', app.file], { ITBOT_LANG: 'en' })).out).toBe('no gaps: all 2 questions asked of the catalog in the last year were answered and none got a 👎');
      expect(JSON.parse((await cli(['catalog', 'gaps', '--json', '--db', app.file])).out)).toMatchObject({ total: 0, asked: 2 });
      const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      expect((await cli(['catalog', 'gaps', '--since', tomorrow, '--db', app.file], { ITBOT_LANG: 'en' })).out).toBe(`no gaps: nobody asked the catalog a question since ${tomorrow}`);
    } finally {
      app.cleanup();
    }
  });

  it('a database asked questions before they were counted never reads "nobody asked"', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { loadMigrations, migrate } = await import('../../src/store/db.ts');
    const raw = new Database(db);
    const all = loadMigrations();
    const counting = all.find((m) => /catalog-questions-counted/.test(m.name))!;
    migrate(raw, all.filter((m) => m.version < counting.version));
    raw.prepare("INSERT INTO catalog_feedback (doc, helpful, department, created_at) VALUES ('service:vpn', 1, NULL, '2026-01-05T10:00:00.000Z')").run();
    migrate(raw, all);
    const from = (raw.prepare("SELECT value FROM system_state WHERE key = 'catalog.questions_counted_from'").get() as { value: string }).value;
    raw.close();
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(from));
    const r = await cli(['catalog', 'gaps', '--db', db], { ITBOT_TIMEZONE: 'Europe/Zurich', ITBOT_LANG: 'en' });
    expect(r.out).toBe(`no gaps: nobody asked the catalog a question since ${day} (when questions began to be counted)`);
    expect(JSON.parse((await cli(['catalog', 'gaps', '--json', '--db', db])).out)).toEqual({ total: 0, groups: [], asked: 0, countedFrom: from });
  });

  it('catalog gaps --since is a whole local day (ITBOT_TIMEZONE); a date that is none is bad usage', async () => {
    const Database = (await import('better-sqlite3')).default;
    importDemoCatalog();
    const raw = new Database(db);
    const ins = raw.prepare("INSERT INTO catalog_gaps (question, lang, reason, best_guess, department, created_at) VALUES (?, 'de', 'unanswered', NULL, NULL, ?)");
    // 00:30 in Zurich on the 27th is 23:30 UTC on the 26th; 23:30 UTC on the 27th is already the 28th in Zurich
    ins.run('kurz nach Mitternacht', '2026-11-26T23:30:00.000Z');
    ins.run('am Vorabend', '2026-11-26T22:30:00.000Z');
    raw.close();
    const r = await cli(['catalog', 'gaps', '--json', '--since', '2026-11-27', '--db', db], { ITBOT_TIMEZONE: 'Europe/Zurich' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).groups.map((g: { question: string }) => g.question)).toEqual(['kurz nach Mitternacht']);
    for (const bad of ['2026-99-99', '2026-11-27xyz', '2027-02-30']) expect((await cli(['catalog', 'gaps', '--since', bad, '--db', db])).code).toBe(2);
  });

  it('catalog gaps speaks ITBOT_LANG and names departments as the departments file does; the JSON keeps their ids', async () => {
    importDemoCatalog();
    expect((await cli(['people', 'import', join(DATA_DIR, 'people.csv'), '--db', db])).code).toBe(0);
    expect((await cli(['departments', 'import', join(DATA_DIR, 'departments.csv'), '--db', db])).code).toBe(0);
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(db);
    const ins = raw.prepare("INSERT INTO catalog_gaps (question, lang, reason, best_guess, department, created_at) VALUES (?, 'de', 'unanswered', NULL, ?, ?)");
    const at = new Date().toISOString();
    ins.run('Firmenwagen bestellen', 'Finance', at);
    ins.run('Firmenwagen bestellen bitte', 'Skunkworks', at);
    raw.close();
    const de = (await cli(['catalog', 'gaps', '--db', db], { ITBOT_LANG: 'de' })).out;
    expect(de).toMatch(/^2 Fragen in 1 Gruppe \(die grössten zuerst\)$/m);
    expect(de).toContain('unbeantwortet 2, 👎 0; de; Finanzen, Skunkworks');
    expect(de).toContain('auch: ');
    const en = (await cli(['catalog', 'gaps', '--db', db], { ITBOT_LANG: 'en' })).out;
    expect(en).toMatch(/^2 questions in 1 group \(biggest first\)$/m);
    expect(en).toContain('unanswered 2, 👎 0; de; Finance, Skunkworks');
    const j = JSON.parse((await cli(['catalog', 'gaps', '--json', '--db', db], { ITBOT_LANG: 'de' })).out);
    expect(j.groups[0].departments).toEqual(['Finance', 'Skunkworks']);
  });

  it('ask reads a German question with a paper size as German, also when the default language is English', async () => {
    await cli(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db]);
    for (const q of ['A4-Papier bestellen', 'Plotter A0 drucken']) {
      const j = JSON.parse((await cli(['ask', '--json', '--db', db, q], { ITBOT_LANG: 'en' })).out);
      expect(j.lang, q).toBe('de');
    }
  });

  it('ask answers the newsletter, a greeting, thanks and help as chat does, never with a catalog entry, and writes no draft for IT staff', async () => {
    await cli(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db]);
    await cli(['people', 'import', join(DATA_DIR, 'people.csv'), '--db', db]);
    const ask = async (q: string, ...more: string[]) => JSON.parse((await cli(['ask', '--json', '--lang', 'de', '--db', db, ...more, q])).out);
    for (const q of ['Newsletter', 'der letzte Newsletter']) {
      const j = await ask(q);
      expect(j.text, q).toBe('Es ist noch keine Ausgabe des IT-Newsletters erschienen.');
      expect(j.results, q).toEqual([]);
    }
    // (IT staff get the reader's answer too: the draft chat shows them is written, and stays in chat)
    expect((await ask('Newsletter', '--as', 'head.it@alpenfirn.example')).text).toBe('Es ist noch keine Ausgabe des IT-Newsletters erschienen.');
    expect((await cli(['newsletter', 'list', '--db', db])).out).toContain('no newsletter issues yet');
    expect((await ask('hallo')).text).toContain('Ich bin der IT-Bot');
    expect((await ask('danke')).text).toContain('Gern geschehen');
    expect((await ask('hilfe')).text).toContain('IT-Ansprechperson');
  });

  it('ask --json lists no entry with score 0 among the results', async () => {
    await cli(['catalog', 'import', join(DATA_DIR, 'catalog.yaml'), '--db', db]);
    const j = JSON.parse((await cli(['ask', '--json', '--lang', 'de', '--db', db, 'Mein Akku hält nicht mehr lange'])).out);
    expect(j.results.length).toBeGreaterThan(0);
    for (const r of j.results) expect(r.score).toBeGreaterThan(0);
  });

  it('ask --json - answers one question a line from stdin, in order, one object a line', () => {
    importDemoCatalog();
    const r = askStdin(['--db', db], 'my laptop is broken\n"AND NEAR( * (\n  \n mis natel isch kaputt\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    // (each line echoed as given, a line of spaces too)
    expect(lines.map((l) => l.question)).toEqual(['my laptop is broken', '"AND NEAR( * (', '  ', ' mis natel isch kaputt']);
    expect(lines[0].results[0].id).toBe('laptop');
    expect(lines[3].results[0].id).toBe('mobile-phone');
    // (an empty line keeps its place: not answered, and the text offers the fallback as for any question)
    expect(lines[2]).toMatchObject({ answered: false, results: [] });
    expect(lines[2].text).toMatch(/Helpdesk/);
  });

  it('ask - (text) puts a line with the line number and the question before each answer, an empty line too, in order', () => {
    importDemoCatalog();
    const r = itbot(['ask', '-', '--db', db], 'wie bekomme ich VPN?\n\nmy laptop is broken\n');
    expect(r.status).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => l.startsWith('--- '));
    expect(heads).toEqual(['--- 1: wie bekomme ich VPN?', '--- 2: (empty line)', '--- 3: my laptop is broken']);
    const blocks = r.stdout.trim().split(/\n*^--- \d+: .*$\n/m).slice(1);
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toMatch(/^VPN-Fernzugriff/);
    expect(blocks[1]).toMatch(/Helpdesk/);
    expect(blocks[2]).toMatch(/^Standard laptop/);
    // (one question on the command line prints its answer alone, as before)
    const single = itbot(['ask', '--db', db, 'my laptop is broken']);
    expect(single.stdout).toMatch(/^Standard laptop/);
  });

  it('ask answers like chat where chat does not search: what is new, what IT offers, who my IT contact is', () => {
    importDemoCatalog();
    const r = askStdin(['--db', db], "what's new?\nWas bietet die IT?\nwer ist mein IT-Ansprechpartner?\n");
    expect(r.status).toBe(0);
    const [news, overview, contact] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(news).toMatchObject({ answered: true, results: [] });
    expect(news.text).toMatch(/^New and planned/);
    expect(news.text).toContain('Guest Wi-Fi');
    expect(overview.text).toMatch(/^Was die IT für Sie tut/);
    expect(contact.answered).toBe(true);
    expect(contact.text).toMatch(/Helpdesk/);
  });

  it('ask --json - refuses a line over the chat limit with a clear text, answers a pasted blob in bounded time, and goes on', () => {
    importDemoCatalog();
    const blob = 'Passwortrücksetzungsantragsformular'.repeat(100); // 3,500 letters, one "word"
    const r = askStdin(['--lang', 'en', '--db', db], `${'vpn '.repeat(2000)}\n${blob}\nmy laptop is broken\n`);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ answered: false, results: [] });
    expect(lines[0].text).toMatch(/too long \(more than 4000 characters\)/);
    expect(lines[1].question).toBe(blob);
    expect(lines[2].results[0].id).toBe('laptop');
  });
});
