import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import type { Lang } from '../../src/chat/model.ts';
import { define } from '../surveys/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };

describe('Teams: one language per person for the bot\'s own messages and the answers to clicks', () => {
  let r: Rig;
  beforeEach(async () => {
    // the organisation's default is German; Alex's Teams client is English
    r = await rig({ features: [coreFeature, surveysFeature], env: { ITBOT_LANG: 'de' } });
    r.connector.members.set(alex.id, alex);
  });
  afterEach(async () => r.close());

  const addAlex = (language: Lang | null) =>
    r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language, timezone: null, slackUserId: null, teamsUserId: null, vip: false });

  /** Alex says something in Teams, the survey goes out, and Alex clicks an answer on its card. */
  async function inviteAndClick(): Promise<{ invitation: Lang; reply: string }> {
    await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help', user: alex, locale: 'en-US' }));
    define(r.app, {
      id: 'pulse', title: { de: 'Puls', en: 'Pulse' }, anonymity: 'named', minGroupSize: 1, audience: ['alex@example.com'], closes: 'P7D',
      questions: [{ id: 'overall', type: 'csat', text: { de: 'Wie zufrieden?', en: 'How satisfied?' } }],
    });
    const { runId } = startSurveyRun(r.app, 'pulse', { runKey: 'manual-1', scheduled: false });
    const row = r.app.db.prepare("SELECT message FROM outbox WHERE target_kind = 'person' AND target = 'alex@example.com'").get() as { message: string };
    const invitation = (JSON.parse(row.message) as { lang: Lang }).lang;
    const res = await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex, locale: 'en-US',
      value: { action: { type: 'Action.Execute', verb: 'survey.answer', data: { itbot: { action: 'survey.answer', value: `${runId}:overall:4` } } }, trigger: 'manual' },
    }));
    const text = (res.body.value.body as Array<{ type: string; text?: string }>).filter((b) => b.type === 'TextBlock').map((b) => b.text).join(' ');
    return { invitation, reply: text };
  }

  it('without a language in the directory: the invitation is in the language of the Teams client, as the answer to the click', async () => {
    addAlex(null);
    const { invitation, reply } = await inviteAndClick();
    expect(reply).toMatch(/^Thank you for your answer/);
    expect(invitation).toBe('en');
  });

  it('the directory\'s language wins over the Teams client\'s, for both', async () => {
    addAlex('de');
    const { invitation, reply } = await inviteAndClick();
    expect(reply).toMatch(/^Danke für Ihre Antwort/);
    expect(invitation).toBe('de');
  });
});
