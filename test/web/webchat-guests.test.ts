import { describe, expect, it } from 'vitest';
import { testApp, testFile } from '../doubles/app.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { startServer, type RunningServer } from '../../src/server.ts';
import { servedPerTest } from './helpers.ts';

const served = servedPerTest();

async function start(): Promise<RunningServer> {
  served.app = testApp();
  importCatalog(served.app, testFile(served.app, 'catalog.yaml', 'services:\n  - {id: vpn, name: VPN remote access, summary: Work from home over VPN., keywords: {de: [VPN], en: [VPN]}}\n'));
  served.server = await startServer(served.app, { port: 0, host: '127.0.0.1', background: false });
  return served.server;
}

/** A browser of its own: it keeps the cookies the chat sets, as a browser does. */
function browser(s: RunningServer) {
  let cookie = '';
  return {
    get cookie() {
      return cookie;
    },
    async post(path: string, body: unknown): Promise<{ replies: { html: string; text: string }[] }> {
      const r = await fetch(`${s.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
      expect(r.status).toBe(200);
      const set = r.headers.getSetCookie().find((c) => c.startsWith('itbot_guest='));
      if (set) cookie = set.split(';')[0]!;
      return (await r.json()) as { replies: { html: string; text: string }[] };
    },
  };
}

/** The value of the card's 👍 button, as the page reads it from the HTML. */
function thumbsUp(html: string): string {
  const m = /data-action="catalog\.feedback" data-value="([^"]*)"/.exec(html);
  expect(m).not.toBeNull();
  return m![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

describe('web chat: each browser is a guest of its own', () => {
  it('gives two browsers two guest ids, in an HttpOnly cookie, and keeps one browser\'s id', async () => {
    const s = await start();
    const a = browser(s);
    const b = browser(s);
    await a.post('/web/message', { text: 'help' });
    await b.post('/web/message', { text: 'help' });
    expect(a.cookie).toMatch(/^itbot_guest=[A-Za-z0-9_-]{22,}$/);
    expect(b.cookie).toMatch(/^itbot_guest=[A-Za-z0-9_-]{22,}$/);
    expect(a.cookie).not.toBe(b.cookie);
    const kept = a.cookie;
    await a.post('/web/message', { text: 'help' });
    expect(a.cookie).toBe(kept);
    const page = await fetch(`${s.url}/`);
    expect(page.headers.getSetCookie().find((c) => c.startsWith('itbot_guest='))).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('counts a guest\'s 👍 on their own answer, and not another guest\'s on it', async () => {
    const s = await start();
    const a = browser(s);
    const b = browser(s);
    await b.post('/web/message', { text: 'help' });
    const [card] = (await a.post('/web/message', { text: 'VPN' })).replies;
    const value = thumbsUp(card!.html);
    const other = await b.post('/web/action', { action: { id: 'catalog.feedback', value } });
    expect(other.replies[0]!.text).toBe('This button is no longer valid. Please ask again.');
    const own = await a.post('/web/action', { action: { id: 'catalog.feedback', value } });
    expect(own.replies[0]!.text).toMatch(/thank/i);
  });
});
