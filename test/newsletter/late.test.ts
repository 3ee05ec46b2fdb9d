import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, say, flat, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, outbox, plan, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const READER = 'reto.fischer@alpenfirn.example';

/** The issue of 3 February, drafted a week before (its dates: the open day of 17 February). */
function drafted(): number {
  app = testApp({ now: '2027-01-27T09:00:00Z' });
  withPeople(app);
  plan(app);
  newsletterTick(app);
  const [issue] = new NewsletterRepo(app.db).list();
  expect(JSON.parse(issue!.content).events.map((e: { eventId: string }) => e.eventId)).toEqual(['open-day']);
  return issue!.id;
}

describe('an issue approved after its date', () => {
  it('goes out without the dates that have passed, headed with the day it went out', async () => {
    const id = drafted();
    app.clock.set('2027-02-20T09:00:00Z'); // three days after the open day
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(id), OWNER)));
    expect(reply).toContain('Ausgabe: IT-Newsletter, 3. Februar 2027 (erschienen am 20. Februar 2027)');
    expect(reply).not.toContain('Tag der offenen IT');
    const posts = outbox(app, 'newsletter');
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) expect(JSON.parse(p.message).text).not.toMatch(/Tag der offenen IT|IT open day/);
    // and a reader asking for it later
    expect(flat(await app.bot.handle(say('newsletter', READER)))).not.toMatch(/Tag der offenen IT|IT open day/);
  });

  it('an Approve run again for the same event (redelivery) after its first run recorded it is answered as that run was, and queues nothing more', async () => {
    const id = drafted();
    const ev = click('newsletter.approve', String(id), OWNER, { eventId: 'act:approve' });
    const first = await app.bot.handle(ev);
    expect(first[0]!.replaceOriginal).toBe(true);
    const posts = outbox(app, 'newsletter').length;
    // (the server died after the turn had recorded it; the next one runs the click again)
    expect(await app.bot.handle({ ...ev, redelivery: true })).toEqual(first);
    expect(outbox(app, 'newsletter')).toHaveLength(posts);
    // another click on the same card is still told it was decided
    expect(flat(await app.bot.handle(click('newsletter.approve', String(id), OWNER, { eventId: 'act:approve-2' })))).not.toEqual(flat(first));
  });

  it('approved in time, it keeps them', async () => {
    const id = drafted();
    await app.bot.handle(click('newsletter.approve', String(id), OWNER));
    const posts = outbox(app, 'newsletter');
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) expect(JSON.parse(p.message).text).toMatch(/Tag der offenen IT|IT open day/);
    app.clock.set('2027-02-03T07:00:00Z');
    expect(flat(await app.bot.handle(say('newsletter', READER)))).toMatch(/Tag der offenen IT|IT open day/);
  });
});
