import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';
import { putWebMessage } from '../../src/store/web-inbox-repo.ts';

const demo = demoBrowserPerFile();

async function waitForAnswer(before: number): Promise<void> {
  await demo.page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
}

describe('web chat with a screen reader and the keyboard only', () => {
  it('names the question field, the person picker and the 👍 👎 buttons in words of the person\'s language', async () => {
    await demo.page.goto(`${demo.server.url}/?as=beat.zuercher@alpenfirn.example`);
    await demo.page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    // (the picker's name is its visible label, not a hidden English word)
    expect(await demo.page.getByRole('combobox', { name: 'Ich bin:', exact: true }).count()).toBe(1);
    const field = demo.page.getByRole('textbox', { name: 'Ihre Frage an den IT-Bot' });
    expect(await field.count()).toBe(1);
    await field.fill('wie bekomme ich VPN?');
    const before = await demo.page.locator('#log .msg.bot').count();
    await field.press('Enter');
    await waitForAnswer(before);
    const card = demo.page.locator('#log .msg.bot').last();
    expect(await card.getByRole('button', { name: 'Ja, das hat geholfen' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Nein, das hat nicht geholfen' }).count()).toBe(1);

    await demo.page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    const en = demo.page.getByRole('textbox', { name: 'Your question to the IT bot' });
    expect(await en.count()).toBe(1);
    expect(await demo.page.getByRole('combobox', { name: 'I am:', exact: true }).count()).toBe(1);
    await en.fill('my laptop is broken');
    const again = await demo.page.locator('#log .msg.bot').count();
    await en.press('Enter');
    await waitForAnswer(again);
    const enCard = demo.page.locator('#log .msg.bot').last();
    expect(await enCard.getByRole('button', { name: 'Yes, this helped' }).count()).toBe(1);
    expect(await enCard.getByRole('button', { name: 'No, this did not help' }).count()).toBe(1);
  });

  it('after a button pressed with the keyboard, the focus is in the question field, not back at the top of the page', async () => {
    const up = demo.page.locator('#log .msg.bot').last().locator('button', { hasText: '👍' });
    await up.focus();
    const before = await demo.page.locator('#log .msg.bot').count();
    await demo.page.keyboard.press('Enter');
    await waitForAnswer(before);
    expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/Thanks for your feedback/);
    expect(await demo.page.evaluate(() => document.activeElement?.id)).toBe('text');
    // so the next question is typed straight away
    const next = await demo.page.locator('#log .msg.bot').count();
    await demo.page.keyboard.type('who is my IT contact?');
    await demo.page.keyboard.press('Enter');
    await waitForAnswer(next);
    expect(await demo.page.locator('#log .msg.bot').last().innerText()).toMatch(/Sandra Meier/);
  });

  it('does not read out the old messages shown when the chat opens or another person is picked, but does read new ones', async () => {
    const at = demo.app.clock.now();
    for (let i = 1; i <= 3; i++) putWebMessage(demo.app.db, 'emma.wilson@alpenfirn.example', { text: `Old reminder ${i} for Emma`, lang: 'en' }, `a11y-old-emma-${i}`, at);
    putWebMessage(demo.app.db, 'beat.zuercher@alpenfirn.example', { text: 'Alte Erinnerung für Beat', lang: 'de' }, 'a11y-old-beat', at);
    // (whether a message's text is inside a region a screen reader announces)
    const announced = (text: string) =>
      demo.page.evaluate((t) => {
        const msg = [...document.querySelectorAll('#log .msg')].find((m) => m.textContent!.includes(t));
        if (!msg) throw new Error(`no message ${t}`);
        const region = msg.closest('[aria-live]');
        return Boolean(region && region.getAttribute('aria-live') !== 'off');
      }, text);
    await demo.page.goto(`${demo.server.url}/?as=emma.wilson@alpenfirn.example`);
    await demo.page.waitForFunction(() => /Old reminder 3 for Emma/.test(document.getElementById('log')!.innerText));
    expect(await announced('Old reminder 1 for Emma')).toBe(false);
    expect(await announced('Old reminder 3 for Emma')).toBe(false);
    // a message that arrives while the page is open is read out
    putWebMessage(demo.app.db, 'emma.wilson@alpenfirn.example', { text: 'New reminder for Emma', lang: 'en' }, 'a11y-new-emma', demo.app.clock.now());
    await demo.page.waitForFunction(() => /New reminder for Emma/.test(document.getElementById('log')!.innerText));
    expect(await announced('New reminder for Emma')).toBe(true);
    // another person picked: their old messages are shown, not read out; a reply to them is
    await demo.page.selectOption('#who', 'beat.zuercher@alpenfirn.example');
    await demo.page.waitForFunction(() => /Alte Erinnerung für Beat/.test(document.getElementById('log')!.innerText));
    expect(await announced('Alte Erinnerung für Beat')).toBe(false);
    const before = await demo.page.locator('#log .msg.bot').count();
    await demo.page.fill('#text', 'wer ist meine IT-Ansprechperson?');
    await demo.page.press('#text', 'Enter');
    await waitForAnswer(before);
    const reply = await demo.page.locator('#log .msg.bot').last().innerText();
    expect(await announced(reply.split('\n')[0]!)).toBe(true);
  });
});
