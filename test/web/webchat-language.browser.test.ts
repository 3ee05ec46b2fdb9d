import { describe, it, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

// a person the directory has no language for
const KIM = 'kim.nolang@alpenfirn.example';
const EMMA = 'emma.wilson@alpenfirn.example'; // the directory: English

const demo = demoBrowserPerFile({
  env: { ITBOT_LANG: 'en' },
  prepare: (a) => {
    a.people.upsert({ email: KIM, name: 'Kim Nolang', department: null, language: null, manager: false, timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
  },
});

/** A page in a browser of the given language, showing the web chat as `as` (a guest when empty). */
async function open(locale: string, as: string): Promise<Page> {
  const page = await demo.browser.newPage({ viewport: { width: 1000, height: 900 }, locale });
  await page.goto(`${demo.server.url}/?as=${encodeURIComponent(as)}`);
  await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
  return page;
}

/** The page's own words: its language, the person picker's label, the send button, the field's name, the intro. */
async function pageWords(page: Page) {
  return {
    lang: await page.evaluate(() => document.documentElement.lang),
    who: (await page.locator('header label').innerText()).split('\n')[0]!.trim(),
    send: await page.textContent('#send'),
    field: await page.getAttribute('#text', 'aria-label'),
    intro: (await page.textContent('#intro'))!,
  };
}

/** Asks about VPN and clicks 👍 on the card: the answer to the click. */
async function clickAnswer(page: Page): Promise<string> {
  await page.fill('#text', 'vpn');
  await page.press('#text', 'Enter');
  await page.waitForFunction(() => document.querySelector('#log .msg.bot button[data-action="catalog.feedback"]') !== null);
  const before = await page.locator('#log .msg.bot').count();
  await page.locator('#log .msg.bot button[data-action="catalog.feedback"]').first().click();
  await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
  return (await page.locator('#log .msg.bot').last().innerText()).trim();
}

describe('web chat: one language per person, by the directory, else the browser, else ITBOT_LANG', () => {
  it('a person without a directory language, in a German browser (ITBOT_LANG=en): the page and the answer to a click are German', async () => {
    const page = await open('de-CH', KIM);
    const w = await pageWords(page);
    expect(w).toMatchObject({ lang: 'de', who: 'Ich bin:', send: 'Senden', field: 'Ihre Frage an den IT-Bot' });
    expect(w.intro).toMatch(/^Fragen Sie den IT-Bot/);
    expect(w.intro).not.toMatch(/Ask/);
    expect(await clickAnswer(page)).toBe('Danke für Ihre Rückmeldung!');
    // (and the bot writes to Kim in German later too)
    expect(demo.app.people.byEmail(KIM)!.clientLanguage).toBe('de');
    await page.close();
  });

  it('the same person in an English browser: the page and the answer to a click are English', async () => {
    const page = await open('en-GB', KIM);
    expect(await pageWords(page)).toMatchObject({ lang: 'en', who: 'I am:', send: 'Send', field: 'Your question to the IT bot' });
    expect(await clickAnswer(page)).toBe('Thanks for your feedback!');
    expect(demo.app.people.byEmail(KIM)!.clientLanguage).toBe('en');
    await page.close();
  });

  it('a guest follows the browser, else ITBOT_LANG', async () => {
    const de = await open('de-DE', '');
    expect(await pageWords(de)).toMatchObject({ lang: 'de', send: 'Senden' });
    expect(await de.locator('#who option[value=""]').innerText()).toBe('Gast');
    expect(await clickAnswer(de)).toBe('Danke für Ihre Rückmeldung!');
    await de.close();
    const fr = await open('fr-FR', '');
    const w = await pageWords(fr);
    expect(w).toMatchObject({ lang: 'en', who: 'I am:', send: 'Send', field: 'Your question to the IT bot' });
    expect(w.intro).toMatch(/^Ask the IT bot/);
    expect(await fr.locator('#who option[value=""]').innerText()).toBe('Guest');
    expect(await clickAnswer(fr)).toBe('Thanks for your feedback!');
    await fr.close();
  });

  it('the directory\'s language wins over the browser\'s', async () => {
    const page = await open('de-CH', EMMA);
    expect(await pageWords(page)).toMatchObject({ lang: 'en', send: 'Send' });
    expect(await clickAnswer(page)).toBe('Thanks for your feedback!');
    await page.close();
    expect(demo.page.isClosed()).toBe(false);
  });

  it('a German question from an English browser: the area clicked on the German overview is shown in German', async () => {
    const page = await open('en-GB', KIM);
    await page.fill('#text', 'was bietet die IT?');
    await page.press('#text', 'Enter');
    const area = page.locator('#log .msg.bot button[data-action]', { hasText: /^Arbeitsplatz/ }).first();
    await area.waitFor();
    const before = await page.locator('#log .msg.bot').count();
    await area.click();
    await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
    const answer = (await page.locator('#log .msg.bot').last().innerText()).trim();
    expect(answer).toMatch(/^Arbeitsplatz: /);
    expect(answer).not.toMatch(/Workplace/);
    await page.close();
  });
});

