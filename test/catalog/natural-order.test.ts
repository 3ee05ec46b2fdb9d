import { afterEach, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { click, say, testApp, testFile, type TestApp } from '../doubles/app.ts';

// Lists of the catalog put a number by its value: "Testdienst 2" before "Testdienst 10", in both languages.
let app: TestApp | undefined;
afterEach(() => {
  app?.cleanup();
  app = undefined;
});

function numbered(): TestApp {
  const a = testApp();
  const rows: string[] = [];
  // written in a shuffled order, so neither the file's nor the id's order gives the answer
  for (const i of [7, 30, 2, 11, 1, 20, 3, 10, 9, 21, 4, 12, 5, 19, 6, 8, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 26, 27, 28, 29]) {
    rows.push(`  - {id: svc-${i}, name: {de: Testdienst ${i}, en: Test service ${i}}, category: {de: Testkategorie, en: Test category}, summary: Nummer ${i}., status: ${i % 3 === 0 ? 'new' : 'active'}}`);
  }
  rows.push('  - {id: area-10, name: Dienst zehn, category: {de: Bereich 10, en: Area 10}, summary: Zehn.}');
  rows.push('  - {id: area-9, name: Dienst neun, category: {de: Bereich 9, en: Area 9}, summary: Neun.}');
  importCatalog(a, testFile(a, 'catalog.yaml', `services:\n${rows.join('\n')}\n`));
  a.people.upsert({ email: 'de@example.com', name: 'De Leser', department: null, manager: false, language: 'de', timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
  return a;
}

/** The numbers of the services a list names, in the order it names them (its buttons, all pages in the text). */
function numbersIn(text: string, word: string): number[] {
  return [...text.matchAll(new RegExp(`${word} (\\d+)`, 'g'))].map((m) => Number(m[1]));
}

const oneToThirty = Array.from({ length: 30 }, (_, i) => i + 1);

describe('catalog lists sort numbers by value', () => {
  it('a category page and its further pages, in German and English', async () => {
    app = numbered();
    const de = (await app.bot.handle(say('Testkategorie', 'de@example.com')))[0]!;
    // page 1 lists its services; the text form names the next eight in order, and how many more
    expect(numbersIn(de.text, 'Testdienst')).toEqual(oneToThirty.slice(0, 16));
    expect(de.text).toMatch(/und 14 weitere/);
    const en = (await app.bot.handle(say('Test category')))[0]!;
    expect(en.lang).toBe('en');
    expect(numbersIn(en.text, 'Test service')).toEqual(oneToThirty.slice(0, 16));
    expect(en.text).toMatch(/and 14 more/);
    const key = JSON.parse(de.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.category' && b.value?.includes('"p":2'))!.value!).k as string;
    const page2 = (await app.bot.handle(click('catalog.category', JSON.stringify({ k: key, p: 2 }), 'de@example.com')))[0]!;
    const buttons = page2.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).filter((b) => b.action === 'catalog.show').map((b) => b.label);
    expect(buttons).toEqual(oneToThirty.slice(8, 16).map((i) => `Testdienst ${i}`));
  });

  it("what's new and the overview of the areas", async () => {
    app = numbered();
    const news = (await app.bot.handle(say("what's new?")))[0]!;
    expect(numbersIn(news.text, 'Test service')).toEqual(oneToThirty.filter((i) => i % 3 === 0));
    const overview = (await app.bot.handle(say('Was bietet die IT?', 'de@example.com')))[0]!;
    expect(numbersIn(overview.text, 'Bereich')).toEqual([9, 10]);
    const en = (await app.bot.handle(say('What does IT offer?')))[0]!;
    expect(numbersIn(en.text, 'Area')).toEqual([9, 10]);
  });

  it('the admin catalog list pages the services by id with numbers by value', () => {
    app = numbered();
    const repo = new CatalogRepo(app.db);
    const first = repo.searchServices('svc', 10, 1).services.map((s) => s.id);
    expect(first).toEqual(oneToThirty.slice(0, 10).map((i) => `svc-${i}`));
    const all = [1, 2, 3, 4].flatMap((p) => repo.searchServices('', 10, p).services.map((s) => s.id));
    expect(all).toEqual(['area-9', 'area-10', ...oneToThirty.map((i) => `svc-${i}`)]);
  });
});
