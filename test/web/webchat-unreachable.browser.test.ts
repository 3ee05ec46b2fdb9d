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
  ({ app, server, browser, page } = await openDemoBrowser());
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

const botCount = () => page.locator('#log .msg.bot').count();
const lastBot = async () => (await page.locator('#log .msg.bot').last().innerText()).trim();
async function waitForBot(before: number): Promise<string> {
  await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
  return lastBot();
}
/** The server as a person sees it while it restarts: nothing answers on the chat's routes. */
const serverDown = () => page.route('**/web/{message,action}', (route) => route.abort('connectionrefused'));
const serverUp = () => page.unroute('**/web/{message,action}');

describe('web chat while the server cannot be reached (a restart)', () => {
  it('says so in the person\'s language and gives the unsent text back, instead of leaving the question unanswered', async () => {
    await page.goto(`${server.url}/?as=beat.zuercher@alpenfirn.example`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await serverDown();
    const before = await botCount();
    await page.fill('#text', 'wie bekomme ich VPN?');
    await page.press('#text', 'Enter');
    expect(await waitForBot(before)).toMatch(/^Der IT-Bot ist im Moment nicht erreichbar.*Bitte versuchen Sie es gleich nochmals\.$/);
    expect(await page.inputValue('#text')).toBe('wie bekomme ich VPN?');
    // back up: the same Enter sends it
    await serverUp();
    const again = await botCount();
    await page.press('#text', 'Enter');
    expect(await waitForBot(again)).toMatch(/VPN-Fernzugriff/);
  });

  it('lets a button that did not get through be clicked again', async () => {
    await page.fill('#text', 'was macht die IT?');
    const before = await botCount();
    await page.press('#text', 'Enter');
    await waitForBot(before);
    const area = page.locator('#log button', { hasText: 'Arbeitsplatz' }).first();
    await serverDown();
    const down = await botCount();
    await area.click();
    expect(await waitForBot(down)).toMatch(/nicht erreichbar/);
    expect(await area.isEnabled()).toBe(true);
    await serverUp();
    const up = await botCount();
    await area.click();
    expect(await waitForBot(up)).toMatch(/Arbeitsplatz: \d+ Services/);
  });

  it('speaks English to an English-speaking person', async () => {
    await page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    await serverDown();
    const before = await botCount();
    await page.fill('#text', 'my laptop is broken');
    await page.press('#text', 'Enter');
    expect(await waitForBot(before)).toBe('The IT bot cannot be reached at the moment, so your message did not arrive. Please try again shortly.');
    await serverUp();
  });
});
