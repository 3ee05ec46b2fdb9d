import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { importProjects } from '../../src/projects/import.ts';
import { OWNER, PROJECTS, outbox, project, projectKeys, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/**
 * A monthly newsletter (first issue 2027-02-03 08:00 Zurich, its month from 3 January) and project
 * news long before it: the fax shutdown done 120 days before the first issue, the MFA project added
 * and the ERP upgrade (Finance) running 40 days before, Windows 11 done in the issue's month.
 */
function projectsBeforeTheFirstIssue(audience: string) {
  app = testApp({ now: '2026-09-01T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=1WE", start: 2027-02-03T08:00, duration: PT30M, audience: ${audience}, channels: {slack: C0NEWS}, owner: ${OWNER}}
`));
  const running = PROJECTS('running');
  importProjects(app, write(app, 'projects.yaml', running)); // the first import: history, not news
  app.clock.set('2026-10-06T09:00:00Z');
  importProjects(app, write(app, 'projects.yaml', running + project('fax-off', 'done')));
  app.clock.set('2026-12-25T09:00:00Z');
  const december = running.replace('phase: planned', 'phase: running') + project('fax-off', 'done') + project('mfa', 'running');
  importProjects(app, write(app, 'projects.yaml', december));
  app.clock.set('2027-01-20T09:00:00Z');
  importProjects(app, write(app, 'projects.yaml', december.replace('phase: running', 'phase: done')));
  app.clock.set('2027-01-27T09:00:00Z');
  newsletterTick(app);
  const issues = new NewsletterRepo(app.db);
  return { issues, first: issues.byOccurrence('nl@2027-02-03T08:00')! };
}

describe('project news that no issue carried yet', () => {
  it('is in the first issue although it happened before its month, first and in order, up to 90 days back', () => {
    const { first } = projectsBeforeTheFirstIssue('all');
    expect(JSON.parse(first.content).periodFrom).toBe('2027-01-03T07:00:00.000Z');
    // the MFA project (40 days before) comes before Windows 11 (in the month); the fax shutdown
    // (120 days before) stays out, and so does the Finance-only ERP upgrade
    expect(projectKeys(first.content)).toEqual(['project:mfa:phase:running', 'project:win11:phase:done']);
  });

  it('keeps the audience rule: an issue for Finance has the Finance project\'s news from before its month too', () => {
    const { first } = projectsBeforeTheFirstIssue('department:Finance');
    expect(projectKeys(first.content)).toEqual(['project:erp:phase:running', 'project:mfa:phase:running', 'project:win11:phase:done']);
  });

  it('does not come again once an issue with readers carried it', async () => {
    const { issues, first } = projectsBeforeTheFirstIssue('all');
    expect(projectKeys(first.content)).toContain('project:mfa:phase:running');
    await app.bot.handle(click('newsletter.approve', String(first.id), OWNER));
    expect(outbox(app, 'newsletter').find((r) => r.platform === 'slack' && r.target === 'C0NEWS')!.message).toContain('Project mfa');
    expect(JSON.parse(issues.byId(first.id)!.reported!)).toContain('project:mfa:phase:running');

    // the March issue looks back 90 days too (to 3 December), but the MFA news was carried
    app.clock.set('2027-02-24T09:00:00Z');
    expect(draftFor(app, nextOccurrence(app)).projects).toEqual([]);
  });
});
