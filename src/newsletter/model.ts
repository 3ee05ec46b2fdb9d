import type { Bi } from '../i18n/index.ts';
import type { HelpdeskFigures } from './helpdesk.ts';

/** Figures-first for management and controllers; workplace-first for everyone else. */
export const VARIANTS = ['figures-first', 'workplace-first'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface ServiceItem {
  key: string;
  id: string;
  status: 'new' | 'retiring';
  name: Bi;
  summary: Bi;
  /** the service that takes over from a retiring one */
  replacedBy: Bi | null;
  url: string | null;
}

export interface ProjectItem {
  key: string;
  id: string;
  title: Bi;
  changes: Bi;
  kind: 'phase' | 'milestone';
  phase: 'planned' | 'running' | 'done' | null;
  milestone: Bi | null;
  date: string | null;
  link: string | null;
  /** the project's audience terms (absent: everyone) */
  audience?: string[];
  /** news never announced in chat (a first import's running or planned project): only the newsletter tells it */
  newsletterOnly?: boolean;
  /** whom it concerns, in words, when the issue's readers are more than the project's audience (its news was never announced to them) */
  concerns?: Bi;
  /** the keys of the project's earlier phase news in the same issue, which this entry stands for (reported with it) */
  carries?: string[];
}

export interface StrategyItem {
  key: string;
  id: string;
  title: Bi;
  date: string;
}

/** A closed survey run with the survey module's results (group-size rule applied there). */
export interface SurveyItem {
  key: string;
  surveyId: string;
  title: Bi;
  recipients: number;
  responses: number;
  /** set when the results are withheld (fewer responses than the survey's minGroupSize) */
  withheld: string | null;
  /** a closed run's later answers its figures leave out to protect anonymity (docs/surveys.md, "At the close") */
  heldBack?: number;
  /** headline figures: csat means and nps, only where the survey module shows them */
  figures: Array<{ question: Bi; type: 'csat' | 'nps' | 'rating'; value: number }>;
  /** what IT did about it ("you said, we did"); lang null: written for both */
  actions: Array<{ text: string; lang: 'de' | 'en' | null }>;
  /**
   * whom the run was sent to (audience terms): its results are shown only to readers in it, in
   * channels only when it is `all` (absent in issues drafted before it was kept: read from the run)
   */
  audience?: string[];
}

export interface EventItem {
  key: string;
  eventId: string;
  title: Bi;
  kind: string;
  /** ISO-8601 with the plan zone's offset */
  start: string;
}

/** One composed issue: the data the templates render. Kept as JSON with the issue. */
export interface NewsletterContent {
  /** the plan event's title (e.g. "Helpdesk newsletter"), null for an issue without a plan event */
  name: Bi | null;
  /** the local day the issue is for (YYYY-MM-DD) */
  issueDate: string;
  /**
   * whom the issue is for: its plan event's audience when it was composed (all without a plan
   * event), kept with it so that a published issue stays with its readers when the event is
   * changed or removed from the plan later (absent in issues drafted before it was kept)
   */
  audience?: string[];
  periodFrom: string;
  periodTo: string;
  services: ServiceItem[];
  projects: ProjectItem[];
  strategy: StrategyItem[];
  surveys: SurveyItem[];
  events: EventItem[];
  helpdesk: HelpdeskFigures | null;
  /** helpdesk null although tickets were imported for the period: the published issue that reported them (its title's parts) */
  helpdeskReportedIn?: { name: Bi | null; issueDate: string };
  /** the organisation's zone (ITBOT_TIMEZONE): times are given there, named (absent in issues drafted before it was kept) */
  timeZone?: string;
  /** the plan's zone: days (the period's start) are its local days; an event's time is given there too when it is another */
  planTimeZone?: string;
}

/** The keys an issue reports: a published issue's keys are not reported again. */
export function itemKeys(c: NewsletterContent): string[] {
  const projects = c.projects.flatMap((p) => [p.key, ...(p.carries ?? [])]);
  return [...c.services.map((x) => x.key), ...projects, ...[...c.strategy, ...c.surveys].map((x) => x.key)];
}

export function isEmpty(c: NewsletterContent): boolean {
  return itemKeys(c).length === 0 && c.events.length === 0 && !c.helpdesk;
}
