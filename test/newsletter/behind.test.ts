import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, flat, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { decideIssue } from '../../src/newsletter/admin-api.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, plan, projects, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const phases = (content: string) =>
  (JSON.parse(content).projects as Array<{ id: string; kind: string; phase: string | null }>).filter((p) => p.kind === 'phase').map((p) => `${p.id}:${p.phase}`);

/** The draft of 3 February made on 27 January with Windows 11 under way; on 29 January an import marks it done. */
function draftThenDone() {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
  withPeople(app);
  plan(app);
  projects(app, 'planned');
  app.clock.set('2027-01-12T09:00:00Z');
  projects(app, 'running');
  app.clock.set('2027-01-27T09:30:00Z');
  expect(newsletterTick(app).drafted).toBe(1);
  const repo = new NewsletterRepo(app.db);
  const issue = repo.byOccurrence('it-newsletter@2027-02-03T08:00')!;
  expect(phases(issue.content)).toContain('win11:running');
  app.clock.set('2027-01-29T09:00:00Z');
  projects(app, 'done');
  app.clock.set('2027-01-29T14:00:00Z');
  return { repo, issue };
}

describe('a draft behind its data at approval', () => {
  it('Approve in chat does not publish "Under way" for a project done since: the owner is shown the new draft first', async () => {
    const { repo, issue } = draftThenDone();
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER)));
    expect(reply).toMatch(/changed since it was drafted|Seit dieser Entwurf erstellt wurde/);
    const now = repo.byId(issue.id)!;
    expect(now.state).toBe('draft');
    expect(phases(now.content)).toContain('win11:done');
    expect(phases(now.content)).not.toContain('win11:running');
    // the new version shown, approving it publishes it
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    const approved = repo.byId(issue.id)!;
    expect(approved.state).toBe('approved');
    expect(phases(approved.content)).toContain('win11:done');
  });

  it('the admin page says so too; a draft whose data did not change is approved at once', () => {
    const { repo, issue } = draftThenDone();
    const d = decideIssue(app, issue.id, 'approve', null, 'admin-token');
    expect(d).toMatchObject({ ok: false, reason: 'outdated', behind: true });
    expect(decideIssue(app, issue.id, 'approve', null, 'admin-token').ok).toBe(true);
    expect(repo.byId(issue.id)!.state).toBe('approved');
  });
});
