import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { upcoming } from '../../src/plan/upcoming.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { ensureIssue, nextOccurrence } from '../../src/newsletter/issues.ts';
import { TOKEN } from './helpers.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({
  env: { ITBOT_ADMIN_TOKEN: TOKEN },
  prepare: (a) => {
    // the demo plan, when this checkout has one; else a small plan of our own
    if (!new PlanRepo(a.db).timezone()) importPlan(a, 'test/admin/fixtures/plan.yaml');
    ensureIssue(a, nextOccurrence(a), 'head.it@alpenfirn.example');
  },
  page: { viewport: { width: 1200, height: 900 }, acceptDownloads: true, locale: 'de-CH' },
});

beforeAll(() => {
  mkdirSync('docs/screenshots', { recursive: true });
});

describe('admin pages in Chromium', () => {
  it('sends a visitor without a session to the login, and logs in with the token', async () => {
    await demo.page.goto(demo.server.url + '/admin/plan');
    expect(new URL(demo.page.url()).pathname).toBe('/admin/login');
    await demo.page.fill('#token', 'wrong-token');
    await demo.page.click('#login');
    expect(await demo.page.locator('.flash.error').innerText()).toContain('Das Token stimmt nicht.');
    await demo.page.fill('#token', TOKEN);
    await demo.page.click('#login');
    await demo.page.waitForURL(/\/admin\/plan/);
    expect(await demo.page.locator('h2').first().innerText()).toBe('Kommunikationsplan');
  });

  it('shows the plan month, marks an occurrence done and sees its state change', async () => {
    const plan = new PlanRepo(demo.app.db).plan()!;
    const now = new Date();
    const next = upcoming(plan, now, new Date(now.getTime() + 400 * 86_400_000))[0]!;
    const month = next.occurrence.slice(0, 7);
    await demo.page.goto(`${demo.server.url}/admin/plan?view=month&month=${month}`);
    const row = demo.page.locator(`tr[data-occ="${next.eventId}|${next.occurrence}"]`);
    expect(await row.getAttribute('data-state')).toBe('planned');
    await row.locator('button[data-done]').click();
    await demo.page.waitForLoadState('load');
    expect(await demo.page.locator(`tr[data-occ="${next.eventId}|${next.occurrence}"]`).getAttribute('data-state')).toBe('done');
    expect(await demo.page.locator('.flash').innerText()).toMatch(/als durchgeführt erfasst/);
    expect(new PlanRepo(demo.app.db).occurrence(next.eventId, next.occurrence)?.state).toBe('done');
    await demo.page.screenshot({ path: 'docs/screenshots/admin-plan-month.png', fullPage: true });
    await demo.page.click('#view-year');
    await demo.page.waitForSelector('#quarter-chart svg');
    expect(await demo.page.locator('#year .month').count()).toBe(12);
    await demo.page.screenshot({ path: 'docs/screenshots/admin-plan-year.png', fullPage: true });
  });

  it('switches the language', async () => {
    await demo.page.click('#lang-en');
    expect(await demo.page.locator('h2').first().innerText()).toBe('Communication plan');
    await demo.page.click('#nav-health');
    expect(await demo.page.locator('h2').first().innerText()).toBe('Health');
  });

  it('shows a survey with its charts and downloads the CSV', async () => {
    await demo.page.click('#nav-surveys');
    await demo.page.click('tr[data-survey="it-pulse"] a');
    await demo.page.waitForSelector('#wave-results');
    expect(await demo.page.locator('#wave-results .chart svg').count()).toBeGreaterThan(0);
    expect(await demo.page.locator('#trend .chart svg').count()).toBeGreaterThan(0);
    const text = await demo.page.locator('main').innerText();
    for (const p of demo.app.people.all()) expect(text).not.toContain(p.email);
    await demo.page.screenshot({ path: 'docs/screenshots/admin-surveys.png', fullPage: true });
    const [download] = await Promise.all([demo.page.waitForEvent('download'), demo.page.click('#csv')]);
    expect(download.suggestedFilename()).toBe('it-pulse.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(exportCsv(demo.app, 'it-pulse'));
    expect(csv.split('\n')[0]).toBe('wave,respondent,department,question,type,value,count');
  });

  it('asks the catalog as the bot would', async () => {
    await demo.page.click('#nav-catalog');
    await demo.page.fill('#q', 'How do I get VPN access?');
    await demo.page.click('#ask');
    await demo.page.waitForSelector('#answer .bot-answer .card');
    expect(await demo.page.locator('#answer .bot-answer').innerText()).toMatch(/VPN/);
    expect(await demo.page.locator('#services tr[data-service]').count()).toBeGreaterThan(30);
    await demo.page.screenshot({ path: 'docs/screenshots/admin-catalog.png', fullPage: true });
  });

  it('previews the newsletter draft', async () => {
    await demo.page.click('#nav-newsletter');
    await demo.page.click('#issues tr[data-issue] a');
    await demo.page.waitForSelector('[data-variant="workplace-first"]');
    expect(await demo.page.locator('#approve').count()).toBe(1);
    await demo.page.screenshot({ path: 'docs/screenshots/admin-newsletter.png', fullPage: true });
  });

  it('shows the customers: departments with their key account managers, and the people', async () => {
    await demo.page.click('#nav-people');
    await demo.page.waitForSelector('#departments');
    expect(await demo.page.locator('#departments tr[data-dept]').count()).toBe(demo.app.people.departments().length);
    expect(await demo.page.locator('#people tr[data-person]').count()).toBe(demo.app.people.all({ activeOnly: true }).length);
    await demo.page.screenshot({ path: 'docs/screenshots/admin-people.png', fullPage: true });
  });

  it('shows health: outbox by state, adapters, scheduler ticks; logs out', async () => {
    await demo.page.click('#nav-health');
    await demo.page.waitForSelector('#outbox');
    expect(await demo.page.locator('#adapters td[data-adapter="web"]').innerText()).toBe('connected');
    await demo.page.screenshot({ path: 'docs/screenshots/admin-health.png', fullPage: true });
    await demo.page.click('#logout');
    await demo.page.waitForURL(/\/admin\/login/);
    await demo.page.goto(demo.server.url + '/admin/health');
    expect(new URL(demo.page.url()).pathname).toBe('/admin/login');
  });
});
