import { cachedStatement, tx, type Db } from './db.ts';

/** Records a platform event id; false when it was seen before (a retry of the same event). */
export function recordInbound(db: Db, platform: string, eventId: string, at: Date): boolean {
  return (
    cachedStatement(db, 'INSERT INTO processed_events (platform, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(
      platform,
      eventId,
      at.toISOString(),
    ).changes === 1
  );
}

/** Whether the platform event id is recorded (the core began a turn for it). */
export function inboundSeen(db: Db, platform: string, eventId: string): boolean {
  return cachedStatement(db, 'SELECT 1 FROM processed_events WHERE platform = ? AND event_id = ?').get(platform, eventId) !== undefined;
}

/** Forgets event ids received before `cutoff`, with the writes recorded for them; returns how many ids. */
export function forgetInboundBefore(db: Db, cutoff: Date): number {
  const before = cutoff.toISOString();
  return tx(db, () => {
    db.prepare('DELETE FROM event_writes WHERE (platform, event_id) IN (SELECT platform, event_id FROM processed_events WHERE received_at < ?)').run(before);
    return db.prepare('DELETE FROM processed_events WHERE received_at < ?').run(before).changes;
  });
}

/** What an earlier turn of this event recorded for the write `write` (its result), or null when it made none. */
export function eventWriteDone(db: Db, platform: string, eventId: string, write: string): string | null {
  const row = cachedStatement(db, 'SELECT result FROM event_writes WHERE platform = ? AND event_id = ? AND write = ?').get(platform, eventId, write) as { result: string } | undefined;
  return row ? row.result : null;
}

/** Records that this event's turn made the write `write` (call it in the transaction of the write). */
export function recordEventWrite(db: Db, platform: string, eventId: string, write: string, result = ''): void {
  cachedStatement(db, 'INSERT INTO event_writes (platform, event_id, write, result) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET result = excluded.result').run(platform, eventId, write, result);
}
