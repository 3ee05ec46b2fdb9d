import type { App } from '../app-types.ts';
import type { Problem } from '../errors.ts';
import { nextWorkingTime, type WorkingHours } from '../jobs/working-hours.ts';
import { parseAudience, resolveAudience } from '../people/audience.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { parseDuration as surveyDurationMs } from '../surveys/duration.ts';
import { expand } from './expand.ts';
import { parseLocal, toFloating, toInstant } from './local-time.ts';
import type { Plan, PlanEvent } from './model.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import type { SurveyDef } from '../surveys/definition.ts';

const DAY = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "Fri 2027-03-05 18:30" in `tz`. */
function localWords(at: Date, tz: string): string {
  const f = toFloating(at, tz);
  return `${WEEKDAYS[f.getUTCDay()]} ${f.toISOString().slice(0, 10)} ${f.toISOString().slice(11, 16)}`;
}

/** A survey's `closes: P…` in milliseconds, as the survey itself reads it when it opens a run; null for a fixed close time. */
function closesAfterMs(closes: { kind: 'after'; duration: string } | { kind: 'at'; local: string }): number | null {
  return closes.kind === 'after' ? surveyDurationMs(closes.duration) : null;
}

/** How the occurrences of one event in the year ahead miss its follow-up survey's close. */
interface Missed {
  affected: number;
  total: number;
  longest: number;
  zones: number;
  example: { occurrence: string; end: Date; next: Date; tz: string };
}

/**
 * Whether the invitations of `def`, as the follow-up survey of `ev`, would wait for working
 * hours past its close after some occurrence of the year ahead (from the event's first one when
 * that is later), in the time zones of the event's audience as the directory knows it; null
 * when they never would, or the survey closes at a fixed time.
 */
function missedFollowUps(app: App, ev: PlanEvent, planTz: string, def: SurveyDef, hours: WorkingHours): Missed | null {
  const closesMs = closesAfterMs(def.closes);
  if (closesMs === null) return null;
  const now = app.clock.now();
  const orgTz = app.config.ITBOT_TIMEZONE;
  const parsed = parseAudience(ev.audience);
  const people = typeof parsed === 'string' ? [] : resolveAudience(app.people, parsed);
  const zones = [...new Set(people.map((p) => p.timezone ?? orgTz))];
  if (!zones.length) zones.push(orgTz);
  const first = parseLocal(ev.start);
  const from = first ? new Date(Math.max(now.getTime(), toInstant(first, planTz).getTime())) : now;
  const occurrences = expand(ev, planTz, from, new Date(from.getTime() + 366 * DAY));
  // the wait depends only on the end's weekday and wall-clock time (and offset) in each zone
  const waits = new Map<string, number>();
  let affected = 0;
  let example: Missed['example'] | null = null;
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
  return example ? { affected, total: occurrences.length, longest, zones: zones.length, example } : null;
}

/** "the occurrence … ends … and the next working hours begin …, … (…; plan report counts them as missed): give …". */
function missedWords(m: Missed): string {
  const { example, total, affected } = m;
  const count = total === 1 ? 'its one occurrence' : affected === total ? `all ${total} occurrences in the year ahead` : `${affected} of the ${total} occurrences in the year ahead`;
  const whom = m.zones > 1 ? ` for the people in ${example.tz}` : '';
  return `the occurrence ${example.occurrence} ends ${localWords(example.end, example.tz)} (${example.tz}) and the next working hours begin ${localWords(example.next, example.tz)}, after the survey has closed, ` +
    `so its invitations${whom} would not go out (${count}; plan report counts them as missed): ` +
    `give the survey a longer close (at least P${Math.ceil(m.longest / DAY) + 1}D), or end the event within working hours`;
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
  plan.events.forEach((ev, index) => {
    if (!ev.followUpSurvey) return;
    const def = surveys.get(ev.followUpSurvey)?.def;
    const m = def ? missedFollowUps(app, ev, plan.timezone, def, hours) : null;
    if (!def || !m) return;
    out.push({
      file, entry: `events[${index}] (id ${ev.id})`, field: 'followUpSurvey',
      message: `survey ${def.id} closes ${(def.closes as { duration: string }).duration} after each occurrence, but its invitations wait for working hours (${hours.source}): ${missedWords(m)}`,
    });
  });
  return out;
}

/**
 * The same check from the survey's side (`itbot survey create`): for each event of the stored
 * plan that names `def` as its follow-up survey, a warning on the survey file's `closes` when
 * its invitations would wait for working hours past that close.
 */
export function unreachableAsFollowUp(app: App, file: string, def: SurveyDef, hours: WorkingHours = app.config.workingHours): Problem[] {
  const plan = new PlanRepo(app.db).plan();
  if (!plan) return [];
  return plan.events.flatMap((ev) => {
    const m = ev.followUpSurvey === def.id ? missedFollowUps(app, ev, plan.timezone, def, hours) : null;
    return m ? [{
      file, field: 'closes',
      message: `${(def.closes as { duration: string }).duration} is too short for plan event ${ev.id}, which sends this survey after each occurrence: its invitations wait for working hours (${hours.source}): ${missedWords(m)}`,
    }] : [];
  });
}
