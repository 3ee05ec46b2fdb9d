import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { testApp, click, type TestApp } from '../doubles/app.ts';
import { defaultSources } from '../../src/newsletter/sources.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun, startSurveyRun } from '../../src/surveys/runs.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { withPeople, write } from './fixtures.ts';

let app: TestApp;
afterEach(() => app?.cleanup());

/** A confidential survey for all staff, sent, answered by the given people, closed. */
async function survey(id: string, title: string, answeredBy: string[]) {
  createSurvey(app, write(app, `${id}.yaml`, stringify({
    id, title: { de: title, en: title }, anonymity: 'confidential', minGroupSize: 3, audience: 'all', closes: 'P7D', reminders: [],
    questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden sind Sie?', en: 'How satisfied are you?' } }],
  })));
  const { runId } = startSurveyRun(app, id, { runKey: 'send:test', scheduled: false });
  for (const who of answeredBy) await app.bot.handle(click('survey.answer', `${runId}:overall:4`, who));
  const repo = new SurveyRepo(app.db);
  closeRun(app, repo.get(id)!.def, repo.run(runId)!);
}

describe('"you said, we did" and a survey nobody answered', () => {
  it('leaves out a closed survey without a single response, and keeps one whose results are withheld', async () => {
    app = testApp({ now: '2027-01-08T09:00:00Z' });
    withPeople(app);
    await survey('noresp', 'Vertraulich', []);
    await survey('few', 'Zu wenige', ['reto.fischer@alpenfirn.example']);
    const items = defaultSources(app).closedSurveys(new Date('2027-01-01T00:00:00Z'), new Date('2027-02-01T00:00:00Z'));
    expect(items.map((s) => s.surveyId)).toEqual(['few']);
    expect(items[0]).toMatchObject({ responses: 1, withheld: 'fewer than 3 responses', figures: [] });
  });
});
