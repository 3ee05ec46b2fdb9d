import { afterEach, describe, expect, it } from 'vitest';
import { testApp, click, withFakeSender, type TestApp } from '../doubles/app.ts';
import { OutboxWorker } from '../../src/jobs/outbox-worker.ts';
import { cli } from '../doubles/cli.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { parseAudience, type Audience } from '../../src/people/audience.ts';
import { planFeedback } from '../../src/plan/feedback.ts';
import { REMOVED_KIND } from '../../src/plan/report.ts';
import { importYaml, JOUR_FIXE, withPeople } from './helpers.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const FINANCE = ['julia.baumann@alpenfirn.example', 'lukas.steiner@alpenfirn.example', 'peter.huber@alpenfirn.example'];
const SALES = ['daniel.mueller@alpenfirn.example', 'sarah.johnson@alpenfirn.example', 'reto.fischer@alpenfirn.example'];

const PLAN = JOUR_FIXE.replace('reminders: [P7D, P1D]', 'reminders: [P7D, P1D]\n    followUpSurvey: event-feedback') + `  - id: jf-sales
    title: {de: Jour fixe mit dem Verkauf, en: Jour-fixe with Sales}
    kind: jour-fixe
    rrule: "FREQ=WEEKLY;BYDAY=WE"
    start: 2027-03-03T10:00
    duration: PT1H
    audience: department:Sales
    owner: marco.keller@alpenfirn.example
    followUpSurvey: event-feedback
  - id: fair
    title: {de: IT-Messe, en: IT fair}
    kind: it-fair
    start: 2027-03-10T10:00
    duration: PT6H
    audience: department:Sales
    owner: marco.keller@alpenfirn.example
    followUpSurvey: event-feedback
`;

/** A follow-up run of an occurrence as the plan starts it, with one rating per listed person, closed. */
async function feedbackRun(eventId: string, occurrence: string, department: string, who: string[], ratings: string[]) {
  const run = startSurveyRun(app, 'event-feedback', { runKey: `plan:${eventId}:${occurrence}`, audience: parseAudience(`department:${department}`) as Audience, scheduled: true });
  await new OutboxWorker(app).drainOnce(); // the invitations go out
  for (const [i, rating] of ratings.entries()) {
    const ev = click('survey.submit', String(run.runId), who[i]!);
    ev.action!.values = { rating };
    await app.bot.handle(ev);
  }
  const repo = new SurveyRepo(app.db);
  closeRun(app, repo.get('event-feedback')!.def, repo.run(run.runId)!);
  app.clock.advance(60_000);
}

async function setup() {
  app = testApp({ now: '2027-03-20T08:00:00Z' });
  withPeople(app);
  withFakeSender(app);
  await surveysFeature.demo!(app);
  importYaml(app, PLAN);
  await feedbackRun('jf-finance', '2027-03-02T09:00', 'Finance', FINANCE, ['4', '5', '4']); // shown: 4.33
  await feedbackRun('jf-finance', '2027-03-09T09:00', 'Finance', FINANCE, ['1']); // one answer: withheld
  await feedbackRun('jf-sales', '2027-03-03T10:00', 'Sales', SALES, ['2', '2']); // two answers: withheld
  await feedbackRun('fair', '2027-03-10T10:00', 'Sales', SALES, ['5', '5', '4']); // shown: 4.67
}

describe('plan report: feedback after events, per event and per kind of event', () => {
  it('counts the requests, responses and rate of every run, and a score only from the runs the survey shows', async () => {
    await setup();
    const fb = (await planFeedback(app, 2027))!;
    const jf = fb.events.find((e) => e.eventId === 'jf-finance')!;
    expect(jf).toMatchObject({ kind: 'jour-fixe', surveyId: 'event-feedback', runs: 2, openRuns: 0, requests: 6, responses: 4, responseRate: 0.667 });
    expect(jf.score).toEqual({ questionId: 'rating', type: 'csat', value: 4.33, answers: 3, runsCounted: 1, runsWithheld: 1 });
    const sales = fb.events.find((e) => e.eventId === 'jf-sales')!;
    expect(sales).toMatchObject({ runs: 1, requests: 3, responses: 2 });
    expect(sales.score).toMatchObject({ value: null, runsCounted: 0, runsWithheld: 1, withheld: 'fewer than 3 answers in each run' });
    expect(fb.events.find((e) => e.eventId === 'fair')!.score).toMatchObject({ value: 4.67, runsCounted: 1 });
    // the jour-fixes together: the withheld runs (1 + 2 answers) stay out, or the kind minus the
    // event shown would give away the Sales run's answers
    const kind = fb.kinds.find((k) => k.kind === 'jour-fixe')!;
    expect(kind).toMatchObject({ events: 2, runs: 3, requests: 9, responses: 6, responseRate: 0.667 });
    expect(kind.score).toMatchObject({ value: 4.33, answers: 3, runsCounted: 1, runsWithheld: 2 });
    expect(fb.kinds.map((k) => k.kind)).toEqual(['it-fair', 'jour-fixe']);
    // every score is built from figures the survey's own results show per run
    const shown = surveyResults(app, 'event-feedback').waves.filter((w) => !w.withheld).map((w) => w.runKey);
    expect(shown).toEqual(['plan:jf-finance:2027-03-02T09:00', 'plan:fair:2027-03-10T10:00']);
  });

  it('is in plan report --json (an addition) and in its text, one line per event and per kind', async () => {
    await setup();
    const json = await cli(['plan', 'report', '--year', '2027', '--json', '--db', app.file]);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out);
    expect(Object.keys(r)).toEqual(expect.arrayContaining(['year', 'timezone', 'rows', 'totals', 'skippedReasons', 'feedback']));
    expect(r.feedback.events.map((e: { eventId: string }) => e.eventId)).toEqual(['fair', 'jf-finance', 'jf-sales']);
    const text = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    const lines = text.out.split('\n');
    expect(lines).toContain('  event jf-finance "Jour-fixe with Finance" [Jour fixe, event-feedback]: 2 runs, 6 requests, 4 responses (67%), satisfaction 4.3/5 from 1 run (1 withheld: too few answers)');
    expect(lines).toContain('  event jf-sales "Jour-fixe with Sales" [Jour fixe, event-feedback]: 1 run, 3 requests, 2 responses (67%), score withheld (fewer than 3 answers in each run)');
    expect(lines).toContain('  kind Jour fixe [event-feedback]: 2 events, 3 runs, 9 requests, 6 responses (67%), satisfaction 4.3/5 from 1 run (2 withheld: too few answers)');
    // another year has none of these runs
    expect((await planFeedback(app, 2028))!.events.every((e) => e.runs === 0)).toBe(true);
  });

  it('says the feedback lines in German with ITBOT_LANG=de, the reasons too; the JSON keeps its English reasons', async () => {
    await setup();
    const text = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'de' });
    const lines = text.out.split('\n');
    expect(lines).toContain('Rückmeldungen nach den Anlässen (Umfragen danach; eine Bewertung nur aus Durchgängen mit genügend Antworten, um gezeigt zu werden):');
    expect(lines).toContain('  Anlass jf-finance «Jour fixe mit den Finanzen» [Jour fixe, event-feedback]: 2 Durchgänge, 6 Anfragen, 4 Antworten (67%), Zufriedenheit 4.3/5 aus 1 Durchgang (1 zurückgehalten: zu wenige Antworten)');
    expect(lines).toContain('  Anlass jf-sales «Jour fixe mit dem Verkauf» [Jour fixe, event-feedback]: 1 Durchgang, 3 Anfragen, 2 Antworten (67%), Bewertung zurückgehalten (weniger als 3 Antworten in jedem Durchgang)');
    expect(lines).toContain('  Art Jour fixe [event-feedback]: 2 Anlässe, 3 Durchgänge, 9 Anfragen, 6 Antworten (67%), Zufriedenheit 4.3/5 aus 1 Durchgang (2 zurückgehalten: zu wenige Antworten)');
    // (the brackets aside: the survey is named by its id, as in English)
    expect(text.out.replace(/\[[^\]]*\]/g, '')).not.toMatch(/\b(event|kind|runs?|requests?|responses?|satisfaction|withheld|fewer)\b|ß/);
    const json = JSON.parse((await cli(['plan', 'report', '--year', '2027', '--json', '--db', app.file], { ITBOT_LANG: 'de' })).out);
    expect(json.feedback.events.find((e: { eventId: string }) => e.eventId === 'jf-sales').score.withheld).toBe('fewer than 3 answers in each run');
  });

  it('an open run with answers below its step says how many have answered and that fewer than minGroupSize are counted, never that nobody answered', async () => {
    app = testApp({ now: '2027-03-02T11:00:00Z' });
    withPeople(app);
    await surveysFeature.demo!(app);
    importYaml(app, PLAN);
    const run = startSurveyRun(app, 'event-feedback', { runKey: 'plan:jf-finance:2027-03-02T09:00', audience: parseAudience('department:Finance') as Audience, scheduled: true });
    const rate = async (who: string, rating: string) => {
      const ev = click('survey.submit', String(run.runId), who);
      ev.action!.values = { rating };
      await app.bot.handle(ev);
    };
    await rate(FINANCE[0]!, '4');
    await rate(FINANCE[1]!, '5');
    const jf = (await planFeedback(app, 2027))!.events.find((e) => e.eventId === 'jf-finance')!;
    // the figures count none of the two yet (the step comes with the third), and say so
    expect(jf).toMatchObject({ runs: 1, openRuns: 1, requests: 3, responses: 0, responsesSoFar: 2, minGroupSize: 3 });
    expect(jf.score).toMatchObject({ value: null, withheld: 'fewer than 3 answers counted so far' });
    const text = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(text.out).not.toContain('no responses yet');
    expect(text.out.split('\n')).toContain('  event jf-finance "Jour-fixe with Finance" [Jour fixe, event-feedback]: 1 run (1 open), 3 requests, 2 responses so far (67%; none counted yet), score withheld (fewer than 3 answers counted so far)');
    const json = JSON.parse((await cli(['plan', 'report', '--year', '2027', '--json', '--db', app.file])).out);
    expect(json.feedback.kinds.find((k: { kind: string }) => k.kind === 'jour-fixe')).toMatchObject({ responses: 0, responsesSoFar: 2, score: { withheld: 'fewer than 3 answers counted so far' } });
    // the third answer is a step: the figures count all three
    await rate(FINANCE[2]!, '4');
    const after = await cli(['plan', 'report', '--year', '2027', '--db', app.file], { ITBOT_LANG: 'en' });
    expect(after.out).toContain('[Jour fixe, event-feedback]: 1 run (1 open), 3 requests, 3 responses (100%), satisfaction 4.3/5 from 1 run');
  });

  it('keeps an event removed from the plan, under its title and the report\'s kind for removed events', async () => {
    await setup();
    importYaml(app, PLAN.split('  - id: fair')[0]!, { replace: true });
    const fb = (await planFeedback(app, 2027))!;
    expect(fb.events.find((e) => e.eventId === 'fair')).toMatchObject({ kind: REMOVED_KIND, title: { de: 'IT-Messe', en: 'IT fair' }, runs: 1 });
    expect(fb.kinds.at(-1)).toMatchObject({ kind: REMOVED_KIND, events: 1 });
  });
});
