import { answerQuestion } from '../../src/catalog/answer.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importCatalog } from '../../src/catalog/import.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { testApp, testFile, say, type TestApp } from '../doubles/app.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  importPeople(app, join(DATA_DIR, 'people.csv'));
  importDepartments(app, join(DATA_DIR, 'departments.csv'));
  importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
});
afterEach(() => app.cleanup());

const julia = 'julia.baumann@alpenfirn.example';
/** The plain text of the first reply: what `itbot ask` prints and platforms without cards show. */
const textOf = async (q: string, as?: string) => (await app.bot.handle(say(q, as)))[0]!.text;

describe('the plain text of an answer is the whole card', () => {
  it('an official answer names the related services and the asker\'s IT contact, as the card does', async () => {
    const ka = app.people.keyAccountFor(app.people.byEmail(julia))!;
    const text = await textOf('Warum dauert ein neuer Laptop so lange?', julia);
    expect(text).toMatch(/^Warum dauert es rund 10 Arbeitstage/);
    expect(text).toContain('Dazu passende Services:\n• Standard-Laptop');
    expect(text).toContain(`Ihre IT-Ansprechperson: ${ka.name} (${ka.email})`);
  });

  it('a new service says it is new beside its name, as the badge does', async () => {
    expect((await textOf('Teams-Telefonie', julia)).split('\n')[0]).toBe('Telefonie mit Teams [Neu]');
    const laptop = (await textOf('my laptop is broken')).split('\n')[0];
    expect(laptop).not.toMatch(/\[/);
  });

  it('the overview lists all nine areas on one page (no second page of one)', async () => {
    const text = await textOf('Was bietet die IT?', julia);
    expect(text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(9);
    expect(text.split('\n').at(-1)).toBe('• Software & Lizenzen (3)');
    expect(text).not.toMatch(/Seite \d|Weiter hinten/);
  });
});

describe('itbot ask answers as the chat does', () => {
  const ask = async (q: string, lang: 'de' | 'en') => {
    const { askJson, questionTurn } = await import('../../src/catalog/reply.ts');
    return askJson(questionTurn(app, q, { platform: 'cli', channel: 'cli', person: null, lang }), q).json;
  };

  it('"Was steht an?" / "what\'s coming up?" list the plan\'s next events, as in chat', async () => {
    const { importPlan } = await import('../../src/plan/import.ts');
    importPlan(app, join(DATA_DIR, 'plan.yaml'));
    for (const [q, lang] of [['Was steht an?', 'de'], ["what's coming up?", 'en']] as const) {
      const chat = (await app.bot.handle(say(q)))[0]!.text;
      const j = await ask(q, lang);
      expect(j).toMatchObject({ answered: true, results: [] });
      expect(j.text.split('\n').length).toBeGreaterThan(1);
      // (the guest in chat gets the same text, in the question's language)
      expect(j.text).toBe(chat);
    }
  });

  it('a category\'s name lists its services, as in chat, and the results stay the search\'s ranking', async () => {
    const chat = (await app.bot.handle(say('Workplace')))[0]!.text;
    const j = await ask('Workplace', 'en');
    expect(j.answered).toBe(true);
    expect(j.text).toBe(chat);
    expect(j.text).toMatch(/^Workplace: \d+ services\n• /);
    // (a caller reading the first result still gets the entry the search ranks first)
    expect(j.results.map((r: { id: string }) => r.id)).toEqual(answerQuestion(app.db, 'Workplace').results.filter((r) => r.score > 0).map((r) => r.id));
    expect(j.results.length).toBeGreaterThan(0);
  });

  it('"what\'s up with my laptop", "Was ist los mit meinem Drucker?" are catalog questions, not the plan', async () => {
    for (const q of ['Was ist los mit meinem Drucker?', "what's up with my laptop, it is so slow", "what's next for the VPN?"]) {
      const j = await ask(q, q.startsWith('Was') ? 'de' : 'en');
      expect(j.results.length, q).toBeGreaterThan(0);
      expect(j.text, q).not.toMatch(/^(Was ansteht|Coming up|In den nächsten 30 Tagen steht|Nothing is coming up)/);
    }
    // (alone, it asks what is coming up)
    expect((await ask('was ist los?', 'de')).text).toMatch(/^Was ansteht|^In den nächsten 30 Tagen steht/);
  });
});

describe('the guest\'s IT contact', () => {
  it('names the helpdesk once: the configured value alone when it names the helpdesk, else after "Helpdesk:"', async () => {
    const text = await textOf('Wie bekomme ich die Teams-Telefonie?');
    // (without ITBOT_HELPDESK: the catalog's own helpdesk entry, with its request link and e-mail)
    expect(text).toContain('Ihre IT-Ansprechperson: IT-Helpdesk, https://intranet.alpenfirn.example/it/helpdesk, helpdesk@alpenfirn.example');
    expect(text).not.toMatch(/Helpdesk: IT-Helpdesk/);
    const other = testApp({ env: { ITBOT_HELPDESK: '+41 44 123 45 67, it@example.org' } });
    try {
      importCatalog(other, join(DATA_DIR, 'catalog.yaml'));
      const t2 = (await other.bot.handle(say('Wie bekomme ich die Teams-Telefonie?')))[0]!.text;
      expect(t2).toContain('Ihre IT-Ansprechperson: Helpdesk: +41 44 123 45 67, it@example.org');
    } finally {
      other.cleanup();
    }
  });

  it('without ITBOT_HELPDESK and without a helpdesk entry in the catalog, names no one\'s number: just the IT helpdesk', async () => {
    const bare = testApp();
    try {
      const fallback = (await bare.bot.handle(say('flibbertigibbet')))[0]!.text;
      expect(fallback).toMatch(/IT helpdesk|IT-Helpdesk/);
      expect(fallback).not.toMatch(/555|alpenfirn/);
      // a catalog with a service desk of its own names that one, in the reader's language
      const file = testFile(bare, 'c.yaml', `services:
  - id: servicedesk
    name: {de: Servicedesk Nord, en: North service desk}
    summary: {de: Hilfe., en: Help.}
    owner: {name: Desk, email: desk@nord.example}
    request: {url: https://nord.example/desk}
`);
      importCatalog(bare, file);
      const en = (await bare.bot.handle(say('flibbertigibbet')))[0]!.text;
      expect(en).toContain('North service desk, https://nord.example/desk, desk@nord.example');
      expect(en).not.toMatch(/Helpdesk: North/);
    } finally {
      bare.cleanup();
    }
  });
});

describe('markup around a question', () => {
  const questions = ['how do I get VPN?', 'wie bekomme ich VPN?', 'my laptop is broken', 'Passwort vergessen'];
  const wraps: Array<(q: string) => string> = [
    (q) => `<img src=x onerror=alert(1)> ${q}`,
    (q) => `<b>${q}</b>`,
    (q) => `<@U0123ABC> <#C0456|it-help> ${q}`,
    (q) => `${q} &lt;script&gt;alert(1)&lt;/script&gt;`,
    (q) => `<https://intranet.example/wiki|${q}>`,
    (q) => `\`${q}\``,
  ];

  it('HTML tags, Slack mentions, links and escapes leave the answer and its confidence as without them', () => {
    for (const q of questions) {
      const plain = answerQuestion(app.db, q);
      expect(plain.answered, q).toBe(true);
      for (const wrap of wraps) {
        const w = wrap(q);
        const a = answerQuestion(app.db, w);
        expect({ q: w, answered: a.answered, top: a.results[0]?.id }).toEqual({ q: w, answered: true, top: plain.results[0]!.id });
      }
    }
  });

  it('the same in chat: a mention and markup around a question give the card, not the fallback', async () => {
    const text = await textOf('<@U0123ABC> <i>wie bekomme ich VPN?</i>', julia);
    expect(text.split('\n')[0]).toBe((await textOf('wie bekomme ich VPN?', julia)).split('\n')[0]);
    expect(text).not.toMatch(/nicht sicher|not sure/i);
  });
});

describe('the service owner on the card', () => {
  it('an owner given only by e-mail (a team mailbox) is shown as the address, without empty brackets', async () => {
    const file = testFile(app, 'owner.csv', 'id,name_de,name_en,summary_de,summary_en,owner.name,owner.email\n'
      + 'archivdienst,Archivdienst,Archive service,Alte Dokumente aufbewahren.,Keep old documents.,,archiv-team@alpenfirn.example\n'
      + 'scanstrasse,Scanstrasse,Scanning line,Papier digitalisieren.,Digitise paper.,Team Scan,\n');
    importCatalog(app, file);
    const archive = await textOf('Archivdienst', julia);
    expect(archive).toContain('Verantwortlich: archiv-team@alpenfirn.example');
    expect(archive).not.toContain('(archiv-team@alpenfirn.example)');
    const scan = await textOf('Scanstrasse', julia);
    expect(scan).toContain('Verantwortlich: Team Scan\n');
  });
});

describe('Markdown in a catalog text', () => {
  /** Imports a catalog of one plain service, the archive service, with one more line of YAML for it. */
  const importArchiveService = (name: string, line: string) => importCatalog(app, testFile(app, name, `services:
  - id: archivdienst
    name: {de: Archivdienst, en: Archive service}
    category: {de: Ablage, en: Filing}
    summary: {de: Alte Dokumente aufbewahren, en: Keep old documents}
    ${line}
`));

  it('**bold** and [text](link) are shown as plain text on the card, in its text form and in a list; the export keeps them as written', async () => {
    const file = testFile(app, 'md.yaml', `services:
  - id: archivdienst
    name: {de: Archivdienst, en: Archive service}
    category: {de: Ablage, en: Filing}
    summary: {de: "Alte Dokumente **sicher** aufbewahren, siehe [Archivportal](https://archiv.alpenfirn.example).", en: "Keep old documents **safely**, see [archive portal](https://archiv.alpenfirn.example)."}
    request: {how: {de: "Per Mail an [archiv@alpenfirn.example](mailto:archiv@alpenfirn.example)", en: "E-mail [archiv@alpenfirn.example](mailto:archiv@alpenfirn.example)"}}
answers:
  - id: archiv-warum
    question: {de: Warum muss ich Dokumente archivieren?, en: Why do I have to archive documents?}
    answer: {de: "Das Gesetz verlangt **zehn Jahre** Aufbewahrung.", en: "The law requires keeping them for **ten years**."}
    services: [archivdienst]
`);
    importCatalog(app, file);
    const replies = await app.bot.handle(say('Archivdienst', julia));
    const card = replies[0]!;
    const shown = JSON.stringify(card.blocks);
    for (const text of [card.text, shown]) {
      expect(text).toContain('Alte Dokumente sicher aufbewahren, siehe Archivportal (https://archiv.alpenfirn.example).');
      expect(text).toContain('So beantragen Sie es: Per Mail an archiv@alpenfirn.example');
      expect(text).not.toMatch(/\*\*|\]\(/);
    }
    const answer = await textOf('Warum muss ich Dokumente archivieren?', julia);
    expect(answer).toContain('Das Gesetz verlangt zehn Jahre Aufbewahrung.');
    const list = await textOf('Ablage', julia);
    expect(list).toContain('• Archivdienst: Alte Dokumente sicher aufbewahren, siehe Archivportal (https://archiv.alpenfirn.example).');
    const { exportCatalog } = await import('../../src/catalog/export.ts');
    const { CatalogRepo } = await import('../../src/store/catalog-repo.ts');
    const repo = new CatalogRepo(app.db);
    expect(exportCatalog({ services: repo.services(), answers: repo.answers() }, 'yaml')).toContain('**sicher**');
  });

  it('**bold** and [text](link) in a price\'s "per" text are shown as plain text, as in the other texts of the card', async () => {
    importArchiveService('per.yaml', 'price: {amount: 12, currency: CHF, per: {de: "**Benutzer** und Monat", en: "**user** and month, see [prices](https://preise.alpenfirn.example)"}}');
    for (const [q, lang, per] of [['Archivdienst', 'de', 'CHF 12.00 / Benutzer und Monat'], ['archive service', 'en', 'CHF 12.00 / user and month, see prices (https://preise.alpenfirn.example)']] as const) {
      const card = (await app.bot.handle(say(q, lang === 'de' ? julia : 'guest')))[0]!;
      for (const text of [card.text, JSON.stringify(card.blocks)]) {
        expect(text).toContain(per);
        expect(text).not.toMatch(/\*\*|\]\(/);
      }
    }
  });

  it('**bold** and [text](link) in an SLA value are shown as plain text, as in the other texts of the card', async () => {
    importArchiveService('sla.yaml', 'sla: {response: {de: "**4 Stunden**", en: "**4 hours**"}, availability: "Mo-Fr, see [status](https://status.alpenfirn.example)"}');
    const card = (await app.bot.handle(say('Archivdienst', julia)))[0]!;
    for (const text of [card.text, JSON.stringify(card.blocks)]) {
      expect(text).toContain('4 Stunden');
      expect(text).toContain('status (https://status.alpenfirn.example)');
      expect(text).not.toMatch(/\*\*|\]\(/);
    }
  });
});
