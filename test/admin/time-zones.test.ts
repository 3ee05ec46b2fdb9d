import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import { testFile, type TestApp } from '../doubles/app.ts';
import { importPeople } from '../../src/people/import.ts';
import { importPlan } from '../../src/plan/import.ts';
import { ensureIssue, nextOccurrence } from '../../src/newsletter/issues.ts';
import { adminServer, client, login, type Client } from './helpers.ts';

// The plan keeps New York time, the organisation is in Berlin: every page says which zone its
// times are in, and the newsletter's due time, shown in Berlin time, is found on the plan page too.
let app: TestApp;
let server: RunningServer;
let c: Client;
let issueId: number;

beforeAll(async () => {
  ({ app, server } = await adminServer({ now: '2027-01-04T09:00:00Z', env: { ITBOT_TIMEZONE: 'Europe/Berlin' } }));
  importPeople(app, 'data/people.csv');
  importPlan(
    app,
    testFile(
      app,
      'plan.yaml',
      `timezone: America/New_York
events:
  - id: nl
    title: {de: IT-News, en: IT news}
    kind: newsletter
    start: 2027-01-15T09:00
    duration: PT30M
    audience: all
    owner: head.it@alpenfirn.example
`,
    ),
  );
  issueId = ensureIssue(app, nextOccurrence(app), 'head.it@alpenfirn.example').issue.id;
  c = client(server);
  await login(c);
});

afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

const note = (page: string) => /<p class="muted tz-note" id="tz-note">([^<]*)<\/p>/.exec(page)?.[1]?.replace(/&#39;/g, "'") ?? null;

describe('admin pages name the time zone of their times', () => {
  it('the plan page names the plan zone and gives each occurrence in the organisation zone too', async () => {
    const en = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(note(en)).toBe("Times are in the plan's time zone (America/New_York); the list gives each occurrence in Europe/Berlin as well, as the other pages do.");
    expect(en).toContain('<td>Friday, 15 January 2027 at 09:00<div');
    expect(en).toContain('<div class="muted org-time">Friday, 15 January 2027 at 15:00 (Europe/Berlin)</div>');
    const de = await (await c.get('/admin/plan?view=month&month=2027-01&lang=de')).text();
    expect(note(de)).toBe('Zeiten in der Zeitzone des Plans (America/New_York); die Liste nennt jeden Termin auch in Europe/Berlin, wie die übrigen Seiten.');
    expect(de).toMatch(/<div class="muted org-time">Freitag, 15\. Januar 2027 um 15:00 \(Europe\/Berlin\)<\/div>/);
  });

  it('the newsletter pages give the same occurrence in the organisation zone and say so', async () => {
    const list = await (await c.get('/admin/newsletter?lang=en')).text();
    expect(note(list)).toBe('Times are in the Europe/Berlin time zone.');
    expect(list).toMatch(/15 Jan 2027, 15:00/);
    const de = await (await c.get(`/admin/newsletter/${issueId}?lang=de`)).text();
    expect(note(de)).toBe('Zeiten in der Zeitzone Europe/Berlin.');
    expect(de).toMatch(/15\.01\.2027, 15:00/);
  });

  it('the health page says its zone, in German and English', async () => {
    expect(note(await (await c.get('/admin/health?lang=en')).text())).toBe('Times are in the Europe/Berlin time zone.');
    expect(note(await (await c.get('/admin/health?lang=de')).text())).toBe('Zeiten in der Zeitzone Europe/Berlin.');
  });

  it('the plan page of a plan in the organisation zone names it once', async () => {
    app.config.ITBOT_TIMEZONE = 'America/New_York';
    try {
      const en = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
      expect(note(en)).toBe("Times are in the plan's time zone (America/New_York).");
      expect(en).not.toContain('org-time');
    } finally {
      app.config.ITBOT_TIMEZONE = 'Europe/Berlin';
    }
  });
});
