import type { TurnContext } from '../app-types.ts';
import { eventWriteDone, recordEventWrite } from '../store/inbound-repo.ts';

/**
 * A write of a turn made once per platform event: `write` runs in one transaction with the note
 * that this event made it (`event_writes`), and returns what it decided (a short word, or '').
 * A turn run again for the same event (`redelivery`: its server died after the core had begun
 * it) does not call `write` when the first run made it, and gets that run's result instead, so a
 * catalog gap, a question counted or a vote is recorded once however often the event runs. An
 * event without an id (`itbot ask`, tests) always writes.
 */
export function oncePerEvent<T extends string>(ctx: TurnContext, name: string, write: () => T): T {
  if (!ctx.event.eventId) return write();
  return ctx.app.db.transaction(() => {
    const done = writtenBefore(ctx, name);
    if (done !== null) return done as T;
    const result = write();
    noteWrite(ctx, name, result);
    return result;
  })();
}

/**
 * What an earlier run of this turn's event recorded for the write `name` (its result), or null when
 * it made none; only a redelivery can have one. For a feature that checks its own state first (a
 * plan occurrence already recorded) and must answer a re-run as its first run was answered.
 */
export function writtenBefore(ctx: TurnContext, name: string): string | null {
  const { platform, eventId, redelivery } = ctx.event;
  return redelivery && eventId ? eventWriteDone(ctx.app.db, platform, eventId, name) : null;
}

/** Notes that this turn made the write `name` (call it in the transaction of the write). */
export function noteWrite(ctx: TurnContext, name: string, result = ''): void {
  const { platform, eventId } = ctx.event;
  if (eventId) recordEventWrite(ctx.app.db, platform, eventId, name, result);
}
