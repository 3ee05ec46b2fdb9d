// The search reads the catalog version once per synchronous stretch of work (a speed-up for the
// chat path): an import by this process, or by another connection, must still be seen at once.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { catalogSearch } from '../../src/catalog/search.ts';
import { openDb } from '../../src/store/db.ts';
import { createApp } from '../../src/app.ts';
import { DATA_DIR } from '../../src/paths.ts';

const DEMO = join(DATA_DIR, 'catalog.yaml');
let app: TestApp;

/** The demo catalog with one more service, named with a word no other service uses. */
function withExtraService(): string {
  const extra = `
  - id: quokka-zeit
    name: {de: Quokka Zeiterfassung, en: Quokka time tracking}
    category: {de: Arbeitsplatz, en: Workplace}
    summary: {de: "Arbeitszeit erfassen mit Quokka.", en: "Record working hours with Quokka."}
    status: active
    audience: all
    owner: {name: Marco Keller, email: marco.keller@alpenfirn.example}
`;
  const text = readFileSync(DEMO, 'utf8').replace(/^services:\n/m, `services:\n${extra}`);
  const file = join(app.dir, 'catalog-extra.yaml');
  writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  app = testApp();
  importCatalog(app, DEMO);
});
afterEach(() => app.cleanup());

it('sees an import by this process within the same synchronous stretch', () => {
  const search = catalogSearch(app.db);
  expect(search.service('quokka-zeit')).toBeNull();
  importCatalog(app, withExtraService());
  // no await in between: the cached version check must not hide the import
  expect(search.service('quokka-zeit')?.id).toBe('quokka-zeit');
  expect(search.search('Quokka').hits[0]?.ref).toContain('quokka-zeit');
});

it('sees an import through another connection after the next tick', async () => {
  const search = catalogSearch(app.db);
  expect(search.service('quokka-zeit')).toBeNull();
  // the other writer: a second app on the same database file (as `itbot catalog import` beside `itbot serve`)
  const other = createApp({ config: app.config, db: openDb(app.file), clock: app.clock });
  try {
    importCatalog(other, withExtraService());
  } finally {
    other.db.close();
  }
  await new Promise((r) => setTimeout(r, 0));
  expect(search.service('quokka-zeit')?.id).toBe('quokka-zeit');
});
