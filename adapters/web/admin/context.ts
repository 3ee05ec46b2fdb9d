import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import type { AdminAuth } from './auth.ts';
import { parseCookies } from './auth.ts';
import { layout, type PageOptions } from './layout.ts';

const FLASH_COOKIE = 'itbot_admin_flash';

/** What every admin page handler gets. */
export interface AdminContext {
  app: App;
  auth: AdminAuth;
}

/** Per request, set by the session middleware. */
interface AdminLocals {
  lang: Lang;
  csrf: string;
  sessionId: string;
}

export function locals(res: express.Response): AdminLocals {
  return res.locals.admin as AdminLocals;
}

/** Sends a whole page; shows (and clears) the message the last POST left in the flash cookie. */
export function sendPage(
  ctx: AdminContext,
  req: express.Request,
  res: express.Response,
  page: Pick<PageOptions, 'title' | 'active' | 'body'> & { status?: number },
): void {
  const l = locals(res);
  let flash: PageOptions['flash'] = null;
  const raw = parseCookies(req.headers.cookie)[FLASH_COOKIE];
  if (raw) {
    try {
      const f = JSON.parse(raw) as { text?: unknown; error?: unknown };
      if (typeof f.text === 'string') flash = { text: f.text.slice(0, 500), error: f.error === true };
    } catch {
      /* a broken flash cookie is simply ignored */
    }
    res.append('Set-Cookie', ctx.auth.cookie(req, FLASH_COOKIE, '', 0));
  }
  res.status(page.status ?? 200);
  res.set('Cache-Control', 'no-store');
  res.type('html').send(layout({ lang: l.lang, csrf: l.csrf, url: req.originalUrl, flash, ...page }));
}

/**
 * After a POST: back to the page the form came from (only paths under /admin/, never another
 * site) with a one-time message in an HttpOnly cookie.
 */
export function redirectBack(
  ctx: AdminContext,
  req: express.Request,
  res: express.Response,
  fallback: string,
  flash?: { text: string; error?: boolean },
): void {
  const back = typeof req.body?.back === 'string' ? req.body.back : '';
  const target = /^\/admin\/[\w\-/.?=&%#]*$/.test(back) && !back.includes('//') ? back : fallback;
  if (flash) res.append('Set-Cookie', ctx.auth.cookie(req, FLASH_COOKIE, JSON.stringify(flash), 60_000));
  res.redirect(303, target);
}

/** A small field for forms that should come back to the current page. */
export function backPath(req: express.Request): string {
  return req.originalUrl;
}
