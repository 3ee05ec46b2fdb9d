import { randomBytes } from 'node:crypto';
import express from 'express';
import type { HttpAdapter } from '../http-adapter.ts';
import type { App } from '../../src/app-types.ts';
import type { InboundAction, InboundEvent } from '../../src/chat/model.ts';
import { renderHtml } from './render.ts';
import { readInbox, readRecentInbox, lastInboxId, replaceWebMessage } from '../../src/store/web-inbox-repo.ts';
import { CHAT_CSP, chatPage } from './page.ts';
import { webChannelsRead } from '../../src/people/audience.ts';
import { departmentName } from '../../src/people/person.ts';
import { allowedHostsText, foreignHeader, isLoopbackCaller } from '../local-host.ts';
import { parseCookies } from './admin/auth.ts';

/** ITBOT_WEBCHAT_OPEN=true: the web chat answers anyone who reaches the port, under any host name. */
const chatOpen = (app: App) => app.config.ITBOT_WEBCHAT_OPEN === 'true';

/**
 * Guards the web chat against other web pages in the operator's browser: a page whose name
 * resolves to 127.0.0.1 (DNS rebinding) reaches the loopback port, but its requests carry its
 * own name in Host, and a cross-site POST carries its Origin. Both must name this machine.
 */
function hostGuard(app: App): express.RequestHandler {
  return (req, res, next) => {
    if (chatOpen(app)) return next();
    // (a page reads with GET wherever it is shown; only what it sends must come from our own page)
    const foreign = foreignHeader(req.headers, app.config.ITBOT_HOST, req.method !== 'GET' && req.method !== 'HEAD');
    if (foreign) {
      const allowed = allowedHostsText(app.config.ITBOT_HOST);
      res.status(403).json({
        error: foreign.header === 'host'
          ? `the web chat answers only for the host names ${allowed}; this request was for host "${foreign.value}"`
          : `the web chat takes messages only from its own page (${allowed}); this one came from origin "${foreign.value}"`,
      });
      return;
    }
    next();
  };
}

/** The security headers of a page of ours (the chat, the admin pages): its Content-Security-Policy, no framing, no sniffing. */
export function pageHeaders(res: express.Response, csp: string): void {
  res.set('Content-Security-Policy', csp);
  res.set('X-Frame-Options', 'DENY');
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'same-origin');
}

/**
 * Who a guest (nobody picked from the directory) is: a random id of their browser, in an HttpOnly
 * cookie the page's first request sets. It keeps one browser's guest conversation (the 👍/👎 a card
 * takes, what is pending) apart from every other's; it never stands for a person of the directory
 * (no "@", so it is never looked up as an e-mail) and gets nothing a picked person gets.
 */
const GUEST_COOKIE = 'itbot_guest';
const GUEST_ID = /^[A-Za-z0-9_-]{22,64}$/;

function guestId(app: App, req: express.Request, res: express.Response): string {
  const have = parseCookies(req.headers.cookie)[GUEST_COOKIE];
  if (have && GUEST_ID.test(have)) return have;
  // (one id a request: the page's first request sets it, and the later ones carry it)
  const kept = res.locals.guestId as string | undefined;
  if (kept) return kept;
  const id = randomBytes(18).toString('base64url');
  const secure = req.secure || /^https:/i.test(app.config.ITBOT_PUBLIC_URL ?? '');
  res.append('Set-Cookie', `${GUEST_COOKIE}=${id}; Path=/web; HttpOnly; SameSite=Strict; Max-Age=${365 * 86400}${secure ? '; Secure' : ''}`);
  res.locals.guestId = id;
  return id;
}

function eventFor(app: App, as: string, guest: string, body: { eventId?: unknown; locale?: unknown }): Omit<InboundEvent, 'text' | 'action'> {
  const person = as ? app.people.byEmail(as) : null;
  const userId = person?.email ?? `guest:${guest}`;
  return {
    platform: 'web',
    eventId: typeof body.eventId === 'string' && body.eventId.length <= 100 ? body.eventId : undefined,
    // (the browser's language, as Teams and Slack pass their client's locale: the bot answers in it
    // when the directory has no language for the person, and keeps it for what it sends them later)
    locale: typeof body.locale === 'string' && body.locale.length <= 35 ? body.locale : undefined,
    person: { platform: 'web', userId, email: person?.email, displayName: person?.name },
    conversation: { platform: 'web', channelId: `web:${userId}`, isDirect: true },
  };
}

/**
 * The local web chat: a real adapter of the core (like Hubot's shell adapter). A person picks
 * who they are from the directory, so it only answers callers on loopback: anyone who can
 * reach it can speak as anyone.
 */
export const webAdapter: HttpAdapter = {
  name: 'web',
  async mount(http, app) {
    const router = express.Router();
    router.use((req, res, next) => {
      if (isLoopbackCaller(req) || chatOpen(app)) return next();
      res.status(403).json({ error: 'the web chat answers on loopback only (set ITBOT_WEBCHAT_OPEN=true to open it)' });
    });
    router.use(hostGuard(app));
    router.use(express.json({ limit: '64kb' }));
    // (every reply of the chat's API gives a browser without its guest id one)
    router.use((req, res, next) => {
      guestId(app, req, res);
      next();
    });
    router.get('/people', (_req, res) => {
      // (the department in words, in both languages: the picker names it in the page's language)
      const people = app.people.all({ activeOnly: true }).map((p) => {
        const d = app.people.department(p.department);
        const names = p.department ? { de: departmentName(d, 'de') ?? p.department, en: departmentName(d, 'en') ?? p.department } : null;
        // (clientLanguage: the page speaks it when neither the directory nor the browser has a language the bot speaks)
        return { email: p.email, name: p.name, department: p.department, departmentName: names, language: p.language, clientLanguage: p.clientLanguage ?? null, vip: p.vip };
      });
      res.json({ people });
    });
    const reply = async (req: express.Request, res: express.Response, kind: 'text' | 'action') => {
      const body = (req.body ?? {}) as { as?: unknown; text?: unknown; action?: InboundAction; eventId?: unknown; inbox?: unknown; locale?: unknown };
      const as = typeof body.as === 'string' ? body.as : '';
      const base = eventFor(app, as, guestId(app, req, res), body);
      let event: InboundEvent;
      if (kind === 'text') {
        if (typeof body.text !== 'string') {
          res.status(400).json({ error: 'body.text: expected a string' });
          return;
        }
        event = { ...base, text: body.text };
      } else {
        const a = body.action;
        if (!a || typeof a.id !== 'string') {
          res.status(400).json({ error: 'body.action.id: expected a string' });
          return;
        }
        // (lang: the language of the card clicked, which the page sends with the click: the answer's
        // when the directory has none for the person, before the browser's, as on Slack and Teams)
        const lang = a.lang === 'de' || a.lang === 'en' ? a.lang : undefined;
        event = { ...base, action: { id: a.id, value: typeof a.value === 'string' ? a.value : undefined, values: a.values, ...(lang ? { lang } : {}) } };
      }
      const replies = await app.bot.handle(event);
      // A reply that replaces the clicked card (Done, a survey answered, the next page) takes its
      // place on the page, and a card from the person's own inbox is replaced there too, as Slack
      // and Teams update the message ("inbox": the id of the card the click came from). A card of
      // a channel is shared: like Slack in a channel, it stays, and the reply comes below it.
      const replacing = kind === 'action' ? replies.filter((m) => m.replaceOriginal).at(-1) : undefined;
      const inbox = typeof body.inbox === 'number' && Number.isSafeInteger(body.inbox) && body.inbox > 0 ? body.inbox : null;
      const replace = Boolean(replacing) && (inbox === null || (Boolean(base.person.email) && replaceWebMessage(app.db, inbox, base.person.email!, replacing!)));
      res.json({ replies: replies.map((m) => ({ html: renderHtml(m), text: m.text, replace: replace && m.replaceOriginal === true })) });
    };
    router.post('/message', (req, res, next) => void reply(req, res, 'text').catch(next));
    router.post('/action', (req, res, next) => void reply(req, res, 'action').catch(next));
    router.get('/inbox', (req, res) => {
      const as = typeof req.query.as === 'string' ? req.query.as : '';
      const after = Number(req.query.after ?? 0) || 0;
      const person = as ? app.people.byEmail(as) : null;
      if (!person) {
        res.json({ messages: [] });
        return;
      }
      // the web "channels" a person reads: everyone's, their department's (also when no
      // departments file names it: the writers use the same key), the managers'
      const recipients = [person.email, ...webChannelsRead(app.people, person).map((c) => `channel:${c}`)];
      // (`recent=N`: a page just opened shows the person's newest N, however busy the others' inboxes were)
      const recent = Math.min(100, Math.max(0, Math.floor(Number(req.query.recent ?? 0)) || 0));
      const html = (entries: ReturnType<typeof readInbox>) => entries.map((m) => ({ id: m.id, html: renderHtml(m.message), text: m.message.text }));
      if (!recent) {
        res.json({ messages: html(readInbox(app.db, recipients, after)) });
        return;
      }
      // (`last`: where the next poll goes on, also when the person has no message yet)
      const last = lastInboxId(app.db);
      res.json({ messages: html(readRecentInbox(app.db, recipients, recent, last)), last });
    });
    // the web chat's API speaks JSON, also for a path it does not have
    router.use((req, res) => {
      res.status(404).json({ error: `the web chat has no ${req.method} ${req.baseUrl}${req.path.slice(0, 100)}` });
    });
    http.use('/web', router);
    const guardHost = hostGuard(app);
    // (browsers ask for it on every page: no icon, and no 404 in the console)
    http.get('/favicon.ico', (_req, res) => {
      res.status(204).end();
    });
    http.get('/', (req, res) => {
      if (!isLoopbackCaller(req) && !chatOpen(app)) {
        res.status(403).send('The web chat answers on loopback only.');
        return;
      }
      guardHost(req, res, () => {
        pageHeaders(res, CHAT_CSP);
        guestId(app, req, res);
        res.type('html').send(chatPage(app.config.ITBOT_LANG));
      });
    });
    return {
      stop() {},
      describe: () => ({ configured: true, url: '/' }),
    };
  },
};
