import type { TurnContext } from '../app-types.ts';

/**
 * The time zone of the person talking: the directory's, else the one their platform reports
 * (as the platform locale stands in for the language); null when neither is known, and times
 * are then shown in the plan's or the organisation's zone.
 */
export function askerTimeZone(ctx: Pick<TurnContext, 'person' | 'event'>): string | null {
  return ctx.person?.timezone ?? ctx.event.timeZone ?? null;
}
