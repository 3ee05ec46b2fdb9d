import { randomBytes } from 'node:crypto';
import type { App, TurnContext } from '../app-types.ts';
import type { Badge, Block, Button, InboundEvent, Lang, OutMessage } from '../chat/model.ts';
import { databaseKey, signature } from '../secret.ts';
import { departmentName, type Person } from '../people/person.ts';
import { formatDecimal, listOf, pick } from '../i18n/index.ts';
import { inAudience, parseAudience, type Audience } from '../people/audience.ts';
import type { OfficialAnswer, Service } from './model.ts';
import { catalogTexts as t } from './texts.ts';
import { catalogSearch } from './search.ts';
import { NAMES_HELPDESK, helpdeskLine, helpdeskOf, sharedAnswer } from '../chat/core-feature.ts';
import { SLA_KEYS, slaText } from './sla.ts';
import { clipPlain } from '../chat/clip.ts';

interface CardContext {
  app: App;
  person: Person | null;
  lang: Lang;
  /** read by others than the asker (a channel, a group chat): the card names the helpdesk, not the asker's own contact */
  shared?: boolean;
  /** who may vote on the card: the asker in a direct chat (`voterOf`); absent or '' where everyone reading it may */
  voter?: string;
}

/** Who clicked or asked, as a vote knows them: the platform and its user id (else the e-mail). */
export function voterOf(event: InboundEvent): string {
  const p = event.person;
  return p.userId ? `${p.platform}:${p.userId}` : (p.email ?? '');
}

/** The card context of a turn: shared when others than the asker read the answer. */
export function cardContext(ctx: TurnContext): CardContext {
  const shared = sharedAnswer(ctx.event);
  return { app: ctx.app, person: ctx.person, lang: ctx.lang, shared, voter: shared ? '' : voterOf(ctx.event) };
}

/**
 * The signature a 👍/👎 button carries (`s`): over the card, the entry, the question, the language
 * and who may vote (`voter`, '' for everyone reading a shared card), with the database's key for
 * votes. So a vote counts only for an answer the bot gave, by whom it gave it to; a value written by
 * hand (another question, a made-up card) is no vote and logs no gap.
 */
export function voteSignature(app: App, v: Pick<FeedbackValue, 'c' | 'd' | 'q' | 'l'>, voter: string): string {
  return signature(databaseKey(app, 'itbot catalog votes'), `catalog-vote:v1\n${v.c ?? ''}\n${v.d}\n${v.q}\n${v.l}\n${voter}`);
}

/** What a 👍/👎 button carries: no person, just enough to log a gap without storing every question. */
export interface FeedbackValue {
  v: 'up' | 'down';
  d: string;
  q: string;
  l: Lang;
  /** the card's random id: one vote per card, the last click wins (absent on cards from before) */
  c?: string;
  /** the card's signature (`voteSignature`): absent on cards from before, whose votes no longer count */
  s?: string;
}

function feedbackButtons(c: CardContext, doc: string, question: string | undefined): Block[] {
  const { lang } = c;
  const card = { c: randomBytes(9).toString('base64url'), d: doc, q: clipPlain(question ?? '', 300), l: lang };
  const s = voteSignature(c.app, card, c.voter ?? '');
  const value = (v: 'up' | 'down') => JSON.stringify({ v, ...card, s } satisfies FeedbackValue);
  return [
    { type: 'text', text: t(lang, 'didItHelp'), muted: true },
    { type: 'actions', buttons: [
      { label: '👍', action: 'catalog.feedback', value: value('up'), description: t(lang, 'helpedYes') },
      { label: '👎', action: 'catalog.feedback', value: value('down'), description: t(lang, 'helpedNo') },
    ] },
  ];
}

/**
 * A catalog text as the card shows it. Texts are plain (every platform shows them as written),
 * but catalog files kept in git are often written with the two Markdown forms people type
 * without thinking: `**bold**` (or `__bold__`) and `[text](https://...)`. Shown as written, a
 * reader would see the asterisks and brackets on every platform; so the emphasis is dropped and
 * a link becomes "text (address)" (the web chat makes the address a link). Nothing else is read
 * as Markdown; the stored text, the export and the search keep the text as written.
 */
export function shownText(text: string): string {
  return text
    .replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s()]+)\)/g, (_m, label: string, url: string) => {
      const bare = url.replace(/^mailto:/, '');
      return label.trim() === url || label.trim() === bare ? bare : `${label} (${bare})`;
    })
    .replace(/\*\*(?=\S)([^*\n]*?\S)\*\*/g, '$1')
    .replace(/(^|[^\w_])__(?=\S)([^_\n]*?\S)__(?![\w_])/g, '$1$2');
}

/** pick() for a text shown on a card: in the reader's language, see shownText. */
export function pickShown(text: Parameters<typeof pick>[0], lang: Lang): string {
  return shownText(pick(text, lang));
}

/**
 * "Your IT contact": the key account of the asker's department, else the helpdesk. In a shared
 * conversation the helpdesk, labelled as such: "Your IT contact" would be read by every member
 * as their own.
 */
function contactField(c: CardContext): { label: string; value: string } {
  if (c.shared) return { label: t(c.lang, 'helpdesk'), value: helpdeskOf(c.app, c.lang) };
  const ka = c.app.people.keyAccountFor(c.person);
  return { label: t(c.lang, 'yourContact'), value: ka ? `${ka.name} (${ka.email})` : helpdeskLine(c.app, c.lang) };
}

const CURRENCY_DIGITS = new Map<string, number>();

/** The digits after the point a currency's amounts are written with (2 for CHF and EUR, 0 for JPY), looked up once a currency. */
function currencyDigits(currency: string): number {
  let digits = CURRENCY_DIGITS.get(currency);
  if (digits !== undefined) return digits;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    digits = 2;
  }
  CURRENCY_DIGITS.set(currency, digits);
  return digits;
}

/**
 * A price as every card shows it, whole amounts too: a CHF amount the Swiss way in both
 * languages ("CHF 3.00", "CHF 1'200.00"); another currency with its own digits after the
 * point and the reader's thousands separator ("EUR 1,200.00" in English).
 */
function priceText(s: Service, lang: Lang): string | null {
  if (!s.price) return null;
  if (s.price.amount === 0) return t(lang, 'free');
  const { currency } = s.price;
  const digits = currencyDigits(currency);
  const amount = formatDecimal(s.price.amount, currency === 'CHF' ? 'de' : lang, digits, digits);
  const per = s.price.per ? ` / ${pickShown(s.price.per, lang)}` : '';
  return `${currency} ${amount}${per}`;
}

/** The service owner: "name (e-mail)", or the one of them the file gives (a team mailbox alone, no empty brackets). */
function ownerText(s: Service): string | null {
  const { name, email } = s.owner ?? {};
  if (name && email) return `${name} (${email})`;
  return name || email || null;
}

export function statusBadges(s: Service, lang: Lang): Badge[] {
  if (s.status === 'new') return [{ text: t(lang, 'badgeNew'), tone: 'new' }];
  if (s.status === 'planned') return [{ text: t(lang, 'badgePlanned'), tone: 'info' }];
  if (s.status === 'retiring') return [{ text: t(lang, 'badgeRetiring'), tone: 'warning' }];
  return [];
}

/**
 * The answer card of a service: name, summary, how to request it (link), SLA, price, owner,
 * the asker's IT contact, status badges and "Did this help?".
 */
/** "«Fax» has been retired." and what its entry says about it (which often names what to use instead). */
export function goneNote(s: Service, lang: Lang): string {
  return `${t(lang, 'retiredGone', { old: pick(s.name, lang) })} ${pickShown(s.description ?? s.summary, lang)}`;
}

export function serviceCard(c: CardContext, s: Service, opts: { question?: string; retired?: Service | null; gone?: Service | null; feedback?: boolean } = {}): OutMessage {
  const { lang } = c;
  const engine = catalogSearch(c.app.db);
  const name = pick(s.name, lang);
  const blocks: Block[] = [{ type: 'header', text: name }];
  const badges = statusBadges(s, lang);
  if (badges.length) blocks.push({ type: 'badges', badges });
  const lines: string[] = [];
  if (opts.retired) lines.push(t(lang, 'retiredNote', { old: pick(opts.retired.name, lang), name }));
  else if (opts.gone) lines.push(goneNote(opts.gone, lang));
  const summary = pickShown(s.summary, lang);
  blocks.push({ type: 'text', text: summary });
  // (a successor retired since is no way forward: the card then says there is none)
  const successor = s.status === 'retiring' ? engine.replacement(s) : null;
  if (s.status === 'retiring') lines.push(successor ? t(lang, 'retiringNote', { name: pick(successor.name, lang) }) : t(lang, 'retiringNoReplacement'));
  if (s.status === 'planned') lines.push(t(lang, 'plannedNote'));
  const audience = parseAudience(s.audience);
  if (typeof audience !== 'string' && !audience.some((a) => a.kind === 'all') && !inAudience(c.person, audience)) {
    lines.push(t(lang, 'audienceNote', { audience: audienceWords(c.app, audience, lang) }));
  }
  const notes = [...lines];
  if (opts.retired || opts.gone) blocks.splice(1, 0, { type: 'text', text: lines.shift()!, muted: true });
  for (const l of lines) blocks.push({ type: 'text', text: l, muted: true });
  const how = s.request?.how ? `${t(lang, 'requestHow')}: ${pickShown(s.request.how, lang)}` : '';
  if (how) blocks.push({ type: 'text', text: how });
  const fields: Array<{ label: string; value: string }> = [];
  for (const key of SLA_KEYS) {
    const value = slaText(s.sla?.[key], lang, key);
    if (value) fields.push({ label: t(lang, key), value: shownText(value) });
  }
  const price = priceText(s, lang);
  if (price) fields.push({ label: t(lang, 'price'), value: price });
  const owner = ownerText(s);
  if (owner) fields.push({ label: t(lang, 'owner'), value: owner });
  fields.push(contactField(c));
  blocks.push({ type: 'fields', fields });
  // (a planned service is not available yet and a retiring one takes no new orders: its page is for reading, not a request)
  if (s.request?.url) {
    const orderable = s.status !== 'planned' && s.status !== 'retiring';
    blocks.push({ type: 'actions', buttons: [orderable
      ? { label: t(lang, 'requestLink'), action: 'catalog.request', url: s.request.url, style: 'primary' }
      : { label: t(lang, 'infoLink'), action: 'catalog.request', url: s.request.url }] });
  }
  if (successor) blocks.push({ type: 'actions', buttons: [{ label: t(lang, 'showService', { name: pick(successor.name, lang) }), action: 'catalog.show', value: `service:${successor.id}` }] });
  if (opts.feedback !== false) blocks.push(...feedbackButtons(c, `service:${s.id}`, opts.question));
  // the plain-text form (notifications, `itbot ask`, platforms without cards): the whole card, the status badge
  // beside the name as in the lists; "Did this help?" is left out, as there is nothing to click in text
  const text = [
    badges.length ? `${name} [${badges.map((b) => b.text).join(', ')}]` : name,
    summary,
    ...notes,
    how,
    s.request?.url ?? '',
    ...fields.map((f) => `${f.label}: ${f.value}`),
  ].filter(Boolean).join('\n');
  return { text, lang, blocks };
}

/** The card of an official answer: the question, IT's one answer, the services it concerns. */
export function answerCard(c: CardContext, a: OfficialAnswer, opts: { question?: string; feedback?: boolean } = {}): OutMessage {
  const { lang } = c;
  const engine = catalogSearch(c.app.db);
  const answer = pickShown(a.answer, lang);
  const blocks: Block[] = [
    { type: 'header', text: pick(a.question, lang) },
    { type: 'badges', badges: [{ text: t(lang, 'officialAnswer'), tone: 'info' }] },
    { type: 'text', text: answer },
  ];
  const buttons: Button[] = a.services
    .map((id) => engine.service(id))
    .filter((s): s is Service => !!s && s.status !== 'retired')
    .slice(0, 4)
    .map((s) => ({ label: pick(s.name, lang), action: 'catalog.show', value: `service:${s.id}` }));
  if (buttons.length) blocks.push({ type: 'text', text: t(lang, 'relatedServices'), muted: true }, { type: 'actions', buttons });
  const contact = contactField(c);
  blocks.push({ type: 'fields', fields: [contact] });
  if (opts.feedback !== false) blocks.push(...feedbackButtons(c, `answer:${a.id}`, opts.question));
  // the plain-text form: the whole card, the related services as a list instead of buttons
  const text = [
    pick(a.question, lang),
    answer,
    ...(buttons.length ? [t(lang, 'relatedServices'), ...buttons.map((b) => `• ${b.label}`)] : []),
    `${contact.label}: ${contact.value}`,
  ].join('\n');
  return { text, lang, blocks };
}

/**
 * Who a service is for, in words of the asker's language: "Vorgesetzte", "the Sales department".
 * Named people are never listed (an asker outside the list does not learn who is in it).
 */
export function audienceWords(app: App, audience: Audience, lang: Lang): string {
  const parts: string[] = [];
  let named = false;
  for (const a of audience) {
    if (a.kind === 'managers') parts.push(t(lang, 'audienceManagers'));
    else if (a.kind === 'it-staff') parts.push(t(lang, 'audienceItStaff'));
    else if (a.kind === 'department') parts.push(t(lang, 'audienceDepartment', { name: departmentName(app.people.department(a.name), lang) ?? a.name }));
    else if (a.kind === 'email') named = true;
  }
  if (named) parts.push(t(lang, 'audienceNamed'));
  return listOf([...new Set(parts)], lang);
}

/** The catalog's helpdesk entry (by its id, else its name), as "name, request link, e-mail", or null. */
export function catalogHelpdesk(app: App, lang: Lang): string | null {
  const s = helpdeskService(app);
  if (!s) return null;
  return [pick(s.name, lang), s.request?.url, s.owner?.email].filter(Boolean).join(', ');
}

/** The helpdesk entry, found once per version of the catalog (every fallback and card names it). */
const helpdeskByIndex = new WeakMap<object, Service | null>();
function helpdeskService(app: App): Service | null {
  const search = catalogSearch(app.db);
  const idx = search.index();
  if (helpdeskByIndex.has(idx)) return helpdeskByIndex.get(idx)!;
  const all = search.allServices().filter((s) => s.status !== 'retired' && s.status !== 'planned').sort((a, b) => (a.id < b.id ? -1 : 1));
  const found = all.find((s) => /^(it-)?(help-?desk|service-?desk)$/.test(s.id)) ?? all.find((s) => NAMES_HELPDESK.test(`${s.name.de} ${s.name.en}`)) ?? null;
  helpdeskByIndex.set(idx, found);
  return found;
}
