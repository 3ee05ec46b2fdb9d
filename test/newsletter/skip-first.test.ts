import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, flat, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, helpdesk, plan, projects, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** January 2027: the Windows 11 rollout is done, helpdesk tickets; the 3 February issue is drafted. */
function january() {
  app = testApp({ now: '2027-01-04T09:00:00Z' });
  withPeople(app);
  plan(app);
  projects(app, 'running');
  app.clock.set('2027-01-25T10:00:00Z');
  projects(app, 'done');
  helpdesk(app);
  app.clock.set('2027-01-27T09:00:00Z');
  newsletterTick(app);
  const [first] = new NewsletterRepo(app.db).list();
  expect(first!.occurrence).toBe('2027-02-03T08:00');
  return first!;
}

describe('skipping the very first issue', () => {
  it('the next issue covers both months: the skipped one\'s project news and helpdesk figures are in it', async () => {
    const first = january();
    expect(flat(await app.bot.handle(click('newsletter.skip', String(first.id), OWNER)))).toMatch(/cover both months|zwei Monate/);
    app.clock.set('2027-02-24T09:00:00Z');
    const next = nextOccurrence(app)!;
    expect(next.occurrence).toBe('2027-03-03T08:00');
    const c = draftFor(app, next);
    expect(c.periodFrom).toBe(first.period_from); // where the skipped issue's month began
    expect(c.projects.map((p) => p.id)).toContain('win11');
    expect(c.helpdesk).toMatchObject({ opened: 4, closed: 3 });
  });

  it('a first issue whose date passed without approval does not lose its month either', () => {
    january();
    app.clock.set('2027-02-24T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    expect(c.projects.map((p) => p.id)).toContain('win11');
    expect(c.helpdesk).toMatchObject({ opened: 4 });
  });

  it('without a skipped issue the first one covers the month before its date', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    plan(app);
    app.clock.set('2027-02-24T09:00:00Z');
    const c = draftFor(app, nextOccurrence(app));
    expect(c.periodFrom).toBe('2027-01-31T07:00:00.000Z');
  });
});
