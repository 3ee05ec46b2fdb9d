import { hostname } from 'node:os';
import type { App, Running } from '../app-types.ts';
import type { OutMessage, Platform } from '../chat/model.ts';
import type { Sender, SendOutcome, SendTarget } from './sender.ts';
import {
  WAITING_FOR_PERSON, beginAttempt, claimDue, markDeferred, markFinal, markRetry, markSent, messageProgress, newWorkerId, recordParts, renewClaims, type OutboxRow,
} from './outbox.ts';
import { nextWorkingTime } from './working-hours.ts';
import { boundRetryAfter } from './retry-after.ts';
import type { Person } from '../people/person.ts';
import { noteHeartbeat, noteStopped, otherServerServing } from '../store/server-heartbeats-repo.ts';

export interface WorkerOptions {
  intervalMs?: number;
  /** how long a message whose platform call begins is this worker's; renewed before every platform call */
  leaseMs?: number;
  /**
   * how long a claimed message not begun yet is this worker's: renewed every quarter of it while
   * the worker is alive, so what a killed server had claimed but not begun goes from another one
   * this long after it died, instead of after `leaseMs`
   */
  claimLeaseMs?: number;
  batch?: number;
  /** attempts after which a message failing on the bot's own credentials or scopes is given up */
  maxAttempts?: number;
  /** how long a message without an expiry is retried after transient failures (5xx, timeouts) began */
  giveUpAfterMs?: number;
  /** base of the exponential backoff for transient failures */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** how often the worker notes in the database that its server is alive and what it sends to */
  heartbeatMs?: number;
  /**
   * how long a message this server cannot send (a Slack post, and it has no Slack) waits for a
   * server that can, counted from that server's last sign of life; then it is given up
   */
  platformWaitMs?: number;
}

/** How many recipients (conversations) of a batch are sent to at the same time. */
const PARALLEL_LANES = 4;
/** How a message left to another server names the platform it waits for. */
const waitingFor = (platform: string) => `waiting for a server that sends to ${platform}`;
/** The chat platforms a server may send to (the web inbox aside). */
const CHAT_PLATFORMS = ['slack', 'teams'] as const;

export const LEASE_EXPIRED = 'lease expired: an earlier attempt may have reached the platform';

/** A wait in words for the operator: "24 h", "10 min". */
function waitWords(ms: number): string {
  return ms >= 3600_000 && ms % 3600_000 === 0 ? `${ms / 3600_000} h` : `${Math.round(ms / 60_000)} min`;
}

/**
 * Drains the outbox: claims due rows with a short lease (renewed while the worker is alive, so a
 * killed server's claims run out within seconds), sends each through the platform sender, and
 * records the outcome. Before each platform call the worker lengthens that row's lease to
 * `leaseMs` and checks it still holds the row (another server takes over rows whose lease ran
 * out while this worker's batch was busy), so two servers never both send a row. At most once per row in the normal
 * path; a duplicate is possible only when an attempt's outcome is lost after the platform took
 * the message (a crash between its answer and `markSent`, or a 5xx or timeout that came after
 * the post): the row is tried again with `maybeSentBefore` or `attempts > 1`, so senders that
 * can ask the platform (Slack message metadata, the web inbox key) skip the second send.
 *
 * Retry policy: a rate limit (429) waits for its Retry-After and is never counted nor given up;
 * transient failures back off exponentially (capped) until the message expires, or, without an
 * expiry, for `giveUpAfterMs` (a day) from the first failure; failures of the bot's own
 * credentials are given up after `maxAttempts`; permanent errors are dead at once. A message
 * that keeps working hours is checked against them again when it is sent.
 */
export class OutboxWorker {
  readonly id = newWorkerId();
  private timer: NodeJS.Timeout | null = null;
  private lastBeat = 0;
  /** rows left to another server (that sends to their platform), with until when this worker does not claim them again */
  private readonly leftToOthers = new Map<number, number>();
  private running: Promise<number> | null = null;
  private stopped = false;
  private readonly o: Required<WorkerOptions>;

  constructor(
    private readonly app: App,
    opts: WorkerOptions = {},
  ) {
    this.o = {
      intervalMs: opts.intervalMs ?? 1000,
      leaseMs: opts.leaseMs ?? 120_000,
      claimLeaseMs: opts.claimLeaseMs ?? 10_000,
      batch: opts.batch ?? 50,
      maxAttempts: opts.maxAttempts ?? 10,
      giveUpAfterMs: opts.giveUpAfterMs ?? 24 * 3600_000,
      backoffMs: opts.backoffMs ?? 5_000,
      maxBackoffMs: opts.maxBackoffMs ?? 15 * 60_000,
      heartbeatMs: opts.heartbeatMs ?? 5_000,
      // (as long as a failing send is tried: a server of the platform down for hours, an update,
      // a night, does not lose what waits for it; a platform removed for good shows after a day)
      platformWaitMs: opts.platformWaitMs ?? opts.giveUpAfterMs ?? 24 * 3600_000,
    };
  }

  /** Sends everything due now; resolves with the number of rows handled. */
  async drainOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Notes in the database that this server is alive and which chat platforms it sends to (at most
   * every `heartbeatMs`), so that a server on the same database without one of them leaves its
   * messages to this one instead of giving them up.
   */
  heartbeat(): void {
    const now = this.app.clock.now();
    if (this.lastBeat !== 0 && now.getTime() - this.lastBeat < this.o.heartbeatMs && now.getTime() >= this.lastBeat) return;
    // (the senders this worker uses, as `candidates` does; a fallback platform reaches no one else)
    const chat = [...this.app.senders.values()].filter((s) => s.platform !== 'web');
    try {
      noteHeartbeat(this.app.db, this.id, chat.map((s) => s.platform), chat.some((s) => !s.webFallback), now, hostname());
      this.lastBeat = now.getTime();
    } catch (e) {
      // (a busy database: the next drain tries again; meanwhile others see the last sign of life)
      this.app.log.warn({ err: e }, 'outbox: could not note that this server is alive');
    }
  }

  private async drain(): Promise<number> {
    this.heartbeat();
    // while this worker lives it keeps its claims; once it is killed they run out within seconds
    const keepAlive = setInterval(() => this.keepClaims(), Math.max(1, Math.floor(this.o.claimLeaseMs / 4)));
    try {
      return await this.drainBatches();
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** Renews the short lease of the rows this worker has claimed and not sent yet. */
  private keepClaims(): void {
    try {
      renewClaims(this.app.db, this.id, this.app.clock.now(), this.o.claimLeaseMs);
    } catch (e) {
      // (a busy database: the next renewal comes soon; should the lease run out meanwhile, another
      // server may take the rows over, and this one skips them before calling the platform)
      this.app.log.warn({ err: e }, 'outbox: could not renew the claim of the batch');
    }
  }

  private async drainBatches(): Promise<number> {
    let total = 0;
    for (;;) {
      const now = this.app.clock.now();
      for (const [id, until] of this.leftToOthers) if (until <= now.getTime()) this.leftToOthers.delete(id);
      const rows = claimDue(this.app.db, now, this.id, Math.min(this.o.claimLeaseMs, this.o.leaseMs), this.o.batch, [...this.leftToOthers.keys()]);
      if (rows.length === 0) break;
      // one lane per recipient (a person, or a platform's channel), each in order; several lanes
      // at a time, so a recipient whose platform is slow or does not answer holds up only its own
      // messages (a send that never ends is cut off by its sender's time limit)
      const lanes = new Map<string, OutboxRow[]>();
      for (const r of rows) {
        const key = r.target_kind === 'person' ? `person:${r.target.toLowerCase()}` : `${r.platform ?? 'unknown'}:${r.target}`;
        const lane = lanes.get(key);
        if (lane) lane.push(r);
        else lanes.set(key, [r]);
      }
      const waiting = [...lanes.values()];
      await Promise.all(Array.from({ length: Math.min(PARALLEL_LANES, waiting.length) }, async () => {
        for (let lane = waiting.shift(); lane; lane = waiting.shift()) {
          for (const r of lane) {
            // a stopping server finishes the calls under way and begins no other: the rest of its
            // batch goes back at once, for another server or the next start
            if (this.stopped) this.giveBack(r);
            else await this.handleOne(r);
          }
        }
      }));
      total += rows.length;
      if (this.stopped || rows.length < this.o.batch) break;
    }
    this.app.status.lastOutboxDrain = this.app.clock.now().toISOString();
    return total;
  }

  /** Gives a claimed row not begun back, due now, as it was before the claim (a stopping server's). */
  private giveBack(row: OutboxRow): void {
    try {
      markDeferred(this.app.db, row.id, this.id, this.app.clock.now());
    } catch (e) {
      // (its short claim runs out within seconds all the same)
      this.app.log.warn({ err: e, id: row.id }, 'outbox: could not give back a claimed message at the stop');
    }
  }

  /**
   * The senders to try, in order: a channel's platform; for a person the platform used before,
   * else every one that reaches them. A message that stays on the platform it was tried on may
   * still go to the person's next platform when that one answers that the person is not (no
   * longer) on it (a dropped Teams reference), but only while no earlier attempt may have reached
   * it: none counted (rate limits and messages held back are not) and no part of a split message
   * posted (`parts_sent`, also after a rate limit), so it never arrives on two.
   */
  private candidates(row: OutboxRow, person: Person | null): { senders: Sender[]; target?: SendTarget; error?: string; unknownPerson?: boolean; wait?: string } {
    const { senders } = this.app;
    if (row.target_kind === 'channel') {
      const sender = senders.get(row.platform as Platform);
      if (!sender) return { senders: [], error: `platform ${row.platform} is not configured`, wait: this.waitFor(row.platform) };
      return { senders: [sender], target: { kind: 'channel', channelId: row.target } };
    }
    if (!person) return { senders: [], error: `${row.target} is not in the people directory`, unknownPerson: true };
    if (!person.active) return { senders: [], error: `${row.target} is no longer active in the directory` };
    const target: SendTarget = { kind: 'person', person };
    const sticky = row.platform ? senders.get(row.platform as Platform) : undefined;
    // tried on (or meant for) a platform this server does not send to: another server that does
    // sends it there, so it never arrives on two
    const elsewhere = row.platform && !sticky && row.platform !== 'web' ? this.waitFor(row.platform) : undefined;
    if (elsewhere) return { senders: [], error: `platform ${row.platform} is not configured`, wait: elsewhere };
    if (sticky) {
      const next = row.attempts === 0 && row.parts_sent === 0 ? [...senders.values()].filter((s) => s !== sticky && s.reaches(person)) : [];
      return { senders: [sticky, ...next], target };
    }
    // (a platform not in service reaches nobody: Teams without a stored reference finds none for the person)
    const list = [...senders.values()].filter((s) => s.reaches(person));
    // the web inbox takes people's messages only where no chat platform is configured: while
    // another server on this database sends to one, the message is that server's
    // (a server with a chat platform that reaches the person not leaves it to no other: none is the web inbox's)
    const chatElsewhere = list.length > 0 && list.every((s) => s.platform === 'web') ? this.waitFor(null) : undefined;
    if (chatElsewhere) return { senders: [], error: this.noChatHere(row.target), wait: chatElsewhere };
    if (list.length === 0) {
      // (a person only on the platform of another server on this database: that one sends it)
      const wait = this.waitForMissingPlatform(row);
      const why = [...senders.values()].map((s) => s.unreachableReason?.(person)).filter(Boolean);
      return { senders: [], error: `no configured platform can reach ${row.target}${why.length ? `: ${why.join('; ')}` : ''}`, ...(wait ? { wait } : {}) };
    }
    return { senders: list, target };
  }

  /**
   * Why this server leaves a person's message to a server with a chat platform: it has none, or
   * the ones it has do not reach the person (Teams: no conversation with them stored yet).
   */
  private noChatHere(to: string): string {
    const chat = CHAT_PLATFORMS.filter((p) => this.app.senders.has(p));
    if (!chat.length) return 'no chat platform is configured on this server';
    const why = chat.map((p) => (p === 'teams' ? 'teams: no conversation with them stored yet' : p)).join(', ');
    return `the chat platforms of this server do not reach ${to} (${why})`;
  }

  /**
   * A message another server sends: due at once for it (no attempt counted; `uncount` one this
   * server began that reached nobody); this one looks at it again only after a few heartbeats,
   * to give it up should that server have stopped for good.
   */
  private leaveToOthers(row: OutboxRow, now: Date, why: string, uncount = false): void {
    markRetry(this.app.db, row.id, this.id, now, why, null, { uncount });
    this.leftToOthers.set(row.id, now.getTime() + 6 * this.o.heartbeatMs);
    this.app.log.info({ id: row.id, key: row.idempotency_key, why }, 'outbox: left to a server that sends to its platform');
  }

  /**
   * Why a message waits for a live server on a chat platform this one does not send to (undefined:
   * none, or the message was left to this server for one of its own platforms: then neither
   * reaches the person, and it is not handed back and forth).
   */
  private waitForMissingPlatform(row: OutboxRow): string | undefined {
    if ([...this.app.senders.keys()].some((p) => row.last_error?.includes(waitingFor(p)))) return undefined;
    for (const p of CHAT_PLATFORMS) {
      if (this.app.senders.has(p)) continue;
      const wait = this.waitFor(p);
      if (wait) return wait;
    }
    return undefined;
  }

  /**
   * Why a message this server cannot send waits: another server on this database sends to
   * `platform` (null: reaches people on a chat platform) and was alive within `platformWaitMs`.
   * Undefined when none was: the message is then given up as before (the platform was removed).
   */
  private waitFor(platform: string | null): string | undefined {
    const since = new Date(this.app.clock.now().getTime() - this.o.platformWaitMs);
    const other = otherServerServing(this.app.db, this.id, platform, since);
    if (!other) return undefined;
    const to = platform ?? other.platforms.join(', ');
    // (a server stopped cleanly is waited for all the same: it may be an update, or the night)
    const seen = other.stoppedAt ? `stopped at ${other.stoppedAt}` : `alive at ${other.beatAt}`;
    return `${waitingFor(to)} (server ${other.serverId}, ${seen}); given up if none has run for ${waitWords(this.o.platformWaitMs)}`;
  }

  /**
   * One row of a batch; a failure to record its outcome (a database busy past its timeout) is
   * logged and ends neither its lane nor the batch: the row stays claimed and comes back when its
   * lease runs out. (A batch ended early would leave its other lanes running unrenewed, and the
   * worker's next drain, under the same owner, would take over their rows and send them twice.)
   */
  private async handleOne(row: OutboxRow): Promise<void> {
    try {
      await this.handle(row);
    } catch (e) {
      this.app.log.error({ err: e, id: row.id, key: row.idempotency_key }, 'outbox: could not record what became of a message: it is taken up again when its lease runs out');
    }
  }

  private async handle(row: OutboxRow): Promise<void> {
    const { db, clock, log } = this.app;
    const now = clock.now();
    if (row.expires_at && now.toISOString() > row.expires_at) {
      markFinal(db, row.id, this.id, 'expired', `not sent: its time had passed (expired ${row.expires_at})`, row.platform);
      log.info({ id: row.id, key: row.idempotency_key }, 'outbox: expired, recorded as missed');
      return;
    }
    // a message that follows another one (a survey reminder its invitation) waits for it
    const follows = this.waitForEarlier(row, now);
    if (follows && row.expires_at && follows.getTime() > Date.parse(row.expires_at)) {
      markFinal(db, row.id, this.id, 'expired', `not sent: the message it follows went too late for it to go before it expires (${row.expires_at})`, row.platform);
      log.info({ id: row.id, key: row.idempotency_key }, 'outbox: the message it follows went too late, recorded as missed');
      return;
    }
    if (follows) {
      markDeferred(db, row.id, this.id, follows);
      log.info({ id: row.id, key: row.idempotency_key, at: follows.toISOString() }, 'outbox: waits for the message it follows');
      return;
    }
    // (the person once: the working hours and the senders both need them)
    const person = row.target_kind === 'person' ? this.app.people.byEmail(row.target) : null;
    const opens = this.waitForWorkingHours(row, person, now);
    if (opens && row.expires_at && opens.getTime() > Date.parse(row.expires_at)) {
      // never outside the working hours: one whose next window opens only after its expiry
      // (a reminder after its event) is recorded as missed, like any message past its time
      markFinal(db, row.id, this.id, 'expired', `not sent: outside the recipient's working hours, and the next window (${opens.toISOString()}) opens after it expires (${row.expires_at})`, row.platform);
      log.info({ id: row.id, key: row.idempotency_key }, 'outbox: no working hours left before it expires, recorded as missed');
      return;
    }
    if (opens) {
      markDeferred(db, row.id, this.id, opens);
      log.info({ id: row.id, key: row.idempotency_key, at: opens.toISOString() }, 'outbox: outside the recipient\'s working hours, waits for them');
      return;
    }
    const pick = this.candidates(row, person);
    if (pick.unknownPerson && row.expires_at) {
      // a plan file may name an owner before the people are imported: the message waits for
      // the person to appear in the directory (looked up again every maxBackoffMs) until it
      // expires, and is then recorded as missed like any message past its time
      const next = new Date(Math.min(now.getTime() + this.o.maxBackoffMs, Date.parse(row.expires_at) + 1000));
      markRetry(db, row.id, this.id, next, `${pick.error} (yet): ${WAITING_FOR_PERSON} until ${row.expires_at}`, row.platform);
      log.info({ id: row.id, key: row.idempotency_key, target: row.target }, 'outbox: recipient not in the people directory yet, will look again');
      return;
    }
    if (pick.wait) {
      this.leaveToOthers(row, now, `${pick.error}: ${pick.wait}`);
      return;
    }
    if (!pick.target || pick.senders.length === 0) {
      markFinal(db, row.id, this.id, 'dead', pick.error ?? 'no sender', row.platform);
      log.warn({ id: row.id, key: row.idempotency_key, error: pick.error }, 'outbox: no way to reach the recipient, parked as dead');
      return;
    }
    let outcome: SendOutcome = { status: 'dead', error: 'no sender' };
    let sender = pick.senders[0]!;
    const message = JSON.parse(row.message) as OutMessage;
    const broadcast = broadcastOf(row.source);
    const unreachable: string[] = [];
    let attempts = row.attempts;
    // when a platform was first called for it: this attempt, unless an earlier one was made
    let firstAttemptAt = row.first_attempt_at ? new Date(row.first_attempt_at) : null;
    for (const [i, candidate] of pick.senders.entries()) {
      sender = candidate;
      // the lease may have run out while earlier rows of the batch were sent (a slow platform):
      // then another worker may have this row already, and only one of us may send it; or it
      // was cancelled meanwhile (its occurrence skipped, its survey answered)
      const attemptAt = clock.now();
      firstAttemptAt ??= attemptAt;
      const held = beginAttempt(db, row.id, this.id, attemptAt, this.o.leaseMs, i === 0);
      if (held === null) {
        log.warn({ id: row.id, key: row.idempotency_key }, 'outbox: cancelled meanwhile, or its lease ran out and another worker took it over: not sent from here');
        return;
      }
      attempts = held;
      try {
        outcome = await candidate.send(pick.target, message, {
          id: row.id,
          idempotencyKey: row.idempotency_key,
          kind: row.kind,
          attempts,
          maybeSentBefore: row.last_error === LEASE_EXPIRED,
          queuedAt: new Date(row.created_at),
          firstAttemptAt,
          ...(broadcast ? { broadcast } : {}),
          ...(row.parts_sent > 0 && row.parts_of ? { partsSent: { count: row.parts_sent, of: row.parts_of } } : {}),
          // each part of a split message is recorded as it goes, so no server posts it again
          partPosted: (parts) => recordParts(db, row.id, this.id, clock.now(), this.o.leaseMs, parts),
        });
      } catch (e) {
        outcome = { status: 'retry', error: (e as Error).message ?? String(e) };
      }
      // the person is not on this platform: try the next one that may reach them
      if (outcome.status === 'dead' && outcome.unreachable) {
        unreachable.push(outcome.error);
        continue;
      }
      break;
    }
    if (outcome.status === 'dead' && unreachable.length > 1) outcome = { status: 'dead', error: unreachable.join('; ') };
    // none of this server's platforms has the person (a Teams-only person on a Slack server): a
    // server on a platform this one lacks may, so the message waits for it while one is alive
    // (not for a message held to a platform: that one waits for no other)
    if (outcome.status === 'dead' && unreachable.length === pick.senders.length && !row.platform) {
      const wait = this.waitForMissingPlatform(row);
      if (wait) {
        this.leaveToOthers(row, clock.now(), `${outcome.error}: ${wait}`, true);
        return;
      }
    }
    const platform = sender.platform;
    const after = clock.now();
    if (outcome.status === 'sent') {
      markSent(db, row.id, this.id, after, platform, outcome.platformMessageId);
      return;
    }
    if (outcome.status === 'dead') {
      markFinal(db, row.id, this.id, 'dead', outcome.error, platform);
      log.warn({ id: row.id, key: row.idempotency_key, error: outcome.error }, 'outbox: permanent failure, parked as dead');
      return;
    }
    const backoff = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** Math.max(0, attempts - 1));
    // (a platform's Retry-After at most an hour: one of years would park the message past what a date can hold)
    const wait = boundRetryAfter(outcome.retryAfterMs) ?? backoff * (0.8 + Math.random() * 0.4);
    const next = new Date(after.getTime() + wait);
    if (outcome.rateLimited) {
      // the platform did not take it (or was not asked): no attempt, nothing to give up on
      markRetry(db, row.id, this.id, next, outcome.error, platform, { uncount: true, parts: outcome.partsSent });
      log.info({ id: row.id, error: outcome.error, waitMs: Math.round(wait) }, 'outbox: rate limited, will retry');
      return;
    }
    if (outcome.config && attempts >= this.o.maxAttempts) {
      markFinal(db, row.id, this.id, 'dead', `gave up after ${attempts} attempts: ${outcome.error}`, platform);
      log.warn({ id: row.id, key: row.idempotency_key, error: outcome.error }, 'outbox: gave up, parked as dead');
      return;
    }
    const failingSince = row.failing_since ? new Date(row.failing_since) : now;
    if (!outcome.config && !row.expires_at && after.getTime() - failingSince.getTime() >= this.o.giveUpAfterMs) {
      const hours = Math.floor((after.getTime() - failingSince.getTime()) / 3600_000);
      markFinal(db, row.id, this.id, 'dead', `gave up after ${attempts} attempts over ${hours} h: ${outcome.error}`, platform);
      log.warn({ id: row.id, key: row.idempotency_key, error: outcome.error }, 'outbox: gave up, parked as dead');
      return;
    }
    // a message with an expiry keeps trying until then (and is then recorded as expired)
    markRetry(db, row.id, this.id, next, outcome.error, platform, { failingSince, parts: outcome.partsSent });
    log.info({ id: row.id, error: outcome.error, waitMs: Math.round(wait) }, 'outbox: will retry');
  }

  /**
   * When a message that follows another (`source.after`: that message's key and how long after
   * it this one goes) may go: null when the other went long enough ago, or will not go at all
   * (given up, cancelled, no such message); else the earliest time it may go, at the soonest
   * `ms` after the other is next tried (or its lease, held by a server that may have died, runs
   * out), and never now: looked at again then.
   */
  private waitForEarlier(row: OutboxRow, now: Date): Date | null {
    const after = afterOf(row.source);
    if (!after) return null;
    const other = messageProgress(this.app.db, after.key);
    if (!other || other.state === 'dead' || other.state === 'expired' || other.state === 'cancelled') return null;
    if (other.state === 'sent') {
      const at = Date.parse(other.sent_at ?? '') + after.ms;
      return Number.isFinite(at) && at > now.getTime() ? new Date(at) : null;
    }
    const next = other.state === 'sending' ? Date.parse(other.lease_until ?? '') : Date.parse(other.next_attempt_at);
    const base = Number.isFinite(next) ? Math.max(next, now.getTime()) : now.getTime();
    return new Date(Math.max(base + after.ms, now.getTime() + 1000));
  }

  /**
   * When a message that keeps its recipient's working hours comes due outside them (sent late,
   * after a downtime or a long retry, or queued knowing no window opens before its expiry):
   * the next window's start, null when it may go now.
   */
  private waitForWorkingHours(row: OutboxRow, person: Person | null, now: Date): Date | null {
    if (!row.working_tz) return null;
    const tz = person?.timezone ?? row.working_tz;
    const next = nextWorkingTime(now, tz, this.app.config.workingHours);
    // (inside the hours, or no working hours at all: `now` itself)
    return next.getTime() <= now.getTime() ? null : next;
  }

  start(): Running {
    const tick = () => {
      if (this.stopped) return;
      this.drainOnce()
        .catch((e) => this.app.log.error({ err: e }, 'outbox worker failed'))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.o.intervalMs);
        });
    };
    this.timer = setTimeout(tick, 10);
    return {
      stop: async () => {
        this.stopped = true;
        if (this.timer) clearTimeout(this.timer);
        if (this.running) await this.running;
        // (other servers, and the operator, see at once that this one is not running: a killed one only shows an old sign of life)
        try {
          if (this.lastBeat !== 0) noteStopped(this.app.db, this.id, this.app.clock.now());
        } catch (e) {
          this.app.log.warn({ err: e }, 'outbox: could not note that this server stopped');
        }
      },
    };
  }
}

/** The message a row follows (`source.after`: its key, and the least time between the two), if any. */
function afterOf(source: string | null): { key: string; ms: number } | undefined {
  if (!source) return undefined;
  try {
    const a = (JSON.parse(source) as { after?: { key?: unknown; ms?: unknown } }).after;
    return a && typeof a.key === 'string' ? { key: a.key, ms: typeof a.ms === 'number' && a.ms > 0 ? a.ms : 0 } : undefined;
  } catch {
    return undefined;
  }
}

/** The broadcast a row belongs to (`source.broadcast`), if any. */
function broadcastOf(source: string | null): string | undefined {
  if (!source) return undefined;
  try {
    const b = (JSON.parse(source) as { broadcast?: unknown }).broadcast;
    return typeof b === 'string' ? b : undefined;
  } catch {
    return undefined;
  }
}
