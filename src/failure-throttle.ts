import { isIP } from 'node:net';
import type { Clock } from './clock.ts';

interface ThrottleLimits {
  /** This many failures from one address within the window lock that address out ... */
  perAddress: number;
  windowMs: number;
  /** ... and, when set, this many from all addresses together lock everyone out (a spread-out attack). */
  overall?: number;
  /** The most addresses remembered (default MAX_ADDRESSES): beyond it the one whose last failure is oldest is forgotten. */
  maxAddresses?: number;
}

/**
 * The address as the throttle counts it: an IPv6 address by its /64 network (a single connection
 * is usually given a whole /64, so one guesser could otherwise take a fresh address for every try,
 * and reach the limit of all addresses together alone), an IPv4-mapped one as its IPv4 address,
 * anything else as it is.
 */
export function throttleKey(ip: string): string {
  const a = ip.replace(/%.*$/, '');
  if (isIP(a) !== 6) return ip;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(a);
  if (mapped) return mapped[1]!;
  const [head, tail] = a.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  // (an IPv4 address at the end is two groups)
  const tailGroups = t.length + (t.at(-1)?.includes('.') ? 1 : 0);
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - tailGroups)).fill('0'), ...t];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/** How many addresses a throttle remembers at most, whatever an attacker with many addresses sends. */
export const MAX_ADDRESSES = 10_000;

/**
 * Throttles guessing a secret (the admin login, the calendar feed's token): failures are
 * counted per address (an IPv6 one per /64 network: `throttleKey`) in a sliding window; an address that reached the limit waits until the
 * oldest failure that counts for it leaves the window. A success forgets the address's failures.
 * Kept in memory, and bounded: an address keeps only the failures that can lock it, the overall
 * count only those that can lock everyone, and at most `maxAddresses` addresses are remembered
 * (the one whose last failure is oldest is forgotten first). A restart forgets them.
 */
export class FailureThrottle {
  /** per address, its recent failures; in the order of each address's last failure (the oldest first) */
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
  lockedFor(address: string): number {
    const ip = throttleKey(address);
    const { perAddress, windowMs } = this.limits;
    const now = this.clock.now().getTime();
    const mine = this.recent(this.failures.get(ip) ?? [], now);
    const wait = mine.length >= perAddress ? mine[mine.length - perAddress]! + windowMs - now : 0;
    return Math.max(wait, this.everyoneLockedFor());
  }

  /** Milliseconds until anyone may try again after failures from all addresses together (the overall limit), 0 when they may. */
  everyoneLockedFor(): number {
    const { overall, windowMs } = this.limits;
    if (overall === undefined) return 0;
    const now = this.clock.now().getTime();
    this.overallFailures = this.recent(this.overallFailures, now);
    return this.overallFailures.length >= overall ? this.overallFailures[this.overallFailures.length - overall]! + windowMs - now : 0;
  }

  recordFailure(address: string): void {
    const ip = throttleKey(address);
    const { perAddress, overall, maxAddresses = MAX_ADDRESSES } = this.limits;
    const now = this.clock.now().getTime();
    const mine = this.recent(this.failures.get(ip) ?? [], now);
    mine.push(now);
    // (only the last `perAddress` failures can lock the address; the address moves to the end: its last failure is the newest)
    this.failures.delete(ip);
    this.failures.set(ip, mine.slice(-perAddress));
    if (overall !== undefined) this.overallFailures = [...this.recent(this.overallFailures, now), now].slice(-overall);
    // the address whose last failure is oldest goes first: those out of the window, then, over the cap, the rest
    for (const [k, v] of this.failures) {
      if (this.failures.size <= maxAddresses && this.recent(v, now).length) break;
      this.failures.delete(k);
    }
  }

  recordSuccess(address: string): void {
    this.failures.delete(throttleKey(address));
  }

  /** How many addresses and failures are remembered (bounded by the limits). */
  size(): { addresses: number; failures: number } {
    let failures = this.overallFailures.length;
    for (const v of this.failures.values()) failures += v.length;
    return { addresses: this.failures.size, failures };
  }
}
