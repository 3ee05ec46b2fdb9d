import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputProblems } from '../doubles/input.ts';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { InputError } from '../../src/errors.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { openSurveys } from '../../adapters/slack/home.ts';
import type { Person } from '../../src/people/person.ts';
import { click, flat } from '../doubles/app.ts';
import { answer, basic, count, people, surveyFile } from './helpers.ts';

// the fake clock stands at 2027-01-04T09:00Z (10:00 in Zurich)
let app: TestApp;
beforeEach(() => {
  app = testApp({ env: { ITBOT_TIMEZONE: 'Europe/Zurich' } });
  people(app, { Sales: 3 });
});
afterEach(() => app.cleanup());

/** The problems of a create that must fail, as "field: message" lines. */
function refused(def: Record<string, unknown>): string[] {
  const file = surveyFile(app.dir, def);
  try {
    createSurvey(app, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    for (const p of (e as InputError).problems) expect(p.file).toBe(file);
    return (e as InputError).problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('the survey was created');
}

describe('audiences that match nobody', () => {
  it('survey send warns once per audience entry that matches nobody, and invites the rest', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    const file = surveyFile(app.dir, basic({ audience: ['sales-1@x.example', 'nobody@x.example', 'department:Nope', 'department:Sales'] }));
    const created = await cli(['survey', 'create', file, ...db]);
    expect(created.code).toBe(0);
    expect(created.out).toBe('pulse');
    expect(created.err.split('\n')).toEqual([
      `warning: ${file}: audience: nobody@x.example matches nobody in the people directory (yet): a send invites only people in it`,
      `warning: ${file}: audience: department:Nope matches nobody in the people directory (yet): a send invites only people in it`,
    ]);
    const sent = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(sent.code).toBe(0);
    expect(sent.out).toMatch(/opened, 3 invitations queued/);
    expect(sent.err.split('\n')).toEqual([
      'warning: survey pulse: audience: nobody@x.example matches nobody in the people directory: nobody invited for it',
      'warning: survey pulse: audience: department:Nope matches nobody in the people directory: nobody invited for it',
    ]);
  });

  it('a department named by its German or English name instead of its id says how to write it', () => {
    app.people.upsertDepartment({ id: 'Sales', nameDe: 'Verkauf', nameEn: 'Sales team', keyAccountEmail: null, itChannelSlack: null, itChannelTeams: null });
    const created = createSurvey(app, surveyFile(app.dir, basic({ audience: ['department:Verkauf', 'department:sales team', 'department:Nope'] })));
    expect(created.warnings.map((w) => `${w.field}: ${w.message}`)).toEqual([
      'audience: department:Verkauf (Verkauf is the name of department Sales: write department:Sales) matches nobody in the people directory (yet): a send invites only people in it',
      'audience: department:sales team (sales team is the name of department Sales: write department:Sales) matches nobody in the people directory (yet): a send invites only people in it',
      'audience: department:Nope matches nobody in the people directory (yet): a send invites only people in it',
    ]);
  });

  it('survey send warns when fewer people are invited than the group size, since every figure would be withheld', () => {
    createSurvey(app, surveyFile(app.dir, basic({ audience: ['sales-1@x.example', 'sales-2@x.example'] })));
    const r = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    expect(r.notes.map((n) => `${n.field}: ${n.message}`)).toEqual(['minGroupSize: 3 is more than the 2 people invited: every figure of this run will be withheld']);
    createSurvey(app, surveyFile(app.dir, basic({ id: 'enough', audience: 'department:Sales' })));
    expect(startSurveyRun(app, 'enough', { runKey: 'r1', scheduled: false }).notes).toEqual([]);
  });

  it('survey create and send list at most 100 warnings, then how many more', async () => {
    app.clock.set(new Date()); // the CLI runs on the real clock
    const db = ['--db', app.file];
    const nobody = Array.from({ length: 150 }, (_, i) => `nobody-${i}@x.example`);
    const created = await cli(['survey', 'create', surveyFile(app.dir, basic({ audience: [...nobody, 'department:Sales'] })), ...db]);
    expect(created.code).toBe(0);
    const lines = created.err.split('\n');
    expect(lines).toHaveLength(101);
    expect(lines[99]).toMatch(/^warning: .*: audience: nobody-99@x\.example matches nobody in the people directory \(yet\)/);
    expect(lines[100]).toBe('... and 50 more warnings');
    const sent = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(sent.code).toBe(0);
    expect(sent.err.split('\n')).toHaveLength(101);
    expect(sent.err.split('\n')[100]).toBe('... and 50 more warnings');
  });

  it('survey send refuses an audience that matches nobody at all: exit 2, no run, nothing queued', async () => {
    app.clock.set(new Date());
    const db = ['--db', app.file];
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic({ audience: 'department:Nope' })), ...db])).code).toBe(0);
    const sent = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(sent.code).toBe(2);
    expect(sent.out).toBe('');
    expect(sent.err).toBe('survey pulse: audience: department:Nope matches nobody in the people directory: no run opened, nothing queued (import the people first, or change the audience)');
    expect(new SurveyRepo(app.db).runs('pulse')).toEqual([]);
    expect(count(app, 'SELECT count(*) AS n FROM outbox')).toBe(0);
    // once the people are there, the same send works
    people(app, { Nope: 3 });
    expect((await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' })).out).toMatch(/opened, 3 invitations queued/);
  });

  it('survey send refusing an audience that matches nobody says how to write a department named by its name', async () => {
    app.clock.set(new Date());
    const db = ['--db', app.file];
    app.people.upsertDepartment({ id: 'Sales', nameDe: 'Verkauf', nameEn: 'Sales team', keyAccountEmail: null, itChannelSlack: null, itChannelTeams: null });
    expect((await cli(['survey', 'create', surveyFile(app.dir, basic({ audience: ['department:Verkauf', 'nobody@x.example'] })), ...db])).code).toBe(0);
    const sent = await cli(['survey', 'send', 'pulse', ...db], { ITBOT_LANG: 'en' });
    expect(sent.code).toBe(2);
    expect(sent.err).toBe('survey pulse: audience: department:Verkauf (Verkauf is the name of department Sales: write department:Sales), nobody@x.example matches nobody in the people directory: no run opened, nothing queued (import the people first, or change the audience)');
  });

  it('a scheduled run (a wave, a plan follow-up) still opens, so that the scheduler does not retry it every tick', () => {
    createSurvey(app, surveyFile(app.dir, basic({ audience: 'department:Nope' })));
    const r = startSurveyRun(app, 'pulse', { runKey: 'wave:2027-01-04', scheduled: true });
    expect(r).toMatchObject({ created: true, queued: 0 });
    expect(r.notes.map((n) => n.field)).toEqual(['audience']);
  });
});

describe('fixed close times', () => {
  it('refuses a close or start date that does not exist, naming the file and field', () => {
    expect(refused(basic({ closes: '2027-02-30T10:00' }))).toEqual(['closes: "2027-02-30T10:00" is no such date and time (a local time such as 2027-03-31T17:00)']);
    expect(refused(basic({ closes: '2027-04-01T24:30' }))).toEqual(['closes: "2027-04-01T24:30" is no such date and time (a local time such as 2027-03-31T17:00)']);
    expect(refused(basic({ rrule: 'FREQ=MONTHLY', start: '2027-02-29T09:00', closes: 'P14D', reminders: [] }))).toEqual([
      'start: "2027-02-29T09:00" is no such date and time (a local time such as 2027-01-11T09:00)',
    ]);
    expect(count(app, 'SELECT count(*) AS n FROM surveys')).toBe(0);
    // the last day of February and the leap day of a leap year are fine
    expect(createSurvey(app, surveyFile(app.dir, basic({ closes: '2027-02-28T10:00' }))).status).toBe('created');
    expect(createSurvey(app, surveyFile(app.dir, basic({ id: 'leap', closes: '2028-02-29T10:00', reminders: [] }))).status).toBe('created');
  });

  it('refuses at create a reminder that a send now would put after a fixed close, and a close that has passed', () => {
    // closes in 3 days and 7 hours
    expect(refused(basic({ closes: '2027-01-07T17:00', reminders: ['P1D', 'P4D', 'P10D'] }))).toEqual([
      'reminders[1]: P4D is not before the close (2027-01-07T17:00): a send now would remind after it',
      'reminders[2]: P10D is not before the close (2027-01-07T17:00): a send now would remind after it',
    ]);
    expect(refused(basic({ closes: '2027-01-04T09:59', reminders: [] }))).toEqual(['closes: 2027-01-04T09:59 (Europe/Zurich) has passed already: a send would be refused']);
    expect(count(app, 'SELECT count(*) AS n FROM surveys')).toBe(0);
    const file = surveyFile(app.dir, basic({ closes: '2027-01-07T17:00', reminders: ['P1D', 'P3D'] }));
    expect(createSurvey(app, file).status).toBe('created');
    // the same file again, later: unchanged, not refused
    app.clock.advance(5 * 86_400_000);
    expect(createSurvey(app, file).status).toBe('unchanged');
  });

  it('reports at send a reminder that falls after the fixed close; it is never queued', () => {
    createSurvey(app, surveyFile(app.dir, basic({ closes: '2027-01-10T17:00', reminders: ['P2D', 'P5D'] })));
    app.clock.advance(2 * 86_400_000); // two days later: P5D now lands after the close
    const r = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // (the close as the file and the operator's clock read it, not in UTC)
    expect(r.notes.map((n) => `${n.field}: ${n.message}`)).toEqual(['reminders[1]: P5D falls after the close (2027-01-10T17:00, Europe/Zurich): this reminder is not sent']);
  });

  it('refuses a send after the fixed close with the close as the file gives it', () => {
    createSurvey(app, surveyFile(app.dir, basic({ closes: '2027-01-04T17:00', reminders: [] })));
    app.clock.advance(8 * 3_600_000); // 17:00 in Zurich
    expect(inputProblems(() => startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false }))).toEqual([
      'survey pulse: closes: the survey closed at 2027-01-04T17:00 (Europe/Zurich) already: set a later close time and create it again',
    ]);
  });
});

describe('the close time in an invitation', () => {
  it('is in the recipient\'s own time zone, named when it is not the organisation\'s', () => {
    people(app, { Tokyo: 3 }, { tz: 'Asia/Tokyo', lang: 'en' });
    createSurvey(app, surveyFile(app.dir, basic({ audience: ['department:Sales', 'department:Tokyo'] })));
    startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    const rows = app.db.prepare("SELECT target, message FROM outbox WHERE kind LIKE 'survey%'").all() as Array<{ target: string; message: string }>;
    const text = (who: string) => (JSON.parse(rows.find((r) => r.target.startsWith(who))!.message) as { text: string }).text;
    expect(text('tokyo-1')).toMatch(/\(Asia\/Tokyo\)/);
    expect(text('sales-1')).not.toMatch(/\(Europe\/Zurich\)|\(Asia/);
  });

  it('is named with its zone the same way in the thank-you and in the Slack App Home\'s open surveys', async () => {
    people(app, { Tokyo: 3 }, { tz: 'Asia/Tokyo', lang: 'en' });
    createSurvey(app, surveyFile(app.dir, basic({ audience: ['department:Sales', 'department:Tokyo'] })));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // closes P7D after 2027-01-04T09:00Z: 18:00 in Tokyo, 10:00 in Zurich
    const tokyo = app.people.byEmail('tokyo-1@x.example')!;
    const zurich = app.people.byEmail('sales-1@x.example')!;
    const home = (p: Person) => openSurveys({ app, person: p, lang: 'en', text: '', event: click('x', undefined, p.email) }, p).map((m) => m.text).join('\n');
    expect(home(tokyo)).toContain('The survey closes on 11 Jan 2027, 18:00 (Asia/Tokyo).');
    expect(home(zurich)).toContain('The survey closes on 11 Jan 2027, 10:00.');
    expect(flat(await answer(app, tokyo.email, runId, 'overall', '4'))).toContain('You can change your answer until 11 Jan 2027, 18:00 (Asia/Tokyo).');
    expect(flat(await answer(app, zurich.email, runId, 'overall', '4'))).toContain('You can change your answer until 11 Jan 2027, 10:00.');
    expect(flat(await answer(app, tokyo.email, runId, 'overall', '5'))).toMatch(/until 11 Jan 2027, 18:00 \(Asia\/Tokyo\)/);
  });
});
