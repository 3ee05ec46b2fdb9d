import type { App } from '../app-types.ts';
import { AdminSessionStore } from '../store/admin-session-repo.ts';
import { databaseKey, safeEqual, signature as mac } from '../secret.ts';

/** How long a chart link in a result card works after the card was composed. */
export const CHART_LINK_DAYS = 180;

/** What a chart request's signature tells: served, refused, or refused because the link is too old. */
export type ChartLinkCheck = 'ok' | 'expired' | 'invalid';

/**
 * The key of chart links: derived (HKDF) from the database's own random secret for this one use,
 * so a chart link reveals nothing about the admin sessions' key nor about ITBOT_ADMIN_TOKEN, and
 * every server and every `itbot` command on the database signs alike.
 */
function chartKey(app: App): Buffer {
  return databaseKey(app, 'itbot survey chart links');
}

/** The database's own random secret. */
function dbSecret(app: App): string {
  return new AdminSessionStore(app.db).secret(app.clock.now());
}

/** The signature of a link with `exp`: over the survey, the chart and `exp`, with the chart links' key. */
function linkSig(app: App, surveyId: string, chart: string, exp: number | string): string {
  return mac(chartKey(app), `survey-chart:v2:${surveyId}/${chart}:${exp}`);
}

/**
 * The query of a chart link (without `lang`): `exp` (seconds since 1970, CHART_LINK_DAYS from
 * now) and `sig`, an HMAC over the survey, the chart and `exp` with the chart links' own key.
 */
export function signChartLink(app: App, surveyId: string, chart: string): { exp: number; sig: string } {
  const exp = Math.floor(app.clock.now().getTime() / 1000) + CHART_LINK_DAYS * 86_400;
  return { exp, sig: linkSig(app, surveyId, chart, exp) };
}

/**
 * Checks a chart request's `exp` and `sig`. A link with `exp` must carry its signature and not be
 * past its expiry. A link without `exp` is one of the cards posted before links expired, keyed
 * with the database's secret itself: still served. Links keyed with ITBOT_ADMIN_TOKEN (cards of
 * still earlier versions) are not: they never expired, and the admin token is no key for links.
 */
export function checkChartLink(app: App, surveyId: string, chart: string, exp: unknown, sig: unknown): ChartLinkCheck {
  if (typeof sig !== 'string' || !sig) return 'invalid';
  if (exp === undefined) {
    return safeEqual(sig, mac(dbSecret(app), `survey-chart:${surveyId}/${chart}`)) ? 'ok' : 'invalid';
  }
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp)) return 'invalid';
  if (!safeEqual(sig, linkSig(app, surveyId, chart, exp))) return 'invalid';
  return Number(exp) * 1000 > app.clock.now().getTime() ? 'ok' : 'expired';
}
