import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { join } from 'node:path';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import ICAL from 'ical.js';
import { InputError } from '../../src/errors.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importPlan } from '../../src/plan/import.ts';
import { openDb } from '../../src/store/db.ts';
import { importYaml, JOUR_FIXE, withPeople, writePlan } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => [p.file?.replace(/.*\//, ''), p.entry, p.field, p.message].filter(Boolean).join(': '));
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('plan import', () => {
  it('imports, updates by id, and replaces', () => {
    app = testApp();
    withPeople(app);
    expect(importYaml(app, JOUR_FIXE)).toEqual({ created: 1, updated: 0, unchanged: 0, deleted: 0, warnings: [] });
    expect(importYaml(app, JOUR_FIXE)).toEqual({ created: 0, updated: 0, unchanged: 1, deleted: 0, warnings: [] });
    const changed = JOUR_FIXE.replace('PT1H', 'PT90M') + `  - id: club
    title: Digital club
    kind: club
    start: 2027-03-25T17:30
    duration: PT2H
    audience: all
    owner: luca.rossi@alpenfirn.example
`;
    expect(importYaml(app, changed)).toEqual({ created: 1, updated: 1, unchanged: 0, deleted: 0, warnings: [] });
    const repo = new PlanRepo(app.db);
    expect(repo.event('jf-finance')!.event.duration).toBe('PT90M');
    expect(repo.event('club')!.event.title).toEqual({ de: 'Digital club', en: 'Digital club' });
    expect(importYaml(app, JOUR_FIXE, { replace: true })).toEqual({ created: 0, updated: 1, unchanged: 0, deleted: 1, warnings: [] });
    expect(repo.events().map((e) => e.event.id)).toEqual(['jf-finance']);
  });

  it('rejects a malformed plan with every problem located, and changes nothing', () => {
    app = testApp();
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const bad = `timezone: Europe/Zurich
events:
  - id: a
    title: A
    rrule: "FREQ=WEEKLY;BYDAY=XX"
    start: 2027-03-02T09:00
    duration: PT1H
    audience: all
    owner: head.it@alpenfirn.example
  - id: a
    title: B
    start: 2027-03-02T09:00
    duration: PT1H
    audience: department:Astrology
    owner: nobody@alpenfirn.example
    reminders: [-P1D, P1X]
  - id: c
    title: C
    start: 2027-02-30T09:00
    duration: -PT1H
    audience: everyone
    owner: head.it@alpenfirn.example
    announce: -P2D
    kind: party
  - id: d
    title: D
    rrule: "FREQ=MONTHLY;BYDAY=1TU"
    start: 2027-03-03T09:00
    duration: PT1H
    audience: all
    owner: head.it@alpenfirn.example
    remiders: [P1D]
`;
    const file = writePlan(app, bad, 'bad.yaml');
    const list = problems(() => importPlan(app, file));
    expect(list.filter((l) => l.includes(': owner:'))).toEqual([]); // not (yet) in the directory: a warning, see below
    expect(list).toEqual(expect.arrayContaining([
      expect.stringMatching(/^bad\.yaml: events\[0\] \(id a\): rrule: bad RRULE "FREQ=WEEKLY;BYDAY=XX"/),
      expect.stringMatching(/^bad\.yaml: events\[1\] \(id a\): id: duplicate id a \(first at events\[0\]\)/),
      expect.stringMatching(/^bad\.yaml: events\[1\] \(id a\): audience: unknown department "Astrology"/),
      expect.stringMatching(/^bad\.yaml: events\[1\] \(id a\): reminders\[0\]: "-P1D" is negative: a reminder or announcement after the event start/),
      expect.stringMatching(/^bad\.yaml: events\[1\] \(id a\): reminders\[1\]: "P1X" is not an ISO-8601 duration/),
      expect.stringMatching(/^bad\.yaml: events\[2\] \(id c\): start: "2027-02-30T09:00" is not a local date-time/),
      expect.stringMatching(/^bad\.yaml: events\[2\] \(id c\): duration: "-PT1H" must be longer than zero/),
      expect.stringMatching(/^bad\.yaml: events\[2\] \(id c\): audience: "everyone" is not an audience/),
      expect.stringMatching(/^bad\.yaml: events\[2\] \(id c\): announce: "-P2D" is negative/),
      expect.stringMatching(/^bad\.yaml: events\[2\] \(id c\): kind: "party" is not a kind/),
      expect.stringMatching(/^bad\.yaml: events\[3\] \(id d\): start: 2027-03-03T09:00 is not an occurrence of "FREQ=MONTHLY;BYDAY=1TU": start at the first one \(2027-04-06T09:00\)/),
      expect.stringMatching(/^bad\.yaml: events\[3\] \(id d\): remiders: unknown field/),
    ]));
    // nothing changed: the earlier plan is intact
    expect(new PlanRepo(app.db).events().map((e) => e.event.id)).toEqual(['jf-finance']);
  });

  it('refuses seconds in a start or a rule (the plan\'s times are whole minutes), naming the event and field, and imports nothing', () => {
    app = testApp();
    withPeople(app);
    const CLUB = `  - {id: club, title: Club, kind: club, start: 2027-03-25T17:30, duration: PT2H, audience: all, owner: luca.rossi@alpenfirn.example}\n`;
    const file = writePlan(app, JOUR_FIXE.replace('start: 2027-03-02T09:00', 'start: "2027-03-02T09:00:30"') + CLUB.replace('kind: club,', 'kind: club, rrule: "FREQ=MONTHLY;BYSECOND=15",'), 'seconds.yaml');
    expect(problems(() => importPlan(app, file))).toEqual([
      'seconds.yaml: events[0] (id jf-finance): start: "2027-03-02T09:00:30" has seconds: a start is a whole minute, HH:MM (like 2027-01-05T10:00)',
      'seconds.yaml: events[1] (id club): rrule: bad RRULE "FREQ=MONTHLY;BYSECOND=15": BYSECOND: a plan event starts on a whole minute (HH:MM)',
    ]);
    expect(new PlanRepo(app.db).timezone()).toBeNull();
    // a start with :00 seconds names the same minute and is taken as it
    importYaml(app, JOUR_FIXE.replace('start: 2027-03-02T09:00', 'start: "2027-03-02T09:00:00"') + CLUB);
    expect(new PlanRepo(app.db).event('jf-finance')!.event.start).toBe('2027-03-02T09:00');
  });

  it('rejects an unknown time zone and broken YAML', () => {
    app = testApp();
    withPeople(app);
    const f1 = writePlan(app, JOUR_FIXE.replace('Europe/Zurich', 'Europe/Zurch'), 'tz.yaml');
    expect(problems(() => importPlan(app, f1))).toEqual(['tz.yaml: timezone: "Europe/Zurch" is not an IANA time zone (e.g. Europe/Zurich)']);
    const f2 = writePlan(app, 'timezone: Europe/Zurich\nevents: [\n  - id: x', 'broken.yaml');
    expect(problems(() => importPlan(app, f2))[0]).toMatch(/^broken\.yaml: line \d+: not valid YAML/);
    expect(new PlanRepo(app.db).timezone()).toBeNull();
  });
});

const CONTRACT_PLAN = `timezone: Europe/Zurich
events:
  - id: it-info-quarterly
    title: {de: IT-Informationsmeeting, en: IT information meeting}
    kind: info-meeting
    rrule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TU"
    start: 2027-01-05T10:00
    duration: PT1H
    audience: all
    channels: {slack: C0123456, teams: "19:abc@thread.tacv2"}
    owner: head.it@example.com
    reminders: [P7D, P1D]
    announce: P2D
    followUpSurvey: event-feedback
`;

describe('plan import: the Teams channel', () => {
  it('takes the channel id as the channel\'s link gives it (URL-encoded, or the whole link) and keeps the id Teams posts to', () => {
    app = testApp();
    const id = '19:a1b2c3@thread.tacv2';
    const given = [id, '19%3aa1b2c3%40thread.tacv2', 'https://teams.microsoft.com/l/channel/19%3Aa1b2c3%40thread.tacv2/IT%20News?groupId=g-1&tenantId=t-1'];
    for (const teams of given) {
      importYaml(app, CONTRACT_PLAN.replace('teams: "19:abc@thread.tacv2"', `teams: "${teams}"`));
      expect(new PlanRepo(app.db).event('it-info-quarterly')!.event.channels.teams, teams).toBe(id);
    }
  });
});

describe('plan import: the owner', () => {
  it('is refused when it is not an e-mail address (exit 2, file, entry and field), changing nothing', async () => {
    app = testApp();
    const db = join(app.dir, 'fresh.db');
    expect((await cli(['plan', 'import', writePlan(app, CONTRACT_PLAN, 'ok.yaml'), '--db', db])).code).toBe(0);
    const before = (await cli(['plan', 'ics', '--db', db])).out;
    const file = writePlan(app, CONTRACT_PLAN.replace('owner: head.it@example.com', 'owner: not an email').replace('announce: P2D', 'announce: P3D'), 'bad.yaml');
    const r = await cli(['plan', 'import', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}: events[0] (id it-info-quarterly): owner: "not an email" is not an e-mail address`);
    expect((await cli(['plan', 'ics', '--db', db])).out).toBe(before);
  });
});

describe('plan import before the people', () => {
  it('imports the contract example into a fresh database, with one warning line per name it cannot check yet', async () => {
    app = testApp();
    const db = join(app.dir, 'fresh.db');
    const file = writePlan(app, CONTRACT_PLAN.replace('audience: all', 'audience: [department:Finance, anna@example.com]'), 'contract.yaml');
    const r = await cli(['plan', 'import', file, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('plan imported: 1 new, 0 changed, 0 unchanged');
    const at = `warning: ${file}: events[0] (id it-info-quarterly)`;
    expect(r.err.split('\n')).toEqual([
      `${at}: audience: department "Finance" cannot be checked yet (the people directory is empty): the audience is whoever is in that department once the people are imported`,
      `${at}: audience: anna@example.com is not in the people directory (yet): it belongs to the audience once it is known`,
      `${at}: owner: head.it@example.com is not in the people directory (yet): reminders go to that address once it is known`,
      `${at}: followUpSurvey: no survey event-feedback (yet): create it (itbot survey create FILE) before an occurrence ends, or that occurrence gets no follow-up survey`,
    ]);
    const other = openDb(db);
    expect(new PlanRepo(other).event('it-info-quarterly')!.event.owner).toBe('head.it@example.com');
    other.close();
  });

  it('warns of a title or task in one language only, as the survey files do, and imports the plan', () => {
    app = testApp();
    withPeople(app);
    const yaml = JOUR_FIXE.replace('title: {de: Jour fixe mit den Finanzen, en: Jour-fixe with Finance}', 'title: {de: Nur deutsch}\n    task: {en: Only English}');
    const r = importYaml(app, yaml);
    expect(r.created).toBe(1);
    expect(r.warnings.map((w) => `${w.entry}: ${w.field}: ${w.message}`)).toEqual([
      'events[0] (id jf-finance): title.en: missing: English speakers will see the German text',
      'events[0] (id jf-finance): task.de: missing: German speakers will see the English text',
    ]);
    // (the text is still shown to both)
    expect(new PlanRepo(app.db).event('jf-finance')!.event.title).toEqual({ de: 'Nur deutsch', en: 'Nur deutsch' });
  });

  it('lists at most 100 warnings, then how many more, as it lists errors', async () => {
    app = testApp();
    const db = join(app.dir, 'fresh.db');
    const events = Array.from({ length: 150 }, (_, i) => `  - {id: ev-${i}, title: T, start: 2027-01-05T10:00, duration: PT1H, audience: all, owner: owner@example.com}`);
    const file = writePlan(app, `timezone: Europe/Zurich\nevents:\n${events.join('\n')}\n`, 'long.yaml');
    const r = await cli(['plan', 'import', file, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('plan imported: 150 new, 0 changed, 0 unchanged');
    const lines = r.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[99]).toBe(`warning: ${file}: events[99] (id ev-99): owner: owner@example.com is not in the people directory (yet): reminders go to that address once it is known`);
    expect(lines[100]).toBe('... and 50 more warnings');
  });

  it('warns of a reminder or announcement lead longer than the time between two occurrences, and imports the plan', async () => {
    app = testApp();
    withPeople(app);
    const file = writePlan(app, `timezone: Europe/Zurich
events:
  - {id: jf, title: T, kind: jour-fixe, rrule: "FREQ=WEEKLY;BYDAY=TU,TH", start: 2027-01-05T10:00, duration: PT1H, audience: all, owner: marco.keller@alpenfirn.example, reminders: [P1D, P3D], announce: P2D}
  - {id: monthly, title: T, kind: jour-fixe, rrule: "FREQ=MONTHLY;BYDAY=1TU", start: 2027-01-05T10:00, duration: PT1H, audience: all, owner: marco.keller@alpenfirn.example, reminders: [P7D], announce: P1M}
`, 'leads.yaml');
    const r = await cli(['plan', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('plan imported: 2 new, 0 changed, 0 unchanged');
    // Tuesday and Thursday are two days apart: P2D lands on the meeting before (no warning), P3D before it
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: events[0] (id jf): reminders[1]: P3D is longer than the time between two occurrences: the reminder for 2027-01-07T10:00 comes before 2027-01-05T10:00 has begun`,
      `warning: ${file}: events[1] (id monthly): announce: P1M is longer than the time between two occurrences: the announcement for 2027-02-02T10:00 comes before 2027-01-05T10:00 has begun`,
    ]);
  });

  it('warns of two reminders of the same lead written differently (P1D and PT24H), and imports the plan', async () => {
    app = testApp();
    withPeople(app);
    const file = writePlan(app, `timezone: Europe/Zurich
events:
  - {id: jf, title: T, kind: jour-fixe, start: 2027-01-05T10:00, duration: PT1H, audience: all, owner: marco.keller@alpenfirn.example, reminders: [P1D, PT24H, P1W, P7D, PT2H]}
`, 'same-leads.yaml');
    const r = await cli(['plan', 'import', file, '--db', app.file]);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      `warning: ${file}: events[0] (id jf): reminders[1]: PT24H is the same lead as P1D (they differ only on the days the clocks change): the owner gets one reminder for both; keep one of them`,
      `warning: ${file}: events[0] (id jf): reminders[3]: P7D is the same lead as P1W: the owner gets one reminder for both; keep one of them`,
    ]);
  });

  it('no warning for what the directory and the surveys know', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    await cli(['demo', 'load', '--db', db]);
    const file = writePlan(app, CONTRACT_PLAN.replace('head.it@example.com', 'head.it@alpenfirn.example').replace('audience: all', 'audience: [department:Finance, it-staff]'), 'known.yaml');
    const r = await cli(['plan', 'import', file, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
  });
});

describe('plan CLI', () => {
  it('demo load puts the plan in, and plan upcoming shows it', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const r = await cli(['plan', 'upcoming', '--from', '2027-01-04', '--to', '2027-01-10', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.out) as Array<Record<string, unknown>>;
    const ids = items.map((i) => i.eventId);
    expect(ids).toEqual(expect.arrayContaining(['it-info-quarterly', 'board-it-slot', 'walking-around', 'helpdesk-newsletter']));
    const info = items.find((i) => i.eventId === 'it-info-quarterly')!;
    expect(info).toMatchObject({ start: '2027-01-05T10:00:00+01:00', end: '2027-01-05T11:00:00+01:00', audience: 'all', owner: 'head.it@alpenfirn.example' });
    expect(typeof info.title).toBe('string');
    const text = await cli(['plan', 'upcoming', '--from', '2027-01-04', '--to', '2027-01-10', '--db', db]);
    expect(text.out).toMatch(/2027-01-05 10:00 {2}it-info-quarterly/);
    const ics = await cli(['plan', 'ics', '--db', db]);
    expect(ics.code).toBe(0);
    expect(ics.out.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(ics.out.endsWith('END:VCALENDAR\r')).toBe(true);
    const cal = new ICAL.Component(ICAL.parse(ics.out + '\n'));
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(19);
  });

  it('plan upcoming --to before the first day names today when no --from was given, not an option left out', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2027-03-10T08:00:00Z') });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    app = testApp();
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const alone = await cli(['plan', 'upcoming', '--to', '2027-03-01', '--db', app.file]);
    expect([alone.code, alone.err]).toEqual([2, '--to: 2027-03-01 is before today (2027-03-10), where the list starts without --from']);
    const both = await cli(['plan', 'upcoming', '--from', '2027-03-05', '--to', '2027-03-01', '--db', app.file]);
    expect([both.code, both.err]).toEqual([2, '--to: 2027-03-01 is before --from 2027-03-05']);
  });

  it('plan upcoming lists a skipped occurrence too, marked, with what the plan records for each', async () => {
    // (the week looked at lies ahead whatever day the test runs: nothing in it is overdue yet)
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-12-01T08:00:00Z') });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    app = testApp();
    const db = join(app.dir, 'cli.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const args = ['plan', 'upcoming', '--from', '2027-01-04', '--to', '2027-01-10', '--json', '--db', db];
    type Item = { eventId: string; occurrence: string; title: string; start: string; state: string };
    const list = async () => JSON.parse((await cli(args)).out) as Item[];
    const before = await list();
    const info = before.find((i) => i.eventId === 'it-info-quarterly')!;
    expect(info.state).toBe('planned');
    expect(new Set(before.map((i) => i.state))).toEqual(new Set(['planned']));
    const other = openDb(db);
    const repo = new PlanRepo(other);
    repo.setState('it-info-quarterly', '2027-01-05T10:00', 'skipped', 'head.it@alpenfirn.example', 'flu', new Date('2027-01-05T09:00:00Z'), new Date());
    repo.setState('board-it-slot', '2027-01-04T08:00', 'done', 'head.it@alpenfirn.example', null, new Date('2027-01-04T07:00:00Z'), new Date());
    other.close();
    const after = await list();
    // the same occurrences as before, with every contract field as it was: only the state added
    expect(after.map(({ state: _s, ...rest }) => rest)).toEqual(before.map(({ state: _s, ...rest }) => rest));
    expect(after.find((i) => i.eventId === 'it-info-quarterly')!.state).toBe('skipped');
    expect(after.find((i) => i.eventId === 'board-it-slot')!.state).toBe('done');
    expect(after.filter((i) => i.state === 'planned')).toHaveLength(before.length - 2);
    // the text marks them in ITBOT_LANG, the reason of a skip shown
    const text = async (lang: string) => (await cli(args.filter((a) => a !== '--json'), { ITBOT_LANG: lang })).out.split('\n');
    const en = await text('en');
    expect(en.find((l) => l.includes('it-info-quarterly'))).toMatch(/^2027-01-05 10:00 {2}it-info-quarterly {2}IT information meeting {2}\[all; head\.it@alpenfirn\.example\] {2}\(skipped: flu\)$/);
    expect(en.find((l) => l.includes('board-it-slot'))).toMatch(/ {2}\(done\)$/);
    expect(en.find((l) => l.includes('jf-finance'))).toMatch(/\]$/);
    const de = await text('de');
    expect(de.find((l) => l.includes('it-info-quarterly'))).toMatch(/ {2}\(ausgelassen: flu\)$/);
    expect(de.find((l) => l.includes('board-it-slot'))).toMatch(/ {2}\(erledigt\)$/);
  });

  it('plan upcoming shows control characters in a title instead of sending them to the terminal', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    const file = writePlan(app, `timezone: Europe/Zurich
events:
  - {id: review, title: "Review \\e[2J\\e]52;c;aGk=\\x07 now\\n  and then", kind: other, start: 2027-03-16T10:00, duration: PT1H, audience: it-staff, owner: marco.keller@alpenfirn.example}
  - {id: club, title: Digital club, kind: club, start: 2027-03-17T17:30, duration: PT2H, audience: all, owner: luca.rossi@alpenfirn.example}
`);
    expect((await cli(['plan', 'import', file, '--db', db])).code).toBe(0);
    const args = ['plan', 'upcoming', '--from', '2027-03-15', '--to', '2027-03-20', '--db', db];
    const text = (await cli(args)).out;
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(text.split('\n').filter(Boolean)).toEqual([
      '2027-03-16 10:00  review  Review \u241b[2J\u241b]52;c;aGk=\u2407 now / and then  [it-staff; marco.keller@alpenfirn.example]',
      '2027-03-17 17:30  club  Digital club  [all; luca.rossi@alpenfirn.example]',
    ]);
    // (JSON escapes them itself: the title there is the plan's)
    const json = JSON.parse((await cli([...args, '--json'])).out) as Array<{ title: string }>;
    expect(json[0]!.title).toBe('Review \u001b[2J\u001b]52;c;aGk=\u0007 now\n  and then');
  });

  it('import errors exit 2 with one line per problem on stderr', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    await cli(['demo', 'load', '--db', db]);
    const file = writePlan(app, JOUR_FIXE.replace('department:Finance', 'department:Finanze').replace('BYDAY=TU', 'BYDAY=TX'), 'x.yaml');
    const r = await cli(['plan', 'import', file, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(2);
    expect(r.err).toMatch(/x\.yaml: events\[0\] \(id jf-finance\): audience: unknown department "Finanze" \(no one in the people directory belongs to it\)/);
    expect((await cli(['plan', 'upcoming', '--from', 'tomorrow', '--db', db])).code).toBe(2);
  });

  it('refuses rule combinations RFC 5545 forbids (exit 2, every one named), and takes YEARLY with BYWEEKNO', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    const ev = (id: string, rrule: string, start: string) => `  - {id: ${id}, title: T, kind: other, rrule: "${rrule}", start: ${start}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}\n`;
    const bad = 'timezone: Europe/Zurich\nevents:\n'
      + ev('wk-weekno', 'FREQ=WEEKLY;BYDAY=TH;BYWEEKNO=53', '2026-12-31T09:00')
      + ev('wk-md', 'FREQ=WEEKLY;BYMONTHDAY=5', '2027-01-05T09:00')
      + ev('mo-weekno', 'FREQ=MONTHLY;BYWEEKNO=2', '2027-01-11T09:00')
      + ev('day-yd', 'FREQ=DAILY;BYYEARDAY=5', '2027-01-05T09:00')
      + ev('mo-yd', 'FREQ=MONTHLY;BYYEARDAY=5', '2027-01-05T09:00')
      + ev('wk-1tu', 'FREQ=WEEKLY;BYDAY=1TU', '2027-01-05T09:00')
      + ev('yr-weekno-1mo', 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO', '2027-01-04T09:00')
      + ev('setpos', 'FREQ=MONTHLY;BYSETPOS=1', '2027-01-05T09:00')
      + ev('two', 'FREQ=DAILY;BYMONTHDAY=5;BYWEEKNO=1;BYDAY=-1FR', '2027-01-05T09:00');
    const r = await cli(['plan', 'import', writePlan(app, bad, 'rfc.yaml'), '--db', db]);
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n').map((l) => l.replace(`${app.dir}/`, ''));
    const line = (i: number, id: string) => lines.find((l) => l.startsWith(`rfc.yaml: events[${i}] (id ${id}): rrule: `)) ?? `(no line for ${id})`;
    expect(line(0, 'wk-weekno')).toMatch(/BYWEEKNO only with FREQ=YEARLY \(not WEEKLY\)/);
    expect(line(1, 'wk-md')).toMatch(/BYMONTHDAY not with FREQ=WEEKLY/);
    expect(line(2, 'mo-weekno')).toMatch(/BYWEEKNO only with FREQ=YEARLY \(not MONTHLY\)/);
    expect(line(3, 'day-yd')).toMatch(/BYYEARDAY only with FREQ=YEARLY \(not DAILY\)/);
    expect(line(4, 'mo-yd')).toMatch(/BYYEARDAY only with FREQ=YEARLY \(not MONTHLY\)/);
    expect(line(5, 'wk-1tu')).toMatch(/a numbered BYDAY \(1TU\) only with FREQ=MONTHLY or FREQ=YEARLY \(not WEEKLY\)/);
    expect(line(6, 'yr-weekno-1mo')).toMatch(/a numbered BYDAY \(1MO\) not with BYWEEKNO/);
    expect(line(7, 'setpos')).toMatch(/BYSETPOS only together with another BYxxx part/);
    // every problem of one rule, on its line
    expect(line(8, 'two')).toMatch(/BYWEEKNO only with FREQ=YEARLY \(not DAILY\); a numbered BYDAY \(-1FR\) only with FREQ=MONTHLY or FREQ=YEARLY \(not DAILY\)/);
    expect(lines.filter((l) => l.includes(': rrule: '))).toHaveLength(9);
    const none = await cli(['plan', 'upcoming', '--json', '--from', '2027-01-01', '--to', '2027-12-31', '--db', db]);
    expect(JSON.parse(none.out)).toEqual([]);
    // valid: the Monday of ISO week 1, and monthly on the 5th
    const good = 'timezone: Europe/Zurich\nevents:\n' + ev('yr-weekno', 'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO', '2027-01-04T09:00') + ev('mo-md', 'FREQ=MONTHLY;BYMONTHDAY=5', '2027-01-05T09:00');
    expect((await cli(['plan', 'import', writePlan(app, good, 'ok.yaml'), '--db', db])).code).toBe(0);
  });

  it('plan upcoming and plan report refuse ranges they cannot expand in reasonable time (exit 2, naming the limit)', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const year = await cli(['plan', 'report', '--year', '9999', '--db', db]);
    expect(year.code).toBe(2);
    expect(year.err).toMatch(/^--year: 9999 is more than 100 years ahead \(the last year reported is \d{4}\)$/);
    const long = await cli(['plan', 'upcoming', '--from', '2027-01-01', '--to', '2032-01-02', '--json', '--db', db]);
    expect(long.code).toBe(2);
    expect(long.err).toBe('--to: 2032-01-02 is more than 5 years after --from 2027-01-01 (the longest range listed); ask for a shorter one');
    // exactly five years is fine
    const five = await cli(['plan', 'upcoming', '--from', '2027-01-01', '--to', '2032-01-01', '--json', '--db', db]);
    expect(five.code).toBe(0);
    expect((JSON.parse(five.out) as unknown[]).length).toBeGreaterThan(1000);
    // (checked before anything is expanded: these took minutes and gigabytes)
    const far = await cli(['plan', 'upcoming', '--from', '2027-01-01', '--to', '9999-12-31', '--json', '--db', db]);
    expect(far.code).toBe(2);
    expect(far.out).toBe('');
    expect(far.err).toMatch(/^--to: 9999-12-31 is more than 100 years ahead \(the last day listed is \d{4}-12-31\)$/);
    const farFrom = await cli(['plan', 'upcoming', '--from', '9000-01-01', '--to', '9000-01-02', '--db', db]);
    expect(farFrom.code).toBe(2);
    expect(farFrom.err).toMatch(/^--from: 9000-01-01 is more than 100 years ahead/);
  });

  it('report shows planned, done, skipped, overdue per kind and quarter', async () => {
    app = testApp();
    const db = join(app.dir, 'cli.db');
    await cli(['demo', 'load', '--db', db]);
    const r = await cli(['plan', 'report', '--year', '2027', '--json', '--db', db]);
    expect(r.code).toBe(0);
    const rep = JSON.parse(r.out);
    expect(rep.year).toBe(2027);
    const jf = rep.rows.filter((x: { kind: string }) => x.kind === 'jour-fixe');
    expect(jf.map((x: { quarter: string }) => x.quarter)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(jf[0]).toMatchObject({ done: 0, skipped: 0 });
    expect(rep.totals.planned).toBeGreaterThan(100);
  });

  it('refuses a file in another time zone that would move the events not in it; --replace takes it', async () => {
    app = testApp();
    withPeople(app);
    const event = (id: string, start: string) =>
      `  - {id: ${id}, title: ${id}, kind: other, start: ${start}, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}\n`;
    const ny = writePlan(app, 'timezone: America/New_York\nevents:\n' + event('late', '2027-03-10T23:30'), 'ny.yaml');
    const zh = writePlan(app, 'timezone: Europe/Zurich\nevents:\n' + event('other-one', '2027-01-05T10:00'), 'zh.yaml');
    const db = ['--db', app.file];
    const upcoming = async () => JSON.parse((await cli(['plan', 'upcoming', '--from', '2027-01-01', '--to', '2027-03-31', '--json', ...db])).out)
      .map((o: { eventId: string; start: string }) => `${o.eventId} ${o.start}`);
    expect((await cli(['plan', 'import', ny, ...db])).code).toBe(0);
    expect(await upcoming()).toEqual(['late 2027-03-10T23:30:00-05:00']);
    const r = await cli(['plan', 'import', zh, ...db]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(`${zh}: timezone: Europe/Zurich is not the plan's time zone (America/New_York): the event not in this file (late) would move to other times; use timezone: America/New_York, or import with --replace to make this file the whole plan`);
    expect(new PlanRepo(app.db).timezone()).toBe('America/New_York');
    expect(await upcoming()).toEqual(['late 2027-03-10T23:30:00-05:00']);
    // a file that holds every event may change the zone: nothing else moves
    const both = writePlan(app, 'timezone: Europe/Zurich\nevents:\n' + event('late', '2027-03-10T23:30') + event('other-one', '2027-01-05T10:00'), 'both.yaml');
    expect((await cli(['plan', 'import', both, ...db])).out).toBe('plan imported: 1 new, 1 changed, 0 unchanged');
    expect(await upcoming()).toEqual(['other-one 2027-01-05T10:00:00+01:00', 'late 2027-03-10T23:30:00+01:00']);
    // --replace makes the file the whole plan, in its zone
    expect((await cli(['plan', 'import', ny, '--replace', ...db])).code).toBe(0);
    expect(await upcoming()).toEqual(['late 2027-03-10T23:30:00-05:00']);
  });

  it('stores the time zone as the time zone database spells it: the same zone written in other letters is no other zone', async () => {
    app = testApp();
    withPeople(app);
    const event = (id: string) => `  - {id: ${id}, title: ${id}, kind: other, start: 2027-01-05T10:00, duration: PT1H, audience: all, owner: head.it@alpenfirn.example}\n`;
    const db = ['--db', app.file];
    expect((await cli(['plan', 'import', writePlan(app, 'timezone: EUROPE/ZURICH\nevents:\n' + event('one'), 'a.yaml'), ...db])).code).toBe(0);
    expect(new PlanRepo(app.db).timezone()).toBe('Europe/Zurich');
    expect((await cli(['plan', 'ics', ...db])).out).toContain('TZID=Europe/Zurich:');
    // another file of the same plan, written in other letters, adds its event without a zone change
    const r = await cli(['plan', 'import', writePlan(app, 'timezone: europe/zurich\nevents:\n' + event('two'), 'b.yaml'), ...db]);
    expect([r.code, r.out]).toEqual([0, 'plan imported: 1 new, 0 changed, 0 unchanged']);
  });
});
