import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { upcoming } from '../../src/plan/upcoming.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { ensureIssue, nextOccurrence } from '../../src/newsletter/issues.ts';
import { TOKEN } from './helpers.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({
    env: { ITBOT_ADMIN_TOKEN: TOKEN },
    prepare: (a) => {
      // the demo plan, when this checkout has one; else a small plan of our own
      if (!new PlanRepo(a.db).timezone()) importPlan(a, 'test/admin/fixtures/plan.yaml');
      ensureIssue(a, nextOccurrence(a), 'head.it@alpenfirn.example');
    },
    page: { viewport: { width: 1200, height: 900 }, acceptDownloads: true, locale: 'de-CH' },
  }));
  mkdirSync('docs/screenshots', { recursive: true });
}, 60_000);

afterAll(() => closeDemoBrowser({ app, server, browser }));

describe('admin pages in Chromium', () => {
  it('sends a visitor without a session to the login, and logs in with the token', async () => {
    await page.goto(server.url + '/admin/plan');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('#token', 'wrong-token');
    await page.click('#login');
    expect(await page.locator('.flash.error').innerText()).toContain('Das Token stimmt nicht.');
    await page.fill('#token', TOKEN);
    await page.click('#login');
    await page.waitForURL(/\/admin\/plan/);
    expect(await page.locator('h2').first().innerText()).toBe('Kommunikationsplan');
  });

  it('shows the plan month, marks an occurrence done and sees its state change', async () => {
    const plan = new PlanRepo(app.db).plan()!;
    const now = new Date();
    const next = upcoming(plan, now, new Date(now.getTime() + 400 * 86_400_000))[0]!;
    const month = next.occurrence.slice(0, 7);
    await page.goto(`${server.url}/admin/plan?view=month&month=${month}`);
    const row = page.locator(`tr[data-occ="${next.eventId}|${next.occurrence}"]`);
    expect(await row.getAttribute('data-state')).toBe('planned');
    await row.locator('button[data-done]').click();
    await page.waitForLoadState('load');
    expect(await page.locator(`tr[data-occ="${next.eventId}|${next.occurrence}"]`).getAttribute('data-state')).toBe('done');
    expect(await page.locator('.flash').innerText()).toMatch(/als durchgeführt erfasst/);
    expect(new PlanRepo(app.db).occurrence(next.eventId, next.occurrence)?.state).toBe('done');
    await page.screenshot({ path: 'docs/screenshots/admin-plan-month.png', fullPage: true });
    await page.click('#view-year');
    await page.waitForSelector('#quarter-chart svg');
    expect(await page.locator('#year .month').count()).toBe(12);
    await page.screenshot({ path: 'docs/screenshots/admin-plan-year.png', fullPage: true });
  });

  it('switches the language', async () => {
    await page.click('#lang-en');
    expect(await page.locator('h2').first().innerText()).toBe('Communication plan');
    await page.click('#nav-health');
    expect(await page.locator('h2').first().innerText()).toBe('Health');
  });

  it('shows a survey with its charts and downloads the CSV', async () => {
    await page.click('#nav-surveys');
    await page.click('tr[data-survey="it-pulse"] a');
    await page.waitForSelector('#wave-results');
    expect(await page.locator('#wave-results .chart svg').count()).toBeGreaterThan(0);
    expect(await page.locator('#trend .chart svg').count()).toBeGreaterThan(0);
    const text = await page.locator('main').innerText();
    for (const p of app.people.all()) expect(text).not.toContain(p.email);
    await page.screenshot({ path: 'docs/screenshots/admin-surveys.png', fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    expect(download.suggestedFilename()).toBe('it-pulse.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(exportCsv(app, 'it-pulse'));
    expect(csv.split('\n')[0]).toBe('wave,respondent,department,question,type,value,count');
  });

  it('asks the catalog as the bot would', async () => {
    await page.click('#nav-catalog');
    await page.fill('#q', 'How do I get VPN access?');
    await page.click('#ask');
    await page.waitForSelector('#answer .bot-answer .card');
    expect(await page.locator('#answer .bot-answer').innerText()).toMatch(/VPN/);
    expect(await page.locator('#services tr[data-service]').count()).toBeGreaterThan(30);
    await page.screenshot({ path: 'docs/screenshots/admin-catalog.png', fullPage: true });
  });

  it('previews the newsletter draft', async () => {
    await page.click('#nav-newsletter');
    await page.click('#issues tr[data-issue] a');
    await page.waitForSelector('[data-variant="workplace-first"]');
    expect(await page.locator('#approve').count()).toBe(1);
    await page.screenshot({ path: 'docs/screenshots/admin-newsletter.png', fullPage: true });
  });

  it('shows the customers: departments with their key account managers, and the people', async () => {
    await page.click('#nav-people');
    await page.waitForSelector('#departments');
    expect(await page.locator('#departments tr[data-dept]').count()).toBe(app.people.departments().length);
    expect(await page.locator('#people tr[data-person]').count()).toBe(app.people.all({ activeOnly: true }).length);
    await page.screenshot({ path: 'docs/screenshots/admin-people.png', fullPage: true });
  });

  it('shows health: outbox by state, adapters, scheduler ticks; logs out', async () => {
    await page.click('#nav-health');
    await page.waitForSelector('#outbox');
    expect(await page.locator('#adapters td[data-adapter="web"]').innerText()).toBe('connected');
    await page.screenshot({ path: 'docs/screenshots/admin-health.png', fullPage: true });
    await page.click('#logout');
    await page.waitForURL(/\/admin\/login/);
    await page.goto(server.url + '/admin/health');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
  });
});
