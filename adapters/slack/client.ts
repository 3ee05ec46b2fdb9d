import { LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import { parseRetryAfter } from '../../src/jobs/retry-after.ts';

/** The Web API base URL from SLACK_API_URL (must end with '/'), else Slack's own. */
export function slackApiUrl(app: App): string {
  const u = app.config.SLACK_API_URL ?? 'https://slack.com/api/';
  return u.endsWith('/') ? u : `${u}/`;
}

/**
 * Options of Bolt's client (users.info, views, chat.update, response_url): a couple of quick
 * retries (someone is waiting), 429s waited out by the client itself. The answers to a
 * person's messages are posted by `replyPostClient`.
 */
export function replyClientOptions(app: App): webApi.WebClientOptions {
  return {
    slackApiUrl: slackApiUrl(app),
    logger: boltLogger(app),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    fetch: secondsRetryAfter,
  };
}

/**
 * fetch for the Web API client, which reads a 429's Retry-After only as whole seconds: one given
 * as an HTTP date is turned into seconds, and one beyond the outbox's longest wait is cut to it
 * (the client would otherwise take a date for a broken answer, charged as a failed attempt, and
 * a wait of years for one past what a timer or a date can hold).
 */
export const secondsRetryAfter: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const given = res.status === 429 ? res.headers.get('retry-after') : null;
  const ms = parseRetryAfter(given, Date.now());
  if (ms === undefined || String(ms / 1000) === given?.trim()) return res;
  const headers = new Headers(res.headers);
  headers.set('retry-after', String(Math.ceil(ms / 1000)));
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
};

/**
 * The client that asks users.info for the person behind each event: a 429 is rejected at once
 * (not waited out), so a burst of clicks (a survey sent to everyone) that meets Slack's rate limit
 * neither holds up the answers nor, by pausing Bolt's client shared by every listener, the
 * forms whose trigger_id lives three seconds. The turn goes on with what the cache and the
 * directory know.
 */
export function userInfoClient(app: App): webApi.WebClient {
  return new webApi.WebClient(app.config.SLACK_BOT_TOKEN, { ...replyClientOptions(app), rejectRateLimitedCalls: true, timeout: 15_000 });
}

/** A failure after which Slack surely did not post: the connection was never made. */
function neverReachedSlack(e: unknown): boolean {
  const original = (e as { original?: { code?: string; cause?: { code?: string } } }).original;
  const code = original?.code ?? original?.cause?.code;
  return (e as { code?: string }).code === 'slack_webapi_request_error' && ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code ?? '');
}

/**
 * The client that posts the bot's answer to a person's message. A couple of quick retries only
 * where Slack surely did not post (no connection); a 5xx or a timeout may come after the post,
 * and a 429 asks to wait: those are handed to the outbox at once, which waits for Retry-After
 * and looks for the answer's key in the conversation before it posts again.
 */
export function replyPostClient(app: App): webApi.WebClient {
  const retryConfig = {
    retries: 2,
    factor: 2,
    minTimeout: 200,
    maxTimeout: 2000,
    // p-retry: a throw here ends the retries with that error
    onFailedAttempt: (e: unknown) => {
      if (!neverReachedSlack(e)) throw e;
    },
  };
  return new webApi.WebClient(app.config.SLACK_BOT_TOKEN, {
    slackApiUrl: slackApiUrl(app),
    logger: boltLogger(app),
    retryConfig: retryConfig as webApi.RetryOptions,
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    fetch: secondsRetryAfter,
  });
}

/**
 * The outbox's client: no retries of its own and 429s rejected (not waited out), so the
 * outbox is the one retry mechanism and Retry-After is handled once, by the worker.
 */
export function outboxClient(app: App): webApi.WebClient {
  return new webApi.WebClient(app.config.SLACK_BOT_TOKEN, {
    slackApiUrl: slackApiUrl(app),
    logger: boltLogger(app),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    fetch: secondsRetryAfter,
  });
}

/** Bolt's and the Web API client's logger interface on top of the app's pino logger. */
export function boltLogger(app: App): BoltLogger {
  let level = LogLevel.INFO;
  const log = app.log.child({ component: 'slack' });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  // the Web API client logs every request at debug: format only what will be written
  const at = (l: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    if (log.isLevelEnabled(l)) log[l](text(msg));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
