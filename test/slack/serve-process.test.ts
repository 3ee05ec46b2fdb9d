import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, stopProcess } from '../doubles/process.ts';
import { startFakeSlack, type FakeSlack } from '../doubles/fake-slack.ts';
import { fixture, SECRET, sign } from './harness.ts';

let proc: ChildProcess | null = null;
let fake: FakeSlack | null = null;
let dir = '';
afterEach(async () => {
  await stopProcess(proc);
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  proc = null;
  fake = null;
});

describe('`itbot serve` as a process with Slack configured', () => {
  it('answers a signed DM through /slack/events and rejects a forged one', async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: 'U0ANNA', email: 'anna@example.com', locale: 'en-US' });
    dir = mkdtempSync(join(tmpdir(), 'itbot-serve-slack-'));
    proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'serve.db')], {
      env: { ...process.env, SLACK_BOT_TOKEN: 'xoxb-serve', SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.apiUrl, ITBOT_LOG_FORMAT: 'json', ITBOT_LANG: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += String(d)));
    proc.stderr!.on('data', (d) => (out += String(d)));
    await fake.until(() => /serving on (http:\/\/[\d.:]+)/.test(out), 20_000);
    const url = /serving on (http:\/\/[\d.:]+)/.exec(out)![1]!;
    const body = JSON.stringify(fixture('message-im'));
    const forged = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body, { secret: 'wrong' }) }, body });
    expect(forged.status).toBe(401);
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', ...sign(body) }, body });
    expect(res.status).toBe(200);
    await fake.until(() => fake!.messages.length === 1, 10_000);
    expect(fake.messages[0]).toMatchObject({ channel: 'D0ANNA' });
    expect(JSON.stringify(fake.messages[0]!.blocks)).toContain('What I can do for you');
  });
});
