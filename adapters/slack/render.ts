import type { Block, Button, Lang, OutMessage } from '../../src/chat/model.ts';
import { clipPlain } from '../../src/chat/clip.ts';
import { isLang } from '../../src/i18n/index.ts';
import { slackTexts as t } from './texts.ts';

/** Slack's documented Block Kit limits the renderer keeps to (a message breaking one is refused whole). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  header: 150,
  buttonText: 75,
  value: 2000,
  fieldsPerSection: 10,
  fieldText: 2000,
  actionsElements: 25,
  actionId: 255,
  url: 3000,
  altText: 2000,
  fallbackText: 4000,
} as const;

/** A Block Kit block as sent to the Web API (kept loose: the renderer is its one author). */
type SlackBlock = Record<string, unknown>;

export interface RenderedMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Where payloads too big for a button value go (a form opened as a modal, a long value). */
export interface PayloadStore {
  put(payload: unknown): string;
}

/** Action ids the adapter handles itself; core action ids never start with this. */
const INTERNAL = 'itbot:';
export const FORM_ACTION = `${INTERNAL}form`;
export const LINK_ACTION = `${INTERNAL}link`;
export const REF_ACTION = `${INTERNAL}ref`;

/**
 * Escapes plain text for mrkdwn: with `&`, `<` and `>` encoded, no `<!channel>`, `<!here>`,
 * `<@U…>` or `<url|label>` can come out of catalog text, answers or a user's own words.
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A formatting character shown as itself. Slack has no escape for `*` `_` `~` `` ` ``; the
 * fallback text of a date token whose format is invalid is always shown as plain text, so the
 * character stands there without opening or closing bold, italics, strike or code.
 */
const literal = (c: string) => `<!date^00000000^{_}|${c}>`;
const LITERAL_MAX = literal('*').length;
/** The same characters as look-alikes, for link labels (a date token cannot sit inside a link). */
const LOOKALIKE: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };
const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Keeps escaped text from formatting itself: a `*` `_` `~` `` ` `` that could open or close
 * formatting (not between two letters or digits, where Slack never formats: `it_support`)
 * is made literal; web addresses and e-mail addresses are left whole so they still link; a
 * line starting with `>` (`&gt;`) gets an invisible soft hyphen first, so it is no quote.
 */
function neutralise(escaped: string, mark: (c: string) => string): string {
  return escaped
    .split(/(\s+)/)
    .map((tok) =>
      /^(https?:\/\/|mailto:)/i.test(tok) || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(tok)
        ? tok
        : tok.replace(/[*_~`]/g, (c, i: number, str: string) => (wordChar(str[i - 1]) && wordChar(str[i + 1]) ? c : mark(c))),
    )
    .join('')
    .replace(/(^|\n)([ \t]*)&gt;/g, '$1$2\u00AD&gt;');
}

/**
 * Escapes plain text (catalog text, answers, a person's own words) for a mrkdwn field: `&` `<`
 * `>` as in `esc`, and nothing in it can bold, italicise, strike, quote or make code. The bot's
 * own formatting around it (`*label*`) still works.
 */
function escText(s: string): string {
  return neutralise(esc(s), literal);
}

/** `escText` for the label of a `<url|label>` link: formatting characters become look-alikes. */
function escLabel(s: string): string {
  return neutralise(esc(s), (c) => LOOKALIKE[c] ?? c);
}

/** Cuts mrkdwn to `max` characters with an ellipsis, never in the middle of an `&amp;` entity or a `<…>` token. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, max - 1).replace(/<[^>]*$/, '').replace(/&[a-z]{0,4}$/, '') + '…';
}

// plain text (plain_text objects, input values, alt text: Slack reads no markup there) is cut with clipPlain
export { clipPlain };

/** How long one question's line may be in the list under a form's "Fill in" (the modal has it whole). */
export const FORM_LIST_LINE = 300;

/** The most a character can grow to in `escText` (a formatting character, `>` at a line start). */
function escapedCost(c: string): number {
  if (c === '*' || c === '_' || c === '~' || c === '`') return LITERAL_MAX;
  return c === '>' ? 5 : esc(c).length;
}

/**
 * Splits plain text into pieces whose ESCAPED length (`escText`) fits `max`, preferring line
 * breaks, then spaces, so a long answer becomes several sections instead of being refused.
 */
export function splitEscaped(text: string, max: number): string[] {
  const whole = escText(text);
  if (whole.length <= max) return [whole]; // the usual case, without the character walk below
  const out: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    let len = 0;
    let end = 0;
    while (end < rest.length) {
      const w = escapedCost(rest[end]!);
      if (len + w > max) break;
      len += w;
      end++;
    }
    if (end < rest.length) {
      const window = rest.slice(0, end);
      const nl = window.lastIndexOf('\n');
      const sp = window.lastIndexOf(' ');
      const cut = nl > end / 2 ? nl + 1 : sp > end / 2 ? sp + 1 : end;
      end = cut;
    }
    out.push(escText(rest.slice(0, end)));
    rest = rest.slice(end);
  }
  return out.length ? out : [''];
}

/** A URL safe to put in a link or a button: http(s) (or mailto for links) without the characters mrkdwn uses. */
export function safeUrl(url: string, allowMailto = true): string | null {
  const u = url.trim();
  if (!(/^https?:\/\/[^\s]+$/i.test(u) || (allowMailto && /^mailto:[^\s]+$/i.test(u)))) return null;
  const cleaned = u.replace(/[<>|]/g, (c) => encodeURIComponent(c));
  return cleaned.length <= LIMITS.url ? cleaned : null;
}

/**
 * A Slack action_id: the neutral action, the button's index in the message, and the language of
 * the message when it has one (`catalog.category::3.de`), which a click is answered in when the
 * directory has none for the person (a click has no text to tell it).
 */
function encodeActionId(action: string, index: number, lang?: Lang): string {
  return `${action}::${index}${lang ? `.${lang}` : ''}`;
}

/** The neutral action id back from a Slack action_id (`catalog.show::3.de` → `catalog.show`). */
export function decodeActionId(actionId: string): string {
  const i = actionId.lastIndexOf('::');
  return i >= 0 ? actionId.slice(0, i) : actionId;
}

/** The language of the message a button was on, from its action_id (`catalog.show::3.de` → `de`); none for a button posted without one. */
export function actionLang(actionId: string): Lang | undefined {
  const lang = /::\d+\.([a-z]+)$/.exec(actionId)?.[1];
  return isLang(lang) ? lang : undefined;
}

const plain = (text: string, max: number) => ({ type: 'plain_text', text: clipPlain(text, max) || ' ', emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

const BADGE_ICON: Record<string, string> = { new: ':new:', warning: ':warning:', info: ':information_source:', danger: ':no_entry:' };

interface RenderState {
  lang: Lang;
  /** the language the message says it is in (OutMessage.lang): kept in its buttons' action_ids */
  cardLang?: Lang;
  store?: PayloadStore;
  /** a running index keeps action_ids unique within the message, as Slack requires */
  buttonIndex: number;
  /** the message's header, used as the modal title of its forms */
  title?: string;
  /** false: images as their description (Slack could not download them) */
  images: boolean;
}

function button(b: Button, st: RenderState): { element?: SlackBlock; linkText?: string } {
  const i = st.buttonIndex++;
  const text = plain(b.label, LIMITS.buttonText);
  if (b.url) {
    const url = safeUrl(b.url, false);
    if (url) return { element: { type: 'button', text, url, action_id: encodeActionId(LINK_ACTION, i) } };
    // buttons take web links only: a mailto or an odd link becomes a mrkdwn link beside them
    const link = safeUrl(b.url);
    // (a path of the bot's own server, as the newsletter's Edit without ITBOT_PUBLIC_URL, is named as text)
    return { linkText: link ? `<${link}|${escLabel(b.label)}>` : escText(b.url.startsWith('/') ? `${b.label}: ${b.url}` : b.label) };
  }
  const el: SlackBlock = { type: 'button', text };
  if (b.style) el.style = b.style;
  const value = b.value ?? '';
  const actionId = encodeActionId(b.action, i, st.cardLang);
  if (value.length > LIMITS.value || actionId.length > LIMITS.actionId) {
    if (!st.store) throw new Error(`button "${b.label}": value or action too long for Slack and no payload store`);
    el.action_id = encodeActionId(REF_ACTION, i, st.cardLang);
    el.value = st.store.put({ action: b.action, value: b.value });
  } else {
    el.action_id = actionId;
    if (b.value !== undefined) el.value = value;
  }
  return { element: el };
}

function renderBlock(b: Block, st: RenderState): SlackBlock[] {
  switch (b.type) {
    case 'header':
      return b.text.trim() ? [{ type: 'header', text: plain(b.text, LIMITS.header) }] : [];
    case 'text': {
      if (!b.text.trim()) return [];
      const parts = splitEscaped(b.text, LIMITS.sectionText);
      return parts.map((p) => (b.muted ? { type: 'context', elements: [mrkdwn(p)] } : { type: 'section', text: mrkdwn(p) }));
    }
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < b.fields.length; i += LIMITS.fieldsPerSection) {
        const fields = b.fields.slice(i, i + LIMITS.fieldsPerSection).map((f) => mrkdwn(clip(`*${escText(f.label)}*\n${escText(f.value)}`, LIMITS.fieldText)));
        out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'badges':
      if (!b.badges.length) return [];
      return [{ type: 'context', elements: [mrkdwn(clip(b.badges.map((x) => `${BADGE_ICON[x.tone] ?? ''} *${escText(x.text)}*`).join('   '), LIMITS.sectionText))] }];
    case 'actions': {
      const elements: SlackBlock[] = [];
      const links: string[] = [];
      for (const x of b.buttons) {
        const r = button(x, st);
        if (r.element) elements.push(r.element);
        if (r.linkText) links.push(r.linkText);
      }
      const out: SlackBlock[] = [];
      for (let i = 0; i < elements.length; i += LIMITS.actionsElements) out.push({ type: 'actions', elements: elements.slice(i, i + LIMITS.actionsElements) });
      if (links.length) out.push({ type: 'section', text: mrkdwn(clip(links.join('  ·  '), LIMITS.sectionText)) });
      return out;
    }
    case 'links': {
      if (!b.links.length) return [];
      const parts = b.links.map((l) => {
        const url = safeUrl(l.url);
        return url ? `<${url}|${escLabel(l.label)}>` : escText(l.label);
      });
      return [{ type: 'section', text: mrkdwn(clip(parts.join('  ·  '), LIMITS.sectionText)) }];
    }
    case 'image': {
      const url = st.images ? safeUrl(b.url, false) : null;
      // Slack loads images from public web URLs only; a data: chart degrades to its description
      if (url) return [{ type: 'image', image_url: url, alt_text: clipPlain(b.alt || ' ', LIMITS.altText) }];
      return b.alt ? [{ type: 'context', elements: [mrkdwn(clip(escText(b.alt), LIMITS.sectionText))] }] : [];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'form': {
      // a form opens as a modal (the one place Slack has radio buttons, check boxes and text inputs
      // together); the message carries a button whose value points at the stored form
      if (!st.store) throw new Error('a form needs a payload store');
      const key = st.store.put({ form: b, lang: st.lang, title: st.title });
      const i = st.buttonIndex++;
      // every question listed: each line shortened, the list split into several sections when long
      const labels = b.inputs.map((x) => `• ${clipPlain(x.label.replace(/\s+/g, ' ').trim(), FORM_LIST_LINE)}`).join('\n');
      const out: SlackBlock[] = [];
      if (labels) out.push(...splitEscaped(labels, LIMITS.sectionText).map((p) => ({ type: 'section', text: mrkdwn(p) })));
      out.push({
        type: 'actions',
        elements: [{ type: 'button', style: 'primary', text: plain(t(st.lang, 'openForm'), LIMITS.buttonText), action_id: encodeActionId(FORM_ACTION, i, st.cardLang), value: key }],
      });
      return out;
    }
  }
}

/**
 * Renders a neutral message as Block Kit within Slack's limits. Every piece of plain text is
 * escaped (mrkdwn) or sent as plain_text, so nothing in it is read as markup.
 */
export function renderMessage(m: OutMessage, opts: { lang: Lang; store?: PayloadStore; maxBlocks?: number; images?: boolean }): RenderedMessage {
  const lang = m.lang ?? opts.lang;
  const header = m.blocks?.find((b) => b.type === 'header');
  const st: RenderState = { lang, cardLang: m.lang, store: opts.store, buttonIndex: 0, title: header?.type === 'header' ? header.text : undefined, images: opts.images ?? true };
  const source: Block[] = m.blocks?.length ? m.blocks : [{ type: 'text', text: m.text }];
  let blocks = source.flatMap((b) => renderBlock(b, st));
  // Slack refuses an empty blocks list: a message of blank blocks falls back to its text
  if (blocks.length === 0 && m.text.trim()) blocks = renderBlock({ type: 'text', text: m.text }, st);
  const max = opts.maxBlocks ?? LIMITS.blocks;
  if (blocks.length > max) {
    blocks = blocks.slice(0, max - 1);
    blocks.push({ type: 'context', elements: [mrkdwn(esc(t(lang, 'truncated', { max })))] });
  }
  return { text: clip(esc(m.text || header?.text || ' '), LIMITS.fallbackText), blocks };
}

/** Whether rendered blocks show an image (Slack refuses the whole message when it cannot download one). */
export const hasImage = (blocks: SlackBlock[]) => blocks.some((b) => b.type === 'image');
