import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { buildProgram } from '../../src/cli/main.ts';
import { createApp } from '../../src/app.ts';
import { openDb } from '../../src/store/db.ts';
import { PlanRepo } from '../../src/store/plan-repo.ts';
import { planReport } from '../../src/plan/report.ts';
import { calendarItems } from '../../adapters/web/admin/plan-page.ts';
import { importYaml, JOUR_FIXE, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** Runs `itbot ARGS` on the test app's database, at the test app's clock. */
async function itbot(args: string[]): Promise<string> {
  const out: string[] = [];
  const program = buildProgram({
    out: (s) => out.push(s),
    err: () => {},
    openApp: () => createApp({ config: app.config, db: openDb(app.file), clock: app.clock }),
  });
  await program.parseAsync(['node', 'itbot', ...args]);
  return out.join('\n');
}

describe('plan upcoming: the state of an occurrence', () => {
  it('is overdue once it ended more than a day ago with nothing recorded, as plan report and the admin calendar count it', async () => {
    // Tuesday 16 March 2027, 21:00 in Zurich: today's jour-fixe (09:00-10:00) ended 11 hours ago
    app = testApp({ now: '2027-03-16T20:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    new PlanRepo(app.db).setState('jf-finance', '2027-03-02T09:00', 'done', 'marco.keller@alpenfirn.example', null, new Date('2027-03-02T10:00:00Z'), app.clock.now());

    type Item = { occurrence: string; state: string };
    const list = JSON.parse(await itbot(['plan', 'upcoming', '--from', '2027-03-01', '--to', '2027-03-31', '--json'])) as Item[];
    expect(list.map((i) => [i.occurrence, i.state])).toEqual([
      ['2027-03-02T09:00', 'done'],
      ['2027-03-09T09:00', 'overdue'], // ended a week ago, nothing recorded, the head of IT not (yet) told
      ['2027-03-16T09:00', 'planned'], // ended less than a day ago: still time to record it
      ['2027-03-23T09:00', 'planned'],
      ['2027-03-30T09:00', 'planned'],
    ]);
    // the admin calendar says the same of each
    const calendar = calendarItems(app, 'en', '2027-03-01', '2027-03-31')!.items;
    expect(calendar.map((i) => [i.occurrence, i.state])).toEqual(list.map((i) => [i.occurrence, i.state]));
    // and the report counts as many overdue over the year
    const year = JSON.parse(await itbot(['plan', 'upcoming', '--from', '2027-01-01', '--to', '2027-12-31', '--json'])) as Item[];
    expect(year.filter((i) => i.state === 'overdue')).toHaveLength(planReport(app, 2027).totals.overdue);
    // the text marks it too
    const text = (await itbot(['plan', 'upcoming', '--from', '2027-03-01', '--to', '2027-03-31'])).split('\n');
    expect(text.find((l) => l.startsWith('2027-03-09'))).toMatch(/ {2}\(overdue\)$/);
    expect(text.find((l) => l.startsWith('2027-03-16'))).toMatch(/\]$/);

    // a day later today's is overdue as well
    app.clock.set('2027-03-17T10:00:01Z');
    const later = JSON.parse(await itbot(['plan', 'upcoming', '--from', '2027-03-16', '--to', '2027-03-16', '--json'])) as Item[];
    expect(later.map((i) => i.state)).toEqual(['overdue']);
  });
});

describe('plan upcoming --json: the audience as the file wrote it', () => {
  it('a list of one term stays a list, a plain value stays a plain value, and writing it as a list changes nothing in the plan', async () => {
    app = testApp({ now: '2027-02-20T09:00:00Z' });
    withPeople(app);
    importYaml(app, JOUR_FIXE);
    const audiences = async () => (JSON.parse(await itbot(['plan', 'upcoming', '--from', '2027-03-01', '--to', '2027-03-03', '--json'])) as Array<{ audience: unknown }>).map((i) => i.audience);
    expect(await audiences()).toEqual(['department:Finance']);
    const before = new PlanRepo(app.db).event('jf-finance')!;
    expect(importYaml(app, JOUR_FIXE.replace('audience: department:Finance', 'audience: [department:Finance]'))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await audiences()).toEqual([['department:Finance']]);
    const after = new PlanRepo(app.db).event('jf-finance')!;
    expect([after.updatedAt, after.revision]).toEqual([before.updatedAt, before.revision]);
  });
});
