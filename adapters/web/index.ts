import express from 'express';
import type { HttpAdapter } from '../http-adapter.ts';
import type { App } from '../../src/app-types.ts';
import type { InboundAction, InboundEvent } from '../../src/chat/model.ts';
import { renderHtml } from './render.ts';
import { readInbox, lastInboxId } from '../../src/store/web-inbox-repo.ts';
import { CHAT_PAGE } from './page.ts';

export function isLoopback(addr: string | undefined): boolean {
  if (!addr) return false;
  return addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.');
}

function eventFor(app: App, as: string, body: { eventId?: unknown }): Omit<InboundEvent, 'text' | 'action'> {
  const person = as ? app.people.byEmail(as) : null;
  const userId = person?.email ?? 'guest';
  return {
    platform: 'web',
    eventId: typeof body.eventId === 'string' && body.eventId.length <= 100 ? body.eventId : undefined,
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
      if (isLoopback(req.socket.remoteAddress) || process.env.ITBOT_WEBCHAT_OPEN === 'true') return next();
      res.status(403).json({ error: 'the web chat answers on loopback only (set ITBOT_WEBCHAT_OPEN=true to open it)' });
    });
    router.use(express.json({ limit: '64kb' }));
    router.get('/people', (_req, res) => {
      const people = app.people.all({ activeOnly: true }).map((p) => ({
        email: p.email, name: p.name, department: p.department, language: p.language, vip: p.vip,
      }));
      res.json({ people, inboxStart: Math.max(0, lastInboxId(app.db) - 20) });
    });
    const reply = async (req: express.Request, res: express.Response, kind: 'text' | 'action') => {
      const body = (req.body ?? {}) as { as?: unknown; text?: unknown; action?: InboundAction; eventId?: unknown };
      const as = typeof body.as === 'string' ? body.as : '';
      const base = eventFor(app, as, body);
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
        event = { ...base, action: { id: a.id, value: typeof a.value === 'string' ? a.value : undefined, values: a.values } };
      }
      const replies = await app.bot.handle(event);
      res.json({ replies: replies.map((m) => ({ html: renderHtml(m), text: m.text })) });
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
      const dept = app.people.department(person.department);
      // the web "channels" a person reads: everyone's, their department's, the managers'
      const recipients = [person.email, 'channel:all'];
      if (dept) recipients.push(`channel:${dept.id}`);
      if (person.manager) recipients.push('channel:managers');
      const messages = readInbox(app.db, recipients, after).map((m) => ({ id: m.id, html: renderHtml(m.message), text: m.message.text }));
      res.json({ messages });
    });
    http.use('/web', router);
    http.get('/', (req, res) => {
      if (!isLoopback(req.socket.remoteAddress) && process.env.ITBOT_WEBCHAT_OPEN !== 'true') {
        res.status(403).send('The web chat answers on loopback only.');
        return;
      }
      res.type('html').send(CHAT_PAGE);
    });
    return {
      stop() {},
      describe: () => ({ configured: true, url: '/' }),
    };
  },
};
