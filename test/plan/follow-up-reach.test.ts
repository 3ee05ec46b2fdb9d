import { afterEach, describe, expect, it } from 'vitest';
import { testApp, testFile, withFakeSender, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { planFeedback } from '../../src/plan/feedback.ts';
import { machinery, rows, withPeople, writePlan } from './helpers.ts';

// A plan's follow-up survey is sent as scheduled messages: its invitations wait for working
// hours, and are not sent once the survey has closed. A survey that closes before the next
// working hours after its event asks nobody.

let app: TestApp;
afterEach(() => app?.cleanup());

const HOURS = 'Mo-Fr 08:00-18:00';
const survey = (closes: string) =>
  `id: quick\ntitle: {de: Wie war es?, en: How was it?}\nanonymity: confidential\nminGroupSize: 3\naudience: all\ncloses: ${closes}\nquestions:\n  - {id: rating, type: csat, text: {de: Wie war es?, en: How was it?}}\n`;
// every Friday, 17:30-18:30 in Zurich (Finance: three people, all in Europe/Zurich)
const plan = (start = '17:30') =>
  `timezone: Europe/Zurich\nevents:\n  - {id: club, title: {de: IT-Club, en: IT club}, kind: club, rrule: "FREQ=WEEKLY;BYDAY=FR", start: 2027-03-05T${start}, duration: PT1H, audience: department:Finance, owner: marco.keller@alpenfirn.example, followUpSurvey: quick}\n`;

function setup(closes: string, now = '2027-03-01T08:00:00Z') {
  app = testApp({ now, env: { ITBOT_WORKING_HOURS: HOURS } });
  withPeople(app);
  createSurvey(app, testFile(app, 'quick.yaml', survey(closes)));
}

describe('plan import: a follow-up survey that closes before its invitations may go out', () => {
  it('is a warning naming file, event and field (exit 0), when the next working hours after an occurrence come after the close', async () => {
    setup('PT12H');
    const file = writePlan(app, plan());
    const r = await cli(['plan', 'import', file, '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(r.code).toBe(0);
    expect(r.out).toBe('plan imported: 1 new, 0 changed, 0 unchanged');
    const warnings = r.err.split('\n').filter((l) => l.includes(': followUpSurvey: '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: events\\[0\\] \\(id club\\): followUpSurvey: survey quick closes PT12H after each occurrence, but its invitations wait for working hours \\(${HOURS}\\): the occurrence \\d{4}-\\d{2}-\\d{2}T17:30 ends Fri \\d{4}-\\d{2}-\\d{2} 18:30 \\(Europe/Zurich\\) and the next working hours begin Mon \\d{4}-\\d{2}-\\d{2} 08:00, after the survey has closed`));
    expect(warnings[0]).toContain('plan report counts them as missed');
    expect(warnings[0]).toContain('give the survey a longer close (at least P4D)');
    // imported all the same
    expect((await cli(['plan', 'upcoming', '--from', '2027-03-01', '--to', '2027-03-07', '--json', '--db', app.file])).out).toContain('"eventId": "club"');
  });

  it('says nothing when the invitations can go out before the close: an event ending within working hours, a close long enough, or any time allowed', async () => {
    setup('PT12H');
    const late = await cli(['plan', 'import', writePlan(app, plan()), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(late.err).toContain(': followUpSurvey: survey quick closes PT12H');
    const early = await cli(['plan', 'import', writePlan(app, plan('16:00')), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(early.err).not.toContain('followUpSurvey');
    const anyTime = await cli(['plan', 'import', writePlan(app, plan()), '--db', app.file], { ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00' });
    expect(anyTime.err).not.toContain('followUpSurvey');
    createSurvey(app, testFile(app, 'quick.yaml', survey('P3D')));
    const longer = await cli(['plan', 'import', writePlan(app, plan()), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(longer.err).not.toContain('followUpSurvey');
  });
});

describe('plan report: follow-up invitations that reached nobody before the close', () => {
  it('counts them as missed, while they wait past the close and once the survey has closed', async () => {
    setup('PT12H');
    await cli(['plan', 'import', writePlan(app, plan()), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    withFakeSender(app);
    const { step } = machinery(app);
    const at = async (iso: string) => {
      app.clock.set(iso);
      await step();
      surveyTick(app);
    };
    // the occurrence ends on Friday 18:30 in Zurich (17:30Z): the survey opens, its invitations wait for Monday 08:00
    await at('2027-03-05T17:30:05Z');
    const invites = () => rows(app, "kind = 'survey-invite'");
    expect(invites().map((r) => [r.state, r.next_attempt_at])).toEqual(Array(3).fill(['queued', '2027-03-08T07:00:00.000Z']));
    const report = async () => (await planFeedback(app, 2027))!.events.find((e) => e.eventId === 'club')!;
    expect(await report()).toMatchObject({ runs: 1, requests: 3, missedRequests: 3 });
    // the survey closes on Saturday 06:30: the invitations never went
    await at('2027-03-06T05:31:00Z');
    await at('2027-03-08T07:00:01Z');
    expect(invites().every((r) => r.state !== 'sent')).toBe(true);
    expect(await report()).toMatchObject({ runs: 1, openRuns: 0, requests: 3, missedRequests: 3, responses: 0 });
    const text = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(text.out).toContain('  event club "IT club" [Club, quick]: 1 run, 3 requests (3 missed: not delivered before the survey closed), 0 responses (0%)');
    const json = JSON.parse((await cli(['plan', 'report', '--year', '2027', '--json', '--db', app.file])).out);
    expect(json.feedback.kinds).toMatchObject([{ kind: 'club', requests: 3, missedRequests: 3 }]);
  });

  it('does not count invitations that went out', async () => {
    setup('PT12H');
    await cli(['plan', 'import', writePlan(app, plan('16:00')), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    withFakeSender(app);
    const { step } = machinery(app);
    app.clock.set('2027-03-05T16:00:05Z'); // Friday 17:00 in Zurich, within working hours
    await step();
    surveyTick(app);
    expect(rows(app, "kind = 'survey-invite'").map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect((await planFeedback(app, 2027))!.events.find((e) => e.eventId === 'club')).toMatchObject({ requests: 3, missedRequests: 0 });
  });
});

describe('survey create: a plan event\'s follow-up survey given a close too short for working hours', () => {
  it('warns on the survey file\'s close, as plan import does, and creates the survey all the same (exit 0)', async () => {
    app = testApp({ now: '2027-03-01T08:00:00Z', env: { ITBOT_WORKING_HOURS: HOURS } });
    withPeople(app);
    createSurvey(app, testFile(app, 'quick.yaml', survey('P3D')));
    const imported = await cli(['plan', 'import', writePlan(app, plan()), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(imported.err).not.toContain('followUpSurvey');
    const file = testFile(app, 'quick.yaml', survey('PT12H'));
    const r = await cli(['survey', 'create', file, '--db', app.file], { ITBOT_WORKING_HOURS: HOURS });
    expect(r.code).toBe(0);
    expect(r.out).toBe('quick');
    const warnings = r.err.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`^warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: closes: PT12H is too short for plan event club, which sends this survey after each occurrence: its invitations wait for working hours \\(${HOURS}\\): the occurrence \\d{4}-\\d{2}-\\d{2}T17:30 ends Fri \\d{4}-\\d{2}-\\d{2} 18:30 \\(Europe/Zurich\\) and the next working hours begin Mon \\d{4}-\\d{2}-\\d{2} 08:00, after the survey has closed`));
    expect(warnings[0]).toContain('give the survey a longer close (at least P4D)');
    // stored all the same
    expect(JSON.parse((await cli(['survey', 'list', '--json', '--db', app.file])).out)[0]).toMatchObject({ id: 'quick' });
    // a close long enough, or any time allowed: nothing to say
    expect((await cli(['survey', 'create', testFile(app, 'quick.yaml', survey('P4D')), '--db', app.file], { ITBOT_WORKING_HOURS: HOURS })).err).not.toContain('warning');
    expect((await cli(['survey', 'create', file, '--db', app.file], { ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00' })).err).not.toContain('warning');
  });
});
