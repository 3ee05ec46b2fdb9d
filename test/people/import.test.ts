import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { cli } from '../doubles/cli.ts';
import { inputProblems } from '../doubles/input.ts';
import { readImportCsv } from '../../src/people/csv.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { basic, define, people } from '../surveys/helpers.ts';

const HEADER = 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id,vip';

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

function file(name: string, text: string): string {
  const f = join(app.dir, name);
  writeFileSync(f, text);
  return f;
}


describe('people import', () => {
  it('imports the directory and updates by e-mail on re-import', () => {
    const f = file('p.csv', `${HEADER}\nA@X.example,Anna A,Finance,true,de,Europe/Zurich,U1,,true\nb@x.example,Bob B,Sales,false,en,America/New_York,,aad-2,false\n`);
    expect(importPeople(app, f)).toEqual({ imported: 2, deactivated: 0 });
    const a = app.people.byEmail('a@x.example')!;
    expect(a).toMatchObject({ name: 'Anna A', department: 'Finance', manager: true, language: 'de', vip: true, slackUserId: 'U1' });
    expect(app.people.byTeamsId('aad-2')?.email).toBe('b@x.example');
    const g = file('p2.csv', `${HEADER}\na@x.example,Anna Changed,HR,false,en,Europe/Zurich,,,false\n`);
    importPeople(app, g, { replace: true });
    expect(app.people.byEmail('a@x.example')).toMatchObject({ name: 'Anna Changed', department: 'HR', slackUserId: 'U1' });
    expect(app.people.byEmail('b@x.example')?.active).toBe(false);
  });

  it('--replace with a file that lists nobody (a header without rows, as an empty spreadsheet saves it) is refused and changes nothing, instead of making the whole directory inactive', async () => {
    const f = file('p.csv', `${HEADER}\na@x.example,Anna A,Finance,true,de,Europe/Zurich,U1,,true\nb@x.example,Bob B,Sales,false,en,America/New_York,,,false\n`);
    importPeople(app, f);
    for (const empty of [`${HEADER}\n`, `${HEADER}\r\n;;;;;;;;\r\n`.replaceAll(',', ';'), `${HEADER}\n,,,,,,,,\n`]) {
      const r = await cli(['people', 'import', file('empty.csv', empty), '--replace', '--db', app.file]);
      expect(r.code, JSON.stringify(empty)).toBe(2);
      expect(r.err).toMatch(/empty\.csv: .*lists nobody.*--replace would make all 2 people of the directory inactive; nothing changed/);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    expect(app.people.byEmail('a@x.example')?.active).toBe(true);
    expect(app.people.byEmail('b@x.example')?.active).toBe(true);
    // without --replace such a file changes nothing either, and says so without an error
    expect((await cli(['people', 'import', file('empty.csv', `${HEADER}\n`), '--db', app.file])).code).toBe(0);
  });

  it('stores a time zone with the database\'s capitals, and a zone the runtime knows by another name as written', () => {
    const f = file('p.csv', `${HEADER}\na@x.example,A,IT,false,de,europe/zurich,,,false\nb@x.example,B,IT,false,en,Asia/Kolkata,,,false\n`);
    importPeople(app, f);
    expect(app.people.byEmail('a@x.example')?.timezone).toBe('Europe/Zurich');
    // (Node's ICU calls it Asia/Calcutta: the person wrote the current name, and that is what labels show)
    expect(app.people.byEmail('b@x.example')?.timezone).toBe('Asia/Kolkata');
  });

  it('a large directory is written without work per person that a small one does not do (30 000 people held the database for seconds, and a server on it failed with "database is locked")', () => {
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => `p${from + i}@x.example,P ${from + i},Sales,false,de,${i % 2 ? 'Europe/Zurich' : 'America/New_York'},,,false`).join('\n');
    importPeople(app, file('warm.csv', `${HEADER}\n${rows(0, 2)}\n`));
    const prepare = vi.spyOn(app.db, 'prepare');
    const realFormat = Intl.DateTimeFormat;
    let zoneLookups = 0;
    Intl.DateTimeFormat = new Proxy(realFormat, { construct: (target, args) => (zoneLookups++, Reflect.construct(target, args)) });
    const work = (name: string, from: number, n: number) => {
      prepare.mockClear();
      zoneLookups = 0;
      expect(importPeople(app, file(name, `${HEADER}\n${rows(from, n)}\n`)).imported).toBe(n);
      return { statements: prepare.mock.calls.length, zoneLookups };
    };
    try {
      expect(work('many.csv', 1000, 200)).toEqual(work('few.csv', 2000, 2));
    } finally {
      prepare.mockRestore();
      Intl.DateTimeFormat = realFormat;
    }
    expect(app.people.byEmail('p1199@x.example')).toMatchObject({ name: 'P 1199', timezone: 'Europe/Zurich' });
  });

  it('--replace: what still waits for a person left out is cancelled, and later survey reminders skip them (they ended as dead messages)', async () => {
    const [kept, gone] = people(app, { Sales: 2 });
    const sender = withFakeSender(app);
    const worker = new OutboxWorker(app, { backoffMs: 1000 });
    define(app, basic({ closes: 'P1D', reminders: ['PT1H'], audience: [kept, gone] }));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    importPeople(app, file('kept.csv', `${HEADER}\n${kept},Kept,Sales,false,en,Europe/Zurich,,,false\n`), { replace: true });
    await worker.drainOnce();
    app.clock.advance(2 * 3_600_000);
    surveyTick(app);
    await worker.drainOnce();
    const rows = outboxRows(app.db, { limit: 100 });
    expect(rows.filter((r) => r.target === gone).map((r) => [r.kind, r.state])).toEqual([['survey-invite', 'cancelled']]);
    expect(rows.filter((r) => r.state === 'dead')).toEqual([]);
    expect(sender.sent.map((s) => [s.item.kind, s.target.kind === 'person' && s.target.person.email]).sort()).toEqual([['survey-invite', kept], ['survey-reminder', kept]]);
  });

  it('accepts the 8-column form without vip', () => {
    const f = file('p.csv', 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id\nc@x.example,C,IT,false,,,,\n');
    expect(importPeople(app, f).imported).toBe(1);
    expect(app.people.byEmail('c@x.example')?.vip).toBe(false);
  });

  it('reads the CSV a German or Swiss spreadsheet saves: semicolons, a BOM, CR LF, empty columns after the last one, rows of empty cells', () => {
    const f = file('excel.csv',
      `\uFEFF${HEADER.replaceAll(',', ';')};;\r\n` +
      'a@x.example;"Muster; Anna";Finance;TRUE;de;Europe/Zurich;U1;;FALSE;;\r\n' +
      ';;;;;;;;;;\r\n' +
      'b@x.example;Bob, B;Sales;false;en;Europe/Zurich;;;true;;\r\n');
    expect(importPeople(app, f)).toEqual({ imported: 2, deactivated: 0 });
    expect(app.people.byEmail('a@x.example')).toMatchObject({ name: 'Muster; Anna', department: 'Finance', manager: true, slackUserId: 'U1', vip: false });
    expect(app.people.byEmail('b@x.example')).toMatchObject({ name: 'Bob, B', department: 'Sales', manager: false, vip: true });
  });

  it('reads WAHR and FALSCH, which a spreadsheet set to German writes for TRUE and FALSE', () => {
    const f = file('de.csv', `${HEADER}\na@x.example,A,IT,WAHR,de,Europe/Zurich,,,FALSCH\nb@x.example,B,IT,falsch,de,Europe/Zurich,,,Wahr\n`);
    expect(importPeople(app, f).imported).toBe(2);
    expect(app.people.byEmail('a@x.example')).toMatchObject({ manager: true, vip: false });
    expect(app.people.byEmail('b@x.example')).toMatchObject({ manager: false, vip: true });
  });

  it('rejects a wrong header naming the file, line 1 and the header', () => {
    const f = file('bad.csv', 'mail,name\nx@y.example,X\n');
    const p = inputProblems(() => importPeople(app, f));
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 1: header: expected "email,name,department`));
  });

  it('lists every problem with its line and field, and changes nothing', () => {
    importPeople(app, file('ok.csv', `${HEADER}\nkeep@x.example,Keep,IT,false,de,Europe/Zurich,,,false\n`));
    const f = file(
      'bad.csv',
      [
        HEADER,
        'a@x.example,A,IT,false,de,Europe/Zurich,,,false',
        'A@x.example,A2,IT,false,de,Europe/Zurich,,,false',
        'c@x.example,C,IT,false,fr,Europe/Zurich,,,false',
        'd@x.example,D,IT,false,de,Europe/Zürich,,,false',
        'e@x.example,E,IT,maybe,de,Europe/Zurich,,,false',
        'not-an-email,F,IT,false,de,Europe/Zurich,,,false',
        'keep@x.example,Keep Changed,IT,false,de,Europe/Zurich,,,false',
      ].join('\n'),
    );
    const p = inputProblems(() => importPeople(app, f));
    expect(p).toEqual([
      expect.stringMatching(/line 3: email: duplicate e-mail a@x.example \(first on line 2\)/),
      expect.stringMatching(/line 4: language: "fr" is not de or en/),
      expect.stringMatching(/line 5: timezone: "Europe\/Zürich" is not an IANA time zone/),
      expect.stringMatching(/line 6: manager: "maybe" is not true or false/),
      expect.stringMatching(/line 7: email: "not-an-email" is not an e-mail address/),
    ]);
    expect(app.people.count()).toBe(1);
    expect(app.people.byEmail('keep@x.example')?.name).toBe('Keep');
  });

  it('a file that corrects or swaps Slack and Teams ids imports whatever the order of its lines', () => {
    importPeople(app, file('p1.csv', `${HEADER}\na@x.example,A,IT,false,de,Europe/Zurich,U2,aad-b,false\nb@x.example,B,IT,false,de,Europe/Zurich,,,false\n`));
    // (the ids were each other's: b's line, first, takes U2 from a, and a's takes aad-b from b; a Teams id in other capitals is the same id)
    const fixed = file('p2.csv', `${HEADER}\nb@x.example,B,IT,false,de,Europe/Zurich,U2,AAD-B,false\na@x.example,A,IT,false,de,Europe/Zurich,U1,aad-a,false\n`);
    expect(importPeople(app, fixed)).toEqual({ imported: 2, deactivated: 0 });
    expect(app.people.byEmail('a@x.example')).toMatchObject({ slackUserId: 'U1', teamsUserId: 'aad-a' });
    expect(app.people.byEmail('b@x.example')).toMatchObject({ slackUserId: 'U2', teamsUserId: 'AAD-B' });
    const dup = file('p3.csv', `${HEADER}\nc@x.example,C,IT,false,de,Europe/Zurich,,aad-c,false\nd@x.example,D,IT,false,de,Europe/Zurich,,AAD-C,false\n`);
    expect(inputProblems(() => importPeople(app, dup))).toEqual([`${dup}: line 3: teams_user_id: duplicate teams_user_id AAD-C (first on line 2)`]);
  });

  it('an id of an active person the file does not name is refused naming the line, the column and its holder; --replace or an inactive holder gives it up', () => {
    importPeople(app, file('p1.csv', `${HEADER}\na@x.example,A,IT,false,de,Europe/Zurich,U1,,false\n`));
    const f = file('p2.csv', `${HEADER}\nb@x.example,B,IT,false,de,Europe/Zurich,U1,,false\n`);
    expect(inputProblems(() => importPeople(app, f))).toEqual([
      `${f}: line 2: slack_user_id: U1 is the Slack user id of a@x.example in the directory, who is not in this file (correct the id, or add a@x.example with their own; --replace imports the whole directory)`,
    ]);
    expect(app.people.byEmail('b@x.example')).toBeNull();
    expect(importPeople(app, f, { replace: true })).toEqual({ imported: 1, deactivated: 1 });
    expect(app.people.bySlackId('U1')?.email).toBe('b@x.example');
    expect(app.people.byEmail('a@x.example')).toMatchObject({ active: false, slackUserId: null });
    // (b leaves; the same Slack account comes back under a new address)
    importPeople(app, file('p3.csv', `${HEADER}\nc@x.example,C,IT,false,de,Europe/Zurich,,,false\n`), { replace: true });
    importPeople(app, file('p4.csv', `${HEADER}\nb.new@x.example,B,IT,false,de,Europe/Zurich,U1,,false\n`));
    expect(app.people.bySlackId('U1')?.email).toBe('b.new@x.example');
  });

  it('reports bad CSV quoting with the line', () => {
    const f = file('q.csv', `${HEADER}\na@x.example,"A unterminated,IT,false,de,Europe/Zurich,,,false\n`);
    const p = inputProblems(() => importPeople(app, f));
    expect(p[0]).toMatch(/q\.csv: line \d+: not valid CSV/);
    expect(app.people.count()).toBe(0);
  });

  it('a stray or unclosed quote is named with its line and column, says what to write, and the rows before and after it are still checked; nothing changes', () => {
    const rows = `${HEADER}\nbad-mail,Bob,IT,maybe,de,,,,false\n`;
    const after = 'd@x.example,Dora,IT,false,fr,,,,false\ne@x.example,Eva,IT,false,de,Mars/Base,,,false\n';
    const stray = file('stray.csv', `${rows}c@x.example,Mül"ler,IT,false,de,,,,false\n${after}`);
    const before = [`${stray}: line 2: email: "bad-mail" is not an e-mail address`, `${stray}: line 2: manager: "maybe" is not true or false (or yes/no, 1/0, WAHR/FALSCH)`];
    const later = [`${stray}: line 4: language: "fr" is not de or en`, `${stray}: line 5: timezone: "Mars/Base" is not an IANA time zone (e.g. Europe/Zurich)`];
    expect(inputProblems(() => importPeople(app, stray))).toEqual([
      ...before,
      `${stray}: line 3: not valid CSV: a quote inside a cell (column name) after "Mül": write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
      ...later,
    ]);
    const unclosed = file('unclosed.csv', `${rows}c@x.example,"Müller,IT,false,de,,,,false\n${after}`);
    expect(inputProblems(() => importPeople(app, unclosed))).toEqual([
      ...before.map((p) => p.replace(stray, unclosed)),
      `${unclosed}: line 3: not valid CSV: the quote that opens a cell (column name) on this line is never closed: close the quote with a second ", or remove it; this row is not read (the rows after it are checked)`,
      ...later.map((p) => p.replace(stray, unclosed)),
    ]);
    // (two broken rows: each named at its own line, the rows between and after them checked)
    const twice = file('twice.csv', `${rows}c@x.example,Mül"ler,IT,false,de,,,,false\nf@x.example,Fritz,"IT" 2,false,de,,,,false\n${after}`);
    expect(inputProblems(() => importPeople(app, twice))).toEqual([
      ...before.map((p) => p.replace(stray, twice)),
      `${twice}: line 3: not valid CSV: a quote inside a cell (column name) after "Mül": write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
      `${twice}: line 4: not valid CSV: a quoted cell (column department) goes on after its closing quote: write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
      `${twice}: line 5: language: "fr" is not de or en`,
      `${twice}: line 6: timezone: "Mars/Base" is not an IANA time zone (e.g. Europe/Zurich)`,
    ]);
    // (rows that are all right before the quote are not imported either: all or nothing)
    const good = file('good.csv', `${HEADER}\na@x.example,Anna,IT,false,de,,,,false\nc@x.example,"Anna" B,IT,false,de,,,,false\n`);
    expect(inputProblems(() => importPeople(app, good))).toEqual([
      `${good}: line 3: not valid CSV: a quoted cell (column name) goes on after its closing quote: write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
    ]);
    expect(app.people.count()).toBe(0);
  });

  it('reads around at most 100 rows with a quoting problem: the lines after the hundredth are said not to be checked', () => {
    const rows = Array.from({ length: 103 }, (_, i) => `p${i}@x.example,27" Monitor,IT,false,de,,,,false`);
    const read = readImportCsv(`${HEADER}\n${rows.join('\n')}\n`, 'inch.csv', 'a people CSV', '"x"');
    expect(read.records).toEqual([]);
    expect(read.unread!.problems).toHaveLength(101);
    expect(read.unread!.problems.at(-2)!.entry).toBe('line 101');
    expect(read.unread!.problems.at(-1)).toEqual({ file: 'inch.csv', entry: 'line 102', message: 'not checked: the lines from here to the end of the file (after 100 rows with quoting problems)' });
  });

  it('a stray quote after a cell over several lines (CR LF, as a spreadsheet saves it) is named at its own line, with its column', () => {
    const crlf = file('crlf.csv', `${HEADER}\r\na@x.example,"Anna\r\nA",IT,maybe,de,,,,false\r\nc@x.example,Mül"ler,IT,false,de,,,,false\r\n`);
    expect(inputProblems(() => importPeople(app, crlf))).toEqual([
      `${crlf}: line 2: manager: "maybe" is not true or false (or yes/no, 1/0, WAHR/FALSCH)`,
      `${crlf}: line 4: not valid CSV: a quote inside a cell (column name) after "Mül": write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
    ]);
    // (the quote is in the same row as the cell over two lines: the row is not read, the quote named at its line)
    const same = file('same.csv', `${HEADER}\nb@x.example,Bob,IT,maybe,de,,,,false\na@x.example,"Anna\nA",I"T,false,de,,,,false\n`);
    expect(inputProblems(() => importPeople(app, same))).toEqual([
      `${same}: line 2: manager: "maybe" is not true or false (or yes/no, 1/0, WAHR/FALSCH)`,
      `${same}: line 4: not valid CSV: a quote inside a cell (column department) after "I": write the cell in quotes with each quote in it doubled, such as "Hans ""Hansi"" Muster"; this row is not read (the rows after it are checked)`,
    ]);
    expect(app.people.count()).toBe(0);
  });

  it('a quote in the header row is named at line 1 in words, not with the parser\'s message', () => {
    for (const header of [HEADER.replace('name', 'na"me'), HEADER.replace('name', '"name" x')]) {
      const f = file('header.csv', `${header}\na@x.example,Anna,IT,false,de,,,,false\n`);
      expect(inputProblems(() => importPeople(app, f))).toEqual([
        `${f}: line 1: not valid CSV: a column name in the header row has a quote in it or after it: write the column names without quotes`,
      ]);
    }
    const d = file('d.csv', 'department,"name_de,name_en,key_account,it_channel_slack,it_channel_teams\nFinance,Finanzen,Finance,,,\n');
    expect(inputProblems(() => importDepartments(app, d))).toEqual([
      `${d}: line 1: not valid CSV: the quote that opens a cell on this line is never closed, so the lines from here to the end of the file are read as that one cell and not checked: close the quote with a second ", or remove it`,
    ]);
  });

  it('a tab-separated file (a spreadsheet\'s "Text (Tab delimited)") is refused saying to use , or ;', () => {
    const f = file('tabs.csv', `${HEADER.replaceAll(',', '\t')}\na@x.example\tAnna\tIT\tfalse\tde\t\t\t\tfalse\n`);
    expect(inputProblems(() => importPeople(app, f))).toEqual([
      `${f}: line 1: the cells are separated by tabs (a "Text (Tab delimited)" file): a people CSV separates them with , or ; (in Excel save it as "CSV UTF-8 (Comma delimited)")`,
    ]);
    const d = file('d.tsv', 'department\tname_de\tname_en\tkey_account\tit_channel_slack\tit_channel_teams\nFinance\tFinanzen\tFinance\t\t\t\n');
    expect(inputProblems(() => importDepartments(app, d))).toEqual([
      `${d}: line 1: the cells are separated by tabs (a "Text (Tab delimited)" file): a departments CSV separates them with , or ; (in Excel save it as "CSV UTF-8 (Comma delimited)")`,
    ]);
    expect(app.people.count()).toBe(0);
  });

  it('departments: a stray quote is named with its column, after the problems of the rows before it; nothing changes', () => {
    const f = file('d.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nSales,Verkauf,Sales,ghost@x.example,,\nFinance,Finanzen,Finance,,,\nHR,Personal "HR",HR,,,\n');
    expect(inputProblems(() => importDepartments(app, f))).toEqual([
      `${f}: line 2: key_account: ghost@x.example is not in the people directory (import people first)`,
      `${f}: line 4: not valid CSV: a quote inside a cell (column name_de) after "Personal ": write the cell in quotes with each quote in it doubled, such as "Verkauf ""Innendienst"""; this row is not read (the rows after it are checked)`,
    ]);
    expect(app.people.department('finance')).toBeNull();
  });

  it('imports departments whose key accounts exist, and rejects unknown ones', () => {
    importPeople(app, file('p.csv', `${HEADER}\nka@x.example,Kim Account,IT,false,de,Europe/Zurich,,,false\n`));
    const ok = file('d.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nFinance,Finanzen,Finance,ka@x.example,,\n');
    expect(importDepartments(app, ok).imported).toBe(1);
    expect(app.people.department('finance')?.keyAccountEmail).toBe('ka@x.example');
    const bad = file('d2.csv', 'department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nSales,Verkauf,Sales,ghost@x.example,,\n');
    expect(inputProblems(() => importDepartments(app, bad))[0]).toMatch(/line 2: key_account: ghost@x.example is not in the people directory/);
    expect(app.people.department('Sales')).toBeNull();
  });

  it('takes a department\'s Teams IT channel as the channel\'s link gives it (URL-encoded, or the whole link) and keeps the id Teams posts to', () => {
    const csv = (teams: string) => file('d.csv', `department,name_de,name_en,key_account,it_channel_slack,it_channel_teams\nFinance,Finanzen,Finance,,,"${teams}"\n`);
    for (const teams of ['19:fin@thread.tacv2', '19%3afin%40thread.tacv2', 'https://teams.microsoft.com/l/channel/19%3Afin%40thread.tacv2/Finance%20IT?groupId=g-1&tenantId=t-1']) {
      importDepartments(app, csv(teams));
      expect(app.people.department('Finance')?.itChannelTeams, teams).toBe('19:fin@thread.tacv2');
    }
  });

  it('through the CLI: exit code 2, one line per problem on stderr, nothing changed', async () => {
    const f = file('bad.csv', `${HEADER}\na@x.example,A,IT,false,xx,Europe/Zurich,,,false\n`);
    app.db.close();
    const r = await cli(['people', 'import', f, '--db', app.file]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/bad\.csv: line 2: language: "xx" is not de or en/);
    const ok = await cli(['people', 'import', join(process.cwd(), 'data/people.csv'), '--db', app.file]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/imported 20 people/);
  });
});
