import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, say, flat, type TestApp } from '../doubles/app.ts';
import { newsletterTick, nextOccurrence } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { recordOutcome } from '../../src/plan/items.ts';
import { importPlan } from '../../src/plan/import.ts';
import { HEAD, OWNER, outbox, plan, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** What the admin page's or the chat's Skip records for a plan occurrence. */
function skipInPlan(occurrence: string, reason: string) {
  recordOutcome(app.db, { eventId: 'it-newsletter', occurrence, state: 'skipped', by: HEAD, reason, startAt: new Date(`${occurrence}:00+01:00`), now: app.clock.now() });
}

describe('a newsletter occurrence skipped in the plan', () => {
  it('is not the next issue: the chat drafts the next occurrence not skipped', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    skipInPlan('2027-02-03T08:00', 'keine Ausgabe in den Ferien');
    expect(nextOccurrence(app)?.occurrence).toBe('2027-03-03T08:00');
    const preview = flat(await app.bot.handle(say('show newsletter draft', OWNER)));
    expect(preview).toContain('3. März 2027');
    expect(new NewsletterRepo(app.db).list().map((i) => i.occurrence_key)).toEqual(['it-newsletter@2027-03-03T08:00']);
    // and someone outside IT is told the date of that one
    expect(flat(await app.bot.handle(say('newsletter', 'reto.fischer@alpenfirn.example')))).toMatch(/3 March 2027|3\. März 2027/);
  });

  it('after it was drafted: approving does not publish it or turn the skip into done, and it is not escalated', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    expect(newsletterTick(app).drafted).toBe(1);
    const [issue] = new NewsletterRepo(app.db).list();
    skipInPlan('2027-02-03T08:00', 'keine Ausgabe in den Ferien');

    app.clock.set('2027-02-01T08:00:00Z'); // within the escalation lead
    expect(newsletterTick(app).escalated).toBe(0);
    expect(outbox(app, 'newsletter-escalation')).toHaveLength(0);

    const r = flat(await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER)));
    expect(r).toMatch(/already been decided|bereits entschieden/);
    expect(outbox(app, 'newsletter')).toHaveLength(0);
    expect(new NewsletterRepo(app.db).byId(issue!.id)).toMatchObject({ state: 'skipped', published_at: null });
    expect(new PlanRepo(app.db).occurrence('it-newsletter', '2027-02-03T08:00')).toMatchObject({ state: 'skipped', reason: 'keine Ausgabe in den Ferien', byEmail: HEAD });
  });

  it('skipping the issue keeps the reason recorded in the plan', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    plan(app);
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    skipInPlan('2027-02-03T08:00', 'keine Ausgabe in den Ferien');
    await app.bot.handle(click('newsletter.skip', String(issue!.id), OWNER));
    expect(new PlanRepo(app.db).occurrence('it-newsletter', '2027-02-03T08:00')).toMatchObject({ state: 'skipped', reason: 'keine Ausgabe in den Ferien' });
  });
});

describe('a draft created close to its date', () => {
  it('is escalated only after its owner had time to act on the preview, not in the same tick', () => {
    app = testApp({ now: '2027-02-02T08:00:00Z' }); // one day before 2027-02-03 08:00 Zurich
    withPeople(app);
    plan(app);
    expect(newsletterTick(app)).toEqual({ drafted: 1, escalated: 0 });
    expect(outbox(app, 'newsletter-preview')).toHaveLength(1);
    expect(outbox(app, 'newsletter-escalation')).toHaveLength(0);
    app.clock.set('2027-02-02T08:01:00Z');
    expect(newsletterTick(app).escalated).toBe(0);
    // half the time left to its date (07:00Z the next day: 23 h) after the preview
    app.clock.set('2027-02-02T19:29:00Z');
    expect(newsletterTick(app).escalated).toBe(0);
    app.clock.set('2027-02-02T19:30:00Z');
    expect(newsletterTick(app).escalated).toBe(1);
    expect(outbox(app, 'newsletter-escalation').map((r) => r.target).sort()).toEqual([OWNER, HEAD].sort());
  });

  it('a draft whose plan event was removed from the plan since is not published to everyone when approved', async () => {
    app = testApp({ now: '2027-01-05T09:00:00Z' });
    withPeople(app);
    plan(app, `  - {id: nl-finance, title: {de: IT-News Finanzen, en: IT news for Finance}, kind: newsletter, start: 2027-02-02T08:00, duration: PT30M, audience: department:Finance, owner: ${OWNER}}
`);
    app.clock.set('2027-01-28T09:00:00Z');
    newsletterTick(app);
    const repo = new NewsletterRepo(app.db);
    const finance = repo.byOccurrence('nl-finance@2027-02-02T08:00')!;
    // the plan is imported again without the Finance newsletter
    importPlan(app, write(app, 'plan2.yaml', `timezone: Europe/Zurich
events:
  - {id: it-newsletter, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=1WE", start: 2027-02-03T08:00, duration: PT30M, audience: all, owner: ${OWNER}}
`), { replace: true });
    app.clock.set('2027-01-28T10:00:00Z');
    const posted = outbox(app, 'newsletter').length;
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(finance.id), OWNER)));
    expect(reply).toMatch(/already been decided|bereits entschieden/);
    expect(repo.byId(finance.id)).toMatchObject({ state: 'skipped', decided_by: 'plan' });
    expect(outbox(app, 'newsletter')).toHaveLength(posted);
  });

  it('a draft whose plan event moved to another time stays the event\'s issue, for its audience', async () => {
    app = testApp({ now: '2027-01-05T09:00:00Z' });
    withPeople(app);
    const finance = (start: string) => plan(app, `  - {id: nl-finance, title: {de: IT-News Finanzen, en: IT news for Finance}, kind: newsletter, start: ${start}, duration: PT30M, audience: department:Finance, owner: ${OWNER}}
`);
    finance('2027-02-02T08:00');
    app.clock.set('2027-01-28T09:00:00Z');
    newsletterTick(app);
    const repo = new NewsletterRepo(app.db);
    const issue = repo.byOccurrence('nl-finance@2027-02-02T08:00')!;
    // the event moves by an hour: the drafted occurrence is no longer one of the plan's
    finance('2027-02-02T09:00');
    app.clock.set('2027-01-28T10:00:00Z');
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    const approved = repo.byId(issue.id)!;
    expect(approved.state).toBe('approved');
    expect(JSON.parse(approved.content)).toMatchObject({ name: { en: 'IT news for Finance' }, audience: ['department:Finance'] });
    const posts = outbox(app, 'newsletter').map((r) => `${r.target_kind}:${r.platform}:${r.target}`);
    expect(posts.filter((x) => x.startsWith('channel:'))).not.toEqual([]);
    expect(posts).not.toContain('channel:web:all');
  });
});

