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
  ({ app, server, browser, page } = await openDemoBrowser());
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

async function waitForAnswer(before: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelectorAll('#log .msg.bot').length > n, before);
}

describe('web chat with a screen reader and the keyboard only', () => {
  it('names the question field, the person picker and the 👍 👎 buttons in words of the person\'s language', async () => {
    await page.goto(`${server.url}/?as=beat.zuercher@alpenfirn.example`);
    await page.waitForFunction(() => document.querySelectorAll('#who option').length > 1);
    // (the picker's name is its visible label, not a hidden English word)
    expect(await page.getByRole('combobox', { name: 'Ich bin:', exact: true }).count()).toBe(1);
    const field = page.getByRole('textbox', { name: 'Ihre Frage an den IT-Bot' });
    expect(await field.count()).toBe(1);
    await field.fill('wie bekomme ich VPN?');
    const before = await page.locator('#log .msg.bot').count();
    await field.press('Enter');
    await waitForAnswer(before);
    const card = page.locator('#log .msg.bot').last();
    expect(await card.getByRole('button', { name: 'Ja, das hat geholfen' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Nein, das hat nicht geholfen' }).count()).toBe(1);

    await page.selectOption('#who', 'emma.wilson@alpenfirn.example');
    const en = page.getByRole('textbox', { name: 'Your question to the IT bot' });
    expect(await en.count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'I am:', exact: true }).count()).toBe(1);
    await en.fill('my laptop is broken');
    const again = await page.locator('#log .msg.bot').count();
    await en.press('Enter');
    await waitForAnswer(again);
    const enCard = page.locator('#log .msg.bot').last();
    expect(await enCard.getByRole('button', { name: 'Yes, this helped' }).count()).toBe(1);
    expect(await enCard.getByRole('button', { name: 'No, this did not help' }).count()).toBe(1);
  });

  it('after a button pressed with the keyboard, the focus is in the question field, not back at the top of the page', async () => {
    const up = page.locator('#log .msg.bot').last().locator('button', { hasText: '👍' });
    await up.focus();
    const before = await page.locator('#log .msg.bot').count();
    await page.keyboard.press('Enter');
    await waitForAnswer(before);
    expect(await page.locator('#log .msg.bot').last().innerText()).toMatch(/Thanks for your feedback/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('text');
    // so the next question is typed straight away
    const next = await page.locator('#log .msg.bot').count();
    await page.keyboard.type('who is my IT contact?');
    await page.keyboard.press('Enter');
    await waitForAnswer(next);
    expect(await page.locator('#log .msg.bot').last().innerText()).toMatch(/Sandra Meier/);
  });
});
