import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { cachedStatement, type Db } from './db.ts';

export interface SlackUserInfo {
  userId: string;
  email: string | null;
  locale: string | null;
  /** the user's IANA time zone (users.info `tz`) */
  tz: string | null;
  fetchedAt: string;
}

/**
 * The Slack adapter's caches (users.info, users.lookupByEmail, conversations.open) and its
 * payload store (forms opened as modals, values too long for a button). All SQL of the
 * Slack adapter lives here.
 */
export class SlackRepo {

  constructor(private readonly db: Db) {}

  /** statements prepared once per database (these run on every turn) */
  private st(sql: string): Database.Statement {
    return cachedStatement(this.db, sql);
  }

  user(userId: string): SlackUserInfo | null {
    const r = this.st('SELECT user_id, email, locale, tz, fetched_at FROM slack_users WHERE user_id = ?').get(userId) as
      | { user_id: string; email: string | null; locale: string | null; tz: string | null; fetched_at: string }
      | undefined;
    return r ? { userId: r.user_id, email: r.email, locale: r.locale, tz: r.tz, fetchedAt: r.fetched_at } : null;
  }

  saveUser(u: SlackUserInfo): void {
    this.st(
      `INSERT INTO slack_users (user_id, email, locale, tz, fetched_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET email = excluded.email, locale = excluded.locale, tz = excluded.tz, fetched_at = excluded.fetched_at`,
    ).run(u.userId, u.email, u.locale, u.tz, u.fetchedAt);
  }

  /** undefined: never looked up; null: Slack said the e-mail is not in the workspace. */
  lookup(email: string): { userId: string | null; fetchedAt: string } | undefined {
    const r = this.st('SELECT user_id, fetched_at FROM slack_email_lookups WHERE email = ?').get(email) as
      | { user_id: string | null; fetched_at: string }
      | undefined;
    return r ? { userId: r.user_id, fetchedAt: r.fetched_at } : undefined;
  }

  saveLookup(email: string, userId: string | null, at: Date): void {
    this.st(
      `INSERT INTO slack_email_lookups (email, user_id, fetched_at) VALUES (?, ?, ?)
       ON CONFLICT(email) DO UPDATE SET user_id = excluded.user_id, fetched_at = excluded.fetched_at`,
    ).run(email, userId, at.toISOString());
  }

  dmChannel(userId: string): string | null {
    const r = this.st('SELECT channel_id FROM slack_dm_channels WHERE user_id = ?').get(userId) as { channel_id: string } | undefined;
    return r?.channel_id ?? null;
  }

  saveDmChannel(userId: string, channelId: string, at: Date): void {
    this.st(
      `INSERT INTO slack_dm_channels (user_id, channel_id, opened_at) VALUES (?, ?, ?)
       ON CONFLICT(user_id) DO UPDATE SET channel_id = excluded.channel_id, opened_at = excluded.opened_at`,
    ).run(userId, channelId, at.toISOString());
  }

  forgetDmChannel(userId: string): void {
    this.st('DELETE FROM slack_dm_channels WHERE user_id = ?').run(userId);
  }

  /** Why and since when Slack refused the person's messages for good (a deactivated account); null when it has not. */
  unreachable(email: string): { reason: string; notedAt: string } | null {
    const r = this.st('SELECT reason, noted_at FROM slack_unreachable WHERE email = ?').get(email) as { reason: string; noted_at: string } | undefined;
    return r ? { reason: r.reason, notedAt: r.noted_at } : null;
  }

  saveUnreachable(email: string, reason: string, at: Date): void {
    this.st(
      `INSERT INTO slack_unreachable (email, reason, noted_at) VALUES (?, ?, ?)
       ON CONFLICT(email) DO UPDATE SET reason = excluded.reason, noted_at = excluded.noted_at`,
    ).run(email, reason, at.toISOString());
  }

  /** Forgets that Slack refused the person's messages, when it noted that before `before` (they wrote since); true when it had. */
  clearUnreachable(email: string, before: Date): boolean {
    return this.st('DELETE FROM slack_unreachable WHERE email = ? AND noted_at < ?').run(email, before.toISOString()).changes > 0;
  }

  /**
   * Stores a JSON payload under a short key derived from its content (idempotent). `created_at`
   * is when a message last carried it (a survey's reminder renews its form), which the cleanup counts from.
   */
  putPayload(payload: unknown, at: Date): string {
    const json = JSON.stringify(payload);
    const key = createHash('sha256').update(json).digest('base64url').slice(0, 32);
    this.st(
      `INSERT INTO slack_payloads (key, payload, created_at) VALUES (?, ?, ?)
       ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at WHERE created_at < excluded.created_at`,
    ).run(key, json, at.toISOString());
    return key;
  }

  /** Forgets the payloads no message carried since `cutoff` (their buttons then say they are no longer valid); returns how many. */
  forgetPayloadsBefore(cutoff: Date): number {
    return this.st('DELETE FROM slack_payloads WHERE created_at < ?').run(cutoff.toISOString()).changes;
  }

  payload<T>(key: string): T | null {
    const r = this.st('SELECT payload FROM slack_payloads WHERE key = ?').get(key) as { payload: string } | undefined;
    return r ? (JSON.parse(r.payload) as T) : null;
  }

  /**
   * Records an incoming Slack payload under its key, claimed by the caller until `claimedUntil`;
   * false when the key is known already (a Slack retry, a second delivery): it is not run again.
   */
  receiveInbox(key: string, body: string, now: Date, claimedUntil: Date): boolean {
    return (
      this.st('INSERT INTO slack_inbox (event_key, body, received_at, claimed_until) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(
        key, body, now.toISOString(), claimedUntil.toISOString(),
      ).changes === 1
    );
  }

  /** This server still runs the payload: its claim is extended. */
  renewInbox(key: string, claimedUntil: Date): void {
    this.st('UPDATE slack_inbox SET claimed_until = ? WHERE event_key = ? AND done_at IS NULL').run(claimedUntil.toISOString(), key);
  }

  /** The payload is done (run, or given up): its body is dropped, its key kept against retries. */
  inboxDone(key: string, now: Date): void {
    this.st('UPDATE slack_inbox SET done_at = ?, body = NULL WHERE event_key = ? AND done_at IS NULL').run(now.toISOString(), key);
  }

  /**
   * Claims the payloads not done whose claim has run out (their server died before it finished
   * them), oldest first, until `claimedUntil`, in one statement: two servers never take the same one.
   */
  claimStaleInbox(now: Date, claimedUntil: Date, limit: number): Array<{ key: string; body: string; attempts: number; receivedAt: Date }> {
    const rows = this.st(
      `UPDATE slack_inbox SET claimed_until = ?, attempts = attempts + 1
       WHERE event_key IN (SELECT event_key FROM slack_inbox WHERE done_at IS NULL AND claimed_until <= ? ORDER BY received_at LIMIT ?)
       RETURNING event_key, body, attempts, received_at`,
    ).all(claimedUntil.toISOString(), now.toISOString(), limit) as Array<{ event_key: string; body: string | null; attempts: number; received_at: string }>;
    return rows
      .sort((a, b) => a.received_at.localeCompare(b.received_at))
      .map((r) => ({ key: r.event_key, body: r.body ?? 'null', attempts: r.attempts, receivedAt: new Date(r.received_at) }));
  }

  /** Forgets the keys of payloads done before `cutoff` (retries come within minutes); returns how many. */
  forgetInboxBefore(cutoff: Date): number {
    return this.st('DELETE FROM slack_inbox WHERE done_at IS NOT NULL AND done_at < ?').run(cutoff.toISOString()).changes;
  }

}
