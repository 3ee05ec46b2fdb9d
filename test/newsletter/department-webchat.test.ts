import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { importProjects } from '../../src/projects/import.ts';
import { departmentChannel } from '../../src/people/audience.ts';
import { OWNER, outbox, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const projects = `projects:
  - id: erp
    title: {de: ERP-Update für die Finanzen, en: ERP upgrade for Finance}
    changes: {de: Der Monatsabschluss wird schneller., en: Month-end closing gets faster.}
    audience: department:Finance
    phase: planned
    owner: head.it@alpenfirn.example
`;

/** A web-only installation with one newsletter, for `audience`, on 3 February; its issue approved. */
async function approvedIssue(audience: string) {
  app = testApp({ now: '2027-01-05T09:00:00Z' });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl-dept, title: {de: IT-News, en: IT news}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: ${audience}, owner: ${OWNER}}
`));
  importProjects(app, write(app, 'projects.yaml', projects));
  app.clock.set('2027-01-28T09:00:00Z');
  newsletterTick(app);
  const issue = new NewsletterRepo(app.db).byOccurrence('nl-dept@2027-02-03T08:00')!;
  await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
  return outbox(app, 'newsletter');
}

const webPosts = (rows: Awaited<ReturnType<typeof approvedIssue>>) => rows.filter((r) => r.platform === 'web' && r.target_kind === 'channel').map((r) => r.target);

describe('a department newsletter in the web chat', () => {
  it("is posted to the department's web channel, not to everyone's", async () => {
    const rows = await approvedIssue('department:Finance');
    expect(webPosts(rows)).toEqual([departmentChannel(app.people, 'Finance')]);
    expect(rows.find((r) => r.target_kind === 'channel')!.message).toContain('ERP upgrade for Finance');
  });

  it("a newsletter for all staff is posted to everyone's channel as before", async () => {
    const rows = await approvedIssue('all');
    expect(webPosts(rows)).toEqual(['all']);
  });

  it('a reader the audience names by address, who reads none of those channels, gets the issue by direct message', async () => {
    const rows = await approvedIssue('[department:Finance, sarah.johnson@alpenfirn.example]');
    expect(webPosts(rows)).toEqual([departmentChannel(app.people, 'Finance')]);
    const toSarah = rows.filter((r) => r.target_kind === 'person' && r.target.toLowerCase() === 'sarah.johnson@alpenfirn.example');
    expect(toSarah).toHaveLength(1);
  });
});
