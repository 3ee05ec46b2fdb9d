import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, say, flat, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { listIssues } from '../../src/newsletter/admin-api.ts';
import { importPlan } from '../../src/plan/import.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, plan, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const READER = 'reto.fischer@alpenfirn.example';

describe('an issue approved before its date', () => {
  it('is not shown to readers, nor listed as published, until its date', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));

    // a week before its date (2027-02-03 08:00 Zurich): embargoed
    expect(flat(await app.bot.handle(say('newsletter', READER)))).toMatch(/No issue of the IT newsletter has gone out yet|noch keine Ausgabe/);
    expect(flat(await app.bot.handle(click('newsletter.preview', `${issue!.id}:workplace-first:en`, READER)))).toMatch(/Until then it is visible only to IT|Bis dahin ist sie nur für die IT/);
    expect(listIssues(app)[0]).toMatchObject({ state: 'approved', publishedAt: null, goesOutAt: '2027-02-03T07:00:00.000Z' });

    app.clock.set('2027-02-03T07:00:00Z');
    const reader = flat(await app.bot.handle(say('newsletter', READER)));
    expect(reader).not.toMatch(/No issue|noch keine Ausgabe/);
    expect(reader).toMatch(/IT-Newsletter|IT newsletter/);
    expect(flat(await app.bot.handle(click('newsletter.preview', `${issue!.id}:workplace-first:en`, READER)))).not.toMatch(/visible only to|nur für .* sichtbar/);
    expect(listIssues(app)[0]).toMatchObject({ publishedAt: '2027-02-03T07:00:00.000Z' });
  });

  it('`newsletter list` says when it goes out instead of "published"', async () => {
    // (the command runs on the real clock: an issue far ahead)
    app = testApp({ now: '2099-01-27T09:00:00Z' });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2099-02-03T08:00, duration: PT30M, audience: all, owner: ${OWNER}}
`));
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    const text = await cli(['newsletter', 'list', '--db', app.file]);
    expect(text.out).toContain('approved, goes out 2099-02-03T07:00:00.000Z');
    expect(text.out).not.toContain('published');
    const json = JSON.parse((await cli(['newsletter', 'list', '--json', '--db', app.file])).out);
    expect(json[0]).toMatchObject({ state: 'approved', publishedAt: null, goesOutAt: '2099-02-03T07:00:00.000Z' });
  });
});
