import { describe, it, expect } from 'vitest';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { cli } from '../doubles/cli.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';

const demo = demoBrowserPerFile({ serve: { worker: { intervalMs: 200 } } });

describe('answering a survey in the web chat', () => {
  it('shows the invitation, takes the form and thanks; the answer is counted', async () => {
    await demo.page.goto(demo.server.url + '/?as=julia.baumann%40alpenfirn.example');
    await demo.page.waitForFunction(() => (document.querySelector('#who') as HTMLSelectElement).value === 'julia.baumann@alpenfirn.example');
    const r = startSurveyRun(demo.app, 'event-feedback', {
      runKey: 'browser-test',
      audience: [{ kind: 'email', email: 'julia.baumann@alpenfirn.example' }],
      scheduled: false,
    });
    expect(r.queued).toBe(1);
    const form = demo.page.locator('#log .msg.push form[data-form]').last();
    await form.waitFor({ timeout: 20_000 });
    const invitation = await demo.page.locator('#log .msg.push').last().innerText();
    expect(invitation).toMatch(/Wie war der Anlass/);
    expect(invitation).toMatch(/Namen|vertraulich/i); // the anonymity mode in plain words
    await form.locator('input[type=radio][value="4"]').check();
    await form.locator('textarea').fill('Gute Präsentation, bitte mehr Zeit für Fragen.');
    await form.locator('button[type=submit]').click();
    await demo.page.waitForFunction(() => /Danke|Vielen Dank/.test(document.querySelector('#log .msg.bot:last-child')?.textContent ?? ''), undefined, { timeout: 15_000 });
    await demo.page.screenshot({ path: 'docs/screenshots/webchat-survey.png', fullPage: false });
    const res = await cli(['survey', 'results', 'event-feedback', '--json', '--db', demo.app.file]);
    expect(res.code).toBe(0);
    // one answer: below minGroupSize the figures are withheld, but the response is counted
    expect(JSON.parse(res.out)).toMatchObject({ surveyId: 'event-feedback', responses: 1 });
  });
});
