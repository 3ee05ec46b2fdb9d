import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { copyFileSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { testApp } from '../doubles/app.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { servedPerTest } from './helpers.ts';
import { adminServer, client, login } from '../admin/helpers.ts';

const served = servedPerTest();

/** Every request from now on looks as if it came from `addr` (the peer address the server sees). */
function callersFrom(s: RunningServer, addr: string): void {
  s.server.prependListener('request', (req) => {
    Object.defineProperty(req.socket, 'remoteAddress', { value: addr, configurable: true });
  });
}

describe('/healthz and the database path', () => {
  const file = join('/srv', 'itbot', 'data', 'itbot.db');

  it('names no database file, neither to a caller on the machine itself (a reverse proxy there) nor to others', async () => {
    served.app = testApp();
    (served.app.status as Record<string, unknown>).dbFile = file;
    served.server = await startServer(served.app, { port: 0, background: false });
    const local = await (await fetch(`${served.server.url}/healthz`)).text();
    callersFrom(served.server, '203.0.113.9');
    const r = await fetch(`${served.server.url}/healthz`);
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
    served.app = a;
    served.server = s;
    (served.app.status as Record<string, unknown>).dbFile = file;
    const c = client(served.server);
    await login(c);
    const page = await (await c.get('/admin/health')).text();
    expect(page).toContain(`<td data-db-file>${file}</td>`);
  });
});

describe('/healthz and a database the server can no longer save to', () => {
  async function health(): Promise<{ status: number; body: { status: string; db: { status: string } } }> {
    const r = await fetch(`${served.server!.url}/healthz`);
    return { status: r.status, body: (await r.json()) as { status: string; db: { status: string } } };
  }

  it('is 503 once the database file is deleted while the server runs (what it saves then is lost)', async () => {
    served.app = testApp();
    served.server = await startServer(served.app, { port: 0, background: false });
    expect((await health()).status).toBe(200);
    rmSync(served.app.file);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.status).toBe('error');
    expect(body.db.status).toMatch(/^the database file is gone/);
  });

  it('is 503 when another file was put at its path (commands and the server then use different databases)', async () => {
    served.app = testApp();
    served.server = await startServer(served.app, { port: 0, background: false });
    const copy = join(served.app.dir, 'copy.db');
    copyFileSync(served.app.file, copy);
    renameSync(copy, served.app.file);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.db.status).toMatch(/^the database file was replaced/);
  });

  it('is 503 while another process holds the write lock, and 200 again once it lets go', async () => {
    served.app = testApp();
    served.server = await startServer(served.app, { port: 0, background: false });
    const other = new Database(served.app.file);
    try {
      other.exec('BEGIN IMMEDIATE');
      const { status, body } = await health();
      expect(status).toBe(503);
      expect(body.db.status).toMatch(/^the database is locked/);
      other.exec('ROLLBACK');
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok', db: { status: 'ok' } } });
    } finally {
      other.close();
    }
  });
});

describe('the admin health page and the Teams channels no longer reachable', () => {
  it('lists each one with its name, since when in the page\'s zone and why, not as a JSON list', async () => {
    const { app: a, server: s } = await adminServer({ env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
    served.app = a;
    served.server = s;
    const ref = { kind: 'channel', channelName: 'News <b>IT</b>', teamId: '19:team@thread.tacv2', stale: { at: '2026-11-27T21:00:00.000Z', reason: '403 BotNotInConversationRoster' } };
    served.app.db
      .prepare(`INSERT INTO conversation_refs (platform, key, person_email, ref, updated_at) VALUES ('teams', ?, NULL, ?, ?)`)
      .run('19:news@thread.tacv2', JSON.stringify(ref), ref.stale.at);
    const c = client(served.server);
    await login(c);
    const page = await (await c.get('/admin/health')).text();
    expect(page).not.toContain('staleChannels');
    const table = /<table id="stale-channels">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    expect(table).toContain('<tr data-channel="19:news@thread.tacv2"><td>News &lt;b&gt;IT&lt;/b&gt;<div class="muted">19:news@thread.tacv2</div></td>');
    expect(table).toContain('<td>27 Nov 2026, 22:00:00</td>');
    expect(table).toContain('<td>403 BotNotInConversationRoster</td>');
  });

  it('has no such table while every channel is reachable', async () => {
    const { app: a, server: s } = await adminServer();
    served.app = a;
    served.server = s;
    const c = client(served.server);
    expect((await login(c)).res.status).toBe(303);
    const page = await (await c.get('/admin/health')).text();
    // (the health page itself, with the section the table would be in: not a login page without it)
    expect(page).toContain('<section class="card" id="adapters">');
    expect(page).not.toContain('stale-channels');
    expect(page).not.toContain('staleChannels');
  });
});
