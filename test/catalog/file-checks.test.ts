import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importCatalog } from '../../src/catalog/import.ts';
import { exportCatalog } from '../../src/catalog/export.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { testApp, testFile, say, flat, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { inputProblems } from '../doubles/input.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

const dump = (a: TestApp) => {
  const repo = new CatalogRepo(a.db);
  return exportCatalog({ services: repo.services(), answers: repo.answers() }, 'json');
};

describe('replacedBy makes sense', () => {
  const svc = (id: string, status: string, replacedBy?: string) =>
    `  - {id: ${id}, name: {de: ${id} de, en: ${id} en}, summary: {de: Ein Dienst., en: A service.}, status: ${status}${replacedBy ? `, replacedBy: ${replacedBy}` : ''}}\n`;

  it('a retired successor and a circle are problems naming the entry and the field; nothing is imported', () => {
    const retired = testFile(app, 'retired.yaml', `services:\n${svc('oldphone', 'retiring', 'deadfax')}${svc('deadfax', 'retired')}`);
    expect(inputProblems(() => importCatalog(app, retired))).toEqual([
      `${retired}: services[0] (id oldphone): replacedBy: "deadfax" is retired: a successor must be a service people can still use (planned, new, active or retiring)`,
    ]);
    const circle = testFile(app, 'circle.yaml', `services:\n${svc('alpha', 'retired', 'beta')}${svc('beta', 'retiring', 'gamma')}${svc('gamma', 'retiring', 'alpha')}${svc('delta', 'active')}`);
    expect(inputProblems(() => importCatalog(app, circle))).toEqual([
      `${circle}: services[0] (id alpha): replacedBy: the services replace each other in a circle (alpha -> beta -> gamma -> alpha): one of them must be the one that stays`,
    ]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('a service that names itself as successor is one problem, not also a circle, listed in the order of the file (YAML and JSON)', () => {
    const yaml = testFile(app, 'self.yaml', `services:
  - {id: vpn, name: VPN, summary: S}
  - id: vpn
    name: VPN 2
    summary: S
    status: retiring
    replacedBy: vpn
answers:
  - {id: a1, question: Q, answer: A, services: [nope]}
`);
    const expected = (f: string) => [
      `${f}: services[1] (id vpn): id: duplicate id vpn (first at services[0] (id vpn))`,
      `${f}: services[1] (id vpn): replacedBy: a service cannot replace itself`,
      `${f}: answers[0] (id a1): services[0]: unknown service "nope"`,
    ];
    expect(inputProblems(() => importCatalog(app, yaml))).toEqual(expected(yaml));
    const json = testFile(app, 'self.json', JSON.stringify({
      services: [{ id: 'vpn', name: 'VPN', summary: 'S' }, { id: 'vpn', name: 'VPN 2', summary: 'S', status: 'retiring', replacedBy: 'vpn' }],
      answers: [{ id: 'a1', question: 'Q', answer: 'A', services: ['nope'] }],
    }, null, 2));
    expect(inputProblems(() => importCatalog(app, json))).toEqual(expected(json));
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('a file that retires the successor of a service already in the catalog is refused at that service', () => {
    importCatalog(app, testFile(app, 'a.yaml', `services:\n${svc('old', 'retiring', 'next')}${svc('next', 'active')}`));
    const before = dump(app);
    const f = testFile(app, 'b.yaml', `services:\n${svc('next', 'retired')}`);
    expect(inputProblems(() => importCatalog(app, f))).toEqual([
      `${f}: service old (already in the catalog): replacedBy: "next" is retired: a successor must be a service people can still use (planned, new, active or retiring) (this import retires it)`,
    ]);
    expect(dump(app)).toBe(before);
  });

  it('replacedBy on an active, new or planned service is a warning line; the file is imported', async () => {
    const f = testFile(app, 'warn.yaml', `services:\n${svc('a', 'active', 'c')}${svc('b', 'new')}${svc('c', 'active')}`);
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`warning: ${f}: services[0] (id a): replacedBy: ignored: only a retiring or retired service is replaced, and this one is active (set status: retiring, or remove replacedBy)`);
    expect(r.out).toMatch(/imported 3 services/);
  });

  it('an official answer that lists a service twice is a problem', () => {
    const f = testFile(app, 'dup.yaml', `services:\n${svc('gamma', 'active')}answers:\n  - {id: q, question: Frage, answer: Antwort, services: [gamma, gamma]}\n`);
    expect(inputProblems(() => importCatalog(app, f))).toEqual([`${f}: answers[0] (id q): services[1]: "gamma" is listed twice (first at services[0])`]);
  });

  it('a card never offers a retired successor (a catalog stored before the check)', async () => {
    importCatalog(app, testFile(app, 'ok.yaml', `services:\n${svc('oldphone', 'retiring', 'deadfax')}${svc('deadfax', 'active')}`));
    // (the successor retired behind the import's back, as in a database written before replacedBy was checked)
    const repo = new CatalogRepo(app.db);
    const dead = repo.service('deadfax')!;
    app.db.prepare('UPDATE catalog_services SET data = ? WHERE id = ?').run(JSON.stringify({ ...dead, status: 'retired' }), 'deadfax');
    importCatalog(app, testFile(app, 'touch.yaml', `services:\n${svc('other', 'active')}`));
    const reply = await app.bot.handle(say('oldphone en'));
    const text = flat(reply);
    expect(text).toMatch(/oldphone en/);
    expect(text).not.toMatch(/deadfax/);
    expect(reply[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((b) => b.action === 'catalog.show')).toEqual([]);
  });
});

describe('fields the bot does not know, through a CSV', () => {
  it('a CSV import (an update by id, also with --replace) keeps the stored unknown fields the CSV form has no columns for', () => {
    const yaml = testFile(app, 'extra.yaml', 'services:\n  - {id: svc-a, name: A, summary: Summary A, x-cost-centre: 4711, tags: [alpha, beta]}\n  - {id: svc-b, name: B, summary: Summary B}\n');
    importCatalog(app, yaml);
    const repo = new CatalogRepo(app.db);
    const csv = testFile(app, 'e1.csv', exportCatalog({ services: repo.services(), answers: repo.answers() }, 'csv').replace('Summary A', 'Summary A edited'));
    importCatalog(app, csv);
    expect(repo.service('svc-a')).toMatchObject({ summary: { de: 'Summary A edited' }, extra: { 'x-cost-centre': 4711, tags: ['alpha', 'beta'] } });
    importCatalog(app, csv, { replace: true });
    expect(repo.service('svc-a')!.extra).toEqual({ 'x-cost-centre': 4711, tags: ['alpha', 'beta'] });
    // (YAML and JSON carry the fields themselves: an entry without them has none)
    importCatalog(app, testFile(app, 'plain.yaml', 'services:\n  - {id: svc-a, name: A, summary: Summary A}\n'));
    expect(repo.service('svc-a')!.extra).toBeUndefined();
  });
});

describe('a misspelt field is kept, with a warning', () => {
  it('names the file, the entry and the field and the known field meant; extensions with names of their own pass quietly', async () => {
    const file = testFile(app, 'typo.yaml', 'services:\n  - id: x1\n    name: X\n    summary: s\n    sumary: typo\n    stauts: retired\n    x-cost-centre: 4711\n    tags: [alpha]\n' +
      'answers:\n  - {id: a1, question: Q, answer: A, services: [x1], keyword: [vpn]}\n');
    const r = await cli(['catalog', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: services[0] (id x1): sumary: not a field the bot knows: did you mean summary? (kept as an extension field; it changes nothing)`,
      `warning: ${file}: services[0] (id x1): stauts: not a field the bot knows: did you mean status? (kept as an extension field; it changes nothing)`,
      `warning: ${file}: answers[0] (id a1): keyword: not a field the bot knows: did you mean keywords? (kept as an extension field; it changes nothing)`,
    ]);
    const repo = new CatalogRepo(app.db);
    expect(repo.service('x1')).toMatchObject({ status: 'active', extra: { sumary: 'typo', stauts: 'retired', 'x-cost-centre': 4711, tags: ['alpha'] } });
    const ok = testFile(app, 'ok.yaml', 'services:\n  - {id: x1, name: X, summary: s, status: retired, x-cost-centre: 4711, tags: [alpha]}\n');
    expect(await cli(['catalog', 'import', ok, '--db', app.file])).toMatchObject({ code: 0, err: '' });
  });
});

describe('a CSV with some of the columns', () => {
  it('leaves the fields it has no columns for as they are in the services it updates; an empty cell of a column it has clears its field', () => {
    importCatalog(app, testFile(app, 'full.yaml', [
      'services:',
      '  - id: vpn',
      '    name: {de: VPN-Fernzugriff, en: VPN remote access}',
      '    category: {de: Arbeitsplatz, en: Workplace}',
      '    summary: {de: Von zu Hause arbeiten., en: Work from home.}',
      '    description: {de: Mit GlobalProtect., en: With GlobalProtect.}',
      '    keywords: {de: [Homeoffice], en: [remote]}',
      '    owner: {name: Anna Schmid, email: anna@x.example}',
      '    request: {url: "https://intranet.x.example/vpn", how: {de: Im Portal., en: In the portal.}}',
      '    sla: {availability: "99.5%", response: {de: 2 Stunden, en: 2 hours}}',
      '    price: {amount: 0, currency: CHF, per: {de: Monat, en: month}}',
      '',
    ].join('\n')));
    const f = testFile(app, 'prices.csv', 'id,name_de,name_en,price.amount,description_de,description_en\nvpn,VPN-Zugang,VPN access,12.50,,\nnew-one,Neu,New,5,,\n');
    const problems = inputProblems(() => importCatalog(app, f));
    // (a service the file creates has only what the file gives: here no summary)
    expect(problems).toEqual([expect.stringMatching(/line 3: summary: required$/)]);
    importCatalog(app, testFile(app, 'prices2.csv', 'id,name_de,name_en,price.amount,description_de,description_en\nvpn,VPN-Zugang,VPN access,12.50,,\n'));
    const vpn = new CatalogRepo(app.db).service('vpn')!;
    expect(vpn).toMatchObject({
      name: { de: 'VPN-Zugang', en: 'VPN access' },
      category: { de: 'Arbeitsplatz', en: 'Workplace' },
      summary: { de: 'Von zu Hause arbeiten.', en: 'Work from home.' },
      keywords: { de: ['Homeoffice'], en: ['remote'] },
      owner: { name: 'Anna Schmid', email: 'anna@x.example' },
      request: { url: 'https://intranet.x.example/vpn', how: { de: 'Im Portal.', en: 'In the portal.' } },
      sla: { availability: '99.5%', response: { de: '2 Stunden', en: '2 hours' } },
      price: { amount: 12.5, currency: 'CHF', per: { de: 'Monat', en: 'month' } },
    });
    expect(vpn.description).toBeUndefined();
  });
});

describe('every problem of a CSV file', () => {
  it('a row with too many cells is reported beside the field problems of the other rows, in the order of the lines', () => {
    const f = testFile(app, 'bad3.csv',
      'id,name_de,name_en,summary_de,summary_en,status,audience,price.amount,owner.email\n' +
      'ok,Name,Name,S,S,active,all,5,a@b.ch\n' +
      'Bad Id,N,,S,S,aktiv,everyone,abc,nomail\n' +
      'x3,N,N,S,S,new,all,1,2,3\n' +
      ',N,N,S,S,,,,\n');
    const lines = inputProblems(() => importCatalog(app, f)).map((l) => l.slice(f.length + 2));
    expect(lines).toEqual([
      'line 3: id: "Bad Id" is not a valid id (lower-case letters, digits and -)',
      'line 3: name_en: missing: give the text in both languages (or one plain text for both)',
      'line 3: status: "aktiv" is not a status (use planned, new, active, retiring, retired)',
      expect.stringMatching(/^line 3: audience: "everyone" is not an audience/),
      'line 3: owner.email: "nomail" is not an e-mail address',
      expect.stringMatching(/^line 3: price\.amount: "abc" is not an amount/),
      'line 4: 10 cells but the header has 9 columns (check the quoting): cell 10 has no column name in the header (cell 10 holds "3")',
      'line 5: id: required',
    ]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('an unknown column is reported and the rows are still checked; a reference to a row that could not be read is no unknown service', () => {
    const f = testFile(app, 'u.csv', 'id,name_de,name_en,summary_de,summary_en,categroy_de,replacedBy,status\nok,N,N,S,S,x,shifted,retiring\nBAD,N,N,S,S,x,,\nshifted,N,N,S,S,x,,,extra\n');
    const lines = inputProblems(() => importCatalog(app, f)).map((l) => l.slice(f.length + 2));
    expect(lines).toEqual([
      expect.stringMatching(/^line 1: categroy_de: unknown column/),
      'line 3: id: "BAD" is not a valid id (lower-case letters, digits and -)',
      'line 4: 9 cells but the header has 8 columns (check the quoting): cell 9 has no column name in the header (cell 9 holds "extra")',
    ]);
  });

  it('a line break in a cell of a CSV with CR LF line ends is the line break a YAML file gives', () => {
    const f = testFile(app, 'crlf.csv', 'id,name_de,name_en,summary_de,summary_en\r\nvpn,VPN,VPN,"Von zu Hause\r\narbeiten",Work from home\r\n');
    importCatalog(app, f);
    expect(new CatalogRepo(app.db).service('vpn')?.summary.de).toBe('Von zu Hause\narbeiten');
    expect(exportCatalog({ services: new CatalogRepo(app.db).services(), answers: [] }, 'yaml')).toContain('de: |-\n        Von zu Hause\n        arbeiten\n');
    const json = testFile(app, 'crlf.json', JSON.stringify({ services: [{ id: 'wlan', name: 'WLAN', summary: { de: 'Drahtlos\r\nins Netz', en: 'Wireless\rnetwork' } }] }));
    importCatalog(app, json);
    expect(new CatalogRepo(app.db).service('wlan')?.summary).toEqual({ de: 'Drahtlos\nins Netz', en: 'Wireless\nnetwork' });
  });

  const unclosed = 'not valid CSV: the quote that opens a cell (column name_de) on this line is never closed: close the quote with a second ", or remove it; this row is not read (the rows after it are checked)';

  it('an unterminated quote is reported on the line where it opens', () => {
    const f = testFile(app, 'q.csv', 'id,name_de,name_en,summary_de,summary_en\r\nok,N,N,"a\r\nb",S\r\nx2,"unterminated,S,S\r\nx3,N,N,S,S\r\n');
    expect(inputProblems(() => importCatalog(app, f))).toEqual([`${f}: line 4: ${unclosed}`]);
  });

  it('an unterminated quote does not hide the problems of the rows before it; a reference to a row after it is no unknown service', () => {
    const f = testFile(app, 'q2.csv', 'id;name_de;name_en;summary_de;summary_en;status;replacedBy\nok-1;Eins;One;S;;retiring;ok-3\nok-2;"Zwei;Two;S;S;;\nok-3;Drei;Three;S;S;;\n');
    expect(inputProblems(() => importCatalog(app, f))).toEqual([
      `${f}: line 2: summary_en: missing: give the text in both languages (or one plain text for both)`,
      `${f}: line 3: ${unclosed}`,
    ]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('a quote inside a cell says what to write, names the column and does not hide the problems of the rows before and after it', () => {
    const opening = testFile(app, 'q3.csv', 'id,name_de,name_en,summary_de,summary_en\nok,N,N,S,\nx,27" Monitor,N,S,S\n');
    expect(inputProblems(() => importCatalog(app, opening))).toEqual([
      `${opening}: line 2: summary_en: missing: give the text in both languages (or one plain text for both)`,
      `${opening}: line 3: not valid CSV: a quote inside a cell (column name_de) after "27": write the cell in quotes with each quote in it doubled, such as "27"" monitor"; this row is not read (the rows after it are checked)`,
    ]);
    const closing = testFile(app, 'q4.csv', 'id;name_de;name_en;summary_de;summary_en\nok;N;N;S;\nx;"27" Monitor";N;S;S\nlater;N;N;S;\n');
    expect(inputProblems(() => importCatalog(app, closing))).toEqual([
      `${closing}: line 2: summary_en: missing: give the text in both languages (or one plain text for both)`,
      `${closing}: line 3: not valid CSV: a quoted cell (column name_de) goes on after its closing quote: write the cell in quotes with each quote in it doubled, such as "27"" monitor"; this row is not read (the rows after it are checked)`,
      `${closing}: line 4: summary_en: missing: give the text in both languages (or one plain text for both)`,
    ]);
  });

  it('a file with tabs between its cells (a spreadsheet\'s "Text (Tab delimited)", also as .txt) is refused saying to use , or ;', () => {
    const tabs = 'id\tname_de\tname_en\tsummary_de\tsummary_en\nvpn\t"VPN"\tVPN\tS\tS\n';
    for (const name of ['tabs.csv', 'tabs.txt']) {
      const f = testFile(app, name, tabs);
      expect(inputProblems(() => importCatalog(app, f))).toEqual([
        `${f}: line 1: the cells are separated by tabs (a "Text (Tab delimited)" file): a catalog CSV separates them with , or ; (in Excel save it as "CSV UTF-8 (Comma delimited)")`,
      ]);
    }
    // (a tab inside a quoted header cell or beside commas is no tab-separated file)
    importCatalog(app, testFile(app, 'ok.csv', 'id,name_de,name_en,summary_de,summary_en\nvpn,VPN,VPN,S\tx,S\n'));
    expect(new CatalogRepo(app.db).service('vpn')?.summary.de).toBe('S\tx');
  });
});

describe('a CSV as a spreadsheet saves it', () => {
  it('semicolons as separators, a BOM, CR LF, empty columns after the last one and a row of empty cells give the catalog the comma form gives', () => {
    const comma = testFile(app, 'comma.csv',
      'id,name_de,name_en,summary_de,summary_en,keywords_de,price.amount\n' +
      'vpn,VPN-Zugang,"VPN access, remote",Von zu Hause arbeiten,Work from home,Homeoffice;Fernzugang,12.50\n' +
      'wlan,WLAN,Wi-Fi,Drahtlos ins Netz,Wireless network,,\n');
    importCatalog(app, comma);
    const expected = dump(app);
    const other = testApp();
    try {
      const excel = testFile(other, 'excel.csv',
        '\uFEFFid;name_de;name_en;summary_de;summary_en;keywords_de;price.amount;;\r\n' +
        'vpn;VPN-Zugang;VPN access, remote;Von zu Hause arbeiten;Work from home;"Homeoffice;Fernzugang";12.50;;\r\n' +
        ';;;;;;;;\r\n' +
        'wlan;WLAN;Wi-Fi;Drahtlos ins Netz;Wireless network;;;;\r\n');
      expect(importCatalog(other, excel)).toMatchObject({ services: 2 });
      expect(dump(other)).toBe(expected);
      // (a value in a column without a name is not dropped unseen; lines are counted as the file has them)
      const stray = testFile(other, 'stray.csv', 'id;name_de;name_en;summary_de;summary_en;;\r\n;;;;;;\r\nvpn;V;V;S;S;;forgotten\r\nwlan;W;W;S;S;;\r\n');
      expect(inputProblems(() => importCatalog(other, stray))).toEqual([`${stray}: line 3: 7 cells but the header has 5 columns (check the quoting): cells 6-7 have no column name in the header (cell 7 holds "forgotten", the other is empty)`]);
    } finally {
      other.cleanup();
    }
  });
});

describe('a file that is not UTF-8', () => {
  it('is refused at the line of its first such byte, saying what the byte is and how to save the file', () => {
    const cp1252 = testFile(app, 'ansi.csv', '');
    writeFileSync(cp1252, Buffer.from('id,name_de,name_en,summary_de,summary_en\nvpn,VPN,VPN,Zugang,Access\nwlan,WLAN,Wi-Fi,F\xfcr alle,For all\n', 'latin1'));
    expect(inputProblems(() => importCatalog(app, cp1252))).toEqual([`${cp1252}: line 3: the file is not UTF-8 text (byte 0xFC, "ü" in Windows-1252): save it as UTF-8 ("CSV UTF-8" in Excel)`]);
    const utf16 = testFile(app, 'unicode.csv', '');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name_de\r\n', 'utf16le')]));
    expect(inputProblems(() => importCatalog(app, utf16))).toEqual([`${utf16}: the file is UTF-16 text, not UTF-8: save it as UTF-8 ("CSV UTF-8" in Excel)`]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('a UTF-8 file that holds the replacement character U+FFFD as text is UTF-8', () => {
    importCatalog(app, testFile(app, 'fffd.yaml', 'services:\n  - {id: a, name: "Zeichen \uFFFD", summary: S}\n'));
    expect(new CatalogRepo(app.db).service('a')?.name.de).toBe('Zeichen \uFFFD');
  });
});

describe('a price in a CSV', () => {
  it('price.amount is a plain decimal number: 0x10 and 1e3 are refused, 12.50 and 0 are read', () => {
    const f = testFile(app, 'price.csv', 'id,name_de,name_en,summary_de,summary_en,price.amount\nhex,N,N,S,S,0x10\nexp,N,N,S,S,1e3\nok,N,N,S,S,12.50\nfree,N,N,S,S,0\n');
    expect(inputProblems(() => importCatalog(app, f)).map((l) => l.slice(f.length + 2))).toEqual([
      'line 2: price.amount: "0x10" is not an amount (a plain number, 0 or more, such as 12.50)',
      'line 3: price.amount: "1e3" is not an amount (a plain number, 0 or more, such as 12.50)',
    ]);
    importCatalog(app, testFile(app, 'fine.csv', 'id,name_de,name_en,summary_de,summary_en,price.amount\nok,N,N,S,S,12.50\nfree,N,N,S,S,0\n'));
    expect(new CatalogRepo(app.db).services().map((s) => s.price?.amount)).toEqual([0, 12.5]);
  });
  it('an amount that is missing, holds its currency or a spreadsheet\'s thousands separators says what to write', () => {
    const f = testFile(app, 'amounts.csv', 'id,name_de,name_en,summary_de,summary_en,price.amount,price.currency,price.per_de,price.per_en\n'
      + 'none,N,N,S,S,,CHF,Monat,month\nchf,N,N,S,S,CHF 12.50,,,\nafter,N,N,S,S,12.50 CHF,,,\napos,N,N,S,S,1\'200.00,CHF,,\ncomma,N,N,S,S,"1,200.50",CHF,,\n');
    expect(inputProblems(() => importCatalog(app, f)).map((l) => l.slice(f.length + 2))).toEqual([
      'line 2: price.amount: missing: a price needs its amount (a plain number such as 12.50, 0 for free of charge); for a service without a price, leave out the whole price (in a CSV, every price cell empty)',
      'line 3: price.amount: "CHF 12.50" has the currency in it: write the number alone (12.50) and the currency code in price.currency',
      'line 4: price.amount: "12.50 CHF" has the currency in it: write the number alone (12.50) and the currency code in price.currency',
      'line 5: price.amount: "1\'200.00" has thousands separators: write the number without them (1200.00)',
      'line 6: price.amount: "1,200.50" has thousands separators: write the number without them (1200.50)',
    ]);
    const yaml = testFile(app, 'amounts.yaml', 'services:\n  - {id: x, name: N, summary: S, price: {currency: CHF}}\n');
    expect(inputProblems(() => importCatalog(app, yaml))).toEqual([
      `${yaml}: services[0] (id x): price.amount: missing: a price needs its amount (a plain number such as 12.50, 0 for free of charge); for a service without a price, leave out the whole price (in a CSV, every price cell empty)`,
    ]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });
  it('a decimal comma is named at price.amount, saying to use a point, in a YAML {...}, a YAML value and a CSV cell', () => {
    const yaml = testFile(app, 'comma.yaml', 'services:\n  - {id: flow, name: N, summary: S, price: {amount: 12,50, currency: CHF}}\n  - id: block\n    name: N\n    summary: S\n    price:\n      amount: 7,05\n');
    expect(inputProblems(() => importCatalog(app, yaml))).toEqual([
      `${yaml}: services[0] (id flow): price.amount: the amount has a decimal comma, which ends it inside {...} (read as 12 and a field "50"): use a point for decimals, such as 12.50`,
      `${yaml}: services[1] (id block): price.amount: "7,05" has a decimal comma: use a point for decimals (7.05)`,
    ]);
    const csv = testFile(app, 'comma.csv', 'id,name_de,name_en,summary_de,summary_en,price.amount\nx,N,N,S,S,"3,20"\n');
    expect(inputProblems(() => importCatalog(app, csv))).toEqual([`${csv}: line 2: price.amount: "3,20" has a decimal comma: use a point for decimals (3.20)`]);
  });
});

describe('YAML problems', () => {
  it('a syntax error reads as a sentence, without the dangling colon of the excerpt it does not show', () => {
    const f = testFile(app, 'b.yaml', 'services:\n  - {id: a, name: [x, {y: - z}], summary: S}\n');
    const lines = inputProblems(() => importCatalog(app, f));
    expect(lines[0]).toBe(`${f}: line 2: not valid YAML: Block collections are not allowed within flow collections at line 2, column 27`);
    for (const l of lines) expect(l).not.toMatch(/:$/);
  });

  it('a merge key (<<: *anchor) gives a service the fields of the one it names, its own fields first', () => {
    const f = testFile(app, 'merge.yaml', [
      'services:',
      '  - &office',
      '    id: vpn',
      '    name: VPN',
      '    summary: {de: Von zu Hause arbeiten, en: Work from home}',
      '    owner: {name: Anna Schmid, email: anna@x.example}',
      '    sla: {availability: "99.5%", response: 4h}',
      '  - <<: *office',
      '    id: wlan',
      '    name: WLAN',
      '    summary: {de: Drahtlos ins Netz, en: Wireless network}',
      '',
    ].join('\n'));
    importCatalog(app, f);
    const wlan = new CatalogRepo(app.db).service('wlan')!;
    expect(wlan).toMatchObject({ name: { de: 'WLAN' }, summary: { en: 'Wireless network' }, owner: { name: 'Anna Schmid', email: 'anna@x.example' }, sla: { availability: '99.5%', response: '4h' } });
    expect(wlan.extra).toBeUndefined();
  });

  it('an id YAML reads as a number does not suggest the number as the id', () => {
    const f = testFile(app, 'n.yaml', 'services:\n  - {id: 0800, name: Hotline, summary: S}\n');
    expect(inputProblems(() => importCatalog(app, f))).toEqual([`${f}: services[0]: id: 800 is a number in the file: write the id in quotes, as it should read (YAML reads 0800 as 800: a number loses leading zeros)`]);
  });
});

describe('numbers and yes/no values in a text', () => {
  it('a number is its text, as inside {de, en}; true or false is refused with a clear message, once', () => {
    const f = testFile(app, 'num.yaml', 'services:\n  - {id: o365, name: 365, summary: {de: 2026, en: 2026}, category: 7}\n  - {id: pair, name: {de: 365, en: 365}, summary: S}\n');
    importCatalog(app, f);
    const repo = new CatalogRepo(app.db);
    expect(repo.service('o365')).toMatchObject({ name: { de: '365', en: '365' }, summary: { de: '2026', en: '2026' }, category: { de: '7', en: '7' } });
    expect(repo.service('o365')!.name).toEqual(repo.service('pair')!.name);
    const yes = testFile(app, 'yes.yaml', 'services:\n  - {id: a, name: N, summary: true}\n  - {id: b, name: N, summary: {de: false, en: S}}\n');
    expect(inputProblems(() => importCatalog(app, yes))).toEqual([
      `${yes}: services[0] (id a): summary: true is read as a yes/no value, not as text: write the text, or put it in quotes ("true") if that is what it should say`,
      `${yes}: services[1] (id b): summary.de: false is read as a yes/no value, not as text: write the text, or put it in quotes ("false") if that is what it should say`,
    ]);
  });
});

describe('JSON problems', () => {
  it('an empty file says so; a comment is named at its line as something JSON does not allow (a // inside a string is text)', () => {
    const empty = testFile(app, 'empty.json', '');
    expect(inputProblems(() => importCatalog(app, empty))).toEqual([`${empty}: the file is empty`]);
    const blank = testFile(app, 'blank.json', '\uFEFF \n');
    expect(inputProblems(() => importCatalog(app, blank))).toEqual([`${blank}: the file is empty`]);
    const line = testFile(app, 'comment.json', '{\n  "services": [{"id": "a", "name": "https://x // y", "summary": "S"}],\n  // the answers\n  "answers": []\n}\n');
    expect(inputProblems(() => importCatalog(app, line))).toEqual([`${line}: line 3: JSON allows no comments (// or /* */): remove it, or write the catalog as YAML, which has # comments`]);
    const block = testFile(app, 'block.json', '{"services": [] /* none yet */}');
    expect(inputProblems(() => importCatalog(app, block))).toEqual([`${block}: line 1: JSON allows no comments (// or /* */): remove it, or write the catalog as YAML, which has # comments`]);
    // (other syntax errors keep the parser's words and the line)
    const comma = testFile(app, 'comma.json', '{"services": [\n{"id": "a",}]}');
    expect(inputProblems(() => importCatalog(app, comma))[0]).toMatch(/comma\.json: line 2: not valid JSON: /);
  });
});

describe('a key given twice', () => {
  it('names the file, the entry (index and id), the field and both lines, in YAML and in JSON', () => {
    const yaml = testFile(app, 'twice.yaml', 'services:\n  - id: vpn\n    name: VPN\n    name: VPN2\n    summary: S\n    price: {amount: 1, amount: 2}\n');
    expect(inputProblems(() => importCatalog(app, yaml))).toEqual([
      `${yaml}: services[0] (id vpn): name: given twice in one mapping (lines 3 and 4): keep one`,
      `${yaml}: services[0] (id vpn): price.amount: given twice in one mapping (line 6): keep one`,
    ]);
    const json = testFile(app, 'twice.json', '{"services": [{"id": "ok", "name": "N", "summary": "S"},\n {"id": "vpn",\n  "name": "VPN",\n  "id": "vpn2", "summary": "S"}],\n "answers": [{"id": "q", "question": "Q", "answer": "A", "answer": "B"}]}\n');
    expect(inputProblems(() => importCatalog(app, json))).toEqual([
      `${json}: services[1] (id vpn): id: given twice in one object (lines 2 and 4; JSON would keep only the last): keep one`,
      `${json}: answers[0] (id q): answer: given twice in one object (line 5; JSON would keep only the last): keep one`,
    ]);
    expect(new CatalogRepo(app.db).services()).toEqual([]);
  });

  it('does not hide the other problems of the file: all are listed in one run, in the order of the file, and nothing changes', () => {
    importCatalog(app, testFile(app, 'before.yaml', 'services:\n  - {id: kept, name: Kept, summary: S}\n'));
    const before = dump(app);
    const yaml = testFile(app, 'both.yaml', [
      'services:',
      '  - id: monitor',
      '    name: {de: Bildschirm, Dockingstation & Zubehör, en: Monitor, docking station & accessories}',
      '    summary: S',
      '  - id: files',
      '    name: {de: Dateiablage (Laufwerke, OneDrive), en: File storage (drives, OneDrive)}',
      '    summary: S',
      '    status: gone',
      '',
    ].join('\n'));
    expect(inputProblems(() => importCatalog(app, yaml))).toEqual([
      `${yaml}: services[0] (id monitor): name.Dockingstation & Zubehör: unknown language (use de and en)`,
      `${yaml}: services[0] (id monitor): name.docking station & accessories: unknown language (use de and en)`,
      `${yaml}: services[1] (id files): name.OneDrive): given twice in one mapping (line 6): keep one`,
      `${yaml}: services[1] (id files): name.OneDrive): unknown language (use de and en)`,
      `${yaml}: services[1] (id files): status: "gone" is not a status (use planned, new, active, retiring, retired)`,
    ]);
    const json = testFile(app, 'both.json', '{"services": [{"id": "a", "name": "A", "summary": "S", "owner": {"email": "nobody"}},\n {"id": "b", "name": "B", "summary": "S", "summary": ""}]}\n');
    expect(inputProblems(() => importCatalog(app, json))).toEqual([
      `${json}: services[0] (id a): owner.email: "nobody" is not an e-mail address`,
      `${json}: services[1] (id b): summary: given twice in one object (line 2; JSON would keep only the last): keep one`,
      `${json}: services[1] (id b): summary: required`,
    ]);
    // (a syntax error leaves no tree: the file is not checked further)
    const broken = testFile(app, 'broken.yaml', 'services:\n  - {id: a, name: A, name: B, summary: S, status: gone\n');
    expect(inputProblems(() => importCatalog(app, broken))).toEqual([
      `${broken}: services[0] (id a): name: given twice in one mapping (line 2): keep one`,
      expect.stringMatching(/broken\.yaml: line 3: not valid YAML: /),
    ]);
    expect(dump(app)).toBe(before);
  });
});

describe('category names', () => {
  it('two categories with one English name but two German ones are a warning line naming both; the file is imported', async () => {
    const cat = (id: string, de: string, en: string) => `  - {id: ${id}, name: ${id}, summary: S., category: {de: ${de}, en: ${en}}}\n`;
    const f = testFile(app, 'cats.yaml', `services:\n${cat('a', 'Business-Anwendungen', 'Business applications')}${cat('b', 'Geschäftsanwendungen', 'Business applications')}${cat('c', 'Geschäftsanwendungen', 'Business applications')}${cat('d', 'Arbeitsplatz', 'Workplace')}`);
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.trim().split('\n')).toEqual([
      `warning: ${f}: services[1] (id b): category.de: "Geschäftsanwendungen" and "Business-Anwendungen" (services[0] (id a)) share the English name "Business applications": readers would see two categories of that name (give them one German name, or different English names)`,
    ]);
    expect(r.out).toMatch(/imported 4 services/);
  });
});

describe('reading the stored catalog', () => {
  it('an import reads the stored services once before its write (what stays) and once after it (checked, then indexed)', () => {
    const svc = (id: string, status: string, replacedBy?: string) =>
      `  - {id: ${id}, name: {de: ${id} de, en: ${id} en}, summary: {de: Ein Dienst., en: A service.}, status: ${status}${replacedBy ? `, replacedBy: ${replacedBy}` : ''}}\n`;
    importCatalog(app, testFile(app, 'a.yaml', `services:\n${svc('old', 'retiring', 'next')}${svc('next', 'active')}`));
    const reads = vi.spyOn(CatalogRepo.prototype, 'services');
    try {
      const r = importCatalog(app, testFile(app, 'b.yaml', `services:\n${svc('vpn', 'active')}`));
      expect(r.services).toBe(1);
      expect(reads).toHaveBeenCalledTimes(2);
    } finally {
      reads.mockRestore();
    }
    expect(new CatalogRepo(app.db).services().map((s) => s.id)).toEqual(['next', 'old', 'vpn']);
  });
});

describe('a department audience the directory does not know is a warning', () => {
  it('a department written by its name ("Finanzen" for the id Finance) or unknown is named at its entry; the file is imported', async () => {
    importPeople(app, join(DATA_DIR, 'people.csv'));
    importDepartments(app, join(DATA_DIR, 'departments.csv'));
    const f = testFile(app, 'aud.csv', 'id,name_de,name_en,summary_de,summary_en,audience\n'
      + 'fin-tool,Finanzplanung,Finance planning,Budget planen.,Plan budgets.,department:Finanzen\n'
      + 'sales-tool,Offerten,Quotes,Offerten schreiben.,Write quotes.,department:sales\n'
      + 'lab-tool,Labor,Lab,Proben.,Samples.,managers;department:Labor\n');
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `warning: ${f}: line 2: audience: "department:Finanzen" names a department by its name: write its id, department:Finance: as written it includes no one, so the card tells that department's people the service is not for them`,
      `warning: ${f}: line 4: audience: "department:Labor" matches no department of the departments file or the people directory (yet): as written it includes no one, so the card tells that department's people the service is not for them`,
    ]);
    expect(r.out).toMatch(/imported 3 services/);
  });

  it('no warning while neither the departments file nor the people directory is imported', async () => {
    const f = testFile(app, 'aud.yaml', 'services:\n  - {id: fin-tool, name: Finanzplanung, summary: Budget planen., audience: "department:Finance"}\n');
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});
