import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { testApp, click, say, flat, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { loadDemo } from '../../src/cli/core-commands.ts';
import { contentForVariant, draftFor, newsletterTick, nextOccurrence, previewMessage } from '../../src/newsletter/issues.ts';
import { viewIssue } from '../../src/newsletter/admin-api.ts';
import { defaultSources } from '../../src/newsletter/sources.ts';
import { renderText } from '../../src/newsletter/render.ts';
import { importPlan } from '../../src/plan/import.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { NewsletterRepo } from '../../src/store/newsletter-repo.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { OWNER, closedSurvey, logisticsPlan, outbox, withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

const FINANCE_SURVEY = { de: 'Zufriedenheit Q1', en: 'Satisfaction Q1' }; // closedSurvey: department:Finance
const ALL_SURVEY = { de: 'Umfrage für alle', en: 'Survey for everyone' };
const LOGISTICS_SURVEY = { de: 'Umfrage Logistik', en: 'Logistics survey' };
const MANAGERS_SURVEY = { de: 'Puls der Vorgesetzten', en: 'Managers\' pulse' };
const HR_SURVEY = { de: 'Umfrage Personal', en: 'HR survey' };

/** A survey for all staff, answered by three people and closed. */
async function surveyForAll(app: TestApp) {
  createSurvey(app, write(app, 'all.yaml', stringify({
    id: 'all-q1', title: ALL_SURVEY, anonymity: 'named', minGroupSize: 3, audience: 'all', closes: 'P7D', reminders: [],
    questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
  })));
  const { runId } = startSurveyRun(app, 'all-q1', { runKey: 'send:test', scheduled: false });
  for (const who of ['reto.fischer@alpenfirn.example', 'nina.graf@alpenfirn.example', 'jonas.weber@alpenfirn.example']) {
    await app.bot.handle(click('survey.answer', `${runId}:overall:4`, who));
  }
  const repo = new SurveyRepo(app.db);
  closeRun(app, repo.get('all-q1')!.def, repo.run(runId)!);
}

/** A newsletter for all staff posted to a Slack and a Teams channel (both platforms in service), approved. */
async function approvedIssue(more?: () => Promise<void>) {
  app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', MICROSOFT_APP_ID: 'app', MICROSOFT_APP_PASSWORD: 'pw' } });
  withPeople(app);
  importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, rrule: "FREQ=MONTHLY;BYDAY=1WE", start: 2027-02-03T08:00, duration: PT30M, audience: all, channels: {slack: C0NEWS, teams: "19:news@thread.tacv2"}, owner: ${OWNER}}
`));
  app.clock.set('2027-01-08T09:00:00Z');
  await surveyForAll(app);
  await closedSurvey(app); // Finance only
  await more?.();
  app.clock.set('2027-01-27T09:00:00Z');
  newsletterTick(app);
  const [issue] = new NewsletterRepo(app.db).list();
  expect(JSON.parse(issue!.content).surveys).toHaveLength(more ? 3 : 2);
  return issue!;
}

const post = (platform: string, target: string) => {
  const row = outbox(app, 'newsletter').find((p) => p.platform === platform && p.target === target) ?? outbox(app, 'newsletter').find((p) => p.target === target);
  expect(row, `${platform}:${target}`).toBeTruthy();
  return JSON.parse(row!.message).text as string;
};

describe('survey results in the newsletter go only to the survey\'s audience', () => {
  it('channel posts (Slack, Teams, web chat) carry only the results of surveys for all', async () => {
    const issue = await approvedIssue();
    expect(flat(await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER)))).toMatch(/Approved|Freigegeben/);
    for (const [platform, channel] of [['slack', 'C0NEWS'], ['teams', '19:news@thread.tacv2'], ['web', 'all']] as const) {
      const text = post(platform, channel);
      expect(text, platform).toContain(ALL_SURVEY.de);
      expect(text, platform).toContain(ALL_SURVEY.en);
      expect(text, platform).not.toContain(FINANCE_SURVEY.de);
      expect(text, platform).not.toContain(FINANCE_SURVEY.en);
    }
  });

  it('a figures-first message has a survey\'s results only for a reader in its audience', async () => {
    const issue = await approvedIssue();
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    const finance = post('', 'peter.huber@alpenfirn.example'); // Finance
    expect(finance).toContain(FINANCE_SURVEY.de);
    expect(finance).toContain(ALL_SURVEY.de);
    const management = post('', 'thomas.widmer@alpenfirn.example'); // Management, not Finance
    expect(management).toContain(ALL_SURVEY.de);
    expect(management).not.toContain(FINANCE_SURVEY.de);
  });

  it('in the chat, a reader gets the published issue with the results of their surveys only', async () => {
    const issue = await approvedIssue();
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    app.clock.set('2027-02-04T09:00:00Z');
    const sales = flat(await app.bot.handle(say('newsletter', 'reto.fischer@alpenfirn.example')));
    expect(sales).toContain(ALL_SURVEY.de); // (his language is German)
    expect(sales).not.toContain(FINANCE_SURVEY.de);
    const finance = flat(await app.bot.handle(say('newsletter', 'julia.baumann@alpenfirn.example')));
    expect(finance).toContain(FINANCE_SURVEY.de);
    const stranger = flat(await app.bot.handle(say('newsletter', 'someone@elsewhere.example')));
    expect(stranger).toMatch(new RegExp(`${ALL_SURVEY.de}|${ALL_SURVEY.en}`));
    expect(stranger).not.toMatch(new RegExp(`${FINANCE_SURVEY.de}|${FINANCE_SURVEY.en}`));
  });

  it('a reader who asks for another version of a published issue (its preview button) gets only the results of their surveys', async () => {
    const issue = await approvedIssue();
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));
    app.clock.set('2027-02-04T09:00:00Z');
    for (const variant of ['figures-first', 'workplace-first']) {
      const sales = flat(await app.bot.handle(click('newsletter.preview', `${issue.id}:${variant}:en`, 'reto.fischer@alpenfirn.example')));
      expect(sales, variant).toContain(ALL_SURVEY.en);
      expect(sales, variant).not.toContain(FINANCE_SURVEY.en);
      const guest = flat(await app.bot.handle(click('newsletter.preview', `${issue.id}:${variant}:en`, 'someone@elsewhere.example')));
      expect(guest, variant).not.toContain(FINANCE_SURVEY.en);
    }
    // (a reader in the survey's audience still reads them)
    expect(flat(await app.bot.handle(click('newsletter.preview', `${issue.id}:figures-first:en`, 'julia.baumann@alpenfirn.example')))).toContain(FINANCE_SURVEY.en);
  });

  it('the preview, the admin page and the command line show each version as its readers get it', async () => {
    const issue = await approvedIssue();
    const everyone = previewMessage(app, issue, 'en').text;
    expect(everyone).toContain(ALL_SURVEY.en);
    expect(everyone).not.toContain(FINANCE_SURVEY.en);
    expect(previewMessage(app, issue, 'en', 'figures-first').text).toContain(FINANCE_SURVEY.en); // Finance reads it

    const view = viewIssue(app, issue.id)!;
    expect(view.html['workplace-first'].en).not.toContain(FINANCE_SURVEY.en);
    expect(view.variants['workplace-first'].surveys.map((s) => s.surveyId)).toEqual(['all-q1']);
    expect(view.html['figures-first'].en).toContain(FINANCE_SURVEY.en);

    const shown = await cli(['newsletter', 'show', String(issue.id), '--lang', 'en', '--db', app.file]);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain(ALL_SURVEY.en);
    expect(shown.out).not.toContain(FINANCE_SURVEY.en);
    const json = JSON.parse((await cli(['newsletter', 'show', String(issue.id), '--json', '--db', app.file])).out);
    expect(json.rendered['workplace-first'].de).not.toContain(FINANCE_SURVEY.de);
    expect(json.rendered['figures-first'].de).toContain(FINANCE_SURVEY.de);
  });

  it('the demo: the pulse for managers is not in the version for everyone', async () => {
    app = testApp({ now: '2026-11-26T10:00:00Z' });
    await loadDemo(app);
    const o = nextOccurrence(app);
    const c = draftFor(app, o);
    expect(c.surveys.map((s) => s.surveyId)).toContain('it-pulse');
    expect(renderText(contentForVariant(app, c, 'workplace-first', o!.event.audience), 'de', 'workplace-first', null)).not.toContain('IT-Puls für Vorgesetzte');
    // management (managers among them) gets it in the figures-first version
    expect(renderText(contentForVariant(app, c, 'figures-first', o!.event.audience), 'de', 'figures-first', null)).toContain('IT-Puls für Vorgesetzte');
  });

  it('results that reached no reader of an issue are not reported: a later issue for their audience has them', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-News Verkauf, en: IT news for Sales}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: department:Sales, owner: ${OWNER}}
  - {id: nl-logistics, title: {de: IT-News Logistik, en: IT news for Logistics}, kind: newsletter, start: 2027-02-10T08:00, duration: PT30M, audience: department:Logistics, owner: ${OWNER}}
`));
    app.clock.set('2027-01-08T09:00:00Z');
    createSurvey(app, write(app, 'logistics.yaml', stringify({
      id: 'logistics-q1', title: LOGISTICS_SURVEY, anonymity: 'named', minGroupSize: 3, audience: 'department:Logistics', closes: 'P7D', reminders: [],
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
    })));
    const { runId } = startSurveyRun(app, 'logistics-q1', { runKey: 'send:test', scheduled: false });
    await app.bot.handle(click('survey.answer', `${runId}:overall:4`, 'beat.zuercher@alpenfirn.example')); // (a run nobody answered is not reported)
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('logistics-q1')!.def, repo.run(runId)!);
    const key = `survey:logistics-q1:run:${runId}`;

    // the issue for Sales: no channel post has a Logistics survey, and none of its readers is in Logistics
    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const issues = new NewsletterRepo(app.db);
    const sales = issues.byOccurrence('nl@2027-02-03T08:00')!;
    expect(JSON.parse(sales.content).surveys.map((x: { key: string }) => x.key)).toEqual([key]);
    await app.bot.handle(click('newsletter.approve', String(sales.id), OWNER));
    expect(issues.byId(sales.id)!.state).toBe('approved');
    expect(outbox(app, 'newsletter').length).toBeGreaterThan(0);
    for (const r of outbox(app, 'newsletter')) expect(JSON.parse(r.message).text).not.toMatch(new RegExp(`${LOGISTICS_SURVEY.de}|${LOGISTICS_SURVEY.en}`));

    // so Logistics' own newsletter still reports them
    app.clock.set('2027-02-04T09:00:00Z');
    newsletterTick(app);
    const logistics = issues.byOccurrence('nl-logistics@2027-02-10T08:00')!;
    expect(JSON.parse(logistics.content).surveys.map((x: { key: string }) => x.key)).toEqual([key]);
    expect(previewMessage(app, logistics, 'en', 'workplace-first').text).not.toContain(LOGISTICS_SURVEY.en); // (channels: for all only)
    await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER));
    const toLogistics = outbox(app, 'newsletter').filter((r) => r.idempotency_key.startsWith(`newsletter:${logistics.id}:`));
    expect(toLogistics.length).toBeGreaterThan(0);
  });

  it('results in an issue posted to no channel read on the platform in service are not reported: the next issue has them', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    // Logistics' newsletter names no Slack channel (and no one in Logistics gets the figures-first version)
    logisticsPlan(app);
    app.clock.set('2027-01-08T09:00:00Z');
    await surveyForAll(app);
    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const issues = new NewsletterRepo(app.db);
    const logistics = issues.byOccurrence('nl-logistics@2027-02-03T08:00')!;
    const key = JSON.parse(logistics.content).surveys.map((x: { key: string }) => x.key);
    expect(key).toEqual([expect.stringMatching(/^survey:all-q1:run:/)]);
    await app.bot.handle(click('newsletter.approve', String(logistics.id), OWNER));
    expect(issues.byId(logistics.id)!.state).toBe('approved');
    // only the web chat's Logistics channel, which no one reads next to Slack
    expect(outbox(app, 'newsletter').map((r) => `${r.platform ?? ''}:${r.target}`)).toEqual(['web:Logistics']);

    app.clock.set('2027-02-04T09:00:00Z');
    newsletterTick(app);
    const forAll = issues.byOccurrence('nl@2027-02-10T08:00')!;
    expect(JSON.parse(forAll.content).surveys.map((x: { key: string }) => x.key)).toEqual(key);
    await app.bot.handle(click('newsletter.approve', String(forAll.id), OWNER));
    expect(post('slack', 'C0NEWS')).toContain(ALL_SURVEY.de);
  });

  it('a reader the channel post leaves results out for gets them by direct message: a manager those of the managers\' survey, a department its own', async () => {
    let runId = 0;
    // a pulse for managers, answered by three managers outside Management and Finance
    const issue = await approvedIssue(async () => {
    createSurvey(app, write(app, 'managers.yaml', stringify({
      id: 'pulse-managers', title: MANAGERS_SURVEY, anonymity: 'named', minGroupSize: 3, audience: 'managers', closes: 'P7D', reminders: [],
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
    })));
    ({ runId } = startSurveyRun(app, 'pulse-managers', { runKey: 'send:test', scheduled: false }));
    for (const who of ['beat.zuercher@alpenfirn.example', 'emma.wilson@alpenfirn.example', 'sabine.kunz@alpenfirn.example']) {
      await app.bot.handle(click('survey.answer', `${runId}:overall:4`, who));
    }
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('pulse-managers')!.def, repo.run(runId)!);
    });
    await app.bot.handle(click('newsletter.approve', String(issue.id), OWNER));

    const channel = post('slack', 'C0NEWS');
    expect(channel).not.toContain(MANAGERS_SURVEY.de);
    // the Logistics manager (no figures-first reader) gets the version for everyone with the managers' results, in his language
    const logistics = post('', 'beat.zuercher@alpenfirn.example');
    expect(logistics).toContain(MANAGERS_SURVEY.de);
    expect(logistics).toContain(ALL_SURVEY.de);
    expect(logistics).not.toContain(FINANCE_SURVEY.de);
    expect(post('', 'emma.wilson@alpenfirn.example')).toContain(MANAGERS_SURVEY.en);
    // a manager in Management reads it in the figures-first version; Finance staff there get their own department's results
    expect(post('', 'thomas.widmer@alpenfirn.example')).toContain(MANAGERS_SURVEY.de);
    expect(post('', 'julia.baumann@alpenfirn.example')).not.toContain(MANAGERS_SURVEY.de);
    // whoever the channel post carries every result for gets no message besides it
    expect(outbox(app, 'newsletter').filter((r) => r.target === 'reto.fischer@alpenfirn.example')).toEqual([]);
    // and the managers' results count as reported
    expect(JSON.parse(new NewsletterRepo(app.db).byId(issue.id)!.reported!)).toContain(`survey:pulse-managers:run:${runId}`);
  });

  it('in a newsletter for all staff, a department\'s own survey reaches its members by direct message', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z', env: { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' } });
    withPeople(app);
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: nl, title: {de: IT-Newsletter, en: IT newsletter}, kind: newsletter, start: 2027-02-03T08:00, duration: PT30M, audience: all, channels: {slack: C0NEWS}, owner: ${OWNER}}
`));
    app.clock.set('2027-01-08T09:00:00Z');
    createSurvey(app, write(app, 'hr.yaml', stringify({
      id: 'hr-q1', title: HR_SURVEY, anonymity: 'named', minGroupSize: 1, audience: 'department:HR', closes: 'P7D', reminders: [],
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
    })));
    const { runId } = startSurveyRun(app, 'hr-q1', { runKey: 'send:test', scheduled: false });
    await app.bot.handle(click('survey.answer', `${runId}:overall:5`, 'martin.gerber@alpenfirn.example'));
    const repo = new SurveyRepo(app.db);
    closeRun(app, repo.get('hr-q1')!.def, repo.run(runId)!);
    app.clock.set('2027-01-27T09:00:00Z');
    newsletterTick(app);
    const [issue] = new NewsletterRepo(app.db).list();
    await app.bot.handle(click('newsletter.approve', String(issue!.id), OWNER));
    expect(post('slack', 'C0NEWS')).not.toContain(HR_SURVEY.de);
    expect(post('', 'martin.gerber@alpenfirn.example')).toContain(HR_SURVEY.de);
    expect(post('', 'sabine.kunz@alpenfirn.example')).toContain(HR_SURVEY.de);
    expect(outbox(app, 'newsletter').filter((r) => r.target === 'nina.graf@alpenfirn.example')).toEqual([]);
  });

  it('a plan follow-up run keeps its event\'s audience (also for a run opened before it was kept)', async () => {
    app = testApp({ now: '2027-01-04T09:00:00Z' });
    withPeople(app);
    createSurvey(app, write(app, 'fb.yaml', stringify({
      id: 'event-feedback', title: { de: 'Wie war der Anlass?', en: 'How was the event?' }, anonymity: 'confidential', minGroupSize: 3, audience: 'all', closes: 'P7D', reminders: [],
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
    })));
    importPlan(app, write(app, 'plan.yaml', `timezone: Europe/Zurich
events:
  - {id: jf-finance, title: {de: Jour fixe Finanzen, en: Finance jour fixe}, kind: jour-fixe, start: 2027-01-05T10:00, duration: PT1H, audience: department:Finance, owner: ${OWNER}, followUpSurvey: event-feedback}
`));
    const { runId } = startSurveyRun(app, 'event-feedback', { runKey: 'plan:jf-finance:2027-01-05T10:00', audience: [{ kind: 'department', name: 'Finance' }], scheduled: true, title: { de: 'Jour fixe Finanzen', en: 'Finance jour fixe' } });
    await app.bot.handle(click('survey.answer', `${runId}:overall:4`, 'peter.huber@alpenfirn.example')); // (a run nobody answered is not reported)
    const repo = new SurveyRepo(app.db);
    repo.close(runId, app.clock.now());
    const items = () => defaultSources(app).closedSurveys(new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(items()[0]!.audience).toEqual(['department:Finance']);
    app.db.prepare('UPDATE survey_runs SET audience = NULL WHERE id = ?').run(runId);
    expect(items()[0]!.audience).toEqual(['department:Finance']);
  });
});
