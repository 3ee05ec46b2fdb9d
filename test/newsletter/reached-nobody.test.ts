import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, flat, type TestApp } from '../doubles/app.ts';
import { draftFor, newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, catalogAfter, catalogBefore, logisticsPlan, outbox, projectKeys, projects, strategy, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const keys = (content: string) => {
  const c = JSON.parse(content) as { services: Array<{ key: string }>; strategy: Array<{ key: string }> };
  return [...c.services, ...c.strategy].map((x) => x.key).sort();
};

/**
 * Windows 11 (for all) running at the first import, done on 01-08; on 01-27 the Logistics issue
 * is drafted (the one for all staff is not due yet). Returns the Logistics issue.
 */
function win11DoneThenLogisticsDrafted() {
  app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
  withPeople(app);
  logisticsPlan(app);
  projects(app, 'running'); // the first import: Windows 11 (for all) running is news for the newsletter only
  app.clock.set('2027-01-08T09:00:00Z');
  projects(app, 'done'); // Windows 11 is done: news
  app.clock.set('2027-01-27T09:00:00Z');
  newsletterTick(app);
  return new NewsletterRepo(app.db).byOccurrence('nl-logistics@2027-02-03T08:00')!;
}

describe('a newsletter issue that reaches no reader', () => {
  it('reports none of its services and strategy milestones: the next issue with readers has them', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    catalogBefore(app);
    // Logistics' newsletter names no Slack channel (Slack is in service) and no one in Logistics
    // gets the figures-first version: its issue is posted only to the web chat, which no one reads next to Slack
    logisticsPlan(app);
    app.clock.set('2027-01-08T09:00:00Z');
    catalogAfter(app);
    strategy(app);
    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const issues = new NewsletterRepo(app.db);
    const logistics = issues.byOccurrence('nl-logistics@2027-02-03T08:00')!;
    const news = keys(logistics.content);
    expect(news).toEqual(['service:fax:retiring', 'service:teams-phone:new', 'strategy:service-catalog-defined']);
    await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER));
    expect(issues.byId(logistics.id)!.state).toBe('approved');
    expect(outbox(app, 'newsletter').map((r) => `${r.platform ?? ''}:${r.target}`)).toEqual(['web:Logistics']); // the web chat's Logistics channel, not everyone's
    expect(JSON.parse(issues.byId(logistics.id)!.reported!)).toEqual([]);

    app.clock.set('2027-02-04T09:00:00Z');
    newsletterTick(app);
    const forAll = issues.byOccurrence('nl@2027-02-10T08:00')!;
    expect(keys(forAll.content)).toEqual(news);
    await app.bot.handle(click('newsletter.approve', String(forAll.id), OWNER));
    const slack = outbox(app, 'newsletter').find((r) => r.platform === 'slack' && r.target === 'C0NEWS')!;
    expect(slack.message).toContain('Telefonie mit Teams');
    // this one had readers: what it carried is reported
    expect(JSON.parse(issues.byId(forAll.id)!.reported!).sort()).toEqual(news);
  });

  it('reports none of its project news: the next issue has it although it happened before that issue\'s period, and after an issue with readers it does not come again', async () => {
    const logistics = win11DoneThenLogisticsDrafted();
    const issues = new NewsletterRepo(app.db);
    expect(projectKeys(logistics.content)).toEqual(['project:win11:phase:done']);
    await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER));
    expect(JSON.parse(issues.byId(logistics.id)!.reported!)).toEqual([]);

    // the issue for all staff covers the time since the Logistics issue was drafted (01-27), and
    // still has the news of 01-08 that the Logistics issue carried to no one (and the Finance
    // project planned at the first import, never announced in chat, which the Logistics issue left out)
    app.clock.set('2027-02-04T09:00:00Z');
    newsletterTick(app);
    const forAll = issues.byOccurrence('nl@2027-02-10T08:00')!;
    expect(JSON.parse(forAll.content).periodFrom).toBe('2027-01-27T09:00:00.000Z');
    expect(projectKeys(forAll.content)).toEqual(['project:erp:phase:planned', 'project:win11:phase:done']);
    await app.bot.handle(click('newsletter.approve', String(forAll.id), OWNER));
    const slack = outbox(app, 'newsletter').find((r) => r.platform === 'slack' && r.target === 'C0NEWS')!;
    expect(slack.message).toContain('Windows 11');
    expect(JSON.parse(issues.byId(forAll.id)!.reported!)).toEqual(expect.arrayContaining(['project:win11:phase:running', 'project:win11:phase:done']));

    // it had readers: a later issue does not bring the news again
    app.clock.set('2027-02-25T09:00:00Z');
    expect(draftFor(app, null).projects).toEqual([]);
  });

  it('brings its project news back for 90 days from the news, not longer', async () => {
    const logistics = win11DoneThenLogisticsDrafted();
    await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER));
    // (no issue with readers follows: a draft starts where the Logistics issue's period ended, 01-27)
    app.clock.set('2027-04-07T09:00:00Z'); // 89 days after the news
    expect(draftFor(app, null).projects.map((p) => p.key)).toEqual(['project:win11:phase:done']);
    app.clock.set('2027-04-09T09:00:00Z'); // 91 days after
    expect(draftFor(app, null).projects).toEqual([]);
  });
});

describe('the reply to the approval', () => {
  it('says when the issue reaches no one, and else whom it goes to, in words (2 channels and 6 people)', async () => {
    const logistics = win11DoneThenLogisticsDrafted();
    const issues = new NewsletterRepo(app.db);
    // (Logistics' newsletter names no Slack channel, and no one in Logistics gets a direct message)
    const unread = flat(await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER)));
    expect(unread).toMatch(/^Freigegeben, aber diese Ausgabe erreicht niemanden: Der Plan nennt für sie keinen Kanal auf einer Plattform in Betrieb/);

    app.clock.set('2027-02-04T09:00:00Z');
    newsletterTick(app);
    const forAll = issues.byOccurrence('nl@2027-02-10T08:00')!;
    const reply = flat(await app.bot.handle(click('newsletter.approve', String(forAll.id), OWNER)));
    // Slack's C0NEWS and the web chat's channel for all; the figures-first version to management and controllers
    const rows = outbox(app, 'newsletter').filter((r) => r.idempotency_key.startsWith(`newsletter:${forAll.id}:`));
    expect(rows.filter((r) => r.target_kind === 'channel').map((r) => r.target)).toEqual(['C0NEWS', 'all']);
    const people = rows.filter((r) => r.target_kind === 'person').length;
    expect(people).toBeGreaterThan(1);
    expect(reply).toMatch(new RegExp(`^Freigegeben\\. Die Ausgabe geht am 10\\. Februar 2027 an 2 Kanäle und ${people} Personen\\.\\n`));
  });
});
