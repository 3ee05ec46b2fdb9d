import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importProjects } from '../../src/projects/import.ts';
import { OWNER, outbox, plan, projectKeys, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const wifi = (phase: string) => write(app, 'projects.yaml', `projects:
  - id: wifi
    title: {de: Neues WLAN, en: New Wi-Fi}
    changes: {de: Schnelleres WLAN im ganzen Haus., en: Faster Wi-Fi throughout the building.}
    audience: all
    phase: ${phase}
    owner: head.it@alpenfirn.example
`);

describe('a project that moves on more than once before an issue', () => {
  it('is in the issue once, done, and a later issue brings none of its news again', async () => {
    app = testApp({ now: '2027-01-05T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    plan(app);
    importProjects(app, wifi('planned'));
    app.clock.set('2027-01-12T09:00:00Z');
    importProjects(app, wifi('running'));
    app.clock.set('2027-01-20T09:00:00Z');
    importProjects(app, wifi('done'));

    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const issues = new NewsletterRepo(app.db);
    const issue = issues.byOccurrence('it-newsletter@2027-02-03T08:00')!;
    expect(projectKeys(issue.content)).toEqual(['project:wifi:phase:done']);
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    const post = (JSON.parse(outbox(app, 'newsletter').find((r) => r.platform === 'slack' && r.target === 'C0NEWS')!.message) as { text: string }).text;
    expect(post.match(/New Wi-Fi\b.*/g)).toEqual(['New Wi-Fi. Faster Wi-Fi throughout the building. Thank you for your patience and help!']);
    expect(post).toContain('• Completed: New Wi-Fi.');
    expect(JSON.parse(issues.byId(issue.id)!.reported!)).toEqual(expect.arrayContaining(['project:wifi:phase:planned', 'project:wifi:phase:running', 'project:wifi:phase:done']));

    // the March issue looks back 90 days: the issue with readers carried all three
    app.clock.set('2027-02-24T09:00:00Z');
    expect(draftFor(app, nextOccurrence(app)).projects).toEqual([]);
  });
});
