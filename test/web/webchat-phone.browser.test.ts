import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({ page: { viewport: { width: 375, height: 700 } } }));
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

async function ask(text: string): Promise<void> {
  const before = await page.locator('#log .msg.bot').count();
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
  await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
}

/** How far the widest piece of the last answer sticks out of its card, in pixels (0: it fits). */
const overflow = () => page.evaluate(() => {
  const card = [...document.querySelectorAll('#log .msg.bot .card')].pop()!;
  const right = card.getBoundingClientRect().right;
  return Math.max(0, ...[...card.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right - right));
});

describe('web chat on a phone', () => {
  it('the fallback names the helpdesk with its page and mailbox as links, inside the card', async () => {
    await page.goto(`${server.url}/?as=julia.baumann@alpenfirn.example`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await ask('Quantencomputer Budget 2030');
    const last = page.locator('#log .msg.bot').last();
    expect(await last.innerText()).toMatch(/Hier hilft Ihnen ein Mensch weiter/);
    expect(await last.locator('a[href="https://intranet.alpenfirn.example/it/helpdesk"]').count()).toBe(1);
    expect(await last.locator('a[href="mailto:helpdesk@alpenfirn.example"]').count()).toBe(1);
    expect(await last.locator('a[href="mailto:marco.keller@alpenfirn.example"]').count()).toBe(1); // Julia's IT contact (Finance)
    expect(await overflow()).toBe(0);
  });

  it('a card with a self-service address in its text keeps it inside the card and clickable', async () => {
    await ask('Passwort vergessen');
    const last = page.locator('#log .msg.bot').last();
    expect(await last.innerText()).toMatch(/Passwort zurücksetzen/);
    expect(await last.locator('p a[href="https://passwort.alpenfirn.example"]').count()).toBe(1);
    expect(await overflow()).toBe(0);
  });
});
