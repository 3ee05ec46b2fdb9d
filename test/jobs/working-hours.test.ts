import { describe, it, expect } from 'vitest';
import { isWorkingTime, lastWorkingStart, nextWorkingTime, parseWorkingHours } from '../../src/jobs/working-hours.ts';

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

describe('lastWorkingStart', () => {
  const wh = parseWorkingHours('Mo-Fr 08:00-18:00');
  it('is the start of the last window before an instant, not before another', () => {
    // Saturday 13 March 2027 07:30 Zurich → Friday 08:00
    expect(lastWorkingStart(new Date('2027-03-13T06:30:00Z'), new Date('2027-03-01T00:00:00Z'), 'Europe/Zurich', wh)?.toISOString()).toBe('2027-03-12T07:00:00.000Z');
    // inside that window already: from then on
    expect(lastWorkingStart(new Date('2027-03-13T06:30:00Z'), new Date('2027-03-12T15:00:00Z'), 'Europe/Zurich', wh)?.toISOString()).toBe('2027-03-12T15:00:00.000Z');
    // after it closed: none
    expect(lastWorkingStart(new Date('2027-03-13T06:30:00Z'), new Date('2027-03-12T17:00:00Z'), 'Europe/Zurich', wh)).toBeNull();
    // Monday 05:00 → the previous Friday, in the zone's own offset
    expect(lastWorkingStart(new Date('2027-03-15T04:00:00Z'), new Date('2027-03-01T00:00:00Z'), 'America/New_York', wh)?.toISOString()).toBe('2027-03-12T13:00:00.000Z');
  });

  it('picks the later of two windows of a day, across a change of the clocks', () => {
    const split = parseWorkingHours('Mo-Su 08:00-12:00; Mo-Su 13:00-17:00');
    // Sunday 28 March 2027 (summer time from 02:00): 12:30 → 08:00 CEST; 18:00 → 13:00 CEST
    expect(lastWorkingStart(new Date('2027-03-28T10:30:00Z'), new Date('2027-03-20T00:00:00Z'), 'Europe/Zurich', split)?.toISOString()).toBe('2027-03-28T06:00:00.000Z');
    expect(lastWorkingStart(new Date('2027-03-28T16:00:00Z'), new Date('2027-03-20T00:00:00Z'), 'Europe/Zurich', split)?.toISOString()).toBe('2027-03-28T11:00:00.000Z');
  });
});
