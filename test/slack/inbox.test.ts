import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { App } from '../../src/app-types.ts';
import { FakeClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { openDb } from '../../src/store/db.ts';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { INBOX_CLAIM_MS } from '../../adapters/slack/inbox.ts';
import { decodeActionId, FORM_ACTION } from '../../adapters/slack/render.ts';
import { buttons, catalogHarness, fixture, openSurveyFormModal, SECRET, sign, slackHarness, type Harness } from './harness.ts';

let first: Harness | null = null;
let second: { app: App; server: RunningServer } | null = null;
afterEach(async () => {
  await second?.server.close();
  second?.app.db.close();
  await first?.fake.stop();
  first?.app.cleanup();
  first = second = null;
});

/** The answers posted for one Slack event (their outbox key in the message metadata names it). */
const answersTo = (h: Harness, eventId: string) => h.fake.messages.filter((m) => String(m.metadata?.event_payload.key).startsWith(`slack:reply:${eventId}:`));

describe('Slack payloads are kept until handled (the inbox)', () => {
  it('an event acknowledged but not handled when its server died is handled once by the next server on the database; a retry of it is not handled again', async () => {
    // (the server dies: its stop does not wait for the turn under way, as a graceful one does)
    first = await slackHarness({ adapter: { inboxStopWaitMs: 0 } });
    const h = first;
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    // the server acknowledges the event, then dies while it asks Slack who wrote it
    h.fake.hold('users.info');
    const res = await h.dm('help', { eventId: 'EvLost1' });
    expect(res.status).toBe(200);
    await h.fake.until(() => h.fake.waiting.includes('users.info'));
    await h.server.close();
    h.app.db.close();
    expect(h.fake.messages).toHaveLength(0);

    // another server starts on the same database once the dead one's claim has run out
    h.fake.unhold('users.info');
    second = await nextServer(h);
    await h.fake.until(() => answersTo(h, 'EvLost1').length === 1);
    expect(answersTo(h, 'EvLost1')[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(answersTo(h, 'EvLost1')[0]!.blocks)).toContain('What I can do for you');

    // Slack's retry of the same event reaches the new server: acknowledged, not handled again
    const url = second.server.url;
    const retry = await fetch(`${url}/slack/events`, dmRequest('EvLost1'));
    expect(retry.status).toBe(200);
    // (a later event, answered, shows the retry's turn is over)
    const later = await fetch(`${url}/slack/events`, dmRequest('EvLater1', 0));
    expect(later.status).toBe(200);
    await h.fake.until(() => answersTo(h, 'EvLater1').length === 1);
    expect(answersTo(h, 'EvLost1')).toHaveLength(1);
  });

  it('an /it acknowledged with "one moment" by a server that died before the answer gets its answer from the next server, through its response_url', async () => {
    // (the server dies: its stop does not wait for the turn under way, as a graceful one does)
    first = await slackHarness({ adapter: { inboxStopWaitMs: 0 } });
    const h = first;
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.hold('users.info');
    const res = await h.command('help', { responseId: 'cmdLost' });
    expect((await res.json()).text).toMatch(/One moment/);
    await h.server.close();
    h.app.db.close();
    expect(h.fake.responses).toHaveLength(0);

    h.fake.unhold('users.info');
    second = await nextServer(h);
    await h.fake.until(() => h.fake.responses.some((r) => r.id === 'cmdLost'));
    const answers = h.fake.responses.filter((r) => r.id === 'cmdLost');
    expect(answers).toHaveLength(1);
    // (it takes the place of "one moment")
    expect(answers[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(answers[0]!.body.blocks)).toContain('What I can do for you');
  });
});

/** Keeps each payload as it was before its mark as done drops it: the one kept (whose key is LIKE `like`), once done. */
function keepPayloads(h: Harness, like = '%'): () => { key: string; body: string } | undefined {
  h.app.db.exec(`CREATE TEMP TABLE kept (event_key TEXT, body TEXT);
    CREATE TEMP TRIGGER keep BEFORE UPDATE OF done_at ON slack_inbox BEGIN INSERT INTO kept VALUES (old.event_key, old.body); END;`);
  return () => h.app.db.prepare('SELECT event_key AS key, body FROM kept WHERE event_key LIKE ?').get(like) as { key: string; body: string } | undefined;
}

/** The server died after the payload's answer went, before the payload was marked done: the next server runs it again, to the end. */
async function diesThenRunAgain(h: Harness, payload: { key: string; body: string }): Promise<void> {
  h.app.db.prepare('UPDATE slack_inbox SET done_at = NULL, body = ? WHERE event_key = ?').run(payload.body, payload.key);
  await h.server.close();
  h.app.db.close();
  second = await nextServer(h);
  const db = second.app.db;
  await h.fake.until(() => (db.prepare('SELECT done_at FROM slack_inbox WHERE event_key = ?').get(payload.key) as { done_at: string | null }).done_at !== null);
}

describe('an /it whose answer went through its response_url before its server died', () => {
  for (const slow of [false, true]) {
    it(`is not answered again by the next server (${slow ? 'acknowledged with "one moment", answered after' : 'acknowledged with the answer'})`, async () => {
      first = await slackHarness({ adapter: { inboxStopWaitMs: 0 } });
      const h = first;
      h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
      const kept = keepPayloads(h);
      if (slow) h.fake.hold('users.info');
      const res = await h.command('help', { responseId: 'cmdAnswered' });
      expect((await res.json()).text).toMatch(slow ? /One moment/ : /write to me/);
      if (slow) h.fake.release();
      await h.fake.until(() => kept() !== undefined);
      expect(h.fake.responses.filter((r) => r.id === 'cmdAnswered')).toHaveLength(slow ? 1 : 0);
      await diesThenRunAgain(h, kept()!);
      expect(h.fake.responses.filter((r) => r.id === 'cmdAnswered')).toHaveLength(slow ? 1 : 0);
    });
  }
});

describe('a click in a channel whose private answer went before its server died', () => {
  it('is not answered again by the next server: Slack cannot be asked for it, so the answer that went was noted', async () => {
    first = await catalogHarness('en-US', { adapter: { inboxStopWaitMs: 0 } });
    const h = first;
    const kept = keepPayloads(h, 'act:%');
    await h.dm('what does IT offer?');
    await h.fake.until(() => h.fake.messages.length === 1);
    const area = buttons(h.fake.messages[0]!.blocks)[0];
    // the overview, shared in a channel: the answer to a click there is the clicker's alone
    await h.click(area.action_id, area.value, { channel: 'C0GENERAL', ts: h.fake.messages[0]!.ts, responseId: 'clickAnswered' });
    await h.fake.until(() => kept() !== undefined);
    expect(h.fake.responses.filter((r) => r.id === 'clickAnswered').map((r) => r.body.response_type)).toEqual(['ephemeral']);
    await diesThenRunAgain(h, kept()!);
    expect(h.fake.responses.filter((r) => r.id === 'clickAnswered')).toHaveLength(1);
  });
});

/** "The form could not be opened", in either language. */
const FORM_FAILED = /could not be opened|liess sich gerade nicht öffnen/;

describe('a click on "Fill in" whose form opened before its server died', () => {
  it('is not told by the next server that the form could not be opened (its trigger has expired by then)', async () => {
    let kept: () => { key: string; body: string } | undefined = () => undefined;
    const { h } = await openSurveyFormModal({ beforeClick: (harness) => (kept = keepPayloads(harness, 'act:%')) });
    first = h;
    await h.fake.until(() => kept() !== undefined);
    const said = () => [...h.fake.calls, ...h.fake.responses].filter((c) => FORM_FAILED.test(JSON.stringify(c)));
    expect(said()).toHaveLength(0);
    // the trigger_id the click brought lives three seconds: the next server's views.open is refused
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await diesThenRunAgain(h, kept()!);
    expect(h.fake.views).toHaveLength(1);
    expect(said()).toHaveLength(0);
  });

  it('is told once by the next server when the form had not opened (nor been said to fail)', async () => {
    let kept: () => { key: string; body: string } | undefined = () => undefined;
    const { h } = await openSurveyFormModal({ beforeClick: (harness) => (kept = keepPayloads(harness, 'act:%')) });
    first = h;
    await h.fake.until(() => kept() !== undefined);
    // (as if the first server had died before views.open answered)
    h.app.db.prepare("DELETE FROM event_writes WHERE event_id LIKE 'act:%'").run();
    h.fake.fail('views.open', { error: 'expired_trigger_id' });
    await diesThenRunAgain(h, kept()!);
    expect(h.fake.responses.filter((r) => FORM_FAILED.test(JSON.stringify(r.body)))).toHaveLength(1);
  });

  it('does not repeat the word said instead of a form (no longer valid) when the next server runs the click again', async () => {
    let kept: () => { key: string; body: string } | undefined = () => undefined;
    const { h } = await openSurveyFormModal({ beforeClick: (harness) => (kept = keepPayloads(harness, 'act:1767517999.000001:%')) });
    first = h;
    const invite = h.fake.messages[0]!;
    const open = buttons(invite.blocks).find((b: any) => decodeActionId(b.action_id) === FORM_ACTION);
    await h.click(open.action_id, 'no-such-form', { channel: invite.channel, ts: invite.ts, actionTs: '1767517999.000001', responseId: 'gone' });
    await h.fake.until(() => kept() !== undefined);
    expect(h.fake.responses.filter((r) => r.id === 'gone')).toHaveLength(1);
    await diesThenRunAgain(h, kept()!);
    expect(h.fake.responses.filter((r) => r.id === 'gone')).toHaveLength(1);
  });
});

describe('a payload whose turn had begun when its server died', () => {
  /** The first server acknowledges a DM "help" and dies while Slack has not answered the post of its answer. */
  async function diesWhilePosting(eventId: string): Promise<Harness> {
    first = await slackHarness();
    const h = first;
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.hold('chat.postMessage');
    expect((await h.dm('help', { eventId })).status).toBe(200);
    await h.fake.until(() => h.fake.waiting.includes('chat.postMessage'));
    // (the core had begun the turn: its event id is recorded)
    expect(h.app.db.prepare('SELECT count(*) AS n FROM processed_events WHERE event_id = ?').get(eventId)).toEqual({ n: 1 });
    await h.server.close();
    h.app.db.close();
    h.fake.unhold('chat.postMessage');
    return h;
  }

  /** The next server runs the payload again and sends what its outbox has for it. */
  async function nextServerAnswers(h: Harness, eventId: string): Promise<void> {
    second = await nextServer(h);
    const db = second.app.db;
    await h.fake.until(() => (db.prepare('SELECT done_at FROM slack_inbox WHERE event_key = ?').get(eventId) as { done_at: string | null }).done_at !== null);
    await second.server.worker.drainOnce();
  }

  it('is answered once by the next server, not dropped as seen before', async () => {
    const h = await diesWhilePosting('EvBegun1');
    await nextServerAnswers(h, 'EvBegun1');
    expect(answersTo(h, 'EvBegun1')).toHaveLength(1);
    expect(answersTo(h, 'EvBegun1')[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(answersTo(h, 'EvBegun1')[0]!.blocks)).toContain('What I can do for you');
  });

  it('is not answered again when the answer of the server that died reached Slack', async () => {
    const h = await diesWhilePosting('EvBegun2');
    // Slack had posted it; only its answer to the dying server was lost
    h.fake.messages.push({
      channel: 'D0ANNA', ts: `${Math.floor(h.app.clock.now().getTime() / 1000)}.000001`, text: 'What I can do for you',
      metadata: { event_type: 'itbot_outbox', event_payload: { key: 'slack:reply:EvBegun2:0' } },
    });
    const postsBefore = h.fake.callsOf('chat.postMessage').length;
    await nextServerAnswers(h, 'EvBegun2');
    expect(answersTo(h, 'EvBegun2')).toHaveLength(1);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(postsBefore);
  });
});

describe('a server running payloads while it runs others taken over from a dead server', () => {
  it('keeps renewing its claim on them, so no other server takes them over while they run', async () => {
    first = await slackHarness({ adapter: { inboxSweepMs: 20 } });
    const h = first;
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    h.fake.addUser({ id: 'U0BEN', email: 'ben.meier@example.com', locale: 'en-US' });
    h.fake.hold('users.info');
    // a payload a dead server left unfinished: a sweep takes it over and runs it (held at users.info)
    const p = fixture('message-im');
    p.event_id = 'EvLeft1';
    p.event.text = 'help';
    const now = h.app.clock.now();
    h.app.db
      .prepare('INSERT INTO slack_inbox (event_key, body, received_at, claimed_until) VALUES (?, ?, ?, ?)')
      .run('EvLeft1', JSON.stringify(p), now.toISOString(), now.toISOString());
    await h.fake.until(() => h.fake.waiting.length === 1);
    // meanwhile a new event arrives and runs (held at users.info too)
    expect((await h.dm('help', { eventId: 'EvNew1', user: 'U0BEN' })).status).toBe(200);
    await h.fake.until(() => h.fake.waiting.length === 2);
    const claimOf = (key: string) => (h.app.db.prepare('SELECT claimed_until FROM slack_inbox WHERE event_key = ?').get(key) as { claimed_until: string }).claimed_until;
    const before = claimOf('EvNew1');
    // time goes on: the server's next sweeps renew its claim on both, long before it runs out
    h.app.clock.advance(INBOX_CLAIM_MS / 2);
    const renewed = new Date(h.app.clock.now().getTime() + INBOX_CLAIM_MS).toISOString();
    await h.fake.until(() => claimOf('EvNew1') === renewed && claimOf('EvLeft1') === renewed, 2000);
    expect(claimOf('EvNew1') > before).toBe(true);
    h.fake.release();
    await h.server.close();
    h.app.db.close();
  });
});

/** A new server on the harness's database (its first server died), the claim of that one's payloads run out. */
async function nextServer(h: Harness): Promise<{ app: App; server: RunningServer }> {
  const app = createApp({
    config: loadConfig({ ITBOT_LANG: 'en', ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00', SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: h.fake.apiUrl }),
    db: openDb(h.app.file),
    clock: new FakeClock(new Date(h.app.clock.now().getTime() + INBOX_CLAIM_MS)),
  });
  return { app, server: await startServer(app, { port: 0, background: false, adapters: [createSlackAdapter()] }) };
}

/** A signed DM "help" from U0ANNA with this event id, as Slack's retry (X-Slack-Retry-Num) unless `retryNum` is 0. */
function dmRequest(eventId: string, retryNum = 1): RequestInit {
  const p = fixture('message-im');
  p.event_id = eventId;
  p.event.text = 'help';
  p.event.user = 'U0ANNA';
  p.event.channel = 'D0ANNA';
  const body = JSON.stringify(p);
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...sign(body), ...(retryNum ? { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': 'http_timeout' } : {}) },
    body,
  };
}
