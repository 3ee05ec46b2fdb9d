import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { FakeSender, testApp, withFakeSender, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { planReport, REMOVED_KIND } from '../../src/plan/report.ts';
import { planFeature } from '../../src/plan/feature.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { importYaml, JOUR_FIXE, machinery, rows, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const FAIR = `  - id: fair
    title: IT fair
    kind: it-fair
    start: 2027-03-10T10:00
    duration: PT6H
    audience: all
    owner: sandra.meier@alpenfirn.example
`;

describe('plan report after an event was removed from the plan', () => {
  it('keeps counting what was recorded for it, so reasons and totals agree, one line per reason', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE + FAIR);
    const repo = new PlanRepo(app.db);
    repo.setState('fair', '2027-03-10T10:00', 'skipped', 'sandra.meier@alpenfirn.example', 'Raum besetzt\nzweite Zeile', new Date('2027-03-10T09:00:00Z'), app.clock.now());
    repo.setState('jf-finance', '2027-03-02T09:00', 'done', 'marco.keller@alpenfirn.example', null, new Date('2027-03-02T08:00:00Z'), app.clock.now());
    const before = planReport(app, 2027);
    importYaml(app, JOUR_FIXE, { replace: true }); // the fair is removed

    const r = planReport(app, 2027);
    expect(r.totals).toEqual(before.totals);
    expect(r.totals.skipped).toBe(r.skippedReasons.length);
    expect(r.rows.find((x) => x.kind === REMOVED_KIND)).toMatchObject({ quarter: 'Q1', planned: 1, skipped: 1 });

    const out = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(out.code).toBe(0);
    const lines = out.out.split('\n');
    expect(lines).toContain('skipped fair 2027-03-10T10:00: Raum besetzt / zweite Zeile');
    expect(lines.filter((l) => l.startsWith('zweite'))).toEqual([]);
  });
});

describe('plan report: missed reminders and announcements', () => {
  it('counts a reminder or an announcement the platform refused for good (dead) as missed, not only the expired ones', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    importYaml(app, `timezone: Europe/Zurich
events:
  - {id: fair, title: IT fair, kind: it-fair, start: 2027-03-10T10:00, duration: PT6H, audience: all, owner: sandra.meier@alpenfirn.example, reminders: [P7D], announce: P2D, channels: {slack: C0GONE}}
`);
    // the owner has left Slack and the channel is gone: every post is refused for good
    const sender = withFakeSender(app, new FakeSender('slack', (_n, item) => ({ status: 'dead', error: item.kind === 'plan-reminder' ? 'user_not_found' : 'channel_not_found' })));
    const { step } = machinery(app);
    for (const at of ['2027-03-03T09:00:00Z', '2027-03-08T09:00:00Z']) {
      app.clock.set(at);
      await step();
    }
    expect(sender.calls).toBeGreaterThan(0);
    expect(rows(app, "kind IN ('plan-reminder', 'plan-announce') AND platform = 'slack'").map((r) => [r.kind, r.state])).toEqual([
      ['plan-reminder', 'dead'],
      ['plan-announce', 'dead'],
    ]);
    app.clock.set('2027-03-20T09:00:00Z');
    const r = planReport(app, 2027);
    expect(r.rows.find((x) => x.kind === 'it-fair')).toMatchObject({ quarter: 'Q1', planned: 1, overdue: 1, missedReminders: 1, missedAnnouncements: 1 });
    const out = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(out.out).toContain('missed reminders 1, missed announcements 1');
  });
});

describe('plan report without a plan', () => {
  it('says that no plan is imported instead of an empty table; the JSON keeps its shape', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    const out = await cli(['plan', 'report', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(out.code).toBe(0);
    expect(out.out.trim()).toBe('no plan imported yet (itbot plan import FILE, or itbot demo load)');
    const json = await cli(['plan', 'report', '--json', '--db', app.file]);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(Object.keys(r)).toEqual(['year', 'timezone', 'rows', 'totals', 'skippedReasons', 'feedback']);
    expect([r.rows, r.skippedReasons, r.totals.planned, r.feedback.events, r.feedback.kinds]).toEqual([[], [], 0, [], []]);
  });

  it('says so when a year of an imported plan has nothing planned', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const out = await cli(['plan', 'report', '--year', '2026', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(out.out.trim().split('\n')).toEqual(['plan against actual 2026 (Europe/Zurich)', 'nothing planned in 2026']);
  });
});

describe('plan report and plan upcoming text in ITBOT_LANG', () => {
  it('writes the headings, the table, the totals and the skip reasons in German with ITBOT_LANG=de, in English with en; the JSON is the same in both', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    const none = { report: await cli(['plan', 'report', '--db', app.file], { ITBOT_LANG: 'de' }), upcoming: await cli(['plan', 'upcoming', '--db', app.file], { ITBOT_LANG: 'de' }) };
    expect([none.report.out, none.upcoming.out]).toEqual(['noch kein Plan importiert (itbot plan import DATEI, oder itbot demo load)', 'noch kein Plan importiert (itbot plan import DATEI, oder itbot demo load)']);
    importYaml(app, JOUR_FIXE + FAIR);
    new PlanRepo(app.db).setState('fair', '2027-03-10T10:00', 'skipped', 'sandra.meier@alpenfirn.example', 'Raum besetzt', new Date('2027-03-10T09:00:00Z'), app.clock.now());
    const args = ['plan', 'report', '--year', '2027', '--db', app.file];
    const expected = {
      de: {
        head: [
          'Jahresplan und Kontrolle 2027 (Europe/Zurich)',
          'Art                   Quartal  geplant  erledigt  ausgelassen  überfällig  offen  verpasste-Erinnerungen  verpasste-Ankündigungen',
          'IT-Messe              Q1             1         0            1           0      0                       0                        0',
        ],
        total: 'Total: geplant 45, erledigt 0, ausgelassen 1, überfällig 0, offen 44, verpasste Erinnerungen 0, verpasste Ankündigungen 0',
        skipped: 'ausgelassen fair 2027-03-10T10:00: Raum besetzt',
      },
      // English as it always was
      en: {
        head: [
          'plan against actual 2027 (Europe/Zurich)',
          'kind                  quarter  planned  done  skipped  overdue  open  missed-reminders  missed-announcements',
          'IT fair               Q1             1     0        1        0     0                 0                     0',
        ],
        total: 'total: planned 45, done 0, skipped 1, overdue 0, open 44, missed reminders 0, missed announcements 0',
        skipped: 'skipped fair 2027-03-10T10:00: Raum besetzt',
      },
    };
    for (const lang of ['de', 'en'] as const) {
      const out = (await cli(args, { ITBOT_LANG: lang })).out.split('\n');
      expect(out.slice(0, 3)).toEqual(expected[lang].head);
      expect(out.filter((l) => l.startsWith('Jour fixe   '))).toHaveLength(4);
      expect(out).toContain(expected[lang].total);
      expect(out).toContain(expected[lang].skipped);
      if (lang === 'de') expect(out.join('\n')).not.toMatch(/plan against actual|planned|total:|skipped|ß/);
    }
    const json = (lang: string) => cli([...args, '--json'], { ITBOT_LANG: lang });
    expect((await json('de')).out).toBe((await json('en')).out);

    const empty = ['plan', 'upcoming', '--from', '2027-12-25', '--to', '2027-12-26', '--db', app.file];
    expect((await cli(empty, { ITBOT_LANG: 'de' })).out).toBe('nichts geplant vom 2027-12-25 bis 2027-12-26');
    expect((await cli(empty, { ITBOT_LANG: 'en' })).out).toBe('nothing planned from 2027-12-25 to 2027-12-26');
  });
});

describe('plan report text: the kinds by name', () => {
  it('names each kind in ITBOT_LANG, as the admin plan page does, the column as wide as the longest name; the JSON keeps the ids', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    // (the German name of a management meeting is longer than the column's 20 characters)
    // (and a club, whose German name, Stammtisch, sorts last where its id sorts first)
    importYaml(app, JOUR_FIXE + FAIR + `  - {id: board, title: IT mit der GL, kind: management-meeting, start: 2027-05-04T14:00, duration: PT1H, audience: managers, owner: sandra.meier@alpenfirn.example}
  - {id: club, title: IT-Stamm, kind: club, start: 2027-06-10T17:00, duration: PT2H, audience: all, owner: sandra.meier@alpenfirn.example}
`);
    const args = ['plan', 'report', '--year', '2027', '--db', app.file];
    const table = (out: string) => out.split('\n').slice(1).filter((l) => / Q[1-4] /.test(l) || l.startsWith('Art ') || l.startsWith('kind '));
    const de = table((await cli(args, { ITBOT_LANG: 'de' })).out);
    const en = table((await cli(args, { ITBOT_LANG: 'en' })).out);
    const kinds = (lines: string[]) => [...new Set(lines.slice(1).map((l) => l.slice(0, l.search(/ {2,}Q[1-4] /))))];
    // (in the order of the names in the report's language)
    expect(kinds(de)).toEqual(['IT-Messe', 'Jour fixe', 'Sitzung mit der Geschäftsleitung', 'Stammtisch']);
    expect(kinds(en)).toEqual(['Club', 'IT fair', 'Jour fixe', 'Management meeting']);
    // every row's quarter under the heading's, the longest name included
    for (const lines of [de, en]) {
      const at = lines[0]!.search(/ (Quartal|quarter) /) + 1;
      for (const l of lines.slice(1)) expect(l.slice(at, at + 3)).toMatch(/^Q[1-4] $/);
    }
    expect(de.join('\n')).not.toMatch(/jour-fixe|it-fair|management-meeting/);
    const json = JSON.parse((await cli([...args, '--json'], { ITBOT_LANG: 'de' })).out) as { rows: Array<{ kind: string }> };
    expect([...new Set(json.rows.map((x) => x.kind))]).toEqual(['club', 'it-fair', 'jour-fixe', 'management-meeting']);
  });

  it('names the kind of events removed from the plan in ITBOT_LANG', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE + FAIR);
    new PlanRepo(app.db).setState('fair', '2027-03-10T10:00', 'skipped', 'sandra.meier@alpenfirn.example', 'Raum besetzt', new Date('2027-03-10T09:00:00Z'), app.clock.now());
    importYaml(app, JOUR_FIXE, { replace: true });
    const row = async (lang: string) => (await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: lang })).out.split('\n').find((l) => l.startsWith('('));
    expect(await row('de')).toMatch(/^\(nicht mehr im Plan\) +Q1 +1 /);
    expect(await row('en')).toMatch(/^\(removed from plan\) +Q1 +1 /);
  });
});

describe('a head of IT the directory does not have', () => {
  const typo = { ITBOT_HEAD_OF_IT: 'regula.bruner@alpenfirn.example' };

  it('plan report says so, in its language, and who gets the overdue notices instead; the JSON names it too', async () => {
    app = testApp({ now: '2027-03-20T09:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const en = await cli(['plan', 'report', '--db', app.file], { ...typo, ITBOT_LANG: 'en' });
    expect(en.code).toBe(0);
    expect(en.out.split('\n')[1]).toBe('ITBOT_HEAD_OF_IT=regula.bruner@alpenfirn.example is not in the people directory: overdue notices go to Regula Brunner (head.it@alpenfirn.example).');
    const de = await cli(['plan', 'report', '--db', app.file], { ...typo, ITBOT_LANG: 'de' });
    expect(de.out.split('\n')[1]).toBe('ITBOT_HEAD_OF_IT=regula.bruner@alpenfirn.example ist nicht im Personenverzeichnis: die Meldungen über überfällige Termine gehen an Regula Brunner (head.it@alpenfirn.example).');
    const json = JSON.parse((await cli(['plan', 'report', '--json', '--db', app.file], typo)).out);
    expect(json.headOfItProblem).toMatch(/^ITBOT_HEAD_OF_IT=regula\.bruner@alpenfirn\.example is not in the people directory/);
    // the right address: nothing to say
    const right = await cli(['plan', 'report', '--json', '--db', app.file], { ITBOT_HEAD_OF_IT: 'head.it@alpenfirn.example' });
    expect(JSON.parse(right.out)).not.toHaveProperty('headOfItProblem');
  });

  it('the server says so when it starts', () => {
    app = testApp({ now: '2027-03-20T09:00:00Z', env: typo });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const warned: unknown[][] = [];
    app.log = { ...app.log, warn: (...args: unknown[]) => void warned.push(args) } as typeof app.log;
    const running = planFeature.start!(app);
    onTestFinished(() => running.stop());
    expect(warned.map((w) => w[1])).toContain('ITBOT_HEAD_OF_IT=regula.bruner@alpenfirn.example is not in the people directory: overdue notices go to Regula Brunner (head.it@alpenfirn.example).');
  });
});
