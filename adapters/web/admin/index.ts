import express from 'express';
import type { App } from '../../../src/app-types.ts';
import { plainInput } from '../../../src/chat/bot.ts';
import { clientAddress } from '../../../src/client-address.ts';
import { AdminAuth, LANG_COOKIE, LOGIN_COOKIE, SESSION_COOKIE, SESSION_MS, parseCookies, requestLang, safeEqual } from './auth.ts';
import type { AdminContext } from './context.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { t } from './texts.ts';
import { countOf } from '../../../src/i18n/index.ts';
import { pageHeaders } from '../index.ts';
import { registerHealthPage } from './health-page.ts';
import { registerPlanPages } from './plan-page.ts';
import { registerSurveyPages } from './surveys-page.ts';
import { registerCatalogPage } from './catalog-page.ts';
import { registerNewsletterPages } from './newsletter-page.ts';
import { registerPeoplePage } from './people-page.ts';

/**
 * The admin pages under /admin: login with ITBOT_ADMIN_TOKEN, then the plan, surveys, catalog,
 * newsletter, people and health pages. Server-rendered HTML; every form posts with the session's CSRF token.
 * Mounted on the project's one server, which binds ITBOT_HOST (loopback by default).
 */
export function mountAdmin(http: express.Express, app: App): void {
  const auth = new AdminAuth(app);
  const ctx: AdminContext = { app, auth };
  const router = express.Router();

  router.use((req, res, next) => {
    const { lang, chosen } = requestLang(app, req);
    if (chosen) res.append('Set-Cookie', auth.cookie(req, LANG_COOKIE, chosen, 365 * 86400_000));
    res.locals.admin = { lang, csrf: '', sessionId: '' };
    // no script runs on these pages; images only inline (charts) or from here
    pageHeaders(res, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    next();
  });
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));
  // what a form sends is plain text, as in the chat (Bot.handle): line ends as \n, no control
  // characters, so no escape sequence typed or pasted into a form (a skip reason, an editorial)
  // is stored and reaches an operator's terminal or a chat message; the secrets are compared as sent
  router.use((req, _res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (body && typeof body === 'object') {
      for (const [k, v] of Object.entries(body)) {
        if (k === 'token' || k === '_csrf') continue;
        if (typeof v === 'string') body[k] = plainInput(v);
        else if (Array.isArray(v)) body[k] = v.map((x) => (typeof x === 'string' ? plainInput(x) : x));
      }
    }
    next();
  });

  const loginPage = (req: express.Request, res: express.Response, status = 200, message?: string) => {
    const lang = (res.locals.admin as { lang: 'de' | 'en' }).lang;
    const token = auth.token;
    let form = html``;
    if (token) {
      const { nonce, formToken } = auth.loginNonce();
      res.append('Set-Cookie', auth.cookie(req, LOGIN_COOKIE, nonce, 30 * 60_000));
      const next = typeof req.query.next === 'string' ? req.query.next : '';
      form = html`<form method="post" action="/admin/login">
  <input type="hidden" name="_csrf" value="${formToken}">
  <input type="hidden" name="next" value="${next}">
  <label for="token">${t(lang, 'loginToken')}</label>
  <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
  <button class="btn btn-primary" type="submit" id="login">${t(lang, 'loginSubmit')}</button>
</form>`;
    }
    const body = html`<section class="card login">
  <h2>${t(lang, 'loginTitle')}</h2>
  ${message ? html`<div class="flash error" role="alert">${message}</div>` : ''}
  ${!token ? html`<p id="no-token">${t(lang, 'noToken')}</p>` : token.length < 16 ? html`<p class="muted">${t(lang, 'shortToken')}</p>` : ''}
  ${form}
</section>`;
    res.status(status).set('Cache-Control', 'no-store').type('html').send(layout({ lang, title: t(lang, 'loginTitle'), url: req.originalUrl, body }));
  };

  router.get('/login', (req, res) => loginPage(req, res, auth.token ? 200 : 503));

  router.post('/login', (req, res) => {
    const lang = (res.locals.admin as { lang: 'de' | 'en' }).lang;
    if (!auth.token) return loginPage(req, res, 503);
    const ip = clientAddress(req);
    const wait = auth.lockedFor(ip);
    if (wait > 0) {
      res.set('Retry-After', String(Math.ceil(wait / 1000)));
      const [one, many] = lang === 'de' ? ['Minute', 'Minuten'] : ['minute', 'minutes'];
      return loginPage(req, res, 429, t(lang, 'loginThrottled', { minutes: countOf(Math.max(1, Math.ceil(wait / 60_000)), lang, one, many) }));
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!auth.checkLoginForm(parseCookies(req.headers.cookie)[LOGIN_COOKIE], body._csrf)) {
      return loginPage(req, res, 403, t(lang, 'loginExpired'));
    }
    if (typeof body.token !== 'string' || !auth.checkToken(body.token)) {
      auth.recordFailure(ip);
      app.log.warn({ ip }, 'admin login failed');
      return loginPage(req, res, 401, t(lang, 'loginWrong'));
    }
    auth.recordSuccess(ip);
    res.append('Set-Cookie', auth.cookie(req, SESSION_COOKIE, auth.startSession(), SESSION_MS));
    res.append('Set-Cookie', auth.cookie(req, LOGIN_COOKIE, '', 0));
    const next = typeof body.next === 'string' && /^\/admin\/[\w\-/.?=&%]*$/.test(body.next) && !body.next.includes('//') ? body.next : '/admin/plan';
    app.log.info({ ip }, 'admin logged in');
    res.redirect(303, next);
  });

  // without a token nothing below can ever be reached: every admin URL says why (503), as the login page does
  router.use((req, res, next) => {
    if (auth.token) return next();
    if ((req.headers.accept ?? '').includes('text/html')) return loginPage(req, res, 503);
    res.status(503).set('Cache-Control', 'no-store').json({ error: t('en', 'noToken') });
  });

  // everything below needs a live session
  router.use((req, res, next) => {
    const s = auth.session(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    if (!s) {
      if (req.method === 'GET' && (req.headers.accept ?? '').includes('text/html')) {
        res.redirect(303, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
      } else {
        res.status(401).set('WWW-Authenticate', 'Cookie realm="itbot-admin"').json({ error: 'not logged in: open /admin/login' });
      }
      return;
    }
    res.locals.admin.csrf = s.session.csrf;
    res.locals.admin.sessionId = s.id;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, s.session.csrf)) {
        res.status(403).type('html').send(
          layout({ lang: res.locals.admin.lang, title: '403', url: req.originalUrl, body: html`<section class="card"><p id="csrf-refused">${t(res.locals.admin.lang, 'forbiddenCsrf')}</p></section>` }),
        );
        return;
      }
      // (a post with the token in the header may have no form body at all: the handlers read an empty form then)
      if (typeof req.body !== 'object' || req.body === null) req.body = {};
    }
    next();
  });

  router.post('/logout', (req, res) => {
    auth.endSession(res.locals.admin.sessionId);
    res.append('Set-Cookie', auth.cookie(req, SESSION_COOKIE, '', 0));
    res.redirect(303, '/admin/login');
  });

  router.get('/', (_req, res) => res.redirect(303, '/admin/plan'));
  registerPlanPages(router, ctx);
  registerSurveyPages(router, ctx);
  registerCatalogPage(router, ctx);
  registerNewsletterPages(router, ctx);
  registerPeoplePage(router, ctx);
  registerHealthPage(router, ctx);

  router.use((req, res) => {
    res.status(404).type('html').send(
      layout({ lang: res.locals.admin.lang, csrf: res.locals.admin.csrf, title: '404', url: req.originalUrl, body: html`<section class="card"><p>${t(res.locals.admin.lang, 'notFound')}</p></section>` }),
    );
  });

  // every error under /admin is an admin page in the admin's language, not the server's JSON:
  // a link with a broken %-escape (400), a form too large (413), a failure of ours (500)
  router.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (res.headersSent) return _next(err);
    const e = err as { status?: number; type?: string; message?: string };
    const status = typeof e.status === 'number' && e.status >= 400 && e.status < 600 ? e.status : 500;
    if (status < 500) app.log.warn({ status, path: req.path.slice(0, 200), error: String(e.message ?? '').slice(0, 200) }, 'admin: bad request');
    else app.log.error({ err }, 'admin: error');
    const l = res.locals.admin as { lang: 'de' | 'en'; csrf: string } | undefined;
    const lang = l?.lang ?? app.config.ITBOT_LANG;
    const key = err instanceof URIError ? 'badAddress' : e.type === 'entity.too.large' ? 'tooLarge' : status < 500 ? 'badRequest' : 'serverError';
    res.status(status).set('Cache-Control', 'no-store').type('html').send(
      layout({ lang, csrf: l?.csrf || undefined, title: String(status), url: req.originalUrl, body: html`<section class="card"><p id="admin-error">${t(lang, key)}</p></section>` }),
    );
  });

  http.use('/admin', router);
}
