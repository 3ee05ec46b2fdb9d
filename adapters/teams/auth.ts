import type { NextFunction, Request, Response } from 'express';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../../src/config.ts';
import { allowedHostsText, foreignHeader, isLoopbackCaller } from '../local-host.ts';
import { clientAddress } from '../../src/client-address.ts';
import type { Logger } from '../../src/log.ts';

/**
 * Without credentials botbuilder accepts any unsigned request, so the endpoint must not be
 * reachable from elsewhere: only loopback callers (the Microsoft 365 Agents Playground on the
 * same machine) get through, everyone else gets 403. A loopback connection is not enough either:
 * a web page in a browser on this machine whose name resolves to 127.0.0.1 (DNS rebinding) also
 * connects from loopback, and could then speak as anyone and have the replies sent to a service
 * URL of its choosing. So the request must be addressed to one of this machine's own names (Host:
 * localhost, *.localhost, 127.x.x.x, [::1] or the ITBOT_HOST name) and, when it carries an Origin,
 * come from one too. With credentials every request is checked by botbuilder (JWT from the Bot
 * Connector) and this guard lets all through.
 */
export function loopbackGuard(authEnabled: boolean, itbotHost = '127.0.0.1', log?: Logger) {
  // (refused, one warning line, as the server's other 4xx answers: the operator sees why the playground or a proxy gets no answer)
  const refuse = (req: Request, res: Response, error: string) => {
    log?.warn({ status: 403, caller: clientAddress(req), error }, 'teams: request refused');
    res.status(403).json({ error });
  };
  return (req: Request, res: Response, next: NextFunction): void => {
    if (authEnabled) return next();
    if (!isLoopbackCaller(req)) {
      refuse(req, res, 'the Teams endpoint runs without credentials and answers loopback callers only: set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID');
      return;
    }
    const foreign = foreignHeader(req.headers, itbotHost);
    if (foreign) {
      refuse(req, res, foreign.header === 'host'
        ? `the Teams endpoint runs without credentials and answers only requests for the host names ${allowedHostsText(itbotHost)}; this request was for host "${foreign.value}"`
        : `the Teams endpoint runs without credentials and takes no requests from web pages of other sites; this one came from origin "${foreign.value}"`);
      return;
    }
    next();
  };
}

/**
 * The CloudAdapter for our settings. With MICROSOFT_APP_ID set, ConfigurationBotFrameworkAuthentication
 * validates every inbound token (SingleTenant by default, the tenant from MICROSOFT_APP_TENANT_ID)
 * and signs outbound calls; without it, authentication is off (loopback only, see loopbackGuard).
 */
export function createCloudAdapter(config: Config): CloudAdapter {
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authOptions(config)));
}

function authOptions(config: Config): ConfigurationBotFrameworkAuthenticationOptions {
  return config.teamsAuth
    ? {
        MicrosoftAppId: config.MICROSOFT_APP_ID,
        MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
        MicrosoftAppTenantId: config.MICROSOFT_APP_TENANT_ID,
        MicrosoftAppType: config.MICROSOFT_APP_TYPE,
      }
    : {};
}

/**
 * With credentials: checks a request's token (signature, issuer, audience, lifetime) before its
 * body is read, so a forged request costs no body parsing; resolves with why it was refused, or
 * null. The CloudAdapter checks it again with the activity (its service URL and channel).
 */
export function createTokenCheck(config: Config): (authorization: string) => Promise<string | null> {
  const auth = new ConfigurationBotFrameworkAuthentication(authOptions(config));
  return async (authorization) => {
    try {
      await auth.authenticateRequest({ channelId: '', serviceUrl: '' } as Activity, authorization);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  };
}

/**
 * botframework-connector retries 429 and 5xx itself (up to three times, inside one call).
 * The outbox must see the first 429 and its Retry-After, so proactive sends remove that policy
 * from the turn's connector client: one call, one HTTP request.
 */
export function disableConnectorRetry(context: TurnContext): void {
  const adapter = context.adapter as CloudAdapter;
  const client = context.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { removePolicy(p: { name: string }): unknown } } }
    | undefined;
  client?.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
}

/**
 * Makes the turn's connector calls abortable with `signal` (a proactive send that outlasts its
 * time limit is cut off, its socket closed, rather than left waiting on a connector that never answers).
 */
export function abortConnectorCallsWith(context: TurnContext, signal: AbortSignal): void {
  const adapter = context.adapter as CloudAdapter;
  const client = context.turnState.get(adapter.ConnectorClientKey) as
    | { client?: { pipeline?: { addPolicy(p: { name: string; sendRequest(req: { abortSignal?: AbortSignal }, next: (req: unknown) => Promise<unknown>): Promise<unknown> }): unknown } } }
    | undefined;
  client?.client?.pipeline?.addPolicy({
    name: 'itbotAbortOnTimeout',
    sendRequest: (req, next) => {
      req.abortSignal = signal;
      return next(req);
    },
  });
}
