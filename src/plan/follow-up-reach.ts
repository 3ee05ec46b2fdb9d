import type { App } from '../app-types.ts';
import type { Problem } from '../errors.ts';
import { nextWorkingTime, type WorkingHours } from '../jobs/working-hours.ts';
import { parseAudience, resolveAudience } from '../people/audience.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { parseDuration, timeMs } from './duration.ts';
import { expand } from './expand.ts';
import { parseLocal, toFloating, toInstant } from './local-time.ts';
import type { Plan } from './model.ts';

const DAY = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Fri 2027-03-05 18:30" in `tz`. */
function localWords(at: Date, tz: string): string {
  const f = toFloating(at, tz);
  return `${WEEKDAYS[f.getUTCDay()]} ${f.toISOString().slice(0, 10)} ${f.toISOString().slice(11, 16)}`;
}

/** A survey's `closes: P…` in milliseconds (surveys count a day as 24 hours); null for a fixed close time. */
function closesAfterMs(closes: { kind: 'after'; duration: string } | { kind: 'at'; local: string }): number | null {
  if (closes.kind !== 'after') return null;
  const d = parseDuration(closes.duration);
  if (typeof d === 'string' || d.years || d.months) return null;
  return (d.weeks * 7 + d.days) * DAY + timeMs(d);
}

/**
 * Follow-up surveys whose invitations could not go out before the survey closes. They are
 * scheduled messages: each waits for the working hours in its recipient's time zone (else the
 * organisation's) and is recorded as missed when the next window opens only after the close.
 * An event that ends on Friday evening with a survey that `closes: PT12H` would so ask nobody:
 * the invitations wait for Monday 08:00 and the survey has closed on Saturday morning. Looks at
 * the occurrences of the year ahead (from the event's first one when that is later), in the
 * time zones of the event's audience as the directory knows it; one warning per such event,
 * named by file, entry and field like the other warnings of the import.
 */
export function unreachableFollowUps(app: App, file: string, plan: Plan, hours: WorkingHours = app.config.workingHours): Problem[] {
  const out: Problem[] = [];
  const surveys = new SurveyRepo(app.db);
  const now = app.clock.now();
  const orgTz = app.config.ITBOT_TIMEZONE;
  plan.events.forEach((ev, index) => {
    if (!ev.followUpSurvey) return;
    const def = surveys.get(ev.followUpSurvey)?.def;
    const closesMs = def ? closesAfterMs(def.closes) : null;
    if (!def || closesMs === null) return;
    const parsed = parseAudience(ev.audience);
    const people = typeof parsed === 'string' ? [] : resolveAudience(app.people, parsed);
    const zones = [...new Set(people.map((p) => p.timezone ?? orgTz))];
    if (!zones.length) zones.push(orgTz);
    const first = parseLocal(ev.start);
    const from = first ? new Date(Math.max(now.getTime(), toInstant(first, plan.timezone).getTime())) : now;
    const occurrences = expand(ev, plan.timezone, from, new Date(from.getTime() + 366 * DAY));
    // the wait depends only on the end's weekday and wall-clock time (and offset) in each zone
    const waits = new Map<string, number>();
    let affected = 0;
    let example: { occurrence: string; end: Date; next: Date; tz: string } | null = null;
    let longest = 0;
    for (const occ of occurrences) {
      let missed = false;
      for (const tz of zones) {
        const local = toFloating(occ.end, tz);
        const key = `${tz}|${local.getUTCDay()}|${local.toISOString().slice(11, 16)}|${local.getTime() - occ.end.getTime()}`;
        let wait = waits.get(key);
        if (wait === undefined) waits.set(key, (wait = nextWorkingTime(occ.end, tz, hours).getTime() - occ.end.getTime()));
        if (wait < closesMs) continue;
        missed = true;
        longest = Math.max(longest, wait);
        example ??= { occurrence: occ.occurrence, end: occ.end, next: new Date(occ.end.getTime() + wait), tz };
      }
      if (missed) affected++;
    }
    if (!example) return;
    const entry = `events[${index}] (id ${ev.id})`;
    const total = occurrences.length;
    const count = total === 1 ? 'its one occurrence' : affected === total ? `all ${total} occurrences in the year ahead` : `${affected} of the ${total} occurrences in the year ahead`;
    const whom = zones.length > 1 ? ` for the people in ${example.tz}` : '';
    out.push({
      file, entry, field: 'followUpSurvey',
      message:
        `survey ${def.id} closes ${(def.closes as { duration: string }).duration} after each occurrence, but its invitations wait for working hours (${hours.source}): ` +
        `the occurrence ${example.occurrence} ends ${localWords(example.end, example.tz)} (${example.tz}) and the next working hours begin ${localWords(example.next, example.tz)}, after the survey has closed, ` +
        `so its invitations${whom} would not go out (${count}; plan report counts them as missed): ` +
        `give the survey a longer close (at least P${Math.ceil(longest / DAY) + 1}D), or end the event within working hours`,
    });
  });
  return out;
}
