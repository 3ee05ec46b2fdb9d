import type { OutMessage, Platform } from '../chat/model.ts';
import type { Person } from '../people/person.ts';
import type { App } from '../app-types.ts';

/** Who an outbox message goes to, once resolved for a platform. */
export type SendTarget =
  | { kind: 'person'; person: Person }
  | { kind: 'channel'; channelId: string };

/** How many parts of a split message (Teams: cards) reached the platform, of the text `of` names (the sender's digest). */
export type PartsSent = { count: number; of: string };

export interface OutboxItemView {
  id: number;
  idempotencyKey: string;
  kind: string;
  attempts: number;
  /** true when an earlier attempt may have reached the platform (crash or lost answer):
   *  a sender that can check the platform for the key should do so before sending again */
  maybeSentBefore: boolean;
  /** when the message was queued */
  queuedAt: Date;
  /** when a platform was first called for it (this attempt, when it is the first): a sender
   *  that checks the platform for an earlier attempt need look no further back than this */
  firstAttemptAt: Date;
  /** the same news posted to several channels shares it (`source.broadcast` of the row):
   *  a platform whose readers see more than one of those channels shows it to each once */
  broadcast?: string;
  /** a message the sender splits into parts (Teams: cards), cut off half-way before (a failure,
   *  or a server that died between two parts): how many of its parts earlier attempts posted, of
   *  the text `of` names (the sender's digest); the next attempt, on any server, goes on with the
   *  next part */
  partsSent?: PartsSent;
  /**
   * For a sender that posts a message as several parts: called after each part the platform took
   * and before the next one is posted. It records the progress in the outbox row at once (so a
   * server that dies between two parts leaves the row to one that goes on with the first part not
   * yet posted) and, like the check before every platform call, renews this worker's lease and
   * tells whether it still holds the row: false when its lease ran out and another server took
   * the row over, and then the sender posts no further part (that server goes on from here).
   */
  partPosted?(parts: PartsSent): boolean;
}

export type SendOutcome =
  | { status: 'sent'; platformMessageId?: string }
  /**
   * try again (after retryAfterMs when the platform said so).
   * `rateLimited`: the platform answered 429, or the sender held the message back while it
   * waits out one: not a failed attempt, never given up on (the message still expires).
   * `config`: the bot's own credentials or scopes are wrong: retried for a while (the operator
   * may fix them), then given up after the worker's `maxAttempts`.
   * Otherwise transient (5xx, timeout, network): retried with backoff until the message
   * expires, or for the worker's `giveUpAfterMs` when it has no expiry.
   * `partsSent`: a message split into parts whose first parts reached the platform: kept in the
   * outbox row (given back as `OutboxItemView.partsSent`), and such a message is never moved to
   * the person's next platform.
   */
  | { status: 'retry'; error: string; retryAfterMs?: number; rateLimited?: boolean; config?: boolean; partsSent?: PartsSent }
  /** permanent: user gone, bot removed, channel not found... never retried on this platform.
   *  `unreachable`: the person is simply not on this platform: the worker tries the next one. */
  | { status: 'dead'; error: string; unreachable?: boolean };

/**
 * A platform's outbound port, used by the outbox worker. Contract:
 * - `send` never throws for platform errors: it classifies them into the outcome;
 *   a thrown error is treated as `retry`.
 * - pacing inside the platform's rate limits is the sender's job (it may wait before sending).
 * - `reaches` tells whether this platform can reach the person now (an id, a stored
 *   conversation reference, or a lookup by e-mail).
 */
export interface Sender {
  platform: Platform;
  /**
   * false while the platform is not in use in this installation (Teams without credentials before
   * anyone used it): the outbox and the schedulers leave it out. Decided from the database, never
   * from what this process has seen, so every server on one database decides the same. Absent: in service.
   */
  inService?(): boolean;
  /**
   * true when the platform reaches only the people who came to the bot on it (Teams without
   * credentials: the local Agents Playground): everyone else still gets their messages in the web
   * chat inbox. Absent or false: a configured platform, and the web inbox is no fallback for people.
   */
  readonly webFallback?: boolean;
  reaches(person: Person): boolean;
  /** Why the platform does not reach the person, where it knows (a deactivated account): named in the outbox when none reaches them. */
  unreachableReason?(person: Person): string | null;
  send(target: SendTarget, message: OutMessage, item: OutboxItemView): Promise<SendOutcome>;
}

/** The senders in service now, in order of preference (the web inbox last); see `Sender.inService`. */
export function sendersInService(app: App): Sender[] {
  return [...app.senders.values()].filter((s) => s.inService?.() ?? true);
}

/** Whether this process has a sender for `platform` that is in service now. */
export function serves(app: App, platform: Platform): boolean {
  const s = app.senders.get(platform);
  return s !== undefined && (s.inService?.() ?? true);
}
