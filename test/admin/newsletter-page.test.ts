import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import type { TestApp } from '../doubles/app.ts';
import { loadDemo } from '../../src/cli/core-commands.ts';
import { ensureIssue, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { adminServer, client, login, type Client } from './helpers.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;
let csrf: string;
let id: number;

beforeAll(async () => {
  ({ app, server } = await adminServer({ now: '2027-01-04T09:00:00Z' }));
  await loadDemo(app);
  id = ensureIssue(app, nextOccurrence(app), 'head.it@alpenfirn.example').issue.id;
  c = client(server);
  csrf = (await login(c)).csrf!;
});

afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

describe('admin newsletter pages', () => {
  it('lists the issues and previews both versions of a draft', async () => {
    const list = await (await c.get('/admin/newsletter?lang=en')).text();
    expect(list).toContain(`data-issue="${id}"`);
    const page = await (await c.get(`/admin/newsletter/${id}`)).text();
    expect(page).toContain('data-variant="figures-first"');
    expect(page).toContain('data-variant="workplace-first"');
    expect(page).toContain('id="approve"');
    expect((await c.get('/admin/newsletter/999999')).status).toBe(404);
  });

  it('saves the editorial introduction, escaped on the page', async () => {
    expect((await c.post(`/admin/newsletter/${id}/editorial`, { lang: 'en', text: 'Hello <b>all</b>' })).status).toBe(403);
    const r = await c.post(`/admin/newsletter/${id}/editorial`, { _csrf: csrf, lang: 'en', text: 'Hello <b>all</b>' });
    expect(r.status).toBe(303);
    const page = await (await c.get(`/admin/newsletter/${id}?lang=en`)).text();
    expect(page).toContain('Introduction saved.');
    expect(page).toContain('Hello &lt;b&gt;all&lt;/b&gt;');
    expect(page).not.toContain('<b>all</b>');
  });

  it('refuses an introduction over 4,000 characters posted past the form, saying so, and keeps the one saved', async () => {
    await c.post(`/admin/newsletter/${id}/editorial`, { _csrf: csrf, lang: 'en', text: 'Dear all' });
    await c.post(`/admin/newsletter/${id}/editorial`, { _csrf: csrf, lang: 'en', text: 'x'.repeat(5000) });
    expect(new NewsletterRepo(app.db).byId(id)!.editorial_en).toBe('Dear all');
    const page = await (await c.get(`/admin/newsletter/${id}?lang=en`)).text();
    expect(page).toContain('The introduction is 5,000 characters long; at most 4,000 are allowed. Nothing was saved.');
    expect(page).not.toContain('Introduction saved.');
    expect(page).toContain('maxlength="4000"');
    // (in the page's language)
    await c.get(`/admin/newsletter/${id}?lang=de`);
    await c.post(`/admin/newsletter/${id}/editorial`, { _csrf: csrf, lang: 'de', text: 'y'.repeat(4001) });
    expect(new NewsletterRepo(app.db).byId(id)!.editorial_de).toBeNull();
    expect(await (await c.get(`/admin/newsletter/${id}`)).text()).toContain('Die Einleitung ist 4&#39;001 Zeichen lang, erlaubt sind höchstens 4&#39;000. Nichts wurde gespeichert.');
    await c.get(`/admin/newsletter/${id}?lang=en`);
  });

  it('approves once: the issue is published by the newsletter module and recorded as decided by the admin', async () => {
    // (a decision cannot be undone: a value that is neither button's decides nothing)
    for (const decision of ['aprove', '']) await c.post(`/admin/newsletter/${id}/decide`, { _csrf: csrf, decision });
    expect(new NewsletterRepo(app.db).byId(id)!.state).toBe('draft');
    expect(await (await c.get(`/admin/newsletter/${id}?lang=en`)).text()).toContain('No decision recognised: nothing changed.');
    await c.post(`/admin/newsletter/${id}/decide`, { _csrf: csrf, decision: 'approve' });
    const issue = new NewsletterRepo(app.db).byId(id)!;
    expect(issue.state).toBe('approved');
    expect(issue.decided_by).toBe('admin (web)');
    expect(await (await c.get(`/admin/newsletter/${id}?lang=en`)).text()).toMatch(/Approved: \d+ messages queued\./);
    await c.post(`/admin/newsletter/${id}/decide`, { _csrf: csrf, decision: 'skip' });
    expect(new NewsletterRepo(app.db).byId(id)!.state).toBe('approved');
    const page = await (await c.get(`/admin/newsletter/${id}`)).text();
    expect(page).toContain('This issue has been decided already.');
    expect(page).not.toContain('id="approve"');
    expect(await (await c.get(`/admin/newsletter/${id}?lang=de`)).text()).toContain('freigegeben');
  });
});
