import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startServer, type RunningServer } from '../../src/server.ts';

let app: TestApp | null = null;
let server: RunningServer | null = null;
afterEach(async () => {
  await server?.close();
  app?.cleanup();
  server = null;
  app = null;
});

/** Every request from now on looks as if it came from `addr` (the peer address the server sees). */
function callersFrom(s: RunningServer, addr: string): void {
  s.server.prependListener('request', (req) => {
    Object.defineProperty(req.socket, 'remoteAddress', { value: addr, configurable: true });
  });
}

describe('/healthz and the database path', () => {
  const file = join('/srv', 'itbot', 'data', 'itbot.db');

  it('shows the full database path to a caller on the machine itself', async () => {
    app = testApp();
    (app.status as Record<string, unknown>).dbFile = file;
    server = await startServer(app, { port: 0, background: false });
    const j = (await (await fetch(`${server.url}/healthz`)).json()) as Record<string, unknown>;
    expect(j.dbFile).toBe(file);
  });

  it('shows only the file name to a caller from another machine', async () => {
    app = testApp();
    (app.status as Record<string, unknown>).dbFile = file;
    server = await startServer(app, { port: 0, background: false });
    callersFrom(server, '203.0.113.9');
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    const body = await r.text();
    expect(JSON.parse(body).dbFile).toBe('itbot.db');
    expect(body).not.toContain('/srv/itbot');
    // the rest of the status is unchanged
    expect(JSON.parse(body)).toMatchObject({ status: 'ok', db: { status: 'ok' } });
  });
});
