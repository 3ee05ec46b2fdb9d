import { createHmac, randomBytes } from 'node:crypto';
import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import { parseLocale } from '../../../src/i18n/index.ts';
import { FailureThrottle } from '../../../src/failure-throttle.ts';
import { safeEqual } from '../../../src/secret.ts';
import { AdminSessionStore, type AdminSession } from '../../../src/store/admin-session-repo.ts';

export const SESSION_COOKIE = 'itbot_admin';
export const LOGIN_COOKIE = 'itbot_admin_login';
export const LANG_COOKIE = 'itbot_admin_lang';
/** A session lasts a working day; then the admin logs in again. */
export const SESSION_MS = 8 * 3600_000;
/** Brute-force throttling: this many failures per address within the window lock it out. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
/** ... and this many failures from all addresses together lock everyone out (a spread-out attack). */
const MAX_GLOBAL_FAILURES = 50;

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    const v = part.slice(i + 1).trim();
    if (k && !(k in out)) {
      try {
        out[k] = decodeURIComponent(v);
      } catch {
        out[k] = v;
      }
    }
  }
  return out;
}

/** Compares two secrets in constant time (the one function for it, shared with the calendar feed). */
export { safeEqual };

function b64mac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

interface SessionInfo {
  id: string;
  session: AdminSession;
}

/**
 * Login, sessions, CSRF tokens and throttling for the admin pages. The signing key is
 * HMAC-SHA256(per-database secret, ITBOT_ADMIN_TOKEN): changing the token logs everybody out,
 * and a cookie from one installation is worthless on another.
 */
export class AdminAuth {
  readonly store: AdminSessionStore;
  private readonly throttle: FailureThrottle;
  private keyCache: { token: string; key: Buffer } | null = null;

  constructor(private readonly app: App) {
    this.store = new AdminSessionStore(app.db);
    this.throttle = new FailureThrottle(app.clock, { perAddress: MAX_FAILURES, windowMs: FAILURE_WINDOW_MS, overall: MAX_GLOBAL_FAILURES });
  }

  get token(): string | undefined {
    return this.app.config.ITBOT_ADMIN_TOKEN;
  }

  private key(): Buffer {
    const token = this.token;
    if (!token) throw new Error('no admin token');
    if (this.keyCache?.token !== token) {
      const secret = this.store.secret(this.app.clock.now());
      this.keyCache = { token, key: createHmac('sha256', secret).update(`itbot-admin:${token}`).digest() };
    }
    return this.keyCache.key;
  }

  checkToken(candidate: string): boolean {
    const token = this.token;
    return !!token && safeEqual(candidate, token);
  }

  // ---- throttling ----

  /** Milliseconds until this address may try again, 0 when it may now. */
  lockedFor(ip: string): number {
    return this.throttle.lockedFor(ip);
  }

  recordFailure(ip: string): void {
    this.throttle.recordFailure(ip);
  }

  recordSuccess(ip: string): void {
    this.throttle.recordSuccess(ip);
  }

  // ---- sessions ----

  /** Starts a session; returns the cookie value. A fresh id every time (no session fixation). */
  startSession(): string {
    const now = this.app.clock.now();
    const id = randomBytes(32).toString('base64url');
    this.store.create(id, randomBytes(24).toString('base64url'), now, new Date(now.getTime() + SESSION_MS));
    return `${id}.${b64mac(this.key(), `session:${id}`)}`;
  }

  /** The session behind a cookie value: the signature must match and the session must be live. */
  session(cookie: string | undefined): SessionInfo | null {
    if (!cookie || !this.token) return null;
    const dot = cookie.lastIndexOf('.');
    if (dot <= 0) return null;
    const id = cookie.slice(0, dot);
    const sig = cookie.slice(dot + 1);
    if (!safeEqual(sig, b64mac(this.key(), `session:${id}`))) return null;
    const session = this.store.get(id, this.app.clock.now());
    return session ? { id, session } : null;
  }

  endSession(id: string): void {
    this.store.delete(id);
  }

  /** A token for the login form, bound to a random nonce in a short-lived cookie (login CSRF). */
  loginNonce(): { nonce: string; formToken: string } {
    const nonce = randomBytes(18).toString('base64url');
    return { nonce, formToken: b64mac(this.key(), `login:${nonce}`) };
  }

  checkLoginForm(nonce: string | undefined, formToken: unknown): boolean {
    if (!nonce || typeof formToken !== 'string' || !this.token) return false;
    return safeEqual(formToken, b64mac(this.key(), `login:${nonce}`));
  }

  /** Cookie attributes: HttpOnly, SameSite=Strict, Path=/admin; Secure behind https. */
  cookie(req: express.Request, name: string, value: string, maxAgeMs: number): string {
    const secure = req.secure || /^https:/i.test(this.app.config.ITBOT_PUBLIC_URL ?? '');
    return `${name}=${encodeURIComponent(value)}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secure ? '; Secure' : ''}`;
  }
}

/** The page language: ?lang=, then the admin's earlier choice (cookie), then Accept-Language, then ITBOT_LANG. */
export function requestLang(app: App, req: express.Request): { lang: Lang; chosen: Lang | null } {
  const q = typeof req.query.lang === 'string' && (req.query.lang === 'de' || req.query.lang === 'en') ? (req.query.lang as Lang) : null;
  if (q) return { lang: q, chosen: q };
  const c = parseCookies(req.headers.cookie)[LANG_COOKIE];
  if (c === 'de' || c === 'en') return { lang: c, chosen: null };
  for (const part of (req.headers['accept-language'] ?? '').split(',')) {
    const l = parseLocale(part.split(';')[0]!.trim());
    if (l) return { lang: l, chosen: null };
  }
  return { lang: app.config.ITBOT_LANG, chosen: null };
}
