import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/clock.ts';
import { FailureThrottle, MAX_ADDRESSES, throttleKey } from '../src/failure-throttle.ts';

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

describe('failure throttle addresses', () => {
  it('counts an IPv6 address by its /64 network, so one connection cannot take a fresh address for every guess', () => {
    const clock = new FakeClock('2027-01-04T09:00:00Z');
    const throttle = new FailureThrottle(clock, { perAddress: 5, windowMs: 15 * MINUTE, overall: 50 });
    for (let i = 1; i <= 5; i++) throttle.recordFailure(`2001:db8:1:2::${i.toString(16)}`);
    expect(throttle.lockedFor('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe(15 * MINUTE);
    expect(throttle.lockedFor('2001:0db8:0001:0002:0:0:0:9')).toBe(15 * MINUTE);
    // another network, and an IPv4 client, are not held up
    expect(throttle.lockedFor('2001:db8:1:3::1')).toBe(0);
    expect(throttle.lockedFor('192.0.2.1')).toBe(0);
    expect(throttle.everyoneLockedFor()).toBe(0);
  });

  it('reads every way of writing an IPv6 address the same, and an IPv4-mapped one as its IPv4 address', () => {
    expect(throttleKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleKey('2001:DB8:0:0:1::1')).toBe('2001:db8:0:0::/64');
    expect(throttleKey('1::2:3:4:5:6:7')).toBe('1:0:2:3::/64');
    expect(throttleKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(throttleKey('::1')).toBe('0:0:0:0::/64');
    expect(throttleKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(throttleKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(throttleKey('192.0.2.7')).toBe('192.0.2.7');
    expect(throttleKey('unknown')).toBe('unknown');
  });
});
