import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, stopProcess } from '../doubles/process.ts';
import pino from 'pino';
import { Writable } from 'node:stream';
import { consoleThroughLogger } from '../../src/log.ts';

let proc: ChildProcess | null = null;
let dir = '';
afterEach(async () => {
  await stopProcess(proc);
  if (dir) rmSync(dir, { recursive: true, force: true });
  proc = null;
  dir = '';
});

const ACTIVITY = { type: 'message', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'c1' }, from: { id: 'u' }, recipient: { id: 'b' }, text: 'x' };

describe('ITBOT_LOG_FORMAT=json', () => {
  it('`itbot serve` with Teams credentials logs a refused token as JSON lines only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'itbot-json-log-'));
    proc = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(dir, 'serve.db')], {
      env: {
        ...process.env,
        ITBOT_LOG_FORMAT: 'json',
        MICROSOFT_APP_ID: '11111111-1111-1111-1111-111111111111',
        MICROSOFT_APP_PASSWORD: 'pw',
        MICROSOFT_APP_TENANT_ID: '22222222-2222-2222-2222-222222222222',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout!.on('data', (d) => (out += String(d)));
    proc.stderr!.on('data', (d) => (err += String(d)));
    const exited = new Promise<number | null>((r) => proc!.once('exit', (code) => r(code)));
    await new Promise<void>((resolve, reject) => {
      const check = () => (/serving on http/.test(out) ? resolve() : undefined);
      proc!.stdout!.on('data', check);
      void exited.then(() => reject(new Error(`serve ended: ${out}${err}`)));
    });
    const url = /serving on (http:\/\/[\d.:]+)/.exec(out)![1]!;
    for (const authorization of ['Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.']) {
      const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(ACTIVITY) });
      expect(res.status).toBe(401);
    }
    proc.kill('SIGTERM');
    await exited;
    const lines = (out + err).split('\n').filter((l) => l.trim() !== '');
    const notJson = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const records = lines.map((l) => JSON.parse(l) as { msg?: string; source?: string; err?: { stack?: string } });
    expect(records.filter((r) => r.msg === 'teams: request not authorized')).toHaveLength(2);
    // the token is refused before the request reaches botbuilder's turn handling, so botbuilder
    // has nothing to write to the console about it (what it writes goes through the logger: below)
    expect(records.filter((r) => r.source === 'console')).toEqual([]);
  }, 60_000);

  it('console output goes through the logger as one JSON object a line, an Error with its stack in err; and back', () => {
    const chunks: string[] = [];
    const log = pino({ level: 'debug' }, new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } }));
    const before = console.error;
    const restore = consoleThroughLogger(log);
    try {
      const e = new Error('request to https://login.example/ failed');
      console.error(e);
      console.warn('Exception in %s', 'interception', { a: [1, 2] });
      console.log('two\nlines');
      console.debug('dbg');
    } finally {
      restore();
    }
    expect(console.error).toBe(before);
    const lines = chunks.join('').split('\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    const recs = lines.map((l) => JSON.parse(l) as { level: number; msg: string; source: string; err?: { message: string; stack: string } });
    expect(recs.map((r) => r.level)).toEqual([50, 40, 30, 20]);
    expect(recs.every((r) => r.source === 'console')).toBe(true);
    expect(recs[0]!.msg).toBe('request to https://login.example/ failed');
    expect(recs[0]!.err!.stack).toMatch(/^Error: request to/);
    expect(recs[1]!.msg).toBe('Exception in interception { a: [ 1, 2 ] }');
    expect(recs[2]!.msg).toBe('two\nlines');
  });
});
