import type { App, Running } from '../app-types.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { forgetInboundBefore } from '../store/inbound-repo.ts';

/** Platform retries come within minutes; a week of event ids is plenty to drop every retry. */
const PROCESSED_EVENTS_KEEP_MS = 7 * 24 * 3600_000;

/** Catalog gaps are kept a year (long enough to compare seasons), and at most the newest 100,000. */
export const GAPS_KEEP_MS = 365 * 24 * 3600_000;
const GAPS_KEEP_ROWS = 100_000;

/**
 * Deletes what only serves for a while: ids of handled platform events older than a week,
 * catalog gaps (and the counts of questions asked) older than a year, gaps beyond the newest 100,000.
 */
export function housekeep(app: App): { processedEvents: number; gaps: number } {
  const now = app.clock.now().getTime();
  const catalog = new CatalogRepo(app.db);
  const gapsCutoff = new Date(now - GAPS_KEEP_MS).toISOString();
  // the questions counted are kept as long as the gaps, so "no gaps" always speaks of the same questions
  catalog.forgetQuestionCounts(gapsCutoff);
  return {
    processedEvents: forgetInboundBefore(app.db, new Date(now - PROCESSED_EVENTS_KEEP_MS)),
    gaps: catalog.forgetGaps(gapsCutoff, GAPS_KEEP_ROWS),
  };
}

/** Runs `housekeep` shortly after start and then every hour. */
export function startHousekeeping(app: App, everyMs = 3600_000): Running {
  const run = () => {
    try {
      const r = housekeep(app);
      if (r.processedEvents || r.gaps) app.log.debug(r, 'housekeeping');
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
