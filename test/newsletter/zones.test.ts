import { afterEach, describe, expect, it } from 'vitest';
import { testApp, say, flat, type TestApp } from '../doubles/app.ts';
import { draftFor, nextOccurrence } from '../../src/newsletter/issues.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { importPlan } from '../../src/plan/import.ts';
import { HEAD, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

function planIn(tz: string, events: string) {
  importPlan(app, write(app, 'plan.yaml', `timezone: ${tz}\nevents:\n${events}`));
}

describe('newsletter dates and times', () => {
  it('give an event\'s time in the organisation\'s zone, named, and in the plan\'s zone when that is another', () => {
    app = testApp({ now: '2026-11-27T10:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
    withPeople(app);
    planIn('America/New_York', `  - {id: nl, title: {de: IT-News, en: IT news}, kind: newsletter, rrule: "FREQ=MONTHLY;BYMONTHDAY=1", start: 2026-12-01T23:30, duration: PT15M, audience: all, owner: ${HEAD}}
  - {id: fair, title: {de: IT-Messe, en: IT fair}, kind: it-fair, start: 2026-12-10T18:30, duration: PT3H, audience: all, owner: ${HEAD}}
`);
    const c = draftFor(app, nextOccurrence(app));
    expect(renderText(c, 'de', 'workplace-first', null)).toContain('• 11. Dezember 2026, 00:30 (Europe/Zurich) / 10. Dezember 2026, 18:30 (America/New_York): IT-Messe');
    expect(renderText(c, 'en', 'workplace-first', null)).toContain('11 December 2026, 00:30 (Europe/Zurich) / 10 December 2026, 18:30 (America/New_York): IT fair');
  });

  it('name the zone when plan and organisation share it', () => {
    app = testApp({ now: '2026-11-27T10:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
    withPeople(app);
    planIn('Europe/Zurich', `  - {id: nl, title: {de: IT-News, en: IT news}, kind: newsletter, start: 2026-12-02T09:00, duration: PT15M, audience: all, owner: ${HEAD}}
  - {id: fair, title: {de: IT-Messe, en: IT fair}, kind: it-fair, start: 2026-12-10T18:30, duration: PT3H, audience: all, owner: ${HEAD}}
`);
    const text = renderText(draftFor(app, nextOccurrence(app)), 'de', 'workplace-first', null);
    expect(text).toContain('• 10. Dezember 2026, 18:30 (Europe/Zurich): IT-Messe');
    expect(text).not.toContain('America/');
  });

  it('take the local day in the plan\'s zone, not the UTC day', async () => {
    app = testApp({ now: '2026-11-27T10:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
    withPeople(app);
    // the first issue covers the month before 2 December 00:30: from 1 November 00:30 Zurich (31 October in UTC)
    planIn('Europe/Zurich', `  - {id: nl, title: {de: IT-News, en: IT news}, kind: newsletter, start: 2026-12-02T00:30, duration: PT15M, audience: all, owner: ${HEAD}}
`);
    const c = draftFor(app, nextOccurrence(app));
    expect(renderText(c, 'de', 'figures-first', null)).toContain('seit dem 1. November 2026');
    // someone outside IT asking before the first issue: its local day (1 December in UTC)
    const reply = flat(await app.bot.handle(say('newsletter', 'reto.fischer@alpenfirn.example')));
    expect(reply).toMatch(/2\. Dezember 2026|2 December 2026/);
  });
});
