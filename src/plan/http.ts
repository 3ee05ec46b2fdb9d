import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express } from 'express';
import type { App } from '../app-types.ts';
import { planIcs } from './ics.ts';

function sameSecret(given: string, expected: string): boolean {
  // hash both sides: equal lengths for timingSafeEqual, and no early exit on length
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * GET /calendar/plan.ics?token=...: the plan as a calendar feed IT staff can subscribe to.
 * Off (404) while ITBOT_CALENDAR_TOKEN is unset; 403 without the right token.
 */
export function mountPlanRoutes(http: Express, app: App): void {
  http.get('/calendar/plan.ics', (req, res) => {
    const expected = app.config.ITBOT_CALENDAR_TOKEN;
    if (!expected) {
      res.status(404).type('text/plain').send('the calendar feed is off (set ITBOT_CALENDAR_TOKEN)');
      return;
    }
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    if (!token || !sameSecret(token, expected)) {
      res.status(403).type('text/plain').send('a valid token is required');
      return;
    }
    res.set('Cache-Control', 'private, max-age=300');
    res.type('text/calendar; charset=utf-8').send(planIcs(app));
  });
}
