import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Feature } from '../../src/app-types.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { recordingFeature, rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };

/** A card action whose handler fails, as when the database stays locked. */
const failing: Feature = {
  name: 'test-failing',
  intents: [],
  actions: {
    'test.locked': () => {
      throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    },
  },
};

function execute(serviceUrl: string, verb: string, extra: Record<string, unknown> = {}) {
  return teamsActivity(serviceUrl, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    user: alex,
    value: { action: { type: 'Action.Execute', verb, data: { itbot: { action: verb } } }, trigger: 'manual' },
    ...extra,
  });
}

describe('Teams: a card click that fails', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig({ features: [coreFeature, recordingFeature([]), failing] });
    r.connector.members.set(alex.id, alex);
  });
  afterEach(async () => r.close());

  it('in the adapter (the database stays locked) is still answered: the clicker is told it did not work, in the language of the client', async () => {
    r.app.bot.handle = () => Promise.reject(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    const res = await postActivity(r.server.url, execute(r.connector.url, 'survey.answer'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Sorry, something went wrong. Please try again.' });
    const de = await postActivity(r.server.url, execute(r.connector.url, 'survey.answer', { locale: 'de-CH' }));
    expect(de.status).toBe(200);
    expect(de.body.value).toBe('Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es nochmals.');
    // (the invoke's answer is the notice: nothing is posted into the chat besides)
    expect(r.connector.sent()).toHaveLength(0);
  });

  it('in the adapter answers in the language of the directory when the person has one there', async () => {
    r.app.people.upsert({
      email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: 'de',
      timezone: null, slackUserId: null, teamsUserId: 'aad-alex', vip: false,
    });
    r.app.bot.handle = () => Promise.reject(new Error('boom'));
    const res = await postActivity(r.server.url, execute(r.connector.url, 'survey.answer', { locale: 'en-US' }));
    expect(res.body.value).toBe('Entschuldigung, da ist etwas schiefgelaufen. Bitte versuchen Sie es nochmals.');
  });

  it('in a feature is said as a notice, leaving the clicked card (with its buttons) as it was', async () => {
    const res = await postActivity(r.server.url, execute(r.connector.url, 'test.locked'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Something went wrong on my side. Please try again or contact the helpdesk.',
    });
  });

  it('after the card was answered keeps that answer (the refreshed card stays)', async () => {
    const boom: Feature = {
      name: 'test-after',
      intents: [],
      actions: {
        'survey.after': () => [
          { text: 'Recorded', replaceOriginal: true, blocks: [{ type: 'text', text: 'Your answer: 3' }] },
          { text: 'and more', blocks: [{ type: 'text', text: 'and more' }] },
        ],
      },
    };
    await r.close();
    r = await rig({ features: [coreFeature, boom] });
    r.connector.members.set(alex.id, alex);
    // the follow-up message is refused for good (403): the turn fails after the card was answered
    r.connector.script = (call) => (call.method === 'POST' && call.path.includes('/activities') ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'no' } } } : undefined);
    const res = await postActivity(r.server.url, execute(r.connector.url, 'survey.after'));
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(res.body.value)).toContain('Your answer: 3');
  });
});
