import { importPlan } from '../../src/plan/import.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { importDepartments, importPeople } from '../../src/people/import.ts';

export const TOKEN = 'test-admin-token-0123456789';

/** A cookie jar for fetch: remembers Set-Cookie values (Max-Age=0 deletes). */
export class Jar {
  cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface Client {
  jar: Jar;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>;
}

export function client(server: RunningServer): Client {
  const jar = new Jar();
  const go = async (path: string, init: RequestInit) => {
    const res = await fetch(server.url + path, { redirect: 'manual', ...init, headers: { cookie: jar.header(), ...(init.headers as Record<string, string>) } });
    jar.take(res);
    return res;
  };
  return {
    jar,
    get: (path, headers = {}) => go(path, { headers: { accept: 'text/html', ...headers } }),
    post: (path, form, headers = {}) =>
      go(path, { method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers } }),
  };
}

export function field(htmlText: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(htmlText);
  if (!m) throw new Error(`no field ${name} in page`);
  return m[1]!;
}

/** Logs the client in with the token; returns the session's CSRF token. */
export async function login(c: Client, token = TOKEN): Promise<{ res: Response; csrf: string | null }> {
  const page = await (await c.get('/admin/login')).text();
  const res = await c.post('/admin/login', { _csrf: field(page, '_csrf'), token });
  if (res.status !== 303) return { res, csrf: null };
  const plan = await (await c.get('/admin/health')).text();
  return { res, csrf: field(plan, '_csrf') };
}

export async function adminServer(opts: { token?: string | null; now?: string; env?: Record<string, string> } = {}): Promise<{ app: TestApp; server: RunningServer }> {
  const env: Record<string, string> = { ITBOT_LANG: 'en', ...opts.env };
  if (opts.token !== null) env.ITBOT_ADMIN_TOKEN = opts.token ?? TOKEN;
  const app = testApp({ env, now: opts.now });
  const server = await startServer(app, { port: 0, host: '127.0.0.1', background: false });
  return { app, server };
}

/** An admin server with the demo directory (people and departments; `people: false` for none) and a client logged in. */
export async function loggedInAdmin(opts: { now?: string; people?: boolean } = {}): Promise<{ app: TestApp; server: RunningServer; c: Client }> {
  const { app, server } = await adminServer({ now: opts.now });
  if (opts.people !== false) {
    importPeople(app, 'data/people.csv');
    importDepartments(app, 'data/departments.csv');
  }
  const c = client(server);
  await login(c);
  return { app, server, c };
}

/**
 * An admin server on 2027-04-20 with the demo people and test/admin/fixtures/plan.yaml, imported
 * before the year starts (every occurrence counts), and a logged-in client with its CSRF token.
 */
export async function planAdmin(): Promise<{ app: TestApp; server: RunningServer; c: Client; csrf: string }> {
  // 2027-04-20: January's events are long past, April's info meeting (6th) too
  const { app, server } = await adminServer({ now: '2027-04-20T08:00:00Z' });
  app.clock.set('2026-12-01T08:00:00Z');
  importPeople(app, 'data/people.csv');
  importPlan(app, 'test/admin/fixtures/plan.yaml');
  app.clock.set('2027-04-20T08:00:00Z');
  const c = client(server);
  const csrf = (await login(c)).csrf!;
  return { app, server, c, csrf };
}
