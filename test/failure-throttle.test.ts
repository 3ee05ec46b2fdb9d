import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { FailureThrottle, MAX_ADDRESSES } from '../src/failure-throttle.ts';

const MINUTE = 60_000;
const addr = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

describe('failure throttle memory', () => {
  it('remembers at most its cap of addresses, forgetting the one whose last failure is oldest first', () => {
    const clock = new FakeClock('2027-01-04T09:00:00Z');
    const throttle = new FailureThrottle(clock, { perAddress: 3, windowMs: 15 * MINUTE, maxAddresses: 100 });
    for (let i = 0; i < 3; i++) throttle.recordFailure('192.0.2.1');
    for (let i = 0; i < 3; i++) throttle.recordFailure('192.0.2.2');
    expect(throttle.lockedFor('192.0.2.1')).toBeGreaterThan(0);
    clock.advance(MINUTE);
    // the second address fails again later: it is now newer than the first
    throttle.recordFailure('192.0.2.2');
    for (let i = 0; i < 99; i++) throttle.recordFailure(addr(i));
    expect(throttle.size().addresses).toBe(100);
    expect(throttle.lockedFor('192.0.2.1')).toBe(0);
    expect(throttle.lockedFor('192.0.2.2')).toBeGreaterThan(0);
  });

  it('stays bounded however many addresses guess within the window, and however often one does', () => {
    const clock = new FakeClock('2027-01-04T09:00:00Z');
    const throttle = new FailureThrottle(clock, { perAddress: 10, windowMs: 15 * MINUTE, overall: 100 });
    for (let i = 0; i < MAX_ADDRESSES + 5_000; i++) throttle.recordFailure(addr(i));
    for (let i = 0; i < 1_000; i++) throttle.recordFailure('192.0.2.9');
    const { addresses, failures } = throttle.size();
    expect(addresses).toBe(MAX_ADDRESSES);
    // one failure per address, ten for the one that kept guessing, and the last hundred of all
    expect(failures).toBe(MAX_ADDRESSES - 1 + 10 + 100);
    expect(throttle.lockedFor('192.0.2.9')).toBe(15 * MINUTE);
    expect(throttle.everyoneLockedFor()).toBe(15 * MINUTE);
  });
});
