import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import type { RunningServer } from '../../src/server.ts';
import { testFile, type TestApp } from '../doubles/app.ts';
import { importPlan } from '../../src/plan/import.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { PlanScheduler } from '../../src/plan/scheduler.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { planReport } from '../../src/plan/report.ts';
import { loggedInAdmin, login, planAdmin, type Client } from './helpers.ts';

let app: TestApp;
let server: RunningServer;
let c: Client;
let csrf: string;

beforeEach(async () => {
  ({ app, server, c, csrf } = await planAdmin());
});

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

describe('admin plan page', () => {
  it('shows the month with occurrences coloured by state and their owner, escaped', async () => {
    const page = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(page).toContain('January 2027');
    expect(page).toMatch(/data-occ="it-info\|2027-01-05T10:00" data-state="overdue"/);
    expect(page).toContain('Regula Brunner');
    expect(page).toContain('IT news &lt;b&gt;bold&lt;/b&gt;');
    expect(page).not.toContain('<b>bold</b>');
    // the plan-vs-actual chart is an inline SVG
    expect(page).toMatch(/<div class="chart" id="quarter-chart"><svg/);
  });

  it('describes the plan-vs-actual chart for screen readers in the page\'s language, not with vega\'s English labels', async () => {
    const de = await (await c.get('/admin/plan?view=month&month=2027-01&lang=de')).text();
    const svg = /<div class="chart" id="quarter-chart">(<svg[^>]*>)/.exec(de)?.[1] ?? '';
    expect(svg).toMatch(/^<svg role="img" aria-label="Balkendiagramm\. [^"]*Q1 [^"]*: \d/);
    expect(de).not.toMatch(/X-axis|Y-axis|Title text|aria-roledescription=/);
    const en = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(en).toMatch(/id="quarter-chart"><svg role="img" aria-label="Bar chart\. /);
  });

  it('reads a year or month more than 100 years ahead as none (this year), instead of expanding the plan up to it', async () => {
    const year = await c.get('/admin/plan?view=year&year=9999&lang=en');
    expect(year.status).toBe(200);
    const page = await year.text();
    expect(page).toContain('<b>2027</b>');
    expect((await c.get('/admin/plan?view=year&year=2127&lang=en')).status).toBe(200);
    expect(await (await c.get('/admin/plan?view=year&year=2127&lang=en')).text()).toContain('<b>2127</b>');
    // (nor a year before any plan: year 0 is no calendar year)
    for (const q of ['view=year&year=0000', 'view=year&year=0001', 'view=month&month=0000-01']) expect((await c.get(`/admin/plan?${q}&lang=en`)).status).toBe(200);
    const month = await c.get('/admin/plan?view=month&month=9999-12&lang=en');
    expect(month.status).toBe(200);
    expect(await month.text()).toContain('April 2027');
  });

  it('marks an occurrence done and skips another with a reason, through the plan repository', async () => {
    const done = await c.post('/admin/plan/done', { _csrf: csrf, event: 'it-info', occurrence: '2027-01-05T10:00', back: '/admin/plan?view=month&month=2027-01' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/admin/plan?view=month&month=2027-01');
    const repo = new PlanRepo(app.db);
    expect(repo.occurrence('it-info', '2027-01-05T10:00')?.state).toBe('done');
    const page = await (await c.get('/admin/plan?view=month&month=2027-01')).text();
    expect(page).toMatch(/data-occ="it-info\|2027-01-05T10:00" data-state="done"/);
    expect(page).toContain('is recorded as done');

    const noReason = await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence: '2027-01-15T08:00', reason: '  ' });
    expect(noReason.status).toBe(303);
    expect(repo.occurrence('newsletter', '2027-01-15T08:00')).toBeNull();
    await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence: '2027-01-15T08:00', reason: 'holidays' });
    expect(repo.occurrence('newsletter', '2027-01-15T08:00')).toMatchObject({ state: 'skipped', reason: 'holidays' });
    const year = await (await c.get('/admin/plan?view=year&year=2027')).text();
    expect(year).toMatch(/data-quarter="Q1"><td>Q1<\/td><td class="num">4<\/td><td class="num">1<\/td><td class="num">1<\/td><td class="num">2<\/td>/);
    expect(year).toContain('holidays');
  });

  it('gives the time of an occurrence on the spring-forward Sunday as the plan holds it (03:30, not the 02:30 that does not exist), in the calendar, the year view and the skip reasons', async () => {
    const fs = await import('node:fs');
    const night = testFile(app, 'night.yaml', `${fs.readFileSync('test/admin/fixtures/plan.yaml', 'utf8').trimEnd()}
  - id: night
    title: {de: Nachtwartung, en: Night maintenance}
    kind: other
    rrule: "FREQ=WEEKLY;BYDAY=SU"
    start: 2027-03-21T02:30
    duration: PT1H
    audience: all
    owner: head.it@alpenfirn.example
`);
    app.clock.set('2027-03-01T08:00:00Z');
    importPlan(app, night);
    app.clock.set('2027-04-20T08:00:00Z');
    csrf = (await login(c)).csrf!;
    await c.post('/admin/plan/skip', { _csrf: csrf, event: 'night', occurrence: '2027-03-28T02:30', reason: 'clocks change' });
    const march = await (await c.get('/admin/plan?view=month&month=2027-03&lang=en')).text();
    const cell = (day: string) => new RegExp(`data-day="${day}"[^]*?</div></div>`).exec(march)?.[0] ?? '';
    // the list under the calendar says 03:30 (the instant the plan keeps); the calendar cell agrees
    expect(march).toMatch(/Sunday, 28 March 2027 at 03:30/);
    expect(cell('2027-03-28')).toContain('<b>03:30</b> Night maintenance');
    expect(cell('2027-03-21')).toContain('<b>02:30</b> Night maintenance');
    expect(march).toMatch(/<li data-occ="night\|2027-03-28T02:30">[^<]* 03:30 · Night maintenance: clocks change<\/li>/);
    const year = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    expect(year).toMatch(/data-occ="night\|2027-03-28T02:30" title="28\.03\. 03:30 · skipped"/);
    expect(year).toMatch(/data-occ="night\|2027-04-04T02:30" title="04\.04\. 02:30 · /);
  });

  it('confirms a skip with the longest reason, in any script: the message cookie stays within what browsers keep', async () => {
    const repo = new PlanRepo(app.db);
    // (browsers drop a cookie whose name and value pass 4096 bytes, and the message with it)
    const flashCookie = (r: Response) => r.headers.getSetCookie().find((x) => x.startsWith('itbot_admin_flash='));
    const cases: Array<[string, string]> = [
      ['2027-01-15T08:00', '☀'.repeat(500)], // 500 characters of 3 bytes each
      ['2027-02-15T08:00', '😀'.repeat(250)], // emoji: 2 UTF-16 units each, as the form's maxlength counts
    ];
    for (const [occurrence, reason] of cases) {
      const r = await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence, reason, back: '/admin/plan?view=month&month=2027-01' });
      expect(r.status, occurrence).toBe(303);
      const cookie = flashCookie(r);
      expect(cookie, occurrence).toBeDefined();
      expect(Buffer.byteLength(cookie!.split(';')[0]!), occurrence).toBeLessThanOrEqual(4096);
      const stored = repo.occurrence('newsletter', occurrence)!;
      expect(stored.state, occurrence).toBe('skipped');
      expect(stored.reason, occurrence).toBe(reason);
      const page = await (await c.get('/admin/plan?view=month&month=2027-01')).text();
      expect(page, occurrence).toMatch(/<div class="flash" role="status">&quot;IT news &lt;b&gt;bold&lt;\/b&gt;&quot; on .* is recorded as skipped \(/);
    }
  });

  it('refuses a skip reason over 500 characters sent past the form, as the chat does: says so, records nothing', async () => {
    const repo = new PlanRepo(app.db);
    for (const [occurrence, reason, length] of [['2027-03-15T08:00', 'x'.repeat(600), '600'], ['2027-04-15T08:00', 'a' + '😀'.repeat(250), '501']] as const) {
      const r = await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence, reason, back: '/admin/plan?view=month&month=2027-03' });
      expect(r.status, occurrence).toBe(303);
      expect(repo.occurrence('newsletter', occurrence), occurrence).toBeNull();
      const page = await (await c.get('/admin/plan?view=month&month=2027-03')).text();
      expect(page, occurrence).toContain(`The reason is too long: ${length} characters, at most 500 are possible. Please shorten it; nothing was recorded.`);
    }
  });

  it('prints the quarter counts with the thousands separator of the page\'s language', async () => {
    const file = `${app.dir}/busy.yaml`;
    (await import('node:fs')).writeFileSync(file, `timezone: Europe/Zurich
events:
${Array.from({ length: 12 }, (_, i) => `  - {id: desk-${i}, title: Desk round ${i}, kind: other, rrule: "FREQ=DAILY", start: 2027-01-01T${String(8 + i).padStart(2, '0')}:00, duration: PT15M, audience: all, owner: head.it@alpenfirn.example}`).join('\n')}
`);
    app.clock.set('2026-12-01T08:00:00Z');
    importPlan(app, file);
    app.clock.set('2027-04-20T08:00:00Z');
    const q1 = (page: string) => /data-quarter="Q1"><td>Q1<\/td><td class="num">([^<]*)<\/td>/.exec(page)?.[1];
    expect(q1(await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text())).toMatch(/^1(?:'|&#39;)\d{3}$/); // (the apostrophe HTML-escaped)
    expect(q1(await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text())).toMatch(/^1,\d{3}$/);
  });

  it('a skip or done on the admin page withdraws what the occurrence no longer sends, as the chat buttons do', async () => {
    app.clock.set('2027-06-25T08:00:00Z');
    await new PlanScheduler(app).tick();
    const waiting = (occ: string) => (app.db.prepare("SELECT state, last_error FROM outbox WHERE idempotency_key LIKE ? ORDER BY id").all(`plan:it-info:${occ}:reminder:%`) as Array<{ state: string; last_error: string | null }>);
    expect(waiting('2027-07-06T10:00').map((r) => r.state)).toEqual(['queued']);
    // (the session of the test's start has expired by now)
    csrf = (await login(c)).csrf!;
    await c.post('/admin/plan/skip', { _csrf: csrf, event: 'it-info', occurrence: '2027-07-06T10:00', reason: 'speaker ill' });
    expect(waiting('2027-07-06T10:00')).toEqual([{ state: 'cancelled', last_error: 'the occurrence was skipped' }]);
    app.clock.set('2027-09-28T08:00:00Z');
    await new PlanScheduler(app).tick();
    expect(waiting('2027-10-05T10:00').map((r) => r.state)).toEqual(['queued']);
    csrf = (await login(c)).csrf!;
    await c.post('/admin/plan/done', { _csrf: csrf, event: 'it-info', occurrence: '2027-10-05T10:00' });
    expect(waiting('2027-10-05T10:00')).toEqual([{ state: 'cancelled', last_error: 'the occurrence was reported done' }]);
  });

  it('refuses an occurrence the plan does not have, and a post without the CSRF token', async () => {
    await c.post('/admin/plan/done', { _csrf: csrf, event: 'it-info', occurrence: '2027-01-06T10:00' });
    expect(new PlanRepo(app.db).occurrences()).toEqual([]);
    expect(await (await c.get('/admin/plan')).text()).toContain('The plan has no such occurrence.');
    const r = await c.post('/admin/plan/done', { event: 'it-info', occurrence: '2027-01-05T10:00' });
    expect(r.status).toBe(403);
    expect(new PlanRepo(app.db).occurrences()).toEqual([]);
  });

  it('shows missed reminders and missed announcements per quarter and per kind of event (in words), as plan report counts them', async () => {
    const file = `${app.dir}/late.yaml`;
    (await import('node:fs')).writeFileSync(file, `timezone: Europe/Zurich
events:
  - {id: begun, title: {de: Begonnen, en: Begun}, kind: key-user-meeting, start: 2027-05-04T12:00, duration: PT1H, audience: all, owner: marco.keller@alpenfirn.example, reminders: [P1D], announce: P1D}
`);
    app.clock.set('2027-05-01T08:00:00Z');
    importPlan(app, file);
    // the first server after the import runs when the event has begun: its reminder and its announcement are missed
    app.clock.set('2027-05-04T10:30:00Z');
    const scheduler = new PlanScheduler(app);
    const worker = new OutboxWorker(app);
    for (let i = 0; i < 2; i++) {
      await scheduler.tick();
      await worker.drainOnce();
    }
    const report = planReport(app, 2027);
    const q2 = report.rows.find((r) => r.kind === 'key-user-meeting' && r.quarter === 'Q2')!;
    expect([q2.missedReminders, q2.missedAnnouncements]).toEqual([1, 1]);
    csrf = (await login(c)).csrf!;
    const en = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    const missed = (page: string, row: string) => new RegExp(`${row}(?:<td class="num">[^<]*</td>){5}<td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`).exec(page)?.slice(1);
    expect(en).toContain('<th class="num">missed announcements</th>');
    expect(missed(en, '<tr data-quarter="Q2"><td>Q2</td>')).toEqual(['1', '1']);
    expect(missed(en, '<tr data-kind="key-user-meeting"><td>Key user meeting</td>')).toEqual(['1', '1']);
    expect(missed(en, '<tr data-kind="newsletter"><td>Newsletter</td>')).toEqual(['0', '0']);
    const de = await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text();
    expect(de).toContain('<th class="num">verpasste Ankündigungen</th>');
    expect(missed(de, '<tr data-kind="key-user-meeting"><td>Key-User-Treffen</td>')).toEqual(['1', '1']);
    expect(missed(de, '<tr data-kind="info-meeting"><td>Informationsveranstaltung</td>')).toEqual(['0', '0']);
  });

  it('after an event is moved, the calendar shows what the report counts: the outcome recorded at the old time, not the new times before the move', async () => {
    const fs = await import('node:fs');
    await c.post('/admin/plan/done', { _csrf: csrf, event: 'newsletter', occurrence: '2027-01-15T08:00' });
    // in February the newsletter moves from the 15th to the 16th of the month
    const moved = `${app.dir}/moved.yaml`;
    fs.writeFileSync(moved, fs.readFileSync('test/admin/fixtures/plan.yaml', 'utf8').replace('BYMONTHDAY=15', 'BYMONTHDAY=16').replace('2027-01-15T08:00', '2027-01-16T08:00'));
    app.clock.set('2027-02-20T08:00:00Z');
    importPlan(app, moved);
    app.clock.set('2027-04-20T08:00:00Z');
    csrf = (await login(c)).csrf!;
    const jan = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(jan).toMatch(/data-occ="newsletter\|2027-01-15T08:00" data-state="done"/);
    expect(jan).toContain('recorded before the event was moved');
    expect(jan).not.toContain('newsletter|2027-01-16T08:00');
    expect(await (await c.get('/admin/plan?view=month&month=2027-02&lang=en')).text()).not.toContain('newsletter|2027-02-16T08:00');
    // every chip of the year view is an occurrence the report counts, in the state it counts it
    const year = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    const chips = (state: string) => year.split(`class="chip s-${state}"`).length - 1;
    const { totals } = planReport(app, 2027);
    expect([chips('done'), chips('skipped'), chips('overdue'), chips('planned')]).toEqual([totals.done, totals.skipped, totals.overdue, totals.open]);
    expect(totals.done).toBe(1);
  });

  it('after an event is removed from the plan, the calendar still shows what the report counts for it, marked as removed', async () => {
    const fs = await import('node:fs');
    await c.post('/admin/plan/done', { _csrf: csrf, event: 'newsletter', occurrence: '2027-01-15T08:00' });
    await c.post('/admin/plan/skip', { _csrf: csrf, event: 'newsletter', occurrence: '2027-02-15T08:00', reason: 'Ferien' });
    new PlanRepo(app.db).claimOverdue('newsletter', '2027-03-15T08:00', new Date('2027-03-15T07:00:00Z'), app.clock.now());
    const only = `${app.dir}/only-info.yaml`;
    fs.writeFileSync(only, fs.readFileSync('test/admin/fixtures/plan.yaml', 'utf8').split('  - id: newsletter')[0]!);
    importPlan(app, only, { replace: true });
    csrf = (await login(c)).csrf!;
    const { totals } = planReport(app, 2027);
    expect([totals.done, totals.skipped]).toEqual([1, 1]);
    const year = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    const chips = (state: string) => year.split(`class="chip s-${state}`).length - 1;
    expect([chips('done'), chips('skipped'), chips('overdue'), chips('planned')]).toEqual([totals.done, totals.skipped, totals.overdue, totals.open]);
    // named by its title, marked as no longer in the plan
    expect(year).toMatch(/<li class="removed"><b>IT news &lt;b&gt;bold&lt;\/b&gt;<\/b> <span class="muted">Marco Keller · no longer in the plan<\/span>/);
    const jan = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(jan).toMatch(/data-occ="newsletter\|2027-01-15T08:00" data-state="done"/);
    expect(jan).toContain('no longer in the plan: nothing more to record');
    expect(jan).not.toContain('data-done="newsletter|2027-01-15T08:00"');
    const de = await (await c.get('/admin/plan?view=month&month=2027-02&lang=de')).text();
    expect(de).toMatch(/data-occ="newsletter\|2027-02-15T08:00" data-state="skipped"/);
    expect(de).toContain('nicht mehr im Plan: nichts mehr zu erfassen');
    expect(year).toContain('<li data-occ="newsletter|2027-02-15T08:00">15 February 2027 08:00 · IT news &lt;b&gt;bold&lt;/b&gt;: Ferien</li>');
    // imported again, it is an event of the plan like any other
    importPlan(app, 'test/admin/fixtures/plan.yaml');
    const again = await (await c.get('/admin/plan?view=month&month=2027-01&lang=en')).text();
    expect(again).toContain('data-done="newsletter|2027-01-15T08:00"');
    expect(again).not.toContain('no longer in the plan');
  });

  it('shows feedback per event and per kind: requests, response rate and a score only from surveys with enough answers', async () => {
    const { createSurvey } = await import('../../src/surveys/create.ts');
    const { startSurveyRun, closeRun } = await import('../../src/surveys/runs.ts');
    const { SurveyRepo } = await import('../../src/store/survey-repo.ts');
    const { click, withFakeSender } = await import('../doubles/app.ts');
    withFakeSender(app);
    createSurvey(app, 'data/surveys/event-feedback.yaml');
    const run = async (occurrence: string, who: string[], rating: string) => {
      const r = startSurveyRun(app, 'event-feedback', { runKey: `plan:it-info:${occurrence}`, scheduled: true });
      await new OutboxWorker(app).drainOnce(); // the invitations go out
      for (const email of who) {
        const ev = click('survey.submit', String(r.runId), email);
        ev.action!.values = { rating };
        await app.bot.handle(ev);
      }
      const repo = new SurveyRepo(app.db);
      closeRun(app, repo.get('event-feedback')!.def, repo.run(r.runId)!);
      app.clock.advance(60_000);
      return repo.recipients(r.runId).length;
    };
    const invited = await run( // everyone in the directory (audience all)
      '2027-01-05T10:00', ['julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example', 'peter.huber@alpenfirn.example'], '4');
    await run('2027-04-06T10:00', ['julia.baumann@alpenfirn.example'], '1'); // one answer: withheld
    const en = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    const row = /<tr data-event="it-info" data-survey="event-feedback">(.*?)<\/tr>/s.exec(en)?.[1] ?? '';
    expect(row).toContain('<td>IT information meeting</td><td>Information meeting</td>');
    expect(row).toContain(`<td class="num">${invited * 2}<div class="muted">2 surveys</div></td><td class="num">4</td>`);
    expect(row).toContain('<td class="num" data-score="4"><b>4.0 / 5</b><div class="muted">from 1 survey; 1 withheld</div></td>');
    expect(en).toMatch(/<tr data-kind="info-meeting" data-survey="event-feedback"><td>Information meeting<\/td><td class="num">1<\/td>/);
    const de = await (await c.get('/admin/plan?view=month&month=2027-04&lang=de')).text();
    expect(de).toContain('Rückmeldungen nach den Anlässen');
    expect(de).toContain('<b>4.0 / 5</b><div class="muted">aus 1 Umfrage; 1 zurückgehalten</div>');
  });

  it('an open follow-up survey with answers below its step: who has answered so far, that none is counted yet, never "none yet" alone', async () => {
    const { createSurvey } = await import('../../src/surveys/create.ts');
    const { startSurveyRun } = await import('../../src/surveys/runs.ts');
    const { click } = await import('../doubles/app.ts');
    createSurvey(app, 'data/surveys/event-feedback.yaml');
    const r = startSurveyRun(app, 'event-feedback', { runKey: 'plan:it-info:2027-04-06T10:00', scheduled: true });
    for (const email of ['julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example']) {
      const ev = click('survey.submit', String(r.runId), email);
      ev.action!.values = { rating: '4' };
      await app.bot.handle(ev);
    }
    const row = (page: string) => /<tr data-event="it-info" data-survey="event-feedback">(.*?)<\/tr>/s.exec(page)?.[1] ?? '';
    const en = row(await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text());
    expect(en).toMatch(/<td class="num">2<div class="muted">none counted yet<\/div><\/td><td class="num">\d+%<\/td>/);
    expect(en).toContain('<td class="num muted" data-score="">none yet: fewer than 3 answers counted so far</td>');
    const de = row(await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text());
    expect(de).toContain('<td class="num">2<div class="muted">noch keine gezählt</div></td>');
    expect(de).toContain('<td class="num muted" data-score="">noch keine: bisher weniger als 3 Antworten gezählt</td>');
  });

  it('shows the follow-up invitations that reached nobody before the survey closed as not delivered', async () => {
    const { createSurvey } = await import('../../src/surveys/create.ts');
    const { startSurveyRun, closeRun } = await import('../../src/surveys/runs.ts');
    const { SurveyRepo } = await import('../../src/store/survey-repo.ts');
    createSurvey(app, 'data/surveys/event-feedback.yaml');
    // the survey closes before any of its invitations went out (no worker runs here)
    const r = startSurveyRun(app, 'event-feedback', { runKey: 'plan:it-info:2027-04-06T10:00', scheduled: true });
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('event-feedback')!.def, repo.run(r.runId)!);
    const invited = repo.recipients(r.runId).length;
    const row = (page: string) => /<tr data-event="it-info" data-survey="event-feedback">(.*?)<\/tr>/s.exec(page)?.[1] ?? '';
    const en = row(await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text());
    expect(en).toContain(`<td class="num">${invited}<div class="muted">1 survey</div><div class="muted missed">${invited} not delivered (before the survey closed)</div></td>`);
    const de = row(await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text());
    expect(de).toContain(`<div class="muted missed">${invited} nicht zugestellt (vor dem Schluss der Umfrage)</div>`);
  });

  it('speaks German: year view with months and states', async () => {
    const page = await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text();
    expect(page).toContain('Jahresplan und Kontrolle 2027');
    expect(page).toContain('Januar 2027');
    expect(page).toContain('überfällig');
    expect(page).not.toMatch(/ß/);
  });
  it('names a skipped occurrence by its event title, and calls an occurrence still ahead "open" as the chart beside it does', async () => {
    await c.post('/admin/plan/skip', { _csrf: csrf, event: 'it-info', occurrence: '2027-01-05T10:00', reason: 'Ferien' });
    const de = await (await c.get('/admin/plan?view=year&year=2027&lang=de')).text();
    expect(de).toContain('<li data-occ="it-info|2027-01-05T10:00">5. Januar 2027 10:00 · IT-Informationsmeeting: Ferien</li>');
    const en = await (await c.get('/admin/plan?view=year&year=2027&lang=en')).text();
    expect(en).toContain('<li data-occ="it-info|2027-01-05T10:00">5 January 2027 10:00 · IT information meeting: Ferien</li>');
    expect(en).toMatch(/<div class="legend"><span class="pill s-planned">open<\/span>/);
    expect(en).toContain(`title="05.10. 10:00 · open"`);
    expect(de).toMatch(/<div class="legend"><span class="pill s-planned">offen<\/span>/);
  });
});

describe('admin plan page without a plan', () => {
  it('says there is none, in both views', async () => {
    await server.close();
    app.cleanup();
    ({ app, server, c } = await loggedInAdmin({ now: '2027-04-20T09:00:00Z' }));
    for (const view of ['month', 'year']) {
      const r = await c.get(`/admin/plan?view=${view}&lang=en`);
      expect(r.status).toBe(200);
      const page = await r.text();
      expect(page).toContain('<p id="plan-none">');
      expect(page).not.toContain('id="report"');
      expect(page).not.toContain('id="view-month"');
    }
  });
});
