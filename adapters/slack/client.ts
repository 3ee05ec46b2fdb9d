import { LogLevel, webApi, type Logger as BoltLogger } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';

/** The Web API base URL from SLACK_API_URL (must end with '/'), else Slack's own. */
export function slackApiUrl(app: App): string {
  const u = app.config.SLACK_API_URL ?? 'https://slack.com/api/';
  return u.endsWith('/') ? u : `${u}/`;
}

/**
 * Options of the client that answers people in a conversation: a couple of quick retries
 * (someone is waiting), 429s waited out by the client itself.
 */
export function replyClientOptions(app: App): webApi.WebClientOptions {
  return {
    slackApiUrl: slackApiUrl(app),
    logger: boltLogger(app),
    retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
  };
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
