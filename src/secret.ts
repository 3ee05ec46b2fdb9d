import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { App } from './app-types.ts';
import { AdminSessionStore } from './store/admin-session-repo.ts';

/**
 * Compares two secrets (a token, a CSRF value, a signature) in constant time: both sides are
 * hashed first, so the lengths are equal for `timingSafeEqual` and a wrong length does not
 * answer sooner. The one comparison of the admin pages, the calendar feed and the survey chart links.
 */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/**
 * A key for one use (`purpose`), derived (HKDF) from the database's own random secret: every
 * server and every `itbot` command on the database has it, and it tells nothing of the secret,
 * of ITBOT_ADMIN_TOKEN or of another use's key (the survey chart links, the catalog's votes).
 */
export function databaseKey(app: App, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', new AdminSessionStore(app.db).secret(app.clock.now()), '', purpose, 32));
}

/** An HMAC-SHA256 signature of `message`, 32 hex digits: the one form of the links and buttons the bot signs. */
export function signature(key: string | Buffer, message: string): string {
  return createHmac('sha256', key).update(message).digest('hex').slice(0, 32);
}
