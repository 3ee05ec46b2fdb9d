import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { safeEqual } from '../../src/secret.ts';
import { safeEqual as adminSafeEqual } from '../../adapters/web/admin/auth.ts';

// The calendar feed's token and the admin pages' secrets are compared by one constant-time
// function, so a change to how secrets are compared reaches both.

describe('comparing secrets', () => {
  it('is one function for the admin pages and the calendar feed', () => {
    expect(adminSafeEqual).toBe(safeEqual);
    const feed = readFileSync(new URL('../../src/plan/http.ts', import.meta.url), 'utf8');
    expect(feed).toMatch(/import \{ safeEqual \} from '\.\.\/secret\.ts'/);
    expect(feed).not.toMatch(/timingSafeEqual|createHash/);
  });

  it('tells equal from different secrets, whatever their lengths', () => {
    expect(safeEqual('s3cret-token', 's3cret-token')).toBe(true);
    expect(safeEqual('s3cret-token', 's3cret-tokeN')).toBe(false);
    expect(safeEqual('s3cret', 's3cret-token')).toBe(false);
    expect(safeEqual('', 's3cret')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});
