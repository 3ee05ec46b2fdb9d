import pino from 'pino';
import { loadConfig } from '../../src/config.ts';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { loopbackGuard } from '../../adapters/teams/auth.ts';
import { isLoopback } from '../../adapters/local-host.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';
import { cli } from '../doubles/cli.ts';

/** a non-loopback IPv4 address of this machine, when it has one */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return undefined;
}

/** A logger that keeps each JSON line it writes, parsed. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  return { lines, log: pino({ level: 'debug' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) }) };
}

function fakeRes() {
  const res = { statusCode: 0, body: undefined as unknown, status(n: number) { res.statusCode = n; return res; }, json(b: unknown) { res.body = b; return res; } };
  return res;
}

describe('Teams endpoint authentication', () => {
  let r: Rig | null = null;
  afterEach(async () => {
    await r?.close();
    r = null;
  });

  it('the guard lets loopback through and refuses other callers without credentials', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('::ffff:127.0.0.1')).toBe(true);
    expect(isLoopback('10.1.2.3')).toBe(false);
    expect(isLoopback('::ffff:192.0.2.7')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
    const guard = loopbackGuard(false);
    let passed = 0;
    const res = fakeRes();
    guard({ socket: { remoteAddress: '203.0.113.9' } } as never, res as never, () => passed++);
    expect(passed).toBe(0);
    expect(res.statusCode).toBe(403);
    guard({ socket: { remoteAddress: '127.0.0.1' }, headers: { host: 'localhost:3978' } } as never, fakeRes() as never, () => passed++);
    expect(passed).toBe(1);
    // with credentials, botbuilder checks the token for everyone
    loopbackGuard(true)({ socket: { remoteAddress: '203.0.113.9' } } as never, fakeRes() as never, () => passed++);
    expect(passed).toBe(2);
  });

  it.skipIf(!externalAddress())('without credentials, a request from a non-loopback address gets 403 and reaches no turn', async () => {
    const addr = externalAddress()!;
    r = await rig({ host: addr });
    const url = `http://${addr}:${r.server.port}`;
    const res = await postActivity(url, teamsActivity(r.connector.url, { text: 'help' }));
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).toContain('MICROSOFT_APP_ID');
    expect(r.connector.calls).toHaveLength(0);
  });

  it('without credentials, a loopback request for a foreign host name (DNS rebinding) or from another site\'s page gets 403, logged as one warning line, and reaches no turn', async () => {
    const { lines, log } = capturedLog();
    r = await rig({ log });
    const activity = teamsActivity(r.connector.url, { text: 'help' });
    const port = r.server.port;
    for (const headers of <Array<Record<string, string>>>[
      { host: `attacker.example:${port}` },
      { host: 'attacker.example' },
      { host: `localhost:${port}`, origin: `http://attacker.example:${port}` },
      { host: `localhost:${port}`, origin: 'null' },
    ]) {
      const before = lines.length;
      const res = await rawPost(port, activity, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      const { error } = JSON.parse(res.body) as { error: string };
      expect(error).toMatch(/host names|origin/);
      // (the operator sees in the log why a caller gets no answer)
      expect(lines.slice(before).filter((l) => l.level === 40).map((l) => l.error)).toEqual([error]);
    }
    expect(r.connector.calls).toHaveLength(0);
    expect((r.app.db.prepare('SELECT count(*) AS n FROM conversation_refs').get() as { n: number }).n).toBe(0);
    // the playground's own requests (to localhost, 127.0.0.1 or [::1], no Origin or a local one) go on working
    for (const headers of <Array<Record<string, string>>>[{ host: `localhost:${port}` }, { host: `127.0.0.1:${port}` }, { host: `[::1]:${port}` }, { host: `localhost:${port}`, origin: 'http://localhost:56150' }]) {
      const res = await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('without credentials, behind a trusted reverse proxy (ITBOT_TRUST_PROXY), a caller the proxy names as another machine gets 403 and reaches no turn', async () => {
    r = await rig({ env: { ITBOT_TRUST_PROXY: 'loopback' } });
    const port = r.server.port;
    expectRefusedAsRemote(r, await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), { host: `localhost:${port}`, 'x-forwarded-for': '203.0.113.9' }));
    // a caller on this machine, through the proxy or not, goes on working
    for (const headers of <Array<Record<string, string>>>[{ host: `localhost:${port}`, 'x-forwarded-for': '127.0.0.1' }, { host: `localhost:${port}` }]) {
      const res = await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), headers);
      expect(res.status, JSON.stringify(headers)).toBe(200);
    }
  });

  it('without credentials, behind a proxy on this machine that every hop is trusted for (ITBOT_TRUST_PROXY=true), a remote caller that wrote 127.0.0.1 into X-Forwarded-For itself gets 403', async () => {
    r = await rig({ env: { ITBOT_TRUST_PROXY: 'true' } });
    const port = r.server.port;
    // (the proxy appends the address it saw to the header the caller sent: the first entry is the caller's own word)
    expectRefusedAsRemote(r, await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), { host: `localhost:${port}`, 'x-forwarded-for': '127.0.0.1, 203.0.113.9' }));
    const local = await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), { host: `localhost:${port}`, 'x-forwarded-for': '127.0.0.1, ::1' });
    expect(local.status).toBe(200);
  });

  it.skipIf(!externalAddress())('without credentials, a caller from another machine stays refused when it names itself loopback in X-Forwarded-For, whatever proxies are trusted', async () => {
    const addr = externalAddress()!;
    for (const trust of ['true', '1', 'loopback']) {
      r = await rig({ host: addr, env: { ITBOT_TRUST_PROXY: trust } });
      const res = await rawPostTo(addr, r.server.port, teamsActivity(r.connector.url, { text: 'help' }), { host: `localhost:${r.server.port}`, 'x-forwarded-for': '127.0.0.1' });
      expect(res.status, trust).toBe(403);
      expect(r.connector.calls).toHaveLength(0);
      await r.close();
      r = null;
    }
  });

  it('without credentials and without ITBOT_TRUST_PROXY, X-Forwarded-For is not read: it can neither open nor close the endpoint', async () => {
    r = await rig();
    const port = r.server.port;
    const res = await rawPost(port, teamsActivity(r.connector.url, { text: 'help' }), { host: `localhost:${port}`, 'x-forwarded-for': '203.0.113.9' });
    expect(res.status).toBe(200);
  });

  it('with credentials, an unsigned request is rejected with 401, logged as a warning, and reaches no turn', async () => {
    const { lines, log } = capturedLog();
    r = await rig({ log, env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: '66666666-7777-8888-9999-000000000000' } });
    const orig = console.error;
    console.error = () => undefined; // botbuilder logs the rejected request
    try {
      const res = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }));
      expect(res.status).toBe(401);
      expect(lines.filter((l) => l.level === 40 && l.status === 401)).toHaveLength(1);
      const forged = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
      // the scheme is case-insensitive: a lowercase "bearer" token goes to the token check too (and fails there)
      const lower = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }), { authorization: 'bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(lower.status).toBe(401);
      expect(JSON.stringify(lower.body)).toContain('the token could not be verified');
      expect(JSON.stringify(forged.body)).toContain('the token could not be verified');
    } finally {
      console.error = orig;
    }
    expect(r.connector.calls).toHaveLength(0);
  });

  it('with only an app id and password (no tenant), the bot starts as a multi-tenant app and still refuses unsigned requests', async () => {
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b' }).MICROSOFT_APP_TYPE).toBe('MultiTenant');
    expect(loadConfig({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'b', MICROSOFT_APP_TENANT_ID: 't' }).MICROSOFT_APP_TYPE).toBe('SingleTenant');
    r = await rig({ env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'secret' } });
    const orig = console.error;
    console.error = () => undefined;
    try {
      expect((await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }))).status).toBe(401);
      // an unsigned token that names the Bot Framework as issuer: botbuilder fetches its signing keys, which this
      // machine cannot reach; the request is not authorized either way (not a 500 with the fetch error)
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: '11111111-2222-3333-4444-555555555555' })}.`;
      const res = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }), { authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toMatch(/getaddrinfo|botframework\.com/);
    } finally {
      console.error = orig;
    }
    expect(r.connector.calls).toHaveLength(0);
  });

  it('a body that is no activity gets 400 naming the field, logged as one warning line each, and nothing is called', async () => {
    const { lines, log } = capturedLog();
    r = await rig({ log });
    const post = (body: string, type = 'application/json') => fetch(r!.server.url + '/api/messages', { method: 'POST', headers: { 'content-type': type }, body });
    const good = teamsActivity(r.connector.url, { text: 'help' }) as Record<string, unknown>;
    for (const [body, field, type] of [
      ['{}', /^type: /, undefined],
      ['[]', /^body: /, undefined],
      ['hello', /^body: /, 'text/plain'],
      [JSON.stringify({ ...good, serviceUrl: null }), /^serviceUrl: /, undefined],
      [JSON.stringify({ ...good, conversation: undefined }), /^conversation\.id: /, undefined],
    ] as Array<[string, RegExp, string | undefined]>) {
      const before = lines.length;
      const res = await post(body, type);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: string };
      expect(error).toMatch(field);
      // (an operator finds the refused request in the log, as every other 4xx of the server)
      expect(lines.slice(before).filter((l) => l.level === 40).map((l) => l.error)).toEqual([error]);
    }
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(r.connector.calls).toHaveLength(0);
  });

  it('a body that is not JSON gets 400 naming the body, logged as one warning line without a stack', async () => {
    const { lines, log } = capturedLog();
    r = await rig({ log });
    const post = (body: string) => fetch(r!.server.url + '/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    for (const body of ['{"type":', 'null', '"hi"', '{"type": "message",}']) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/^body: /);
    }
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    const warned = lines.filter((l) => l.level === 40);
    expect(warned.length).toBeGreaterThanOrEqual(2);
    for (const w of warned) {
      expect(w.err).toBeUndefined();
      expect(JSON.stringify(w)).not.toMatch(/stack|\\n\s+at /);
    }
    expect(r.connector.calls).toHaveLength(0);
  });

  it('with credentials, a forged token is refused with 401 before its body is read, however large', async () => {
    r = await rig({ env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: '66666666-7777-8888-9999-000000000000' } });
    const orig = console.error;
    console.error = () => undefined;
    try {
      const big = JSON.stringify({ ...teamsActivity(r.connector.url, { text: 'help' }), pad: 'x'.repeat(2_000_000) });
      for (const authorization of ['Bearer a.b.c', 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.']) {
        const res = await fetch(r.server.url + '/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: big });
        expect(res.status).toBe(401);
        expect(((await res.json()) as { error: string }).error).toContain('the token could not be verified');
      }
    } finally {
      console.error = orig;
    }
    expect(r.connector.calls).toHaveLength(0);
  });

  it('half the credentials refuse to start, naming the missing setting (exit 2), instead of running unauthenticated', async () => {
    expect(() => loadConfig({ MICROSOFT_APP_PASSWORD: 'secret' })).toThrow(/^configuration: MICROSOFT_APP_ID: required with MICROSOFT_APP_PASSWORD/);
    expect(() => loadConfig({ MICROSOFT_APP_ID: 'id' })).toThrow(/^configuration: MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID/);
    const res = await cli(['serve', '--port', '0'], { MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_ID: undefined });
    expect(res.code).toBe(2);
    expect(res.err.trim().split('\n')).toHaveLength(1);
    expect(res.err).toMatch(/MICROSOFT_APP_ID: required with MICROSOFT_APP_PASSWORD/);
  });

  it('GET /api/messages gets 405 in JSON', async () => {
    r = await rig();
    const res = await fetch(r.server.url + '/api/messages');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: string }).error).toMatch(/POST/);
  });
});

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A request refused as from another machine: 403 naming the loopback-only rule, and no turn reached the connector. */
function expectRefusedAsRemote(r: Rig, res: { status: number; body: string }): void {
  expect(res.status).toBe(403);
  expect(JSON.parse(res.body).error).toMatch(/loopback callers only/);
  expect(r.connector.calls).toHaveLength(0);
}

/** A POST to the loopback server with the Host (and Origin) a browser page would send. */
function rawPost(port: number, activity: unknown, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return rawPostTo('127.0.0.1', port, activity, headers);
}

function rawPostTo(host: string, port: number, activity: unknown, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(
      { host, port, path: '/api/messages', method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
