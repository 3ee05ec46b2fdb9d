import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import.ts';
import { features } from '../../src/features.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { click, flat, inChannel, say, testApp, type TestApp } from '../doubles/app.ts';
import { postActivity, teamsActivity } from '../doubles/fake-connector.ts';
import { addPeople, fixture, slackHarness, type Harness } from '../slack/harness.ts';
import { rig, type Rig } from '../teams/helpers.ts';

// A catalog answer read by a whole channel must not call one person's key account "your IT contact": its contact
// line is the helpdesk, labelled as the helpdesk.
let app: TestApp | undefined;
let h: Harness | undefined;
let r: Rig | undefined;
afterEach(async () => {
  app?.cleanup();
  app = undefined;
  await h?.close();
  h = undefined;
  await r?.close();
  r = undefined;
});

function catalogApp(): TestApp {
  const a = testApp();
  importCatalog(a, join(DATA_DIR, 'catalog.yaml'));
  addPeople(a);
  return a;
}

/** Slack: Anna mentions the bot in a channel asking about VPN; the message it posts there. */
async function slackMentionInChannel() {
  h = await slackHarness();
  importCatalog(h.app, join(DATA_DIR, 'catalog.yaml'));
  addPeople(h.app);
  h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
  const p = fixture('app-mention');
  p.event.text = '<@UBOT> wie bekomme ich VPN?';
  await h.event(p);
  await h.fake.until(() => h!.fake.messages.length === 1);
  return h.fake.messages[0]!;
}

describe('catalog answers in a channel or group chat', () => {
  it('a card in a direct chat names the asker\'s key account, in a channel the helpdesk instead', async () => {
    app = catalogApp();
    const direct = flat(await app.bot.handle(say('wie bekomme ich VPN?', 'anna.muster@example.com')));
    expect(direct).toContain('Ihre IT-Ansprechperson: Karl Keller (karl.keller@example.com)');
    const channel = await app.bot.handle(say('wie bekomme ich VPN?', 'anna.muster@example.com', inChannel));
    expect(flat(channel)).toContain('VPN');
    expect(flat(channel)).not.toContain('Karl Keller');
    // the helpdesk a person whose department is unknown gets (the catalog's helpdesk entry), labelled as the helpdesk
    const unknown = flat(await app.bot.handle(say('wie bekomme ich VPN?', 'guest@example.com')));
    const line = unknown.split('\n').find((l) => l.startsWith('Ihre IT-Ansprechperson:'))!;
    expect(line).toMatch(/helpdesk/i);
    expect(channel[0]!.text.split('\n')).toContain(line.replace('Ihre IT-Ansprechperson:', 'Helpdesk:'));
  });

  it('an official answer card in a channel names the helpdesk, not the asker\'s contact', async () => {
    app = catalogApp();
    const id = app.db.prepare('SELECT id FROM catalog_answers LIMIT 1').pluck().get() as string;
    const direct = flat(await app.bot.handle(click('catalog.show', `answer:${id}`, 'anna.muster@example.com')));
    expect(direct).toContain('Karl Keller');
    const channel = flat(await app.bot.handle(click('catalog.show', `answer:${id}`, 'anna.muster@example.com', inChannel)));
    expect(channel).not.toContain('Karl Keller');
    expect(channel).toMatch(/helpdesk/i);
  });

  it('the unsure fallback in a channel offers the helpdesk, not the asker\'s personal contact', async () => {
    app = catalogApp();
    const direct = flat(await app.bot.handle(say('wie wird das Wetter morgen?', 'anna.muster@example.com')));
    expect(direct).toContain('Persönliche Hilfe: Karl Keller');
    const channel = flat(await app.bot.handle(say('wie wird das Wetter morgen?', 'anna.muster@example.com', inChannel)));
    expect(channel).not.toContain('Karl Keller');
    expect(channel).toMatch(/helpdesk/i);
  });

  it('Slack: a mention in a channel gets the helpdesk; /it there, answered to the asker alone, keeps their contact', async () => {
    const posted = await slackMentionInChannel();
    expect(posted.channel).toBe('C0GENERAL');
    expect(posted.text).toContain('VPN');
    expect(posted.text).not.toContain('Karl Keller');
    const res = await h!.command('wie bekomme ich VPN?', { channel: 'C0GENERAL' });
    const body = await res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Karl Keller');
  });
});

describe('the helpdesk line of a card in a channel', () => {
  it('a service card and an official answer say "Helpdesk", in German and in English; a direct chat keeps "Your IT contact"', async () => {
    app = catalogApp();
    const de = flat(await app.bot.handle(say('wie bekomme ich VPN?', 'anna.muster@example.com', inChannel)));
    expect(de).not.toContain('Ihre IT-Ansprechperson');
    expect(de).toMatch(/^Helpdesk: .*helpdesk/im);
    const en = flat(await app.bot.handle(say('how do I get VPN?', 'ben.beispiel@example.com', inChannel)));
    expect(en).not.toContain('Your IT contact');
    expect(en).toMatch(/^Helpdesk: .*helpdesk/im);
    const id = app.db.prepare('SELECT id FROM catalog_answers LIMIT 1').pluck().get() as string;
    const answer = flat(await app.bot.handle(click('catalog.show', `answer:${id}`, 'anna.muster@example.com', inChannel)));
    expect(answer).not.toContain('Ihre IT-Ansprechperson');
    expect(answer).toMatch(/^Helpdesk: .*helpdesk/im);
    const direct = flat(await app.bot.handle(say('wie bekomme ich VPN?', 'anna.muster@example.com')));
    expect(direct).toContain('Ihre IT-Ansprechperson: Karl Keller');
  });

  it('Slack: the card posted for a mention in a channel labels the line "Helpdesk"', async () => {
    const shown = JSON.stringify((await slackMentionInChannel()).blocks);
    expect(shown).not.toContain('IT-Ansprechperson');
    expect(shown).toContain('Helpdesk');
  });

  it('Teams: the card for a mention in a channel labels the line "Helpdesk"', async () => {
    r = await rig({ features });
    importCatalog(r.app, join(DATA_DIR, 'catalog.yaml'));
    const alex = { id: '29:alex', aadObjectId: 'aad-alex', name: 'Alex Wilber', email: 'alex@example.com' };
    r.connector.members.set(alex.id, alex);
    r.app.people.upsertDepartment({ id: 'Finance', nameDe: 'Finanzen', nameEn: 'Finance', keyAccountEmail: 'karl.keller@example.com', itChannelSlack: null, itChannelTeams: null });
    r.app.people.upsert({ email: 'karl.keller@example.com', name: 'Karl Keller', department: 'IT', manager: false, language: 'de', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    r.app.people.upsert({ email: 'alex@example.com', name: 'Alex Wilber', department: 'Finance', manager: false, language: 'en', timezone: null, slackUserId: null, teamsUserId: null, vip: false });
    const thread = '19:chan@thread.tacv2;messageid=111';
    await postActivity(r.server.url, teamsActivity(r.connector.url, {
      text: '<at>IT-Bot</at> how do I get VPN?', user: alex, conversationType: 'channel', conversationId: thread,
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:chan@thread.tacv2', name: 'IT News' } },
      entities: [{ type: 'mention', text: '<at>IT-Bot</at>', mentioned: { id: '28:bot-id', name: 'IT-Bot' } }],
    }));
    const shown = JSON.stringify(r.connector.sent(thread));
    expect(shown).toContain('VPN');
    expect(shown).not.toContain('Karl Keller');
    expect(shown).not.toContain('Your IT contact');
    expect(shown).toContain('Helpdesk');
  });
});
