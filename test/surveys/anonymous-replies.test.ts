import { afterEach, describe, expect, it } from 'vitest';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { addPeople, slackHarness, type Harness } from '../slack/harness.ts';
import { define } from './helpers.ts';

/*
 * In anonymous mode no reply carries the answer: a Slack reply whose first post fails waits in
 * the outbox next to the person's DM channel, and would link the person to the answer.
 */

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** Every row of every table but `except`, as text; the invitations (they offer every option) left out. */
function everyRowBut(h: Harness, except: string[]): string {
  const tables = (h.app.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>)
    .map((t) => t.name)
    .filter((t) => !except.includes(t) && !/_fts|fts_/.test(t));
  const rows = (t: string) => h.app.db.prepare(t === 'outbox' ? "SELECT * FROM outbox WHERE kind <> 'survey-invite'" : `SELECT * FROM "${t}"`).all();
  return tables.map((t) => `${t}: ${JSON.stringify(rows(t))}`).join('\n');
}

describe('anonymous surveys: no reply carries the answer', () => {
  for (const anonymity of ['anonymous', 'confidential'] as const) {
    it(`${anonymity}: a typed answer whose Slack reply fails with 503 waits in the outbox ${anonymity === 'anonymous' ? 'without' : 'with'} the value`, async () => {
      h = await slackHarness();
      addPeople(h.app);
      h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'en-US' });
      define(h.app, {
        id: 'anon1', title: 'One click', anonymity, minGroupSize: 3, closes: 'P7D',
        audience: ['anna.muster@example.com', 'ben.beispiel@example.com', 'karl.keller@example.com'],
        questions: [{ id: 'way', type: 'choice', options: ['Intranet', 'Brieftaube'], text: { de: 'Wie?', en: 'How?' } }],
      });
      const { runId } = startSurveyRun(h.app, 'anon1', { runKey: 'r1', scheduled: false });
      h.fake.fail('chat.postMessage', { status: 503 }, 20);
      await h.dm('Brieftaube', { user: 'U0ANNA' });
      await h.fake.until(() => (h!.app.db.prepare("SELECT count(*) AS n FROM outbox WHERE kind = 'slack-reply'").get() as { n: number }).n === 1);
      // recorded ...
      expect(h.app.db.prepare("SELECT n FROM survey_tallies WHERE run_id = ? AND value = 'Brieftaube'").get(runId)).toEqual({ n: 1 });
      const reply = h.app.db.prepare("SELECT target, message FROM outbox WHERE kind = 'slack-reply'").get() as { target: string; message: string };
      expect(reply.target).toBe('D0ANNA');
      expect((JSON.parse(reply.message) as { text: string }).text).toMatch(/^Saved as your answer to "How\?" \(survey "One click"\)/);
      if (anonymity === 'confidential') {
        // (confidential answers are stored with the person anyway: the reply may say what was saved)
        expect(reply.message).toContain('Brieftaube');
        return;
      }
      // ... and nothing outside the survey's counts holds the value
      expect(reply.message).not.toMatch(/brieftaube/i);
      expect(everyRowBut(h, ['surveys', 'survey_tallies'])).not.toMatch(/brieftaube/i);
    });
  }
});
