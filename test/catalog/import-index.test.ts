// The two FTS5 indexes an import writes: made anew each time, so a catalog imported again (a
// nightly import of the same file) leaves the database as the first import did, and a server
// reading the same file meanwhile finds the new index.
import { afterEach, expect, it } from 'vitest';
import { join } from 'node:path';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { openDb } from '../../src/store/db.ts';
import { DATA_DIR } from '../../src/paths.ts';

const DEMO = join(DATA_DIR, 'catalog.yaml');
let app: TestApp;
afterEach(() => app?.cleanup());

/** What the processed and the plain index hold on disk: their rows, and the size of their data. */
function indexState(db: TestApp['db']) {
  const rows = (t: string) => db.prepare(`SELECT doc, name, keywords, summary, body FROM ${t} ORDER BY doc`).all();
  const data = (t: string) => (db.prepare(`SELECT count(*) AS n, sum(length(block)) AS bytes FROM ${t}_data`).get() as { n: number; bytes: number });
  return { fts: rows('catalog_fts'), plain: rows('catalog_fts_plain'), data: data('catalog_fts'), plainData: data('catalog_fts_plain') };
}

it('importing the same catalog again leaves the search indexes as the first import wrote them, without the deleted entries', () => {
  app = testApp();
  importCatalog(app, DEMO);
  const first = indexState(app.db);
  expect(first.fts.length).toBe(50);
  for (let i = 0; i < 3; i++) {
    importCatalog(app, DEMO);
    // (emptied row by row, the index kept every deleted entry as a marker until a merge: the data grew 2.5-fold)
    expect(indexState(app.db)).toEqual(first);
  }
});

it('a reader on the same database finds the terms of the new index, also with the statement it prepared before', () => {
  app = testApp();
  importCatalog(app, DEMO);
  const reader = openDb(join(app.dir, 'test.db'));
  try {
    const repo = new CatalogRepo(reader);
    expect(repo.termsWithPrefix('quokk', 5)).toEqual([]);
    expect(repo.plainSearch(['vpn'], 3).length).toBeGreaterThan(0);
    const file = testFile(app, 'quokka.yaml', 'services:\n  - {id: quokka, name: Quokka Zeiterfassung, summary: Arbeitszeit erfassen mit Quokka}\n');
    importCatalog(app, file, { replace: false });
    expect(repo.termsWithPrefix('quokk', 5)).toEqual(['quokka']);
    expect(repo.plainSearch(['quokka'], 3)).toEqual([expect.objectContaining({ doc: 'service:quokka' })]);
  } finally {
    reader.close();
  }
});
