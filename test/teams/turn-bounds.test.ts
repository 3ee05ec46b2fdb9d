import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Feature } from '../../src/app-types.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { TeamsSender } from '../../adapters/teams/sender.ts';
import { postActivity, teamsActivity, type RecordedCall } from '../doubles/fake-connector.ts';
import { alex, knowAlex, recordingFeature, rig, type Rig } from './helpers.ts';

const CONV = `a:personal-${alex.id}`;

/** Answers to card clicks: one that replaces the clicked card, one too big for one card. */
const cards: Feature = {
  name: 'test-cards',
  intents: [],
  actions: {
    'test.replace': () => [{ text: 'Replaced', replaceOriginal: true, blocks: [{ type: 'text', text: 'Replaced card' }] }],
    'test.big': () => [{
      text: 'big',
      replaceOriginal: true,
      blocks: [1, 2].flatMap((p) => Array.from({ length: 20 }, (_, i) => ({ type: 'text' as const, text: `part ${p}.${i} ${'x'.repeat(1000)}` }))),
    }],
  },
};

/** The connector calls of a Teams turn that are not answered: each waits a bounded time, as the answer's post does. */
describe('a Teams turn whose connector call is not answered', () => {
  let r: Rig;
  /** the time limits of the adapter's connector calls: run out when the test says so */
  let limits: Array<() => void>;
  beforeEach(async () => {
    limits = [];
    r = await rig({ features: [coreFeature, recordingFeature([]), cards] });
    (r.app.senders.get('teams') as TeamsSender).deadline = () => ({ expired: new Promise<void>((resolve) => limits.push(resolve)), cancel: () => {} });
    knowAlex(r);
  });
  afterEach(async () => r.close());

  const hangs = (pred: (c: RecordedCall) => boolean) => {
    r.connector.script = (call) => (pred(call) ? { hang: true, status: 0 } : undefined);
  };
  const replyRows = () => outboxRows(r.app.db).filter((x) => x.kind === 'teams-reply');

  /** posts the activity, lets the time limits run out once the connector holds a matching call, and returns the turn's HTTP answer */
  async function giveUpOn(activity: Record<string, unknown>, held: (c: RecordedCall) => boolean) {
    const pending = postActivity(r.server.url, activity);
    // (the limit of a call is set as the call begins: the held call's is there once the connector has it)
    await r.connector.waitFor(() => r.connector.calls.some(held) && limits.length > 0);
    for (const expire of limits) expire();
    return pending;
  }

  it('the update of the clicked card: the turn ends after the wait, and the answer goes to the outbox', async () => {
    const update = (c: RecordedCall) => c.method === 'PUT' && c.activityId === 'card-1';
    hangs(update);
    const res = await giveUpOn(teamsActivity(r.connector.url, { user: alex, replyToId: 'card-1', value: { itbot: { action: 'test.replace' } } }), update);
    expect(res.status).toBe(200);
    const [row] = replyRows();
    expect(row).toMatchObject({ target: CONV, platform: 'teams' });
    expect(JSON.parse(row!.message).text).toBe('Replaced');
  });

  it('the cards that follow a replaced card: the turn ends after the wait, and they go to the outbox', async () => {
    const more = (c: RecordedCall) => c.method === 'POST' && c.conversationId === CONV;
    hangs(more);
    const res = await giveUpOn(teamsActivity(r.connector.url, { user: alex, replyToId: 'card-2', value: { itbot: { action: 'test.big' } } }), more);
    expect(res.status).toBe(200);
    // the card itself was updated; the second card waits in the outbox, the first left out of it
    expect(r.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === 'card-2')).toHaveLength(1);
    const [row] = replyRows();
    expect(JSON.parse(row!.message).teamsReply.skip).toBe(1);
  });

  it('the cards that follow a refreshed survey card (Action.Execute): the invoke is answered, they go to the outbox', async () => {
    const more = (c: RecordedCall) => c.method === 'POST' && c.conversationId === CONV;
    hangs(more);
    const res = await giveUpOn(teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex,
      value: { action: { type: 'Action.Execute', verb: 'test.big', data: { itbot: { action: 'test.big' } } }, trigger: 'manual' },
    }), more);
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('part 1.0');
    const [row] = replyRows();
    expect(JSON.parse(row!.message).teamsReply.skip).toBe(1);
  });

  it('the failure message after a turn failed: dropped after the wait, the turn ends', async () => {
    // (the turn itself fails, as when the database stays locked)
    r.app.bot.handle = () => Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    const post = (c: RecordedCall) => c.method === 'POST' && c.conversationId === CONV;
    hangs(post);
    const res = await giveUpOn(teamsActivity(r.connector.url, { user: alex, text: 'help' }), post);
    expect(res.status).toBe(200);
    expect(r.connector.calls.filter(post)).toHaveLength(1);
    expect(JSON.stringify(r.connector.calls.find(post)!.body)).toContain('went wrong');
    expect(replyRows()).toHaveLength(0);
  });

  it('the member lookup (who wrote, by e-mail): the question is answered after the wait, and the late answer still links the person', async () => {
    let answer: () => void = () => {};
    const lookup = (c: RecordedCall) => c.method === 'GET' && c.path.includes('/members/');
    r.connector.script = (call) => (lookup(call) ? new Promise((resolve) => (answer = () => resolve({ status: 200, body: alex }))) : undefined);
    const res = await giveUpOn(teamsActivity(r.connector.url, { user: alex, text: 'help' }), lookup);
    expect(res.status).toBe(200);
    await r.connector.waitFor(() => r.connector.sent(CONV).length === 1);
    answer();
    await r.connector.waitFor(() => r.app.people.byEmail('alex@example.com')?.teamsUserId === 'aad-alex');
  });

  it('the channel list when the bot is added to a team: the install is handled after the wait, the channels the late answer names are stored', async () => {
    let answer: () => void = () => {};
    const TEAM = '19:team@thread.tacv2';
    const listing = (c: RecordedCall) => c.method === 'GET' && c.path.includes(`/teams/`);
    r.connector.script = (call) =>
      listing(call) ? new Promise((resolve) => (answer = () => resolve({ status: 200, body: { conversations: [{ id: '19:news@thread.tacv2', name: 'News' }] } }))) : undefined;
    const res = await giveUpOn(teamsActivity(r.connector.url, {
      type: 'conversationUpdate', user: alex, conversationType: 'channel', conversationId: TEAM,
      channelData: { team: { id: TEAM } }, membersAdded: [{ id: '28:bot-id' }],
    }), listing);
    expect(res.status).toBe(200);
    const stored = (key: string) => r.app.db.prepare(`SELECT 1 FROM conversation_refs WHERE platform = 'teams' AND key = ?`).get(key) !== undefined;
    expect(stored(TEAM)).toBe(true);
    answer();
    await r.connector.waitFor(() => stored('19:news@thread.tacv2'));
  });
});
