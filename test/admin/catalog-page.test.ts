import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import type { TestApp } from '../doubles/app.ts';
import { say, click, testFile } from '../doubles/app.ts';
import { importPeople } from '../../src/people/import.ts';
import { loadDemo } from '../../src/cli/core-commands.ts';
import { CatalogRepo } from '../../src/store/catalog-repo.ts';
import { renderHtml } from '../../adapters/web/render.ts';
import { SERVICES_PAGE_SIZE } from '../../adapters/web/admin/catalog-page.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { adminServer, client, login, type Client } from './helpers.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;

beforeAll(async () => {
  ({ app, server } = await adminServer());
  await loadDemo(app);
  c = client(server);
  await login(c);
});

afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

/** A card with its random feedback id left out (each rendering of a card gets its own). */
function sameCard(html: string): string {
  // (each card has its random id, and the signature over it)
  return html.replace(/&quot;c&quot;:&quot;[A-Za-z0-9_-]+&quot;/g, '&quot;c&quot;:&quot;*&quot;').replace(/&quot;s&quot;:&quot;[0-9a-f]+&quot;/g, '&quot;s&quot;:&quot;*&quot;');
}

/** The card as the ask box shows it: the chat's buttons disabled (the page runs no script). */
const inert = (m: Parameters<typeof renderHtml>[0]) => renderHtml(m, { inert: true });

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

describe('admin catalog page', () => {
  it('lists every service with its status and 👍/👎 rate', async () => {
    const vote = async (label: string) => {
      const vpnCard = (await app.bot.handle(say('How do I get VPN access?')))[0]!;
      const fb = vpnCard.blocks!.flatMap((b) => (b.type === 'actions' ? b.buttons : [])).find((b) => b.action === 'catalog.feedback' && b.label === label);
      expect(fb).toBeTruthy();
      await app.bot.handle(click('catalog.feedback', fb!.value));
      return (JSON.parse(fb!.value!) as { d: string }).d;
    };
    // two cards voted 👍 and one 👎 (one vote per card: a second click on a card replaces its vote)
    const doc = await vote('👍');
    await vote('👍');
    await vote('👎');
    const page = await (await c.get('/admin/catalog?lang=en')).text();
    const services = new CatalogRepo(app.db).services();
    expect(services.length).toBeGreaterThan(30);
    for (const s of services) expect(page).toContain(`data-service="${s.id}"`);
    expect(page).toMatch(/class="pill s-\w+">retiring</);
    const row = new RegExp(`data-(service|answer)="${doc.split(':')[1]}">.*?</tr>`, 's').exec(page)![0];
    expect(row).toContain('<td class="num">2</td><td class="num">1</td><td class="num">67%</td>');
  });

  it('answers a question exactly as the bot does, and does not log it as a gap', async () => {
    const gapsBefore = new CatalogRepo(app.db).gaps().length;
    const q = 'Wie bekomme ich Zugriff auf das VPN?';
    const page = await (await c.get(`/admin/catalog?q=${encodeURIComponent(q)}`)).text();
    const bot = await app.bot.handle(say(q));
    const shown = /<div class="bot-answer">(.*?)<\/div>\n<\/div>/s.exec(page)![1]!;
    expect(sameCard(shown)).toBe(sameCard(bot.map(inert).join('')));
    // the 👍/👎 are there, but no chat button looks as if a click on it did something
    expect(shown).toContain('data-action="catalog.feedback"');
    expect(shown).not.toMatch(/<button(?![^>]*\bdisabled\b)[^>]*>/);
    expect(page).toContain('answered');
    const unknown = 'Wo parkiere ich mein Ruderboot <script>x</script>?';
    const p2 = await (await c.get(`/admin/catalog?q=${encodeURIComponent(unknown)}`)).text();
    expect(p2).not.toContain('<script>x</script>');
    expect(p2).toContain('Ruderboot &lt;script&gt;');
    expect(decode(p2)).toMatch(/not sure|nicht sicher/i);
    expect(new CatalogRepo(app.db).gaps().length).toBe(gapsBefore);
  });

  it('shows the gaps report grouped, both languages', async () => {
    await app.bot.handle(say('Kann ich mein Segelboot im Firmenhafen anlegen?'));
    await app.bot.handle(say('Segelboot im Firmenhafen anlegen erlaubt?'));
    await app.bot.handle(say('Who waters the office plants?'));
    const page = await (await c.get('/admin/catalog?lang=de')).text();
    expect(page).toMatch(/Lücken: Fragen ohne Antwort oder mit 👎 \(\d+ in \d+ Gruppen\)/);
    const row = /<tr class="gap"><td>[^<]*Segelboot.*?<\/tr>/s.exec(page)?.[0] ?? '';
    expect(row).toContain('<td class="num">2</td>');
    expect(page).toContain('Who waters the office plants?');
    expect(page).toContain('Servicekatalog');
  });
});

describe('admin catalog gaps, best guesses', () => {
  it('names the best guess of a gap by the service\'s name in the page\'s language, not by its id', async () => {
    const repo = new CatalogRepo(app.db);
    const vpn = repo.services().find((s) => s.id === 'vpn')!;
    repo.logGap({ question: 'Wie komme ich von der Ferienwohnung ins Firmennetz über Satellit?', lang: 'de', reason: 'unanswered', best_guess: 'service:vpn', department: null, created_at: app.clock.now().toISOString() });
    const row = (page: string) => /<tr class="gap"><td>Wie komme ich von der Ferienwohnung.*?<\/tr>/s.exec(page)?.[0] ?? '';
    const de = row(await (await c.get('/admin/catalog?lang=de')).text());
    expect(de).toContain(`<span data-guess="service:vpn" title="service:vpn">${vpn.name.de}</span>`);
    const en = row(await (await c.get('/admin/catalog?lang=en')).text());
    expect(en).toContain(`<span data-guess="service:vpn" title="service:vpn">${vpn.name.en}</span>`);
    expect(vpn.name.de).not.toBe(vpn.name.en);
  });
});

describe('admin catalog ask box, as a person', () => {
  it('answers as the bot answers that person (their IT contact, their language)', async () => {
    const who = 'julia.baumann@alpenfirn.example';
    const q = 'Wie bekomme ich Zugriff auf das VPN?';
    const page = await (await c.get(`/admin/catalog?q=${encodeURIComponent(q)}&as=${encodeURIComponent(who)}`)).text();
    const bot = await app.bot.handle(say(q, who));
    const shown = /<div class="bot-answer">(.*?)<\/div>\n<\/div>/s.exec(page)![1]!;
    expect(sameCard(shown)).toBe(sameCard(bot.map(inert).join('')));
    expect(page).toContain(`<option value="${who}" selected>`);
    expect(shown).toContain('Marco Keller'); // Finance's key account, not the helpdesk a guest gets
  });
});

describe('admin catalog gaps report, bounded', () => {
  it('reads the last 90 days, at most the newest 2,000 questions, and says so', async () => {
    const repo = new CatalogRepo(app.db);
    const ago = (days: number, minutes = 0) => new Date(app.clock.now().getTime() - days * 24 * 3600_000 + minutes * 60_000).toISOString();
    const gap = (question: string, created_at: string) => repo.logGap({ question, lang: 'de', reason: 'unanswered', best_guess: null, department: null, created_at });
    gap('Wo steht das alte Faxgerät?', ago(91));
    let page = await (await c.get('/admin/catalog?lang=en')).text();
    expect(page).not.toContain('alte Faxgerät');
    expect(page).toContain('Questions of the last 90 days; all of them with &quot;itbot catalog gaps&quot;.');
    const before = repo.gapCount({ since: ago(90) });
    app.db.transaction(() => {
      for (let i = 0; i < 5000; i++) gap(`Frage Nummer ${i} zu Dingen`, ago(80, i));
    })();
    page = await (await c.get('/admin/catalog?lang=en')).text();
    expect(page).toMatch(/Gaps: questions without an answer or with a 👎 \(2000 in \d+ groups\)/);
    expect(page).toContain(`The newest 2,000 of ${(5000 + before).toLocaleString('en-GB')} questions of the last 90 days`);
    expect(page).toContain('Segelboot'); // the newest questions are the ones shown
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(5001 + before); // reading changes nothing
  });
});

describe('admin catalog without gaps', () => {
  it('says whether anyone asked at all, in both languages, instead of "every question was answered"', async () => {
    const fresh = await adminServer();
    try {
      await loadDemo(fresh.app);
      const fc = client(fresh.server);
      await login(fc);
      const none = (page: string) => /<p class="muted" id="gaps-none">([^<]*)<\/p>/.exec(page)?.[1];
      expect(none(await (await fc.get('/admin/catalog?lang=en')).text())).toBe('No gaps: nobody asked the catalog a question in the last 90 days.');
      expect(none(await (await fc.get('/admin/catalog?lang=de')).text())).toBe('Keine Lücken: Niemand hat dem Katalog in den letzten 90 Tagen eine Frage gestellt.');
      await fresh.app.bot.handle(say('wie bekomme ich VPN?'));
      expect(none(await (await fc.get('/admin/catalog?lang=en')).text())).toBe('No gaps: the one question asked of the catalog in the last 90 days was answered and got no 👎.');
      await fresh.app.bot.handle(say('Passwort vergessen'));
      expect(none(await (await fc.get('/admin/catalog?lang=de')).text())).toBe('Keine Lücken: Alle 2 Fragen, die dem Katalog in den letzten 90 Tagen gestellt wurden, sind beantwortet; niemand hat 👎 geklickt.');
    } finally {
      await fresh.server.close();
      fresh.app.cleanup();
    }
  });
});

describe('admin catalog ask box, with a big directory', () => {
  it('takes the person\'s e-mail instead of listing thousands of people, and says when nobody has it', async () => {
    const big = await adminServer();
    try {
      await loadDemo(big.app);
      const rows = Array.from({ length: 2000 }, (_, i) => `p${i}@big.example,Person ${i},Finance,false,${i % 2 ? 'en' : 'de'},Europe/Zurich,,,false`);
      importPeople(big.app, testFile(big.app, 'people.csv', `email,name,department,manager,language,timezone,slack_user_id,teams_user_id,vip\n${rows.join('\n')}\n`));
      const bc = client(big.server);
      await login(bc);
      const page = await (await bc.get('/admin/catalog?lang=en')).text();
      expect(page).not.toContain('<option value="p1@big.example"');
      expect(page).toMatch(/<input type="text" name="as" id="as" value=""/);
      const q = 'Wie bekomme ich Zugriff auf das VPN?';
      const asked = await (await bc.get(`/admin/catalog?lang=en&q=${encodeURIComponent(q)}&as=${encodeURIComponent('p7@big.example')}`)).text();
      const shown = /<div class="bot-answer">(.*?)<\/div>\n<\/div>/s.exec(asked)![1]!;
      expect(sameCard(shown)).toBe(sameCard((await big.app.bot.handle(say(q, 'p7@big.example'))).map(inert).join('')));
      expect(asked).toContain('value="p7@big.example"');
      expect(asked).not.toContain('id="as-unknown"');
      const unknown = await (await bc.get(`/admin/catalog?lang=en&q=${encodeURIComponent(q)}&as=${encodeURIComponent('nobody@big.example')}`)).text();
      expect(unknown).toContain('Nobody in the directory has the e-mail &quot;nobody@big.example&quot;');
    } finally {
      await big.server.close();
      big.app.cleanup();
    }
  });
});

describe('admin catalog services list, with a big catalog', () => {
  it('shows a page of the services at a time with a search, not thousands of rows on one page', async () => {
    const big = await adminServer();
    try {
      await loadDemo(big.app);
      const n = 3000;
      const yaml = ['services:'];
      for (let i = 0; i < n; i++) {
        const id = `bulk-${String(i).padStart(4, '0')}`;
        yaml.push(`  - id: ${id}`, `    name: {de: Massendienst ${i}, en: Bulk service ${i}}`, `    summary: {de: Dienst ${i}., en: Service ${i}.}`, `    owner: {name: Zoë Müller ${i % 7}, email: owner${i % 7}@big.example}`);
      }
      importCatalog(big.app, testFile(big.app, 'big.yaml', `${yaml.join('\n')}\n`));
      const total = new CatalogRepo(big.app.db).services().length;
      expect(total).toBeGreaterThan(n);
      const bc = client(big.server);
      await login(bc);
      const rows = (page: string) => [...page.matchAll(/<tr data-service="([^"]+)"/g)].map((m) => m[1]!);

      const first = await (await bc.get('/admin/catalog?lang=en')).text();
      expect(first.length).toBeLessThan(200_000);
      expect(rows(first)).toHaveLength(SERVICES_PAGE_SIZE);
      expect(first).toContain(`Services (${total.toLocaleString('en-GB')})`);
      const pages = Math.ceil(total / SERVICES_PAGE_SIZE);
      expect(first).toContain(`Page 1 of ${pages.toLocaleString('en-GB')}`);
      expect(first).toMatch(/id="next" rel="next"/);

      // every service is on exactly one page, in the order of their ids
      const last = await (await bc.get(`/admin/catalog?lang=en&page=${pages}`)).text();
      expect(rows(last)).toHaveLength(total - (pages - 1) * SERVICES_PAGE_SIZE);
      expect(last).not.toMatch(/id="next"/);
      expect((await (await bc.get('/admin/catalog?lang=en&page=999999')).text())).toContain(`Page ${pages.toLocaleString('en-GB')} of`);

      // the search: by name (case and accents folded), by owner, by id; it pages too and keeps the ask box's question
      const byName = await (await bc.get(`/admin/catalog?lang=en&find=${encodeURIComponent('BULK SERVICE 12')}`)).text();
      expect(rows(byName).every((id) => /^bulk-(0012|012\d|12\d\d)$/.test(id))).toBe(true);
      expect(rows(byName)).toHaveLength(SERVICES_PAGE_SIZE);
      expect(byName).toContain(`${1 + 10 + 100} services match`);
      const byName2 = await (await bc.get(`/admin/catalog?lang=en&find=${encodeURIComponent('BULK SERVICE 12')}&page=2`)).text();
      expect(new Set([...rows(byName), ...rows(byName2)]).size).toBe(1 + 10 + 100);
      const byOwner = await (await bc.get(`/admin/catalog?lang=en&find=zoe%20muller%203&q=vpn`)).text();
      expect(byOwner).toContain(`${Math.ceil((n - 3) / 7).toLocaleString('en-GB')} services match`);
      expect(byOwner).toMatch(/href="\/admin\/catalog\?q=vpn&amp;find=zoe\+muller\+3&amp;page=2#services" id="next"/);
      expect(byOwner).toContain('<input type="hidden" name="q" value="vpn">');
      expect(rows(await (await bc.get('/admin/catalog?lang=en&find=vpn')).text())).toContain('vpn');
      const none = await (await bc.get('/admin/catalog?lang=en&find=nothing-like-this')).text();
      expect(rows(none)).toHaveLength(0);
      expect(none).toContain('No service matches &quot;nothing-like-this&quot;.');
    } finally {
      await big.server.close();
      big.app.cleanup();
    }
  });

  it('keeps a catalog of the demo\'s size on one page, without a pager', async () => {
    const page = await (await c.get('/admin/catalog?lang=en')).text();
    const services = new CatalogRepo(app.db).services();
    expect(services.length).toBeLessThanOrEqual(SERVICES_PAGE_SIZE);
    expect([...page.matchAll(/<tr data-service="/g)]).toHaveLength(services.length);
    expect(page).not.toContain('id="pager"');
  });
});
