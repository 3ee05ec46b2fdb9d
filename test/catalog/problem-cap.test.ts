import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DATA_DIR } from '../../src/paths.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { InputError } from '../../src/errors.ts';
import { testApp, testFile, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
});
afterEach(() => app.cleanup());

const PEOPLE_HEADER = 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id,vip';

describe('a file with very many problems', () => {
  it('catalog CSV: a header of 200,000 made-up columns lists the first 100 and says how many more; exit 2, nothing changed', async () => {
    const before = new CatalogRepo(app.db).services().length;
    const cols = Array.from({ length: 200_000 }, (_, i) => `c${i}`);
    const f = testFile(app, 'wide.csv', `id,name_de,name_en,summary_de,summary_en,${cols.join(',')}\nx,X,X,S,S${','.repeat(cols.length)}\n`);
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toMatch(/wide\.csv: line 1: c0: unknown column/);
    expect(lines[99]).toMatch(/wide\.csv: line 1: c99: unknown column/);
    expect(lines[100]).toBe('... and 199,900 more problems');
    const { openDb } = await import('../../src/store/db.ts');
    const db = openDb(app.file);
    try {
      expect(new CatalogRepo(db).services()).toHaveLength(before);
      expect(new CatalogRepo(db).service('x')).toBeNull();
    } finally {
      db.close();
    }
  });

  it('keeps only the problems it lists (the rest are counted)', () => {
    const cols = Array.from({ length: 50_000 }, (_, i) => `c${i}`);
    const f = testFile(app, 'wide.csv', `id,name_de,name_en,summary_de,summary_en,${cols.join(',')}\nx,X,X,S,S${','.repeat(cols.length)}\n`);
    let e: unknown;
    try {
      importCatalog(app, f);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).problems).toHaveLength(100);
    expect((e as InputError).more).toBe(49_900);
    expect((e as InputError).message.split('\n')).toHaveLength(101);
  });

  it('catalog CSV: a few wrong columns are each listed, with no count line', async () => {
    const f = testFile(app, 'typos.csv', 'id,name_de,name_en,summary_de,summary_en,categroy_de,ownr\nx,X,X,S,S,K,o\n');
    app.db.close();
    const r = await cli(['catalog', 'import', f, '--db', app.file]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toEqual([expect.stringMatching(/line 1: categroy_de: unknown column/), expect.stringMatching(/line 1: ownr: unknown column/)]);
  });

  it('people CSV: 150 bad rows list the first 100 and say how many more (the importers share the report)', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `p${i}@x.example,P,IT,false,xx,Europe/Zurich,,,false`);
    const f = testFile(app, 'people.csv', [PEOPLE_HEADER, ...rows].join('\n'));
    app.db.close();
    const r = await cli(['people', 'import', f, '--db', app.file]);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[0]).toMatch(/people\.csv: line 2: language: "xx" is not de or en/);
    expect(lines[99]).toMatch(/people\.csv: line 101: language/);
    expect(lines[100]).toBe('... and 50 more problems');
  });
});
