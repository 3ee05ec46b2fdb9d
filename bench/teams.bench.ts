// Activities per second through POST /api/messages: our server (the whole bot: dedup, directory,
// intents, Adaptive Card rendering, reference bookkeeping) beside a bare botbuilder echo bot
// (CloudAdapter, same no-auth loopback setup, same fake connector) in the same run.
// Each activity is a personal-chat message that gets one reply posted to the fake connector.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';
import { teamsAdapter } from '../adapters/teams/index.ts';
import { createCloudAdapter, loopbackGuard } from '../adapters/teams/auth.ts';
import { FakeConnector, teamsActivity } from '../test/doubles/fake-connector.ts';

const TOTAL = Number(process.env.BENCH_TEAMS_N ?? 1500);
const CONCURRENCY = 8;
const USERS = 20;
const ROUNDS = 5;

async function bareEcho(): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig({});
  const adapter = createCloudAdapter(config);
  const http = express();
  http.use('/api/messages', loopbackGuard(false), express.json({ limit: '1mb' }));
  http.post('/api/messages', (req, res, next) => {
    adapter
      .process(req, res, async (context) => {
        if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      })
      .catch(next);
  });
  const server = await new Promise<Server>((resolve) => {
    const s = http.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let seq = 0;
async function load(url: string, serviceUrl: string, n: number): Promise<number> {
  const bodies = Array.from({ length: n }, (_, i) => {
    const u = i % USERS;
    return JSON.stringify(
      teamsActivity(serviceUrl, { id: `bench-${++seq}`, text: i % 2 ? 'help' : 'hello', user: { id: `29:u${u}`, aadObjectId: `aad-u${u}`, name: `User ${u}` } }),
    );
  });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++;
        if (i >= n) return;
        const r = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`status ${r.status}`);
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'itbot-bench-teams-'));
  const connector = await new FakeConnector().start();
  for (let u = 0; u < USERS; u++) connector.members.set(`29:u${u}`, { id: `29:u${u}`, aadObjectId: `aad-u${u}`, name: `User ${u}`, email: `u${u}@example.com` });
  const app = createApp({ config: loadConfig({ ITBOT_LANG: 'en' }), db: join(dir, 'bench.db') });
  for (let u = 0; u < USERS; u++) {
    app.people.upsert({ email: `u${u}@example.com`, name: `User ${u}`, department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
  }
  const ours = await startServer(app, { port: 0, host: '127.0.0.1', background: false, adapters: [teamsAdapter] });
  const bare = await bareEcho();
  try {
    // warm up both (JIT, connections, directory links)
    await load(ours.url, connector.url, 200);
    await load(bare.url, connector.url, 200);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      connector.calls = [];
      a.push(await load(ours.url, connector.url, TOTAL));
      connector.calls = [];
      b.push(await load(bare.url, connector.url, TOTAL));
    }
    const oursRate = median(a);
    const bareRate = median(b);
    // the machine may be shared: each round pairs the two back to back, the median pair ratio is the figure
    const ratio = median(a.map((x, i) => x / b[i]!));
    console.log(`activities: ${TOTAL} per round, ${ROUNDS} rounds, ${CONCURRENCY} concurrent clients, one reply each`);
    console.log(`itbot /api/messages:        ${oursRate.toFixed(0)} activities/s (rounds: ${a.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`bare botbuilder echo bot:   ${bareRate.toFixed(0)} activities/s (rounds: ${b.map((x) => x.toFixed(0)).join(', ')})`);
    console.log(`ratio: ${ratio.toFixed(2)} (median of per-round ratios; target >= 0.70)`);
  } finally {
    await ours.close();
    await bare.close();
    await connector.stop();
    app.db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
