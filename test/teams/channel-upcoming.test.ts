import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { features } from '../../src/features.ts';
import { importYaml } from '../plan/helpers.ts';
import { alex, rig, type Rig } from './helpers.ts';

const PLAN = `timezone: Europe/Zurich
events:
  - id: info
    title: {de: IT-Info für alle, en: IT info for everyone}
    kind: info-meeting
    start: 2027-01-12T10:00
    duration: PT1H
    audience: all
    owner: head.it@example.com
  - id: budget
    title: {de: Budgetrunde der Vorgesetzten, en: Managers' budget round}
    kind: management-meeting
    start: 2027-01-13T10:00
    duration: PT1H
    audience: managers
    owner: head.it@example.com
`;

/** The texts of the cards the bot posted into a conversation. */
const posted = (r: Rig, conversation: string) =>
  r.connector.sent().filter((a) => a.conversation?.id?.startsWith(conversation)).map((a) => JSON.stringify(a.attachments?.map((x: any) => x.content)));

describe('Teams: "what is coming up?" in a channel', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig({ features });
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: 'Finance', manager: true, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    importYaml(r.app, PLAN);
  });
  afterEach(async () => r.close());

  it('names only the events for everyone there, not a manager\'s own meetings, and says where those are shown', async () => {
    const channel = '19:general@thread.tacv2';
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      user: alex, text: '<at>IT-Bot</at> upcoming', conversationType: 'channel', conversationId: `${channel};messageid=1`,
      entities: [{ type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }], channelData: { channel: { id: channel } },
    }));
    const [inChannel] = posted(r, channel);
    expect(inChannel).toContain('IT info for everyone');
    expect(inChannel).not.toContain('budget round');
    expect(inChannel).toContain('in a direct chat with me');
    // in the personal chat, both
    await postActivity(r.server.url, teamsActivity(r.connector.url, { user: alex, text: 'upcoming' }));
    const [direct] = posted(r, `a:personal-${alex.id}`);
    expect(direct).toContain('IT info for everyone');
    expect(direct).toContain('budget round');
    expect(direct).not.toContain('in a direct chat with me');
  });
});
