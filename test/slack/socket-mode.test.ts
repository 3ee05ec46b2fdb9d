import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server.ts';
import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';
import { fixture } from './harness.ts';

let fake: FakeSlack | null = null;
let app: TestApp | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
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
});
