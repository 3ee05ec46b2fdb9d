import type { ActionHandler, Intent, TurnContext } from '../app-types.ts';
import type { Lang, OutMessage } from '../chat/model.ts';
import { normalize } from '../chat/normalize.ts';
import { noteWrite, writtenBefore } from '../chat/event-writes.ts';
import { isItStaff } from '../people/audience.ts';
import { NewsletterRepo, type IssueRow } from '../store/newsletter-repo.ts';
import { VARIANTS, type Variant } from './model.ts';
import { countOf, formatDay, isLang, listOf } from '../i18n/index.ts';
import { localDay } from '../projects/targets.ts';
import {
  approveIssue, contentOf, ensureIssue, goesOutAt, isPublished, issueMessage, mayDecide, nextOccurrence, previewMessage, refreshDraft,
  readsIssue, skipIssue, stateLabel, wantsFigures, issuePeriod, issueReach, type Decision,
} from './issues.ts';
import { nlTexts as t } from './texts.ts';

const NEWSLETTER = /^(show |zeig (mir )?|the |der |den |das )?(it[- ]?)?(newsletter|rundbrief|monatsbrief)( (draft|entwurf|preview|vorschau|bitte|please))?[\s?!.]*$|newsletter (draft|entwurf|preview|vorschau)|(latest|last|letzte[rn]?|aktuelle[rn]?) (it[- ]?)?newsletter/;

/**
 * "Newsletter": IT staff get the next draft as a preview with its buttons (re-drafted from
 * what is known now); everyone else gets the latest published issue in their version.
 */
function newsletterReply(ctx: TurnContext): OutMessage[] {
  const { app, lang, person } = ctx;
  if (isItStaff(ctx.person)) {
    const o = nextOccurrence(app);
    const { issue } = ensureIssue(app, o, person?.email ?? null);
    const fresh = refreshDraft(app, issue);
    const msgs: OutMessage[] = [];
    if (!o) msgs.push({ text: t(lang, 'noPlan'), lang });
    msgs.push(previewMessage(app, fresh, lang));
    return msgs;
  }
  return readerReply(ctx);
}

/** The newsletter as a reader asks for it: the latest issue meant for them, or when the next one is due. */
function readerReply(ctx: TurnContext): OutMessage[] {
  const { app, lang, person } = ctx;
  // an approved issue is read from its date on, when it goes out, by the people it is for:
  // a department's newsletter (its project news, its results) is not the answer for everyone
  const last = new NewsletterRepo(app.db).publishedNewestFirst(app.clock.now().toISOString()).find((i) => readsIssue(app, person, i)) ?? null;
  if (!last) {
    // (the next issue meant for them: a department's newsletter is not the one they wait for)
    const next = nextOccurrence(app, { person });
    const text = next ? t(lang, 'noIssueYet', { date: formatDay(localDay(next.start, next.tz), lang) }) : t(lang, 'noIssueAtAll');
    return [{ text, lang }];
  }
  return [issueMessage(app, last, lang, wantsFigures(person) ? 'figures-first' : 'workplace-first', app.clock.now(), person)];
}

export const newsletterIntents: Intent[] = [
  { name: 'newsletter', match: (text) => (NEWSLETTER.test(normalize(text)) ? 0.9 : 0), handle: newsletterReply, ask: readerReply },
];

/** Who may decide an issue: its owner (when it has one), the head of IT and ITBOT_ADMINS (mayDecide). */
function notAllowed(lang: Lang, owner: string | null): string {
  return owner ? t(lang, 'notOwner', { owner }) : t(lang, 'notOwner_none');
}

/**
 * Why an issue that has not gone out cannot be opened: drafts (and issues approved for a later
 * date, or skipped) are for IT and the newsletter's owner (mayDecide: also the head of IT and ITBOT_ADMINS).
 */
function notVisible(ctx: TurnContext, issue: IssueRow): string {
  const { app, lang } = ctx;
  const who = issue.owner ? t(lang, 'visibleTo', { owner: issue.owner }) : t(lang, 'visibleTo_none');
  if (issue.state === 'approved') {
    const c = contentOf(issue);
    const date = formatDay(localDay(goesOutAt(issue)!, c.planTimeZone ?? c.timeZone ?? app.config.ITBOT_TIMEZONE), lang);
    return t(lang, 'notVisible_approved', { date, who });
  }
  return t(lang, issue.state === 'skipped' ? 'notVisible_skipped' : 'notVisible_draft', { who });
}

/** "Approved. The issue goes out on 3 February 2027 to 1 channel and 6 people", or that it reaches no one. */
function approvedNote(ctx: TurnContext, issue: IssueRow): string {
  const { app, lang } = ctx;
  const r = issueReach(app, issue);
  if (!r.read) return t(lang, 'approvedUnread');
  const to = listOf([
    ...(r.channels ? [countOf(r.channels, lang, t(lang, 'channelOne'), t(lang, 'channelMany'))] : []),
    ...(r.people ? [countOf(r.people, lang, t(lang, 'personOne'), t(lang, 'personMany'))] : []),
  ], lang);
  return new Date(issue.due_at).getTime() > app.clock.now().getTime()
    ? t(lang, 'approved', { date: formatDay(contentOf(issue).issueDate, lang), to })
    : t(lang, 'approvedNow', { to });
}

function decisionReply(ctx: TurnContext, d: Decision, approved: boolean): OutMessage[] {
  const { app, lang } = ctx;
  if (!d.ok) {
    if (d.reason === 'unknown') return [{ text: t(lang, 'unknownIssue'), lang }];
    if (d.reason === 'not-allowed') return [{ text: notAllowed(lang, d.issue?.owner ?? null), lang, ephemeral: true }];
    if (d.reason === 'outdated') {
      const card = previewMessage(app, d.issue!, lang);
      const note = t(lang, d.behind ? 'behind' : 'outdated');
      return [{ ...card, text: `${note}\n${card.text}`, blocks: [{ type: 'text', text: note }, ...(card.blocks ?? [])], replaceOriginal: true }];
    }
    return [{ text: t(lang, 'alreadyDecided', { state: stateLabel(d.issue!, lang) }), lang }];
  }
  const note = approved ? approvedNote(ctx, d.issue) : t(lang, `skipped_${issuePeriod(app, d.issue)}`);
  const card = previewMessage(app, d.issue, lang);
  return [{ ...card, text: `${note}\n${card.text}`, blocks: [{ type: 'text', text: note }, ...(card.blocks ?? [])], replaceOriginal: true }];
}

function parseId(v: string | undefined): number {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : -1;
}

/** The name under which a turn notes the decision it recorded (`event_writes`), as `{status}:{queued}`. */
const DECISION_WRITE = 'newsletter.decision';

/**
 * Approve or Skip from the preview card. The decision's transaction notes this turn's event, so a
 * turn run again for it (its server died after the core had begun it) is answered as its first run
 * was (the card replaced with what was decided and queued), not "already decided".
 */
function decide(ctx: TurnContext, value: string | undefined, approved: boolean): OutMessage[] {
  const status = approved ? 'approved' : 'skipped';
  const opts = { recorded: (queued: number) => noteWrite(ctx, DECISION_WRITE, `${status}:${queued}`) };
  const id = parseId(value);
  let d = approved ? approveIssue(ctx.app, id, ctx.person, opts) : skipIssue(ctx.app, id, ctx.person, opts);
  const before = /^(approved|skipped):(\d+)$/.exec(writtenBefore(ctx, DECISION_WRITE) ?? '');
  if (!d.ok && d.reason === 'decided' && d.issue && before?.[1] === status && d.issue.state === status) d = { ok: true, queued: Number(before[2]), issue: d.issue };
  return decisionReply(ctx, d, approved);
}

export const newsletterActions: Record<string, ActionHandler> = {
  'newsletter.approve': (ctx, a) => decide(ctx, a.value, true),
  'newsletter.skip': (ctx, a) => decide(ctx, a.value, false),
  // a link button: Slack still reports the click; there is nothing to do
  'newsletter.edit': () => [],
  'newsletter.preview': (ctx, a) => {
    const [id, variant, lang] = (a.value ?? '').split(':');
    const issue = new NewsletterRepo(ctx.app.db).byId(parseId(id));
    if (!issue) return [{ text: t(ctx.lang, 'unknownIssue'), lang: ctx.lang }];
    const l: Lang = isLang(lang) ? lang : ctx.lang;
    const v: Variant = (VARIANTS as readonly string[]).includes(variant ?? '') ? (variant as Variant) : 'workplace-first';
    // the preview (drafts, issues approved for a later date, each version as all its readers get
    // it) is for the people who decide; anyone else reads a published issue meant for them, as the
    // chat's "newsletter" gives it: only the survey results of their own surveys
    if (mayDecide(ctx.app, issue, ctx.person) || isItStaff(ctx.person)) return [previewMessage(ctx.app, issue, l, v)];
    const now = ctx.app.clock.now();
    if (!isPublished(issue, now)) return [{ text: notVisible(ctx, issue), lang: ctx.lang, ephemeral: true }];
    if (!readsIssue(ctx.app, ctx.person, issue)) return [{ text: t(ctx.lang, 'notReader'), lang: ctx.lang, ephemeral: true }];
    return [issueMessage(ctx.app, issue, l, v, now, ctx.person)];
  },
};
