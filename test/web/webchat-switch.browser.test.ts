import { describe, it, expect } from 'vitest';
import type { Route } from 'playwright-core';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';
import { putWebMessage } from '../../src/store/web-inbox-repo.ts';

const demo = demoBrowserPerFile();

const BEAT = 'beat.zuercher@alpenfirn.example';
const EMMA = 'emma.wilson@alpenfirn.example';
const logText = () => demo.page.locator('#log').innerText();

/** Holds the server's answers to requests matching `url` until `release()`: the request reaches the server, its answer waits. */
async function holdAnswers(url: string, matches: (route: Route) => boolean = () => true): Promise<{ held: Promise<void>; release: () => void }> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let heldOne!: () => void;
  const held = new Promise<void>((r) => (heldOne = r));
  await demo.page.route(url, async (route) => {
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
    await demo.page.goto(`${demo.server.url}/?as=${BEAT}`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    const { held, release } = await holdAnswers('**/web/message');
    await demo.page.fill('#text', 'wer ist mein IT-Ansprechpartner?');
    await demo.page.press('#text', 'Enter');
    await held;
    await demo.page.selectOption('#who', EMMA);
    const late = demo.page.waitForResponse((r) => r.url().endsWith('/web/message'));
    release();
    await late;
    await demo.page.unroute('**/web/message');
    // Emma's own question: her answer comes after Beat's late one has been handled
    await demo.page.fill('#text', 'who is my IT contact?');
    await demo.page.press('#text', 'Enter');
    await demo.page.waitForFunction(() => document.querySelectorAll('#log .msg.bot').length > 0);
    await demo.page.waitForFunction(() => /Your IT contact/.test(document.getElementById('log')!.innerText));
    const text = await logText();
    expect(text).not.toMatch(/Ihre IT-Ansprechperson|Luca Rossi/); // Beat's (Logistics) answer
    expect(text).toMatch(/Sandra Meier/); // Emma's (Marketing)
    expect(await demo.page.locator('#log .msg.bot').count()).toBe(1);
  });

  it('shows the new person their own recent messages, not the previous person\'s inbox read', async () => {
    const at = demo.app.clock.now();
    putWebMessage(demo.app.db, EMMA, { text: 'Reminder for Emma: IT info meeting', lang: 'en' }, 'switch-test-emma', at);
    putWebMessage(demo.app.db, BEAT, { text: 'Erinnerung für Beat: IT-Stamm', lang: 'de' }, 'switch-test-beat', at);
    await demo.page.goto(`${demo.server.url}/?as=${EMMA}`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    await demo.page.waitForFunction(() => /Reminder for Emma/.test(document.getElementById('log')!.innerText));
    await demo.page.selectOption('#who', BEAT);
    // Beat's first read is held while Emma is picked again
    const { held, release } = await holdAnswers('**/web/inbox?**', (route) => route.request().url().includes(encodeURIComponent(BEAT)));
    await held;
    await demo.page.selectOption('#who', EMMA);
    const late = demo.page.waitForResponse((r) => r.url().includes('/web/inbox') && r.url().includes(encodeURIComponent(BEAT)));
    release();
    await late;
    await demo.page.waitForFunction(() => /Reminder for Emma/.test(document.getElementById('log')!.innerText));
    expect(await logText()).not.toMatch(/Erinnerung für Beat/);
    await demo.page.unroute('**/web/inbox?**');
  });
});
