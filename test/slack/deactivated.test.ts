import { afterEach, describe, expect, it } from 'vitest';
import { addSender } from '../../src/app.ts';
import { enqueue } from '../../src/jobs/outbox.ts';
import { FakeSender } from '../doubles/app.ts';
import { addPeople, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const BEN = 'ben.beispiel@example.com';
const rows = (hh: Harness) => hh.app.db.prepare('SELECT idempotency_key AS key, state, platform, last_error AS error FROM outbox ORDER BY id').all() as Array<{ key: string; state: string; platform: string | null; error: string | null }>;
const remind = (hh: Harness, key: string) => enqueue(hh.app.db, hh.app.clock.now(), { key, kind: 'reminder', target: { kind: 'person', email: BEN }, message: { text: 'Hi', lang: 'en' } });

describe('Slack: a person whose account Slack has deactivated', () => {
  it('gets the message on Teams instead, and Slack is not chosen for their next one', async () => {
    h = await slackHarness();
    addPeople(h.app);
    const teams = new FakeSender('teams');
    addSender(h.app, teams);
    // Slack first, as a server with both chooses
    addSender(h.app, h.app.senders.get('slack')!);
    h.fake.fail('chat.postMessage', { error: 'user_disabled' });
    remind(h, 'test:one');
    await h.server.worker.drainOnce();
    expect(teams.to(BEN)).toHaveLength(1);
    remind(h, 'test:two');
    await h.server.worker.drainOnce();
    expect(teams.to(BEN)).toHaveLength(2);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(rows(h).map((r) => [r.key, r.state, r.platform])).toEqual([['test:one', 'sent', 'teams'], ['test:two', 'sent', 'teams']]);
  });

  it('without another platform: parked with the reason, and Slack is not called again for the next message', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.fail('conversations.open', { error: 'account_inactive' });
    remind(h, 'test:one');
    await h.server.worker.drainOnce();
    remind(h, 'test:two');
    await h.server.worker.drainOnce();
    expect(h.fake.callsOf('conversations.open')).toHaveLength(1);
    const [one, two] = rows(h);
    expect(one).toMatchObject({ state: 'dead', error: expect.stringMatching(/account_inactive.*deactivated/) });
    expect(two).toMatchObject({ state: 'dead', error: expect.stringMatching(/account_inactive.*deactivated/) });
    expect(h.app.senders.get('slack')!.reaches(h.app.people.byEmail(BEN)!)).toBe(false);
  });
});

describe('Slack: a person whose account was deactivated and who writes to the bot again', () => {
  it('is reached on Slack again at once, not only after 6 hours', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0BEN', email: BEN, locale: 'en-US' });
    h.fake.fail('chat.postMessage', { error: 'user_disabled' });
    remind(h, 'test:one');
    await h.server.worker.drainOnce();
    const slack = h.app.senders.get('slack')!;
    expect(slack.reaches(h.app.people.byEmail(BEN)!)).toBe(false);
    // Ben's account is active again: he asks the bot something
    h.app.clock.advance(60_000);
    await h.dm('help', { user: 'U0BEN' });
    await h.fake.until(() => h!.fake.messages.some((m) => m.channel === 'D0BEN'));
    expect(slack.reaches(h.app.people.byEmail(BEN)!)).toBe(true);
    remind(h, 'test:two');
    await h.server.worker.drainOnce();
    expect(rows(h).map((r) => [r.key, r.state, r.platform])).toEqual([['test:one', 'dead', 'slack'], ['test:two', 'sent', 'slack']]);
  });
});
