import { formTextMax, type Block, type Button, type FormInput, type OutMessage } from '../../src/chat/model.ts';

/** Escapes text for HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function safeUrl(url: string): string | null {
  return /^(https?:|mailto:|\/)/i.test(url) ? url : null;
}

/** A web address or an e-mail address inside plain text (the helpdesk's page and mailbox, a self-service link). */
const LINKABLE = /\bhttps?:\/\/[^\s<>"'«»]+|\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

/** A link's end that belongs to the sentence: "…/helpdesk," "… (see https://x/a)." */
function trimTrail(url: string): string {
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1]!;
    if (/[.,;:!?]/.test(c) || (c === ')' && url.slice(0, end).split('(').length <= url.slice(0, end).split(')').length - 1)) end--;
    else break;
  }
  return url.slice(0, end);
}

/** The longest part of an address whose hyphens are kept on one line (a longer one, wider than a phone's line, may still wrap). */
const KEPT_PART = 24;

/**
 * An e-mail or web address as HTML that wraps, where it must, after its @ or a slash or before a
 * dot (`<wbr>`), never inside a part: "alpenfirn.exam / ple" (the page's last resort for a long
 * word) or a line ending at an address's own hyphen would be read as something else, so a part
 * with a hyphen is kept whole. (Neither changes the text a reader copies.)
 */
function address(s: string): string {
  return s
    .split(/(?<=@|\/(?!\/))|(?=[.?#&])/)
    .map((part) => (part.includes('-') && part.length <= KEPT_PART ? `<span class="nw">${esc(part)}</span>` : esc(part)))
    .join('<wbr>');
}

/** Plain text as HTML: escaped, line breaks kept, web and e-mail addresses as links that open apart from the chat. */
function text(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(LINKABLE)) {
    const web = /^https?:\/\//i.test(m[0]);
    const found = web ? trimTrail(m[0]) : m[0];
    const link = web ? `<a href="${esc(found)}" target="_blank" rel="noopener noreferrer">` : `<a href="mailto:${esc(found)}">`;
    out += esc(s.slice(last, m.index)) + link + address(found) + '</a>';
    last = m.index + found.length;
  }
  return (out + esc(s.slice(last))).replace(/\n/g, '<br>');
}

function button(b: Button, inert: boolean): string {
  const url = b.url ? safeUrl(b.url) : null;
  const cls = `btn${b.style ? ` btn-${b.style}` : ''}`;
  // (a symbol's words, for screen readers and as a tooltip)
  const said = b.description ? ` aria-label="${esc(b.description)}" title="${esc(b.description)}"` : '';
  if (url) return `<a class="${cls}" href="${esc(url)}" target="_blank" rel="noopener noreferrer"${said}>${esc(b.label)}</a>`;
  return `<button type="button" class="${cls}" data-action="${esc(b.action)}" data-value="${esc(b.value ?? '')}"${said}${inert ? ' disabled' : ''}>${esc(b.label)}</button>`;
}

function input(formId: string, i: FormInput): string {
  const name = esc(i.id);
  const req = i.optional ? '' : ' required';
  const label = `<legend>${esc(i.label)}${i.optional ? '' : ' <span class="req">*</span>'}</legend>`;
  const initial = Array.isArray(i.initial) ? i.initial : i.initial !== undefined ? [i.initial] : [];
  if (i.kind === 'text') {
    // (a text input takes what the core keeps: formTextMax)
    return `<fieldset>${label}<textarea name="${name}" maxlength="${formTextMax(i)}" placeholder="${esc(i.placeholder ?? '')}"${req}>${esc(initial[0] ?? '')}</textarea></fieldset>`;
  }
  const type = i.kind === 'multi' ? 'checkbox' : 'radio';
  const opts = (i.options ?? [])
    .map((o, n) => {
      const id = `${esc(formId)}-${name}-${n}`;
      const checked = initial.includes(o.value) ? ' checked' : '';
      return `<label class="opt" for="${id}"><input type="${type}" id="${id}" name="${name}" value="${esc(o.value)}"${checked}${type === 'radio' ? req : ''}> ${esc(o.label)}</label>`;
    })
    .join('');
  return `<fieldset>${label}<div class="opts">${opts}</div></fieldset>`;
}

function block(b: Block, inert: boolean): string {
  switch (b.type) {
    case 'header':
      return `<h3>${esc(b.text)}</h3>`;
    case 'text':
      return `<p class="${b.muted ? 'muted' : ''}">${text(b.text)}</p>`;
    case 'fields':
      return `<dl class="fields">${b.fields.map((f) => `<div><dt>${esc(f.label)}</dt><dd>${text(f.value)}</dd></div>`).join('')}</dl>`;
    case 'badges':
      return `<div class="badges">${b.badges.map((x) => `<span class="badge badge-${esc(x.tone)}">${esc(x.text)}</span>`).join('')}</div>`;
    case 'actions':
      return `<div class="actions">${b.buttons.map((x) => button(x, inert)).join('')}</div>`;
    case 'links':
      return `<div class="links">${b.links
        .map((l) => {
          const url = safeUrl(l.url);
          // (a label that is the address itself wraps as one in a text)
          const label = l.label === url?.replace(/^mailto:/i, '') ? address(l.label) : esc(l.label);
          return url ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${label}</a>` : esc(l.label);
        })
        .join(' · ')}</div>`;
    case 'image': {
      const url = safeUrl(b.url) ?? (/^data:image\/(png|svg\+xml);base64,/.test(b.url) ? b.url : null);
      return url ? `<img src="${esc(url)}" alt="${esc(b.alt)}">` : '';
    }
    case 'divider':
      return '<hr>';
    case 'form':
      return `<form class="card-form" data-form="${esc(b.formId)}" data-action="${esc(b.submit.action)}" data-value="${esc(b.submit.value ?? '')}">${b.inputs
        .map((i) => input(b.formId, i))
        .join('')}<button type="submit" class="btn btn-${b.submit.style ?? 'primary'}"${inert ? ' disabled' : ''}>${esc(b.submit.label)}</button></form>`;
  }
}

/**
 * Renders a neutral message as an HTML fragment; every piece of text is escaped. `inert`: a
 * page without the chat's script shows the card (the admin ask box): its chat buttons are
 * disabled, so none looks as if a click did something; links work.
 */
export function renderHtml(m: OutMessage, opts: { inert?: boolean } = {}): string {
  const inert = opts.inert === true;
  const body = m.blocks?.length ? m.blocks.map((b) => block(b, inert)).join('') : `<p>${text(m.text)}</p>`;
  return `<div class="card" lang="${m.lang ?? ''}">${body}</div>`;
}
