import { afterEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';
import { fixture } from './harness.ts';
import { SOCKET_CLOSE_WAIT_MS } from '../../adapters/slack/socket-mode.ts';
import { INBOX_CLAIM_MS } from '../../adapters/slack/inbox.ts';

let fake: FakeSlack | null = null;
let app: TestApp | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  await fake?.stop();
  app?.cleanup();
  server = null;
  fake = null;
  app = null;
});

describe('Slack in Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('connects over the WebSocket, acknowledges envelopes and answers; /slack/events is not used', async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    app = testApp({ env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_APP_TOKEN: 'xapp-t', SLACK_API_URL: fake.apiUrl } });
    server = await startServer(app, { port: 0, background: false, adapters: [createSlackAdapter()] });
    await fake.until(() => fake!.sockets.length === 1);
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);

    const p = fixture('message-im');
    const envelope = fake.socketEvent(p);
    await fake.until(() => fake!.messages.length === 1);
    expect(fake.socketAcks).toContain(envelope);
    expect(fake.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(fake.messages[0]!.blocks)).toContain('What I can do for you');

    const res = await fetch(`${server.url}/slack/events`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(404);
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(JSON.stringify(health.adapters)).toContain('slack');
    expect(JSON.stringify(health.adapters)).not.toContain('slack (off)');
  });

  /**
   * Runs the fake timers forward a step at a time until `pred` holds, letting the sockets' I/O in
   * between each step; never waits on the real clock (a bounded number of steps).
   */
  async function advanceUntil(pred: () => boolean, stepMs = 250, maxSteps = 2000): Promise<void> {
    for (let i = 0; i < maxSteps && !pred(); i++) {
      await vi.advanceTimersByTimeAsync(stepMs);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(pred()).toBe(true);
  }

  /** A server in Socket Mode, connected to the fake. */
  async function connected(): Promise<void> {
    fake = await startFakeSlack();
    app = testApp({ env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_APP_TOKEN: 'xapp-t', SLACK_API_URL: fake.apiUrl } });
    server = await startServer(app, { port: 0, background: false, adapters: [createSlackAdapter()] });
    await fake.until(() => fake!.sockets.length === 1);
  }

  it('stops while the connection has dropped and its reconnection hangs: the reconnection is given up, not left running', async () => {
    await connected();
    // the connection drops; Slack does not answer the reconnection's apps.connections.open
    fake!.hold('apps.connections.open');
    // (the client waits a few seconds before it reconnects: on the test's timers, run forward)
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    for (const ws of fake!.sockets) ws.terminate();
    await advanceUntil(() => fake!.waiting.includes('apps.connections.open'));
    vi.useRealTimers();

    await server!.close();
    // the call under way is given up (before, it stayed open, and a reconnection after the stop kept the process alive)
    await fake!.until(() => fake!.abandoned.includes('apps.connections.open'));
    expect(fake!.sockets).toHaveLength(0);
  });

  it('stops while Slack no longer answers on the connection: the close is not waited for beyond its bound', async () => {
    await connected();
    fake!.deafenSockets();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    let stopped = false;
    void server!.close().then(() => (stopped = true));
    // no answer to the close frame ever comes: the stop cuts the connection after its bound
    await vi.advanceTimersByTimeAsync(2 * SOCKET_CLOSE_WAIT_MS);
    expect(stopped).toBe(true);
    vi.useRealTimers();
    // the app ended the connection itself (before, it waited for Slack's answer, up to 30 seconds)
    await fake!.until(() => fake!.sockets.length === 0);
  });

  /** A server in Socket Mode whose auth.test fails, and a DM that came meanwhile, acknowledged: its payload. */
  async function keptWhileAuthFails(): Promise<ReturnType<typeof fixture>> {
    fake = await startFakeSlack();
    fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
    fake.fail('auth.test', { status: 500 }, 1000);
    app = testApp({ env: { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_APP_TOKEN: 'xapp-t', SLACK_API_URL: fake.apiUrl } });
    server = await startServer(app, { port: 0, background: false, adapters: [createSlackAdapter({ inboxSweepMs: 20 })] });
    await fake.until(() => fake!.sockets.length === 1);
    const p = fixture('message-im');
    const envelope = fake.socketEvent(p);
    await fake.until(() => fake!.socketAcks.includes(envelope));
    return p;
  }

  it('an event that arrives while auth.test fails is acknowledged, kept, and answered once auth.test works', async () => {
    await keptWhileAuthFails();
    expect(fake!.messages).toHaveLength(0);
    // Slack works again; the payload's claim runs out and a sweep runs it
    fake!.recover('auth.test');
    app!.clock.advance(INBOX_CLAIM_MS);
    await fake!.until(() => fake!.messages.length === 1);
    expect(fake!.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(fake!.messages[0]!.blocks)).toContain('What I can do for you');
  });

  it('an event kept while auth.test failed for more than a day is given up, not answered a day late', async () => {
    const p = await keptWhileAuthFails();
    fake!.recover('auth.test');
    app!.clock.advance(25 * 3600_000);
    const done = () => app!.db.prepare('SELECT done_at FROM slack_inbox WHERE event_key = ?').get(p.event_id) as { done_at: string | null } | undefined;
    await fake!.until(() => Boolean(done()?.done_at));
    expect(fake!.messages).toHaveLength(0);
  });
});
