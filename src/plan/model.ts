import type { Bi } from '../i18n/index.ts';

export const EVENT_KINDS = [
  'newsletter', 'jour-fixe', 'info-meeting', 'key-user-meeting', 'management-meeting', 'steering-committee',
  'open-day', 'it-fair', 'it-conference', 'club', 'site-visit', 'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** A validated plan event as stored (plan_events.definition). Times are local wall-clock. */
export interface PlanEvent {
  id: string;
  title: Bi;
  kind: EventKind;
  /** RFC 5545 RRULE body without DTSTART; null: a single occurrence */
  rrule: string | null;
  /** local wall-clock start in the plan's zone, "YYYY-MM-DDTHH:MM" */
  start: string;
  /** ISO-8601 duration */
  duration: string;
  /** the terms of the file's audience (a plain value is one term) */
  audience: string[];
  /** the file gave the audience as a list (also of one term), which `plan upcoming --json` gives back as a list */
  audienceList?: true;
  channels: { slack?: string; teams?: string };
  owner: string;
  /** ISO-8601 durations before start */
  reminders: string[];
  announce: string | null;
  followUpSurvey: string | null;
  /** optional text of what the owner has to prepare (extension; else a default per kind) */
  task: Bi | null;
}

export interface Plan {
  timezone: string;
  events: PlanEvent[];
}

/** One expanded occurrence. `occurrence` (local wall-clock) is its stable identity. */
export interface Occurrence {
  eventId: string;
  occurrence: string;
  start: Date;
  end: Date;
}
