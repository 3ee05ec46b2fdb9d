import type { SendOutcome } from '../../src/jobs/sender.ts';

/** chat.update errors that say the message to replace is gone or cannot be edited: the answer is posted instead. */
const CANNOT_UPDATE = ['message_not_found', 'cant_update_message', 'edit_window_closed'];

/**
 * `ok:false` errors that refuse the message itself (its blocks, its length, its fields), not where
 * it goes: a plainer form of the same message may still go.
 */
const MESSAGE_REFUSED = [
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_arguments',
];

/**
 * `ok:false` errors of a direct message that say the person cannot be reached on Slack (gone, their
 * account deactivated): Slack is not chosen for them for a while.
 */
const PERSON_UNREACHABLE = ['user_not_found', 'users_not_found', 'user_disabled', 'account_inactive', 'cannot_dm_bot'];

/** Whether a direct message failed because the person cannot be reached on Slack (a deactivated account). */
export function personUnreachable(e: unknown): boolean {
  return PERSON_UNREACHABLE.includes(slackErrorCode(e) ?? '');
}

/**
 * `ok:false` errors that will not go away by trying again: the person or channel is gone or
 * out of reach, or the message itself is refused. The outbox parks these as dead.
 */
const PERMANENT_ERRORS = new Set([
  'user_not_found',
  'users_not_found',
  'channel_not_found',
  'not_in_channel',
  'account_inactive',
  'is_archived',
  'user_disabled',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'team_access_not_granted',
  ...MESSAGE_REFUSED,
  // chat.update: the message to replace is gone or not the bot's to edit
  ...CANNOT_UPDATE,
]);

/**
 * Token and scope problems: the operator fixes the configuration and the queued messages go
 * out then, so they are retried (with the worker's backoff, bounded by its attempts) rather
 * than lost; they are logged loudly.
 */
const CONFIG_ERRORS = new Set(['invalid_auth', 'not_authed', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission', 'ekm_access_denied', 'not_allowed_token_type']);

/**
 * `ok:false` errors that say Slack is rate-limiting the bot without an HTTP 429 (so without a
 * Retry-After): Slack did not post, and the message waits like after a 429, for this long.
 */
const RATE_LIMIT_ERRORS = new Set(['ratelimited', 'rate_limited']);
const RATE_LIMIT_WAIT_MS = 30_000;

const NOT_IN_WORKSPACE = 'the person is not (or no longer) in the Slack workspace';
/**
 * What an operator reading `itbot outbox status` or the admin page makes of a Slack error code:
 * what it means here and what fixes it (the code itself stays first, as Slack names it).
 */
const EXPLAINED: Record<string, string> = {
  user_not_found: NOT_IN_WORKSPACE,
  users_not_found: NOT_IN_WORKSPACE,
  channel_not_found: 'no such channel, or a private one the bot is not in: check the channel id in the plan, or invite the bot',
  not_in_channel: 'the bot is not a member of the channel: invite it (/invite @itbot), then retry the message on the admin page',
  account_inactive: "the person's Slack account, or the workspace of the bot's token, is deactivated",
  is_archived: 'the channel is archived',
  user_disabled: "the person's Slack account is deactivated",
  cannot_dm_bot: 'the recipient is a bot, which cannot get direct messages',
  messages_tab_disabled: "the app's Messages tab is turned off: turn it on under App Home in the app's settings",
  team_access_not_granted: "the app is not installed in the person's workspace",
  invalid_auth: 'SLACK_BOT_TOKEN is not valid: fix it, the messages wait meanwhile',
  not_authed: 'no Slack token was sent: set SLACK_BOT_TOKEN, the messages wait meanwhile',
  token_revoked: 'the Slack token was revoked (the app uninstalled?): install the app again and set the new SLACK_BOT_TOKEN, the messages wait meanwhile',
  token_expired: 'the Slack token has expired: set a new SLACK_BOT_TOKEN, the messages wait meanwhile',
  missing_scope: 'the app lacks a permission (scope) this needs: update it from manifests/slack/manifest.yml and install it again',
  msg_too_long: 'Slack refused the message as too long',
};

/** A Slack error code as the outbox records it: the code, and what it means where that is known. */
function described(code: string): string {
  const why = EXPLAINED[code] ?? (code.startsWith('restricted_action') ? 'the workspace does not let the bot post there' : undefined);
  return why ? `slack: ${code} (${why})` : `slack: ${code}`;
}

interface WebApiErrorLike {
  code?: string;
  data?: { error?: string };
  retryAfter?: number;
  statusCode?: number;
  original?: Error;
  message?: string;
}

/** The Slack error code of a Web API failure (`ok:false`), when it is one. */
export function slackErrorCode(e: unknown): string | null {
  const x = e as WebApiErrorLike;
  return x?.code === 'slack_webapi_platform_error' ? (x.data?.error ?? 'unknown_error') : null;
}

/**
 * Classifies a Web API failure for the outbox: 429 → retry after Retry-After, and `ok:false`
 * ratelimited likewise (after RATE_LIMIT_WAIT_MS); other `ok:false` by code (see
 * PERMANENT_ERRORS); HTTP 5xx, network errors, internal_error, fatal_error and anything unknown → retry.
 */
export function classifyError(e: unknown): SendOutcome {
  const x = e as WebApiErrorLike;
  switch (x?.code) {
    case 'slack_webapi_rate_limited_error':
      return { status: 'retry', error: `rate limited (Retry-After ${x.retryAfter}s)`, retryAfterMs: Math.max(1, x.retryAfter ?? 1) * 1000, rateLimited: true };
    case 'slack_webapi_platform_error': {
      const code = x.data?.error ?? 'unknown_error';
      if (PERMANENT_ERRORS.has(code)) return { status: 'dead', error: described(code) };
      if (RATE_LIMIT_ERRORS.has(code)) return { status: 'retry', error: `slack: ${code} (no Retry-After given: waiting ${RATE_LIMIT_WAIT_MS / 1000}s)`, retryAfterMs: RATE_LIMIT_WAIT_MS, rateLimited: true };
      return CONFIG_ERRORS.has(code) ? { status: 'retry', error: described(code), config: true } : { status: 'retry', error: `slack: ${code}` };
    }
    case 'slack_webapi_http_error':
      return { status: 'retry', error: `slack: HTTP ${x.statusCode}` };
    case 'slack_webapi_request_error':
      return { status: 'retry', error: `slack: network: ${x.original?.message ?? x.message}` };
    default:
      return { status: 'retry', error: `slack: ${x?.message ?? String(e)}` };
  }
}

/** Whether a chat.update failed because the message cannot be replaced (posting the answer anew is right). */
export function cannotUpdate(e: unknown): boolean {
  return CANNOT_UPDATE.includes(slackErrorCode(e) ?? '');
}

/** Whether Slack refused the message itself (its blocks, its length), so that a plainer form of it may go. */
export function messageRefused(e: unknown): boolean {
  return MESSAGE_REFUSED.includes(slackErrorCode(e) ?? '');
}
