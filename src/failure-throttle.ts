import type { Clock } from './clock.ts';

interface ThrottleLimits {
  /** This many failures from one address within the window lock that address out ... */
  perAddress: number;
  windowMs: number;
  /** ... and, when set, this many from all addresses together lock everyone out (a spread-out attack). */
  overall?: number;
}

/**
 * Throttles guessing a secret (the admin login, the calendar feed's token): failures are
 * counted per address in a sliding window; an address that reached the limit waits until the
 * oldest failure that counts for it leaves the window. A success forgets the address's failures.
 * Kept in memory: a restart forgets them.
 */
export class FailureThrottle {
  private failures = new Map<string, number[]>();
  private overallFailures: number[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits,
  ) {}

  private recent(list: number[], now: number): number[] {
    return list.filter((t) => now - t < this.limits.windowMs);
  }

  /** Milliseconds until this address may try again, 0 when it may now. */
  lockedFor(ip: string): number {
    const { perAddress, windowMs, overall } = this.limits;
    const now = this.clock.now().getTime();
    const mine = this.recent(this.failures.get(ip) ?? [], now);
    let wait = 0;
    if (mine.length >= perAddress) wait = Math.max(wait, mine[mine.length - perAddress]! + windowMs - now);
    if (overall !== undefined) {
      this.overallFailures = this.recent(this.overallFailures, now);
      if (this.overallFailures.length >= overall) wait = Math.max(wait, this.overallFailures[this.overallFailures.length - overall]! + windowMs - now);
    }
    return wait;
  }

  recordFailure(ip: string): void {
    const now = this.clock.now().getTime();
    const mine = this.recent(this.failures.get(ip) ?? [], now);
    mine.push(now);
    this.failures.set(ip, mine);
    if (this.limits.overall !== undefined) this.overallFailures.push(now);
    // keep the map small: forget addresses whose failures are all old
    if (this.failures.size > 10_000) for (const [k, v] of this.failures) if (!this.recent(v, now).length) this.failures.delete(k);
  }

  recordSuccess(ip: string): void {
    this.failures.delete(ip);
  }
}
