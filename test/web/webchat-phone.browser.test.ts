import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

// (Marketing's IT contact has a long address, as double names give)
const LONG = 'anna-lena.zimmermann-brunner@alpenfirn.example';
const demo = demoBrowserPerFile({
  page: { viewport: { width: 360, height: 700 } },
  prepare: (app) => {
    app.people.upsert({ email: LONG, name: 'Anna-Lena Zimmermann', department: 'IT', manager: false, language: 'de', timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
    app.people.upsertDepartment({ id: 'Marketing', nameDe: 'Marketing', nameEn: 'Marketing', keyAccountEmail: LONG, itChannelSlack: null, itChannelTeams: null });
  },
});

async function ask(text: string): Promise<void> {
  const before = await demo.page.locator('#log .msg.bot').count();
  await demo.page.fill('#text', text);
  await demo.page.press('#text', 'Enter');
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
}

/**
 * Every place where an e-mail address of the last answer is broken across lines, as the address
 * with " / " at the break, and how far anything sticks out of the card (0: it fits).
 */
const layout = () => demo.page.evaluate(() => {
  const card = [...document.querySelectorAll('#log .msg.bot .card')].pop()!;
  const right = card.getBoundingClientRect().right;
  const breaks: string[] = [];
  for (const a of card.querySelectorAll('a[href^="mailto:"]')) {
    const range = document.createRange();
    const address = a.textContent!;
    // (the top of each character, read over the link's text nodes in order)
    const tops: number[] = [];
    const walker = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      for (let i = 0; i < t.textContent!.length; i++) {
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        tops.push(Math.round(range.getBoundingClientRect().top));
      }
    }
    for (let i = 1; i < tops.length; i++) if (tops[i]! > tops[i - 1]!) breaks.push(`${address.slice(0, i)} / ${address.slice(i)}`);
  }
  const overflow = Math.max(0, ...[...card.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right - right));
  return { breaks, overflow };
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
    expect((await layout()).overflow).toBe(0);
  });

  it('a card with a self-service address in its text keeps it inside the card and clickable', async () => {
    await ask('Passwort vergessen');
    const last = demo.page.locator('#log .msg.bot').last();
    expect(await last.innerText()).toMatch(/Passwort zurücksetzen/);
    expect(await last.locator('p a[href="https://passwort.alpenfirn.example"]').count()).toBe(1);
    expect((await layout()).overflow).toBe(0);
  });
  it('an e-mail address in a card breaks after its @ or before a dot, never inside a word, and stays inside the card', async () => {
    await demo.page.goto(`${demo.server.url}/?as=emma.wilson@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    for (const q of ['Who is my IT contact?', 'VPN', 'quantum computer budget 2030']) {
      await ask(q);
      const { breaks, overflow } = await layout();
      // (the long address does not fit a phone's line in the contact's field)
      if (q.startsWith('Who')) expect(breaks.length, q).toBeGreaterThan(0);
      for (const b of breaks) expect(b, q).toMatch(/@ \/ | \/ \./);
      expect(overflow, q).toBe(0);
    }
  });
});
