import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testApp, type TestApp } from './doubles/app.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { loadDemo } from '../src/cli/core-commands.ts';

let app: TestApp;
let server: RunningServer;
beforeAll(async () => {
  app = testApp();
  await loadDemo(app);
  server = await startServer(app, { port: 0, background: false });
});
afterAll(async () => {
  await server?.close();
  app?.cleanup();
});

describe('the one HTTP server', () => {
  it('GET /healthz answers 200 with a JSON status', async () => {
    const r = await fetch(server.url + '/healthz');
    expect(r.status).toBe(200);
    const j = (await r.json()) as Record<string, unknown>;
    expect(j.status).toBe('ok');
    expect(j.db).toMatchObject({ status: 'ok', schemaVersion: expect.any(Number) });
    expect(j.outbox).toMatchObject({ queued: expect.any(Number) });
  });

  it('GET / serves the web chat page', async () => {
    const r = await fetch(server.url + '/');
    expect(r.status).toBe(200);
    expect(await r.text()).toMatch(/IT-Bot/);
    // (the icon browsers ask for is no error)
    expect((await fetch(server.url + '/favicon.ico')).status).toBe(204);
  });

  it('a path or method it does not have gets a JSON 404, never Express\'s HTML page', async () => {
    for (const [method, path] of [
      ['GET', '/calendar/other.ics'], ['GET', '/calendar/'], ['GET', '/charts/survey/x'], ['GET', '/charts/other'],
      ['GET', '/slack/events'], ['GET', '/no/such/page'], ['PUT', '/'], ['DELETE', '/healthz'], ['POST', '/calendar/plan.ics'],
    ] as const) {
      const r = await fetch(server.url + path, { method, headers: { accept: 'text/html' } });
      expect([method, path, r.status]).toEqual([method, path, 404]);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await r.json()).toEqual({ error: `no such address: ${method} ${path}` });
    }
    // the calendar feed, switched off, says so in JSON too
    const off = await fetch(server.url + '/calendar/plan.ics');
    expect(off.status).toBe(404);
    expect(await off.json()).toEqual({ error: 'the calendar feed is off (set ITBOT_CALENDAR_TOKEN)' });
  });

  it('rejects a 10 MB web chat message with 413 and processes nothing', async () => {
    const r = await fetch(server.url + '/web/message', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: '', text: 'x'.repeat(10 * 1024 * 1024), eventId: 'huge' }),
    });
    expect(r.status).toBe(413);
    const n = app.db.prepare("SELECT count(*) AS n FROM processed_events WHERE event_id = 'huge'").get() as { n: number };
    expect(n.n).toBe(0);
  });

  it('the web inbox shows the managers\' channel to managers only', async () => {
    const { enqueue } = await import('../src/jobs/outbox.ts');
    enqueue(app.db, app.clock.now(), {
      key: 'managers-news',
      kind: 'announcement',
      target: { kind: 'channel', platform: 'web', channelId: 'managers' },
      message: { text: 'For managers: budget round' },
    });
    await server.worker.drainOnce();
    const inbox = async (as: string) =>
      ((await (await fetch(`${server.url}/web/inbox?as=${encodeURIComponent(as)}&after=0`)).json()) as { messages: Array<{ text: string }> }).messages.map((m) => m.text);
    expect(await inbox('peter.huber@alpenfirn.example')).toContain('For managers: budget round'); // Finance manager
    expect(await inbox('julia.baumann@alpenfirn.example')).not.toContain('For managers: budget round');
  });

  it('a page just opened shows the person\'s newest messages, however many others got since', async () => {
    const { putWebMessage } = await import('../src/store/web-inbox-repo.ts');
    const at = app.clock.now();
    putWebMessage(app.db, 'julia.baumann@alpenfirn.example', { text: 'Julia: your survey' }, 'recent-julia', at);
    for (let i = 0; i < 30; i++) putWebMessage(app.db, 'peter.huber@alpenfirn.example', { text: `Peter ${i}` }, `recent-peter-${i}`, at);
    const read = async (as: string, query: string) =>
      (await (await fetch(`${server.url}/web/inbox?as=${encodeURIComponent(as)}&${query}`)).json()) as { messages: Array<{ id: number; text: string }>; last?: number };
    const julia = await read('julia.baumann@alpenfirn.example', 'recent=20');
    expect(julia.messages.map((m) => m.text)).toContain('Julia: your survey');
    expect(julia.messages.every((m) => !m.text.startsWith('Peter'))).toBe(true);
    // (the next poll goes on after everything there is now: nothing shown twice, nothing new missed)
    expect(julia.last).toBeGreaterThanOrEqual(Math.max(...julia.messages.map((m) => m.id)));
    expect((await read('julia.baumann@alpenfirn.example', `after=${julia.last}`)).messages).toEqual([]);
    const peter = await read('peter.huber@alpenfirn.example', 'recent=20');
    expect(peter.messages).toHaveLength(20);
    expect(peter.messages.at(-1)!.text).toBe('Peter 29');
    expect(peter.messages.map((m) => m.id)).toEqual([...peter.messages.map((m) => m.id)].sort((a, b) => a - b));
  });

  it('rejects malformed web chat requests with 400 naming the field', async () => {
    const r = await fetch(server.url + '/web/message', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"as":""}' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toMatch(/body\.text/);
  });
});

describe('itbot serve as a process', () => {
  it('starts, serves /healthz and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'itbot-serve-'));
    let child: ReturnType<typeof spawn> | null = null;
    try {
      child = spawn(process.execPath, ['bin/itbot.mjs', 'serve', '--port', '0', '--db', join(dir, 's.db'), '--demo-if-new'], {
        env: { ...process.env, ITBOT_LOG_FORMAT: 'json', PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const proc = child;
      let out = '';
      proc.stdout!.on('data', (d) => (out += d));
      proc.stderr!.on('data', (d) => (out += d));
      const url = await new Promise<string>((resolve, reject) => {
        // (a shared build machine under load may take a while to start a process that compiles TypeScript)
        const t = setTimeout(() => reject(new Error('no start: ' + out)), 60_000);
        proc.stdout!.on('data', () => {
          const m = /itbot serving on (http:\/\/[\d.:]+)/.exec(out);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
      });
      const r = await fetch(url + '/healthz');
      expect(r.status).toBe(200);
      const code = await new Promise<number | null>((resolve) => {
        proc.on('exit', (c) => resolve(c));
        proc.kill('SIGTERM');
      });
      expect(code).toBe(0);
      expect(out).toMatch(/stopped/);
    } finally {
      // (a failed start must not leave a server running)
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('a port already taken: a one-line error naming it, exit 1, and no background work started', async () => {
    const child = spawn(process.execPath, ['bin/itbot.mjs', 'serve', '--db', ':memory:', '--port', String(server.port)], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => {
      const t = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (c) => {
        clearTimeout(t);
        resolve(c);
      });
    });
    expect(code).toBe(1);
    expect(err).toMatch(new RegExp(`PORT ${server.port}\\b.*already in use`));
  }, 90_000);

  it('startServer on a taken port rejects before any background work starts', async () => {
    const other = testApp();
    let started = 0;
    other.features.push({ name: 'probe', start: () => (started++, { stop: async () => {} }) } as never);
    try {
      await expect(startServer(other, { port: server.port })).rejects.toThrow(/already in use/);
      expect(started).toBe(0);
    } finally {
      other.cleanup();
    }
  });

  it('a bad setting stops the start with a message naming it', async () => {
    const child = spawn(process.execPath, ['bin/itbot.mjs', 'serve', '--db', ':memory:'], {
      env: { ...process.env, ITBOT_TIMEZONE: 'Nowhere/City' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(err).toMatch(/ITBOT_TIMEZONE/);
  }, 90_000);
});
