import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { flat, say, testApp, type TestApp } from '../doubles/app.ts';
import { addPeople, fixture, slackHarness, type Harness } from '../slack/harness.ts';

// A catalog answer read by a whole channel must not call one person's key account "your IT contact".
let app: TestApp | undefined;
let h: Harness | undefined;
afterEach(async () => {
  app?.cleanup();
  app = undefined;
  await h?.close();
  h = undefined;
});

const inChannel = { conversation: { platform: 'test' as const, channelId: 'C0GENERAL', isDirect: false } };

function catalogApp(): TestApp {
  const a = testApp();
  importCatalog(a, join(DATA_DIR, 'catalog.yaml'));
  addPeople(a);
  return a;
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
    const direct = flat(await app.bot.handle({ ...say('', 'anna.muster@example.com'), text: undefined, action: { id: 'catalog.show', value: `answer:${id}` } }));
    expect(direct).toContain('Karl Keller');
    const channel = flat(await app.bot.handle({ ...say('', 'anna.muster@example.com', inChannel), text: undefined, action: { id: 'catalog.show', value: `answer:${id}` } }));
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
    h = await slackHarness();
    importCatalog(h.app, join(DATA_DIR, 'catalog.yaml'));
    addPeople(h.app);
    h.fake.addUser({ id: 'U0ANNA', email: 'anna.muster@example.com', locale: 'de-CH' });
    const p = fixture('app-mention');
    p.event.text = '<@UBOT> wie bekomme ich VPN?';
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const posted = h.fake.messages[0]!;
    expect(posted.channel).toBe('C0GENERAL');
    expect(posted.text).toContain('VPN');
    expect(posted.text).not.toContain('Karl Keller');
    const res = await h.command('wie bekomme ich VPN?', { channel: 'C0GENERAL' });
    const body = await res.json();
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Karl Keller');
  });
});
