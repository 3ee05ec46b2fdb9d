import { afterEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { tzOffset } from '@date-fns/tz';
import { testApp, type TestApp } from '../doubles/app.ts';
import { planIcs, ZONE_HORIZON_YEARS } from '../../src/plan/ics.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { expand } from '../../src/plan/expand.ts';
import { yearTransitions } from '../../src/plan/local-time.ts';
import { importYaml, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const HOUR = 3_600_000;

function plan(tz: string, start: string, rrule = 'FREQ=YEARLY'): string {
  return `timezone: ${tz}
events:
  - {id: jf, title: Jour fixe, kind: jour-fixe, rrule: "${rrule}", start: ${start}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
`;
}

/** The feed's zone as ical.js reads it. */
function icalZone(ics: string, tz: string): ICAL.Timezone {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const comp = cal.getAllSubcomponents('vtimezone').find((c) => c.getFirstPropertyValue('tzid') === tz)!;
  return new ICAL.Timezone(comp);
}

/** The instant of a local wall-clock time (floating ms) per the runtime's zone data, or null in a gap or a doubled hour. */
function intlInstant(tz: string, f: number): number | null {
  const found = new Set<number>();
  for (const o of [tzOffset(tz, new Date(f - 86_400_000)), tzOffset(tz, new Date(f + 86_400_000))]) {
    if (tzOffset(tz, new Date(f - o * 60_000)) === o) found.add(f - o * 60_000);
  }
  return found.size === 1 ? [...found][0]! : null;
}

/** The instant ical.js gives a local wall-clock time in the feed's zone (what a client does with DTSTART;TZID). */
function icalInstant(zone: ICAL.Timezone, f: number): number {
  const d = new Date(f);
  const t = new ICAL.Time({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: 0, isDate: false }, zone);
  return t.toUnixTime() * 1000;
}

/**
 * Local times whose instant ical.js reads differently from the runtime: every 6 hours of the
 * years, and just before and after each change (half an hour outside the hour it moves).
 */
function mismatches(zone: ICAL.Timezone, tz: string, fromYear: number, toYear: number): string[] {
  const bad: string[] = [];
  const at = (f: number) => {
    const want = intlInstant(tz, f);
    if (want === null) return;
    const got = icalInstant(zone, f);
    if (got !== want && bad.length < 5) bad.push(`${new Date(f).toISOString().slice(0, 16)} local: ${new Date(got).toISOString()} instead of ${new Date(want).toISOString()}`);
  };
  for (let f = Date.UTC(fromYear, 0, 1); f < Date.UTC(toYear + 1, 0, 1); f += 6 * HOUR) at(f);
  let checked = 0;
  for (let y = fromYear; y <= toYear; y++) {
    for (const tr of yearTransitions(tz, y)) {
      const margin = (Math.abs(tr.to - tr.from) + 30) * 60_000;
      at(tr.at - margin + tr.from * 60_000);
      at(tr.at + margin + tr.to * 60_000);
      checked++;
    }
  }
  if (checked === 0 && tz !== 'Asia/Kolkata') bad.push('no change in the years checked');
  return bad;
}

describe('plan ics: the VTIMEZONE', () => {
  // this year is 2027 (the test clock); the feed spells out the zone up to 2037
  const horizon = 2027 + ZONE_HORIZON_YEARS;
  const cases: [string, string, number][] = [
    ['America/Mexico_City', '2019-07-01T09:00', horizon + 20], // no DST since 2022
    ['America/New_York', '2005-07-01T09:00', horizon + 20], // new US rules since 2007
    ['Europe/Zurich', '1994-07-01T09:00', horizon + 20], // summer time ends in October since 1996
    ['America/Sao_Paulo', '2015-07-01T09:00', horizon + 20], // no DST since 2019
    ['Australia/Sydney', '2000-07-01T09:00', horizon + 20], // southern summer, rules changed 2008
    ['Asia/Jerusalem', '2000-07-01T09:00', horizon + 20], // "Friday before the last Sunday"
    ['Asia/Kolkata', '2000-07-01T09:00', horizon + 20], // no changes
    ['Africa/Casablanca', '2017-07-01T09:00', horizon], // changes around Ramadan: no yearly pattern
  ];

  for (const [tz, start, checkTo] of cases) {
    it(`gives ical.js the runtime's instants in ${tz} from the first start on, every year`, () => {
      app = testApp();
      withPeople(app);
      importYaml(app, plan(tz, start));
      const ics = planIcs(app);
      expect(mismatches(icalZone(ics, tz), tz, Number(start.slice(0, 4)), checkTo)).toEqual([]);
    });
  }

  it('puts a yearly event at the scheduler\'s instants in every year, across changed rules', () => {
    app = testApp();
    withPeople(app);
    for (const [tz, start, expected2026] of [
      ['America/Mexico_City', '2019-07-01T09:00', '2026-07-01T15:00:00.000Z'],
      ['America/New_York', '2005-07-01T09:00', '2026-07-01T13:00:00.000Z'],
      ['Europe/Zurich', '1994-07-01T09:00', '2026-07-01T07:00:00.000Z'],
      ['America/Sao_Paulo', '2015-07-01T09:00', '2026-07-01T12:00:00.000Z'],
    ] as const) {
      importYaml(app, plan(tz, start, 'FREQ=MONTHLY;BYMONTHDAY=1'), { replace: true });
      const ics = planIcs(app);
      const cal = new ICAL.Component(ICAL.parse(ics));
      ICAL.TimezoneService.register(cal.getFirstSubcomponent('vtimezone')!);
      const it = new ICAL.Event(cal.getFirstSubcomponent('vevent')!).iterator();
      const until = new Date(Date.UTC(horizon + 5, 0, 1));
      const theirs: string[] = [];
      for (let n = it.next(); n && n.toJSDate() < until; n = it.next()) theirs.push(n.toJSDate().toISOString());
      const mine = expand(new PlanRepo(app.db).event('jf')!.event, tz, new Date(start.slice(0, 4) + '-01-01T00:00:00Z'), until).map((o) => o.start.toISOString());
      expect(theirs.length).toBeGreaterThan(100);
      expect(theirs).toEqual(mine);
      expect(theirs).toContain(expected2026);
    }
  });

  it('spells out the zone up to the last occurrence of a rule with an end, even beyond the horizon', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, plan('Asia/Jerusalem', '2030-03-01T09:00', 'FREQ=YEARLY;UNTIL=20450301'));
    const ics = planIcs(app);
    expect(ics).toContain('DTSTART:20290323T020000'); // the year before the first start
    expect(mismatches(icalZone(ics, 'Asia/Jerusalem'), 'Asia/Jerusalem', 2030, 2046)).toEqual([]);
  });
});
