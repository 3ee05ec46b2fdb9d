import { createHash, timingSafeEqual } from 'node:crypto';

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
