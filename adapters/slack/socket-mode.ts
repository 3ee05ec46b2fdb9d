import { SocketModeReceiver } from '@slack/bolt';
import type { App } from '../../src/app-types.ts';
import { boltLogger, slackApiUrl } from './client.ts';

/**
 * How long the stop waits for Slack to answer the close of the WebSocket before it cuts the
 * connection (a connection that dropped without a word never answers).
 */
export const SOCKET_CLOSE_WAIT_MS = 1000;

export interface StoppableSocketMode {
  receiver: SocketModeReceiver;
  /**
   * Ends Socket Mode whatever the state of the connection, within about twice
   * SOCKET_CLOSE_WAIT_MS: no reconnection afterwards, no Web API call of the Socket Mode client
   * still under way or retried.
   */
  stop(): Promise<void>;
}

/** Resolves true when `p` settled within `ms`, false when the time ran out first. */
async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bolt's Socket Mode receiver, made stoppable at any moment. Bolt's own stop only asks the client
 * to disconnect: when the connection has dropped meanwhile, the client may be reconnecting (its
 * `apps.connections.open` hanging, or retried up to 100 times with growing waits), and the
 * WebSocket close waits for an answer from Slack up to 30 seconds; the process then stopped only
 * after that, or never (a reconnection that succeeded after the stop kept a live connection).
 *
 * Here the client's Web API calls go through a fetch that the stop cuts: a call under way is
 * aborted and left unanswered, a later one never starts, so the client neither retries nor
 * reconnects after the stop (and nothing of it keeps the process alive: its retry waits are
 * unref'd timers). The stop then disconnects, and when Slack does not answer the close within
 * SOCKET_CLOSE_WAIT_MS, disconnects again, which ends the connection at once.
 */
export function stoppableSocketMode(app: App, appToken: string): StoppableSocketMode {
  const stopping = new AbortController();
  // a promise that never settles: the client waits on it for ever, without holding the process
  const never = () => new Promise<Response>(() => {});
  const cuttableFetch = (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (stopping.signal.aborted) return never();
    const signal = init?.signal ? AbortSignal.any([init.signal, stopping.signal]) : stopping.signal;
    return fetch(url, { ...init, signal }).catch((e: unknown) => (stopping.signal.aborted ? never() : Promise.reject(e)));
  };
  const receiver = new SocketModeReceiver({
    appToken,
    logger: boltLogger(app),
    installerOptions: {
      clientOptions: {
        slackApiUrl: slackApiUrl(app),
        fetch: cuttableFetch,
        // the client's own reconnection policy (its default), with waits that do not keep a stopping process alive
        retryConfig: { retries: 100, factor: 1.3, unref: true },
      },
    },
  });
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      stopping.abort();
      const client = receiver.client;
      if (await within(client.disconnect(), SOCKET_CLOSE_WAIT_MS)) return;
      app.log.warn('slack: Socket Mode: Slack did not answer the close of the WebSocket in time, connection cut');
      // a second disconnect while the close is under way ends the connection without waiting
      await within(client.disconnect(), SOCKET_CLOSE_WAIT_MS);
    })());
  return { receiver, stop };
}
