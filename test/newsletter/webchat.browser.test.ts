import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { outbox } from './fixtures.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // the demo helpdesk export ends on 2026-11-25: pin the clock just after it
  ({ app, server, browser, page } = await openDemoBrowser({ now: '2026-11-26T10:00:00Z' }));
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

describe('the newsletter preview in the web chat (demo data)', () => {
  it('shows the owner the draft with working Approve / Edit / Skip buttons', async () => {
    await page.goto(server.url + '/');
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await page.selectOption('#who', 'anna.schmid@alpenfirn.example');
    await page.fill('#text', 'Newsletter');
    await page.press('#text', 'Enter');
    const approve = page.getByRole('button', { name: 'Freigeben' }).last();
    await approve.waitFor({ timeout: 15_000 });
    const bubble = (await page.locator('#log .msg.bot').last().innerText()).trim();
    expect(bubble).toContain('Entwurf: Helpdesk-Newsletter und Monatsbericht');
    expect(bubble).toContain('Telefonie mit Teams');
    const edit = page.getByRole('link', { name: 'Bearbeiten' }).last();
    expect(await edit.getAttribute('href')).toMatch(/^\/admin\/newsletter\/\d+$/);
    expect(outbox(app, 'newsletter')).toHaveLength(0);
    await approve.click();
    await page.waitForFunction(() => /Freigegeben\. Die Ausgabe geht/.test(document.querySelector('#log')!.textContent ?? ''), null, { timeout: 15_000 });
    expect(outbox(app, 'newsletter').length).toBeGreaterThan(1);
  });
});
