import type { App } from '../app-types.ts';
import type { Block, Button, Lang, OutMessage } from '../chat/model.ts';
import { cancelKey, countByPrefix, enqueue, enqueueOrUpdate, mayHaveGone, type EnqueueInput } from '../jobs/outbox.ts';
import { isWorkingTime, lastWorkingStart, nextWorkingTime } from '../jobs/working-hours.ts';
import { inAudience, parseAudience, resolveAudience, webChannelsOf, webChannelsRead, type Audience } from '../people/audience.ts';
import type { Person } from '../people/person.ts';
import { personLanguage } from '../people/person.ts';
import { expand, ruleRhythm } from '../plan/expand.ts';
import type { PlanEvent } from '../plan/model.ts';
import { headOfIt, recordOutcome } from '../plan/items.ts';
import { tx } from '../store/db.ts';
import { NewsletterRepo, type IssueRow } from '../store/newsletter-repo.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { bilingual, enabledPlatforms, localDay } from '../projects/targets.ts';
import { approvedIssues, composeContent, helpdeskReported, periodStart, reportedKeys, type ApprovedIssue } from './compose.ts';
import { itemKeys, VARIANTS, type NewsletterContent, type Variant } from './model.ts';
import { formatDay, listOf, pick } from '../i18n/index.ts';
import { issueTitle, renderMessage } from './render.ts';
import { defaultSources, surveyItemAudience, type NewsletterSources } from './sources.ts';
import { nlTexts as t } from './texts.ts';

const DAY = 86_400_000;
/** The draft and its preview go to the owner this long before the issue's date. */
const DRAFT_LEAD_MS = 7 * DAY;
/** A draft still unapproved this long before its date is escalated (once). */
const ESCALATE_LEAD_MS = 2 * DAY;
/** How far `newsletter draft` and the chat look for the next newsletter occurrence. */
const LOOKAHEAD_MS = 400 * DAY;

/**
 * Who gets the figures-first version as a direct message: management and the controllers
 * (the Finance department), VIPs (management's assistants) included. Everyone else reads the
 * workplace-first version in the channels.
 */
const FIGURES_AUDIENCE = ['department:Management', 'department:Finance'];
const FIGURES_READERS = parseAudience(FIGURES_AUDIENCE);

export function wantsFigures(p: Person | null): boolean {
  if (!p) return false;
  return p.vip || (typeof FIGURES_READERS !== 'string' && inAudience(p, FIGURES_READERS));
}

interface NextOccurrence {
  event: PlanEvent;
  occurrence: string;
  start: Date;
  tz: string;
}

/** Newsletter occurrences of the plan starting in [from, to], in time order. */
function newsletterOccurrences(app: App, from: Date, to: Date): NextOccurrence[] {
  const plan = new PlanRepo(app.db).plan();
  if (!plan) return [];
  const out: NextOccurrence[] = [];
  for (const ev of plan.events) {
    if (ev.kind !== 'newsletter') continue;
    for (const o of expand(ev, plan.timezone, from, to)) out.push({ event: ev, occurrence: o.occurrence, start: o.start, tz: plan.timezone });
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime());
}

/** Was this occurrence skipped in the plan (on the admin page, in the chat, or by skipping its issue)? */
function skippedInPlan(app: App, eventId: string, occurrence: string) {
  const o = new PlanRepo(app.db).occurrence(eventId, occurrence);
  return o?.state === 'skipped' ? o : null;
}

/**
 * The next newsletter occurrence the plan has not skipped: the next issue. With `reader`, the
 * next one for them (its event's audience includes them: not a department's newsletter they do not get).
 */
export function nextOccurrence(app: App, reader?: { person: Person | null }): NextOccurrence | null {
  const now = app.clock.now();
  const forReader = (o: NextOccurrence) => {
    if (!reader) return true;
    const a = parseAudience(o.event.audience);
    return typeof a !== 'string' && inAudience(reader.person, a);
  };
  return newsletterOccurrences(app, now, new Date(now.getTime() + LOOKAHEAD_MS)).find((o) => forReader(o) && !skippedInPlan(app, o.event.id, o.occurrence)) ?? null;
}

/**
 * A draft whose occurrence was skipped in the plan after it was drafted is skipped too
 * (recorded under whoever skipped it in the plan), so it is neither escalated nor approved.
 * So is a draft whose plan event was removed from the plan since (`plan import --replace`,
 * recorded under `plan`): approved, it would have gone out as an issue for all staff.
 * True when the issue is (now) skipped because of the plan.
 */
function followPlanSkip(app: App, issue: IssueRow): boolean {
  if (!issue.event_id || !issue.occurrence) return false;
  if (!new PlanRepo(app.db).event(issue.event_id)) {
    if (issue.state === 'draft') new NewsletterRepo(app.db).decide(issue.id, 'skipped', 'plan', app.clock.now());
    return true;
  }
  const skip = skippedInPlan(app, issue.event_id, issue.occurrence);
  if (!skip) return false;
  if (issue.state === 'draft') new NewsletterRepo(app.db).decide(issue.id, 'skipped', skip.byEmail ?? 'plan', app.clock.now());
  return true;
}

export const occurrenceKey = (o: NextOccurrence) => `${o.event.id}@${o.occurrence}`;

/** Composes the content for an occurrence (or, without a plan, for today) from the sources (`approved`: the approved issues, when read already). */
export function draftFor(app: App, o: NextOccurrence | null, sources: NewsletterSources = defaultSources(app), approved?: ApprovedIssue[]): NewsletterContent {
  const now = app.clock.now();
  const dueAt = o?.start ?? now;
  const tz = o?.tz ?? app.config.ITBOT_TIMEZONE;
  return composeContent(app, sources, { name: o?.event.title ?? null, issueDate: localDay(dueAt, tz), dueAt, periodFrom: periodStart(app, dueAt), periodTo: now, audience: o?.event.audience ?? ['all'] }, approved);
}

/** The issue of an occurrence, created (drafted) when it does not exist yet. */
export function ensureIssue(app: App, o: NextOccurrence | null, owner: string | null, sources?: NewsletterSources): { issue: IssueRow; created: boolean } {
  const repo = new NewsletterRepo(app.db);
  const now = app.clock.now();
  const key = o ? occurrenceKey(o) : `manual:${localDay(now, app.config.ITBOT_TIMEZONE)}`;
  const existing = repo.byOccurrence(key);
  if (existing) return { issue: existing, created: false };
  const content = draftFor(app, o, sources);
  return repo.create(
    { occurrenceKey: key, eventId: o?.event.id ?? null, occurrence: o?.occurrence ?? null, dueAt: (o?.start ?? now).toISOString(), owner: o?.event.owner ?? owner, periodFrom: content.periodFrom, content: JSON.stringify(content) },
    now,
  );
}

/** Re-drafts a draft from what is known now (the chat's "newsletter" and the Edit page do this). */
export function refreshDraft(app: App, issue: IssueRow, sources?: NewsletterSources): IssueRow {
  if (issue.state !== 'draft') return issue;
  const o = issue.event_id && issue.occurrence ? findOccurrence(app, issue) : null;
  const content = draftFor(app, o, sources);
  const repo = new NewsletterRepo(app.db);
  repo.updateDraft(issue.id, content.periodFrom, JSON.stringify(content), app.clock.now());
  return repo.byId(issue.id)!;
}

/**
 * The plan occurrence of an issue; when the plan moved its event since (another time), the
 * event at the issue's own date, so that the issue composed again keeps its event's name and
 * audience (not an issue for all). Null when the event is no longer in the plan.
 */
function findOccurrence(app: App, issue: IssueRow): NextOccurrence | null {
  const at = new Date(issue.due_at);
  const found = newsletterOccurrences(app, new Date(at.getTime() - 1000), new Date(at.getTime() + 1000)).find((o) => o.event.id === issue.event_id);
  if (found || !issue.event_id || !issue.occurrence) return found ?? null;
  const plan = new PlanRepo(app.db);
  const ev = plan.event(issue.event_id)?.event;
  return ev ? { event: ev, occurrence: issue.occurrence, start: at, tz: plan.timezone() ?? app.config.ITBOT_TIMEZONE } : null;
}

export function contentOf(issue: IssueRow): NewsletterContent {
  return JSON.parse(issue.content) as NewsletterContent;
}

/**
 * The issue as its readers get it: one that goes out after its date (approved late) leaves out
 * the dates that have begun by then, and so does a draft whose date has passed (as it would go
 * out `now`). Skipped issues and drafts before their date are as drafted.
 */
export function readerContent(issue: IssueRow, now: Date): NewsletterContent {
  const c = contentOf(issue);
  const out = goesOutAt(issue) ?? (issue.state === 'draft' ? new Date(Math.max(now.getTime(), Date.parse(issue.due_at))) : null);
  return out ? { ...c, events: c.events.filter((e) => Date.parse(e.start) >= out.getTime()) } : c;
}

export function editorialOf(issue: IssueRow, lang: Lang): string | null {
  return (lang === 'de' ? issue.editorial_de : issue.editorial_en) ?? null;
}

/**
 * The audience of an issue: a decided issue's is the one it was composed for (kept in its
 * content); a draft's, its plan event's as the plan has it now. An issue without a plan event is
 * for all. An older issue that kept none: its plan event's, also when the event was removed from
 * the plan since (its last definition), else nobody's, never everyone's: a department's
 * newsletter does not become an issue for all when its event goes.
 */
export function issueAudience(app: App, issue: Pick<IssueRow, 'event_id' | 'content' | 'state'>): string[] {
  const kept = (JSON.parse(issue.content) as NewsletterContent).audience;
  if (kept && issue.state !== 'draft') return kept;
  if (!issue.event_id) return kept ?? ['all'];
  const plan = new PlanRepo(app.db);
  return plan.event(issue.event_id)?.event.audience ?? kept ?? plan.removedEvents().find((r) => r.event.id === issue.event_id)?.event.audience ?? [];
}

/** Is the issue for this reader (its audience, issueAudience; someone not in the directory: an issue for all)? */
export function readsIssue(app: App, reader: Person | null, issue: Pick<IssueRow, 'event_id' | 'content' | 'state'>): boolean {
  const a = parseAudience(issueAudience(app, issue));
  return typeof a !== 'string' && inAudience(reader, a);
}

/**
 * The content's survey results, their audiences read once, and the content with only those
 * `sees` allows: each survey run's results are for the people it was sent to (a pulse for
 * managers, a Finance meeting's feedback), like the news of a project for a narrower audience.
 */
function surveyFilter(app: App, c: NewsletterContent): (sees: (audience: Audience) => boolean) => NewsletterContent {
  // (an audience that does not parse reaches no reader)
  const audiences = c.surveys.map((s) => parseAudience(surveyItemAudience(app, s)));
  return (sees) => {
    const surveys = c.surveys.filter((_, i) => {
      const a = audiences[i]!;
      return typeof a !== 'string' && sees(a);
    });
    return surveys.length === c.surveys.length ? c : { ...c, surveys };
  };
}

/**
 * What each reader gets, the survey audiences read once for all of them: the results of the
 * surveys whose audience the reader belongs to. `null` is everyone (a channel post, someone
 * not in the directory): only the results of surveys for all.
 */
function readerVersions(app: App, c: NewsletterContent): (reader: Person | null) => NewsletterContent {
  const keep = surveyFilter(app, c);
  return (reader) => keep((a) => (reader ? inAudience(reader, a) : a.some((x) => x.kind === 'all')));
}

/** What one reader gets (readerVersions, for a single reader). */
export function contentForReader(app: App, c: NewsletterContent, reader: Person | null): NewsletterContent {
  return readerVersions(app, c)(reader);
}

/**
 * A version as its readers get it, for those who look at the version as a whole (the owner's
 * preview, the admin page, the command line): the version for everyone (posted to channels)
 * has the results of surveys for all; the figures-first version also those of surveys one of
 * its readers (management and controllers in the issue's audience) belongs to.
 */
export function contentForVariant(app: App, c: NewsletterContent, variant: Variant, audience: string[]): NewsletterContent {
  if (variant === 'workplace-first') return contentForReader(app, c, null);
  const a = parseAudience(audience);
  const readers = typeof a === 'string' ? [] : resolveAudience(app.people, a).filter(wantsFigures);
  return surveyFilter(app, c)((s) => s.some((x) => x.kind === 'all') || readers.some((p) => inAudience(p, s)));
}

/** The issue as a reader gets it (`reader` null: a channel, everyone). */
export function issueMessage(app: App, issue: IssueRow, lang: Lang, variant: Variant, now: Date, reader: Person | null): OutMessage {
  return renderMessage(contentForReader(app, readerContent(issue, now), reader), lang, variant, editorialOf(issue, lang));
}

/**
 * The admin page of an issue (built by the admin pages under /admin/newsletter/:id). Absolute
 * with ITBOT_PUBLIC_URL (what Slack and Teams need); else relative, which the web chat opens
 * on its own server and the Slack and Teams renderers show as text instead of a button.
 */
function editUrl(app: App, id: number): string {
  const path = `/admin/newsletter/${id}`;
  return app.config.ITBOT_PUBLIC_URL ? `${app.config.ITBOT_PUBLIC_URL.replace(/\/+$/, '')}${path}` : path;
}

/** What one issue covers, by its plan event's rule: a week, a month, or (any other rhythm, no plan event) its issue. */
type IssuePeriod = 'week' | 'month' | 'issue';

export function issuePeriod(app: App, issue: Pick<IssueRow, 'event_id'>): IssuePeriod {
  const ev = issue.event_id ? new PlanRepo(app.db).event(issue.event_id)?.event : null;
  if (!ev?.rrule) return 'issue';
  const { freq, interval } = ruleRhythm(ev.rrule);
  if (interval !== 1) return 'issue';
  return freq === 'WEEKLY' ? 'week' : freq === 'MONTHLY' ? 'month' : 'issue';
}

/** The preview's head: a draft, an issue approved (going out, or gone out), a skipped one. */
function previewHead(app: App, issue: IssueRow, lang: Lang): string {
  const c = contentOf(issue);
  const date = formatDay(c.issueDate, lang);
  const p = { title: titleBeside(c, lang, date), date };
  if (issue.state === 'skipped') return t(lang, 'previewTitle_skipped', p);
  if (issue.state === 'approved') {
    // the day it goes out: its date, or the day of a late approval
    const out = goesOutAt(issue)!;
    const outDate = formatDay(localDay(out, c.planTimeZone ?? c.timeZone ?? app.config.ITBOT_TIMEZONE), lang);
    return t(lang, isPublished(issue, app.clock.now()) ? 'previewTitle_published' : 'previewTitle_approved', { title: titleBeside(c, lang, outDate), date: outDate });
  }
  return t(lang, 'previewTitle', p);
}

/**
 * The issue's title beside a day the text names anyway: a plan event's title carries the
 * issue's date ("IT newsletter, 3 February 2027"), which is left out when it is that day, so
 * the date is not said twice; a late issue keeps its own date next to the day it went out.
 */
function titleBeside(c: NewsletterContent, lang: Lang, day: string): string {
  return c.name && day === formatDay(c.issueDate, lang) ? pick(c.name, lang) : issueTitle(c, lang);
}

/** The owner's preview: state, the rendered issue, and Approve / Edit / Skip plus the other versions. */
export function previewMessage(app: App, issue: IssueRow, lang: Lang, variant: Variant = 'workplace-first'): OutMessage {
  const c = contentForVariant(app, readerContent(issue, app.clock.now()), variant, issueAudience(app, issue));
  const body = renderMessage(c, lang, variant, editorialOf(issue, lang));
  const state = stateLabel(issue, lang);
  const head = previewHead(app, issue, lang);
  const missing = issue.state === 'skipped' ? null : missingChannels(app, issue, lang);
  const blocks: Block[] = [
    { type: 'header', text: head },
    ...(missing ? [{ type: 'badges' as const, badges: [{ text: missing, tone: 'warning' as const }] }] : []),
    // (only a draft is "the next issue, drafted"; a decided one says what it is)
    { type: 'text', text: issue.state === 'skipped' ? `${state}.` : `${state}. ${t(lang, issue.state === 'approved' ? 'previewIntro_approved' : 'previewIntro')}`, muted: true },
    { type: 'divider' },
    ...(body.blocks ?? []),
    { type: 'divider' },
  ];
  const other: Lang = lang === 'de' ? 'en' : 'de';
  const otherVariant: Variant = variant === 'figures-first' ? 'workplace-first' : 'figures-first';
  const buttons: Button[] = [];
  if (issue.state === 'draft') {
    buttons.push(
      { label: t(lang, 'approve'), action: 'newsletter.approve', value: String(issue.id), style: 'primary' },
      { label: t(lang, 'edit'), action: 'newsletter.edit', url: editUrl(app, issue.id) },
      { label: t(lang, `skip_${issuePeriod(app, issue)}`), action: 'newsletter.skip', value: String(issue.id), style: 'danger' },
    );
  }
  buttons.push(
    { label: t(lang, otherVariant === 'figures-first' ? 'showFigures' : 'showWorkplace'), action: 'newsletter.preview', value: `${issue.id}:${otherVariant}:${lang}` },
    { label: t(lang, 'otherLang'), action: 'newsletter.preview', value: `${issue.id}:${variant}:${other}` },
  );
  blocks.push({ type: 'actions', buttons });
  return { text: `${head}\n${state}${missing ? `\n${missing}` : ''}\n\n${body.text}`, lang, blocks };
}

/**
 * The chat platforms in service whose channel the issue's plan event does not name: there the
 * version for everyone is posted nowhere (only the figures-first messages go out). Null when
 * every platform has its channel.
 */
function missingChannels(app: App, issue: IssueRow, lang: Lang): string | null {
  const ev = issue.event_id ? new PlanRepo(app.db).event(issue.event_id)?.event ?? null : null;
  const missing = enabledPlatforms(app).filter((p): p is 'slack' | 'teams' => (p === 'slack' || p === 'teams') && !ev?.channels[p]);
  if (!missing.length) return null;
  const names = listOf(missing.map((p) => (p === 'slack' ? 'Slack' : 'Teams')), lang);
  return t(lang, 'noChannel', { platforms: names, fields: missing.map((p) => `channels.${p}`).join(', ') });
}

/** Sends the preview to the owner through the outbox, once per issue. */
function sendPreview(app: App, issue: IssueRow): boolean {
  const owner = issue.owner ? app.people.byEmail(issue.owner) : null;
  if (!owner) return false;
  const repo = new NewsletterRepo(app.db);
  const now = app.clock.now();
  const r = enqueue(app.db, now, {
    key: `newsletter:${issue.id}:preview:to:${owner.email.toLowerCase()}`,
    kind: 'newsletter-preview',
    target: { kind: 'person', email: owner.email },
    message: previewMessage(app, issue, personLanguage(owner, app.config.ITBOT_LANG)),
    workingHours: { hours: app.config.workingHours, person: owner, defaultTimeZone: app.config.ITBOT_TIMEZONE },
    source: { newsletter: issue.id },
  });
  repo.markPreviewSent(issue.id, now);
  return r.created;
}

/** May this person approve or skip the issue? Its owner, the head of IT and the configured admins. */
export function mayDecide(app: App, issue: IssueRow, person: Person | null): boolean {
  if (!person) return false;
  const email = person.email.toLowerCase();
  if (issue.owner && issue.owner.toLowerCase() === email) return true;
  if (headOfIt(app)?.email.toLowerCase() === email) return true;
  return app.config.admins.map((a) => a.toLowerCase()).includes(email);
}

/** The web chat's channels for a newsletter's audience: everyone's for `all` (and then no other), else its terms'. */
function newsletterWebChannels(app: App, audience: Audience): Set<string> {
  if (audience.some((t) => t.kind === 'all')) return new Set(['all']);
  return new Set(webChannelsOf(app.people, audience).map((c) => c.channel));
}

/** A reader's direct message of an approved issue: its version and what it carries for them. */
interface DirectMessage {
  variant: Variant;
  own: NewsletterContent;
}

/**
 * How an approved issue reaches its readers: the channels it is posted to, whether that post
 * is read, and who of its audience gets a direct message besides (`direct`: null for a reader
 * the channel post serves, or someone outside the issue's audience).
 */
function deliveryOf(app: App, issue: IssueRow, now: Date) {
  const ev = issue.event_id ? new PlanRepo(app.db).event(issue.event_id)?.event ?? null : null;
  const posts: Array<{ platform: 'slack' | 'teams' | 'web'; channelId: string }> = [];
  const platforms = enabledPlatforms(app);
  const onChatPlatform = platforms.some((p) => p === 'slack' || p === 'teams');
  // the channel post is read where it lands in a chat platform in service, or in the web chat's channel when there is none
  let channelsRead = false;
  for (const p of ['slack', 'teams'] as const) {
    const ch = ev?.channels[p];
    if (ch && platforms.includes(p)) {
      posts.push({ platform: p, channelId: ch });
      channelsRead = true;
    }
  }
  const audience = parseAudience(issueAudience(app, issue));
  // the web chat's channels of the event's audience: a department's newsletter is not posted to everyone's
  const web = typeof audience === 'string' ? new Set<string>() : newsletterWebChannels(app, audience);
  for (const ch of web) posts.push({ platform: 'web', channelId: ch });
  if (!onChatPlatform) channelsRead = web.size > 0;
  // (without a chat platform in service, a reader of none of those web channels, named by address, gets a message)
  const webRead = new Set([...web].map((c) => c.toLowerCase()));
  const readsPost = (p: Person) => onChatPlatform || webChannelsRead(app.people, p).some((c) => webRead.has(c.toLowerCase()));
  const forReader = readerVersions(app, readerContent(issue, now));
  const inChannels = new Set(forReader(null).surveys.map((s) => s.key));
  const direct = (p: Person): DirectMessage | null => {
    if (!p.active || typeof audience === 'string' || !inAudience(p, audience)) return null;
    // what this reader gets, built once: the message, and the survey results it reports
    const own = forReader(p);
    // management and controllers get the figures-first version; anyone else a message only
    // when their surveys' results (a managers' pulse, their department's) are not in the channel post
    const variant: Variant = wantsFigures(p) ? 'figures-first' : 'workplace-first';
    if (variant === 'workplace-first' && readsPost(p) && own.surveys.every((s) => inChannels.has(s.key))) return null;
    return { variant, own };
  };
  const readers = typeof audience === 'string' ? [] : resolveAudience(app.people, audience);
  return { posts, channelsRead, readers, forReader, inChannels, direct };
}

/** The outbox key of a reader's direct message of an issue, for each version. */
function directKey(issueId: number, variant: Variant, email: string): string {
  return `newsletter:${issueId}:${variant === 'figures-first' ? 'figures' : 'results'}:to:${email.toLowerCase()}`;
}

/** A reader's direct message of an issue, in their language, going out at `due`. */
function directInput(app: App, issue: IssueRow, p: Person, m: DirectMessage, due: Date): EnqueueInput {
  const lang = personLanguage(p, app.config.ITBOT_LANG);
  return {
    key: directKey(issue.id, m.variant, p.email),
    kind: 'newsletter',
    target: { kind: 'person', email: p.email },
    message: renderMessage(m.own, lang, m.variant, editorialOf(issue, lang)),
    dueAt: due,
    workingHours: { hours: app.config.workingHours, person: p, defaultTimeZone: app.config.ITBOT_TIMEZONE },
    source: { newsletter: issue.id },
  };
}

/**
 * Queues the approved issue for its readers, once (published_at, when it goes out, is set in
 * the same transaction, and every post has its own outbox key): the workplace-first version in both
 * languages to the plan event's channels and the web chat's `all`, the figures-first version
 * to management and controllers in the event's audience, each in their language.
 * Posts wait for the issue's date; an issue approved late goes out at once.
 */
export function publish(app: App, issue: IssueRow): number {
  const repo = new NewsletterRepo(app.db);
  const now = app.clock.now();
  const due = new Date(Math.max(now.getTime(), Date.parse(issue.due_at)));
  return tx(app.db, () => {
    if (!repo.markPublished(issue.id, due)) return 0;
    const fresh = repo.byId(issue.id)!;
    const d = deliveryOf(app, fresh, now);
    let n = 0;
    for (const { platform, channelId } of d.posts) {
      const r = enqueue(app.db, now, {
        key: `newsletter:${issue.id}:post:${platform}:${channelId}`,
        kind: 'newsletter',
        target: { kind: 'channel', platform, channelId },
        message: bilingual(app, (lang) => issueMessage(app, fresh, lang, 'workplace-first', now, null)),
        dueAt: due,
        source: { newsletter: issue.id },
      });
      if (r.created) n++;
    }
    // what reached its readers is reported: survey results only where someone in their audience got them
    const content = contentOf(fresh);
    const reached = new Set(d.channelsRead ? d.inChannels : []);
    // whether anyone gets the issue at all: a channel post read, or a direct message
    let anyReader = d.channelsRead;
    for (const p of d.readers) {
      const m = d.direct(p);
      if (!m) continue;
      for (const s of m.own.surveys) reached.add(s.key);
      anyReader = true;
      if (enqueue(app.db, now, directInput(app, fresh, p, m, due)).created) n++;
    }
    // an issue no one gets (no channel read on a platform in service, no direct message) reports
    // nothing: its services, strategy milestones and project news are in the next issue that has readers
    if (!anyReader) app.log.warn({ issue: issue.id, event: issue.event_id }, 'newsletter: the issue reaches no reader (no channel on a platform in service, no direct message): nothing in it counts as reported');
    const surveyKeys = new Set(content.surveys.map((s) => s.key));
    repo.markReported(issue.id, itemKeys(content).filter((k) => (surveyKeys.has(k) ? reached.has(k) : anyReader)));
    return n;
  });
}

/**
 * Whom an approved issue goes to, for the reply to its approval: its channel posts and direct
 * messages in the outbox, and whether anyone reads it (a post on a channel read, or a direct message).
 */
export function issueReach(app: App, issue: IssueRow): { channels: number; people: number; read: boolean } {
  const count = (part: string) => countByPrefix(app.db, `newsletter:${issue.id}:${part}:`);
  const channels = count('post');
  const people = count('figures') + count('results');
  return { channels, people, read: people > 0 || deliveryOf(app, issue, app.clock.now()).channelsRead };
}

/**
 * A people import changed these people (their language, department, manager or VIP mark, or
 * they are new or back): the approved issues that have not gone out yet reach them as they are
 * now, as `publish` would queue them today. A direct message still waiting is written anew in
 * their language (or queued again); one meant for who they were (the figures-first version
 * for someone who left Finance, a department's issue for someone who left the department) is
 * cancelled; one they are now due (someone who joined Management) is queued. A reader whose
 * message of the issue may have gone already is left as they are: no one gets an issue twice.
 */
export function replanIssuesFor(app: App, emails: string[]): number {
  if (!emails.length) return 0;
  const now = app.clock.now();
  const issues = new NewsletterRepo(app.db).goingOutAfter(now.toISOString());
  let n = 0;
  for (const issue of issues) {
    const d = deliveryOf(app, issue, now);
    const due = goesOutAt(issue)!;
    for (const email of emails) {
      const p = app.people.byEmail(email);
      if (!p) continue;
      const keys = VARIANTS.map((v) => directKey(issue.id, v, email));
      if (keys.some((k) => mayHaveGone(app.db, k))) continue;
      const m = d.direct(p);
      const wanted = m ? directInput(app, issue, p, m, due) : null;
      for (const k of keys) if (k !== wanted?.key && cancelKey(app.db, k, 'not sent: the reader changed in the people directory (language, department, manager or VIP)')) n++;
      if (wanted && enqueueOrUpdate(app.db, now, wanted) !== 'final') n++;
    }
  }
  return n;
}

/**
 * When an approved issue goes out: its date, or its approval when that came later. Null for a
 * draft or a skipped issue. (Issues approved before this was recorded kept the approval time
 * in published_at: the later of the two is right for both.)
 */
export function goesOutAt(issue: IssueRow): Date | null {
  if (issue.state !== 'approved') return null;
  return new Date(Math.max(Date.parse(issue.published_at ?? issue.due_at), Date.parse(issue.due_at)));
}

/** Has the issue gone out by `now`? Before its date an approved issue is embargoed. */
export function isPublished(issue: IssueRow, now: Date): boolean {
  const at = goesOutAt(issue);
  return !!at && at.getTime() <= now.getTime();
}

/**
 * `outdated`: another issue approved since this draft was composed reports part of it (two
 * newsletters drafted side by side), or (`behind`) the data it was composed from changed since
 * (a projects import moved a project on, a catalog or survey changed): the draft was composed
 * again and must be approved again, so the owner approves what readers will get.
 */
export type Decision =
  | { ok: true; queued: number; issue: IssueRow }
  | { ok: false; reason: 'unknown' | 'not-allowed' | 'decided' | 'outdated'; issue: IssueRow | null; behind?: boolean };

/** `admin`: an authenticated admin page decides (recorded under this name, no owner check). */
interface DecideOptions {
  admin?: string;
  /** called in the decision's transaction once it is recorded, with how many messages it queued (a chat turn notes its event) */
  recorded?: (queued: number) => void;
}

/** Approve: the only way an issue reaches its readers. */
export function approveIssue(app: App, id: number, by: Person | null, opts: DecideOptions = {}): Decision {
  return decideIssue(app, id, by, opts, 'approved', (issue, who) => {
    const queued = publish(app, issue);
    recordInPlan(app, issue, 'done', who, null);
    return queued;
  });
}

/** Skip this issue (month, week): nothing is posted; the next issue covers its time too. */
export function skipIssue(app: App, id: number, by: Person | null, opts: DecideOptions = {}): Decision {
  return decideIssue(app, id, by, opts, 'skipped', (issue, who) => {
    recordInPlan(app, issue, 'skipped', who, 'newsletter issue skipped this month');
    return 0;
  });
}

/**
 * The decision both share: the issue exists, the person may decide (or an admin page does),
 * it was not decided before; then, in one transaction, the decision and what follows from it
 * (`then` returns how many messages it queued).
 */
function decideIssue(app: App, id: number, by: Person | null, opts: DecideOptions, status: 'approved' | 'skipped', then: (issue: IssueRow, who: string) => number): Decision {
  const repo = new NewsletterRepo(app.db);
  const issue = repo.byId(id);
  if (!issue) return { ok: false, reason: 'unknown', issue: null };
  if (!opts.admin && !mayDecide(app, issue, by)) return { ok: false, reason: 'not-allowed', issue };
  const who = opts.admin ?? by!.email;
  return tx(app.db, () => {
    // a skip recorded in the plan stands: the issue follows it instead of being approved
    if (status === 'approved' && followPlanSkip(app, repo.byId(id)!)) return { ok: false as const, reason: 'decided' as const, issue: repo.byId(id) };
    // what was previewed goes out, but never news another approved issue already carries, nor a draft behind its data
    const redrafted = status === 'approved' ? redraftIfOvertaken(app, repo.byId(id)!) : false;
    if (redrafted) return { ok: false as const, reason: 'outdated' as const, issue: repo.byId(id), ...(redrafted === 'behind' ? { behind: true } : {}) };
    if (!repo.decide(id, status, who, app.clock.now())) return { ok: false as const, reason: 'decided' as const, issue: repo.byId(id) };
    const queued = then(repo.byId(id)!, who);
    opts.recorded?.(queued);
    return { ok: true as const, queued, issue: repo.byId(id)! };
  });
}

/**
 * A draft is overtaken when an issue approved after it was composed reports some of its items
 * or helpdesk figures for part of the same time, or covers the start of its period (the next issue begins where a published one ended):
 * two newsletters of the plan drafted days apart carried the same news and helpdesk figures,
 * and approving both published everything twice. Such a draft is composed again (`'overlap'`), so
 * its owner approves what readers will get. So is a draft behind its data (`'behind'`): composed
 * now, it differs from the stored one in more than the end of its period (an import marked a
 * project done after the draft, which still says "Under way").
 */
function redraftIfOvertaken(app: App, issue: IssueRow): false | 'overlap' | 'behind' {
  if (issue.state !== 'draft') return false;
  const stored = contentOf(issue);
  // (the approved issues read once, for what they reported and for the draft composed again)
  const approved = approvedIssues(app);
  const reported = reportedKeys(approved);
  const o = issue.event_id && issue.occurrence ? findOccurrence(app, issue) : null;
  const h = stored.helpdesk;
  const helpdeskOverlaps = !!h && !!helpdeskReported(approved, new Date(h.from), new Date(h.to));
  // (where a draft composed now would start, as draftFor reads it: the draft itself only when it is needed)
  const startsLater = () => periodStart(app, o?.start ?? app.clock.now()).getTime() > Date.parse(stored.periodFrom);
  const overlaps = itemKeys(stored).some((k) => reported.has(k)) || helpdeskOverlaps || startsLater();
  const fresh = draftFor(app, o, undefined, approved);
  // (the period's end, and the helpdesk figures', is the time of composing: only what the issue says counts)
  const says = (c: NewsletterContent) => JSON.stringify({ ...c, periodTo: null, helpdesk: c.helpdesk && { ...c.helpdesk, to: null } });
  if (!overlaps && says(fresh) === says(stored)) return false;
  new NewsletterRepo(app.db).updateDraft(issue.id, fresh.periodFrom, JSON.stringify(fresh), app.clock.now());
  return overlaps ? 'overlap' : 'behind';
}

/** The issue's plan occurrence follows the decision, so plan against actual shows it (not "overdue"). */
function recordInPlan(app: App, issue: IssueRow, state: 'done' | 'skipped', who: string, reason: string | null): void {
  if (!issue.event_id || !issue.occurrence) return;
  if (skippedInPlan(app, issue.event_id, issue.occurrence)) return; // keeps its own reason
  const by = who.includes('@') ? who : null;
  recordOutcome(app.db, { eventId: issue.event_id, occurrence: issue.occurrence, state, by, reason, startAt: new Date(issue.due_at), now: app.clock.now() });
}

/** How long the editor's introduction may be, in UTF-16 units as a browser counts them (the admin page's text area says so too). */
export const MAX_EDITORIAL = 4000;

/**
 * The editor's own introduction, in one language (for the admin page's Edit). Drafts only;
 * false when the issue is no draft, or the text is longer than MAX_EDITORIAL (never cut: what
 * the editor wrote is saved whole or not at all).
 */
export function setEditorial(app: App, id: number, lang: Lang, text: string | null): boolean {
  const v = text?.trim() || null;
  if (v && v.length > MAX_EDITORIAL) return false;
  return new NewsletterRepo(app.db).setEditorial(id, lang, v, app.clock.now());
}

function escalationMessage(app: App, issue: IssueRow, lang: Lang): OutMessage {
  const c = contentOf(issue);
  const date = formatDay(c.issueDate, lang);
  const text = t(lang, 'escalationText', { title: titleBeside(c, lang, date), date });
  const preview = previewMessage(app, issue, lang);
  return {
    text: `${t(lang, 'escalationTitle')}\n${text}`,
    lang,
    blocks: [{ type: 'header', text: t(lang, 'escalationTitle') }, { type: 'text', text }, ...(preview.blocks ?? []).filter((b) => b.type === 'actions')],
  };
}

/** How long the owner has to act on a late preview before it is escalated (at most half the time left). */
const ESCALATE_AFTER_PREVIEW_MS = DAY;

/**
 * A draft is escalated only once its owner had a chance to act: not before the preview went
 * out, and then after ESCALATE_AFTER_PREVIEW_MS or half the time left to its date, whichever
 * is shorter (a draft created a day before its date was escalated in the tick of its preview).
 */
function escalationDue(issue: IssueRow, now: Date): boolean {
  if (!issue.preview_sent_at) return true; // no one got a preview (the owner is not in the directory): the head of IT must know
  const sent = Date.parse(issue.preview_sent_at);
  const wait = Math.min(ESCALATE_AFTER_PREVIEW_MS, (Date.parse(issue.due_at) - sent) / 2);
  return now.getTime() >= sent + wait;
}

/** How far working hours are looked for (nextWorkingTime and lastWorkingStart look 8 days). */
const WORKING_HOURS_SEARCH_MS = 8 * DAY;

/**
 * When a draft is escalated: ESCALATE_LEAD_MS before its date, in the organisation's working
 * hours. When that moment falls outside them (the Saturday before a Monday issue, 07:00 on a
 * Tuesday), the escalation goes when they next open if that is still a day before the issue's
 * date, else at the start of the last working hours before that moment (the Friday), not
 * before the draft existed. (Each message also waits for its reader's own working hours.)
 */
function escalationTime(app: App, issue: IssueRow): Date {
  const due = Date.parse(issue.due_at);
  const at = new Date(due - ESCALATE_LEAD_MS);
  const tz = app.config.ITBOT_TIMEZONE;
  const wh = app.config.workingHours;
  if (isWorkingTime(at, tz, wh)) return at;
  const next = nextWorkingTime(at, tz, wh);
  if (next.getTime() <= due - DAY) return next;
  return lastWorkingStart(at, new Date(issue.created_at), tz, wh) ?? next;
}

interface NewsletterTickResult {
  drafted: number;
  escalated: number;
}

/**
 * The scheduler's part: for each newsletter occurrence of the plan within DRAFT_LEAD_MS, draft
 * the issue and send the owner the preview (once: the issue row is UNIQUE per occurrence);
 * a draft still unapproved ESCALATE_LEAD_MS before its date goes once more to the owner and
 * to the head of IT. Nothing here ever posts an issue: only approval does.
 */
export function newsletterTick(app: App, sources?: NewsletterSources): NewsletterTickResult {
  const now = app.clock.now();
  const repo = new NewsletterRepo(app.db);
  const res: NewsletterTickResult = { drafted: 0, escalated: 0 };
  for (const o of newsletterOccurrences(app, now, new Date(now.getTime() + DRAFT_LEAD_MS))) {
    // an occurrence the owner already skipped in the plan gets no draft
    if (skippedInPlan(app, o.event.id, o.occurrence)) continue;
    const known = repo.byOccurrence(occurrenceKey(o));
    if (known && (known.preview_sent_at || known.state !== 'draft')) continue; // an idle tick writes nothing
    tx(app.db, () => {
      const { issue, created } = ensureIssue(app, o, null, sources);
      if (created) res.drafted++;
      if (!issue.preview_sent_at && issue.state === 'draft') sendPreview(app, issue);
    });
  }
  // (drafts further ahead too: outside working hours an escalation is brought forward)
  for (const issue of repo.draftsToEscalate(new Date(now.getTime() + ESCALATE_LEAD_MS + WORKING_HOURS_SEARCH_MS).toISOString())) {
    if (Date.parse(issue.due_at) <= now.getTime()) continue; // its date has passed: nothing to escalate to
    if (escalationTime(app, issue).getTime() > now.getTime()) continue;
    if (tx(app.db, () => followPlanSkip(app, issue))) continue;
    if (!escalationDue(issue, now)) continue;
    tx(app.db, () => {
      if (!repo.markEscalated(issue.id, now)) return;
      const to = new Map<string, Person>();
      const owner = issue.owner ? app.people.byEmail(issue.owner) : null;
      if (owner) to.set(owner.email.toLowerCase(), owner);
      const head = headOfIt(app);
      if (head) to.set(head.email.toLowerCase(), head);
      for (const p of to.values()) {
        enqueue(app.db, now, {
          key: `newsletter:${issue.id}:escalation:to:${p.email.toLowerCase()}`,
          kind: 'newsletter-escalation',
          target: { kind: 'person', email: p.email },
          message: escalationMessage(app, issue, personLanguage(p, app.config.ITBOT_LANG)),
          expiresAt: new Date(issue.due_at),
          // never at night or on a weekend, like every message the bot sends on its own
          workingHours: { hours: app.config.workingHours, person: p, defaultTimeZone: app.config.ITBOT_TIMEZONE },
          source: { newsletter: issue.id },
        });
      }
      res.escalated++;
    });
  }
  return res;
}

export function stateLabel(issue: IssueRow, lang: Lang): string {
  return issue.state === 'draft' ? t(lang, 'previewState_draft') : t(lang, `previewState_${issue.state}` as const, { by: issue.decided_by ?? '' });
}
