import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importCatalog } from '../../src/catalog/import.ts';
import { outboxRows } from '../../src/jobs/outbox.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { flat, inChannel, say, testApp, type TestApp } from '../doubles/app.ts';
import { addPeople, fixture, slackHarness, type Harness } from '../slack/harness.ts';

// A VIP's unanswered question is forwarded to their key account; in a channel the others must not
// learn from the answer that the asker is a VIP, nor whom they turn to.
let app: TestApp | undefined;
let h: Harness | undefined;
afterEach(async () => {
  app?.cleanup();
  app = undefined;
  await h?.close();
  h = undefined;
});

const QUESTION = 'wie wird das Wetter morgen?';

function addVip(a: TestApp, slackUserId: string | null = null): void {
  addPeople(a);
  a.people.upsert({ email: 'vera.vip@example.com', name: 'Vera Vip', department: 'Finance', manager: true, language: 'de', timezone: 'Europe/Zurich', slackUserId, teamsUserId: null, vip: true });
}

describe('a VIP\'s unanswered question in a channel', () => {
  it('a direct chat still says to whom it went', async () => {
    app = testApp();
    importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
    addVip(app);
    const direct = flat(await app.bot.handle(say(QUESTION, 'vera.vip@example.com')));
    expect(direct).toContain('an Karl Keller weitergeleitet');
    expect(outboxRows(app.db, { kind: 'vip-question' }).map((r) => r.target)).toEqual(['karl.keller@example.com']);
  });

  it('is forwarded, the channel reads what anyone else would get, and the VIP is told in a direct message', async () => {
    app = testApp();
    importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
    addVip(app);
    const vip = await app.bot.handle(say(QUESTION, 'vera.vip@example.com', inChannel));
    const other = await app.bot.handle(say(QUESTION, 'anna.muster@example.com', inChannel));
    expect(flat(vip)).not.toContain('Karl Keller');
    expect(flat(vip)).not.toContain('weitergeleitet');
    expect(flat(vip)).toBe(flat(other));
    // still forwarded to the key account
    const forwarded = outboxRows(app.db, { kind: 'vip-question' });
    expect(forwarded.map((r) => r.target)).toEqual(['karl.keller@example.com']);
    expect(forwarded[0]!.message).toContain('Vera Vip');
    // and the VIP alone is told
    const told = outboxRows(app.db, { kind: 'vip-question-told' });
    expect(told.map((r) => r.target)).toEqual(['vera.vip@example.com']);
    expect(told[0]!.message).toContain('Karl Keller');
    expect(told[0]!.message).toContain('Wetter morgen');
  });

  it('"who is my IT contact?" in a channel does not say there that the asker is a VIP; a direct chat does', async () => {
    app = testApp();
    addVip(app);
    const direct = flat(await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', 'vera.vip@example.com')));
    expect(direct).toContain('Geschäftsleitung');
    const channel = flat(await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', 'vera.vip@example.com', inChannel)));
    expect(channel).toContain('Karl Keller');
    expect(channel).not.toContain('Geschäftsleitung');
    const other = flat(await app.bot.handle(say('wer ist mein IT-Ansprechpartner?', 'anna.muster@example.com', inChannel)));
    expect(channel).toBe(other);
  });

  it('Slack: a mention in a channel posts no VIP line there; the VIP gets it as a direct message', async () => {
    h = await slackHarness();
    importCatalog(h.app, join(DATA_DIR, 'catalog.yaml'));
    addVip(h.app, 'U0VERA');
    h.fake.addUser({ id: 'U0VERA', email: 'vera.vip@example.com', locale: 'de-CH' });
    const p = fixture('app-mention');
    p.event.user = 'U0VERA';
    p.event.text = `<@UBOT> ${QUESTION}`;
    await h.event(p);
    await h.fake.until(() => h!.fake.messages.length === 1);
    const posted = h.fake.messages[0]!;
    expect(posted.channel).toBe('C0GENERAL');
    expect(JSON.stringify(posted)).not.toContain('Karl Keller');
    expect(JSON.stringify(posted)).not.toContain('weitergeleitet');
    h.app.clock.advance(1000);
    await h.server.worker.drainOnce();
    const dm = h.fake.messages.filter((m) => m.channel !== 'C0GENERAL');
    expect(dm.map((m) => m.text).join('\n')).toContain('an Karl Keller weitergeleitet');
    expect(dm.every((m) => m.channel.startsWith('D') || m.channel.startsWith('U0VERA'))).toBe(true);
  });
});
