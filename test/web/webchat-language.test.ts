import { describe, expect, it } from 'vitest';
import { testApp } from '../doubles/app.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { servedPerTest } from './helpers.ts';

const served = servedPerTest();

const NOLANG = 'kim.nolang@example.com';
const GERMAN = 'hans.deutsch@example.com';

async function start(env: Record<string, string>): Promise<RunningServer> {
  served.app = testApp({ env });
  const base = { department: 'IT', manager: false, timezone: 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false };
  served.app.people.upsert({ ...base, email: NOLANG, name: 'Kim Nolang', language: null });
  served.app.people.upsert({ ...base, email: GERMAN, name: 'Hans Deutsch', language: 'de' });
  served.server = await startServer(served.app, { port: 0, host: '127.0.0.1', background: false });
  return served.server;
}

async function post(s: RunningServer, path: string, body: unknown): Promise<{ replies: { text: string }[] }> {
  const r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
  return (await r.json()) as { replies: { text: string }[] };
}

describe('web chat: the browser\'s language, sent with each message and click', () => {
  it('answers a click of a person without a directory language in the browser\'s language, and keeps it for later messages', async () => {
    const s = await start({ ITBOT_LANG: 'de' });
    const { replies } = await post(s, '/web/action', { as: NOLANG, action: { id: 'core.help' }, locale: 'en-US' });
    expect(replies[0]!.text).toMatch(/^Just write to me/);
    // (what the bot sends on its own later uses it too, as for Teams and Slack)
    expect(served.app!.people.byEmail(NOLANG)!.clientLanguage).toBe('en');
  });

  it('answers a guest in the browser\'s language, and in ITBOT_LANG without one', async () => {
    const s = await start({ ITBOT_LANG: 'en' });
    const de = await post(s, '/web/action', { action: { id: 'core.help' }, locale: 'de-CH' });
    expect(de.replies[0]!.text).toMatch(/^Schreiben Sie mir/);
    const none = await post(s, '/web/action', { action: { id: 'core.help' } });
    expect(none.replies[0]!.text).toMatch(/^Just write to me/);
  });

  it('keeps the directory\'s language over the browser\'s', async () => {
    const s = await start({ ITBOT_LANG: 'en' });
    const { replies } = await post(s, '/web/action', { as: GERMAN, action: { id: 'core.help' }, locale: 'en-GB' });
    expect(replies[0]!.text).toMatch(/^Schreiben Sie mir/);
    expect(served.app!.people.byEmail(GERMAN)!.language).toBe('de');
  });

  it('ignores a locale that is not a short string', async () => {
    const s = await start({ ITBOT_LANG: 'de' });
    const { replies } = await post(s, '/web/action', { as: NOLANG, action: { id: 'core.help' }, locale: 'en'.padEnd(200, 'x') });
    expect(replies[0]!.text).toMatch(/^Schreiben Sie mir/);
    expect(served.app!.people.byEmail(NOLANG)!.clientLanguage ?? null).toBeNull();
  });

  it('answers a click of a person without a directory language in the language of the card clicked, before the browser\'s', async () => {
    const s = await start({ ITBOT_LANG: 'en' });
    const { replies } = await post(s, '/web/action', { as: NOLANG, action: { id: 'core.help', lang: 'de' }, locale: 'en-US' });
    expect(replies[0]!.text).toMatch(/^Schreiben Sie mir/);
    // (the directory's language still first; a card language the bot does not speak is ignored)
    const german = await post(s, '/web/action', { as: GERMAN, action: { id: 'core.help', lang: 'en' }, locale: 'en-US' });
    expect(german.replies[0]!.text).toMatch(/^Schreiben Sie mir/);
    const odd = await post(s, '/web/action', { as: NOLANG, action: { id: 'core.help', lang: 'fr' }, locale: 'en-US' });
    expect(odd.replies[0]!.text).toMatch(/^Just write to me/);
  });
});

