import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, testFile, say, click, flat, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { exportCatalog } from '../../src/catalog/export.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { answerQuestion } from '../../src/catalog/answer.ts';
import { serviceCard } from '../../src/catalog/cards.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { importPlan } from '../../src/plan/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { inputProblems } from '../doubles/input.ts';

const DEMO = join(DATA_DIR, 'catalog.yaml');
let app: TestApp;

function catalogOf(a: TestApp) {
  const repo = new CatalogRepo(a.db);
  return { services: repo.services(), answers: repo.answers() };
}


beforeEach(() => {
  app = testApp();
  importPeople(app, join(DATA_DIR, 'people.csv'));
  importDepartments(app, join(DATA_DIR, 'departments.csv'));
  importCatalog(app, DEMO);
});
afterEach(() => app.cleanup());

describe('catalog files', () => {
  it('loads the demo catalog: 30+ services in both languages, official answers', () => {
    const c = catalogOf(app);
    expect(c.services.length).toBeGreaterThanOrEqual(30);
    expect(c.answers.length).toBeGreaterThan(5);
    for (const s of c.services) expect(s.name.de && s.name.en && s.summary.de && s.summary.en).toBeTruthy();
  });

  it('export round-trips in every format, byte for byte', () => {
    for (const format of ['yaml', 'json', 'csv'] as const) {
      const first = exportCatalog(catalogOf(app), format);
      const file = join(app.dir, `export.${format}`);
      writeFileSync(file, first);
      const other = testApp();
      try {
        if (format === 'csv') importCatalog(other, DEMO); // answers are not in the CSV form
        importCatalog(other, file);
        expect(exportCatalog(catalogOf(other), format)).toBe(first);
        if (format !== 'csv') expect(catalogOf(other)).toEqual(catalogOf(app));
      } finally {
        other.cleanup();
      }
    }
  });

  it('re-import updates by id and leaves the others; --replace removes them', () => {
    const file = join(app.dir, 'one.yaml');
    writeFileSync(file, 'services:\n  - id: vpn\n    name: {de: VPN neu, en: VPN new}\n    summary: Fernzugriff\n');
    importCatalog(app, file);
    const repo = new CatalogRepo(app.db);
    expect(repo.service('vpn')!.name.en).toBe('VPN new');
    expect(repo.service('vpn')!.summary).toEqual({ de: 'Fernzugriff', en: 'Fernzugriff' });
    expect(repo.service('laptop')).not.toBeNull();
    const lone = join(app.dir, 'lone.yaml');
    writeFileSync(lone, 'services:\n  - id: solo\n    name: Solo\n    summary: Just one\n');
    importCatalog(app, lone, { replace: true });
    expect(repo.services().map((s) => s.id)).toEqual(['solo']);
    expect(repo.answers()).toEqual([]);
  });

  it('rejects malformed files with every problem located, and changes nothing', () => {
    const before = exportCatalog(catalogOf(app), 'json');
    const cases: Array<[string, string, RegExp[]]> = [
      ['bad.yaml', 'services:\n  - id: a\n    name: [unclosed\n', [/bad\.yaml: line \d+: not valid YAML/]],
      ['dup.yaml', 'services:\n  - {id: a, name: A, summary: S}\n  - {id: a, name: B, summary: T}\n', [/dup\.yaml: services\[1\] \(id a\): id: duplicate id a \(first at services\[0\]/]],
      ['missing.yaml', 'services:\n  - {id: a, name: A}\n  - {id: b, summary: S, status: gone}\n', [/services\[0\] \(id a\): summary: required/, /services\[1\] \(id b\): name: required/, /services\[1\] \(id b\): status: "gone" is not a status/]],
      ['bad.json', '{"services": [{"id": "a",}]}', [/bad\.json: line 1: not valid JSON/]],
      ['bad.csv', 'id,name_de,name_en,summary_de,summary_en\nx,"Name,N,S,S\ny,A,B,C,D\n', [/bad\.csv: (line \d+: )?not valid CSV/]],
      ['fields.csv', 'id,name_de,name_en,summary_de,summary_en,status,price.amount\nok,A,A,S,S,active,3\nBAD ID,A,,S,S,zombie,-1\n', [/fields\.csv: line 3: id: "BAD ID" is not a valid id/, /line 3: name_en: missing/, /line 3: status: "zombie"/, /line 3: price\.amount/]],
      ['refs.yaml', 'services:\n  - {id: a, name: A, summary: S, replacedBy: nowhere}\nanswers:\n  - {id: q, question: Q, answer: A, services: [ghost]}\n', [/services\[0\] \(id a\): replacedBy: unknown service "nowhere"/, /answers\[0\] \(id q\): services\[0\]: unknown service "ghost"/]],
      // a misspelt section or column is named, not skipped
      ['typo.yaml', 'servcies:\n  - {id: a, name: A, summary: S}\nanswers:\n  - {id: q, question: Q, answer: A}\n', [/typo\.yaml: servcies: unknown field/]],
      ['header.csv', 'id,name_de,name_en,summary_de,summary_en,categroy_de,bogus\nx,A,A,S,S,K,1\n', [/header\.csv: line 1: categroy_de: unknown column/, /header\.csv: line 1: bogus: unknown column/]],
      // the line a record starts on, also after a cell over two lines and with CR LF line ends
      ['dupkey.json', '{"services": [{"id": "a", "name": "A", "summary": "S"}],\n "services": []}', [/dupkey\.json: services: given twice in one object \(lines 1 and 2; JSON would keep only the last\)/]],
      ['numid.yaml', 'services:\n  - {id: 0800, name: Hotline, summary: S}\n', [/numid\.yaml: services\[0\].*: id: 800 is a number in the file/]],
      ['short.csv', 'id,name_de,name_en,summary_de,summary_en,status\na,A,A,S,S,active\nb,B,B,S\n', [/short\.csv: line 3: 4 cells but the header has 6 columns/]],
      ['lines.csv', 'id,name_de,name_en,summary_de,summary_en,status\r\na,A,A,"S\r\nS2",S,active\r\nb,B,B,S,S,bogus\r\n', [/lines\.csv: line 4: status: "bogus"/]],
    ];
    for (const [name, text, expected] of cases) {
      const file = join(app.dir, name);
      writeFileSync(file, text);
      const problems = inputProblems(() => importCatalog(app, file));
      for (const re of expected) expect(problems.some((p) => re.test(p)), `${name}: ${problems.join(' | ')}`).toBe(true);
    }
    expect(exportCatalog(catalogOf(app), 'json')).toBe(before);
  });

  it('--replace with a file that gives no services (all commented out, null, no section, a CSV header alone) is refused and changes nothing; services: [] empties on purpose', () => {
    const before = exportCatalog(catalogOf(app), 'json');
    const { services: ns, answers: na } = new CatalogRepo(app.db).counts();
    const commented = testFile(app, 'commented.yaml', 'services:\n# - id: a\nanswers:\n');
    expect(inputProblems(() => importCatalog(app, commented, { replace: true }))).toEqual([
      `${commented}: services: the file has no services (the "services" section is empty) and --replace would remove all ${ns} services of the catalog; nothing changed (to empty the catalog on purpose, write services: [])`,
      `${commented}: answers: the file has no official answers (the "answers" section is empty) and --replace would remove all ${na} official answers; nothing changed (to remove them on purpose, write answers: [])`,
    ]);
    const nulls = testFile(app, 'nulls.json', '{"services": null, "answers": null}');
    expect(inputProblems(() => importCatalog(app, nulls, { replace: true }))[0]).toMatch(/nulls\.json: services: the file has no services .* write "services": \[\]\)$/);
    const onlyAnswers = testFile(app, 'only-answers.yaml', 'answers:\n  - {id: q, question: Q, answer: A}\n');
    expect(inputProblems(() => importCatalog(app, onlyAnswers, { replace: true }))).toEqual([expect.stringMatching(/only-answers\.yaml: services: the file has no services \(no "services" section\)/)]);
    const header = testFile(app, 'header.csv', 'id,name_de,name_en,summary_de,summary_en\n');
    expect(inputProblems(() => importCatalog(app, header, { replace: true }))).toEqual([expect.stringMatching(/header\.csv: services: the file has no services \(no rows\)/)]);
    expect(exportCatalog(catalogOf(app), 'json')).toBe(before);
    // without --replace such a file adds nothing and removes nothing
    expect(importCatalog(app, commented)).toMatchObject({ services: 0, answers: 0, deleted: 0 });
    // an explicit empty list is a decision, not an accident
    const empty = testFile(app, 'empty.yaml', 'services: []\nanswers: []\n');
    expect(importCatalog(app, empty, { replace: true })).toMatchObject({ deleted: ns + na });
    expect(catalogOf(app)).toEqual({ services: [], answers: [] });
  });

  it('export sorts by code point, the same bytes whatever the machine\'s locale ("aa" is no å in Danish)', async () => {
    const { execFileSync } = await import('node:child_process');
    const file = join(app.dir, 'locale.yaml');
    writeFileSync(file, 'services:\n  - {id: ab, name: AB, summary: S}\n  - {id: aa-x, name: AA, summary: S}\n  - {id: ch-x, name: CH, summary: S}\n  - {id: h1, name: H, summary: S}\n');
    const db = join(app.dir, 'locale.db');
    const run = (...args: string[]) => execFileSync(process.execPath, ['bin/itbot.mjs', ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'da_DK.UTF-8', LANG: 'da_DK.UTF-8' } });
    run('catalog', 'import', file);
    expect(run('catalog', 'export', '--format', 'csv').split('\n').slice(1, 5).map((l) => l.split(',')[0])).toEqual(['aa-x', 'ab', 'ch-x', 'h1']);
  }, 60_000);

  it('a misspelt section with --replace changes nothing (it would have removed every service)', () => {
    const before = exportCatalog(catalogOf(app), 'json');
    const file = join(app.dir, 'typo-replace.yaml');
    writeFileSync(file, 'servcies:\n  - {id: a, name: A, summary: S}\nanswers:\n  - {id: q, question: Q, answer: A}\n');
    expect(inputProblems(() => importCatalog(app, file, { replace: true })).join('\n')).toMatch(/servcies: unknown field/);
    expect(exportCatalog(catalogOf(app), 'json')).toBe(before);
  });

  it('refuses a 50 MB file without reading it', () => {
    const file = join(app.dir, 'huge.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const problems = inputProblems(() => importCatalog(app, file));
    expect(problems[0]).toMatch(/huge\.yaml: the file is 50\.0 MB, larger than the 20 MB limit/);
  });

  it('keeps fields it does not know through import and export', () => {
    const file = join(app.dir, 'extra.yaml');
    writeFileSync(file, 'services:\n  - {id: x, name: X, summary: S, costCentre: "4711"}\n');
    importCatalog(app, file);
    expect(exportCatalog(catalogOf(app), 'yaml')).toContain('costCentre: "4711"');
  });
});

describe('answering', () => {
  /** each question answered, sure, with the entry beside it first */
  function expectAnswers(cases: Array<[string, string]>) {
    for (const [q, id] of cases) {
      const a = answerQuestion(app.db, q);
      expect(a.answered, q).toBe(true);
      expect(a.results[0]!.id, q).toBe(id);
    }
  }

  it('answers typical questions in German, English and Swiss German', () => {
    expectAnswers([
      ['wie bekomme ich VPN?', 'vpn'],
      ['my laptop is broken', 'laptop'],
      ['mis natel isch kaputt', 'mobile-phone'],
      ['Passwortrücksetzung', 'password-reset'],
      ['pasword resett', 'password-reset'],
      ['Druckerpatrone leer', 'printing'],
      // (the product Teams replaced: the demo's Teams entry names it)
      ['Skype for Business', 'teams'],
    ]);
  });

  it('a lost or stolen laptop finds the laptop, a lost phone the phone', () => {
    expectAnswers([
      ['Mein Laptop ist weg', 'laptop'],
      ['I lost my laptop', 'laptop'],
      ['my notebook was stolen', 'laptop'],
      ['Ich habe meinen Laptop im Zug liegen lassen', 'laptop'],
      ['Mein Handy ist weg', 'mobile-phone'],
      ['lost my phone', 'mobile-phone'],
    ]);
  });

  it('asking who helps beside nothing but the computer is the helpdesk, not the laptop', () => {
    for (const q of ['Bei wem melde ich mich, wenn am Computer etwas nicht klappt?', 'Where do I get help with computer stuff?', 'Who do I call when something with my computer doesn\'t work?']) {
      const a = answerQuestion(app.db, q);
      expect(a.answered, q).toBe(true);
      expect(a.results[0]!.id, q).toBe('helpdesk');
    }
    // (a thing of its own stays the topic)
    expect(answerQuestion(app.db, 'Who do I contact to get a new laptop?').results[0]!.id).toBe('laptop');
  });

  it('abstains on questions outside IT', () => {
    for (const q of ['what is for lunch today', 'wie viele Ferientage habe ich noch', 'will it rain tomorrow in zurich']) {
      expect(answerQuestion(app.db, q).answered, q).toBe(false);
    }
  });

  it('never errors on FTS syntax in the question', () => {
    for (const q of ['"vpn', 'vpn AND laptop', 'lap*', 'NEAR(vpn laptop', '((((', 'a OR b NOT c', '^vpn', 'col:vpn', '-', '"""', '*', 'NEAR(', ')']) {
      expect(() => answerQuestion(app.db, q), q).not.toThrow();
    }
  });

  it('never offers a retired service: its replacement answers, with a note', () => {
    const a = answerQuestion(app.db, 'Fax senden');
    expect(a.results.map((r) => r.id)).not.toContain('fax');
    expect(a.results[0]!.id).toBe('email-calendar');
    expect(a.retired?.id).toBe('fax');
  });

  /** a retired telex service, the start of a catalog entry (its description and status follow) */
  const TELEX = `  - id: telex
    name: {de: Telex-Dienst, en: Telex service}
    summary: {de: "Fernschreiben senden und empfangen.", en: "Send and receive telex messages."}
`;
  const importYaml = (name: string, yaml: string) => importCatalog(app, testFile(app, name, yaml));

  it('a retired service with no replacement: the bot says it is gone and does not answer with a neighbour', async () => {
    importYaml('gone.yaml', `services:
${TELEX}    description: {de: "Abgeschaltet seit 2020; senden Sie stattdessen eine E-Mail.", en: "Switched off in 2020; send an e-mail instead."}
    status: retired
`);
    const a = answerQuestion(app.db, 'Can I still send a telex message?');
    expect(a.gone?.id).toBe('telex');
    expect(a.answered).toBe(false);
    expect(a.results.map((r) => r.id)).not.toContain('telex');
    const text = flat(await app.bot.handle(say('Can I still send a telex message?', 'anna.schmid@alpenfirn.example')));
    expect(text).toContain('«Telex-Dienst» gibt es nicht mehr. Abgeschaltet seit 2020; senden Sie stattdessen eine E-Mail.');
  });

  it('a retired service without replacedBy: the entry its description names takes its place when it is the next best match; an official answer about it comes first', () => {
    importYaml('named.yaml', `services:
${TELEX}    description: {de: "Abgeschaltet; nutzen Sie stattdessen Secure Mail.", en: "Switched off; use Secure Mail instead."}
    status: retired
  - id: secure-mail
    name: Secure Mail
    summary: {de: "Vertrauliche Nachrichten verschlüsselt senden.", en: "Send confidential messages encrypted."}
  - id: pager-old
    name: {de: Pager, en: Pager}
    summary: {de: "Piepser für den Pikettdienst.", en: "Beepers for on-call duty."}
    status: retired
answers:
  - id: where-is-my-pager
    question: {de: "Wo ist mein alter Pager?", en: "Where is my old pager?"}
    answer: {de: "Pager gibt es nicht mehr: der Pikett läuft über die Alarm-App.", en: "Pagers are gone: on-call runs through the alarm app."}
    services: [pager-old]
`);
    const a = answerQuestion(app.db, 'Can I still send a telex message?');
    expect(a.answered).toBe(true);
    expect(a.results[0]!.id).toBe('secure-mail');
    expect(a.retired?.id).toBe('telex');
    const b = answerQuestion(app.db, 'Pager');
    expect(b.results[0]).toMatchObject({ id: 'where-is-my-pager', kind: 'answer' });
    expect(b.results.map((r) => r.id)).not.toContain('pager-old');
  });
});

describe('in chat', () => {
  const anna = 'anna.schmid@alpenfirn.example';

  it('writes a CHF price the Swiss way in both languages: two decimals, also for a whole amount, and an apostrophe for thousands', async () => {
    importCatalog(app, testFile(app, 'price.yaml', `services:
  - id: plotter-service
    name: {de: Grossformat-Plotter, en: Large-format plotter}
    summary: {de: Pläne drucken im Grossformat., en: Print plans in large format.}
    status: active
    price: {amount: 1500.5, currency: CHF, per: {de: Jahr, en: year}}
  - id: toner-refill
    name: {de: Tonernachfüllung, en: Toner refill}
    summary: {de: Toner für Drucker nachfüllen., en: Refill printer toner.}
    status: active
    price: {amount: 3, currency: CHF, per: {de: Kartusche, en: cartridge}}
  - id: euro-licence
    name: {de: Auslandlizenz, en: Foreign licence}
    summary: {de: Lizenz aus dem Ausland., en: Licence from abroad.}
    status: active
    price: {amount: 1200, currency: EUR}
`));
    const card = (id: string, lang: 'de' | 'en') => serviceCard({ app, person: null, lang }, new CatalogRepo(app.db).service(id)!).text;
    expect(card('plotter-service', 'de')).toContain("Preis: CHF 1'500.50 / Jahr");
    expect(card('plotter-service', 'en')).toContain("Price: CHF 1'500.50 / year");
    expect(card('toner-refill', 'de')).toContain('Preis: CHF 3.00 / Kartusche');
    expect(card('toner-refill', 'en')).toContain('Price: CHF 3.00 / cartridge');
    // (another currency: its digits after the point, the reader's thousands separator)
    expect(card('euro-licence', 'de')).toContain("Preis: EUR 1'200.00");
    expect(card('euro-licence', 'en')).toContain('Price: EUR 1,200.00');
    const de = flat(await app.bot.handle(say('Grossformat-Plotter', 'head.it@alpenfirn.example')));
    expect(de).toContain("CHF 1'500.50 / Jahr");
    const en = flat(await app.bot.handle(say('large-format plotter price', 'emma.wilson@alpenfirn.example')));
    expect(en).toContain("CHF 1'500.50 / year");
  });

  it('gives the answer card: summary, request link, SLA, price, owner, IT contact, feedback', async () => {
    const reply = await app.bot.handle(say('wie bekomme ich VPN?', 'head.it@alpenfirn.example'));
    const text = flat(reply);
    expect(reply[0]!.blocks![0]).toEqual({ type: 'header', text: 'VPN-Fernzugriff' });
    expect(text).toMatch(/Verfügbarkeit: /);
    expect(text).toMatch(/Supportzeiten: /);
    expect(text).toMatch(/Reaktionszeit: /);
    expect(text).toMatch(/Lösungszeit: /);
    expect(text).toMatch(/Preis: (CHF|kostenlos)/);
    expect(text).toMatch(/Verantwortlich: /);
    expect(text).toMatch(/Ihre IT-Ansprechperson: /);
    expect(text).toContain('[👍] [👎]');
    const buttons = reply[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.some((b) => b.url?.startsWith('https://'))).toBe(true);
  });

  it('a service for a narrower audience says whom it is for in words of the asker\'s language, never who is on a list', async () => {
    const crm = flat(await app.bot.handle(say('CRM', 'nina.graf@alpenfirn.example')));
    expect(crm).toContain('(Abteilung Verkauf)');
    expect(crm).not.toContain('department:');
    const bi = flat(await app.bot.handle(say('Power BI reports', 'sarah.johnson@alpenfirn.example')));
    expect(bi).toContain('(managers)');
    const file = join(app.dir, 'named.yaml');
    writeFileSync(file, 'services:\n  - id: secret-tool\n    name: {de: Geheimes Werkzeug, en: Secret tool}\n    summary: {de: Ein Werkzeug für wenige., en: A tool for a few.}\n    audience: [thomas.widmer@alpenfirn.example, it-staff]\n');
    importCatalog(app, file);
    const secret = flat(await app.bot.handle(say('Geheimes Werkzeug', 'nina.graf@alpenfirn.example')));
    expect(secret).toContain('(Mitarbeitende der IT und namentlich freigegebene Personen)');
    expect(secret).not.toContain('thomas.widmer');
  });

  it('"my laptop is broken" shows the laptop card; "what\'s new?" lists new and planned services', async () => {
    expect((await app.bot.handle(say('my laptop is broken')))[0]!.blocks![0]).toEqual({ type: 'header', text: 'Standard laptop' });
    const news = flat(await app.bot.handle(say("what's new?")));
    const repo = new CatalogRepo(app.db);
    for (const s of repo.services().filter((x) => x.status === 'new' || x.status === 'planned')) expect(news).toContain(s.name.en);
    expect(news).not.toContain(repo.service('laptop')!.name.en + ':');
    // without a plan, a question that merely says "what is happening" or "next meeting" stays the catalog's
    expect(flat(await app.bot.handle(say('How do I book the next meeting room with a video screen?')))).not.toMatch(/^Coming up/);
    // "what's new in IT?" too, also beside a plan (whose "what's up?" is what is coming up)
    importPlan(app, join(DATA_DIR, 'plan.yaml'));
    const inIt = flat(await app.bot.handle(say("what's new in IT?")));
    expect(inIt).toMatch(/^New and planned/);
    expect(flat(await app.bot.handle(say("what's up?")))).toMatch(/^Coming up/);
    // ... but a "what is happening" inside a sentence is no question about the plan
    expect(flat(await app.bot.handle(say('A storm is coming: how does the crisis team see what is happening where?')))).not.toMatch(/^Coming up/);
    expect(flat(await app.bot.handle(say("Hi, what's coming up?")))).toMatch(/^Coming up/);
  });

  it('"wer ist mein IT-Ansprechpartner?" names the key account', async () => {
    const text = flat(await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', 'thomas.widmer@alpenfirn.example')));
    // (the department named as a name, so that no German article is missing: "Für Geschäftsleitung ist ..." was not German)
    expect(text).toMatch(/^Ihre IT-Ansprechperson für den Bereich «Geschäftsleitung» ist [^(]+ \([^)]+@[^)]+\)\./m);
  });

  it('"who do I contact when the VPN does not connect?" is a VPN question, not a question for the IT contact', async () => {
    const reply = await app.bot.handle(say('Who do I contact when the VPN does not connect?', 'lisa.frei@alpenfirn.example'));
    expect(reply[0]!.blocks![0]).toEqual({ type: 'header', text: new CatalogRepo(app.db).service('vpn')!.name.en });
    const alone = flat(await app.bot.handle(say('Who do I contact?', 'lisa.frei@alpenfirn.example')));
    expect(alone).toMatch(/Your IT contact|Ansprechperson/);
    // (a contact somewhere else is not the IT contact)
    const pension = await app.bot.handle(say('Wer ist mein Ansprechpartner bei der Pensionskasse?', 'lisa.frei@alpenfirn.example'));
    expect(pension[0]!.blocks![0]).not.toEqual({ type: 'header', text: 'Ihre IT-Ansprechperson' });
    const mine = await app.bot.handle(say('Wer ist mein Ansprechpartner?', 'lisa.frei@alpenfirn.example'));
    expect(mine[0]!.blocks![0]).toEqual({ type: 'header', text: 'Ihre IT-Ansprechperson' });
  });

  it('browses: categories, a category, paging', async () => {
    const over = await app.bot.handle(say('what does IT offer?'));
    const buttons = over[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.length).toBeGreaterThan(3);
    const cat = await app.bot.handle(click(buttons[0]!.action, buttons[0]!.value));
    expect(flat(cat)).toMatch(/services/);
    const svc = cat[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.show')!;
    const card = await app.bot.handle(click('catalog.show', svc.value));
    expect(card[0]!.blocks![0]!.type).toBe('header');
  });

  it('an unknown question gets the honest fallback with the asker\'s IT contact, and is logged without a name', async () => {
    const person = app.people.byEmail(anna);
    const ka = app.people.keyAccountFor(person);
    const reply = flat(await app.bot.handle(say('wie wird das Wetter morgen in Bern', anna)));
    expect(reply).toContain(ka!.email);
    expect(reply).toMatch(/Helpdesk/);
    const gaps = new CatalogRepo(app.db).gaps();
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ reason: 'unanswered', department: person!.department, lang: 'de' });
    expect(JSON.stringify(gaps[0])).not.toContain('anna');
  });

  it('a gap keeps the language its question is written in, also when the asker reads German answers', async () => {
    const reply = await app.bot.handle(say('what is the weather going to be like tomorrow in Bern?', anna));
    expect(reply[0]!.lang).toBe('de');
    expect(new CatalogRepo(app.db).gaps()[0]).toMatchObject({ reason: 'unanswered', lang: 'en' });
    // (a question that says nothing of its language keeps the answer's)
    await app.bot.handle(say('Zermatt 2027', anna));
    expect(new CatalogRepo(app.db).gaps().find((g) => g.question === 'Zermatt 2027')).toMatchObject({ lang: 'de' });
  });

  it('a turn run again for the same event (redelivery) logs its gap, counts its question and counts its vote once', async () => {
    const repo = new CatalogRepo(app.db);
    const q = say('wie wird das Wetter morgen in Bern', anna, { eventId: 'Ev-q' });
    await app.bot.handle(q);
    // (the server died after the turn's writes; the next one runs the event again)
    const again = flat(await app.bot.handle({ ...q, redelivery: true }));
    expect(again).toMatch(/Helpdesk/);
    expect(repo.gaps()).toHaveLength(1);
    expect(repo.questionsAsked()).toBe(1);
    // a 👎 whose turn is run again after a later 👍 on the same card: the later vote stands, no second gap
    const card = await app.bot.handle(say('my laptop is broken', anna));
    const [up, down] = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((b) => b.action === 'catalog.feedback');
    const first = click('catalog.feedback', down!.value, anna, { eventId: 'act:1' });
    await app.bot.handle(first);
    await app.bot.handle(click('catalog.feedback', up!.value, anna, { eventId: 'act:2' }));
    expect(flat(await app.bot.handle({ ...first, redelivery: true }))).toMatch(/Danke|Thank/);
    expect(repo.feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 1, unhelpful: 0 }]);
    expect(repo.gaps().filter((g) => g.reason === 'thumbs-down')).toHaveLength(1);
    // (a redelivery whose first run died before its writes makes them)
    await app.bot.handle(say('wie wird das Wetter übermorgen in Bern', anna, { eventId: 'Ev-new', redelivery: true }));
    expect(repo.gaps().filter((g) => g.reason === 'unanswered')).toHaveLength(2);
    // what the events wrote is forgotten with their ids (a week)
    const { housekeep } = await import('../../src/jobs/housekeeping.ts');
    const writes = () => (app.db.prepare('SELECT count(*) AS n FROM event_writes').get() as { n: number }).n;
    expect(writes()).toBe(4);
    app.clock.advance(8 * 24 * 3600_000);
    housekeep(app);
    expect(writes()).toBe(0);
  });

  it('👎 logs the question as a gap; 👍 only counts', async () => {
    const card = await app.bot.handle(say('my laptop is broken', anna));
    const [up, down] = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((b) => b.action === 'catalog.feedback');
    await app.bot.handle(click('catalog.feedback', up!.value, anna));
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(0);
    await app.bot.handle(click('catalog.feedback', down!.value, anna));
    const gaps = new CatalogRepo(app.db).gaps();
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({ question: 'my laptop is broken', reason: 'thumbs-down', best_guess: 'service:laptop' });
    // one vote per card: 👍 then 👎 on the same card is one 👎; clicking 👎 again changes nothing and logs no second gap
    expect(new CatalogRepo(app.db).feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 0, unhelpful: 1 }]);
    await app.bot.handle(click('catalog.feedback', down!.value, anna));
    expect(new CatalogRepo(app.db).feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 0, unhelpful: 1 }]);
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(1);
    // changing her mind back and forth (👍, then 👎 again) changes her vote, but her question is logged once
    await app.bot.handle(click('catalog.feedback', up!.value, anna));
    await app.bot.handle(click('catalog.feedback', down!.value, anna));
    expect(new CatalogRepo(app.db).feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 0, unhelpful: 1 }]);
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(1);
    // another card (another question) is another vote
    const again = await app.bot.handle(say('my laptop is broken', anna));
    const up2 = again[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === '👍')!;
    await app.bot.handle(click('catalog.feedback', up2.value, anna));
    expect(new CatalogRepo(app.db).feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 1, unhelpful: 1 }]);
  });

  it('👎 on a card opened from a list (no question asked) is counted, and does not claim a question was noted', async () => {
    const card = await app.bot.handle(click('catalog.show', 'service:laptop', anna));
    const down = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === '👎')!;
    const reply = flat(await app.bot.handle(click('catalog.feedback', down.value, anna)));
    expect(reply).not.toMatch(/Frage für das IT-Team notiert|noted your question/);
    expect(reply).toMatch(/gezählt|counted/);
    expect(new CatalogRepo(app.db).feedbackCounts()).toEqual([{ doc: 'service:laptop', helpful: 0, unhelpful: 1 }]);
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(0);
  });

  it('a card in a channel counts one vote per person: a second person\'s click adds a vote, a person\'s second click replaces only their own', async () => {
    const bob = 'emma.wilson@alpenfirn.example';
    const channel = { conversation: { platform: 'test' as const, channelId: 'C-general', isDirect: false } };
    const card = await app.bot.handle(say('my laptop is broken', anna, channel));
    const [up, down] = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((b) => b.action === 'catalog.feedback');
    const counts = () => new CatalogRepo(app.db).feedbackCounts();
    await app.bot.handle(click('catalog.feedback', up!.value, anna, channel));
    await app.bot.handle(click('catalog.feedback', up!.value, bob, channel));
    expect(counts()).toEqual([{ doc: 'service:laptop', helpful: 2, unhelpful: 0 }]);
    // bob changes his mind: anna's 👍 stays
    await app.bot.handle(click('catalog.feedback', down!.value, bob, channel));
    expect(counts()).toEqual([{ doc: 'service:laptop', helpful: 1, unhelpful: 1 }]);
    await app.bot.handle(click('catalog.feedback', down!.value, bob, channel));
    expect(counts()).toEqual([{ doc: 'service:laptop', helpful: 1, unhelpful: 1 }]);
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(1);
    // anna's 👎 is her own: counted, and logs the question again (each 👎 is someone it did not help), without a name
    await app.bot.handle(click('catalog.feedback', down!.value, anna, channel));
    expect(counts()).toEqual([{ doc: 'service:laptop', helpful: 0, unhelpful: 2 }]);
    const gaps = new CatalogRepo(app.db).gaps();
    expect(gaps).toHaveLength(2);
    expect(JSON.stringify(gaps)).not.toMatch(/anna|emma/);
    // the stored votes name nobody either
    const rows = JSON.stringify(app.db.prepare('SELECT * FROM catalog_feedback').all());
    expect(rows).not.toMatch(/anna|emma|alpenfirn/);
  });

  it('a crafted vote for an entry the catalog does not hold changes nothing; a vote without a card id is one per person all the same', async () => {
    const counts = () => new CatalogRepo(app.db).feedbackCounts();
    const forged = JSON.stringify({ v: 'up', d: 'service:zzz', q: 'x', l: 'de', c: 'abcdefghij' });
    const reply = flat(await app.bot.handle(click('catalog.feedback', forged, anna)));
    expect(reply).not.toMatch(/Danke|Thank/);
    expect(counts()).toEqual([]);
  });

  it('a 👎 counts only for an answer the bot gave to the person: one written by hand, with a question changed, or on another person\'s direct answer, logs no gap', async () => {
    const repo = new CatalogRepo(app.db);
    const bob = 'emma.wilson@alpenfirn.example';
    // made up: a card id and a question the bot never answered, for a real entry (also as cards from before, without a card id)
    for (const value of [
      { v: 'down', d: 'service:laptop', q: 'Bitcoin kaufen', l: 'de', c: 'madeupcard01' },
      { v: 'down', d: 'service:laptop', q: 'Bitcoin kaufen', l: 'de' },
    ]) {
      const reply = flat(await app.bot.handle(click('catalog.feedback', JSON.stringify(value), anna)));
      expect(reply).toMatch(/nicht mehr gültig|no longer valid/);
    }
    // a real card's value with another question put in
    const card = await app.bot.handle(say('my laptop is broken', anna));
    const down = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === '👎')!;
    await app.bot.handle(click('catalog.feedback', JSON.stringify({ ...JSON.parse(down.value!), q: 'Bitcoin kaufen' }), anna));
    // anna's direct answer, its value posted by someone else
    await app.bot.handle(click('catalog.feedback', down.value, bob));
    expect(repo.gaps()).toEqual([]);
    expect(repo.feedbackCounts()).toEqual([]);
    // anna's own click counts, with her question
    await app.bot.handle(click('catalog.feedback', down.value, anna));
    expect(repo.gaps().map((g) => g.question)).toEqual(['my laptop is broken']);
  });

  it('a long question is kept in a gap and in the 👍/👎 buttons cut short, never in the middle of an emoji', async () => {
    const broken = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    // unanswered: the gap log keeps at most 1,000 characters
    await app.bot.handle(say(`wie wird das Wetter in Bern x${'🌦'.repeat(600)}`, anna));
    const [gap] = new CatalogRepo(app.db).gaps();
    expect(gap!.reason).toBe('unanswered');
    expect(gap!.question.length).toBeLessThanOrEqual(1000);
    expect(gap!.question).toMatch(/^wie wird das Wetter in Bern x(🌦)+…$/u);
    expect(gap!.question).not.toMatch(broken);
    // answered: the card's feedback buttons carry the question, at most 300 characters of it, and 👎 logs that
    const card = await app.bot.handle(say(`my laptop is broken x${'💻'.repeat(200)}`, anna));
    const down = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === '👎')!;
    const q = (JSON.parse(down.value!) as { q: string }).q;
    expect(q.length).toBeLessThanOrEqual(300);
    expect(q).toMatch(/^my laptop is broken x(💻)+…$/u);
    await app.bot.handle(click('catalog.feedback', down.value, anna));
    const thumbs = new CatalogRepo(app.db).gaps().find((g) => g.reason === 'thumbs-down')!;
    expect(thumbs.question).toBe(q);
  });

  it('a gap keeps no e-mail address, phone number or IBAN typed into the question; the search still reads it as typed', async () => {
    const q = 'Hier ist Julia Baumann (julia.baumann@alpenfirn.example, 079 123 45 67): wer putzt die Fenster?';
    await app.bot.handle(say(q, anna));
    // (the answer card's 👎 carries the question: it is masked too)
    const card = await app.bot.handle(say('my laptop is broken, call me on +41 44 555 12 12 or write to anna.schmid@alpenfirn.example', anna));
    const down = card[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === '👎')!;
    await app.bot.handle(click('catalog.feedback', down.value, anna));
    const gaps = new CatalogRepo(app.db).gaps();
    expect(gaps.map((g) => g.question)).toEqual([
      'Hier ist Julia Baumann ([e-mail], [phone]): wer putzt die Fenster?',
      'my laptop is broken, call me on [phone] or write to [e-mail]',
    ]);
    expect(gaps.map((g) => g.reason)).toEqual(['unanswered', 'thumbs-down']);
  });

  it('a button to a service retired since shows its replacement', async () => {
    const text = flat(await app.bot.handle(click('catalog.show', 'service:fax')));
    expect(text).toMatch(/"Fax machine" has been retired/);
    expect(text.split('\n')[0]).toBe(new CatalogRepo(app.db).service('email-calendar')!.name.en);
  });

  it('a retiring service says so and names its replacement', async () => {
    const reply = await app.bot.handle(click('catalog.show', 'service:desk-phone'));
    const text = flat(reply);
    expect(text).toMatch(/Being retired|Wird abgelöst/);
    expect(text).toMatch(/replaced by|Nachfolger/);
  });

  it('only a service that can be ordered now offers "Request it": a retiring or planned one links to its page to read', async () => {
    const links = async (id: string, as: string) => {
      const [card] = await app.bot.handle(click('catalog.show', `service:${id}`, as));
      return card!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons.filter((x) => x.url) : [])).map((x) => ({ label: x.label, style: x.style, url: x.url }));
    };
    const repo = new CatalogRepo(app.db);
    // the desk phone takes no new orders; Copilot is not available yet
    expect(repo.service('desk-phone')!.status).toBe('retiring');
    expect(await links('desk-phone', 'julia.baumann@alpenfirn.example')).toEqual([{ label: 'Mehr erfahren', style: undefined, url: repo.service('desk-phone')!.request!.url }]);
    expect(await links('desk-phone', 'emma.wilson@alpenfirn.example')).toEqual([{ label: 'Learn more', style: undefined, url: repo.service('desk-phone')!.request!.url }]);
    const planned = repo.services().find((s) => s.status === 'planned' && s.request?.url)!;
    expect((await links(planned.id, 'emma.wilson@alpenfirn.example'))[0]!.label).toBe('Learn more');
    // an active one is requested
    expect(await links('vpn', 'julia.baumann@alpenfirn.example')).toEqual([{ label: 'Beantragen', style: 'primary', url: repo.service('vpn')!.request!.url }]);
  });
});

describe('several processes on one database', () => {
  it('an import by one process reaches the search of another on its next question', async () => {
    const { createApp } = await import('../../src/app.ts');
    const { openDb } = await import('../../src/store/db.ts');
    const other = createApp({ config: app.config, db: openDb(app.file), clock: app.clock });
    try {
      expect(answerQuestion(other.db, 'Kaffeemaschine entkalken').answered).toBe(false);
      const file = join(app.dir, 'coffee.yaml');
      writeFileSync(file, 'services:\n  - id: coffee\n    name: {de: Kaffeemaschine, en: Coffee machine}\n    summary: {de: Kaffeemaschine entkalken und reparieren, en: Descale and repair the coffee machine}\n');
      importCatalog(app, file);
      const a = answerQuestion(other.db, 'Kaffeemaschine entkalken');
      expect(a.answered).toBe(true);
      expect(a.results[0]!.id).toBe('coffee');
    } finally {
      other.db.close();
    }
  });
});

describe('browsing and help in German', () => {
  it('"Was bietet die IT?" lists the areas, "Was ist neu?" the new services, a category name its services', async () => {
    const de = 'head.it@alpenfirn.example';
    const over = flat(await app.bot.handle(say('Was bietet die IT?', de)));
    expect(over).toMatch(/Was die IT für Sie tut/);
    expect(over).toMatch(/Arbeitsplatz \(\d+\)/);
    const neu = flat(await app.bot.handle(say('Was ist neu?', de)));
    expect(neu).toMatch(/Neu und geplant/);
    expect(neu).toMatch(/\[Neu\]/);
    const cat = flat(await app.bot.handle(say('Arbeitsplatz', de)));
    expect(cat).toMatch(/Arbeitsplatz: \d+ Services/);
    expect(cat).toContain('Standard-Laptop');
    expect(flat(await app.bot.handle(say('hilfe', de)))).toMatch(/Was bietet die IT\?/);
  });

  it('"What does IT offer?" lists the areas in the order of the asker\'s language', async () => {
    const buttons = (r: Awaited<ReturnType<typeof app.bot.handle>>) => r[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons.filter((x) => x.action === 'catalog.category').map((x) => x.label) : []));
    const en = buttons(await app.bot.handle(say('What does IT offer?', 'sarah.johnson@alpenfirn.example')));
    expect(en.length).toBeGreaterThan(3);
    expect(en).toEqual([...en].sort((a, b) => a.localeCompare(b, 'en')));
    const de = buttons(await app.bot.handle(say('Was bietet die IT?', 'nina.graf@alpenfirn.example')));
    expect(de).toEqual([...de].sort((a, b) => a.localeCompare(b, 'de')));
  });

  it('"Was gibt es Neues?" and Swiss "gits öppis neus?" list the new services too', async () => {
    for (const q of ['Was gibt es Neues?', 'gits öppis neus?', 'hets öppis neus?', 'Gibt es etwas Neues?']) {
      expect(flat(await app.bot.handle(say(q, 'nina.graf@alpenfirn.example'))), q).toMatch(/^Neu und geplant/);
    }
  });

  it('Swiss German "Was isch neu bi de IT?" lists the new services, as "Was ist neu bei der IT?" does', async () => {
    for (const q of ['Was ist neu bei der IT?', 'Was isch neu bi de IT?', "Was git's Neus bi öich?", 'Was isch neu bi de Informatik hüt?']) {
      expect(flat(await app.bot.handle(say(q, 'nina.graf@alpenfirn.example'))), q).toMatch(/^Neu und geplant/);
    }
  });

  it('"Was kann die IT für mich tun?" and its Swiss forms list what IT offers; a thing named in it is a search', async () => {
    for (const q of ['Was kann die IT für mich tun?', 'was chan d IT für mich mache?', 'Was biete ihr aa?', 'Was machet ihr überhaupt?', 'Was bietet ihr an?', 'was cha d informatik?']) {
      expect(flat(await app.bot.handle(say(q, 'nina.graf@alpenfirn.example'))), q).toMatch(/^Was die IT für Sie tut/);
    }
    expect((await app.bot.handle(say('Was kann die IT für mich bei VPN tun?', 'nina.graf@alpenfirn.example')))[0]!.blocks![0]).toEqual({ type: 'header', text: 'VPN-Fernzugriff' });
  });

  it('"Was bietet die IT an?" and "Welche Services bietet die IT an?" list what IT offers, not a guess at one service', async () => {
    for (const q of ['Was bietet die IT an?', 'Was bietet die Informatik an?', 'Welche Services bietet die IT an?', 'Welche Dienstleistungen bietet die IT an?']) {
      expect(flat(await app.bot.handle(say(q, 'nina.graf@alpenfirn.example'))), q).toMatch(/^Was die IT für Sie tut/);
    }
    expect(flat(await app.bot.handle(say('Which services does IT offer?', 'sarah.johnson@alpenfirn.example')))).toMatch(/^What IT does for you/);
    // (a thing named beside it is still a search)
    expect((await app.bot.handle(say('Was bietet die IT an Schulungen an?', 'nina.graf@alpenfirn.example')))[0]!.blocks![0]).toMatchObject({ type: 'header' });
    expect(flat(await app.bot.handle(say('Was bietet die IT an Schulungen an?', 'nina.graf@alpenfirn.example')))).not.toMatch(/^Was die IT für Sie tut/);
  });

  it('"What can IT do for me?", "Was für Services gibt es?", "any news?" and "Was ist neu im Katalog?" list what IT offers or what is new', async () => {
    for (const [q, head] of [['What can IT do for me?', /^What IT does for you/], ['Was für Services gibt es?', /^Was die IT für Sie tut/], ['any news?', /^New and planned/], ['What is new in the catalog?', /^New and planned/], ['Was ist neu im Katalog?', /^Neu und geplant/]] as const) {
      expect(flat(await app.bot.handle(say(q))), q).toMatch(head);
    }
  });

  it('"what is new about the VPN?" is a question about the VPN, not the list of new services', async () => {
    expect((await app.bot.handle(say('what is new about the VPN?')))[0]!.blocks![0]).toEqual({ type: 'header', text: 'VPN remote access' });
    expect(flat(await app.bot.handle(say('What does IT do?')))).toMatch(/What IT does for you/);
  });

  it('pages long lists: "More" shows the next page and replaces the message', async () => {
    const file = join(app.dir, 'many.yaml');
    const many = Array.from({ length: 20 }, (_, i) => `  - {id: s${i}, name: Service ${String(i).padStart(2, '0')}, summary: Summary ${i}, category: {de: Viele, en: Many}}`);
    writeFileSync(file, `services:\n${many.join('\n')}\n`);
    importCatalog(app, file);
    const first = await app.bot.handle(say('Many'));
    expect(flat(first)).toMatch(/Page 1 of 3/);
    expect(flat(first)).toContain('Service 07');
    const listed = first[0]!.text.split('\n').filter((l) => l.startsWith('• '));
    expect(listed).toHaveLength(8);
    expect(listed.join('\n')).not.toContain('Service 08');
    // (the plain text, where no "More" button shows, names what is further on)
    expect(first[0]!.text).toContain('Page 1 of 3. Further on: Service 08, Service 09,');
    const more = first[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.label.startsWith('More'))!;
    const next = await app.bot.handle(click(more.action, more.value));
    expect(next[0]!.replaceOriginal).toBe(true);
    expect(flat(next)).toMatch(/Page 2 of 3/);
    expect(flat(next)).toContain('Service 08');
  });

  it('a question it is not sure about offers the closest entries as buttons', async () => {
    const reply = await app.bot.handle(say('Laptop Kaffeemaschine'));
    expect(flat(reply)).toMatch(/not sure/);
    const buttons = reply[0]!.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
    expect(buttons.map((b) => b.value)).toContain('service:laptop');
    expect(buttons.length).toBeLessThanOrEqual(3);
    // the plain text (where no buttons show, as in `itbot ask`) names what they offer
    for (const b of buttons) expect(reply[0]!.text).toContain(`• ${b.label}`);
  });
});
