import { cachedStatement, type Db } from './db.ts';

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

/** Forgets event ids received before `cutoff`; returns how many. */
export function forgetInboundBefore(db: Db, cutoff: Date): number {
  return db.prepare('DELETE FROM processed_events WHERE received_at < ?').run(cutoff.toISOString()).changes;
}
