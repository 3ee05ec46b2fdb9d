import type { Express } from 'express';
import type { App } from '../app-types.ts';
import { clientAddress } from '../client-address.ts';
import { FailureThrottle } from '../failure-throttle.ts';
import { countOf } from '../i18n/index.ts';
import { safeEqual } from '../secret.ts';
import { planIcs } from './ics.ts';

/** Guessing: this many wrong tokens from one address within the window lock that address out for the rest of it ... */
export const CALENDAR_MAX_FAILURES = 10;
export const CALENDAR_FAILURE_WINDOW_MS = 15 * 60_000;
/** ... and this many from all addresses together lock the feed for everyone (a guesser with many addresses). */
export const CALENDAR_MAX_GLOBAL_FAILURES = 100;

/**
 * GET /calendar/plan.ics?token=...: the plan as a calendar feed IT staff can subscribe to.
 * Off (404) while ITBOT_CALENDAR_TOKEN is unset; 403 without the right token. The feed has to be
 * reachable by the calendar services that fetch it, so wrong tokens are throttled per address
 * (with the admin login's throttle): after CALENDAR_MAX_FAILURES within the window, that address
 * gets 429 with Retry-After, without its token being looked at, until the window has passed; after
 * CALENDAR_MAX_GLOBAL_FAILURES from all addresses together, every address does.
 */
export function mountPlanRoutes(http: Express, app: App): void {
  const throttle = new FailureThrottle(app.clock, { perAddress: CALENDAR_MAX_FAILURES, windowMs: CALENDAR_FAILURE_WINDOW_MS, overall: CALENDAR_MAX_GLOBAL_FAILURES });
  http.get('/calendar/plan.ics', (req, res) => {
    const expected = app.config.ITBOT_CALENDAR_TOKEN;
    if (!expected) {
      res.status(404).json({ error: 'the calendar feed is off (set ITBOT_CALENDAR_TOKEN)' });
      return;
    }
    const ip = clientAddress(req);
    const wait = throttle.lockedFor(ip);
    if (wait > 0) {
      const from = throttle.everyoneLockedFor() >= wait ? 'from all addresses together' : 'from this address';
      res.set('Retry-After', String(Math.max(1, Math.ceil(wait / 1000))));
      res.status(429).json({ error: `too many wrong tokens ${from}: try again in ${countOf(Math.max(1, Math.ceil(wait / 60_000)), 'en', 'minute', 'minutes')}` });
      return;
    }
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token || !safeEqual(token, expected)) {
      if (token) {
        throttle.recordFailure(ip);
        app.log.warn({ ip }, 'calendar feed: wrong token');
      }
      res.status(403).json({ error: 'a valid token is required' });
      return;
    }
    throttle.recordSuccess(ip);
    res.set('Cache-Control', 'private, max-age=300');
    res.type('text/calendar; charset=utf-8').send(planIcs(app));
  });
}
