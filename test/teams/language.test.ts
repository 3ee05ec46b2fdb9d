import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import type { Lang } from '../../src/chat/model.ts';
import { define } from '../surveys/helpers.ts';
import { cardButtons, rig, type Rig } from './helpers.ts';
import { join } from 'node:path';
import { catalogFeature } from '../../src/catalog/feature.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { DATA_DIR } from '../../src/paths.ts';

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

describe('Teams: a click is answered in the language of the card clicked', () => {
  let r: Rig;
  beforeEach(async () => {
    // the default is English, and so is the Teams client; nobody has a language in the directory
    r = await rig({ features: [coreFeature, catalogFeature], env: { ITBOT_LANG: 'en' } });
    importCatalog(r.app, join(DATA_DIR, 'catalog.yaml'));
  });
  afterEach(async () => r.close());

  const buttons = (activity: any): Array<{ title: string; data: any }> => cardButtons(activity).filter((e) => e.type === 'Action.Submit');
  /**
   * Alex (English Teams client) asks `question` and clicks the category of the overview whose title starts with `title`
   * (the click from a client in `clickLocale`): the answer shown.
   */
  const clickCategory = async (question: string, title: string, clickLocale = 'en-US') => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, { text: question, user: alex, locale: 'en-US' }));
    const area = buttons(r.connector.sent().at(-1)).find((b) => b.title.startsWith(title));
    expect(area).toBeDefined();
    await postActivity(r.server.url, teamsActivity(r.connector.url, { value: area!.data, user: alex, locale: clickLocale, replyToId: 'overview-card' }));
    await r.connector.waitFor(() => r.connector.sent().length > 1);
    return JSON.stringify(r.connector.sent().at(-1));
  };

  it('a German question from an English Teams client: the category clicked on the German overview is shown in German', async () => {
    const answer = await clickCategory('was bietet die IT?', 'Arbeitsplatz');
    expect(answer).toContain('Arbeitsplatz: ');
    expect(answer).not.toContain('Workplace');
  });

  it('an English overview clicked from a German client is answered in English', async () => {
    const answer = await clickCategory('what does IT offer?', 'Workplace', 'de-CH');
    expect(answer).toContain('Workplace: ');
    expect(answer).not.toContain('Arbeitsplatz');
  });
});
