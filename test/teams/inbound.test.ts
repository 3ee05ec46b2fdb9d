import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { rig, type Rig } from './helpers.ts';

const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };

function cardTexts(activity: any): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      if (typeof o.title === 'string') out.push(o.title);
      Object.values(o).forEach(walk);
    }
  };
  walk(activity.attachments?.map((a: any) => a.content));
  return out.join('\n');
}

describe('Teams inbound through CloudAdapter and a fake connector', () => {
  let r: Rig;
  beforeEach(async () => {
    r = await rig();
    r.connector.members.set(alex.id, alex);
    r.app.people.upsert({
      email: 'alex@example.com', name: 'Alex Wilber', department: null, manager: false, language: null,
      timezone: null, slackUserId: null, teamsUserId: null, vip: false,
    });
  });
  afterEach(async () => r.close());

  it('answers a personal message with an Adaptive Card, stores the reference and links the user by e-mail', async () => {
    const res = await postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help', user: alex }));
    expect(res.status).toBe(200);
    const sent = r.connector.sent(`a:personal-${alex.id}`);
    expect(sent).toHaveLength(1);
    expect(sent[0].attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(sent[0].attachments[0].content.version).toBe('1.5');
    expect(cardTexts(sent[0])).toContain('What I can do for you');
    // linked to the directory through TeamsInfo.getMember's e-mail
    expect(r.app.people.byEmail('alex@example.com')?.teamsUserId).toBe('aad-alex');
    const row = r.app.db.prepare(`SELECT * FROM conversation_refs WHERE platform = 'teams' AND key = 'aad-alex'`).get() as any;
    expect(row.person_email).toBe('alex@example.com');
    const ref = JSON.parse(row.ref);
    expect(ref.serviceUrl).toBe(r.connector.url);
    expect(ref.conversation.id).toBe(`a:personal-${alex.id}`);
    expect(ref.activityId).toBeUndefined();
  });

  it('a member lookup Teams throttles at the first message is asked again a minute later, and then links the person', async () => {
    let busy = true;
    const lookup = (c: { method: string; path: string }) => c.method === 'GET' && c.path.includes('/members/');
    r.connector.script = (c) => (busy && lookup(c) ? { status: 429, body: { error: { code: 'TooManyRequests' } } } : undefined);
    const ask = () => postActivity(r.server.url, teamsActivity(r.connector.url, { text: 'help', user: alex }));
    await ask();
    expect(r.connector.sent()).toHaveLength(1);
    expect(r.app.people.byEmail('alex@example.com')?.teamsUserId).toBeNull();
    busy = false;
    // (within the minute the connector is not asked again for each message)
    await ask();
    expect(r.connector.calls.filter(lookup)).toHaveLength(1);
    r.app.clock.advance(61_000);
    await ask();
    expect(r.connector.calls.filter(lookup)).toHaveLength(2);
    expect(r.app.people.byEmail('alex@example.com')?.teamsUserId).toBe('aad-alex');
    const row = r.app.db.prepare(`SELECT person_email FROM conversation_refs WHERE platform = 'teams' AND key = 'aad-alex'`).get() as { person_email: string | null };
    expect(row.person_email).toBe('alex@example.com');
  });

  it('uses the locale of the activity to pick German', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, { text: '?', user: alex, locale: 'de-CH' }));
    expect(cardTexts(r.connector.sent()[0])).toContain('Was ich für Sie tun kann');
  });

  it('strips the bot mention in a channel and remembers the channel', async () => {
    const act = teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at> help',
      user: alex,
      conversationType: 'channel',
      conversationId: '19:chan@thread.tacv2;messageid=111',
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:chan@thread.tacv2', name: 'IT News' } },
      entities: [{ type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }],
    });
    expect((await postActivity(r.server.url, act)).status).toBe(200);
    const sent = r.connector.sent('19:chan@thread.tacv2;messageid=111');
    expect(sent).toHaveLength(1);
    expect(cardTexts(sent[0])).toContain('What I can do for you');
    const row = r.app.db.prepare(`SELECT ref FROM conversation_refs WHERE platform = 'teams' AND key = '19:chan@thread.tacv2'`).get() as any;
    expect(JSON.parse(row.ref).conversation.id).toBe('19:chan@thread.tacv2');
    expect(JSON.parse(row.ref).teamId).toBe('19:team@thread.tacv2');
  });

  it('strips every mention of the bot in a group chat: a name written as one tag per word, and a mention entity without its text', async () => {
    const group = '19:group@thread.v2';
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT</at> <at>Helpdesk</at> help', user: alex, conversationType: 'groupChat', conversationId: group,
      entities: [
        { type: 'mention', text: '<at>IT</at>', mentioned: { id: '28:bot-id', name: 'IT Helpdesk' } },
        { type: 'mention', text: '<at>Helpdesk</at>', mentioned: { id: '28:bot-id', name: 'IT Helpdesk' } },
      ],
    }));
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at> help', user: alex, conversationType: 'groupChat', conversationId: group,
      entities: [{ type: 'mention', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }],
    }));
    // someone else's mention stays in the text
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at> pick please <at>Bob</at>', user: alex, conversationType: 'groupChat', conversationId: group,
      entities: [
        { type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } },
        { type: 'mention', text: '<at>Bob</at>', mentioned: { id: '29:bob', name: 'Bob' } },
      ],
    }));
    const sent = r.connector.sent(group);
    expect(sent).toHaveLength(3);
    expect(cardTexts(sent[0])).toContain('What I can do for you');
    expect(cardTexts(sent[1])).toContain('What I can do for you');
    expect(cardTexts(sent[2])).not.toContain('Pick one');
  });

  it('answers a bare @mention with the help, and a picture or file alone by saying it reads text only', async () => {
    const thread = '19:chan@thread.tacv2;messageid=333';
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at>&nbsp;', user: alex, conversationType: 'channel', conversationId: thread,
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:chan@thread.tacv2' } },
      entities: [{ type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }],
    }));
    expect(cardTexts(r.connector.sent(thread)[0])).toContain('What I can do for you');
    // a screenshot pasted alone into the personal chat: an image and the HTML rendition, no text
    await postActivity(r.server.url, {
      ...teamsActivity(r.connector.url, { user: alex }),
      attachments: [
        { contentType: 'image/*', contentUrl: 'https://smba.example/v3/attachments/1/views/original' },
        { contentType: 'text/html', content: '<div><div><span><img height="142" src="https://smba.example/v3/attachments/1/views/original" width="300"></span></div></div>' },
      ],
    });
    const personal = r.connector.sent(`a:personal-${alex.id}`);
    expect(personal).toHaveLength(1);
    expect(cardTexts(personal[0])).toContain('I read text only');
  });

  it('stays quiet in a channel when it is not mentioned', async () => {
    const act = teamsActivity(r.connector.url, {
      text: '<at>Someone Else</at> help', user: alex, conversationType: 'channel', conversationId: '19:chan@thread.tacv2;messageid=222',
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:chan@thread.tacv2' } },
      entities: [{ type: 'mention', text: '<at>Someone Else</at>', mentioned: { id: '29:someone', name: 'Someone Else' } }],
    });
    expect((await postActivity(r.server.url, act)).status).toBe(200);
    expect(r.connector.sent()).toHaveLength(0);
  });

  it('reports itself in /healthz', async () => {
    const h = (await (await fetch(`${r.server.url}/healthz`)).json()) as any;
    expect(h.adapters.teams).toMatchObject({ configured: true, auth: 'none: loopback callers only', endpoint: '/api/messages', sender: 'waiting for the first Teams activity', connected: false });
  });

  it('turns an Action.Submit into the neutral action with form values', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      user: alex,
      value: { itbot: { action: 'test.pick', value: 'alpha', multi: ['in.colors'] }, 'in.colors': 'red,blue', 'in.note': 'hi' },
    }));
    expect(r.seen).toHaveLength(1);
    expect(r.seen[0]!.action).toEqual({ id: 'test.pick', value: 'alpha', values: { colors: ['red', 'blue'], note: 'hi' } });
    expect(r.seen[0]!.event.person).toMatchObject({ platform: 'teams', userId: 'aad-alex', email: 'alex@example.com' });
    expect(cardTexts(r.connector.sent()[0])).toContain('You picked alpha');
  });

  it('updates the clicked card in place when the core replaces the original (Action.Submit)', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      user: alex, replyToId: 'card-7', value: { itbot: { action: 'survey.answer', value: '3' } },
    }));
    const put = r.connector.calls.filter((c) => c.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]!.activityId).toBe('card-7');
    expect(JSON.stringify(put[0]!.body)).toContain('Your answer: 3');
    expect(r.connector.sent()).toHaveLength(0);
  });

  it('ignores submit data that is not ours and empty text', async () => {
    await postActivity(r.server.url, teamsActivity(r.connector.url, { user: alex, value: { foo: 'bar' } }));
    expect(r.seen).toHaveLength(0);
    expect(r.connector.sent()).toHaveLength(0);
  });

  it('answers Action.Execute with a refreshed card showing the recorded answer', async () => {
    const res = await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      user: alex,
      value: { action: { type: 'Action.Execute', verb: 'survey.answer', data: { itbot: { action: 'survey.answer', value: '4' } } }, trigger: 'manual' },
    }));
    expect(res.status).toBe(200);
    expect(res.body.statusCode).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(res.body.value)).toContain('Your answer: 4');
    expect(r.seen[0]!.action).toEqual({ id: 'survey.answer', value: '4' });
    // the same invoke again (Teams retries) is processed once
    const again = await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex, id: 'dup-1',
      value: { action: { type: 'Action.Execute', verb: 'survey.answer', data: { itbot: { action: 'survey.answer', value: '5' } } } },
    }));
    const dup = await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex, id: 'dup-1',
      value: { action: { type: 'Action.Execute', verb: 'survey.answer', data: { itbot: { action: 'survey.answer', value: '5' } } } },
    }));
    expect(again.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(dup.status).toBe(200);
    expect(r.seen).toHaveLength(2);
  });

  it('answers an Action.Execute with a notice for the clicker only as a message, leaving the card', async () => {
    const res = await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'invoke', name: 'adaptiveCard/action', user: alex,
      value: { action: { type: 'Action.Execute', verb: 'survey.closed', data: { itbot: { action: 'survey.closed' } } } },
    }));
    expect(res.body).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'This survey is closed.' });
  });

  it('stores the reference on install and forgets it on uninstall', async () => {
    const add = teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'add', user: alex });
    expect((await postActivity(r.server.url, add)).status).toBe(200);
    const count = () => (r.app.db.prepare(`SELECT count(*) AS n FROM conversation_refs WHERE platform = 'teams'`).get() as any).n;
    expect(count()).toBe(1);
    expect(r.app.people.byEmail('alex@example.com')?.teamsUserId).toBe('aad-alex');
    // a welcome in the person's language, once, on a personal install
    const welcome = r.connector.sent(`a:personal-${alex.id}`);
    expect(welcome).toHaveLength(1);
    expect(cardTexts(welcome[0])).toContain('Hello Alex\\! I am');
    // the same install delivered again (the connector retries an activity answered late): no second welcome
    await postActivity(r.server.url, { ...add, timestamp: new Date().toISOString() });
    expect(r.connector.sent(`a:personal-${alex.id}`)).toHaveLength(1);
    await postActivity(r.server.url, teamsActivity(r.connector.url, { type: 'installationUpdate', action: 'remove', user: alex }));
    expect(count()).toBe(0);
  });

  it('remembers every channel of a team when the bot is added to it', async () => {
    r.connector.channels.set('19:team@thread.tacv2', [{ id: '19:team@thread.tacv2', name: 'General' }, { id: '19:news@thread.tacv2', name: 'News' }]);
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'conversationUpdate', user: alex, conversationType: 'channel', conversationId: '19:team@thread.tacv2',
      channelData: { team: { id: '19:team@thread.tacv2' }, eventType: 'teamMemberAdded' },
      membersAdded: [{ id: '28:bot-id' }],
    }));
    const keys = (r.app.db.prepare(`SELECT key FROM conversation_refs WHERE platform = 'teams' ORDER BY key`).all() as any[]).map((x) => x.key);
    expect(keys).toEqual(['19:news@thread.tacv2', '19:team@thread.tacv2']);
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      type: 'conversationUpdate', user: alex, conversationType: 'channel', conversationId: '19:team@thread.tacv2',
      channelData: { team: { id: '19:team@thread.tacv2' }, eventType: 'teamMemberRemoved' },
      membersRemoved: [{ id: '28:bot-id' }],
    }));
    expect((r.app.db.prepare(`SELECT count(*) AS n FROM conversation_refs WHERE platform = 'teams'`).get() as any).n).toBe(0);
  });
});
