import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { coreFeature } from '../../src/chat/core-feature.ts';
import { surveysFeature } from '../../src/surveys/feature.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { define } from '../surveys/helpers.ts';
import { rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };

/** Every element of a card of the given type, at any depth. */
function elements(card: unknown, type: string): any[] {
  const out: any[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if ((v as { type?: unknown }).type === type) out.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(card);
  return out;
}

describe('a named survey answered on its Teams card', () => {
  let r: Rig;
  let runId: number;
  beforeEach(async () => {
    r = await rig({ features: [coreFeature, surveysFeature] });
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    define(r.app, {
      id: 'named-two', title: { de: 'Umfrage', en: 'Survey' }, anonymity: 'named', minGroupSize: 1, audience: ['alex@example.com'], closes: 'P7D',
      questions: [
        { id: 'overall', type: 'csat', text: { de: 'Wie zufrieden?', en: 'How satisfied?' } },
        { id: 'channel', type: 'multi', options: [{ value: 'intranet', label: { de: 'Intranet', en: 'Intranet' } }, { value: 'chat', label: { de: 'Chat', en: 'Chat' } }], text: { de: 'Wo?', en: 'Where?' } },
      ],
    });
    runId = startSurveyRun(r.app, 'named-two', { runKey: 'manual-1', scheduled: false }).runId;
  });
  afterEach(async () => r.close());

  const execute = (action: string, value: string, inputs: Record<string, string> = {}, multi?: string[]) =>
    postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex,
      value: { action: { type: 'Action.Execute', verb: action, data: { itbot: { action, value, ...(multi ? { multi } : {}) }, ...inputs } }, trigger: 'manual' },
    }));

  it('the refreshed card shows the recorded answers and a "Change answer" button that brings the form back, filled in', async () => {
    const res = await execute('survey.submit', String(runId), { 'in.overall': '4', 'in.channel': 'intranet,chat' }, ['in.channel']);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const card = res.body.value;
    expect(elements(card, 'TextBlock').map((t) => t.text).join(' ')).toMatch(/change your answer until/);
    expect(elements(card, 'FactSet').flatMap((f) => f.facts)).toEqual([
      { title: 'How satisfied?', value: '4' },
      { title: 'Where?', value: 'Intranet, Chat' },
    ]);
    const [change] = elements(card, 'Action.Execute');
    expect(change).toMatchObject({ title: 'Change answer', data: { itbot: { action: 'survey.change', value: String(runId) } } });

    // the button: the form again, with what is recorded
    const again = await execute('survey.change', String(runId));
    expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const inputs = elements(again.body.value, 'Input.ChoiceSet');
    expect(inputs.map((i) => [i.id, i.value])).toEqual([['in.overall', '4'], ['in.channel', 'intranet,chat']]);
    expect(elements(again.body.value, 'Action.Execute').map((a) => a.data.itbot.action)).toEqual(['survey.submit']);

    // submitting it changes the answer
    const changed = await execute('survey.submit', String(runId), { 'in.overall': '2', 'in.channel': 'chat' }, ['in.channel']);
    expect(elements(changed.body.value, 'TextBlock').map((t) => t.text).join(' ')).toMatch(/has been changed/);
    expect(elements(changed.body.value, 'FactSet').flatMap((f) => f.facts)).toEqual([
      { title: 'How satisfied?', value: '2' },
      { title: 'Where?', value: 'Chat' },
    ]);
  });

  it('"Change answer" after the survey closed says so and leaves the card', async () => {
    await execute('survey.submit', String(runId), { 'in.overall': '4', 'in.channel': 'chat' }, ['in.channel']);
    r.app.clock.advance(8 * 24 * 3600_000);
    const res = await execute('survey.change', String(runId));
    expect(res.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(res.body.value).toMatch(/closed/);
  });

  it('"@IT-Bot survey" in a channel shows no survey card there (everyone would see it and the answer clicked), only where to ask', async () => {
    const channel = '19:it@thread.tacv2';
    const mention = { type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } };
    for (const [text, locale] of [['<at>IT-Bot</at> survey', 'en-US'], ['<at>IT-Bot</at> meine Umfragen', 'de-CH']]) {
      if (locale === 'de-CH') r.app.people.upsert({ ...r.app.people.byEmail('alex@example.com')!, language: 'de' });
      await postActivity(r.server.url, teamsActivity(r.connector.url, {
        user: alex, text, locale, conversationType: 'channel', conversationId: `${channel};messageid=${locale}`, entities: [mention], channelData: { channel: { id: channel } },
      }));
    }
    const posted = r.connector.sent().filter((a) => a.conversation?.id?.startsWith(channel));
    expect(posted).toHaveLength(2);
    for (const a of posted) expect(elements(a.attachments[0].content, 'Action.Execute')).toEqual([]);
    const texts = posted.map((a) => elements(a.attachments[0].content, 'TextBlock').map((t) => t.text).join(' '));
    expect(texts[0]).toMatch(/only in a direct chat with me/);
    expect(texts[0]).not.toMatch(/Survey/);
    expect(texts[1]).toMatch(/nur im direkten Chat/);
    // in the personal chat the open survey comes with its form, as before
    r.app.people.upsert({ ...r.app.people.byEmail('alex@example.com')!, language: 'en' });
    await postActivity(r.server.url, teamsActivity(r.connector.url, { user: alex, text: 'survey' }));
    const direct = r.connector.sent(`a:personal-${alex.id}`);
    expect(direct.flatMap((a) => elements(a.attachments[0].content, 'Action.Execute')).map((b) => b.data.itbot.action)).toContain('survey.submit');
  });
});
