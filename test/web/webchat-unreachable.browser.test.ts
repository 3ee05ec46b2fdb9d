import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile();

const botCount = () => demo.page.locator('#log .msg.bot').count();
const lastBot = async () => (await demo.page.locator('#log .msg.bot').last().innerText()).trim();
async function waitForBot(before: number): Promise<string> {
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
  return lastBot();
}
/** Types a question and presses Enter; the bot's next message. */
async function ask(text: string): Promise<string> {
  const before = await botCount();
  await demo.page.fill('#text', text);
  await demo.page.press('#text', 'Enter');
  return waitForBot(before);
}
/** The server as a person sees it while it restarts: nothing answers on the chat's routes. */
const serverDown = () => demo.page.route('**/web/{message,action}', (route) => route.abort('connectionrefused'));
const serverUp = () => demo.page.unroute('**/web/{message,action}');

describe('web chat while the server cannot be reached (a restart)', () => {
  it('says so in the person\'s language and gives the unsent text back, instead of leaving the question unanswered', async () => {
    await demo.page.goto(`${demo.server.url}/?as=beat.zuercher@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await serverDown();
    const before = await botCount();
    await demo.page.fill('#text', 'wie bekomme ich VPN?');
    await demo.page.press('#text', 'Enter');
    expect(await waitForBot(before)).toMatch(/^Der IT-Bot ist im Moment nicht erreichbar.*Bitte versuchen Sie es gleich nochmals\.$/);
    expect(await demo.page.inputValue('#text')).toBe('wie bekomme ich VPN?');
    // back up: the same Enter sends it
    await serverUp();
    const again = await botCount();
    await demo.page.press('#text', 'Enter');
    expect(await waitForBot(again)).toMatch(/VPN-Fernzugriff/);
  });

  it('lets a button that did not get through be clicked again', async () => {
    await demo.page.fill('#text', 'was macht die IT?');
    const before = await botCount();
    await demo.page.press('#text', 'Enter');
    await waitForBot(before);
    const area = demo.page.locator('#log button', { hasText: 'Arbeitsplatz' }).first();
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
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    await serverDown();
    expect(await ask('my laptop is broken')).toBe('The IT bot cannot be reached at the moment, so your message did not arrive. Please try again shortly.');
    await serverUp();
  });
});

describe('web chat when the server fails on its side (a database another process keeps locked)', () => {
  /** The server's answer to a failure of its own: 500 with its English JSON error. */
  const serverFails = () => demo.page.route('**/web/{message,action}', (route) => route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal error"}' }));

  it('says so in the person\'s language, not "internal error", and gives the unsent text back', async () => {
    await demo.page.selectOption('#who', 'beat.zuercher@alpenfirn.example');
    await serverFails();
    expect(await ask('wie bekomme ich VPN?')).toMatch(/^Der IT-Bot konnte Ihre Nachricht gerade nicht bearbeiten.*Bitte versuchen Sie es gleich nochmals/);
    expect(await demo.page.inputValue('#text')).toBe('wie bekomme ich VPN?');
    await serverUp();
  });
});
