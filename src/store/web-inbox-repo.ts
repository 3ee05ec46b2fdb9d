import type { Db } from './db.ts';
import type { OutMessage } from '../chat/model.ts';

export interface InboxEntry {
  id: number;
  message: OutMessage;
  createdAt: string;
}

/**
 * Stores a message for the web chat once per idempotency key; returns its id (the first one's on a repeat).
 * `broadcast`: the same news posted to several channels shares it, and a reader of more than one
 * of them is shown it once (the first posted).
 */
export function putWebMessage(db: Db, recipient: string, message: OutMessage, key: string, at: Date, broadcast: string | null = null): number {
  const r = db
    .prepare(
      `INSERT INTO web_inbox (recipient, message, idempotency_key, created_at, broadcast) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(idempotency_key) DO UPDATE SET idempotency_key = idempotency_key RETURNING id`,
    )
    .get(recipient, JSON.stringify(message), key, at.toISOString(), broadcast) as { id: number };
  return r.id;
}

/**
 * Replaces a message in a person's own inbox (the card whose button was clicked: "Done" turns the
 * reminder into the thanks, as Slack and Teams update theirs), so the page shows the new one also
 * when it is opened again. A channel's message is shared and never replaced; false when `id` is
 * not a message of `recipient` itself.
 */
export function replaceWebMessage(db: Db, id: number, recipient: string, message: OutMessage): boolean {
  return (
    db.prepare('UPDATE web_inbox SET message = ? WHERE id = ? AND recipient = ? COLLATE NOCASE').run(JSON.stringify(message), id, recipient).changes === 1
  );
}

// a row of a broadcast the reader already has in another of their channels (an earlier row) is left out
const FIRST_OF_BROADCAST = `(w.broadcast IS NULL OR NOT EXISTS (SELECT 1 FROM web_inbox e WHERE e.broadcast = w.broadcast AND e.id < w.id
         AND e.recipient IN (SELECT value FROM json_each(@recipients)) COLLATE NOCASE))`;

/** Messages for a person (and the channels they see) after `afterId`. */
export function readInbox(db: Db, recipients: string[], afterId: number): InboxEntry[] {
  const rows = db
    .prepare(
      `SELECT id, message, created_at FROM web_inbox w
       WHERE id > @after AND recipient IN (SELECT value FROM json_each(@recipients) ) COLLATE NOCASE AND ${FIRST_OF_BROADCAST} ORDER BY id LIMIT 100`,
    )
    .all({ recipients: JSON.stringify(recipients), after: afterId }) as Array<{ id: number; message: string; created_at: string }>;
  return rows.map((r) => ({ id: r.id, message: JSON.parse(r.message) as OutMessage, createdAt: r.created_at }));
}

/** A person's newest `n` messages up to id `upTo` (and the channels they see), oldest first: what a page opened now shows. */
export function readRecentInbox(db: Db, recipients: string[], n: number, upTo: number): InboxEntry[] {
  const rows = db
    .prepare(
      `SELECT id, message, created_at FROM (SELECT id, message, created_at FROM web_inbox w
       WHERE id <= @upTo AND recipient IN (SELECT value FROM json_each(@recipients) ) COLLATE NOCASE AND ${FIRST_OF_BROADCAST} ORDER BY id DESC LIMIT @n) ORDER BY id`,
    )
    .all({ recipients: JSON.stringify(recipients), upTo, n }) as Array<{ id: number; message: string; created_at: string }>;
  return rows.map((r) => ({ id: r.id, message: JSON.parse(r.message) as OutMessage, createdAt: r.created_at }));
}

/** The newest message id of the whole inbox (where a new page starts reading). */
export function lastInboxId(db: Db): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS n FROM web_inbox').get() as { n: number }).n;
}
