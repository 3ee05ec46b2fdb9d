import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { createHash } from 'node:crypto';
import { testApp } from '../doubles/app.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { servedPerTest } from './helpers.ts';
import { networkInterfaces } from 'node:os';

/** a non-loopback IPv4 address of this machine, when it has one */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return undefined;
}

const served = servedPerTest();

async function start(env: Record<string, string> = {}, host = '127.0.0.1'): Promise<RunningServer> {
  served.app = testApp({ env });
  served.app.people.upsert({ email: 'anna.muster@example.com', name: 'Anna Muster', department: 'IT', language: 'en', manager: false, timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false });
  served.server = await startServer(served.app, { port: 0, host, background: false });
  return served.server;
}

/** A request to the loopback server with a Host (and Origin) of our choosing, as a browser page would send. */
function call(s: RunningServer, path: string, opts: { host: string; origin?: string; method?: string; body?: unknown; forwardedFor?: string; via?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const data = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = request(
      {
        host: opts.via ?? '127.0.0.1',
        port: s.port,
        path,
        method: opts.method ?? 'GET',
        headers: { host: opts.host, ...(opts.origin ? { origin: opts.origin } : {}), ...(opts.forwardedFor ? { 'x-forwarded-for': opts.forwardedFor } : {}), ...(data ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const processed = () => (served.app!.db.prepare('SELECT count(*) AS n FROM processed_events').get() as { n: number }).n;

describe('web chat: only for this machine\'s own host names (DNS rebinding)', () => {
  it('answers under localhost, *.localhost, 127.x.x.x and [::1], with any port', async () => {
    const s = await start();
    for (const host of [`localhost:${s.port}`, 'chat.localhost:8080', `127.0.0.1:${s.port}`, '127.1.2.3', `[::1]:${s.port}`, 'LOCALHOST']) {
      const page = await call(s, '/', { host });
      expect(page.status, host).toBe(200);
      const people = await call(s, '/web/people', { host });
      expect(people.status, host).toBe(200);
      expect(people.body).toContain('anna.muster@example.com');
    }
  });

  it('refuses another host name with 403 naming the allowed hosts, and hands out nothing', async () => {
    const s = await start();
    for (const host of [`attacker.example:${s.port}`, 'localhost.attacker.example', '127.0.0.1.nip.io']) {
      for (const path of ['/', '/web/people', '/web/inbox?as=anna.muster%40example.com']) {
        const r = await call(s, path, { host });
        expect(r.status, `${host} ${path}`).toBe(403);
        expect(r.body).not.toContain('anna.muster');
        const j = JSON.parse(r.body) as { error: string };
        expect(j.error).toMatch(/localhost.*127\.x\.x\.x.*\[::1\]/);
      }
    }
    const post = await call(s, '/web/message', { host: `attacker.example:${s.port}`, method: 'POST', body: { as: 'anna.muster@example.com', text: 'help', eventId: 'rebind-1' } });
    expect(post.status).toBe(403);
    expect(processed()).toBe(0);
  });

  it('answers under ITBOT_HOST when it names this machine', async () => {
    const s = await start({ ITBOT_HOST: 'itbot.internal' });
    expect((await call(s, '/web/people', { host: `itbot.internal:${s.port}` })).status).toBe(200);
    const other = await call(s, '/web/people', { host: 'other.internal' });
    expect(other.status).toBe(403);
    expect(other.body).toContain('itbot.internal');
  });

  it('refuses a POST whose Origin is another site, even with a loopback Host', async () => {
    const s = await start();
    const host = `127.0.0.1:${s.port}`;
    for (const origin of ['https://attacker.example', 'null', 'http://localhost.attacker.example']) {
      const r = await call(s, '/web/message', { host, origin, method: 'POST', body: { as: 'anna.muster@example.com', text: 'help', eventId: `o-${origin}` } });
      expect(r.status, origin).toBe(403);
      expect(JSON.parse(r.body).error).toContain(origin);
      const a = await call(s, '/web/action', { host, origin, method: 'POST', body: { as: 'anna.muster@example.com', action: { id: 'core.help' }, eventId: `a-${origin}` } });
      expect(a.status, origin).toBe(403);
    }
    expect(processed()).toBe(0);
    // its own page's requests (same origin) and requests without an Origin go through
    const own = await call(s, '/web/message', { host, origin: `http://${host}`, method: 'POST', body: { as: 'anna.muster@example.com', text: 'help', eventId: 'own-1' } });
    expect(own.status).toBe(200);
    const none = await call(s, '/web/message', { host, method: 'POST', body: { as: 'anna.muster@example.com', text: 'help', eventId: 'own-2' } });
    expect(none.status).toBe(200);
    expect(processed()).toBe(2);
  });

  it('sends the chat page with a Content-Security-Policy that lets only its own script run, and no framing', async () => {
    const s = await start();
    const r = await call(s, '/', { host: `localhost:${s.port}` });
    expect(r.headers['x-frame-options']).toBe('DENY');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    // the hash of the script of the page as served (not of the source the server hashes itself)
    const scripts = [...r.body.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    const script = scripts[0]!;
    expect(script.length).toBeGreaterThan(0);
    expect(csp).toContain(`script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'`);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});

describe('web chat behind a trusted reverse proxy (ITBOT_TRUST_PROXY)', () => {
  it('refuses a caller the proxy names as another machine, and answers one on this machine', async () => {
    const s = await start({ ITBOT_TRUST_PROXY: 'loopback' });
    const host = `localhost:${s.port}`;
    const remote = { host, forwardedFor: '203.0.113.9' };
    expect((await call(s, '/', remote)).status).toBe(403);
    expect((await call(s, '/web/people', remote)).status).toBe(403);
    const said = await call(s, '/web/message', { ...remote, method: 'POST', body: { as: 'anna.muster@example.com', text: 'help' } });
    expect(said.status).toBe(403);
    expect(processed()).toBe(0);
    for (const local of [{ host, forwardedFor: '127.0.0.1' }, { host }]) {
      expect((await call(s, '/', local)).status).toBe(200);
      expect((await call(s, '/web/people', local)).status).toBe(200);
    }
  });

  it.skipIf(!externalAddress())('refuses a caller from another machine that names itself loopback in X-Forwarded-For, whatever proxies are trusted', async () => {
    const addr = externalAddress()!;
    for (const trust of ['true', '1', 'loopback']) {
      const s = await start({ ITBOT_TRUST_PROXY: trust }, addr);
      const res = await call(s, '/web/people', { host: `localhost:${s.port}`, forwardedFor: '127.0.0.1', via: addr });
      expect(res.status, trust).toBe(403);
      await served.stop();
    }
  });

  it('without the setting, X-Forwarded-For is not read', async () => {
    const s = await start();
    expect((await call(s, '/web/people', { host: `localhost:${s.port}`, forwardedFor: '203.0.113.9' })).status).toBe(200);
  });
});
