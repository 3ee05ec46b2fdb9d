import type { App, Running } from '../app-types.ts';
import { forgetInboundBefore } from '../store/inbound-repo.ts';

/** Platform retries come within minutes; a week of event ids is plenty to drop every retry. */
export const PROCESSED_EVENTS_KEEP_MS = 7 * 24 * 3600_000;

/** Deletes what only serves for a while: ids of handled platform events older than a week. */
export function housekeep(app: App): { processedEvents: number } {
  const cutoff = new Date(app.clock.now().getTime() - PROCESSED_EVENTS_KEEP_MS);
  return { processedEvents: forgetInboundBefore(app.db, cutoff) };
}

/** Runs `housekeep` shortly after start and then every hour. */
export function startHousekeeping(app: App, everyMs = 3600_000): Running {
  const run = () => {
    try {
      const r = housekeep(app);
      if (r.processedEvents) app.log.debug(r, 'housekeeping');
    } catch (e) {
      app.log.warn({ err: e }, 'housekeeping failed');
    }
  };
  const first = setTimeout(run, 30_000);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return { stop: () => { clearTimeout(first); clearInterval(timer); } };
}
