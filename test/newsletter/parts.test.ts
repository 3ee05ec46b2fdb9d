import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, click, flat, type TestApp } from '../doubles/app.ts';
import { importHelpdesk, helpdeskFigures, median, parseTimestamp } from '../../src/newsletter/helpdesk.ts';
import { renderEscaped, renderMessage, renderText, TEMPLATE_DIR } from '../../src/newsletter/render.ts';
import type { NewsletterContent } from '../../src/newsletter/model.ts';
import { defaultSources } from '../../src/newsletter/sources.ts';
import { InputError } from '../../src/errors.ts';
import { HelpdeskRepo } from '../../src/store/helpdesk-repo.ts';
import { issueMessage, newsletterTick, setEditorial } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { readInbox } from '../../adapters/web/web-sender.ts';
import { cli } from '../doubles/cli.ts';
import { OWNER, closedSurvey, outbox, plan, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

describe('helpdesk import', () => {
  it('names file, line and field of every problem and imports nothing', () => {
    app = testApp({ now: '2027-02-01T09:00:00Z' });
    const file = write(app, 'hd.csv', `ticket_id,opened_at,closed_at,category,department,satisfaction
A-1,2027-01-05 08:00,2027-01-05 10:00,hardware,Finance,5
A-2,yesterday,,software,HR,
A-1,2027-01-06 08:00,2027-01-05 08:00,access,Sales,7
A-3,2027-01-07 08:00,,access,Sales,4
,2027-01-07 08:00,2027-02-30 08:00,access,Sales,
`);
    let lines: string[] = [];
    try {
      importHelpdesk(app, file);
    } catch (e) {
      lines = (e as InputError).message.split('\n');
    }
    expect(lines).toEqual([
      `${file}: line 3: opened_at: "yesterday" is not a time (YYYY-MM-DD HH:MM or ISO-8601 with offset)`,
      `${file}: line 4: ticket_id: duplicate ticket A-1 (first on line 2)`,
      `${file}: line 4: closed_at: 2027-01-05 08:00 is before opened_at 2027-01-06 08:00`,
      `${file}: line 4: satisfaction: "7" is not a whole number from 1 to 5`,
      `${file}: line 5: satisfaction: given for a ticket that is not closed`,
      `${file}: line 6: ticket_id: required`,
      `${file}: line 6: closed_at: "2027-02-30 08:00" is not a time (YYYY-MM-DD HH:MM or ISO-8601 with offset)`,
    ]);
    expect(new HelpdeskRepo(app.db).count()).toBe(0);
    const header = write(app, 'h.csv', 'id,opened\n1,2\n');
    expect(() => importHelpdesk(app, header)).toThrow(/line 1: header: expected "ticket_id,opened_at/);
  });

  it('computes opened, closed, median resolution and satisfaction per period; local times in the organisation zone', async () => {
    app = testApp({ now: '2027-02-01T09:00:00Z' });
    expect(parseTimestamp('2027-01-05 08:00', 'Europe/Zurich')!.toISOString()).toBe('2027-01-05T07:00:00.000Z');
    expect(parseTimestamp('2027-07-05T08:00:00+02:00', 'Europe/Zurich')!.toISOString()).toBe('2027-07-05T06:00:00.000Z');
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const file = write(app, 'hd.csv', `ticket_id,opened_at,closed_at,category,department,satisfaction
A-1,2027-01-05 08:00,2027-01-05 09:00,hardware,Finance,5
A-2,2027-01-05 08:00,2027-01-05 11:00,software,HR,3
A-3,2026-12-30 08:00,2027-01-02 08:00,access,Sales,
A-4,2027-01-20 08:00,,network,IT,
`);
    expect(importHelpdesk(app, file).imported).toBe(4);
    const f = helpdeskFigures(app, new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'))!;
    expect(f).toMatchObject({ opened: 3, closed: 3, medianResolutionHours: 3, satisfaction: 4, rated: 2 });
    expect(helpdeskFigures(app, new Date('2026-06-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'))).toBeNull();
    // a second import of the same export updates, never doubles
    importHelpdesk(app, file);
    expect(new HelpdeskRepo(app.db).count()).toBe(4);
    const r = await cli(['helpdesk', 'figures', '--months', '2', '--json', '--db', app.file]);
    expect(r.code).toBe(0);
  });
});

describe('survey results in the newsletter', () => {
  it('keeps the survey module\'s group-size rule: too few responses, no figures', async () => {
    app = testApp({ now: '2027-01-08T09:00:00Z' });
    withPeople(app);
    await closedSurvey(app, ['5', '1']); // 2 responses, minGroupSize 3
    const [item] = defaultSources(app).closedSurveys(new Date('2027-01-01T00:00:00Z'), new Date(app.clock.now().getTime() + 1));
    expect(item!.responses).toBe(2);
    expect(item!.withheld).toBeTruthy();
    expect(item!.figures).toEqual([]);
  });

  it('`itbot newsletter action` records what IT did, checked against the surveys', async () => {
    app = testApp({ now: '2027-01-08T09:00:00Z' });
    withPeople(app);
    await closedSurvey(app);
    const ok = await cli(['newsletter', 'action', 'csat-q1', 'Helpdesk now also on Saturdays', '--lang', 'en', '--db', app.file]);
    expect(ok.code).toBe(0);
    const unknown = await cli(['newsletter', 'action', 'nope', 'x', '--db', app.file]);
    expect(unknown.code).toBe(2);
    // a control character pasted with the text is dropped, as in chat; the text is kept whole up to its limit
    const long = `Neue Öffnungszeiten: ${'Mo-Sa 07:00-19:00. '.repeat(40)}`.trim();
    expect(long.length).toBeGreaterThan(700);
    expect((await cli(['newsletter', 'action', 'csat-q1', `\u001b[2J${long}\u0007`, '--lang', 'de', '--db', app.file])).code).toBe(0);
    const [item] = defaultSources(app).closedSurveys(new Date('2027-01-01T00:00:00Z'), new Date(app.clock.now().getTime() + 1));
    expect(item!.actions).toEqual([{ text: 'Helpdesk now also on Saturdays', lang: 'en' }, { text: `[2J${long}`, lang: 'de' }]);
  });
});

const content = (over: Partial<NewsletterContent> = {}): NewsletterContent => ({
  name: null, issueDate: '2027-02-03', periodFrom: '2027-01-03T07:00:00.000Z', periodTo: '2027-01-27T09:00:00.000Z',
  services: [{ key: 'service:x:new', id: 'x', status: 'new', name: { de: 'R&D <Portal>', en: 'R&D <Portal>' }, summary: { de: 'Für "alle"', en: 'For "all"' }, replacedBy: null, url: null }],
  projects: [], strategy: [], surveys: [], events: [], helpdesk: null, ...over,
});

describe('templates', () => {
  it('autoescape for HTML; chat gets the plain characters back', () => {
    const c = content();
    expect(renderEscaped(c, 'en', 'workplace-first', 'Hi <b>all</b>')).toContain('R&amp;D &lt;Portal&gt;');
    expect(renderEscaped(c, 'en', 'workplace-first', 'Hi <b>all</b>')).toContain('Hi &lt;b&gt;all&lt;/b&gt;');
    const text = renderText(c, 'en', 'workplace-first', 'Hi <b>all</b>');
    expect(text).toContain('R&D <Portal>: For "all"');
    const msg = renderMessage(c, 'de', 'workplace-first', null);
    expect(msg.blocks![0]).toEqual({ type: 'header', text: 'IT-Newsletter Februar 2027' });
    expect(msg.blocks!.some((b) => b.type === 'text' && b.text.startsWith('Neu für Sie\n'))).toBe(true);
  });

  it('a line break in a project\'s text never starts a title or a section of the message, nor leaves its list item', () => {
    const changes = { de: 'Erste Zeile.\n# Gefälschter Titel\n## Gefälschter Abschnitt', en: 'Line one.\r\n# Fake title' };
    const c = content({ projects: [{ key: 'project:x:phase:running', id: 'x', title: { de: 'Projekt\nX', en: 'Project X' }, changes, kind: 'phase', phase: 'running', milestone: null, date: null, link: null }] });
    const de = renderMessage(c, 'de', 'workplace-first', null);
    expect(de.blocks!.filter((b) => b.type === 'header')).toEqual([{ type: 'header', text: 'IT-Newsletter Februar 2027' }]);
    expect(de.text.split('\n')).toContain('• Gestartet: Projekt X. Erste Zeile. # Gefälschter Titel ## Gefälschter Abschnitt.');
    expect(de.blocks!.some((b) => b.type === 'text' && b.text.startsWith('Gefälschter'))).toBe(false);
    expect(renderText(c, 'en', 'figures-first', null)).not.toMatch(/^#+ Fake/m);
  });

  it('IT can edit a template; a misspelt field is an error naming the file', () => {
    app = testApp();
    const dir = join(app.dir, 'tpl');
    mkdirSync(dir);
    for (const f of readdirSync(TEMPLATE_DIR)) copyFileSync(join(TEMPLATE_DIR, f), join(dir, f));
    writeFileSync(join(dir, 'workplace-first.en.hbs'), '# {{title}}\nHello from IT: {{#each newServices}}{{name}} {{/each}}');
    expect(renderText(content(), 'en', 'workplace-first', null, dir)).toBe('# IT newsletter February 2027\nHello from IT: R&D <Portal>');
    writeFileSync(join(dir, 'workplace-first.en.hbs'), '# {{titel}}');
    expect(() => renderText(content(), 'en', 'workplace-first', null, dir)).toThrow(/titel/);
    // found when it renders, deep in a section: the file, the line and the field
    writeFileSync(join(dir, 'workplace-first.en.hbs'), '# {{title}}\n## New\n{{#each newServices}}\n• {{nmae}}\n{{/each}}');
    const file = join(dir, 'workplace-first.en.hbs');
    expect(() => renderText(content(), 'en', 'workplace-first', null, dir)).toThrow(`${file}: line 4: unknown field "nmae"`);
  });
});

describe('delivery', () => {
  it('the outbox worker delivers the approved issue to the web chat, and the editorial goes with it', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    expect(setEditorial(app, issue!.id, 'de', 'Liebe Kolleginnen und Kollegen')).toBe(true);
    const worker = new OutboxWorker(app);
    await worker.drainOnce();
    expect(readInbox(app.db, [OWNER], 0).map((e) => e.message.text.split('\n')[0])).toEqual(['Entwurf: IT-Newsletter (erscheint am 3. Februar 2027)']);
    expect(readInbox(app.db, ['channel:all'], 0)).toEqual([]);
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    expect(setEditorial(app, issue!.id, 'de', 'zu spät')).toBe(false); // decided issues are frozen
    await worker.drainOnce();
    expect(readInbox(app.db, ['channel:all'], 0)).toEqual([]); // waits for its date
    app.clock.set('2027-02-03T07:00:00Z');
    await worker.drainOnce();
    const posted = readInbox(app.db, ['channel:all'], 0);
    expect(posted).toHaveLength(1);
    expect(posted[0]!.message.text).toContain('Liebe Kolleginnen und Kollegen');
    expect(flat([posted[0]!.message])).toContain('IT newsletter, 3 February 2027');
  });
});

describe('the figures-first messages', () => {
  it('are the issue as each reader gets it, in their language, with its editorial', async () => {
    app = testApp({ now: '2027-01-08T09:00:00Z' });
    withPeople(app);
    plan(app);
    await closedSurvey(app); // Finance only
    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    setEditorial(app, issue!.id, 'de', 'Liebe Kolleginnen und Kollegen');
    setEditorial(app, issue!.id, 'en', 'Dear colleagues');
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    const approved = new NewsletterRepo(app.db).byId(issue!.id)!;
    const rows = outbox(app, 'newsletter').filter((r) => r.target_kind === 'person');
    expect(rows.map((r) => r.target).sort()).toEqual(['claudia.frei@alpenfirn.example', 'daniel.mueller@alpenfirn.example', 'julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example', 'peter.huber@alpenfirn.example', 'thomas.widmer@alpenfirn.example']);
    for (const r of rows) {
      const message = JSON.parse(r.message);
      expect(message).toEqual(JSON.parse(JSON.stringify(issueMessage(app, approved, 'de', 'figures-first', app.clock.now(), app.people.byEmail(r.target)))));
      expect(message.text).toContain('Liebe Kolleginnen und Kollegen');
      expect(message.text).not.toContain('Dear colleagues');
    }
    const text = (who: string) => JSON.parse(rows.find((r) => r.target === who)!.message).text as string;
    expect(text('peter.huber@alpenfirn.example')).toContain('Zufriedenheit Q1'); // Finance reads the Finance survey
    expect(text('thomas.widmer@alpenfirn.example')).not.toContain('Zufriedenheit Q1');
  });
});

describe('long texts are cut between characters', () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

  it('an editorial over 4,000 characters is refused whole, never cut; one of 4,000 with an emoji at the end is kept whole', () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    const editorial = () => new NewsletterRepo(app.db).byId(issue!.id)!.editorial_en;
    // the emoji takes units 3999 and 4000
    const full = `${'a'.repeat(3998)}🎉`;
    expect(setEditorial(app, issue!.id, 'en', full)).toBe(true);
    expect(editorial()).toBe(full);
    expect(setEditorial(app, issue!.id, 'en', `${'a'.repeat(3999)}🎉 and more`)).toBe(false);
    expect(editorial()).toBe(full);
  });

  it('a "you said, we did" action over 1,000 characters is refused whole, never recorded cut', async () => {
    app = testApp({ now: '2027-01-08T09:00:00Z' });
    withPeople(app);
    await closedSurvey(app);
    const r = await cli(['newsletter', 'action', 'csat-q1', `${'b'.repeat(999)}👍 done`, '--db', app.file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("text: 1005 characters, at most 1000: shorten it (it stands under the survey's results in the newsletter)");
    // an emoji is one character: 999 letters and one emoji are not too long
    expect((await cli(['newsletter', 'action', 'csat-q1', `${'b'.repeat(999)}👍`, '--db', app.file])).code).toBe(0);
    const [item] = defaultSources(app).closedSurveys(new Date('2027-01-01T00:00:00Z'), new Date(app.clock.now().getTime() + 1));
    expect(item!.actions.map((a) => a.text)).toEqual([`${'b'.repeat(999)}👍`]);
    expect(item!.actions[0]!.text).not.toMatch(lone);
  });
});

describe('admin surface', () => {
  it('lists issues, renders every version HTML-safe, saves the editorial, decides as an admin', async () => {
    const { listIssues, viewIssue, saveEditorial, decideIssue } = await import('../../src/newsletter/admin-api.ts');
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    newsletterTick(app);
    const [s] = listIssues(app);
    expect(s).toMatchObject({ state: 'draft', owner: OWNER, eventId: 'it-newsletter' });
    expect(saveEditorial(app, s!.id, 'en', 'Dear <colleagues>')).toEqual({ saved: true });
    const v = viewIssue(app, s!.id)!;
    expect(v.html['workplace-first'].en).toContain('Dear &lt;colleagues&gt;');
    expect(Object.keys(v.html)).toEqual(['figures-first', 'workplace-first']);
    expect(decideIssue(app, s!.id, 'approve', null).ok).toBe(false);
    const d = decideIssue(app, s!.id, 'approve', null, 'admin-token');
    expect(d.ok).toBe(true);
    expect(listIssues(app)[0]).toMatchObject({ state: 'approved', decidedBy: 'admin-token' });
  });
});

describe('channels', () => {
  it('with Slack configured the approved issue goes to the plan event\'s Slack channel too, once', async () => {
    const { withFakeSender, FakeSender } = await import('../doubles/app.ts');
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    const slack = withFakeSender(app, new FakeSender('slack'));
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    app.clock.set('2027-02-03T07:00:00Z');
    const worker = new OutboxWorker(app);
    await worker.drainOnce();
    await worker.drainOnce();
    const channelPosts = slack.sent.filter((s) => s.target.kind === 'channel');
    expect(channelPosts.map((s) => (s.target as { channelId: string }).channelId)).toEqual(['C0NEWS']);
    expect(channelPosts[0]!.message.text).toContain('IT-Newsletter, 3. Februar 2027');
    expect(readInbox(app.db, ['channel:all'], 0)).toHaveLength(1);
  });
});
