import { afterEach, describe, expect, it } from 'vitest';
import type { Feature } from '../../src/app-types.ts';
import { addPeople, fixture, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Whether the adapter's inbox marked the payload `key` done: its turn is over. */
const isDone = (hh: Harness, key: string) => Boolean((hh.app.db.prepare('SELECT done_at FROM slack_inbox WHERE event_key = ?').get(key) as { done_at: string | null } | undefined)?.done_at);
const text = (x: unknown) => JSON.stringify(x ?? null);

/** A click answered by replacing the clicked message with a card. */
const doneFeature: Feature = {
  name: 'test',
  intents: [],
  actions: { 'test.done': (ctx) => [{ text: 'Marked done', lang: ctx.lang, replaceOriginal: true, blocks: [{ type: 'header', text: 'Done' }, { type: 'text', text: 'Marked done' }] }] },
};

async function annaHarness(): Promise<Harness> {
  const hh = await slackHarness({ features: [doneFeature] });
  addPeople(hh.app);
  hh.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-GB' });
  return hh;
}

describe('Slack: an answer Slack refuses for good still tells the person something, once', () => {
  it('an answer refused as too long goes again as its text alone, once', async () => {
    h = await annaHarness();
    h.fake.fail('chat.postMessage', { error: 'msg_too_long' });
    await h.dm('help', { eventId: 'EvLong' });
    await h.fake.until(() => isDone(h!, 'EvLong'));
    expect(h.fake.messages).toHaveLength(1);
    const m = h.fake.messages[0]!;
    expect(m.channel).toBe('D0ANNA');
    // the help without its card: no header, its text
    expect((m.blocks ?? []).map((b: any) => b.type)).not.toContain('header');
    expect(text(m.blocks)).toMatch(/Contact/i);
    expect(h.app.db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });

  it('an answer refused in every form is replaced by a note saying it could not be shown, in the person\'s language', async () => {
    h = await annaHarness();
    h.fake.fail('chat.postMessage', { error: 'invalid_blocks' }, 2);
    await h.dm('hilfe', { eventId: 'EvBlocks' });
    await h.fake.until(() => isDone(h!, 'EvBlocks'));
    expect(h.fake.messages).toHaveLength(1);
    expect(h.fake.messages[0]!.text).toMatch(/Slack konnte diese Antwort nicht anzeigen/);
  });

  it('a mention answered in a channel where Slack refuses the bot\'s post (not_in_channel) is answered in the person\'s DM', async () => {
    h = await annaHarness();
    h.fake.fail('chat.postMessage', { error: 'not_in_channel' });
    const p = fixture('app-mention');
    p.event_id = 'EvNotIn';
    await h.event(p);
    await h.fake.until(() => isDone(h!, 'EvNotIn'));
    expect(h.fake.messages).toHaveLength(1);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(text(h.fake.messages[0]!.blocks)).toContain('Karl Keller');
  });

  it('an answer replacing the clicked message that Slack refuses replaces it as its text alone', async () => {
    h = await annaHarness();
    h.fake.fail('chat.update', { error: 'invalid_blocks' });
    await h.click('test.done::0', 'x', { channel: 'D0ANNA', ts: '1767517200.000001' });
    await h.fake.until(() => h!.fake.callsOf('chat.update').length === 2);
    expect(h.fake.callsOf('chat.update')[1]!.args).toMatchObject({ channel: 'D0ANNA', ts: '1767517200.000001', text: 'Marked done' });
    expect(text(h.fake.callsOf('chat.update')[1]!.args.blocks)).not.toContain('header');
  });

  it('a click on a message only the person sees, whose replacement its response_url refuses (500), gets its answer by DM', async () => {
    h = await annaHarness();
    h.fake.fail('response_url', { status: 500 });
    await h.click('test.done::0', 'x', { channel: 'C0GENERAL', ts: '1767517200.000002', ephemeral: true, responseId: 'eph1' });
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.callsOf('response_url').map((c) => c.status)).toEqual([500]);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA', text: 'Marked done' });
  });
});
