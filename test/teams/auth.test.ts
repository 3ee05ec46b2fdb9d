import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopback, loopbackGuard } from '../../adapters/teams/auth.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';

/** a non-loopback IPv4 address of this machine, when it has one */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address;
  }
  return undefined;
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
    guard({ socket: { remoteAddress: '127.0.0.1' } } as never, fakeRes() as never, () => passed++);
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

  it('with credentials, an unsigned request is rejected with 401 and reaches no turn', async () => {
    r = await rig({ env: { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555', MICROSOFT_APP_PASSWORD: 'secret', MICROSOFT_APP_TENANT_ID: '66666666-7777-8888-9999-000000000000' } });
    const orig = console.error;
    console.error = () => undefined; // botbuilder logs the rejected request
    try {
      const res = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }));
      expect(res.status).toBe(401);
      const forged = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help' }), { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.' });
      expect(forged.status).toBe(401);
    } finally {
      console.error = orig;
    }
    expect(r.connector.calls).toHaveLength(0);
  });
});
