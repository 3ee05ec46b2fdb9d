/**
 * The longest a platform's Retry-After is waited out: one that asks for more (a misconfigured
 * proxy, a broken header) is taken as this long, so a queued message is neither parked for years
 * nor given a time past what a date can hold.
 */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** A wait a platform asked for, in ms, as the outbox keeps it: 0 to MAX_RETRY_AFTER_MS; undefined when it is no number. */
export function boundRetryAfter(ms: number | undefined): number | undefined {
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/** Retry-After as milliseconds: delta seconds or an HTTP date (relative to `nowMs`), at most MAX_RETRY_AFTER_MS. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return boundRetryAfter(Math.round(Number(v) * 1000));
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : boundRetryAfter(at - nowMs);
}
