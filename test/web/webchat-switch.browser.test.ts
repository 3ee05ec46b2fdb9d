import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page, Route } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';
import { putWebMessage } from '../../src/store/web-inbox-repo.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser());
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

const BEAT = 'beat.zuercher@alpenfirn.example';
const EMMA = 'emma.wilson@alpenfirn.example';
const logText = () => page.locator('#log').innerText();

/** Holds the server's answers to requests matching `url` until `release()`: the request reaches the server, its answer waits. */
async function holdAnswers(url: string, matches: (route: Route) => boolean = () => true): Promise<{ held: Promise<void>; release: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let heldOne!: () => void;
  const held = new Promise<void>((r) => (heldOne = r));
  await page.route(url, async (route) => {
    if (!matches(route)) return route.continue();
    const answer = await route.fetch();
    heldOne();
    await gate;
    await route.fulfill({ response: answer });
  });
  return { held, release };
}

describe('web chat: picking another person while an answer is on its way', () => {
  it('does not show the previous person\'s answer in the new person\'s conversation', async () => {
    await page.goto(`${server.url}/?as=${BEAT}`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const { held, release } = await holdAnswers('**/web/message');
    await page.fill('#text', 'wer ist mein IT-Ansprechpartner?');
    await page.press('#text', 'Enter');
    await held;
    await page.selectOption('#who', EMMA);
    const late = page.waitForResponse((r) => r.url().endsWith('/web/message'));
    release();
    await late;
    await page.unroute('**/web/message');
    // Emma's own question: her answer comes after Beat's late one has been handled
    await page.fill('#text', 'who is my IT contact?');
    await page.press('#text', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#log .msg.bot').length > 0);
    await page.waitForFunction(() => /Your IT contact/.test(document.getElementById('log')!.innerText));
    const text = await logText();
    expect(text).not.toMatch(/Ihre IT-Ansprechperson|Luca Rossi/); // Beat's (Logistics) answer
    expect(text).toMatch(/Sandra Meier/); // Emma's (Marketing)
    expect(await page.locator('#log .msg.bot').count()).toBe(1);
  });

  it('shows the new person their own recent messages, not the previous person\'s inbox read', async () => {
    const at = app.clock.now();
    putWebMessage(app.db, EMMA, { text: 'Reminder for Emma: IT info meeting', lang: 'en' }, 'switch-test-emma', at);
    putWebMessage(app.db, BEAT, { text: 'Erinnerung für Beat: IT-Stamm', lang: 'de' }, 'switch-test-beat', at);
    await page.goto(`${server.url}/?as=${EMMA}`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await page.waitForFunction(() => /Reminder for Emma/.test(document.getElementById('log')!.innerText));
    await page.selectOption('#who', BEAT);
    // Beat's first read is held while Emma is picked again
    const { held, release } = await holdAnswers('**/web/inbox?**', (route) => route.request().url().includes(encodeURIComponent(BEAT)));
    await held;
    await page.selectOption('#who', EMMA);
    const late = page.waitForResponse((r) => r.url().includes('/web/inbox') && r.url().includes(encodeURIComponent(BEAT)));
    release();
    await late;
    await page.waitForFunction(() => /Reminder for Emma/.test(document.getElementById('log')!.innerText));
    expect(await logText()).not.toMatch(/Erinnerung für Beat/);
    await page.unroute('**/web/inbox?**');
  });
});
