import type { App } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import type { Person } from '../people/person.ts';
import { NewsletterRepo, type IssueRow } from '../store/newsletter-repo.ts';
import { VARIANTS, type NewsletterContent, type Variant } from './model.ts';
import { renderEscaped } from './render.ts';
import { approveIssue, contentForVariant, issueAudience, readerContent, editorialOf, goesOutAt, isPublished, refreshDraft, setEditorial, skipIssue, MAX_EDITORIAL, type Decision } from './issues.ts';

/**
 * What the admin pages need for /admin/newsletter and /admin/newsletter/:id (the "Edit" button
 * of the preview links there). The pages themselves belong to the admin module; this is the
 * read and write surface they call, so no SQL or template logic leaks into them.
 */
interface IssueSummary {
  id: number;
  eventId: string | null;
  occurrence: string | null;
  dueAt: string;
  state: IssueRow['state'];
  owner: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /** when it went out: set only once an approved issue's date has come */
  publishedAt: string | null;
  /** when an approved issue goes (or went) out: its date, or its approval when later */
  goesOutAt: string | null;
  escalatedAt: string | null;
}

interface IssueView extends IssueSummary {
  content: NewsletterContent;
  editorial: Record<Lang, string | null>;
  /** every version as its readers get it (survey results only where they are in the survey's audience) */
  variants: Record<Variant, NewsletterContent>;
  /** every version, autoescaped: safe to put into HTML as it is */
  html: Record<Variant, Record<Lang, string>>;
}

/** An issue as lists show it: publishedAt only once it has gone out, an approved one before its date has goesOutAt. */
export const issueSummary = (r: IssueRow, now: Date): IssueSummary => ({
  id: r.id, eventId: r.event_id, occurrence: r.occurrence, dueAt: r.due_at, state: r.state, owner: r.owner,
  decidedBy: r.decided_by, decidedAt: r.decided_at, publishedAt: isPublished(r, now) ? goesOutAt(r)!.toISOString() : null,
  goesOutAt: goesOutAt(r)?.toISOString() ?? null, escalatedAt: r.escalated_at,
});

/** All issues, newest first: drafts, published (approved) and skipped ones. */
export function listIssues(app: App, limit = 100): IssueSummary[] {
  return new NewsletterRepo(app.db).list({ limit }).map((r) => issueSummary(r, app.clock.now()));
}

/** One issue with every version rendered; a draft is re-drafted from today's data first. */
export function viewIssue(app: App, id: number, opts: { refresh?: boolean } = {}): IssueView | null {
  let issue = new NewsletterRepo(app.db).byId(id);
  if (!issue) return null;
  if (opts.refresh !== false) issue = refreshDraft(app, issue);
  const content = readerContent(issue, app.clock.now());
  const editorial = { de: editorialOf(issue, 'de'), en: editorialOf(issue, 'en') };
  const html = {} as Record<Variant, Record<Lang, string>>;
  const variants = {} as Record<Variant, NewsletterContent>;
  const audience = issueAudience(app, issue);
  for (const v of VARIANTS) {
    const cv = (variants[v] = contentForVariant(app, content, v, audience));
    html[v] = { de: renderEscaped(cv, 'de', v, editorial.de), en: renderEscaped(cv, 'en', v, editorial.en) };
  }
  return { ...issueSummary(issue, app.clock.now()), content, editorial, variants, html };
}

export type EditorialSaved = { saved: true } | { saved: false; reason: 'too-long'; length: number; max: number } | { saved: false; reason: 'not-draft' };

/**
 * Saves the editor's introduction (plain text, per language): `saved`, else why nothing changed:
 * `too-long` (over MAX_EDITORIAL characters, with its length) or `not-draft` (no draft, or no such issue).
 */
export function saveEditorial(app: App, id: number, lang: Lang, text: string): EditorialSaved {
  const length = text.trim().length;
  if (length > MAX_EDITORIAL) return { saved: false, reason: 'too-long', length, max: MAX_EDITORIAL };
  return setEditorial(app, id, lang, text) ? { saved: true } : { saved: false, reason: 'not-draft' };
}

/**
 * Approve or skip from the admin page. `by`: the person, when the page knows one (owner, head
 * of IT or ITBOT_ADMINS); else `admin` names the authenticated admin session (token login).
 */
export function decideIssue(app: App, id: number, decision: 'approve' | 'skip', by: Person | null, admin?: string): Decision {
  return decision === 'approve' ? approveIssue(app, id, by, { admin }) : skipIssue(app, id, by, { admin });
}
