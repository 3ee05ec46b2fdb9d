import { esc } from '../render.ts';

/** Markup that is already safe (built by `html` or generated SVG); everything else is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | HtmlValue[];

function part(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return esc(String(v));
}

/**
 * Tagged template for the admin pages: every interpolated value is HTML-escaped unless it is
 * SafeHtml, so data from the catalog, the plan or survey comments can never become markup.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Trusts a string as markup: only for generated SVG and our own renderers' output. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

export { esc };
