import { afterEach, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { testApp, type TestApp } from '../doubles/app.ts';
import { planIcs, fold, escapeText, eventUid } from '../../src/plan/ics.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { expand } from '../../src/plan/expand.ts';
import { planFeature } from '../../src/plan/feature.ts';
import { startServer } from '../../src/server.ts';
import { importYaml, sameDb, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const PLAN = `timezone: Europe/Zurich
events:
  - id: jf-finance
    title: {de: "Jour fixe; Finanzen, Budget \\\\ Planung", en: Jour-fixe with Finance}
    kind: jour-fixe
    rrule: "FREQ=WEEKLY;BYDAY=TU"
    start: 2027-03-02T09:00
    duration: PT1H
    audience: department:Finance
    owner: marco.keller@alpenfirn.example
  - id: info
    title: {de: IT-Informationsmeeting für alle Mitarbeitenden mit einem sehr langen Titel über Änderungen, en: IT information meeting}
    kind: info-meeting
    rrule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU;UNTIL=20281231"
    start: 2027-01-05T10:00
    duration: PT1H30M
    audience: all
    owner: head.it@alpenfirn.example
  - id: fair
    title: IT fair
    kind: it-fair
    start: 2027-11-10T10:00
    duration: PT6H
    audience: all
    owner: sandra.meier@alpenfirn.example
`;

/** The starts ical.js gives an event of the feed (with its overrides, RECURRENCE-ID), in order. */
function occurrencesFromIcs(ics: string, uid: string, until: Date): string[] {
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const mine = cal.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === uid);
  const master = mine.find((v) => !v.hasProperty('recurrence-id'))!;
  const ev = new ICAL.Event(master, { exceptions: mine.filter((v) => v !== master) });
  const it = ev.iterator();
  const out: string[] = [];
  for (let next = it.next(); next; next = it.next()) {
    if (next.toJSDate() > until) break;
    out.push(ev.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
    if (out.length > 500) break;
  }
  return out.sort();
}

describe('plan ics', () => {
  it('is RFC 5545 that ical.js parses, and its occurrences match the scheduler\'s across DST', () => {
    app = testApp({ env: { ITBOT_LANG: 'de' } });
    withPeople(app);
    importYaml(app, PLAN);
    const ics = planIcs(app);
    // CRLF everywhere, no line longer than 75 octets
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '').includes('\n')).toBe(false);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).toContain(`UID:${eventUid(app, 'jf-finance')}`);
    expect(ics).toMatch(/^UID:jf-finance@[0-9a-f]{12}\.itbot\r$/m);
    expect(ics).toContain('DTSTART;TZID=Europe/Zurich:20270302T090000');
    expect(ics).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU');
    expect(ics).toMatch(/RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU;UNTIL=20281231T225959Z/);
    expect(ics).toContain('SUMMARY:Jour fixe\\; Finanzen\\, Budget \\\\ Planung');
    expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Zurich\r\nBEGIN:DAYLIGHT\r\nDTSTART:20260329T020000/);

    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    const vevents = cal.getAllSubcomponents('vevent');
    expect(vevents.map((v) => v.getFirstPropertyValue('uid'))).toEqual(['fair', 'info', 'jf-finance'].map((id) => eventUid(app, id)));
    expect(vevents[2]!.getFirstPropertyValue('summary')).toBe('Jour fixe; Finanzen, Budget \\ Planung');
    expect(vevents.every((v) => v.getFirstPropertyValue('dtstamp'))).toBe(true);

    const repo = new PlanRepo(app.db);
    const until = new Date('2028-12-31T23:59:59Z');
    for (const id of ['jf-finance', 'info', 'fair']) {
      const mine = expand(repo.event(id)!.event, 'Europe/Zurich', new Date('2027-01-01T00:00:00Z'), until).map((o) => o.start.toISOString());
      expect(occurrencesFromIcs(ics, eventUid(app, id), until)).toEqual(mine);
    }
    // the March and October changes are in there: 09:00 local both sides
    const jf = occurrencesFromIcs(ics, eventUid(app, 'jf-finance'), until);
    expect(jf).toContain('2027-03-23T08:00:00.000Z');
    expect(jf).toContain('2027-03-30T07:00:00.000Z');
    expect(jf).toContain('2027-11-02T08:00:00.000Z');
  });

  for (const [tz, spring, autumn, time, sundayBefore] of [
    ['Europe/Zurich', '2027-03-28', '2027-10-31', '02:30', '2027-10-10'],
    ['America/New_York', '2027-03-14', '2027-11-07', '01:30', '2027-10-17'],
  ] as const) {
    it(`gives ical.js the scheduler's instants at wall-clock times in the DST gap and the doubled hour (${tz})`, () => {
      app = testApp();
      withPeople(app);
      // in New York the gap is 02:00-03:00 and the doubled hour 01:00-02:00: both times go through both
      const at = (day: string, t: string) => `${day}T${t}`;
      importYaml(app, `timezone: ${tz}
events:
  - {id: weekly-gap, title: T, kind: other, rrule: "FREQ=WEEKLY;BYDAY=SU", start: 2027-03-07T02:30, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: weekly-time, title: T, kind: other, rrule: "FREQ=WEEKLY;BYDAY=SU", start: 2027-03-07T${time}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: from-autumn, title: T, kind: other, rrule: "FREQ=WEEKLY;BYDAY=SU;COUNT=3", start: ${at(autumn, time)}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: until-autumn, title: T, kind: other, rrule: "FREQ=WEEKLY;BYDAY=SU;UNTIL=${autumn.replace(/-/g, '')}T${time.replace(':', '')}00", start: ${sundayBefore}T${time}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: yearly-spring, title: T, kind: other, rrule: "FREQ=YEARLY;BYMONTH=${Number(spring.slice(5, 7))};BYDAY=${tz === 'Europe/Zurich' ? '-1SU' : '2SU'}", start: ${at(spring, '02:30')}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: single-spring, title: T, kind: other, start: ${at(spring, '02:30')}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
  - {id: single-autumn, title: T, kind: other, start: ${at(autumn, time)}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}
`);
      // one skipped occurrence in the gap stays out for both
      new PlanRepo(app.db).setState('weekly-gap', at(spring, '02:30'), 'skipped', 'head.it@alpenfirn.example', 'x', new Date(`${spring}T08:00:00Z`), app.clock.now());
      const ics = planIcs(app);
      const repo = new PlanRepo(app.db);
      const from = new Date('2027-01-01T00:00:00Z');
      const until = new Date('2030-12-31T23:59:59Z');
      const skipped = new Set(repo.occurrences().filter((o) => o.state === 'skipped').map((o) => `${o.eventId}|${o.occurrence}`));
      for (const s of repo.events()) {
        const mine = expand(s.event, tz, from, until).filter((o) => !skipped.has(`${s.event.id}|${o.occurrence}`)).map((o) => o.start.toISOString());
        expect(mine.length, s.event.id).toBeGreaterThan(0);
        expect(occurrencesFromIcs(ics, eventUid(app, s.event.id), until), s.event.id).toEqual(mine);
      }
      // the UNTIL in the doubled hour keeps the last occurrence, and nothing after it
      expect(expand(repo.event('until-autumn')!.event, tz, from, until).at(-1)!.occurrence).toBe(at(autumn, time));
      // RFC 5545 still reads it as the scheduler does: the master's DTSTART stays wall-clock
      expect(ics).toContain(`DTSTART;TZID=${tz}:20270307T023000`);
    });
  }

  it('leaves skipped occurrences out as EXDATE', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, PLAN);
    new PlanRepo(app.db).setState('jf-finance', '2027-03-30T09:00', 'skipped', 'marco.keller@alpenfirn.example', 'Easter', new Date('2027-03-30T07:00:00Z'), app.clock.now());
    const ics = planIcs(app);
    expect(ics).toContain('EXDATE;TZID=Europe/Zurich:20270330T090000');
    const occ = occurrencesFromIcs(ics, eventUid(app, 'jf-finance'), new Date('2027-04-10T00:00:00Z'));
    expect(occ).not.toContain('2027-03-30T07:00:00.000Z');
    expect(occ).toContain('2027-04-06T07:00:00.000Z');
  });

  it('gives each event a SEQUENCE that grows when it or its skipped occurrences change, and stays while nothing does', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, PLAN);
    const uid = eventUid(app, 'jf-finance');
    /** SEQUENCE, DTSTAMP and LAST-MODIFIED of an event, as ical.js reads them */
    const version = () => {
      const v = new ICAL.Component(ICAL.parse(planIcs(app))).getAllSubcomponents('vevent').find((x) => x.getFirstPropertyValue('uid') === uid)!;
      return { sequence: v.getFirstPropertyValue('sequence'), stamp: String(v.getFirstPropertyValue('dtstamp')), modified: String(v.getFirstPropertyValue('last-modified')) };
    };
    const first = version();
    expect(first.sequence).toBe(0);
    expect(first.modified).toBe(first.stamp);
    // the same plan again: the same bytes
    const before = planIcs(app);
    importYaml(app, PLAN);
    expect(planIcs(app)).toBe(before);
    // a skip: a new EXDATE, a higher SEQUENCE and a later DTSTAMP
    app.clock.advance(3_600_000);
    const repo = new PlanRepo(app.db);
    repo.setState('jf-finance', '2027-03-30T09:00', 'skipped', 'marco.keller@alpenfirn.example', 'Easter', new Date('2027-03-30T07:00:00Z'), app.clock.now());
    const skipped = version();
    expect(skipped.sequence).toBe(1);
    expect(skipped.stamp > first.stamp).toBe(true);
    expect(skipped.modified).toBe(skipped.stamp);
    // the skip's reason changed: nothing a calendar shows
    repo.setState('jf-finance', '2027-03-30T09:00', 'skipped', 'marco.keller@alpenfirn.example', 'Ostern', new Date('2027-03-30T07:00:00Z'), app.clock.now());
    expect(version().sequence).toBe(1);
    // changed to done: the EXDATE goes, the SEQUENCE grows again
    app.clock.advance(3_600_000);
    repo.setState('jf-finance', '2027-03-30T09:00', 'done', 'marco.keller@alpenfirn.example', null, new Date('2027-03-30T07:00:00Z'), app.clock.now());
    const done = version();
    expect(done.sequence).toBe(2);
    expect(done.stamp > skipped.stamp).toBe(true);
    // a changed event
    app.clock.advance(3_600_000);
    importYaml(app, PLAN.replace('start: 2027-03-02T09:00', 'start: 2027-03-02T10:00'));
    const moved = version();
    expect(moved.sequence).toBe(3);
    expect(moved.stamp > done.stamp).toBe(true);
    // removed and imported again: it goes on from where it was
    importYaml(app, PLAN.replace(/  - id: jf-finance[\s\S]*?(?=  - id: info)/, ''), { replace: true });
    importYaml(app, PLAN);
    expect(version().sequence).toBe(4);
    // the plan's time zone changed (the same local times, other instants)
    importYaml(app, PLAN.replace('timezone: Europe/Zurich', 'timezone: Europe/London'), { replace: true });
    expect(version().sequence).toBe(5);
  });

  it('leaves a skipped single event out (calendars ignore EXDATE without RRULE)', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, PLAN);
    expect(planIcs(app)).toContain(`UID:${eventUid(app, 'fair')}`);
    new PlanRepo(app.db).setState('fair', '2027-11-10T10:00', 'skipped', 'sandra.meier@alpenfirn.example', 'no room', new Date('2027-11-10T09:00:00Z'), app.clock.now());
    const ics = planIcs(app);
    const cal = new ICAL.Component(ICAL.parse(ics));
    expect(cal.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'))).toEqual(['info', 'jf-finance'].map((id) => eventUid(app, id)));
    expect(ics).not.toContain('20271110T100000');
  });

  it('folds at 75 octets without splitting characters, and escapes text', () => {
    const line = 'DESCRIPTION:' + 'ä'.repeat(100);
    const folded = fold(line);
    for (const l of folded.split('\r\n')) expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
  });

  it('turns a lone CR into \\n and drops other control characters, so no value starts a new line', () => {
    app = testApp({ env: { ITBOT_LANG: 'de' } });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - id: odd
    title: {de: "Odd\\rX-INJECTED-CR:1\\r\\nX-CRLF:1\\nBEGIN:VALARM", en: "Odd \\u000bVT\\u0000NUL\\u007fDEL\\tTAB"}
    kind: other
    start: 2027-12-10T10:00
    duration: PT1H
    audience: all
    owner: head.it@alpenfirn.example
`);
    const ics = planIcs(app);
    // the only line breaks are the CRLFs between content lines, and no other control character but TAB is left
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    // a parser that also splits at a lone CR finds no injected property
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded.split(/\r\n|\r|\n/).filter((l) => /^X-INJECTED|^X-CRLF|^BEGIN:VALARM/.test(l))).toEqual([]);
    expect(unfolded).toContain('SUMMARY:Odd\\nX-INJECTED-CR:1\\nX-CRLF:1\\nBEGIN:VALARM\r\n');
    const vevent = new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!;
    expect(vevent.getFirstPropertyValue('summary')).toBe('Odd\nX-INJECTED-CR:1\nX-CRLF:1\nBEGIN:VALARM');
    expect(String(vevent.getFirstPropertyValue('description'))).toContain('Odd VTNULDEL\tTAB');
    expect(escapeText('a\rb\r\nc\nd\u0000e\u001bf\tg')).toBe('a\\nb\\nc\\nde' + 'f\tg');
    // (and the Unicode line breaks some parsers split at)
    expect(escapeText('a\u2028b\u2029c\u0085d')).toBe('a\\nb\\nc\\nd');
  });
});

describe('calendar durations', () => {
  it('are RFC 5545 durations, so a calendar shows each event as long as the plan has it', () => {
    app = testApp();
    withPeople(app);
    const ev = (id: string, dur: string, rrule = '') => `  - {id: ${id}, title: T, kind: other, ${rrule}start: 2027-01-29T10:00, duration: ${dur}, audience: all, owner: head.it@alpenfirn.example}\n`;
    importYaml(app, `timezone: Europe/Zurich
events:
${ev('campaign', 'P1M', 'rrule: "FREQ=YEARLY", ')}${ev('year', 'P1Y')}${ev('fair', 'P1W2DT3H')}${ev('talk', 'PT1H30S')}`);
    const ics = planIcs(app);
    // (29 January and a month: 28 February, 30 days, as the scheduler has it)
    // no months or years, no weeks next to days, no hour with seconds but without minutes
    expect([...ics.matchAll(/^DURATION:(.*)\r$/gm)].map((m) => m[1])).toEqual(['P30D', 'P9DT3H', 'PT1H0M30S', 'P365D']);
    const cal = new ICAL.Component(ICAL.parse(ics));
    const repo = new PlanRepo(app.db);
    for (const v of cal.getAllSubcomponents('vevent')) {
      const id = String(v.getFirstPropertyValue('uid')).split('@')[0]!;
      const e = new ICAL.Event(v);
      const [occ] = expand(repo.event(id)!.event, 'Europe/Zurich', new Date('2027-01-01T00:00:00Z'), new Date('2027-12-31T00:00:00Z'));
      expect([id, e.endDate.toJSDate().toISOString()]).toEqual([id, occ!.end.toISOString()]);
    }
  });
});

describe('calendar descriptions', () => {
  it('name the audience in words, as the admin pages do, not by the file\'s ids', () => {
    for (const [lang, want] of [['de', 'Publikum: Finanzen, Führungskräfte und Informatik'], ['en', 'Audience: Finance, managers and IT staff']] as const) {
      app = testApp({ env: { ITBOT_LANG: lang } });
      withPeople(app);
      importYaml(app, PLAN.replace('audience: department:Finance', 'audience: [department:Finance, managers, it-staff]'));
      const cal = new ICAL.Component(ICAL.parse(planIcs(app)));
      const jf = cal.getAllSubcomponents('vevent').find((v) => v.getFirstPropertyValue('uid') === eventUid(app, 'jf-finance'))!;
      const desc = String(jf.getFirstPropertyValue('description'));
      expect(desc).toContain(want);
      expect(desc).not.toContain('department:');
      app.cleanup();
    }
  });
});

describe('calendar UIDs', () => {
  const uids = (ics: string) => [...ics.matchAll(/^UID:(.*)$/gm)].map((m) => m[1]!.trim());
  const others: TestApp[] = [];
  afterEach(() => others.splice(0).forEach((o) => o.cleanup()));

  it('differ between two databases with the same plan, and stay the same for one database', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, PLAN);
    const other = testApp();
    others.push(other);
    withPeople(other);
    importYaml(other, PLAN);
    const mine = uids(planIcs(app));
    expect(mine).toHaveLength(3);
    for (const u of mine) expect(u).toMatch(/^(fair|info|jf-finance)@[0-9a-f]{12}\.itbot$/);
    const theirs = uids(planIcs(other));
    expect(theirs.filter((u) => mine.includes(u))).toEqual([]);
    // the same database: another run, another process, a re-import
    expect(uids(planIcs(app))).toEqual(mine);
    const again = sameDb(app, app.clock.now());
    try {
      expect(uids(planIcs(again))).toEqual(mine);
    } finally {
      again.db.close();
    }
    importYaml(app, PLAN.replace('duration: PT1H30M', 'duration: PT2H'));
    expect(uids(planIcs(app))).toEqual(mine);
  });

  it('a plan imported before UIDs carried the database\'s id keeps {eventId}@itbot', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, PLAN);
    app.db.prepare("DELETE FROM system_state WHERE key = 'calendar.uid_domain'").run(); // as such a database has it
    expect(uids(planIcs(app))).toEqual(['fair@itbot', 'info@itbot', 'jf-finance@itbot']);
    importYaml(app, PLAN);
    expect(uids(planIcs(app))).toEqual(['fair@itbot', 'info@itbot', 'jf-finance@itbot']);
  });
});

describe('calendar feed', () => {
  async function serve(env: Record<string, string>) {
    app = testApp({ env, features: [planFeature] });
    withPeople(app);
    importYaml(app, PLAN);
    return startServer(app, { port: 0, host: '127.0.0.1', background: false, adapters: [] });
  }

  it('needs the right token, and is off without ITBOT_CALENDAR_TOKEN', async () => {
    const s = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token' });
    try {
      expect((await fetch(`${s.url}/calendar/plan.ics`)).status).toBe(403);
      expect((await fetch(`${s.url}/calendar/plan.ics?token=wrong`)).status).toBe(403);
      const ok = await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toMatch(/^text\/calendar/);
      const body = await ok.text();
      expect(body).toContain(`UID:${eventUid(app, 'jf-finance')}`);
      expect(() => ICAL.parse(body)).not.toThrow();
    } finally {
      await s.close();
    }
  });

  it('throttles guessing: after 10 wrong tokens from an address even the right one is refused until the window passes', async () => {
    const s = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token' });
    try {
      // a request without a token is no guess
      for (let i = 0; i < 20; i++) expect((await fetch(`${s.url}/calendar/plan.ics`)).status).toBe(403);
      expect((await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`)).status).toBe(200);
      for (let i = 0; i < 10; i++) expect((await fetch(`${s.url}/calendar/plan.ics?token=guess-${i}`)).status).toBe(403);
      const locked = await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await locked.text()).toMatch(/too many wrong tokens/);
      app.clock.advance(15 * 60_000 + 1000);
      expect((await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('behind a trusted proxy (ITBOT_TRUST_PROXY) throttles the client the proxy names; by default the header is not read', async () => {
    const guess = (url: string, token: string, forwardedFor: string) => fetch(`${url}/calendar/plan.ics?token=${token}`, { headers: { 'x-forwarded-for': forwardedFor } });
    const trusted = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token', ITBOT_TRUST_PROXY: 'loopback' });
    try {
      for (let i = 0; i < 10; i++) expect((await guess(trusted.url, `guess-${i}`, '203.0.113.5')).status).toBe(403);
      expect((await guess(trusted.url, 's3cret-token', '203.0.113.5')).status).toBe(429);
      // another subscriber behind the same proxy still gets the feed
      expect((await guess(trusted.url, 's3cret-token', '198.51.100.7')).status).toBe(200);
    } finally {
      await trusted.close();
      app.cleanup();
    }
    const direct = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token' });
    try {
      for (let i = 0; i < 10; i++) expect((await guess(direct.url, `guess-${i}`, '203.0.113.5')).status).toBe(403);
      // a header anyone can send does not make another client
      expect((await guess(direct.url, 's3cret-token', '198.51.100.7')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('a guesser with many addresses is stopped too: 100 wrong tokens from all of them together lock the feed for everyone', async () => {
    const s = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token', ITBOT_TRUST_PROXY: 'loopback' });
    const get = (token: string, from: string) => fetch(`${s.url}/calendar/plan.ics?token=${token}`, { headers: { 'x-forwarded-for': from } });
    try {
      // each address stays under its own limit
      for (let i = 0; i < 100; i++) expect((await get(`guess-${i}`, `203.0.113.${i}`)).status).toBe(403);
      const locked = await get('s3cret-token', '198.51.100.7');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe(String(15 * 60));
      expect(await locked.json()).toEqual({ error: 'too many wrong tokens from all addresses together: try again in 15 minutes' });
      app.clock.advance(14 * 60_000 + 30_000);
      expect(await (await get('s3cret-token', '198.51.100.7')).json()).toEqual({ error: 'too many wrong tokens from all addresses together: try again in 1 minute' });
      app.clock.advance(30_000 + 1000);
      expect((await get('s3cret-token', '198.51.100.7')).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('the right token forgets the address\'s wrong ones', async () => {
    const s = await serve({ ITBOT_CALENDAR_TOKEN: 's3cret-token' });
    try {
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 9; i++) expect((await fetch(`${s.url}/calendar/plan.ics?token=guess-${i}`)).status).toBe(403);
        expect((await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`)).status).toBe(200);
      }
      // the window counts from the oldest wrong token: Retry-After says how long is left
      for (let i = 0; i < 10; i++) {
        expect((await fetch(`${s.url}/calendar/plan.ics?token=guess-${i}`)).status).toBe(403);
        if (i === 0) app.clock.advance(5 * 60_000);
      }
      const locked = await fetch(`${s.url}/calendar/plan.ics?token=s3cret-token`);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe(String(10 * 60));
      expect(await locked.json()).toEqual({ error: 'too many wrong tokens from this address: try again in 10 minutes' });
    } finally {
      await s.close();
    }
  });

  it('is 404 when no token is configured', async () => {
    const s = await serve({});
    try {
      expect((await fetch(`${s.url}/calendar/plan.ics?token=anything`)).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
