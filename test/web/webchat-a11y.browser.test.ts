import { describe, it, expect } from 'vitest';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

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
});
