import { describe, expect, it, vi } from 'vitest';

// counts the runtime's zone lookups (Intl, slow): the .ics feed must not scan a year twice
const lookups = vi.hoisted(() => ({ n: 0 }));
vi.mock('@date-fns/tz', async (original) => {
  const m = await original<typeof import('@date-fns/tz')>();
  return { ...m, tzOffset: (...a: Parameters<typeof m.tzOffset>) => (lookups.n++, m.tzOffset(...a)) };
});

const { oddLocalWindows, toFloating, yearTransitions } = await import('../../src/plan/local-time.ts');
const { vtimezone } = await import('../../src/plan/vtimezone.ts');

describe('zone changes per year', () => {
  it('are looked up once for the VTIMEZONE, the odd local times and the offsets of a feed', () => {
    const tz = 'Australia/Adelaide'; // a zone no other test here reads: nothing cached yet
    lookups.n = 0;
    const lines = vtimezone(tz, 2030, 2032);
    expect(lookups.n).toBeGreaterThan(300); // the first read scans the years
    expect(lines).toContain('TZID:Australia/Adelaide');
    lookups.n = 0;
    const odd = oddLocalWindows(tz, 2030, 2032);
    const local = toFloating(new Date('2031-01-15T00:00:00Z'), tz);
    expect(lookups.n).toBe(0);
    // and they are the zone's changes: 3 years of April and October
    const truth = [2030, 2031, 2032].flatMap((y) => yearTransitions(tz, y));
    expect(odd).toEqual(truth.map((t) => ({ from: t.at + Math.min(t.from, t.to) * 60_000, to: t.at + Math.max(t.from, t.to) * 60_000 })));
    expect(odd).toHaveLength(6);
    expect(local.toISOString()).toBe('2031-01-15T10:30:00.000Z'); // ACDT, +10:30
  });
});
