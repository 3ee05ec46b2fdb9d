import type { Intent, TurnContext } from '../app-types.ts';
import type { Plan, PlanEvent } from './model.ts';
import type { OutMessage } from '../chat/model.ts';
import { fold, normalize } from '../chat/normalize.ts';
import { pick } from '../i18n/index.ts';
import { PlanRepo } from '../store/plan-repo.ts';
import { forEveryone, isItStaff } from '../people/audience.ts';
import { sharedAnswer } from '../chat/core-feature.ts';
import { concerns, skippedOccurrences, upcoming } from './upcoming.ts';
import { formatWhenFor } from './messages.ts';
import { audienceText } from './items.ts';
import { askerTimeZone } from '../chat/time-zone.ts';
import { planTexts as t } from './texts.ts';

const UPCOMING =
  /^(\/?upcoming|\/?events|\/?anlässe|\/?termine)[\s?!.]*$|(^|[,.!?;:] ?|^(hi|hello|hey|hallo|so|and|ok) )what'?s (coming up|happening|planned)(?! (for|with|about|to|on my|in my)\b)|what'?s next(?! (for|with|about)\b)|^what'?s up[\s?!.]*$|(^|[,.!?;:] ?|^(hi|hello|hey|hallo|so|and|ok) )what is (coming up|happening|planned)(?! (for|with|about|to)\b)|(upcoming|next|coming) (it )?(events?|meetings?|dates?)|(was|wa) (steht|stoht|staht|läuft|lauft) (an|aa|a|bevor)\b|(was|wa) ist geplant(?! (für|mit|bei)\b)|^(was|wa) ist los[\s?!.]*$|(kommende|nächste|naechste) (it-?)?(anlässe|anlass|termine|veranstaltungen|events?)|(welche|was für) (it-?)?(anlässe|termine|veranstaltungen)/;

/** A message of at most four words: a question about the plan as a whole, not one that names something else. */
const shortQuestion = (text: string): boolean => normalize(text).split(/\s+/).filter((w) => /\p{L}/u.test(w)).length <= 4;

const DAYS = 30;
const MAX = 10;

/**
 * "What's coming up?": the next occurrences that concern the asker (IT staff also see what they own).
 * In a channel or group chat, read by all its members, only those of events for everyone: the
 * asker's others (a managers' meeting, their department's jour fixe) are left to the direct chat.
 */
function reply(ctx: TurnContext): OutMessage[] {
  const { app, lang, person } = ctx;
  const p = new PlanRepo(app.db).plan();
  const now = app.clock.now();
  const mine = concerns(person);
  const shared = sharedAnswer(ctx.event);
  const skipped = p ? skippedOccurrences(app.db) : undefined;
  const list = (fits: (ev: PlanEvent) => boolean) => (p ? upcoming(p, now, new Date(now.getTime() + DAYS * 86_400_000), fits, skipped) : []);
  const all = list(shared ? (ev) => mine(ev) && forEveryone(ev.audience) : mine);
  const note = shared && list(mine).length > all.length ? [t(lang, 'upcomingShared')] : [];
  const items = all.slice(0, MAX);
  if (!p || items.length === 0) {
    const text = [t(lang, 'upcomingNone', { days: DAYS }), ...note].join('\n');
    return [{ text, lang, blocks: [{ type: 'header', text: t(lang, 'upcomingTitle') }, { type: 'text', text }] }];
  }
  const lines = items.map((i) => {
    const own = person && i.owner === person.email.toLowerCase() ? ` ${t(lang, 'upcomingOwn')}` : '';
    // (in the asker's own time zone (the directory's, else their platform's), named when it is not the plan's)
    return `• ${t(lang, 'upcomingItem', { when: formatWhenFor(new Date(i.start), lang, p.timezone, askerTimeZone(ctx)), title: pick(i.title, lang) })}${own}`;
  });
  const text = [...lines, ...note].join('\n');
  return [{ text: `${t(lang, 'upcomingTitle')}\n${text}`, lang, blocks: [{ type: 'header', text: t(lang, 'upcomingTitle') }, { type: 'text', text }] }];
}

/**
 * A question about when something takes place ("Wann ist …?", "When is the next …?", "Datum der …"),
 * not a "when" or "next" of another kind ("what do we do when …", "at a fair next week").
 */
const WHEN = /(^|[.?!] )(wann|when)\b|\b(wann|when) (is|are|was|does|do|will|ist|sind|findet|kommt|gibt|beginnt|startet)\b|\b(nachste[nrs]?|naechste[nrs]?|next|kommende[nrs]?|upcoming)\b(?! (woche|monat|jahr|mal|tag|week|month|year|time|day)\b)|\b(datum|date|termine?)\b|\bfindet\b.*\bstatt\b/;
/** Words of a title that do not tell one event from another. */
const FILLER = new Set(['it', 'der', 'die', 'das', 'dem', 'den', 'des', 'mit', 'und', 'fur', 'im', 'in', 'am', 'an', 'zu', 'zum', 'zur', 'von', 'vom', 'the', 'with', 'and', 'for', 'of', 'on', 'at', 'to', 'a', 'interne', 'internen', 'interner', 'internal']);
/** Days ahead a named event's next date is looked for (yearly events included). */
const NEXT_DAYS = 400;

const words = (s: string) => fold(s).split(/[^a-z0-9]+/).filter((w) => w && !FILLER.has(w));
/** A word of the question that is the title's word, or an inflection of it (Finanzen, Meetings). */
const sameWord = (q: string, t: string) => q === t || (Math.min(q.length, t.length) >= 5 && (q.startsWith(t) || t.startsWith(q)));

/** How much of an event's title (German or English) the question names: the share of its words. */
function titleShare(question: string[], ev: PlanEvent): number {
  return Math.max(...[ev.title.de, ev.title.en].map((title) => {
    const ws = words(title);
    return ws.length ? ws.filter((w) => question.some((q) => sameWord(q, w))).length / ws.length : 0;
  }));
}

/**
 * The events a "when is …?" question names (those naming most of a title): those that concern
 * the asker when there are such, else all of them (answered with whom they are for). The titles
 * of the whole plan are compared, so a question naming another audience's event ("the jour fixe
 * with Marketing") is not answered with one of the asker's ("with Finance"). Returned with the plan they
 * were found in, so that the answer does not read it again; null without a plan or a "when".
 */
function namedEvents(ctx: TurnContext, text: string): { p: Plan; events: PlanEvent[] } | null {
  const t = fold(normalize(text));
  if (!WHEN.test(t)) return null;
  const p = new PlanRepo(ctx.app.db).plan();
  if (!p) return null;
  const q = words(t);
  const scored = p.events.map((ev) => ({ ev, share: titleShare(q, ev) })).filter((x) => x.share >= 0.6);
  const best = Math.max(0, ...scored.map((x) => x.share));
  const named = scored.filter((x) => x.share === best).map((x) => x.ev);
  const theirs = named.filter(isTheirs(ctx));
  return { p, events: theirs.length ? theirs : named };
}

/** The events that are the asker's: those they are in the audience of; for IT staff every event (they may stand in for any owner, Done or Skip). */
function isTheirs(ctx: TurnContext): (ev: PlanEvent) => boolean {
  return isItStaff(ctx.person) ? () => true : concerns(ctx.person);
}

/** "When is the next key user meeting?": the next date of each event the question names, or that none is planned. */
function replyNext(ctx: TurnContext): OutMessage[] {
  const { app, lang } = ctx;
  const { p, events } = namedEvents(ctx, ctx.text)!;
  const now = app.clock.now();
  const skipped = skippedOccurrences(app.db);
  const theirs = isTheirs(ctx);
  const lines = events.map((ev) => {
    const [next] = upcoming(p, now, new Date(now.getTime() + NEXT_DAYS * 86_400_000), (e) => e.id === ev.id, skipped);
    const line = next
      ? `• ${t(lang, 'upcomingItem', { when: formatWhenFor(new Date(next.start), lang, p.timezone, askerTimeZone(ctx)), title: pick(ev.title, lang) })}`
      : `• ${t(lang, 'nextNone', { title: pick(ev.title, lang) })}`;
    // (an event for others: said so, with whom it is for, so that nobody waits for an invitation)
    return theirs(ev) ? line : `${line} (${t(lang, 'nextForOthers', { audience: audienceText(app, ev, lang) })})`;
  });
  const text = lines.join('\n');
  const title = t(lang, events.length === 1 ? 'nextTitle' : 'nextTitleMany');
  return [{ text: `${title}\n${text}`, lang, blocks: [{ type: 'header', text: title }, { type: 'text', text }] }];
}

export const planIntents: Intent[] = [
  // (without a plan only the short question itself, "what's coming up?", "was ist los?": in a catalog
  // alone, "how do I book the next meeting room?" or "... what is happening where?" stay the catalog's)
  { name: 'plan.upcoming', match: (text, ctx) => (UPCOMING.test(normalize(text)) && (shortQuestion(text) || new PlanRepo(ctx.app.db).timezone() !== null) ? 0.9 : 0), handle: reply },
  // (a question naming an event beats the general "what's next?": "when is the next key user meeting?")
  { name: 'plan.next', match: (text, ctx) => (namedEvents(ctx, text)?.events.length ? 0.95 : 0), handle: replyNext },
];
