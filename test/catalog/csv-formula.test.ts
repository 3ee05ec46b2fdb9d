import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { testApp, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { exportCatalog } from '../../src/catalog/export.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { neutraliseFormulaCell, restoreFormulaCell } from '../../src/files/csv-formula.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
});
afterEach(() => app.cleanup());

const servicesOf = (a: TestApp) => new CatalogRepo(a.db).services();

/** Imports an export into a fresh app; asserts it gives the same services and the same bytes. */
function reimport(csv: string, before: ReturnType<typeof servicesOf>, check: (other: TestApp, after: typeof before) => void): void {
  const back = join(app.dir, 'export.csv');
  writeFileSync(back, csv);
  const other = testApp();
  try {
    importCatalog(other, back);
    const after = servicesOf(other);
    expect(after).toEqual(before);
    expect(exportCatalog({ services: after, answers: [] }, 'csv')).toBe(csv);
    check(other, after);
  } finally {
    other.cleanup();
  }
}

// values a spreadsheet would run as formulas, and values that only look close to one
const TRICKY = {
  name: { de: '=HYPERLINK("http://evil.example","klick")', en: "'=already quoted" },
  summary: { de: '+SUM(A1:A9)', en: "''@twice" },
  description: { de: '-2+3', en: "'plain quote stays" },
  owner: { name: '@SUM(1+1)*cmd|calc', email: 'owner@x.example' },
  sla: { response: '-1 h' },
};

describe('catalog CSV export and formulas', () => {
  it('puts a quote before cells a spreadsheet would read as a formula, and the import takes it off again', () => {
    const file = join(app.dir, 'cat.yaml');
    writeFileSync(file, JSON.stringify({ services: [{ id: 'evil', keywords: { de: ['=x', 'y'], en: ['z'] }, ...TRICKY }] }));
    importCatalog(app, file);
    const before = servicesOf(app);
    const csv = exportCatalog({ services: before, answers: [] }, 'csv');

    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    const row = rows[0]!;
    for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(row['name_de']).toBe(`'=HYPERLINK("http://evil.example","klick")`);
    expect(row['name_en']).toBe("''=already quoted");
    expect(row['summary_en']).toBe("'''@twice");
    expect(row['description_en']).toBe("'plain quote stays");
    expect(row['owner.name']).toBe("'@SUM(1+1)*cmd|calc");
    expect(row['keywords_de']).toBe("'=x;y");

    // round trip: import of the export gives the same catalog, and exports the same bytes
    reimport(csv, before, (_other, after) => expect(after[0]!.name).toEqual(TRICKY.name));
  });

  it('undoes exactly what it did, for tab and carriage return too', () => {
    const cells = ['\t=1+1', '\r=1', "'\t", '-', "'-", "''+", "'", "it's", 'a=b', '', ' =x'];
    for (const c of cells) expect(restoreFormulaCell(neutraliseFormulaCell(c))).toBe(c);
    expect(neutraliseFormulaCell('\t=1+1')).toBe("'\t=1+1");
    expect(neutraliseFormulaCell('\r=1')).toBe("'\r=1");
    expect(neutraliseFormulaCell("it's")).toBe("it's");
    expect(restoreFormulaCell("'hello")).toBe("'hello");
  });
});

describe('catalog CSV lists', () => {
  it('keeps a ";" inside a keyword or a department name one item, and reads plain lists as before', () => {
    const file = join(app.dir, 'cat.json');
    const keywords = { de: ['Hardware; Software', 'C:\\Temp\\', 'a\\;b', 'plain'], en: ['x;', ';y', 'back\\slash'] };
    writeFileSync(file, JSON.stringify({ services: [
      { id: 'lists', name: 'L', summary: 'S', keywords, audience: ['department:R;D', 'managers'] },
      { id: 'one', name: 'O', summary: 'S', audience: 'department:Sales; Marketing' },
    ] }));
    importCatalog(app, file);
    const before = servicesOf(app);
    const csv = exportCatalog({ services: before, answers: [] }, 'csv');
    const rows = parse(csv, { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r['id'] === 'lists')!['keywords_de']).toBe('Hardware\\; Software;C:\\Temp\\ ;a\\\\;b;plain');

    reimport(csv, before, (other, after) => {
      expect(after.find((s) => s.id === 'lists')!.keywords).toEqual(keywords);
      expect(after.find((s) => s.id === 'lists')!.audience).toEqual(['department:R;D', 'managers']);
      expect(after.find((s) => s.id === 'one')!.audience).toBe('department:Sales; Marketing');

      // a hand-written CSV: ";" separates, spaces around items are trimmed, other backslashes stay
      const hand = join(app.dir, 'hand.csv');
      writeFileSync(hand, 'id,name_de,name_en,summary_de,summary_en,keywords_de,audience\nh,H,H,S,S, VPN ; Fernzugang;\\\\server\\share,managers;it-staff\n');
      importCatalog(other, hand);
      const h = servicesOf(other).find((s) => s.id === 'h')!;
      expect(h.keywords.de).toEqual(['VPN', 'Fernzugang', '\\\\server\\share']);
      expect(h.audience).toEqual(['managers', 'it-staff']);
    });
  });
});
