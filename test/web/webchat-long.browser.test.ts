import { describe, it, expect, beforeAll } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';
import { MAX_TEXT } from '../../src/chat/bot.ts';

/** the texts the page posted to /web/message */
const sent: string[] = [];

const demo = demoBrowserPerFile();

beforeAll(async () => {
  demo.page.on('request', (r) => {
    if (r.url().endsWith('/web/message')) sent.push((JSON.parse(r.postData() ?? '{}') as { text: string }).text);
  });
});

/** Pastes `text` into the question field as a person would (not setting its value from outside), and sends it. */
async function paste(text: string): Promise<string> {
  const before = await demo.page.locator('#log .msg.bot').count();
  await demo.page.fill('#text', '');
  await demo.page.focus('#text');
  await demo.page.keyboard.insertText(text);
  await demo.page.press('#text', 'Enter');
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
  return (await demo.page.locator('#log .msg.bot').last().innerText()).trim();
}

describe('a question longer than the bot reads', () => {
  it('is not sent cut: the person is told, in their language, and keeps the whole text to shorten', async () => {
    await demo.page.goto(`${demo.server.url}/?as=beat.zuercher@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const long = 'Mein Drucker druckt nur noch Streifen. '.repeat(Math.ceil((MAX_TEXT + 500) / 39)).trim();
    expect(long.length).toBeGreaterThan(MAX_TEXT);
    const users = await demo.page.locator('#log .msg.user').count();
    expect(await paste(long)).toBe(`Ihre Nachricht ist zu lang (${long.length} Zeichen, höchstens ${MAX_TEXT}) und wurde nicht gesendet. Bitte fassen Sie Ihre Frage kürzer.`);
    expect(sent).toEqual([]);
    expect(await demo.page.locator('#log .msg.user').count()).toBe(users);
    expect(await demo.page.inputValue('#text')).toBe(long);

    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    const en = 'My printer only prints stripes. '.repeat(Math.ceil((MAX_TEXT + 1) / 32));
    expect(await paste(en)).toMatch(/^Your message is too long \(\d+ characters, at most 4000\) and was not sent\./);
    expect(sent).toEqual([]);
  });

  it('a question of just the length the bot reads is sent whole', async () => {
    sent.length = 0;
    const fits = 'x'.repeat(MAX_TEXT - 20) + ' mein drucker streikt';
    await paste(fits.slice(0, MAX_TEXT));
    expect(sent.map((s) => s.length)).toEqual([MAX_TEXT]);
  });
});

describe('a very long word', () => {
  it('in the person\'s own message (a pasted link, a serial number) wraps inside its bubble instead of widening the page', async () => {
    await demo.page.goto(`${demo.server.url}/?as=beat.zuercher@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const word = `https://intranet.alpenfirn.example/${'x'.repeat(300)}`;
    await paste(word);
    const bubble = demo.page.locator('#log .msg.user .bubble').last();
    expect(await bubble.innerText()).toBe(word);
    const { page, view, right } = await bubble.evaluate((b) => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, right: b.getBoundingClientRect().right }));
    expect(page).toBe(view);
    expect(right).toBeLessThanOrEqual(view);
  });
});
