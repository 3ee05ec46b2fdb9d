import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { adminServer, client, login } from '../admin/helpers.ts';

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

  it('names no database file, neither to a caller on the machine itself (a reverse proxy there) nor to others', async () => {
    app = testApp();
    (app.status as Record<string, unknown>).dbFile = file;
    server = await startServer(app, { port: 0, background: false });
    const local = await (await fetch(`${server.url}/healthz`)).text();
    callersFrom(server, '203.0.113.9');
    const r = await fetch(`${server.url}/healthz`);
    expect(r.status).toBe(200);
    const remote = await r.text();
    for (const body of [local, remote]) {
      expect(body).not.toContain('itbot.db');
      expect(body).not.toContain('/srv');
      // the rest of the status is unchanged
      expect(JSON.parse(body)).toMatchObject({ status: 'ok', version: expect.any(String), db: { status: 'ok' }, outbox: { queued: 0, retry: 0 } });
      expect(JSON.parse(body)).not.toHaveProperty('dbFile');
    }
  });

  it('the admin health page, behind its login, names the database file', async () => {
    const { app: a, server: s } = await adminServer();
    app = a;
    server = s;
    (app.status as Record<string, unknown>).dbFile = file;
    const c = client(server);
    await login(c);
    const page = await (await c.get('/admin/health')).text();
    expect(page).toContain(`<td data-db-file>${file}</td>`);
  });
});
