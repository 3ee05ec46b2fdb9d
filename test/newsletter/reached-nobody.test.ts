import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { newsletterTick } from '../../src/newsletter/issues.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, catalogAfter, catalogBefore, logisticsPlan, outbox, strategy, withPeople } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const keys = (content: string) => {
  const c = JSON.parse(content) as { services: Array<{ key: string }>; strategy: Array<{ key: string }> };
  return [...c.services, ...c.strategy].map((x) => x.key).sort();
};

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
    expect(outbox(app, 'newsletter').map((r) => `${r.platform ?? ''}:${r.target}`)).toEqual(['web:all']);
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
});
