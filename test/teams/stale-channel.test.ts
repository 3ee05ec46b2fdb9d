import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enqueue, outboxRows } from '../../src/jobs/outbox.ts';
import { postActivity, teamsActivity, type ScriptedResponse } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };
const TEAM = '19:team@thread.tacv2';
const NEWS = '19:news@thread.tacv2';
const REMOVED: ScriptedResponse = { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } };

/** A stored channel reference that Teams refuses for good (the bot removed from the team, the removal missed). */
describe('Teams: a channel reference that no longer works', () => {
  let r: Rig;
  const install = () =>
    postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'conversationUpdate', user: alex, conversationType: 'channel', conversationId: TEAM,
      channelData: { team: { id: TEAM } }, membersAdded: [{ id: '28:bot-id' }],
    }));
  beforeEach(async () => {
    r = await rig();
    r.connector.channels.set(TEAM, [{ id: NEWS, name: 'News' }]);
    await install();
    r.connector.calls = [];
  });
  afterEach(async () => r.close());

  let n = 0;
  const announce = () => {
    const key = `news-${++n}`;
    enqueue(r.app.db, r.app.clock.now(), { key, kind: 'announcement', target: { kind: 'channel', platform: 'teams', channelId: NEWS }, message: { text: `announcement ${n}` } });
    return key;
  };
  const row = (key: string) => outboxRows(r.app.db).find((x) => x.idempotency_key === key)!;
  const posts = () => r.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === NEWS);
  const health = async () => ((await (await fetch(`${r.server.url}/healthz`)).json()) as { adapters: { teams: { staleChannels: Array<{ channelId: string; name: string | null; reason: string }> } } }).adapters.teams;

  it('is marked stale: later posts to the channel are not tried, /healthz names it, and the bot added again stores a fresh one', async () => {
    r.connector.script = (call) => (call.conversationId === NEWS ? REMOVED : undefined);
    const first = announce();
    await r.server.worker.drainOnce();
    expect(row(first).state).toBe('dead');
    expect(row(first).last_error).toMatch(/403/);
    expect(posts()).toHaveLength(1);
    expect((await health()).staleChannels).toEqual([expect.objectContaining({ channelId: NEWS, name: 'News', reason: expect.stringMatching(/BotNotInConversationRoster/) })]);

    // the next announcement is not sent to Teams at all, and says why
    const second = announce();
    await r.server.worker.drainOnce();
    expect(row(second).state).toBe('dead');
    expect(row(second).last_error).toMatch(/no longer reachable .*not tried again until someone writes in it or the bot is added to its team again/);
    expect(posts()).toHaveLength(1);

    // the bot is added to the team again: the channel's reference is fresh, and announcements go there
    r.connector.script = () => undefined;
    await install();
    expect((await health()).staleChannels).toEqual([]);
    r.connector.calls = [];
    const third = announce();
    await r.server.worker.drainOnce();
    expect(row(third)).toMatchObject({ state: 'sent', platform: 'teams' });
    expect(r.connector.sent(NEWS)).toHaveLength(1);
  });

  it('a refusal for now (5xx) leaves the reference as it is', async () => {
    r.connector.script = (call) => (call.conversationId === NEWS ? { status: 503, body: {} } : undefined);
    const key = announce();
    await r.server.worker.drainOnce();
    expect(row(key).state).toBe('retry');
    expect((await health()).staleChannels).toEqual([]);
  });
});
