import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import type { InboundEvent } from '../../src/chat/model.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;
/** the texts of the messages the bot received from the page */
const received: string[] = [];

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({ page: { viewport: { width: 375, height: 700 } } }));
  const handle = app.bot.handle.bind(app.bot);
  app.bot.handle = (e: InboundEvent) => {
    if (typeof e.text === 'string') received.push(e.text);
    return handle(e);
  };
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

const answers = () => page.locator('#log .msg.bot').count();
const waitForAnswer = (before: number) => page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);

describe('web chat: a message of several lines, on a phone', () => {
  it('keeps the line breaks of a pasted text: the bot receives them and the person sees them', async () => {
    await page.goto(`${server.url}/?as=julia.baumann@alpenfirn.example`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const text = 'Hallo IT\nmein Laptop startet nicht mehr.\n\nWie bekomme ich ein Ersatzgerät?';
    await page.focus('#text');
    await page.keyboard.insertText(text);
    expect(await page.inputValue('#text')).toBe(text);
    // the field shows the lines it holds (it grows), and stays inside the phone's screen with the button beside it
    const box = (await page.locator('#text').boundingBox())!;
    const button = (await page.locator('#send').boundingBox())!;
    expect(box.height).toBeGreaterThan(60);
    expect(button.x + button.width).toBeLessThanOrEqual(375);
    expect(box.x + box.width).toBeLessThanOrEqual(button.x);
    const before = await answers();
    await page.press('#text', 'Enter');
    await waitForAnswer(before);
    expect(received.at(-1)).toBe(text);
    expect(await page.locator('#log .msg.user .bubble').last().innerText()).toBe(text);
    expect(await page.inputValue('#text')).toBe('');
  });

  it('Shift+Enter starts a new line, Enter sends', async () => {
    await page.focus('#text');
    await page.keyboard.type('Drucker');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('druckt nicht');
    expect(await page.inputValue('#text')).toBe('Drucker\ndruckt nicht');
    const before = await answers();
    await page.keyboard.press('Enter');
    await waitForAnswer(before);
    expect(received.at(-1)).toBe('Drucker\ndruckt nicht');
  });

  it('is a labelled text area that says which key sends, in the person\'s language', async () => {
    const field = page.locator('#text');
    expect(await field.evaluate((e) => e.tagName)).toBe('TEXTAREA');
    expect(await field.getAttribute('aria-label')).toBe('Ihre Frage an den IT-Bot');
    const keys = page.locator(`#${await field.getAttribute('aria-describedby')}`);
    expect(await keys.textContent()).toMatch(/Eingabetaste sendet, Umschalt\+Eingabetaste/);
    await page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    expect(await field.getAttribute('aria-label')).toBe('Your question to the IT bot');
    expect(await keys.textContent()).toBe('Enter sends, Shift+Enter starts a new line.');
  });
});
