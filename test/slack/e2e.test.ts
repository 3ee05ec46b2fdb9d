import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Feature } from '../../src/app-types.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import { enqueue } from '../../src/jobs/outbox.ts';
import { decodeActionId, FORM_ACTION, REF_ACTION } from '../../adapters/slack/render.ts';
import { SlackRepo } from '../../src/store/slack-repo.ts';
import { addPeople, buttons, fixture, sign, slackHarness, type Harness } from './harness.ts';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

const text = (x: unknown) => JSON.stringify(x ?? null);
const processedCount = (hh: Harness) => (hh.app.db.prepare('SELECT count(*) AS n FROM processed_events').get() as { n: number }).n;

/** Whether the adapter's inbox marked the payload `key` done: its turn is over. */
const isDone = (hh: Harness, key: string) => Boolean((hh.app.db.prepare('SELECT done_at FROM slack_inbox WHERE event_key = ?').get(key) as { done_at: string | null } | undefined)?.done_at);
/** Counts, from now on, the deliveries of `eventId` the adapter's inbox dropped as a second delivery of a known event (their turn is over then). */
function dropsOf(hh: Harness, eventId: string): () => number {
  const debug = vi.spyOn(hh.app.log, 'debug');
  return () => debug.mock.calls.filter(([o, m]) => m === 'slack: retry of a handled event dropped' && (o as { eventId?: string } | undefined)?.eventId === eventId).length;
}

/** A tiny feature standing in for one that answers slowly, with buttons and with a form. */
function testFeature() {
  const seen: Array<{ id: string; value?: string; values?: Record<string, string | string[]> }> = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const feature: Feature = {
    name: 'test',
    intents: [
      {
        name: 'slow',
        match: (t) => (t === 'slow' ? 1 : 0),
        handle: async (ctx) => {
          await gate;
          return [{ text: 'slow answer', lang: ctx.lang }];
        },
      },
      {
        name: 'echo',
        match: (t) => (t.startsWith('echo ') ? 1 : 0),
        handle: (ctx) => [{ text: ctx.text.slice(5), lang: ctx.lang, blocks: [{ type: 'header', text: ctx.text.slice(5) }, { type: 'text', text: ctx.text.slice(5) }] }],
      },
      {
        name: 'poll',
        match: (t) => (t === 'poll' ? 1 : 0),
        handle: (ctx): OutMessage[] => [
          {
            text: 'A quick poll',
            lang: ctx.lang,
            blocks: [
              { type: 'header', text: 'Quick poll' },
              { type: 'actions', buttons: [{ label: 'Yes', action: 'test.vote', value: 'yes' }, { label: 'No', action: 'test.vote', value: 'no' }] },
              {
                type: 'form',
                formId: 'poll-1',
                inputs: [
                  { id: 'score', label: 'How satisfied are you?', kind: 'single', options: [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })) },
                  { id: 'nps', label: 'Would you recommend us?', kind: 'single', options: Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) })) },
                  { id: 'channels', label: 'Channels', kind: 'multi', options: [{ value: 'intranet', label: 'Intranet' }, { value: 'chat', label: 'Chat' }] },
                  { id: 'comment', label: 'Comment', kind: 'text', optional: true },
                ],
                submit: { label: 'Send', action: 'test.submit', value: 'poll-1' },
              },
            ],
          },
        ],
      },
    ],
    actions: {
      'test.vote': (ctx, a) => {
        seen.push(a);
        return [{ text: `Counted: ${a.value} (${seen.filter((s) => s.id === 'test.vote').length})`, lang: ctx.lang, replaceOriginal: true }];
      },
      'test.submit': (ctx, a) => {
        seen.push(a);
        return [{ text: 'Thank you for your answers', lang: ctx.lang }];
      },
    },
  };
  return { feature, seen, release };
}

describe('Slack end to end: signed requests to /slack/events of a running server', () => {
  it('answers a DM in the DM channel, with the person found by the users.info e-mail', async () => {
    h = await slackHarness();
    // (the server notes that it serves Slack, for commands run from a shell without its settings)
    expect(h.app.db.prepare("SELECT value FROM system_state WHERE key = 'server.platforms'").get()).toEqual({ value: 'slack' });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    const res = await h.dm('who is my IT contact?');
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const m = h.fake.messages[0]!;
    expect(m.channel).toBe('D0ANNA');
    expect(m.thread_ts).toBeUndefined();
    expect(text(m.blocks)).toContain('Karl Keller');
    expect(h.fake.callsOf('users.info')[0]!.args).toMatchObject({ user: 'U0ANNA', include_locale: 'true' });
    // the directory learned the Slack id from the e-mail
    expect(h.app.people.byEmail('anna.muster@example.com')!.slackUserId).toBe('U0ANNA');
    // a second message uses the cached users.info answer
    await h.dm('help');
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.callsOf('users.info')).toHaveLength(1);
  });

  it('picks the language from the Slack locale when the directory and the text do not say', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
    await h.dm('kontakt');
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(text(h.fake.messages[0]!.blocks)).toContain('Ihre IT-Ansprechperson');
  });

  it('answers a mention in the channel thread, without the mention in the text the core sees', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-GB' });
    const p = (await import('./harness.ts')).fixture('app-mention');
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const m = h.fake.messages[0]!;
    expect(m.channel).toBe('C0GENERAL');
    expect(m.thread_ts).toBe(p.event.ts);
    expect(text(m.blocks)).toContain('Karl Keller');
  });

  it('/it is acknowledged with the answer when the core is quick', async () => {
    h = await slackHarness();
    const res = await h.command('help');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(text(body.blocks)).toMatch(/What I can do for you/);
  });

  it('/it is acknowledged before slow work finishes; the answer follows through response_url', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature], adapter: { commandBudgetMs: 200 } });
    const res = await h.command('slow', { responseId: 'slow1' });
    // the HTTP answer is back although the core is still waiting on the gate
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.text).toMatch(/One moment|Einen Moment/);
    expect(h.fake.responses).toHaveLength(0);
    t.release();
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]).toMatchObject({ id: 'slow1', body: { text: 'slow answer', replace_original: true, response_type: 'ephemeral' } });
  });

  it('/it\'s answer that its response_url refuses (500) comes by DM instead of leaving "one moment" for good', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature], adapter: { commandBudgetMs: 200 } });
    const res = await h.command('slow', { responseId: 'slow2' });
    expect((await res.json()).text).toMatch(/One moment|Einen Moment/);
    h.fake.fail('response_url', { status: 500 });
    t.release();
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.callsOf('response_url').map((c) => c.status)).toEqual([500]);
    // the app's DM with the person (chat.postMessage to the user id), under the answer's key
    expect(h.fake.callsOf('chat.postMessage')[0]!.args.channel).toBe('U0ANNA');
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA', text: 'slow answer', metadata: { event_payload: { key: expect.stringMatching(/^slack:reply:cmd:trigger-\d+:0$/) } } });
  });

  it('an answer posted to the person\'s user id that reached Slack although the post answered 500 is found in their DM and not posted again', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature], adapter: { commandBudgetMs: 200 } });
    await h.command('slow', { responseId: 'slow3' });
    // response_url refuses the answer; its post to the person's user id reaches Slack, the 500 comes after
    h.fake.fail('response_url', { status: 500 }).fail('chat.postMessage', { deliverThen: 500 });
    t.release();
    await h.fake.until(() => (h!.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 1);
    await h.server.worker.drainOnce();
    // looked for in the DM channel (conversations.history takes no user id), found, not posted again
    expect(h.fake.callsOf('conversations.history').map((c) => [c.args.channel, c.ok])).toEqual([['D0ANNA', true]]);
    expect(h.fake.messages.map((m) => [m.channel, m.text])).toEqual([['D0ANNA', 'slow answer']]);
    expect(h.app.db.prepare('SELECT state FROM outbox').all()).toEqual([{ state: 'sent' }]);
  });

  it('/it\'s quick "one moment" is in both languages while the person\'s language is not known yet, in theirs once it is', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature], adapter: { commandBudgetMs: 200 } });
    // not in the directory, no users.info answer cached yet
    const first = await (await h.command('slow', { user: 'U0NEW' })).json();
    expect(first.text).toBe('One moment please … / Einen Moment bitte …');
    t.release();
    await h.fake.until(() => h!.fake.responses.length === 1);
    const t2 = testFeature();
    const h2 = await slackHarness({ features: [t2.feature], adapter: { commandBudgetMs: 200 } });
    try {
      // a cached Slack locale says German
      h2.fake.addUser({ id: 'U0DE', email: 'de@example.com', locale: 'de-CH' });
      new SlackRepo(h2.app.db).saveUser({ userId: 'U0DE', email: 'de@example.com', locale: 'de-CH', tz: null, fetchedAt: h2.app.clock.now().toISOString() });
      expect((await (await h2.command('slow', { user: 'U0DE' })).json()).text).toBe('Einen Moment bitte …');
      t2.release();
      await h2.fake.until(() => h2.fake.responses.length === 1);
    } finally {
      await h2.close();
    }
  });

  it('answers a bare @mention and a DM without words with help, as /it alone', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
    const p = (await import('./harness.ts')).fixture('app-mention');
    p.event_id = 'EvBare';
    p.event.text = '<@UBOT>';
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const m = h.fake.messages[0]!;
    expect(m.thread_ts).toBe(p.event.ts);
    // help, in the person's language (the Slack locale: the word "help" would have said English)
    expect(m.text).toMatch(/Hilfe|kann ich/i);
    await h.dm('   ');
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.messages[1]!.text).toBe(m.text);
    expect((await (await h.command('')).json()).text).toBe(m.text);
  });

  it('answers a reply in a DM thread that is also sent to the conversation (thread_broadcast), in its thread, once', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    const p = fixture('message-im');
    p.event_id = 'EvBroadcast';
    p.event.subtype = 'thread_broadcast';
    p.event.thread_ts = '1767517100.000100';
    p.event.text = 'help';
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0ANNA', thread_ts: '1767517100.000100' });
    expect(h.fake.messages[0]!.text).toMatch(/help|can do/i);
    // Slack's retry of it is dropped, not answered again
    const drops = dropsOf(h, 'EvBroadcast');
    await h.event(p, { retryNum: 1 });
    await h.fake.until(() => drops() === 1);
    expect(h.fake.messages).toHaveLength(1);
  });

  it('answers the text of a DM sent with a file; a file alone is told the bot reads text only, once', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
    const fileDm = (eventId: string, text: string) => {
      const p = fixture('message-im');
      p.event_id = eventId;
      p.event.subtype = 'file_share';
      p.event.text = text;
      p.event.files = [{ id: 'F0001', name: 'screenshot.png', mimetype: 'image/png' }];
      delete p.event.client_msg_id;
      return p;
    };
    await h.event(fileDm('EvFile1', 'help'));
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]!.text).toMatch(/help|can do/i);
    const alone = fileDm('EvFile2', '');
    await h.event(alone);
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.messages[1]!).toMatchObject({ channel: 'D0ANNA', text: 'Ich lese nur Text, keine Dateien oder Bilder. Bitte schreiben Sie Ihre Frage als Nachricht.' });
    // Slack delivers it again (no 200 in time): told once. Wait until both deliveries were dropped
    // (the retry and a repeat without the header: the adapter's inbox knows the event id)
    const drops = dropsOf(h, 'EvFile2');
    await h.event(alone, { retryNum: 1 });
    await h.event(alone);
    await h.fake.until(() => drops() === 2);
    expect(h.fake.messages).toHaveLength(2);
    expect(processedCount(h)).toBe(2);
    // other message subtypes (an edit, a deletion) are still not answered
    const edited = fixture('message-im');
    edited.event_id = 'EvEdit';
    edited.event.subtype = 'message_changed';
    await h.event(edited);
    // (its turn is over once its payload is marked done)
    await h.fake.until(() => isDone(h!, 'EvEdit'));
    expect(h.fake.messages).toHaveLength(2);
  });

  it('routes a button click to the core and replaces the clicked message', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const [yes, no] = buttons(poll.blocks);
    expect(yes.action_id).not.toBe(no.action_id); // Slack wants unique action ids per message
    expect(decodeActionId(yes.action_id)).toBe('test.vote');
    const res = await h.click(yes.action_id, yes.value, { ts: poll.ts, channel: poll.channel });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.callsOf('chat.update').length === 1);
    // (with the language of the message clicked: the answer's when the directory has none)
    expect(t.seen).toEqual([{ id: 'test.vote', value: 'yes', lang: 'en' }]);
    expect(h.fake.callsOf('chat.update')[0]!.args).toMatchObject({ channel: poll.channel, ts: poll.ts, text: 'Counted: yes (1)' });
  });

  it('a click whose chat.update keeps failing with 500 replaces the message through the outbox, once', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const [yes] = buttons(poll.blocks);
    // the first try and Bolt's client's two quick retries
    h.fake.fail('chat.update', { status: 500 }, 3);
    await h.click(yes.action_id, yes.value, { ts: poll.ts, channel: poll.channel });
    const queued = () => h!.app.db.prepare("SELECT kind, target, platform, state FROM outbox WHERE kind = 'slack-update'").all();
    await h.fake.until(() => queued().length === 1, 10_000);
    expect(queued()).toEqual([{ kind: 'slack-update', target: poll.channel, platform: 'slack', state: 'queued' }]);
    expect(h.fake.callsOf('chat.update').map((c) => c.status)).toEqual([500, 500, 500]);
    await h.server.worker.drainOnce();
    const updates = h.fake.callsOf('chat.update');
    expect(updates.map((c) => c.status)).toEqual([500, 500, 500, 200]);
    expect(updates[3]!.args).toMatchObject({ channel: poll.channel, ts: poll.ts, text: 'Counted: yes (1)' });
    // replaced, not posted beside the card; and only once
    expect(h.fake.messages).toHaveLength(1);
    await h.server.worker.drainOnce();
    expect(h.fake.callsOf('chat.update')).toHaveLength(4);
    expect(t.seen).toHaveLength(1);
  });

  it('a click on a message that can no longer be replaced gets its answer posted in the conversation', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const [yes] = buttons(poll.blocks);
    h.fake.fail('chat.update', { error: 'message_not_found' });
    await h.click(yes.action_id, yes.value, { ts: poll.ts, channel: poll.channel });
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.messages[1]).toMatchObject({ channel: poll.channel, text: 'Counted: yes (1)' });
    expect(h.fake.callsOf('chat.update')).toHaveLength(1);
  });

  it('opens a form as a modal and sends its submission to the core as values', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const open = buttons(poll.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, open.value, { ts: poll.ts, channel: poll.channel });
    await h.fake.until(() => h!.fake.views.length === 1);
    const { view, trigger_id } = h.fake.views[0]!;
    expect(trigger_id).toMatch(/^trigger-/);
    expect(view.type).toBe('modal');
    const [score, nps, channels, comment] = view.blocks;
    expect(score.element.type).toBe('radio_buttons');
    expect(nps.element.type).toBe('static_select'); // 11 options: radio buttons take at most 10
    expect(channels.element.type).toBe('checkboxes');
    expect(comment.optional).toBe(true);
    const res = await h.submit(view.private_metadata, {
      [score.block_id]: { v: { type: 'radio_buttons', selected_option: score.element.options[3] } },
      [nps.block_id]: { v: { type: 'static_select', selected_option: nps.element.options[10] } },
      [channels.block_id]: { v: { type: 'checkboxes', selected_options: [channels.element.options[1]] } },
      [comment.block_id]: { v: { type: 'plain_text_input', value: 'great <!channel>' } },
    });
    expect(res.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(t.seen).toEqual([{ id: 'test.submit', value: 'poll-1', values: { score: '4', nps: '10', channels: ['chat'], comment: 'great <!channel>' }, lang: 'en' }]);
    expect(h.fake.messages[1]!.channel).toBe(poll.channel);
  });

  it('a form opened from an /it answer in a DM with a colleague is answered in the person\'s DM with the app, not in that DM', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    // only Anna sees the answer to her /it, typed in her DM with Ben, where the bot is no member
    const card = await (await h.command('poll', { channel: 'D0ANNABEN' })).json();
    const open = buttons(card.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, open.value, { channel: 'D0ANNABEN', ephemeral: true, ts: '1767517200.000777' });
    await h.fake.until(() => h!.fake.views.length === 1);
    const [score, nps, channels] = h.fake.views[0]!.view.blocks;
    await h.submit(h.fake.views[0]!.view.private_metadata, {
      [score.block_id]: { v: { type: 'radio_buttons', selected_option: score.element.options[0] } },
      [nps.block_id]: { v: { type: 'static_select', selected_option: nps.element.options[0] } },
      [channels.block_id]: { v: { type: 'checkboxes', selected_options: [channels.element.options[0]] } },
    });
    await h.fake.until(() => h!.fake.callsOf('chat.postMessage').length === 1);
    expect(t.seen.map((a) => a.id)).toEqual(['test.submit']);
    expect(h.fake.callsOf('chat.postMessage')[0]!.args).toMatchObject({ channel: 'U0ANNA', text: 'Thank you for your answers' });
  });

  it('shows errors in the modal for a required answer left blank, and tells the core nothing', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const open = buttons(h.fake.messages[0]!.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, open.value);
    await h.fake.until(() => h!.fake.views.length === 1);
    const { view } = h.fake.views[0]!;
    const res = await h.submit(view.private_metadata, {});
    const body = await res.json();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['in0', 'in1', 'in2']);
    expect(t.seen).toEqual([]);
  });

  it('sends a reminder DM through the outbox: lookup by e-mail, DM channel opened once, metadata key', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    const now = h.app.clock.now();
    for (const n of [1, 2]) {
      enqueue(h.app.db, now, { key: `test:reminder:${n}`, kind: 'reminder', target: { kind: 'person', email: 'anna.muster@example.com' }, message: { text: `Reminder ${n}`, lang: 'en' } });
    }
    await h.server.worker.drainOnce();
    expect(h.fake.messages.map((m) => [m.channel, m.text, m.metadata?.event_payload.key])).toEqual([
      ['D0ANNA', 'Reminder 1', 'test:reminder:1'],
      ['D0ANNA', 'Reminder 2', 'test:reminder:2'],
    ]);
    expect(h.fake.callsOf('users.lookupByEmail')).toHaveLength(1);
    expect(h.fake.callsOf('conversations.open')).toHaveLength(1);
    const states = h.app.db.prepare('SELECT state, platform FROM outbox ORDER BY id').all();
    expect(states).toEqual([{ state: 'sent', platform: 'slack' }, { state: 'sent', platform: 'slack' }]);
  });

  it('rejects a forged signature and a stale or future timestamp with 401, processing nothing', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    await new Promise((r) => setTimeout(r, 100)); // let the start-up auth.test settle
    const before = h.fake.calls.length;
    const body = JSON.stringify({ ...(await import('./harness.ts')).fixture('message-im'), event_id: 'EvForged' });
    const forged = await h.post(body, 'application/json', { secret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const stale = await h.post(body, 'application/json', { ts: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    // a timestamp ahead of now is refused the same way (a captured request stamped for a later replay)
    const ahead = await h.post(body, 'application/json', { ts: Math.floor(Date.now() / 1000) + 6 * 60 });
    expect(ahead.status).toBe(401);
    const unsigned = await fetch(`${h.server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    // a signature of another body does not pass either
    const swapped = await fetch(`${h.server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign('{}') }, body });
    expect(swapped.status).toBe(401);
    // a signed request sent after them, which asks Slack nothing (an edited DM), has had its turn:
    // it is the only payload the inbox took, and Slack was asked nothing more
    const edited = fixture('message-im');
    edited.event_id = 'EvAfterForged';
    edited.event.subtype = 'message_changed';
    expect((await h.event(edited)).status).toBe(200);
    await h.fake.until(() => isDone(h!, 'EvAfterForged'));
    expect(h.app.db.prepare('SELECT event_key FROM slack_inbox').all()).toEqual([{ event_key: 'EvAfterForged' }]);
    expect(h.fake.calls.length).toBe(before);
    expect(processedCount(h)).toBe(0);
  });

  it('refuses a body over Slack\'s 4 MB limit with 413 and the JSON error every endpoint gives, signed or not, processing nothing', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    // a first event answered: the bot's identity is known, so Bolt itself would read the body
    expect((await h.dm('help', { eventId: 'EvFirst' })).status).toBe(200);
    const p = { ...(await import('./harness.ts')).fixture('message-im'), event_id: 'EvHuge' };
    p.event.text = 'x'.repeat(10 * 1024 * 1024);
    const body = JSON.stringify(p);
    for (const r of [
      await h.post(body, 'application/json'),
      await fetch(`${h.server.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
    ]) {
      expect(r.status).toBe(413);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.json()).toEqual({ error: 'request body too large' });
    }
    expect(h.app.db.prepare("SELECT count(*) AS n FROM processed_events WHERE event_id = 'EvHuge'").get()).toEqual({ n: 0 });
    // the body read before Bolt is still checked by Bolt: a forged signature stays 401, a right one is answered
    const small = JSON.stringify({ ...p, event_id: 'EvSmall', event: { ...p.event, text: 'help' } });
    expect((await h.post(small, 'application/json', { secret: 'not-the-secret' })).status).toBe(401);
    expect((await h.post(small, 'application/json')).status).toBe(200);
  });

  it('answers 503 while auth.test fails, so that Slack sends the event again; its retry is answered once Slack is back', async () => {
    // Slack refuses the token from the start (a token being replaced)
    h = await slackHarness({ fake: (f) => f.fail('auth.test', { error: 'invalid_auth' }, 1000) });
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    const down = await h.dm('help', { eventId: 'EvAuthDown' });
    expect(down.status).toBe(503);
    expect(processedCount(h)).toBe(0);
    expect(h.fake.callsOf('users.info')).toHaveLength(0);
    // still Slack's 401 for a request that is not Slack's, and the Request URL check still works
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvForged', event: { type: 'message', channel_type: 'im', user: 'U0ANNA', text: 'help', channel: 'D0ANNA', ts: '1.1' } });
    expect((await h.post(body, 'application/json', { secret: 'wrong-secret' })).status).toBe(401);
    const challenge = await h.event({ token: 'x', challenge: 'c1', type: 'url_verification' });
    expect(await challenge.json()).toEqual({ challenge: 'c1' });
    h.fake.recover('auth.test');
    const again = await h.dm('help', { eventId: 'EvAuthDown', retryNum: 1 });
    expect(again.status).toBe(200);
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]!.channel).toBe('D0ANNA');
    expect(processedCount(h)).toBe(1);
  });

  it('processes a retried event (X-Slack-Retry-Num, same event_id) once', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    await h.dm('help', { eventId: 'EvRetry1' });
    await h.fake.until(() => h!.fake.messages.length === 1);
    const drops = dropsOf(h, 'EvRetry1');
    const again = await h.dm('help', { eventId: 'EvRetry1', retryNum: 1 });
    expect(again.status).toBe(200);
    await h.dm('help', { eventId: 'EvRetry1', retryNum: 2 });
    // both retries dropped: nothing of theirs is still under way
    await h.fake.until(() => drops() === 2);
    expect(h.fake.messages).toHaveLength(1);
    expect(processedCount(h)).toBe(1);
  });

  it('delivers every outbox message exactly once through 429 with Retry-After, 500 and a lost answer', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' }).addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com' });
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    h.fake.fail('chat.postMessage', { status: 500 });
    h.fake.fail('chat.postMessage', { deliverThen: 500 });
    const now = h.app.clock.now();
    const keys: string[] = [];
    for (const [i, email] of ['anna.muster@example.com', 'ben.beispiel@example.com', 'anna.muster@example.com', 'ben.beispiel@example.com', 'anna.muster@example.com'].entries()) {
      keys.push(`test:announce:${i}`);
      enqueue(h.app.db, now, { key: `test:announce:${i}`, kind: 'announcement', target: { kind: 'person', email }, message: { text: `News ${i}`, lang: 'en' } });
    }
    enqueue(h.app.db, now, { key: 'test:channel:1', kind: 'announcement', target: { kind: 'channel', platform: 'slack', channelId: 'C0IT' }, message: { text: 'Channel news', lang: 'en' } });
    keys.push('test:channel:1');
    await h.server.worker.drainOnce();
    // the 429 held back the rest of the batch for Retry-After (7 s on the app clock) without calling Slack:
    // at most one post per recipient went out (the outbox sends to anna, ben and the channel side by
    // side; each was past the check before the 429 came back), none after it
    const waits = (h.app.db.prepare("SELECT next_attempt_at FROM outbox WHERE state = 'retry'").all() as Array<{ next_attempt_at: string }>).map(
      (r) => new Date(r.next_attempt_at).getTime() - now.getTime(),
    );
    expect(waits.filter((w) => w === 7000).length).toBeGreaterThanOrEqual(4);
    expect(h.fake.callsOf('chat.postMessage').length).toBeLessThanOrEqual(3);
    for (let round = 0; round < 10; round++) {
      h.app.clock.advance(60_000);
      await h.server.worker.drainOnce();
      const open = h.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE state <> 'sent'").get() as { n: number };
      if (open.n === 0) break;
    }
    const delivered = h.fake.messages.map((m) => m.metadata?.event_payload.key);
    expect([...delivered].sort()).toEqual([...keys].sort()); // all, none twice
    expect(h.fake.callsOf('conversations.history').length).toBeGreaterThan(0);
    expect(h.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'sent'").get()).toEqual({ n: keys.length });
  });

  it('an answer whose post fails with 500 three times goes through the outbox and arrives once, in its thread', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.fail('chat.postMessage', { status: 500 }, 3);
    const p = (await import('./harness.ts')).fixture('app-mention');
    p.event_id = 'EvMention500';
    p.event.text = '<@UBOT> help';
    await h.event(p);
    await h.fake.until(() => (h!.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 1);
    expect(h.fake.messages).toHaveLength(0);
    const row = h.app.db.prepare('SELECT idempotency_key, kind, target, platform FROM outbox').get();
    expect(row).toEqual({ idempotency_key: 'slack:reply:EvMention500:0', kind: 'slack-reply', target: p.event.channel, platform: 'slack' });
    for (let round = 0; round < 6 && h.fake.messages.length === 0; round++) {
      await h.server.worker.drainOnce();
      h.app.clock.advance(60_000);
    }
    expect(h.fake.messages).toHaveLength(1);
    const m = h.fake.messages[0]!;
    expect(m.channel).toBe(p.event.channel);
    expect(m.thread_ts).toBe(p.event.ts); // still an answer in the question's thread
    expect(m.text).toMatch(/help|can do/i);
    expect(m.metadata).toEqual({ event_type: 'itbot_outbox', event_payload: { key: 'slack:reply:EvMention500:0' } });
    // one direct attempt (a 500 may come after the post: no blind retry), then the outbox
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(4);
    // Slack retries the event (it got no 200 in time): it is dropped, nothing is posted again
    const drops = dropsOf(h, 'EvMention500');
    await h.event(p, { retryNum: 1 });
    await h.fake.until(() => drops() === 1);
    h.app.clock.advance(60_000);
    await h.server.worker.drainOnce();
    expect(h.fake.messages).toHaveLength(1);
    expect(h.app.db.prepare("SELECT state FROM outbox").all()).toEqual([{ state: 'sent' }]);
  });

  it('a send that was still looking up its person when another met a 429 is held too, without calling chat.postMessage', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    // the channel's post meets the 429 at once; anna's send is still opening her DM (slow) meanwhile
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 7 });
    h.fake.delay('conversations.open', 1500);
    const now = h.app.clock.now();
    enqueue(h.app.db, now, { key: 'test:hold:channel', kind: 'announcement', target: { kind: 'channel', platform: 'slack', channelId: 'C0IT' }, message: { text: 'Channel news', lang: 'en' } });
    enqueue(h.app.db, now, { key: 'test:hold:anna', kind: 'announcement', target: { kind: 'person', email: 'anna.muster@example.com' }, message: { text: 'News', lang: 'en' } });
    await h.server.worker.drainOnce();
    expect(h.fake.callsOf('conversations.open').length).toBe(1);
    expect(h.fake.callsOf('chat.postMessage').length).toBe(1); // only the one that met the 429
    const rows = h.app.db.prepare("SELECT idempotency_key AS key, state FROM outbox WHERE idempotency_key LIKE 'test:hold:%' ORDER BY 1").all();
    expect(rows).toEqual([{ key: 'test:hold:anna', state: 'retry' }, { key: 'test:hold:channel', state: 'retry' }]);
  });

  it('a users.info rate limited (429) is not waited out: the answer comes at once, and users.info is not asked again before Retry-After', async () => {
    h = await slackHarness();
    addPeople(h.app);
    h.fake.addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com', locale: 'en-US' }).addUser({ id: 'U0KARL', email: 'karl.keller@example.com' });
    h.fake.fail('users.info', { status: 429, retryAfter: 20 });
    // Ben is known by his Slack id from the directory: his answer needs nothing from users.info
    await h.dm('help', { user: 'U0BEN' });
    await h.fake.until(() => h!.fake.messages.length === 1, 25_000);
    expect(h.fake.callsOf('users.info')).toHaveLength(1);
    expect(h.fake.messages[0]).toMatchObject({ channel: 'D0BEN', text: expect.stringMatching(/^Just write to me/) });
    // someone else meanwhile: not asked while Slack said to wait, answered all the same
    await h.dm('help', { user: 'U0KARL' });
    await h.fake.until(() => h!.fake.messages.length === 2);
    expect(h.fake.callsOf('users.info')).toHaveLength(1);
    // once Retry-After has passed, users.info is asked again
    h.app.clock.advance(21_000);
    await h.dm('help', { user: 'U0KARL' });
    await h.fake.until(() => h!.fake.messages.length === 3);
    expect(h.fake.callsOf('users.info').map((c) => [c.args.user, c.status])).toEqual([['U0BEN', 429], ['U0KARL', 200]]);
  });

  it('an answer rate limited (429) waits for Retry-After in the outbox and arrives once', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.fail('chat.postMessage', { status: 429, retryAfter: 30 }, 3);
    const start = h.app.clock.now().getTime();
    await h.dm('help', { eventId: 'EvDm429' });
    await h.fake.until(() => (h!.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 1);
    const due = (h.app.db.prepare('SELECT next_attempt_at FROM outbox').get() as { next_attempt_at: string }).next_attempt_at;
    expect(new Date(due).getTime() - start).toBe(30_000);
    await h.server.worker.drainOnce(); // not due yet: Slack is not asked
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(1);
    for (let round = 0; round < 6 && h.fake.messages.length === 0; round++) {
      h.app.clock.advance(31_000);
      await h.server.worker.drainOnce();
    }
    expect(h.fake.messages).toHaveLength(1);
    expect(h.fake.messages[0]!.channel).toBe('D0ANNA');
    // every outbox attempt after a 429 waited its Retry-After
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(4);
  });

  it('an answer that reached Slack although the post answered 500 is found by its key and not posted again', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.fail('chat.postMessage', { deliverThen: 500 });
    await h.dm('help', { eventId: 'EvDmLost' });
    await h.fake.until(() => (h!.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 1);
    expect(h.fake.messages).toHaveLength(1);
    await h.server.worker.drainOnce();
    expect(h.fake.callsOf('conversations.history')).toHaveLength(1);
    expect(h.fake.messages).toHaveLength(1);
    expect(h.app.db.prepare('SELECT state FROM outbox').all()).toEqual([{ state: 'sent' }]);
  });

  it('an answer in a mention\'s thread that reached Slack although the post answered 500 is found in the thread and not posted again', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.fail('chat.postMessage', { deliverThen: 500 });
    const p = (await import('./harness.ts')).fixture('app-mention');
    p.event_id = 'EvMentionLost';
    p.event.text = '<@UBOT> help';
    await h.event(p);
    await h.fake.until(() => (h!.app.db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n === 1);
    expect(h.fake.messages).toHaveLength(1);
    expect(h.fake.messages[0]!.thread_ts).toBe(p.event.ts);
    await h.server.worker.drainOnce();
    // a thread reply is not in conversations.history: the check reads the thread
    expect(h.fake.callsOf('conversations.replies').map((c) => c.args)).toEqual([expect.objectContaining({ channel: p.event.channel, ts: p.event.ts })]);
    expect(h.fake.messages).toHaveLength(1);
    expect(h.app.db.prepare('SELECT state FROM outbox').all()).toEqual([{ state: 'sent' }]);
  });

  it('parks messages to people Slack does not know as dead, and stops choosing Slack for them', async () => {
    h = await slackHarness();
    addPeople(h.app);
    enqueue(h.app.db, h.app.clock.now(), { key: 'test:gone', kind: 'reminder', target: { kind: 'person', email: 'anna.muster@example.com' }, message: { text: 'Hi', lang: 'en' } });
    await h.server.worker.drainOnce();
    const row = h.app.db.prepare('SELECT state, last_error FROM outbox').get() as { state: string; last_error: string };
    expect(row.state).toBe('dead');
    expect(row.last_error).toMatch(/users_not_found/);
    expect(h.app.senders.get('slack')!.reaches(h.app.people.byEmail('anna.muster@example.com')!)).toBe(false);
    expect(h.app.senders.get('slack')!.reaches(h.app.people.byEmail('ben.beispiel@example.com')!)).toBe(true);
  });

  it('publishes the App Home with the search hint when the Home tab is opened', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    await h.event((await import('./harness.ts')).fixture('app-home-opened'));
    await h.fake.until(() => h!.fake.views.length === 1);
    const { view, user_id } = h.fake.views[0]!;
    expect(user_id).toBe('U0ANNA');
    expect(view.type).toBe('home');
    expect(text(view.blocks)).toContain('How do I get VPN?');
    expect(text(view.blocks)).toContain('Upcoming IT events');
  });

  it('answers Slack\'s url_verification challenge (the Request URL check in the app settings)', async () => {
    h = await slackHarness();
    const res = await h.event({ token: 'x', challenge: 'ch4ll3nge', type: 'url_verification' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: 'ch4ll3nge' });
  });

  it('posts a person\'s own words back escaped: no @channel, mention or link injection', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    // what a person typing `hi <!channel> <@U0BOSS> <https://evil.example|bank> & co` sends: Slack encodes their < > &
    await h.dm('echo hi &lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.example|bank&gt; &amp; co');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const m = h.fake.messages[0]!;
    expect(m.text).toBe('hi &lt;!channel&gt; &lt;@U0BOSS&gt; &lt;https://evil.example|bank&gt; &amp; co');
    expect(m.blocks![1].text).toEqual({ type: 'mrkdwn', text: m.text });
    expect(m.blocks![0].text.type).toBe('plain_text');
    expect(m.blocks![0].text.text).toBe('hi <!channel> <@U0BOSS> <https://evil.example|bank> & co');
  });

  it('gives the core the plain text of Slack\'s formatting: entities, links, channels, users, @here', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('echo Drucker &amp; Scanner &lt;3. Stock&gt; in <#C0FIN|finanzen>, see <https://intranet.example/print|the print page> or <https://intranet.example/faq>, ask <@U0BEN|ben> <@U0NONAME> <!here> <!subteam^S0IT|@it-team> <mailto:it@example.com|it@example.com>');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const m = h.fake.messages[0]!;
    // the header is plain_text: exactly what the core saw
    expect(m.blocks![0].text.text).toBe('Drucker & Scanner <3. Stock> in #finanzen, see the print page or https://intranet.example/faq, ask @ben @here @it-team it@example.com');
    // and escaped again on the way out: still no mention, no link
    expect(m.text).toContain('Drucker &amp; Scanner &lt;3. Stock&gt;');
    expect(m.text).not.toMatch(/<[!@#]/);
  });

  it('gives the core the plain text of a mention and of /it as well', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com' });
    const p = (await import('./harness.ts')).fixture('app-mention');
    p.event.text = '<@UBOT> echo R&amp;D &gt; Sales <#C0X|x>';
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    expect(h.fake.messages[0]!.blocks![0].text.text).toBe('R&D > Sales #x');
    const res = await h.command('echo Q&amp;A &lt;b&gt; <@U0BEN|ben>');
    const body = await res.json() as { blocks: any[] };
    expect(body.blocks[0].text.text).toBe('Q&A <b> @ben');
  });

  it('says so when Slack does not open a form (the click came too late for its trigger), and opens it on the next click', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature] });
    await h.dm('poll');
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const open = buttons(poll.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await h.click(open.action_id, open.value, { ts: poll.ts, channel: poll.channel, responseId: 'late1' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]).toMatchObject({ id: 'late1', body: { response_type: 'ephemeral', replace_original: false } });
    expect(h.fake.responses[0]!.body.text).toBe('The form could not be opened just now. Please click "Fill in" again.');
    expect(h.fake.views).toHaveLength(0);
    await h.click(open.action_id, open.value, { ts: poll.ts, channel: poll.channel });
    await h.fake.until(() => h!.fake.views.length === 1);
    expect(h.fake.responses).toHaveLength(1);
  });

  it('says so when a form button points at a form that is no longer stored', async () => {
    h = await slackHarness();
    await h.click(`${FORM_ACTION}::0`, 'no-such-form', { responseId: 'gone1' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]!.body.text).toMatch(/no longer valid|nicht mehr gültig/);
    expect(h.fake.views).toHaveLength(0);
  });

  it('says so when a button\'s long value is no longer stored, instead of doing nothing', async () => {
    h = await slackHarness();
    h.fake.addUser({ id: 'U0EVA', email: 'eva.extern@example.com', locale: 'en-US' });
    await h.click(`${REF_ACTION}::1.en`, 'no-such-value', { user: 'U0EVA', channel: 'C0GENERAL', responseId: 'refGone' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]).toMatchObject({ id: 'refGone', body: { response_type: 'ephemeral', replace_original: false, text: 'This button is no longer valid. Please ask again.' } });
    expect(processedCount(h)).toBe(0);
  });
});

describe('Slack: the adapter\'s own short replies follow the person\'s language', () => {
  it('"form no longer valid" (a click, a submission) in the Slack locale of a person not in the directory, not ITBOT_LANG', async () => {
    h = await slackHarness({ env: { ITBOT_LANG: 'de' } });
    h.fake.addUser({ id: 'U0EVA', email: 'eva.extern@example.com', locale: 'en-US' });
    await h.click(`${FORM_ACTION}::0`, 'no-such-form', { user: 'U0EVA', responseId: 'gone-en' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]!.body.text).toBe('This form is no longer valid. Please ask again.');
    // a form deleted while its dialog was open: told by DM
    await h.submit(JSON.stringify({ f: 'no-such-form' }), {}, { user: 'U0EVA' });
    await h.fake.until(() => h!.fake.callsOf('chat.postMessage').length === 1);
    expect(h.fake.callsOf('chat.postMessage')[0]!.args).toMatchObject({ channel: 'U0EVA', text: 'This form is no longer valid. Please ask again.' });
  });

  it('"form no longer valid" in German for a German Slack locale although ITBOT_LANG is English', async () => {
    h = await slackHarness({ env: { ITBOT_LANG: 'en' } });
    h.fake.addUser({ id: 'U0FRITZ', email: 'fritz.extern@example.com', locale: 'de-CH' });
    await h.click(`${FORM_ACTION}::0`, 'no-such-form', { user: 'U0FRITZ', responseId: 'gone-de' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    expect(h.fake.responses[0]!.body.text).toBe('Dieses Formular ist nicht mehr gültig. Bitte fragen Sie noch einmal.');
  });

  it('a failed /it in the Slack locale of a person not in the directory, not ITBOT_LANG', async () => {
    h = await slackHarness({ env: { ITBOT_LANG: 'de' } });
    h.fake.addUser({ id: 'U0EVA', email: 'eva.extern@example.com', locale: 'en-US' });
    vi.spyOn(h.app.bot, 'handle').mockRejectedValue(new Error('core down'));
    const res = await h.command('vpn', { user: 'U0EVA' });
    expect(((await res.json()) as { text: string }).text).toBe('Something went wrong on my side. Please try again or contact the helpdesk.');
  });

  it('"the form could not be opened" in the directory language of the person who clicked, else in the language of the form', async () => {
    const t = testFeature();
    h = await slackHarness({ features: [t.feature], env: { ITBOT_LANG: 'en' } });
    addPeople(h.app);
    h.fake.addUser({ id: 'U0BEN', email: 'ben.beispiel@example.com', locale: 'en-US' });
    h.fake.addUser({ id: 'U0FRITZ', email: 'fritz.extern@example.com', locale: 'de-CH' });
    h.fake.addUser({ id: 'U0KARL', email: 'karl.keller@example.com', locale: 'en-US' });
    // Ben (English in the directory) asks in a channel: the poll is answered in its thread, in English
    const p = fixture('app-mention');
    p.event.user = 'U0BEN';
    p.event.text = '<@UBOT> poll';
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const poll = h.fake.messages[0]!;
    const open = buttons(poll.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    // Fritz, with a German Slack, clicks "Fill in" under it too late for its trigger
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await h.click(open.action_id, open.value, { user: 'U0FRITZ', ts: poll.ts, channel: poll.channel, responseId: 'late-en' });
    await h.fake.until(() => h!.fake.responses.length === 1);
    // (not in the directory: the language of the form he clicked, which he would have filled in)
    expect(h.fake.responses[0]!.body.text).toBe('The form could not be opened just now. Please click "Fill in" again.');
    // Karl, German in the directory but with an English Slack, clicks it too late as well
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await h.click(open.action_id, open.value, { user: 'U0KARL', ts: poll.ts, channel: poll.channel, responseId: 'late-de' });
    await h.fake.until(() => h!.fake.responses.length === 2);
    expect(h.fake.responses[1]!.body.text).toBe('Das Formular liess sich gerade nicht öffnen. Bitte klicken Sie nochmals auf «Ausfüllen».');
  });
});

describe('Slack request timestamps', () => {
  it('lets a request up to 5 minutes ahead through (clock skew) and refuses one further ahead', async () => {
    const { refuseFutureTimestamp } = await import('../../adapters/slack/index.ts');
    const { testApp } = await import('../doubles/app.ts');
    const app = testApp();
    try {
      const now = 1_767_517_200_000;
      const guard = refuseFutureTimestamp(app, () => now);
      const run = (ts: number) => {
        let status = 0;
        let passed = false;
        const res = { status: (s: number) => ((status = s), res), send: () => res };
        guard({ headers: { 'x-slack-request-timestamp': String(ts) } } as never, res as never, () => (passed = true));
        return passed ? 'next' : status;
      };
      expect(run(now / 1000 + 299)).toBe('next');
      expect(run(now / 1000 + 300)).toBe('next');
      expect(run(now / 1000 + 301)).toBe(401);
      expect(run(now / 1000 - 3600)).toBe('next'); // the stale side is Bolt's check
    } finally {
      app.cleanup();
    }
  });
});

describe('Slack text decoding', () => {
  it('decodes entities once and keeps a person\'s own entity-looking text', async () => {
    const { decodeSlackText } = await import('../../adapters/slack/inbound.ts');
    expect(decodeSlackText('a &amp;lt; b')).toBe('a &lt; b'); // the person typed "&lt;"
    expect(decodeSlackText('&lt;&gt;&amp;')).toBe('<>&');
    expect(decodeSlackText('<!channel> <!everyone> <!date^1392734382^{date}|Feb 18, 2014>')).toBe('@channel @everyone Feb 18, 2014');
    expect(decodeSlackText('<@U1>   hello')).toBe('hello');
    expect(decodeSlackText('<https://x.example/?a=1&amp;b=2>')).toBe('https://x.example/?a=1&b=2');
    expect(decodeSlackText('<https://x.example|R&amp;D>')).toBe('R&D');
  });
});
