import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importProjects } from '../../src/projects/import.ts';
import { projectsTick } from '../../src/projects/announce.ts';
import { OWNER, outbox, plan, project, withPeople, write } from '../newsletter/fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const projectKeys = (xs: Array<{ key: string }>) => xs.map((p) => p.key);

describe('the very first projects import and the newsletter', () => {
  it('announces nothing in chat, and the next issue presents the running and planned projects once, not the done one', async () => {
    // a monthly newsletter (first issue 2027-02-03, its month from 3 January), the projects imported before it
    app = testApp({ now: '2026-12-20T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    plan(app);
    importProjects(app, write(app, 'projects.yaml', `projects:
${project('mfa', 'running', '    milestones:\n      - {date: 2026-12-01, title: {de: Pilot, en: Pilot}}\n')}${project('wifi', 'planned')}${project('fax-off', 'done')}`));
    expect(projectsTick(app)).toBe(0);
    expect(outbox(app, 'project-announcement')).toEqual([]);

    app.clock.set('2027-01-27T09:00:00Z');
    expect(projectKeys(draftFor(app, nextOccurrence(app)).projects)).toEqual(['project:mfa:phase:running', 'project:wifi:phase:planned']);
    newsletterTick(app);
    const issues = new NewsletterRepo(app.db);
    const first = issues.byOccurrence('it-newsletter@2027-02-03T08:00')!;
    expect(projectKeys(JSON.parse(first.content).projects)).toEqual(['project:mfa:phase:running', 'project:wifi:phase:planned']);
    await app.bot.handle(click('newsletter.approve', String(first.id), OWNER));
    expect(outbox(app, 'newsletter').find((r) => r.platform === 'slack' && r.target === 'C0NEWS')!.message).toContain('Project wifi');
    expect(outbox(app, 'project-announcement')).toEqual([]);

    // the March issue looks back 90 days too (to 3 December), but an issue with readers carried them
    app.clock.set('2027-02-24T09:00:00Z');
    expect(draftFor(app, nextOccurrence(app)).projects).toEqual([]);
  });
});
