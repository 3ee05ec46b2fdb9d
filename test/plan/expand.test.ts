import { describe, expect, it } from 'vitest';
import { expand, checkRrule, occurrenceAt } from '../../src/plan/expand.ts';
import { latestInstant, parseLocal, shift, toInstant } from '../../src/plan/local-time.ts';
import { duration, parseDuration } from '../../src/plan/duration.ts';
import type { PlanEvent } from '../../src/plan/model.ts';

const TZ = 'Europe/Zurich';

function ev(over: Partial<PlanEvent>): PlanEvent {
  return {
    id: 'e', title: { de: 'E', en: 'E' }, kind: 'jour-fixe', rrule: null, start: '2027-03-02T09:00', duration: 'PT1H',
    audience: ['all'], channels: {}, owner: 'x@y.example', reminders: [], announce: null, followUpSurvey: null, task: null, ...over,
  };
}

describe('expansion in floating time', () => {
  it('keeps a weekly 09:00 Zurich jour-fixe at 09:00 across the March change', () => {
    const e = ev({ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '2027-03-16T09:00' });
    const occ = expand(e, TZ, new Date('2027-03-15T00:00:00Z'), new Date('2027-04-07T00:00:00Z'));
    expect(occ.map((o) => o.occurrence)).toEqual(['2027-03-16T09:00', '2027-03-23T09:00', '2027-03-30T09:00', '2027-04-06T09:00']);
    // CET (+01:00) before the last Sunday of March, CEST (+02:00) after
    expect(occ.map((o) => o.start.toISOString())).toEqual([
      '2027-03-16T08:00:00.000Z', '2027-03-23T08:00:00.000Z', '2027-03-30T07:00:00.000Z', '2027-04-06T07:00:00.000Z',
    ]);
    expect(occ[2]!.end.toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('keeps it at 09:00 across the October change', () => {
    const e = ev({ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '2027-10-19T09:00' });
    const occ = expand(e, TZ, new Date('2027-10-18T00:00:00Z'), new Date('2027-11-03T00:00:00Z'));
    expect(occ.map((o) => o.start.toISOString())).toEqual(['2027-10-19T07:00:00.000Z', '2027-10-26T07:00:00.000Z', '2027-11-02T08:00:00.000Z']);
  });

  it('expands the first Tuesday of each quarter', () => {
    const e = ev({ rrule: 'FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU', start: '2027-01-05T10:00' });
    const occ = expand(e, TZ, new Date('2027-01-01T00:00:00Z'), new Date('2028-03-01T00:00:00Z'));
    expect(occ.map((o) => o.occurrence)).toEqual(['2027-01-05T10:00', '2027-04-06T10:00', '2027-07-06T10:00', '2027-10-05T10:00', '2028-01-04T10:00']);
    expect(occ[1]!.start.toISOString()).toBe('2027-04-06T08:00:00.000Z');
  });

  it('reads a start in the spring-forward gap with the offset before the gap (RFC 5545)', () => {
    // 2027-03-28 02:30 does not exist in Zurich: it is 03:30 CEST = 01:30Z
    expect(toInstant(parseLocal('2027-03-28T02:30')!, TZ).toISOString()).toBe('2027-03-28T01:30:00.000Z');
    const e = ev({ rrule: 'FREQ=DAILY', start: '2027-03-27T02:30' });
    const occ = expand(e, TZ, new Date('2027-03-27T00:00:00Z'), new Date('2027-03-30T00:00:00Z'));
    expect(occ.map((o) => [o.occurrence, o.start.toISOString()])).toEqual([
      ['2027-03-27T02:30', '2027-03-27T01:30:00.000Z'],
      ['2027-03-28T02:30', '2027-03-28T01:30:00.000Z'],
      ['2027-03-29T02:30', '2027-03-29T00:30:00.000Z'],
    ]);
  });

  it('takes the first of a doubled autumn time', () => {
    expect(toInstant(parseLocal('2027-10-31T02:30')!, TZ).toISOString()).toBe('2027-10-31T00:30:00.000Z');
  });

  it('knows the last instant of a wall-clock time: the second of a doubled one, else the one toInstant gives', () => {
    const both = (local: string, tz = TZ) => [toInstant(parseLocal(local)!, tz).toISOString(), latestInstant(parseLocal(local)!, tz).toISOString()];
    expect(both('2027-10-31T02:30')).toEqual(['2027-10-31T00:30:00.000Z', '2027-10-31T01:30:00.000Z']);
    expect(both('2027-03-28T02:30')).toEqual(['2027-03-28T01:30:00.000Z', '2027-03-28T01:30:00.000Z']); // the gap
    expect(both('2027-07-01T09:00')).toEqual(['2027-07-01T07:00:00.000Z', '2027-07-01T07:00:00.000Z']);
    expect(both('2027-11-07T01:30', 'America/New_York')).toEqual(['2027-11-07T05:30:00.000Z', '2027-11-07T06:30:00.000Z']);
    expect(both('2027-04-04T01:45', 'Australia/Lord_Howe')).toEqual(['2027-04-03T14:45:00.000Z', '2027-04-03T15:15:00.000Z']); // a half-hour change
  });

  it('moves day-based lead times on the wall-clock, hour-based ones in real time', () => {
    const start = toInstant(parseLocal('2027-03-30T09:00')!, TZ);
    expect(shift(start, duration('P1D'), TZ, -1).toISOString()).toBe('2027-03-29T07:00:00.000Z'); // 09:00 CEST
    expect(shift(start, duration('P7D'), TZ, -1).toISOString()).toBe('2027-03-23T08:00:00.000Z'); // 09:00 CET
    expect(shift(start, duration('PT48H'), TZ, -1).toISOString()).toBe('2027-03-28T07:00:00.000Z'); // 08:00 CET
  });

  it('keeps month and year leads in the month they land in (clamped to its last day)', () => {
    const at = (local: string) => toInstant(parseLocal(local)!, TZ);
    const back = (local: string, lead: string) => shift(at(local), duration(lead), TZ, -1).toISOString();
    expect(back('2027-03-31T10:00', 'P1M')).toBe(at('2027-02-28T10:00').toISOString());
    expect(back('2028-03-31T10:00', 'P1M')).toBe(at('2028-02-29T10:00').toISOString());
    expect(back('2027-05-31T10:00', 'P1M')).toBe(at('2027-04-30T10:00').toISOString());
    expect(back('2028-02-29T10:00', 'P1Y')).toBe(at('2027-02-28T10:00').toISOString());
    expect(back('2027-12-31T10:00', 'P1M')).toBe(at('2027-11-30T10:00').toISOString());
    expect(back('2027-03-15T10:00', 'P1M')).toBe(at('2027-02-15T10:00').toISOString());
    // months first, then days (as date-fns sub): 31 March less P1M1D is 27 February
    expect(back('2027-03-31T10:00', 'P1M1D')).toBe(at('2027-02-27T10:00').toISOString());
    // and forwards (the longest lead of an event)
    expect(shift(at('2027-01-31T10:00'), duration('P1M'), TZ, 1).toISOString()).toBe(at('2027-02-28T10:00').toISOString());
  });

  it('includes a date-only UNTIL day', () => {
    const e = ev({ rrule: 'FREQ=WEEKLY;BYDAY=TU;UNTIL=20270316', start: '2027-03-02T09:00' });
    expect(expand(e, TZ, new Date('2027-01-01Z'), new Date('2028-01-01Z')).map((o) => o.occurrence)).toEqual(['2027-03-02T09:00', '2027-03-09T09:00', '2027-03-16T09:00']);
  });

  it('finds a single occurrence by its local start', () => {
    const e = ev({ rrule: 'FREQ=WEEKLY;BYDAY=TU', start: '2027-03-02T09:00' });
    expect(occurrenceAt(e, TZ, '2027-03-30T09:00')?.start.toISOString()).toBe('2027-03-30T07:00:00.000Z');
    expect(occurrenceAt(e, TZ, '2027-03-31T09:00')).toBeNull();
  });
});

describe('rule and duration checks', () => {
  it('rejects what rrule silently accepts', () => {
    expect(checkRrule('FREQ=FOO')).toMatch(/FREQ/);
    expect(checkRrule('FREQ=WEEKLY;BYDAY=XX')).toMatch(/BYDAY/);
    expect(checkRrule('BYDAY=TU')).toMatch(/FREQ is required/);
    expect(checkRrule('FREQ=WEEKLY;COUNT=3;UNTIL=20270101')).toMatch(/exclude/);
    expect(checkRrule('FREQ=MONTHLY;BYMONTH=13')).toMatch(/BYMONTH/);
    expect(checkRrule('FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU')).toBeNull();
  });
  it('reads each part once, whatever its case, for every check', () => {
    expect(checkRrule('rrule:freq=weekly;byday=tu')).toBeNull();
    expect(checkRrule('freq=hourly')).toBe('a plan event recurs at most daily');
    expect(checkRrule('FREQ=WEEKLY;freq=DAILY')).toBe('FREQ given twice');
    expect(checkRrule('freq=weekly;bymonthday=1;byday=1tu')).toBe('BYMONTHDAY not with FREQ=WEEKLY (use FREQ=MONTHLY); a numbered BYDAY (1TU) only with FREQ=MONTHLY or FREQ=YEARLY (not WEEKLY)');
    expect(checkRrule('FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO')).toBe('a numbered BYDAY (1MO) not with BYWEEKNO');
    expect(checkRrule('FREQ=MONTHLY;BYSETPOS=-1')).toMatch(/^BYSETPOS only together with another BYxxx part/);
    expect(checkRrule('FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=-1')).toBeNull();
  });
  it('parses ISO durations', () => {
    expect(parseDuration('P1DT2H')).toMatchObject({ days: 1, hours: 2, negative: false });
    expect(parseDuration('-P1D')).toMatchObject({ days: 1, negative: true });
    expect(typeof parseDuration('1 day')).toBe('string');
    expect(typeof parseDuration('P')).toBe('string');
    expect(typeof parseDuration('PT')).toBe('string');
  });
});
