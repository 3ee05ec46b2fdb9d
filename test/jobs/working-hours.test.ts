import { describe, it, expect } from 'vitest';
import { isWorkingTime, nextWorkingTime, parseWorkingHours } from '../../src/jobs/working-hours.ts';

describe('working hours', () => {
  const wh = parseWorkingHours('Mo-Fr 08:00-18:00');

  it('is evaluated in the person\'s time zone', () => {
    // Monday 2027-01-04 07:30 UTC is 08:30 in Zurich but 02:30 in New York
    const at = new Date('2027-01-04T07:30:00Z');
    expect(isWorkingTime(at, 'Europe/Zurich', wh)).toBe(true);
    expect(isWorkingTime(at, 'America/New_York', wh)).toBe(false);
  });

  it('moves a Saturday send to Monday 08:00 local', () => {
    const sat = new Date('2027-01-09T10:00:00Z');
    expect(nextWorkingTime(sat, 'Europe/Zurich', wh).toISOString()).toBe('2027-01-11T07:00:00.000Z');
  });

  it('moves an evening send to the next morning, across the DST change', () => {
    // Friday 2027-03-26 19:00 Zurich (CET) -> Monday 2027-03-29 08:00 Zurich (CEST = 06:00 UTC)
    const fri = new Date('2027-03-26T18:00:00Z');
    expect(nextWorkingTime(fri, 'Europe/Zurich', wh).toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });

  it('keeps a time that is inside', () => {
    const at = new Date('2027-01-05T12:00:00Z');
    expect(nextWorkingTime(at, 'Europe/Zurich', wh)).toEqual(at);
  });

  it('"Mo-Su 00:00-24:00" means any time', () => {
    const any = parseWorkingHours('Mo-Su 00:00-24:00');
    expect(isWorkingTime(new Date('2027-01-10T03:00:00Z'), 'Europe/Zurich', any)).toBe(true);
  });

  it('rejects nonsense', () => {
    expect(() => parseWorkingHours('Xy 08:00-09:00')).toThrow(/unknown day/);
    expect(() => parseWorkingHours('Mo 25:00-26:00')).toThrow(/bad time/);
  });
});
