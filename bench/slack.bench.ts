// Slack: signed events through the real HTTP path of `itbot serve` (startServer with the Slack
// adapter, demo data loaded) beside a bare Bolt app on the same receiver type (ExpressReceiver)
// that only acknowledges and posts a fixed reply; both against the same fake Web API, in the
// same run. The figure is the ratio of events per second (target: at least 0.7).
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { App as BoltApp, ExpressReceiver, LogLevel } from '@slack/bolt';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/store/db.ts';
import { startServer } from '../src/server.ts';
import { startFakeSlack, type FakeSlack } from '../test/doubles/fake-slack.ts';

const SECRET = 'bench-signing-secret';
const EVENTS = Number(process.env.BENCH_SLACK_EVENTS ?? 1500);
const CONCURRENCY = 32;
const USERS = 20;
const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 5);
const QUESTIONS = process.env.BENCH_SLACK_Q ? process.env.BENCH_SLACK_Q.split('|') : ['help', 'who is my IT contact?', 'How do I get VPN?', 'Mein Drucker druckt nicht', 'thanks'];

function signedEvent(n: number, run: string): { body: string; headers: Record<string, string> } {
  const user = `UB${n % USERS}`;
  const body = JSON.stringify({
    token: 'x',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${run}${n}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { type: 'message', channel_type: 'im', user, channel: `D${user}`, text: QUESTIONS[n % QUESTIONS.length], ts: `1767517200.${n}`, event_ts: `1767517200.${n}` },
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
  });
  const ts = Math.floor(Date.now() / 1000);
  const sig = 'v0=' + createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-slack-signature': sig, 'x-slack-request-timestamp': String(ts) } };
}

/** Sends EVENTS signed events, CONCURRENCY in flight; done when the fake has every reply. */
async function drive(url: string, fake: FakeSlack, run: string): Promise<number> {
  const before = fake.messages.length;
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < EVENTS) {
      const { body, headers } = signedEvent(next++, run);
      const res = await fetch(url, { method: 'POST', headers, body });
      if (res.status !== 200) throw new Error(`${run}: HTTP ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await fake.until(() => fake.messages.length - before >= EVENTS, 120_000);
  return EVENTS / ((performance.now() - start) / 1000);
}

async function bareBolt(fake: FakeSlack): Promise<{ url: string; close: () => Promise<void> }> {
  const http = express();
  const router = express.Router();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, router, logLevel: LogLevel.ERROR });
  const bolt = new BoltApp({ receiver, token: 'xoxb-bench', logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: fake.apiUrl } });
  bolt.event('message', async ({ event, client }) => {
    await client.chat.postMessage({ channel: (event as { channel: string }).channel, text: 'Hello from a bare Bolt app' });
  });
  http.use(router);
  const server = await new Promise<Server>((r) => {
    const s = http.listen(0, '127.0.0.1', () => r(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function run(): Promise<void> {
  const fake = await startFakeSlack();
  for (let i = 0; i < USERS; i++) fake.addUser({ id: `UB${i}`, email: `bench${i}@alpenfirn.example`, locale: i % 2 ? 'de-CH' : 'en-US' });
  const dir = mkdtempSync(join(tmpdir(), 'itbot-bench-slack-'));
  const config = loadConfig({ ITBOT_LANG: 'de', SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl });
  const app = createApp({ config, db: openDb(join(dir, 'bench.db')) });
  // demo data feature by feature: one feature's broken demo does not stop the benchmark
  for (const f of app.features) {
    await (async () => f.demo?.(app))().catch((e: unknown) => console.log(`(demo of ${f.name} skipped: ${(e as Error).message.split('\n')[0]})`));
  }
  const server = await startServer(app, { port: 0, background: false });
  const bare = await bareBolt(fake);
  try {
    // warm both (JIT, caches, connections), then alternate to share the machine's moods fairly
    await drive(`${server.url}/slack/events`, fake, 'warm-itbot');
    await drive(bare.url, fake, 'warm-bare');
    const itbot: number[] = [];
    const boltRates: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      itbot.push(await drive(`${server.url}/slack/events`, fake, `itbot${round}-`));
      boltRates.push(await drive(bare.url, fake, `bare${round}-`));
    }
    const best = (xs: number[]) => Math.max(...xs);
    // each round runs both back to back: the per-round ratio is less exposed to a busy machine
    const ratios = itbot.map((x, i) => x / boltRates[i]!).sort((a, b) => a - b);
    const ratio = ratios[Math.floor(ratios.length / 2)]!;
    console.log(`events: ${EVENTS} per run, ${CONCURRENCY} in flight, ${USERS} users, questions: ${QUESTIONS.join(' | ')}`);
    console.log(`itbot serve (Slack adapter, demo data):  ${best(itbot).toFixed(0)} events/s  (runs: ${itbot.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`bare Bolt (ack + fixed reply):          ${best(boltRates).toFixed(0)} events/s  (runs: ${boltRates.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`ratio itbot / bare Bolt: ${ratio.toFixed(2)} (median of the rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; target >= 0.70) ${ratio >= 0.7 ? 'OK' : 'BELOW TARGET'}`);
  } finally {
    await bare.close();
    await server.close();
    await fake.stop();
    app.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
