import { describe, it, expect, beforeAll } from 'vitest';
import type { InboundEvent } from '../../src/chat/model.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

/** the texts of the messages the bot received from the page */
const received: string[] = [];

const demo = demoBrowserPerFile({ page: { viewport: { width: 375, height: 700 } } });

beforeAll(async () => {
  const handle = demo.app.bot.handle.bind(demo.app.bot);
  demo.app.bot.handle = (e: InboundEvent) => {
    if (typeof e.text === 'string') received.push(e.text);
    return handle(e);
  };
});

const answers = () => demo.page.locator('#log .msg.bot').count();
const waitForAnswer = (before: number) => demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);

describe('web chat: a message of several lines, on a phone', () => {
  it('keeps the line breaks of a pasted text: the bot receives them and the person sees them', async () => {
    await demo.page.goto(`${demo.server.url}/?as=julia.baumann@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const text = 'Hallo IT\nmein Laptop startet nicht mehr.\n\nWie bekomme ich ein Ersatzgerät?';
    await demo.page.focus('#text');
    await demo.page.keyboard.insertText(text);
    expect(await demo.page.inputValue('#text')).toBe(text);
    // the field shows the lines it holds (it grows), and stays inside the phone's screen with the button beside it
    const box = (await demo.page.locator('#text').boundingBox())!;
    const button = (await demo.page.locator('#send').boundingBox())!;
    expect(box.height).toBeGreaterThan(60);
    expect(button.x + button.width).toBeLessThanOrEqual(375);
    expect(box.x + box.width).toBeLessThanOrEqual(button.x);
    const before = await answers();
    await demo.page.press('#text', 'Enter');
    await waitForAnswer(before);
    expect(received.at(-1)).toBe(text);
    expect(await demo.page.locator('#log .msg.user .bubble').last().innerText()).toBe(text);
    expect(await demo.page.inputValue('#text')).toBe('');
  });

  it('Shift+Enter starts a new line, Enter sends', async () => {
    await demo.page.focus('#text');
    await demo.page.keyboard.type('Drucker');
    await demo.page.keyboard.press('Shift+Enter');
    await demo.page.keyboard.type('druckt nicht');
    expect(await demo.page.inputValue('#text')).toBe('Drucker\ndruckt nicht');
    const before = await answers();
    await demo.page.keyboard.press('Enter');
    await waitForAnswer(before);
    expect(received.at(-1)).toBe('Drucker\ndruckt nicht');
  });

  it('is a labelled text area that says which key sends, in the person\'s language', async () => {
    const field = demo.page.locator('#text');
    expect(await field.evaluate((e) => e.tagName)).toBe('TEXTAREA');
    expect(await field.getAttribute('aria-label')).toBe('Ihre Frage an den IT-Bot');
    const keys = demo.page.locator(`#${await field.getAttribute('aria-describedby')}`);
    expect(await keys.textContent()).toMatch(/Eingabetaste sendet, Umschalt\+Eingabetaste/);
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    expect(await field.getAttribute('aria-label')).toBe('Your question to the IT bot');
    expect(await keys.textContent()).toBe('Enter sends, Shift+Enter starts a new line.');
  });
});
