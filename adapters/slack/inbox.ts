import { randomUUID } from 'node:crypto';
import type { App as BoltApp, ReceiverEvent } from '@slack/bolt';
import type { App, Running } from '../../src/app-types.ts';
import type { SlackRepo } from '../../src/store/slack-repo.ts';

/** How long a server holds a payload it runs before another server may take it over (its own running ones are renewed). */
export const INBOX_CLAIM_MS = 60_000;

/** The payloads run again after their server died, with when they were received (the listeners pass this on to the core and the replies). */
const redelivered = new WeakMap<object, Date>();

/** When this payload (Bolt's `body`) was received, if it is one run again after the server that had taken it died. */
export function redeliveredSince(body: unknown): Date | undefined {
  return typeof body === 'object' && body !== null ? redelivered.get(body) : undefined;
}
/** How often a server looks for payloads a dead server left unfinished. */
const INBOX_SWEEP_MS = 15_000;
/** A payload taken over this many times (it stopped every server that ran it) is given up. */
const INBOX_MAX_ATTEMPTS = 3;
/** Keys of done events are kept a week against Slack's retries (which come within minutes). */
const INBOX_KEEP_MS = 7 * 24 * 3600_000;
/** The forms and long button values (`slack_payloads`) no message carried for this long are forgotten. */
const BUTTON_VALUES_KEEP_MS = 180 * 24 * 3600_000;
/** A payload left unfinished longer than this is given up: its answer would come too late (as an answer in the outbox expires). */
const INBOX_EXPIRES_MS = 24 * 3600_000;
/** How long a stopping server waits for its turns under way (a Slack call that hangs is cut off by its own time limit). */
export const INBOX_STOP_WAIT_MS = 10_000;
/** How many unfinished payloads one sweep takes over. */
const INBOX_BATCH = 20;

type Body = Record<string, unknown> & {
  type?: string;
  event_id?: string;
  command?: string;
  trigger_id?: string;
  response_url?: string;
  user?: { id?: string };
  actions?: Array<{ action_ts?: string }>;
  view?: { id?: string; hash?: string };
};

/**
 * The inbox key of a payload: Slack's event_id for an event (its retries carry the same id and are
 * dropped); a command, a click or a form submission (which Slack never sends twice: a second one
 * is the person's own, a form sent again after an error) gets its id plus a unique suffix. Null
 * for what is not kept (the Request URL check, a closed dialog, …).
 */
export function inboxKey(body: Body): string | null {
  if (body.type === 'event_callback') return typeof body.event_id === 'string' ? body.event_id : null;
  let id: string | null = null;
  if (typeof body.command === 'string' && body.trigger_id) id = `cmd:${body.trigger_id}`;
  else if (body.type === 'block_actions' && body.actions?.[0]?.action_ts && body.user?.id) id = `act:${body.actions[0].action_ts}:${body.user.id}`;
  else if (body.type === 'view_submission' && body.view?.id) id = `view:${body.view.id}:${body.view.hash ?? ''}`;
  return id ? `${id}/${randomUUID()}` : null;
}

/**
 * Makes every Slack payload durable before it is acknowledged. Bolt acknowledges an event before
 * the bot has handled it, and Slack never sends an acknowledged event again: a server that died
 * in between lost it. Here each payload is written to `slack_inbox` before Bolt sees it (so before
 * its acknowledgement), run, and marked done; a payload whose server died before it was done is
 * taken over by the next sweep of any server on the database (at its start, then every 15 s) once
 * its claim ran out, and run again through Bolt, acknowledged to nobody (a command's acknowledgement
 * with an answer goes to its response_url instead). The core records every event id it handles, so
 * an event it had begun is not handled twice. A Slack retry of a known event is acknowledged and
 * dropped before any work.
 */
export function keepInInbox(
  app: App,
  bolt: BoltApp,
  repo: SlackRepo,
  ready: () => Promise<unknown>,
  sweepMs = INBOX_SWEEP_MS,
  stopWaitMs = INBOX_STOP_WAIT_MS,
): { start(): Running } {
  const run = bolt.processEvent.bind(bolt);
  const running = new Set<string>();
  // the turns under way, which a stop waits for before the database may close
  const turns = new Set<Promise<unknown>>();
  let stopping = false;
  const claim = () => new Date(app.clock.now().getTime() + INBOX_CLAIM_MS);

  const runKept = (key: string, event: ReceiverEvent): Promise<void> => {
    const turn = runTurn(key, event);
    turns.add(turn);
    void turn.catch(() => {}).finally(() => turns.delete(turn));
    return turn;
  };

  const runTurn = async (key: string, event: ReceiverEvent) => {
    running.add(key);
    try {
      await run(event);
    } finally {
      running.delete(key);
      try {
        repo.inboxDone(key, app.clock.now());
      } catch (e) {
        app.log.error({ err: e, key }, 'slack: could not mark a payload done');
      }
    }
  };

  bolt.processEvent = async (event: ReceiverEvent) => {
    const body = event.body as Body;
    const key = inboxKey(body);
    if (!key) return run(event);
    // (a failure here is thrown: Slack gets an error, not an acknowledgement, and sends the event again)
    if (!repo.receiveInbox(key, JSON.stringify({ ...body, token: undefined }), app.clock.now(), claim())) {
      app.log.debug({ eventId: key, retryNum: event.retryNum }, 'slack: retry of a handled event dropped');
      await event.ack();
      return;
    }
    try {
      await ready();
    } catch (e) {
      // Bolt would acknowledge it without the bot's identity and run nothing (in Socket Mode every
      // envelope is acknowledged): acknowledged here and kept, a sweep runs it once auth.test works
      app.log.warn({ err: e, eventId: key }, 'slack: auth.test failed: payload acknowledged and kept, to be run once it works');
      await event.ack();
      return;
    }
    await runKept(key, event);
  };

  /** Acknowledges a payload run again: Slack had its answer long ago, but a command's answer goes to its response_url. */
  const replayAck = (body: Body) => async (response?: unknown) => {
    if (!response || typeof body.command !== 'string' || typeof body.response_url !== 'string') return;
    try {
      const res = await fetch(body.response_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(response) });
      if (!res.ok) app.log.warn({ status: res.status }, 'slack: the answer to a command run again was refused by its response_url');
    } catch (e) {
      app.log.warn({ err: e }, 'slack: the answer to a command run again could not be posted');
    }
  };

  let sweeping = false;
  let lastForget = 0;
  const sweep = async () => {
    // this server's own long turns are not taken over: renewed at every tick, also while an earlier
    // sweep still runs the payloads it took over (which may outlast a claim)
    try {
      for (const key of running) repo.renewInbox(key, claim());
    } catch (e) {
      app.log.error({ err: e }, 'slack: could not renew the claims of the payloads under way');
    }
    if (sweeping) return;
    sweeping = true;
    try {
      // (without the bot's identity Bolt would acknowledge a payload run again and drop it)
      try {
        await ready();
      } catch {
        return;
      }
      // (a server stopping takes over nothing: its database may be closing)
      if (stopping) return;
      const now = app.clock.now();
      if (now.getTime() - lastForget > 3600_000) {
        lastForget = now.getTime();
        repo.forgetInboxBefore(new Date(now.getTime() - INBOX_KEEP_MS));
        // (the forms and long values behind buttons of messages posted half a year ago: no survey is still open for them)
        repo.forgetPayloadsBefore(new Date(now.getTime() - BUTTON_VALUES_KEEP_MS));
      }
      const stale = repo.claimStaleInbox(now, claim(), INBOX_BATCH);
      await Promise.all(
        stale.map(async ({ key, body, attempts, receivedAt }) => {
          if (attempts > INBOX_MAX_ATTEMPTS) {
            app.log.error({ key, attempts }, 'slack: a payload stopped every server that ran it, given up');
            repo.inboxDone(key, app.clock.now());
            return;
          }
          if (now.getTime() - receivedAt.getTime() > INBOX_EXPIRES_MS) {
            app.log.warn({ key, receivedAt }, 'slack: a payload left unfinished for more than a day, given up');
            repo.inboxDone(key, app.clock.now());
            return;
          }
          app.log.warn({ key }, 'slack: a payload its server did not finish is run again');
          const parsed = JSON.parse(body) as Body;
          redelivered.set(parsed, receivedAt);
          await runKept(key, { body: parsed, ack: replayAck(parsed) as ReceiverEvent['ack'] }).catch((e: unknown) => {
            app.log.error({ err: e, key }, 'slack: a payload run again failed');
          });
        }),
      );
    } catch (e) {
      app.log.error({ err: e }, 'slack: looking for unfinished payloads failed');
    } finally {
      sweeping = false;
    }
  };

  return {
    start() {
      void sweep();
      const timer = setInterval(() => void sweep(), sweepMs);
      timer.unref();
      return {
        // (a stop waits for the turns under way, so that their answers go and they are marked done
        // before the database closes; the next server would otherwise find them unfinished, and
        // one the core had begun would not be answered at all; a turn still under way after
        // stopWaitMs is left to the next server, as a killed server's)
        stop: async () => {
          stopping = true;
          clearInterval(timer);
          if (turns.size === 0) return;
          let bound: NodeJS.Timeout | undefined;
          const finished = await Promise.race([
            Promise.allSettled([...turns]).then(() => true),
            new Promise<boolean>((resolve) => {
              bound = setTimeout(() => resolve(false), stopWaitMs);
              bound.unref();
            }),
          ]);
          clearTimeout(bound);
          if (!finished) app.log.warn({ turns: turns.size }, 'slack: stopped with turns still under way: the next server runs them from the inbox');
        },
      };
    },
  };
}
