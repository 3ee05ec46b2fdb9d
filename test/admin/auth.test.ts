import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { createHmac } from 'node:crypto';
import { startServer, type RunningServer } from '../../src/server.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { AdminAuth } from '../../adapters/web/admin/auth.ts';
import { enqueue } from '../../src/jobs/outbox.ts';
import { adminServer, client, field, login, TOKEN } from './helpers.ts';

let app: TestApp;
let server: RunningServer;

afterEach(async () => {
  await server?.close();
  app?.cleanup();
});

function deadMessage(key: string, kind: string, email: string): number {
  const { id } = enqueue(app.db, app.clock.now(), { key, kind, target: { kind: 'person', email }, message: { text: 'x' } });
  app.db.prepare(`UPDATE outbox SET state = 'dead', last_error = ? WHERE id = ?`).run(`no platform reaches ${email}`, id);
  return id!;
}

describe('ITBOT_TRUST_PROXY=true', () => {
  it('warns at the start that every hop is trusted; a named proxy gives no warning', async () => {
    for (const [value, warned] of [['true', true], ['loopback', false]] as const) {
      app = testApp({ env: { ITBOT_TRUST_PROXY: value } });
      const warn = vi.spyOn(app.log, 'warn');
      server = await startServer(app, { port: 0, host: '127.0.0.1', background: false });
      expect(warn.mock.calls.some((c) => String(c[0]).includes('ITBOT_TRUST_PROXY=true')), value).toBe(warned);
      warn.mockRestore();
      await server.close();
      app.cleanup();
    }
  });
});

describe('admin login behind a trusted reverse proxy (ITBOT_TRUST_PROXY)', () => {
  beforeEach(async () => ({ app, server } = await adminServer({ env: { ITBOT_TRUST_PROXY: 'loopback' } })));

  async function tryLogin(c: ReturnType<typeof client>, token: string, forwardedFor: string): Promise<number> {
    const page = await (await c.get('/admin/login', { 'x-forwarded-for': forwardedFor })).text();
    return (await c.post('/admin/login', { _csrf: field(page, '_csrf'), token }, { 'x-forwarded-for': forwardedFor })).status;
  }

  it('throttles the client named by the proxy: one guesser is locked out, everyone else still logs in', async () => {
    const attacker = client(server);
    for (let i = 0; i < 5; i++) expect(await tryLogin(attacker, `guess-${i}`, '203.0.113.5')).toBe(401);
    expect(await tryLogin(attacker, TOKEN, '203.0.113.5')).toBe(429);
    // the address the proxy appends last is the one that counts, not what the client put before it
    expect(await tryLogin(client(server), TOKEN, '198.51.100.7, 203.0.113.5')).toBe(429);
    const colleague = client(server);
    expect(await tryLogin(colleague, TOKEN, '198.51.100.7')).toBe(303);
    expect(colleague.jar.cookies.has('itbot_admin')).toBe(true);
  });
});

describe('admin access without ITBOT_ADMIN_TOKEN', () => {
  beforeEach(async () => ({ app, server } = await adminServer({ token: null })));

  it('says how to set the token and refuses every login', async () => {
    const c = client(server);
    const page = await c.get('/admin/login');
    expect(page.status).toBe(503);
    const text = await page.text();
    expect(text).toContain('ITBOT_ADMIN_TOKEN');
    expect(text).not.toContain('name="token"');
    const post = await c.post('/admin/login', { token: '' });
    expect(post.status).toBe(503);
    expect(c.jar.cookies.has('itbot_admin')).toBe(false);
  });

  it('answers every other admin URL with the same 503 and explanation, never "not logged in"', async () => {
    const c = client(server);
    for (const p of ['/admin/', '/admin/plan', '/admin/surveys', '/admin/catalog', '/admin/health', '/admin/newsletter', '/admin/no-such-page']) {
      const r = await c.get(p);
      expect(r.status, p).toBe(503);
      const text = await r.text();
      expect(text, p).toContain('ITBOT_ADMIN_TOKEN');
      expect(text, p).not.toContain('name="token"');
    }
    const api = await fetch(server.url + '/admin/health', { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(api.status).toBe(503);
    expect(((await api.json()) as { error: string }).error).toMatch(/no admin token is set.*ITBOT_ADMIN_TOKEN/);
    const post = await c.post('/admin/health/retry', { _csrf: 'x', id: '1' });
    expect(post.status).toBe(503);
    expect(c.jar.cookies.has('itbot_admin')).toBe(false);
  });
});

describe('admin access', () => {
  beforeEach(async () => ({ app, server } = await adminServer()));

  it('without a session: pages redirect to the login, other requests get 401', async () => {
    const c = client(server);
    for (const p of ['/admin/', '/admin/plan', '/admin/surveys', '/admin/catalog', '/admin/health']) {
      const r = await c.get(p);
      expect(r.status, p).toBe(303);
      expect(r.headers.get('location')).toMatch(/^\/admin\/login\?next=/);
    }
    const api = await fetch(server.url + '/admin/health', { headers: { accept: 'application/json' }, redirect: 'manual' });
    expect(api.status).toBe(401);
    const post = await c.post('/admin/health/retry', { id: '1' });
    expect(post.status).toBe(401);
  });

  it('logs in with the token: a signed HttpOnly SameSite=Strict cookie on /admin with an expiry', async () => {
    const c = client(server);
    const page = await (await c.get('/admin/login')).text();
    const res = await c.post('/admin/login', { _csrf: field(page, '_csrf'), token: TOKEN, next: '/admin/health' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/health');
    const set = res.headers.getSetCookie().find((s) => s.startsWith('itbot_admin='))!;
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\/admin/);
    expect(set).toMatch(/Max-Age=28800/);
    const health = await c.get('/admin/health');
    expect(health.status).toBe(200);
    expect(await health.text()).toContain('Outbox by state');
  });

  it('refuses a wrong token, an open redirect and a login post without its form token', async () => {
    const c = client(server);
    const page = await (await c.get('/admin/login')).text();
    const wrong = await c.post('/admin/login', { _csrf: field(page, '_csrf'), token: TOKEN + 'x' });
    expect(wrong.status).toBe(401);
    expect(c.jar.cookies.has('itbot_admin')).toBe(false);
    const noForm = await c.post('/admin/login', { token: TOKEN });
    expect(noForm.status).toBe(403);
    const page2 = await (await c.get('/admin/login')).text();
    const evil = await c.post('/admin/login', { _csrf: field(page2, '_csrf'), token: TOKEN, next: '//evil.example/admin/' });
    expect(evil.headers.get('location')).toBe('/admin/plan');
  });

  it('refuses forged cookies: made-up, tampered, signed with another key', async () => {
    const c = client(server);
    const { csrf } = await login(c);
    expect(csrf).toBeTruthy();
    const real = c.jar.cookies.get('itbot_admin')!;
    const [id, sig] = decodeURIComponent(real).split('.');
    // (a first character that differs from the real one: the id and signature are random, so either may begin with "A")
    const other = (x: string) => (x[0] === 'A' ? 'B' : 'A') + x.slice(1);
    const forged = [
      'admin',
      'x'.repeat(43) + '.' + 'y'.repeat(43),
      // the real id with a tampered signature
      `${id}.${other(sig!)}`,
      // another id with the real signature
      `${other(id!)}.${sig}`,
      // the right shape, signed with the token alone (no per-database secret)
      `${id}.${createHmac('sha256', TOKEN).update(`session:${id}`).digest('base64url')}`,
    ];
    for (const f of forged) {
      const r = await fetch(server.url + '/admin/health', { headers: { cookie: `itbot_admin=${encodeURIComponent(f)}`, accept: 'text/html' }, redirect: 'manual' });
      expect(r.status, f).toBe(303);
    }
    const ok = await fetch(server.url + '/admin/health', { headers: { cookie: `itbot_admin=${real}`, accept: 'text/html' }, redirect: 'manual' });
    expect(ok.status).toBe(200);
  });

  it('refuses a form post without the CSRF token (403) and changes nothing; with it the retry works', async () => {
    const id = deadMessage('test:dead:1', 'test', 'anna@alpenfirn.example');
    const c = client(server);
    const { csrf } = await login(c);
    const state = () => (app.db.prepare('SELECT state FROM outbox WHERE id = ?').get(id) as { state: string }).state;
    const none = await c.post('/admin/health/retry', { id: String(id) });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('CSRF');
    const wrong = await c.post('/admin/health/retry', { id: String(id), _csrf: csrf + 'x' });
    expect(wrong.status).toBe(403);
    // another session's token does not fit this session
    const other = client(server);
    const { csrf: otherCsrf } = await login(other);
    expect((await c.post('/admin/health/retry', { id: String(id), _csrf: otherCsrf! })).status).toBe(403);
    expect(state()).toBe('dead');
    const ok = await c.post('/admin/health/retry', { id: String(id), _csrf: csrf!, back: '/admin/health' });
    expect(ok.status).toBe(303);
    expect(state()).toBe('retry');
    const after = await (await c.get('/admin/health')).text();
    expect(after).toContain(`Message ${id} will be sent again.`);
    // the token in the X-CSRF-Token header and no form body at all: an empty form, no server error
    for (const path of ['/admin/health/retry', '/admin/plan/done', '/admin/newsletter/1/decide']) {
      const bare = await fetch(server.url + path, { method: 'POST', redirect: 'manual', headers: { cookie: c.jar.header(), 'x-csrf-token': csrf! } });
      expect(bare.status, path).toBe(303);
    }
  });

  it('throttles guessing: after 5 failures even the right token is refused until the window passes', async () => {
    const c = client(server);
    for (let i = 0; i < 5; i++) {
      const page = await (await c.get('/admin/login')).text();
      expect((await c.post('/admin/login', { _csrf: field(page, '_csrf'), token: `guess-${i}` })).status).toBe(401);
    }
    const page = await (await c.get('/admin/login')).text();
    const locked = await c.post('/admin/login', { _csrf: field(page, '_csrf'), token: TOKEN });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Please try again in 15 minutes.');
    expect(c.jar.cookies.has('itbot_admin')).toBe(false);
    // (the last minute: one minute, not "1 minutes")
    app.clock.advance(14 * 60_000 + 30_000);
    const again = await (await c.get('/admin/login')).text();
    expect(await (await c.post('/admin/login', { _csrf: field(again, '_csrf'), token: TOKEN })).text()).toContain('Please try again in 1 minute.');
    app.clock.advance(31_000);
    expect((await login(c)).res.status).toBe(303);
  });

  it('throttles by the socket\'s address, whatever X-Forwarded-For says, unless a proxy is trusted', async () => {
    // five wrong tokens claiming to come from one address lock out a login claiming another: the header is not read
    const attacker = client(server);
    for (let i = 0; i < 5; i++) {
      const page = await (await attacker.get('/admin/login')).text();
      expect((await attacker.post('/admin/login', { _csrf: field(page, '_csrf'), token: `guess-${i}` }, { 'x-forwarded-for': '203.0.113.5' })).status).toBe(401);
    }
    const other = client(server);
    const page = await (await other.get('/admin/login')).text();
    expect((await other.post('/admin/login', { _csrf: field(page, '_csrf'), token: TOKEN }, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
  });

  it('logout ends the session: the old cookie no longer opens a page', async () => {
    const c = client(server);
    const { csrf } = await login(c);
    const cookie = c.jar.cookies.get('itbot_admin')!;
    expect((await c.post('/admin/logout', { _csrf: csrf! })).status).toBe(303);
    expect(c.jar.cookies.has('itbot_admin')).toBe(false);
    const r = await fetch(server.url + '/admin/health', { headers: { cookie: `itbot_admin=${cookie}`, accept: 'text/html' }, redirect: 'manual' });
    expect(r.status).toBe(303);
  });

  it('a session expires after 8 hours', async () => {
    const c = client(server);
    await login(c);
    expect((await c.get('/admin/health')).status).toBe(200);
    app.clock.advance(8 * 3600_000 + 1);
    expect((await c.get('/admin/health')).status).toBe(303);
  });

  it('the health page hides who a survey message was for, and shows both languages', async () => {
    deadMessage('survey:csat:reminder:P3D:to:secret.person@alpenfirn.example', 'survey-reminder', 'secret.person@alpenfirn.example');
    deadMessage('test:dead:2', 'test', 'visible.person@alpenfirn.example');
    const c = client(server);
    await login(c);
    const en = await (await c.get('/admin/health')).text();
    expect(en).toContain('visible.person@alpenfirn.example');
    expect(en).not.toContain('secret.person');
    expect(en).toContain('survey recipient, hidden');
    expect(en).toMatch(/<td data-adapter="web">connected<\/td>/);
    expect(en).toMatch(/<td data-adapter="slack">not configured<\/td>/);
    // Teams without credentials and without any Teams activity yet: ready, but not connected
    expect(en).toMatch(/<td data-adapter="teams">ready, not connected yet \(waiting for the first message\)<\/td>/);
    const de = await (await c.get('/admin/health?lang=de')).text();
    expect(de).toMatch(/<td data-adapter="teams">bereit, noch nicht verbunden \(wartet auf die erste Nachricht\)<\/td>/);
    expect(de).toContain('Postausgang nach Zustand');
    expect(de).not.toContain('secret.person');
    // the choice sticks (cookie) ...
    expect(await (await c.get('/admin/health')).text()).toContain('Gescheiterte Nachrichten');
    // ... and Accept-Language decides when nothing was chosen
    const fresh = client(server);
    await login(fresh);
    fresh.jar.cookies.delete('itbot_admin_lang');
    expect(await (await fresh.get('/admin/health', { 'accept-language': 'de-CH,de;q=0.9' })).text()).toContain('Betrieb');
  });
});

describe('admin errors are admin pages', () => {
  beforeEach(async () => ({ app, server } = await adminServer()));

  it('a link with a broken %-escape gets an admin page in the admin\'s language, not the server\'s JSON', async () => {
    const c = client(server);
    await login(c);
    for (const path of ['/admin/surveys/%E0%A4%A', '/admin/surveys/x%ZZ/export.csv', '/admin/newsletter/%E0']) {
      const r = await c.get(path);
      expect(r.status, path).toBe(400);
      expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
      const page = await r.text();
      expect(page, path).toContain('This address is not valid: it contains a broken %-encoding.');
      expect(page, path).toContain('id="logout"'); // still the logged-in page, with its navigation
    }
    const de = await (await c.get('/admin/surveys/%E0%A4%A?lang=de')).text();
    expect(de).toContain('Diese Adresse ist ungültig');
    expect(de).toContain('<html lang="de">');
  });

  it('a form too large for the admin pages is an admin page saying so', async () => {
    const c = client(server);
    const { csrf } = await login(c);
    const r = await c.post('/admin/health/retry', { _csrf: csrf!, id: '1', pad: 'x'.repeat(40_000) }, { 'accept-language': 'de' });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await r.text()).toContain('Das Formular ist zu gross; es wurde nichts gespeichert.');
  });

  it('outside the admin pages a broken %-escape or an unknown web chat path is a JSON answer that says so', async () => {
    const chart = await fetch(server.url + '/charts/survey/%E0%A4%A/x.png');
    expect(chart.status).toBe(400);
    expect(await chart.json()).toEqual({ error: 'malformed address: the path has a %-escape that is not valid UTF-8' });
    const web = await fetch(server.url + '/web/%E0%A4%A');
    expect(web.status).toBe(404);
    expect(web.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await web.json()) as { error: string }).error).toMatch(/^the web chat has no GET \/web\//);
  });
});

describe('admin login throttle', () => {
  beforeEach(() => void (server = undefined as never)); // (no server here)
  const addr = (i: number) => `10.0.0.${i}`;

  it('locks an address out after 5 failures in 15 minutes, until the oldest of them leaves the window', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const auth = new AdminAuth(app);
    for (let i = 0; i < 4; i++) {
      auth.recordFailure(addr(1));
      app.clock.advance(60_000);
    }
    expect(auth.lockedFor(addr(1))).toBe(0);
    auth.recordFailure(addr(1));
    expect(auth.lockedFor(addr(1))).toBe(15 * 60_000 - 4 * 60_000);
    expect(auth.lockedFor(addr(2))).toBe(0);
    app.clock.advance(11 * 60_000);
    expect(auth.lockedFor(addr(1))).toBe(0);
  });

  it('a success forgets the address\'s failures', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const auth = new AdminAuth(app);
    for (let i = 0; i < 4; i++) auth.recordFailure(addr(1));
    auth.recordSuccess(addr(1));
    for (let i = 0; i < 4; i++) auth.recordFailure(addr(1));
    expect(auth.lockedFor(addr(1))).toBe(0);
  });

  it('50 failures from all addresses together lock everyone out (a spread-out attack)', () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    const auth = new AdminAuth(app);
    for (let i = 0; i < 49; i++) auth.recordFailure(addr(i));
    expect(auth.lockedFor('10.1.0.1')).toBe(0);
    app.clock.advance(60_000);
    auth.recordFailure(addr(49));
    expect(auth.lockedFor('10.1.0.1')).toBe(14 * 60_000);
    // a success clears only its own address
    auth.recordSuccess(addr(0));
    expect(auth.lockedFor(addr(0))).toBe(14 * 60_000);
    app.clock.advance(14 * 60_000);
    expect(auth.lockedFor('10.1.0.1')).toBe(0);
  });
});
