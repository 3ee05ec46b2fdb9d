import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../doubles/app.ts';
import type { RunningServer } from '../../src/server.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { cli } from '../doubles/cli.ts';
import { openDemoBrowser, closeDemoBrowser } from '../doubles/demo-browser.ts';

let app: TestApp;
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ app, server, browser, page } = await openDemoBrowser({ serve: { worker: { intervalMs: 200 } } }));
});

afterAll(() => closeDemoBrowser({ app, server, browser }));

describe('answering a survey in the web chat', () => {
  it('shows the invitation, takes the form and thanks; the answer is counted', async () => {
    await page.goto(server.url + '/?as=julia.baumann%40alpenfirn.example');
    await page.waitForFunction(() => (document.querySelector('#who') as HTMLSelectElement).value === 'julia.baumann@alpenfirn.example');
    const r = startSurveyRun(app, 'event-feedback', {
      runKey: 'browser-test',
      audience: [{ kind: 'email', email: 'julia.baumann@alpenfirn.example' }],
      scheduled: false,
    });
    expect(r.queued).toBe(1);
    const form = page.locator('#log .msg.push form[data-form]').last();
    await form.waitFor({ timeout: 20_000 });
    const invitation = await page.locator('#log .msg.push').last().innerText();
    expect(invitation).toMatch(/Wie war der Anlass/);
    expect(invitation).toMatch(/Namen|vertraulich/i); // the anonymity mode in plain words
    await form.locator('input[type=radio][value="4"]').check();
    await form.locator('textarea').fill('Gute Präsentation, bitte mehr Zeit für Fragen.');
    await form.locator('button[type=submit]').click();
    await page.waitForFunction(() => /Danke|Vielen Dank/.test(document.querySelector('#log .msg.bot:last-child')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await page.screenshot({ path: 'docs/screenshots/webchat-survey.png', fullPage: false });
    const res = await cli(['survey', 'results', 'event-feedback', '--json', '--db', app.file]);
    expect(res.code).toBe(0);
    // one answer: below minGroupSize the figures are withheld, but the response is counted
    expect(JSON.parse(res.out)).toMatchObject({ surveyId: 'event-feedback', responses: 1 });
  });
});
