import { describe, it, expect } from 'vitest';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { demoBrowserPerFile } from '../doubles/demo-browser.ts';
import { define } from '../surveys/helpers.ts';

const LONG = 'Persönlich bei meiner IT-Ansprechperson vor Ort oder am Telefon';
const demo = demoBrowserPerFile({
  page: { viewport: { width: 375, height: 700 } },
  serve: { worker: { intervalMs: 200 } },
  prepare: (app) =>
    void define(app, {
      id: 'channels-phone',
      title: { de: 'Informationskanäle', en: 'Information channels' },
      anonymity: 'named',
      minGroupSize: 1,
      audience: 'all',
      closes: 'P7D',
      questions: [
        { id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } },
        { id: 'channel', type: 'choice', options: [{ value: 'personal', label: { de: LONG, en: 'In person' } }, 'intranet'], text: { de: 'Wie erfahren Sie es am liebsten?', en: 'How do you prefer to hear?' } },
        { id: 'channels', type: 'multi', optional: true, options: [{ value: 'personal', label: { de: LONG, en: 'In person' } }, 'chat'], text: { de: 'Und sonst?', en: 'And else?' } },
      ],
    }),
});

describe('a survey form in the web chat on a phone', () => {
  it('wraps a long option label inside the card instead of running out of it', async () => {
    await demo.page.goto(`${demo.server.url}/?as=julia.baumann%40alpenfirn.example`);
    await demo.page.waitForFunction(() => (document.querySelector('#who') as HTMLSelectElement).value === 'julia.baumann@alpenfirn.example');
    startSurveyRun(demo.app, 'channels-phone', { runKey: 'phone', audience: [{ kind: 'email', email: 'julia.baumann@alpenfirn.example' }], scheduled: false });
    const form = demo.page.locator('#log .msg.push form[data-form]').last();
    await form.waitFor({ timeout: 20_000 });
    const labels = form.locator('label.opt', { hasText: LONG });
    expect(await labels.count()).toBe(2);
    const fit = await form.evaluate((f) => {
      const card = f.closest('.card')!.getBoundingClientRect();
      const opts = [...f.querySelectorAll('label.opt')].map((l) => l.getBoundingClientRect());
      return {
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
        overflow: Math.max(0, ...opts.map((r) => r.right - card.right)),
        lines: opts.map((r) => Math.round(r.height)),
      };
    });
    expect(fit.overflow).toBe(0);
    expect(fit.page).toBe(fit.view);
    // the long label takes more than one line; the short ones one
    expect(Math.max(...fit.lines)).toBeGreaterThan(Math.min(...fit.lines) * 1.5);
    // and it can still be chosen by a tap on its words
    await labels.first().click();
    expect(await form.locator('input[type=radio][value="personal"]').isChecked()).toBe(true);
  });
});
