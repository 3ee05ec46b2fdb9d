import type express from 'express';
import type { App } from '../../../src/app-types.ts';
import type { Lang } from '../../../src/chat/model.ts';
import type { AdminAuth } from './auth.ts';
import { parseCookies } from './auth.ts';
import { layout, type PageOptions } from './layout.ts';
import { clipPlain } from '../../../src/chat/clip.ts';

const FLASH_COOKIE = 'itbot_admin_flash';
/** the longest message shown after a POST, and the most its cookie value may take %-encoded */
const FLASH_MAX_CHARS = 500;
const FLASH_MAX_ENCODED = 3000;

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
      if (typeof f.text === 'string') flash = { text: clipPlain(f.text, FLASH_MAX_CHARS), error: f.error === true };
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
  if (flash) res.append('Set-Cookie', ctx.auth.cookie(req, FLASH_COOKIE, flashValue(flash), 60_000));
  res.redirect(303, target);
}

/**
 * Browsers drop a cookie whose name and value pass 4096 bytes, and the message with it: the
 * message is cut (with an ellipsis, never inside an emoji) so that its cookie, %-encoded, stays
 * well below. It is shown at most FLASH_MAX_CHARS long anyway; the page shows the rest (a skip's
 * whole reason is in the table).
 */
export function flashValue(flash: { text: string; error?: boolean }): string {
  // a lone half of an emoji cannot be %-encoded: it becomes the replacement character
  let text = clipPlain(flash.text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'), FLASH_MAX_CHARS);
  for (;;) {
    const value = JSON.stringify({ ...flash, text });
    const size = encodeURIComponent(value).length;
    if (size <= FLASH_MAX_ENCODED || text.length <= 1) return value;
    text = clipPlain(text, Math.max(1, Math.floor((text.length * FLASH_MAX_ENCODED) / size) - 1));
  }
}

/** A small field for forms that should come back to the current page. */
export function backPath(req: express.Request): string {
  return req.originalUrl;
}
