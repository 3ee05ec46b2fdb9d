import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({ page: { viewport: { width: 375, height: 700 } } });

async function ask(text: string): Promise<void> {
  const before = await demo.page.locator('#log .msg.bot').count();
  await demo.page.fill('#text', text);
  await demo.page.press('#text', 'Enter');
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
}

/** How far the widest piece of the last answer sticks out of its card, in pixels (0: it fits). */
const overflow = () => demo.page.evaluate(() => {
  const card = [...document.querySelectorAll('#log .msg.bot .card')].pop()!;
  const right = card.getBoundingClientRect().right;
  return Math.max(0, ...[...card.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right - right));
});

describe('web chat on a phone', () => {
  it('the fallback names the helpdesk with its page and mailbox as links, inside the card', async () => {
    await demo.page.goto(`${demo.server.url}/?as=julia.baumann@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await ask('Quantencomputer Budget 2030');
    const last = demo.page.locator('#log .msg.bot').last();
    expect(await last.innerText()).toMatch(/Hier hilft Ihnen ein Mensch weiter/);
    expect(await last.locator('a[href="https://intranet.alpenfirn.example/it/helpdesk"]').count()).toBe(1);
    expect(await last.locator('a[href="mailto:helpdesk@alpenfirn.example"]').count()).toBe(1);
    expect(await last.locator('a[href="mailto:marco.keller@alpenfirn.example"]').count()).toBe(1); // Julia's IT contact (Finance)
    expect(await overflow()).toBe(0);
  });

  it('a card with a self-service address in its text keeps it inside the card and clickable', async () => {
    await ask('Passwort vergessen');
    const last = demo.page.locator('#log .msg.bot').last();
    expect(await last.innerText()).toMatch(/Passwort zurücksetzen/);
    expect(await last.locator('p a[href="https://passwort.alpenfirn.example"]').count()).toBe(1);
    expect(await overflow()).toBe(0);
  });
});
