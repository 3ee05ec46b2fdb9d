import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testFile, say, click, type TestApp } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import type { Button, OutMessage } from '../../src/chat/model.ts';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderCards } from '../../adapters/teams/render.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** A catalog of `n` services, each in its own area (`areas`) or all in one ("Viele"), or all new. */
function catalog(n: number, shape: 'areas' | 'one' | 'new'): void {
  app = testApp();
  const rows = Array.from({ length: n }, (_, i) => {
    const nn = String(i + 1).padStart(2, '0');
    const category = shape === 'areas' ? `{de: Bereich ${nn}, en: Area ${nn}}` : '{de: Viele, en: Many}';
    const status = shape === 'new' ? ', status: new' : '';
    return `  - {id: s${nn}, name: Service ${nn}, summary: Summary ${nn}, category: ${category}${status}}`;
  });
  importCatalog(app, testFile(app, 'catalog.yaml', `services:\n${rows.join('\n')}\n`));
}

const buttons = (m: OutMessage) => m.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
const listed = (m: OutMessage, action: string) => buttons(m).filter((b) => b.action === action).map((b) => b.label);
const pagerOf = (m: OutMessage, label: RegExp): Button | undefined => buttons(m).find((b) => label.test(b.label));

/** Every page of a paged list, following "More". */
async function pages(first: OutMessage[], action: string): Promise<string[][]> {
  const out: string[][] = [];
  let m = first[0]!;
  for (;;) {
    out.push(listed(m, action));
    const more = pagerOf(m, /^More/);
    if (!more) return out;
    m = (await app.bot.handle(click(more.action, more.value)))[0]!;
  }
}

const sizes = (p: string[][]) => p.map((x) => x.length);

describe('paged lists never end with a page of one or two', () => {
  it('9 or 10 areas are one page, 11 are 8 and 3', async () => {
    for (const [n, want] of [[8, [8]], [9, [9]], [10, [10]], [11, [8, 3]], [17, [8, 9]], [18, [8, 10]], [19, [8, 8, 3]]] as const) {
      catalog(n, 'areas');
      const first = await app.bot.handle(say('What does IT offer?'));
      expect(sizes(await pages(first, 'catalog.category')), `${n} areas`).toEqual(want);
      // (no "Page 1 of 1", and no "More" to a page that does not exist)
      if (want.length === 1) expect(first[0]!.text).not.toMatch(/Page \d/);
      app.cleanup();
    }
  });

  it('the services of an area, and what is new, the same way', async () => {
    catalog(9, 'one');
    const area = await app.bot.handle(say('Many'));
    expect(sizes(await pages(area, 'catalog.show'))).toEqual([9]);
    expect(area[0]!.text).not.toMatch(/Page \d|Further on/);
    app.cleanup();
    catalog(17, 'new');
    expect(sizes(await pages(await app.bot.handle(say("What's new?")), 'catalog.show'))).toEqual([8, 9]);
  });

  it('the plain text of a page names what the last page holds, never what this one shows', async () => {
    catalog(17, 'one');
    const first = (await app.bot.handle(say('Many')))[0]!;
    expect(first.text).toContain('Page 1 of 2. Further on: Service 09, Service 10, Service 11, Service 12, Service 13, Service 14, Service 15, Service 16, Service 17');
    const back = (await app.bot.handle(click('catalog.category', pagerOf(first, /^More/)!.value)))[0]!;
    expect(back.text.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(9);
    expect(back.text).toMatch(/Page 2 of 2$/);
  });

  it('"Back" to the first page takes the place of the page clicked, as "More" does; an area opened from the overview is a message of its own', async () => {
    catalog(20, 'one');
    const [overview] = await app.bot.handle(say('What does IT offer?'));
    const area = buttons(overview!).find((b) => b.action === 'catalog.category' && b.label.startsWith('Many'))!;
    const [first] = await app.bot.handle(click(area.action, area.value));
    expect(first!.replaceOriginal).toBeFalsy();
    const [second] = await app.bot.handle(click('catalog.category', pagerOf(first!, /^More/)!.value));
    expect(second!.replaceOriginal).toBe(true);
    const [back] = await app.bot.handle(click('catalog.category', pagerOf(second!, /Back/)!.value));
    expect(back!.text).toMatch(/Page 1 of /);
    expect(back!.replaceOriginal).toBe(true);
  });

  it('a click on a page of an area removed since says the area is gone and lists the areas there are now', async () => {
    catalog(20, 'one');
    const [first] = await app.bot.handle(say('Many'));
    importCatalog(app, testFile(app, 'renamed.yaml', 'services:\n  - {id: x1, name: Other, summary: Summary, category: {de: Andere, en: Others}}\n'), { replace: true });
    const [reply] = await app.bot.handle(click('catalog.category', pagerOf(first!, /^More/)!.value));
    expect(reply!.text.split('\n')[0]).toBe('This area is no longer in the catalog. These are the areas now:');
    expect(listed(reply!, 'catalog.category')).toEqual(['Others (1)']);
  });

  it('the plain text of the first page of 200 services names the next page\'s and counts the rest, in English and German', async () => {
    catalog(200, 'one');
    const first = (await app.bot.handle(say('Many')))[0]!;
    const last = first.text.split('\n').at(-1)!;
    expect(last).toBe('Page 1 of 25. Further on: Service 09, Service 10, Service 11, Service 12, Service 13, Service 14, Service 15, Service 16, and 184 more');
    const de = (await app.bot.handle(say('Viele', 'guest', { locale: 'de-CH' })))[0]!;
    expect(de.text.split('\n').at(-1)).toMatch(/^Seite 1 von 25\. Weiter hinten: .*, und 184 weitere$/);
  });

  it('the counts of the overview and of an area are singular for one, in English and German', async () => {
    catalog(1, 'one');
    const en = (await app.bot.handle(say('What does IT offer?')))[0]!;
    expect(en.text).toContain('IT offers 1 service in 1 area.');
    const de = (await app.bot.handle(say('Was bietet die IT an?', 'guest', { locale: 'de-CH' })))[0]!;
    expect(de.text).toContain('Die IT bietet 1 Service in 1 Bereich.');
    expect((await app.bot.handle(say('Viele', 'guest', { locale: 'de-CH' })))[0]!.text.split('\n')[0]).toBe('Viele: 1 Service');
    app.cleanup();
    catalog(2, 'areas');
    expect((await app.bot.handle(say('Was bietet die IT an?', 'guest', { locale: 'de-CH' })))[0]!.text).toContain('Die IT bietet 2 Services in 2 Bereichen.');
  });

  it('a page of 10 keeps every button on Slack and in one Teams card', async () => {
    catalog(10, 'areas');
    const [m] = await app.bot.handle(say('What does IT offer?'));
    const slack = renderMessage(m!, { lang: 'en' }).blocks as Array<{ type: string; elements?: Array<{ text?: { text: string } }> }>;
    const slackLabels = slack.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.text!.text));
    expect(slackLabels.filter((l) => l.startsWith('Area'))).toHaveLength(10);
    const cards = renderCards(m!);
    expect(cards).toHaveLength(1);
    const titles = JSON.stringify(cards[0]).match(/"title":"Area \d\d/g);
    expect(titles).toHaveLength(10);
  });
});

describe('long names on buttons', () => {
  it('a long area name is shortened at a word\'s end on Slack and Teams, and its number of services stays', async () => {
    app = testApp();
    const name = Array.from({ length: 30 }, (_, i) => `Bereichswort${i}`).join(' ').slice(0, 150);
    const words = new Set(name.split(' '));
    importCatalog(app, testFile(app, 'catalog.yaml', `services:\n  - {id: a1, name: "${name}", summary: Summary, category: "${name}"}\n  - {id: a2, name: Kurz, summary: Summary, category: Kurz}\n`));
    const [m] = await app.bot.handle(say('What does IT offer?'));
    const slack = renderMessage(m!, { lang: 'en' }).blocks as Array<{ type: string; elements?: Array<{ text?: { text: string } }> }>;
    const slackLabel = slack.filter((b) => b.type === 'actions').flatMap((b) => b.elements!.map((e) => e.text!.text)).find((l) => l.startsWith('Bereichswort'))!;
    const teamsLabel = (JSON.stringify(renderCards(m!)).match(/"title":"(Bereichswort[^"]*)"/) ?? [])[1]!;
    for (const label of [slackLabel, teamsLabel]) {
      expect(label.length).toBeLessThanOrEqual(75);
      expect(label).toMatch(/… \(1\)$/);
      // (every word shown is a whole word of the name)
      for (const w of label.replace(/… \(1\)$/, '').split(' ')) expect(words.has(w), `${w} in ${label}`).toBe(true);
    }
  });
});
