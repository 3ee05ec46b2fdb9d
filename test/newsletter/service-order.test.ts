import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { importCatalog } from '../../src/catalog/import.ts';
import { composeContent } from '../../src/newsletter/compose.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { defaultSources } from '../../src/newsletter/sources.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { service, write } from './fixtures.ts';

// The newsletter lists new and retiring services as the catalog lists them: by name in the reader's
// language, numbers by value.
let app: TestApp | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

function positions(text: string, names: string[]): number[] {
  return names.map((n) => {
    const i = text.indexOf(n);
    expect(i, n).toBeGreaterThanOrEqual(0);
    return i;
  });
}

describe('the services of a newsletter', () => {
  it('come by name in the reader\'s language, a number by its value, not by id as text', () => {
    app = testApp();
    importCatalog(app, write(app, 'catalog.yaml', stringify({ services: [
      service('svc-10', 'new', 'Testdienst 10', 'Test service 10'),
      service('svc-2', 'new', 'Testdienst 2', 'Test service 2'),
      service('svc-3', 'new', 'Ablage im Netz', 'Web storage'),
      service('svc-20', 'retiring', 'Altdienst 20', 'Old service 20'),
      service('svc-9', 'retiring', 'Altdienst 9', 'Old service 9'),
    ] })));
    const c = composeContent(app, defaultSources(app), {
      name: null, issueDate: '2027-02-10', dueAt: new Date('2027-02-10T07:00:00Z'), periodFrom: new Date('2027-01-10T07:00:00Z'), periodTo: new Date('2027-02-10T07:00:00Z'),
    }, []);
    const de = renderText(c, 'de', 'workplace-first', null);
    const p = positions(de, ['Ablage im Netz', 'Testdienst 2', 'Testdienst 10']);
    expect(p).toEqual([...p].sort((a, b) => a - b));
    const old = positions(de, ['Altdienst 9', 'Altdienst 20']);
    expect(old[0]).toBeLessThan(old[1]!);
    const en = renderText(c, 'en', 'workplace-first', null);
    const q = positions(en, ['Test service 2', 'Test service 10', 'Web storage']);
    expect(q).toEqual([...q].sort((a, b) => a - b));
    const oldEn = positions(en, ['Old service 9', 'Old service 20']);
    expect(oldEn[0]).toBeLessThan(oldEn[1]!);
  });
});
