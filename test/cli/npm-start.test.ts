import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning, stopProcess, waitUntilGone } from '../doubles/process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let npm: ChildProcess | null = null;
let serverPid: number | null = null;
let dir = '';
afterEach(async () => {
  // (a failed test must not leave a server running)
  if (serverPid && isRunning(serverPid)) process.kill(serverPid, 'SIGKILL');
  await stopProcess(npm);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('a SIGTERM to the npm process stops the server too, cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'itbot-npm-start-'));
    const db = join(dir, 'npm.db');
    npm = spawn(NPM, ['start'], {
      cwd: ROOT,
      env: { ...process.env, ITBOT_DB: db, PORT: '0', ITBOT_LOG_FORMAT: 'json', npm_config_update_notifier: 'false' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = npm;
    const closed = new Promise((r) => proc.once('close', r));
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      // (a shared machine under load may take a while to start a process that compiles TypeScript)
      const t = setTimeout(() => reject(new Error('no start: ' + out)), 90_000);
      proc.stdout!.on('data', () => {
        const m = /"pid":(\d+)[^\n]*itbot serving on (http:\/\/[\d.:]+)/.exec(out);
        if (m) {
          clearTimeout(t);
          serverPid = Number(m[1]);
          resolve(m[2]!);
        }
      });
    });
    expect((await fetch(url + '/healthz')).status).toBe(200);
    expect(serverPid).not.toBe(proc.pid);

    await stopProcess(proc);
    expect(await waitUntilGone(serverPid!)).toBe(true);
    await closed; // (the server wrote to the same pipes: all it wrote is read)
    expect(out).toMatch(/stopping: finishing work in flight/);
    expect(out).toMatch(/"msg":"stopped"/);
    // the database was closed: no WAL left, no lease held, writable at once
    expect(existsSync(db + '-wal')).toBe(false);
    const check = new Database(db, { timeout: 0 });
    try {
      expect((check.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'sending'").get() as { n: number }).n).toBe(0);
      check.exec('BEGIN IMMEDIATE; COMMIT');
    } finally {
      check.close();
    }
  }, 180_000);
});
