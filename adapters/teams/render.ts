import { formTextMax, type Badge, type Block, type Lang, type Button, type FormInput, type OutMessage } from '../../src/chat/model.ts';
import { cap, escapeMarkdown, plain } from './escape.ts';

/** Adaptive Card JSON as Teams takes it (kept loose: it is data, not an SDK type). */
export type Card = Record<string, unknown> & { body: CardElement[] };
export type CardElement = Record<string, unknown>;

export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
const CARD_VERSION = '1.5';
/**
 * Teams refuses an activity over about 28 KB. A card may use this many bytes of JSON, which
 * leaves room for the activity envelope (ids, serviceUrl, summary). Bigger messages are split.
 */
export const MAX_CARD_BYTES = 26_000;
/** A text chunk per TextBlock: small enough that several fit one card, even when escaped and multi-byte. */
const TEXT_CHUNK = 2_000;
const FACTS_PER_SET = 15;
const BUTTONS_PER_SET = 5;
const MAX_CHOICES = 100;
/** A badge longer than this is a sentence, not a status word: it gets a line of its own. */
const BADGE_INLINE = 40;
/** The longest badge shown (a warning of a few sentences); the renderer's cap, not the author's. */
const BADGE_MAX = 1_000;

/** The key of our data in Action.Submit / Action.Execute payloads; form inputs sit beside it. */
export const DATA_KEY = 'itbot';
/** Form input ids get this prefix so an input can never overwrite our key in the merged submit data. */
export const INPUT_PREFIX = 'in.';

export interface SubmitData {
  action: string;
  value?: string;
  /** ids of multi-select inputs: Teams sends their values comma-joined */
  multi?: string[];
  /** the language of the card: a click is answered in it when the directory has none for the person */
  lang?: Lang;
}

/**
 * Action ids answered with Action.Execute (Universal Actions): the card is refreshed in place
 * with the recorded answer, for everyone who sees it. Other buttons use Action.Submit,
 * whose answer arrives as a new message.
 */
function usesExecute(actionId: string): boolean {
  return /^surveys?[.:]/.test(actionId);
}

const byteLength = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

function newCard(body: CardElement[]): Card {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    msteams: { width: 'Full' },
    body,
  };
}

/** Splits plain text at line or word boundaries into pieces of at most `max` characters. */
function chunkText(text: string, max = TEXT_CHUNK): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length || out.length === 0) out.push(rest);
  return out;
}

function textBlocks(text: string, extra: CardElement = {}): CardElement[] {
  return chunkText(text).map((c) => ({ type: 'TextBlock', text: escapeMarkdown(c), wrap: true, ...extra }));
}

/** A link Teams opens from a button: a web or mail link (a path of the bot's own server, or an odd scheme, is not). */
const opensInTeams = (url: string): boolean => /^(https?:|mailto:)/i.test(url);

function submitAction(b: Button, extraData: Partial<SubmitData> = {}): CardElement {
  if (b.url && opensInTeams(b.url)) return { type: 'Action.OpenUrl', title: plain(b.label, 80), url: b.url };
  const data: SubmitData = { action: b.action, ...(b.value !== undefined ? { value: b.value } : {}), ...extraData };
  const a: CardElement = usesExecute(b.action)
    ? { type: 'Action.Execute', title: plain(b.label, 80), verb: b.action, data: { [DATA_KEY]: data } }
    : { type: 'Action.Submit', title: plain(b.label, 80), data: { [DATA_KEY]: data } };
  if (b.style === 'primary') a.style = 'positive';
  if (b.style === 'danger') a.style = 'destructive';
  return a;
}

function actionSets(actions: CardElement[]): CardElement[] {
  const sets: CardElement[] = [];
  for (let i = 0; i < actions.length; i += BUTTONS_PER_SET) sets.push({ type: 'ActionSet', actions: actions.slice(i, i + BUTTONS_PER_SET) });
  return sets;
}

const TONE_COLOR = { new: 'Good', warning: 'Warning', info: 'Accent', danger: 'Attention' } as const;

/** The longest input label, placeholder and choice title of a form, in characters. */
interface FormCaps {
  label: number;
  placeholder: number;
  choice: number;
}

/**
 * A form's inputs are collected only from the card that carries its submit button, so a form
 * is one card. One too big for it (many questions with long option lists) is rendered with
 * shorter labels and choices, step by step, until it fits: every question and the button stay.
 */
const FORM_CAPS: FormCaps[] = [
  { label: 500, placeholder: 200, choice: 200 },
  { label: 300, placeholder: 100, choice: 100 },
  { label: 200, placeholder: 80, choice: 60 },
  { label: 150, placeholder: 60, choice: 40 },
  { label: 100, placeholder: 40, choice: 25 },
  { label: 80, placeholder: 30, choice: 15 },
];

function formInput(i: FormInput, caps: FormCaps): CardElement {
  const id = INPUT_PREFIX + i.id;
  const label = plain(i.label, caps.label);
  if (i.kind === 'text') {
    return {
      type: 'Input.Text', id, label, isMultiline: true, maxLength: formTextMax(i),
      isRequired: !i.optional,
      ...(i.placeholder ? { placeholder: plain(i.placeholder, caps.placeholder) } : {}),
      ...(typeof i.initial === 'string' ? { value: i.initial } : {}),
    };
  }
  const initial = Array.isArray(i.initial) ? i.initial.join(',') : i.initial;
  return {
    type: 'Input.ChoiceSet', id, label, style: 'expanded', isMultiSelect: i.kind === 'multi',
    isRequired: !i.optional,
    choices: (i.options ?? []).slice(0, MAX_CHOICES).map((o) => ({ title: plain(o.label, caps.choice), value: o.value })),
    ...(initial ? { value: initial } : {}),
  };
}

/**
 * One neutral block as card elements. Each returned group stays together in one card
 * (a form with its submit button); groups may be split across cards.
 */
function blockGroups(block: Block, lang?: Lang): CardElement[][] {
  const inLang: Partial<SubmitData> = lang ? { lang } : {};
  switch (block.type) {
    case 'header':
      return [textBlocks(cap(block.text, 500), { size: 'Large', weight: 'Bolder', style: 'heading' })];
    case 'text':
      return textBlocks(block.text, block.muted ? { isSubtle: true } : {}).map((e) => [e]);
    case 'fields': {
      const groups: CardElement[][] = [];
      for (let i = 0; i < block.fields.length; i += FACTS_PER_SET) {
        const facts = block.fields.slice(i, i + FACTS_PER_SET).map((f) => ({ title: escapeMarkdown(cap(f.label, 200)), value: escapeMarkdown(cap(f.value, 1500)) }));
        groups.push([{ type: 'FactSet', facts }]);
      }
      return groups;
    }
    case 'badges': {
      // a badge is a status word ("New") or a warning the reader must see whole (the newsletter's
      // "the plan names no Teams channel: ..."): it wraps instead of ending in "..." on a narrow
      // screen, and badges too long to sit side by side are stacked, one line each
      const badge = (b: Badge): CardElement => ({ type: 'TextBlock', text: escapeMarkdown(cap(b.text, BADGE_MAX)), wrap: true, color: TONE_COLOR[b.tone], weight: 'Bolder', size: 'Small' });
      if (block.badges.some((b) => b.text.length > BADGE_INLINE)) return [block.badges.map(badge)];
      return [[{
        type: 'ColumnSet',
        columns: block.badges.map((b) => ({ type: 'Column', width: 'auto', items: [badge(b)] })),
      }]];
    }
    case 'actions': {
      // a link button Teams cannot open (a path of the bot's own server, as the newsletter's Edit without
      // ITBOT_PUBLIC_URL) is shown as text, not as a button a click on which would do nothing
      const dead = block.buttons.filter((b) => b.url !== undefined && !opensInTeams(b.url));
      const groups = actionSets(block.buttons.filter((b) => !dead.includes(b)).map((b) => submitAction(b, inLang))).map((s) => [s]);
      for (const b of dead) groups.push(textBlocks(`${b.label}: ${b.url}`));
      return groups;
    }
    case 'links': {
      const safe = block.links.filter((l) => opensInTeams(l.url));
      const unsafe = block.links.filter((l) => !safe.includes(l));
      const groups = actionSets(safe.map((l) => ({ type: 'Action.OpenUrl', title: plain(l.label, 80), url: l.url }))).map((s) => [s]);
      // a link we would not open is shown as plain text, never as a button
      for (const l of unsafe) groups.push(textBlocks(`${l.label}: ${l.url}`));
      return groups;
    }
    case 'image':
      if (!/^https:\/\//i.test(block.url)) return [textBlocks(block.alt)];
      return [[{ type: 'Image', url: block.url, altText: plain(block.alt, 300) }]];
    case 'divider':
      return [];
    case 'form': {
      const multi = block.inputs.filter((i) => i.kind === 'multi').map((i) => INPUT_PREFIX + i.id);
      const submit = { type: 'ActionSet', actions: [submitAction(block.submit, { ...inLang, ...(multi.length ? { multi } : {}) })] };
      let group: CardElement[] = [];
      for (const caps of FORM_CAPS) {
        group = [...block.inputs.map((i) => formInput(i, caps)), submit];
        if (byteLength(newCard(group)) <= MAX_CARD_BYTES) break;
      }
      return [group];
    }
  }
}

/**
 * Renders a neutral message as one or more Adaptive Cards 1.5, each within MAX_CARD_BYTES.
 * Blocks are packed in order; what does not fit starts the next card (a long text becomes
 * several cards). A message without blocks becomes one text card.
 */
export function renderCards(message: OutMessage): Card[] {
  const blocks: Block[] = message.blocks?.length ? message.blocks : [{ type: 'text', text: message.text }];
  const groups: CardElement[][] = [];
  let separator = false;
  for (const b of blocks) {
    if (b.type === 'divider') {
      separator = true;
      continue;
    }
    const gs = blockGroups(b, message.lang);
    if (separator && gs[0]?.[0]) {
      gs[0][0] = { ...gs[0][0], separator: true, spacing: 'Medium' };
      separator = false;
    }
    groups.push(...gs);
  }
  const cards: Card[] = [];
  let body: CardElement[] = [];
  const base = byteLength(newCard([]));
  let size = base;
  for (const g of groups) {
    const gBytes = g.reduce((n, e) => n + byteLength(e) + 1, 0);
    if (body.length && size + gBytes > MAX_CARD_BYTES) {
      cards.push(newCard(body));
      body = [];
      size = base;
    }
    if (base + gBytes > MAX_CARD_BYTES) {
      // one group alone is too big even shortened (a form with huge option lists): keep what fits,
      // and always its buttons (a form's submit), without which nothing of it could be sent
      const last = g[g.length - 1]!;
      const tail = last.type === 'ActionSet' ? [last] : [];
      const reserved = tail.reduce((n, e) => n + byteLength(e) + 1, 0);
      for (const e of tail.length ? g.slice(0, -1) : g) {
        const eb = byteLength(e) + 1;
        if (size + eb + reserved > MAX_CARD_BYTES) break;
        body.push(e);
        size += eb;
      }
      body.push(...tail);
      size += reserved;
      continue;
    }
    body.push(...g);
    size += gBytes;
  }
  if (body.length || cards.length === 0) cards.push(newCard(body));
  return cards;
}

/** The card's plain-text summary: the notification text Teams shows for a card message. */
function summaryOf(message: OutMessage): string {
  return cap(message.text.replace(/\s+/g, ' ').trim(), 300);
}

/** Message activities (plain data) for a neutral message: one card attachment each. */
export function renderActivities(message: OutMessage): Array<Record<string, unknown>> {
  const summary = summaryOf(message);
  return renderCards(message).map((card) => ({
    type: 'message',
    summary,
    attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
  }));
}
