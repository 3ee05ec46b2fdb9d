import type { SendOutcome } from '../../src/jobs/sender.ts';
import { parseRetryAfter } from '../../src/jobs/retry-after.ts';

interface ConnectorError {
  statusCode?: number;
  code?: string;
  /** MSAL's, when getting the bot's token failed (`invalid_client`, …) */
  errorCode?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string>; bodyAsText?: string };
}

function header(e: ConnectorError, name: string): string | undefined {
  const h = e.response?.headers;
  if (!h) return undefined;
  if (typeof (h as { get?: unknown }).get === 'function') return (h as { get(n: string): string | undefined }).get(name) ?? undefined;
  return (h as Record<string, string>)[name] ?? (h as Record<string, string>)[name.toLowerCase()];
}

/** MSAL's error codes for the bot's own credentials refused when it asks for a token (wrong app id, secret or tenant). */
const SIGN_IN_REFUSED = new Set(['invalid_client', 'unauthorized_client', 'invalid_grant']);

/**
 * Getting the bot's token failed because Microsoft refused its credentials: no connector call was
 * made, so there is no HTTP status, only MSAL's code and Entra's AADSTS number in the message.
 */
function signInRefused(e: ConnectorError): boolean {
  return e.statusCode === undefined && (SIGN_IN_REFUSED.has(e.errorCode ?? '') || /\bAADSTS\d+/.test(e.message ?? ''));
}

/** Teams' error code from the body ({"error":{"code":"ConversationNotFound"...}}), when there is one. */
function bodyCode(e: ConnectorError): string {
  const text = e.response?.bodyAsText ?? '';
  const m = /"code"\s*:\s*"([^"]+)"/.exec(text);
  return m?.[1] ?? e.code ?? '';
}

/**
 * Classifies what the Bot Connector said into the outbox's outcome:
 * 429 → retry after Retry-After; 403 (the user removed the app, the bot is not in the team) and
 * 404 (conversation not found) and other 4xx → dead with the reason; 5xx, timeouts and network errors → retry.
 */
type SendFailure = Exclude<SendOutcome, { status: 'sent' }>;

export function classifyError(err: unknown, nowMs: number): SendFailure & { cooldownMs?: number } {
  const e = (err ?? {}) as ConnectorError;
  const status = e.statusCode;
  const code = bodyCode(e);
  const detail = `${status ?? 'network'}${code ? ` ${code}` : ''}: ${(e.message ?? String(err)).slice(0, 300)}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(header(e, 'retry-after'), nowMs);
    return { status: 'retry', error: `Teams throttled the bot (${detail})`, retryAfterMs: retryAfterMs ?? 5_000, cooldownMs: retryAfterMs ?? 5_000, rateLimited: true };
  }
  if (status === 403) return { status: 'dead', error: `Teams refused (the user removed the app or the bot is not in this conversation): ${detail}` };
  if (status === 404) return { status: 'dead', error: `conversation not found (the bot was removed or the chat deleted): ${detail}` };
  if (signInRefused(e)) {
    return { status: 'retry', error: `the bot could not sign in to Microsoft (check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID): ${detail}`, config: true };
  }
  if (status === 401) return { status: 'retry', error: `Teams rejected the bot's credentials (check MICROSOFT_APP_ID/PASSWORD): ${detail}`, config: true };
  if (status !== undefined && status >= 400 && status < 500) return { status: 'dead', error: `Teams rejected the message: ${detail}` };
  // the connector took the request and never answered: like a 5xx, it may have posted the message
  if (e.code === 'ETIMEDOUT') return { status: 'retry', error: `Teams did not answer in time (timeout): ${(e.message ?? '').slice(0, 300)}` };
  return { status: 'retry', error: `Teams is unavailable: ${detail}` };
}
