import type { App } from '../app-types.ts';
import type { Bi } from '../i18n/index.ts';
import type { Lang } from '../chat/model.ts';
import { departmentName } from '../people/person.ts';
import { parseAudience, resolveAudience } from '../people/audience.ts';
import { audienceLabel } from '../plan/messages.ts';
import { NewsletterRepo } from '../store/newsletter-repo.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { itemKeys, type NewsletterContent, type ProjectItem } from './model.ts';
import type { NewsletterSources } from './sources.ts';

/** How far ahead the "dates" section looks from the issue's day. */
const EVENTS_AHEAD_MS = 35 * 86_400_000;
/** The first issue covers this much before its date. */
const FIRST_PERIOD_MS = 31 * 86_400_000;
const MAX_EVENTS = 8;
/**
 * "You said, we did" is news when IT has acted on the results, often weeks after the survey
 * closed: a closed run not yet reported counts if it closed up to this long before the period.
 */
const SURVEY_GRACE_MS = 45 * 86_400_000;
/**
 * Project news no issue carried to a reader (one before the first issue's month, one an issue
 * that reached nobody carried) comes in a later issue, although it happened before that issue's
 * period, as long as it is no older than this on the later issue's date.
 */
const PROJECT_NEWS_AGAIN_MS = 90 * 86_400_000;

/** A weekly event would fill the section: its next date stands for the series. */
function firstOfEach<T extends { eventId: string }>(xs: T[]): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(x.eventId) && seen.add(x.eventId));
}

/** An approved issue as the composer reads it: its content and what it recorded as reported (null: approved before that was kept). */
export interface ApprovedIssue {
  content: NewsletterContent;
  reported: string[] | null;
}

/** Every approved issue, parsed once: what reportedKeys and helpdeskReported read. */
export function approvedIssues(app: App): ApprovedIssue[] {
  return new NewsletterRepo(app.db).approvedReports().map((r) => ({
    content: JSON.parse(r.content) as NewsletterContent,
    reported: r.reported ? (JSON.parse(r.reported) as string[]) : null,
  }));
}

/**
 * What published issues already reported (never reported twice): what each carried to its
 * readers (a survey run's results only when they reached someone in its audience), for issues
 * approved before that was recorded everything in their content.
 */
export function reportedKeys(approved: ApprovedIssue[]): Set<string> {
  const keys = new Set<string>();
  for (const r of approved) {
    for (const k of r.reported ?? itemKeys(r.content)) keys.add(k);
  }
  return keys;
}

/**
 * The published issue whose helpdesk figures reach furthest into [from, to) (the one that
 * reported the tickets of that time) and up to when it reported them: the latest end of an
 * approved issue's helpdesk period that overlaps it; null when none does. Two newsletters
 * drafted side by side cover the same weeks; when the later one is approved first, the earlier
 * one's figures start where those ended, so no ticket is counted in two issues.
 */
export function helpdeskReported(approved: ApprovedIssue[], from: Date, to: Date): { until: Date; by: NewsletterContent } | null {
  let by: NewsletterContent | null = null;
  let until = 0;
  for (const { content: c } of approved) {
    const h = c.helpdesk;
    if (!h) continue;
    const [f, t] = [Date.parse(h.from), Date.parse(h.to)];
    if (!(f < to.getTime() && t > from.getTime())) continue;
    if (!by || t > until) [by, until] = [c, t];
  }
  return by ? { until: new Date(until), by } : null;
}

/**
 * The helpdesk figures for [from, to) that no published issue reported yet (null: none left),
 * and, when none are left though tickets were imported for the time, the issue that reported them.
 */
function freshHelpdesk(approved: ApprovedIssue[], sources: NewsletterSources, from: Date, to: Date): Pick<NewsletterContent, 'helpdesk' | 'helpdeskReportedIn'> {
  const reported = helpdeskReported(approved, from, to);
  const start = reported && reported.until > from ? reported.until : from;
  const helpdesk = start < to ? sources.helpdesk(start, to) : null;
  if (helpdesk || !reported || !sources.helpdesk(from, to)) return { helpdesk };
  return { helpdesk, helpdeskReportedIn: { name: reported.by.name, issueDate: reported.by.issueDate } };
}

/**
 * Where the next issue starts: where the last published one's period ended (when it was
 * drafted, so nothing between drafting and its date falls through, and the months of the
 * issues skipped since are in it). Before the first published issue: a month back, or where
 * the first issue that never went out (skipped, or its date passed unapproved) began, so
 * skipping the very first issue does not lose its month either.
 */
export function periodStart(app: App, dueAt: Date): Date {
  const repo = new NewsletterRepo(app.db);
  const last = repo.lastPublishedBefore(dueAt.toISOString());
  if (last) return new Date((JSON.parse(last.content) as NewsletterContent).periodTo);
  const monthBack = dueAt.getTime() - FIRST_PERIOD_MS;
  const missed = repo.earliestUnpublishedPeriod(dueAt.toISOString(), app.clock.now().toISOString());
  return new Date(missed ? Math.min(monthBack, Date.parse(missed)) : monthBack);
}

/**
 * Is project news for `project` (audience terms) news for everyone the newsletter reaches
 * (`readers`: its audience terms in lower case)? Yes when the project is for `all`, or names every term of the newsletter's
 * audience; a Finance-only project is not in the issue for all staff (its own announcement
 * told Finance), but it is in an issue whose plan event is for Finance.
 */
function concernsEveryReader(project: string[] | undefined, readers: Set<string>): boolean {
  if (!project) return true;
  const own = new Set(project.map((x) => x.trim().toLowerCase()));
  if (own.has('all')) return true;
  return !readers.has('all') && [...readers].every((x) => own.has(x));
}

/** Does an issue for `readers` (audience terms in lower case) reach the whole audience of a project (`project`)? */
function reachesWhole(readers: Set<string>, project: string[]): boolean {
  return readers.has('all') || project.every((x) => readers.has(x.trim().toLowerCase()));
}

/**
 * The issue's project entries for its readers (`newsletter`): news that concerns every reader
 * as it is; news of a project for a narrower audience that the issue reaches whole (it is for
 * all, or names every term of the project's audience) only when no chat announcement told that
 * audience (newsletter-only news), marked with whom it concerns (the plan's words for an
 * audience, departments by their names in the departments file); other news is left out.
 * Newsletter-only news that no newsletter of the plan reaches whole would reach none of its
 * people: an issue read by some of them (the managers' issue, by the department's managers) has
 * it, marked the same way, reported for that newsletter's audience only (`key@audience`), so the
 * next such issue does not repeat it, and an issue that reaches the project's whole audience
 * still has it.
 */
function forReaders(app: App, items: ProjectItem[], newsletter: string[], seen: Set<string>): ProjectItem[] {
  const readers = new Set(newsletter.map((x) => x.trim().toLowerCase()));
  let others: Array<Set<string>> | undefined;
  const toldWhole = (project: string[]) =>
    (others ??= new PlanRepo(app.db).events().filter((e) => e.event.kind === 'newsletter').map((e) => new Set(e.event.audience.map((x) => x.trim().toLowerCase())))).some((r) => reachesWhole(r, project));
  const readersOf = (terms: string[]) => {
    const a = parseAudience(terms);
    return typeof a === 'string' ? [] : resolveAudience(app.people, a).map((p) => p.email.toLowerCase());
  };
  const within = `@${[...readers].sort().join(',')}`;
  // (the issue's readers resolved once, and only when an item needs them)
  let issueReaders: Set<string> | undefined;
  return items.flatMap((p) => {
    if (concernsEveryReader(p.audience, readers)) return [p];
    if (!p.newsletterOnly) return [];
    // (an issue many read never lists who is named by address)
    const label = (lang: Lang) => audienceLabel(p.audience!, lang, (id) => departmentName(app.people.department(id), lang), 'hidden');
    const marked = { ...p, concerns: { de: label('de'), en: label('en') } };
    if (reachesWhole(readers, p.audience!)) return [marked];
    if (seen.has(p.key + within) || toldWhole(p.audience!)) return [];
    const issue = (issueReaders ??= new Set(readersOf(newsletter)));
    if (!readersOf(p.audience!).some((e) => issue.has(e))) return [];
    return [{ ...marked, key: p.key + within, ...(p.carries ? { carries: p.carries.map((k) => k + within) } : {}) }];
  });
}

/**
 * One entry per project in an issue: of a project's phase news (planned, then running, then
 * done) the latest stands in the issue, where it happened, and carries the earlier ones
 * (reported with it). Milestones stay entries of their own.
 */
function latestPhases(items: ProjectItem[]): ProjectItem[] {
  const phases = new Map<string, string[]>();
  for (const p of items) if (p.kind === 'phase') phases.set(p.id, [...(phases.get(p.id) ?? []), p.key]);
  return items.flatMap((p) => {
    const own = p.kind === 'phase' ? phases.get(p.id)! : [p.key];
    if (own.at(-1) !== p.key) return [];
    return own.length > 1 ? [{ ...p, carries: own.slice(0, -1) }] : [p];
  });
}

/**
 * Drafts an issue from what happened in [periodFrom, periodTo): new and retiring services,
 * project news, strategy milestones, closed surveys with IT's actions, the dates ahead of
 * the issue's day and the helpdesk figures. Items (and helpdesk weeks) an earlier published
 * issue reported are left out, and so is the news of a project for a narrower audience than the issue's (`audience`,
 * the plan event's; default all) that was announced to it in chat (news never announced is in, marked: forReaders);
 * a project is in it once, with its latest phase. Project news no approved issue carried to a reader is in, also
 * from before the period (no older than PROJECT_NEWS_AGAIN_MS on the issue's date). `approved`: the approved issues, when the caller has read them.
 */
export function composeContent(
  app: App,
  sources: NewsletterSources,
  o: { name: Bi | null; issueDate: string; dueAt: Date; periodFrom: Date; periodTo: Date; audience?: string[] },
  approved: ApprovedIssue[] = approvedIssues(app),
): NewsletterContent {
  const seen = reportedKeys(approved);
  const fresh = <T extends { key: string }>(xs: T[]) => xs.filter((x) => !seen.has(x.key));
  // project news from before the period (and not too old) that no issue carried to anyone comes first
  const againFrom = new Date(o.dueAt.getTime() - PROJECT_NEWS_AGAIN_MS);
  const earlierNews = againFrom < o.periodFrom ? sources.projectNews(againFrom, o.periodFrom) : [];
  const audience = o.audience ?? ['all'];
  return {
    name: o.name,
    issueDate: o.issueDate,
    audience,
    periodFrom: o.periodFrom.toISOString(),
    periodTo: o.periodTo.toISOString(),
    services: fresh(sources.services()),
    projects: forReaders(app, latestPhases(fresh([...earlierNews, ...sources.projectNews(o.periodFrom, o.periodTo)])), audience, seen),
    strategy: fresh(sources.strategyReached()),
    surveys: fresh(sources.closedSurveys(new Date(o.periodFrom.getTime() - SURVEY_GRACE_MS), o.periodTo)),
    events: firstOfEach(sources.upcomingEvents(o.dueAt, new Date(o.dueAt.getTime() + EVENTS_AHEAD_MS))).slice(0, MAX_EVENTS),
    ...freshHelpdesk(approved, sources, o.periodFrom, o.periodTo),
    timeZone: app.config.ITBOT_TIMEZONE,
    planTimeZone: new PlanRepo(app.db).timezone() ?? app.config.ITBOT_TIMEZONE,
  };
}
