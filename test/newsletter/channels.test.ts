import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, flat, withFakeSender, FakeSender, type TestApp } from '../doubles/app.ts';
import { newsletterTick, previewMessage } from '../../src/newsletter/issues.ts';
import { importPlan } from '../../src/plan/import.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { OWNER, plan, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** A newsletter whose plan event names no chat channel (as the demo's helpdesk newsletter). */
function withoutChannels() {
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: letter, title: {de: IT-Brief, en: IT letter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, owner: ${OWNER}}
`));
}

describe('a newsletter whose plan event names no channel on a platform in service', () => {
  it('says so on its preview, before and after approval: there only management gets it', async () => {
    app = testApp({ now: '2027-01-27T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    withFakeSender(app, new FakeSender('slack'));
    withoutChannels();
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    const en = previewMessage(app, issue!, 'en');
    expect(en.text).toContain('The plan names no Slack channel for this newsletter (channels.slack): there only management and controllers get it');
    expect(en.blocks).toContainEqual({ type: 'badges', badges: [{ tone: 'warning', text: expect.stringContaining('channels.slack') }] });
    expect(previewMessage(app, issue!, 'de').text).toContain('Der Plan nennt für diesen Newsletter keinen Kanal auf Slack (channels.slack)');
    expect(flat(await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER)))).toContain('keinen Kanal auf Slack');
  });

  it('says nothing when the channel is there, or without a chat platform', () => {
    app = testApp({ now: '2027-01-27T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    plan(app); // channels: {slack: C0NEWS}
    newsletterTick(app);
    expect(previewMessage(app, new NewsletterRepo(app.db).list()[0]!, 'en').text).not.toContain('names no');
    app.cleanup();
    app = testApp({ now: '2027-01-27T09:00:00Z' });
    withPeople(app);
    withoutChannels();
    newsletterTick(app);
    expect(previewMessage(app, new NewsletterRepo(app.db).list()[0]!, 'en').text).not.toContain('names no');
  });
});
