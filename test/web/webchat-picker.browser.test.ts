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
  ({ app, server, browser, page } = await openDemoBrowser({
    // someone whose department the departments file does not name: the people file's word is all there is
    prepare: (a) => {
      a.people.upsert({ email: 'tom.neu@alpenfirn.example', name: 'Tom Neu', department: 'Facility', language: 'en', manager: false, timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
    },
  }));
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

const option = (email: string) => page.locator(`#who option[value="${email}"]`).innerText();

describe('the person picker speaks the page\'s language', () => {
  it('names the department and the language in words of the page, in German and in English', async () => {
    await page.goto(`${server.url}/?as=beat.zuercher@alpenfirn.example`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await option('beat.zuercher@alpenfirn.example')).toBe('Beat Zürcher (Logistik, Deutsch)');
    expect(await option('emma.wilson@alpenfirn.example')).toBe('Emma Wilson (Marketing, Englisch)');
    expect(await option('claudia.frei@alpenfirn.example')).toBe('Claudia Frei (Geschäftsleitung, Deutsch, VIP)');
    expect(await option('tom.neu@alpenfirn.example')).toBe('Tom Neu (Facility, Englisch)');
    expect(await page.locator('#who option[value=""]').innerText()).toBe('Gast');
    // an English-speaking person picked: the page, and so the picker, is English
    await page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await option('beat.zuercher@alpenfirn.example')).toBe('Beat Zürcher (Logistics, German)');
    expect(await option('emma.wilson@alpenfirn.example')).toBe('Emma Wilson (Marketing, English)');
    expect(await option('claudia.frei@alpenfirn.example')).toBe('Claudia Frei (Management, German, VIP)');
    expect(await page.locator('#who option[value=""]').innerText()).toBe('Guest');
  });
});
