import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, flat, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { exportCatalog } from '../../src/catalog/export.ts';
import { serviceCard } from '../../src/catalog/cards.ts';
import { germanSlaUnits, slaText } from '../../src/catalog/sla.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { inputProblems } from '../doubles/input.ts';

describe('slaText: an SLA value in the reader\'s language', () => {
  it('translates the common units of a plain string for German readers', () => {
    expect(slaText('1 business day', 'de')).toBe('1 Arbeitstag');
    expect(slaText('2 business days', 'de')).toBe('2 Arbeitstage');
    expect(slaText('10 Business Days', 'de')).toBe('10 Arbeitstage');
    expect(slaText('3 working days', 'de')).toBe('3 Arbeitstage');
    expect(slaText('1 hour', 'de')).toBe('1 Std.');
    expect(slaText('8 hours', 'de')).toBe('8 Std.');
    expect(slaText('30min', 'de')).toBe('30 Min.');
    expect(slaText('15 min', 'de')).toBe('15 Min.');
    expect(slaText('5 days', 'de')).toBe('5 Tage');
    expect(germanSlaUnits('4h, then 1 business day')).toBe('4h, then 1 Arbeitstag');
  });

  it('leaves what needs no translation as written', () => {
    for (const v of ['4h', '24/7', '99.5%', 'Mo-Fr 07:00-18:00', '0.5h']) expect(slaText(v, 'de')).toBe(v);
    expect(slaText('2 business days', 'en')).toBe('2 business days');
    expect(slaText('30min', 'en')).toBe('30min');
    // no unit words inside other words: "dayshift" or a number glued to letters stay
    expect(slaText('dayshift', 'de')).toBe('dayshift');
  });

  it('"n/a", "none", "-" and empty values leave the field out, in both languages', () => {
    for (const v of ['n/a', 'N/A', 'none', 'None', '-', ' - ', '', undefined]) {
      expect(slaText(v, 'de')).toBeNull();
      expect(slaText(v, 'en')).toBeNull();
    }
    expect(slaText({ de: 'keine Angabe', en: 'n/a' }, 'en')).toBeNull();
  });

  it('a {de, en} pair gives the reader\'s language as written (no unit translation on top)', () => {
    const v = { de: '5 Arbeitstage (neues Gerät)', en: '5 business days (new device)' };
    expect(slaText(v, 'de')).toBe('5 Arbeitstage (neues Gerät)');
    expect(slaText(v, 'en')).toBe('5 business days (new device)');
  });
});

const BILINGUAL_YAML = `services:
  - id: alpha
    name: Alpha
    summary: {de: Ein Dienst., en: A service.}
    sla:
      availability: "99.5%"
      supportHours: {de: "Mo-Fr 07:00-18:00; Sicherheitsvorfälle 24/7", en: "Mo-Fr 07:00-18:00; security incidents 24/7"}
      response: 4h
      resolution: {de: "5 Arbeitstage (neues Gerät), 1 Arbeitstag (Ersatz)", en: "5 business days (new device), 1 business day (replacement)"}
  - id: beta
    name: Beta
    summary: Noch einer, another one
    sla: {availability: "n/a", supportHours: "Mo-Fr 08:00-17:00", response: "1 business day", resolution: "3 business days"}
`;

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

function catalogOf(a: TestApp) {
  const repo = new CatalogRepo(a.db);
  return { services: repo.services(), answers: repo.answers() };
}


describe('bilingual SLA values in the catalog file', () => {
  it('imports plain strings as plain and pairs as pairs', () => {
    const file = join(app.dir, 'c.yaml');
    writeFileSync(file, BILINGUAL_YAML);
    importCatalog(app, file);
    const repo = new CatalogRepo(app.db);
    expect(repo.service('alpha')!.sla).toEqual({
      availability: '99.5%',
      supportHours: { de: 'Mo-Fr 07:00-18:00; Sicherheitsvorfälle 24/7', en: 'Mo-Fr 07:00-18:00; security incidents 24/7' },
      response: '4h',
      resolution: { de: '5 Arbeitstage (neues Gerät), 1 Arbeitstag (Ersatz)', en: '5 business days (new device), 1 business day (replacement)' },
    });
    expect(repo.service('beta')!.sla!.response).toBe('1 business day');
  });

  it('round-trips byte for byte in YAML, JSON and CSV', () => {
    const file = join(app.dir, 'c.yaml');
    writeFileSync(file, BILINGUAL_YAML);
    importCatalog(app, file);
    for (const format of ['yaml', 'json', 'csv'] as const) {
      const first = exportCatalog(catalogOf(app), format);
      const out = join(app.dir, `export.${format}`);
      writeFileSync(out, first);
      const other = testApp();
      try {
        importCatalog(other, out);
        expect(exportCatalog(catalogOf(other), format)).toBe(first);
        expect(catalogOf(other).services).toEqual(catalogOf(app).services);
      } finally {
        other.cleanup();
      }
    }
    const csv = exportCatalog(catalogOf(app), 'csv');
    // pairs only for the fields some service has bilingual; the plain column stays beside them
    expect(csv.split('\n')[0]).toContain('sla.availability,sla.supportHours,sla.supportHours_de,sla.supportHours_en,sla.response,sla.resolution,sla.resolution_de,sla.resolution_en,price.amount');
    expect(csv).toContain(',4h,');
  });

  it('a catalog of plain SLA strings exports the contract\'s CSV columns exactly as before', () => {
    const file = join(app.dir, 'plain.yaml');
    writeFileSync(file, 'services:\n  - {id: x, name: X, summary: S, sla: {response: 4h, resolution: "2 business days"}}\n');
    importCatalog(app, file);
    const csv = exportCatalog(catalogOf(app), 'csv');
    expect(csv.split('\n')[0]).toBe('id,name_de,name_en,category_de,category_en,summary_de,summary_en,description_de,description_en,keywords_de,keywords_en,status,audience,owner.name,owner.email,request.url,request.how_de,request.how_en,sla.availability,sla.supportHours,sla.response,sla.resolution,price.amount,price.currency,price.per_de,price.per_en,replacedBy');
    expect(csv).toContain(',,4h,2 business days,');
  });

  it('reads a hand-written CSV with optional sla.X_de/_en pairs beside the plain columns', () => {
    const file = join(app.dir, 'c.csv');
    writeFileSync(file, 'id,name_de,name_en,summary_de,summary_en,sla.response,sla.resolution,sla.resolution_de,sla.resolution_en\n'
      + 'a,A,A,S,S,4h,,letzter Arbeitstag,last working day\n'
      + 'b,B,B,S,S,2h,1 business day,,\n');
    importCatalog(app, file);
    const repo = new CatalogRepo(app.db);
    expect(repo.service('a')!.sla).toEqual({ response: '4h', resolution: { de: 'letzter Arbeitstag', en: 'last working day' } });
    expect(repo.service('b')!.sla).toEqual({ response: '2h', resolution: '1 business day' });
  });

  it('names file, entry and field for bad SLA values, and changes nothing', () => {
    const cases: Array<[string, string, RegExp[]]> = [
      ['bad.yaml', 'services:\n  - id: a\n    name: A\n    summary: S\n    sla:\n      response: {de: 4 Std.}\n      resolution: {de: x, en: y, fr: z}\n      availability: [99, 98]\n      uptime: 5\n',
        [/bad\.yaml: services\[0\] \(id a\): sla\.response\.en: missing/, /services\[0\] \(id a\): sla\.resolution\.fr: unknown language/, /services\[0\] \(id a\): sla\.availability: expected text, got a list/, /services\[0\] \(id a\): sla\.uptime: unknown field/]],
      ['bad.json', JSON.stringify({ services: [{ id: 'b', name: 'B', summary: 'S', sla: { supportHours: { de: '', en: 'Mo-Fr' } } }] }),
        [/bad\.json: services\[0\] \(id b\): sla\.supportHours\.de: missing/]],
      ['bad.csv', 'id,name_de,name_en,summary_de,summary_en,sla.response,sla.response_de,sla.response_en,sla.resolution_de\n'
        + 'a,A,A,S,S,4h,4 Std.,4 hours,\n'
        + 'b,B,B,S,S,,,,1 Arbeitstag\n',
        [/bad\.csv: line 2: sla\.response: give either sla\.response .* not both/]],
      ['half.csv', 'id,name_de,name_en,summary_de,summary_en,sla.resolution_de\nb,B,B,S,S,1 Arbeitstag\n',
        [/half\.csv: line 2: sla\.resolution_en: missing/]],
    ];
    for (const [name, text, expected] of cases) {
      const file = join(app.dir, name);
      writeFileSync(file, text);
      const problems = inputProblems(() => importCatalog(app, file));
      for (const re of expected) expect(problems.some((p) => re.test(p)), `${name}: ${problems.join(' | ')}`).toBe(true);
    }
    expect(catalogOf(app).services).toEqual([]);
  });
});

describe('the answer card shows the SLA in the reader\'s language', () => {
  beforeEach(() => {
    const file = join(app.dir, 'c.yaml');
    writeFileSync(file, BILINGUAL_YAML);
    importCatalog(app, file);
  });
  const card = (id: string, lang: 'de' | 'en') => flat([serviceCard({ app, person: null, lang }, new CatalogRepo(app.db).service(id)!)]);

  it('German: pairs in German, plain units translated, n/a left out', () => {
    const de = card('alpha', 'de');
    expect(de).toContain('Supportzeiten: Mo-Fr 07:00-18:00; Sicherheitsvorfälle 24/7');
    expect(de).toContain('Lösungszeit: 5 Arbeitstage (neues Gerät), 1 Arbeitstag (Ersatz)');
    expect(de).toContain('Reaktionszeit: 4h');
    expect(de).not.toMatch(/business|security|replacement/);
    const beta = card('beta', 'de');
    expect(beta).toContain('Reaktionszeit: 1 Arbeitstag');
    expect(beta).toContain('Lösungszeit: 3 Arbeitstage');
    expect(beta).not.toContain('Verfügbarkeit');
    expect(beta).not.toContain('n/a');
  });

  it('English: as written, n/a left out as well', () => {
    const en = card('alpha', 'en');
    expect(en).toContain('Resolution time: 5 business days (new device), 1 business day (replacement)');
    const beta = card('beta', 'en');
    expect(beta).toContain('Response time: 1 business day');
    expect(beta).not.toContain('Availability');
  });

  it('support hours show the day abbreviations in the reader\'s language; the stored value and the export keep what was written', () => {
    const file = join(app.dir, 'days.yaml');
    writeFileSync(file, `services:
  - id: desk
    name: Desk
    summary: {de: Ein Dienst., en: A service.}
    sla: {supportHours: "Mo-Do 07:00-18:00, Fr 07:00-16:00; Sa, So geschlossen", response: "Do not wait: 4h"}
  - id: lab
    name: Lab
    summary: {de: Ein Dienst., en: A service.}
    sla: {supportHours: "Tu-Th 09:00-17:00, Su 10:00-12:00"}
`);
    importCatalog(app, file);
    expect(card('desk', 'en')).toContain('Support hours: Mo-Th 07:00-18:00, Fr 07:00-16:00; Sa, Su geschlossen');
    expect(card('desk', 'de')).toContain('Supportzeiten: Mo-Do 07:00-18:00, Fr 07:00-16:00; Sa, So geschlossen');
    expect(card('lab', 'de')).toContain('Supportzeiten: Di-Do 09:00-17:00, So 10:00-12:00');
    expect(card('lab', 'en')).toContain('Support hours: Tu-Th 09:00-17:00, Su 10:00-12:00');
    // (only support hours, and only days: other text, and other SLA values, as written)
    expect(card('desk', 'en')).toContain('Response time: Do not wait: 4h');
    expect(slaText('Mo-Fr 07:00-18:00', 'en', 'supportHours')).toBe('Mo-Fr 07:00-18:00');
    expect(slaText('Do not call, So what', 'en', 'supportHours')).toBe('Do not call, So what');
    expect(slaText({ de: 'Mo-Fr; Mi 08:00-12:00', en: 'Mo-Fr; Mi 08:00-12:00' }, 'en', 'supportHours')).toBe('Mo-Fr; We 08:00-12:00');
    expect(new CatalogRepo(app.db).service('desk')!.sla!.supportHours).toBe('Mo-Do 07:00-18:00, Fr 07:00-16:00; Sa, So geschlossen');
    expect(exportCatalog(catalogOf(app), 'csv')).toContain('Mo-Do 07:00-18:00, Fr 07:00-16:00; Sa, So geschlossen');
  });

  it('the demo catalog: no English SLA words on any German card, nothing left as n/a', () => {
    const demo = testApp();
    try {
      importCatalog(demo, join(DATA_DIR, 'catalog.yaml'));
      const repo = new CatalogRepo(demo.db);
      expect(readFileSync(join(DATA_DIR, 'catalog.yaml'), 'utf8')).not.toContain('ß');
      for (const s of repo.services()) {
        const de = flat([serviceCard({ app: demo, person: null, lang: 'de' }, s)]);
        const slaLines = de.split('\n').filter((l) => /^(Verfügbarkeit|Supportzeiten|Reaktionszeit|Lösungszeit):/.test(l));
        for (const l of slaLines) expect(l, s.id).not.toMatch(/\b(business|working|day|days|hours?|security|incidents|on-call|outside|urgent|month-end|closing|until|new|device|replacement|repair|report|last)\b|n\/a/i);
      }
    } finally {
      demo.cleanup();
    }
  });
});
