import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({
  // someone whose department the departments file does not name: the people file's word is all there is
  prepare: (a) => {
    a.people.upsert({ email: 'tom.neu@alpenfirn.example', name: 'Tom Neu', department: 'Facility', language: 'en', manager: false, timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
  },
});

const option = (email: string) => demo.page.locator(`#who option[value="${email}"]`).innerText();

describe('the person picker speaks the page\'s language', () => {
  it('names the department and the language in words of the page, in German and in English', async () => {
    await demo.page.goto(`${demo.server.url}/?as=beat.zuercher@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await option('beat.zuercher@alpenfirn.example')).toBe('Beat Zürcher (Logistik, Deutsch)');
    expect(await option('emma.wilson@alpenfirn.example')).toBe('Emma Wilson (Marketing, Englisch)');
    expect(await option('claudia.frei@alpenfirn.example')).toBe('Claudia Frei (Geschäftsleitung, Deutsch, VIP)');
    expect(await option('tom.neu@alpenfirn.example')).toBe('Tom Neu (Facility, Englisch)');
    expect(await demo.page.locator('#who option[value=""]').innerText()).toBe('Gast');
    // an English-speaking person picked: the page, and so the picker, is English
    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await option('beat.zuercher@alpenfirn.example')).toBe('Beat Zürcher (Logistics, German)');
    expect(await option('emma.wilson@alpenfirn.example')).toBe('Emma Wilson (Marketing, English)');
    expect(await option('claudia.frei@alpenfirn.example')).toBe('Claudia Frei (Management, German, VIP)');
    expect(await demo.page.locator('#who option[value=""]').innerText()).toBe('Guest');
  });
});

describe('a person of the link or of the last visit who is not in the directory', () => {
  it('is not shown as an empty picker: the page is the guest\'s, and forgets them', async () => {
    await demo.page.goto(`${demo.server.url}/`);
    await demo.page.evaluate(() => localStorage.setItem('itbot-as', 'left.company@alpenfirn.example'));
    await demo.page.goto(`${demo.server.url}/`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    expect(await demo.page.evaluate(() => (document.getElementById('who') as HTMLSelectElement).selectedIndex)).toBe(0);
    expect(await demo.page.locator('#who option:checked').innerText()).toBe('Gast');
    expect(await demo.page.evaluate(() => localStorage.getItem('itbot-as'))).toBeNull();
  });

  it('is found whatever the case of the address in the link', async () => {
    await demo.page.goto(`${demo.server.url}/?as=Emma.Wilson@Alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    expect(await demo.page.evaluate(() => (document.getElementById('who') as HTMLSelectElement).value)).toBe('emma.wilson@alpenfirn.example');
    expect(await demo.page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
