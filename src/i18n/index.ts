import type { Lang } from '../chat/model.ts';

/** A text in both languages. `{name}` placeholders are filled by `fmt`. */
export type Bi = { de: string; en: string };

export function fmt(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

/**
 * A feature's texts: `const t = texts({hello: {de: 'Hallo {name}', en: 'Hello {name}'}})`,
 * then `t(lang, 'hello', {name})`. Keys are checked by TypeScript.
 */
export function texts<K extends string>(table: Record<K, Bi>) {
  return (lang: Lang, key: K, params?: Record<string, string | number>): string =>
    fmt(table[key][lang], params);
}

/** Whether a value (from a button, a query string, stored JSON) is one of the two languages. */
export function isLang(v: unknown): v is Lang {
  return v === 'de' || v === 'en';
}

/** A text in the quotation marks of the language: «Intranet» (de), "Intranet" (en). */
export function quote(text: string, lang: Lang): string {
  return lang === 'de' ? `«${text}»` : `"${text}"`;
}

/** Picks a language of a {de,en} value that may be a plain string or miss one side. */
export function pick(v: Partial<Bi> | string | null | undefined, lang: Lang): string {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  return v[lang] ?? v[lang === 'de' ? 'en' : 'de'] ?? '';
}

export function parseLocale(locale: string | undefined | null): Lang | null {
  if (!locale) return null;
  const l = locale.toLowerCase();
  if (l.startsWith('de') || l === 'gsw' || l.startsWith('gsw')) return 'de';
  if (l.startsWith('en')) return 'en';
  return null;
}

const MONTHS: Record<Lang, string[]> = {
  de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** A month by its number (1-12) in words. */
export function monthName(month: number, lang: Lang): string {
  return MONTHS[lang][month - 1] ?? String(month);
}

/** A day (YYYY-MM-DD, or the day of an ISO time) in words: "4. Januar 2027", "4 January 2027". */
export function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return day;
  return lang === 'de' ? `${d}. ${monthName(m, 'de')} ${y}` : `${d} ${monthName(m, 'en')} ${y}`;
}

const NAME_ORDER: Record<Lang, Intl.Collator> = { de: new Intl.Collator('de-CH', { numeric: true }), en: new Intl.Collator('en-GB', { numeric: true }) };

/**
 * Two names in the reader's order: as the language sorts its letters (ä with a in German), and a
 * number by its value, so "Testdienst 2" comes before "Testdienst 10" (a text order puts 10 first).
 */
export function compareNames(a: string, b: string, lang: Lang): number {
  return NAME_ORDER[lang].compare(a, b);
}

const COUNTS: Record<Lang, Intl.NumberFormat> = { de: new Intl.NumberFormat('de-CH'), en: new Intl.NumberFormat('en-GB') };

/** A count with the thousands separator of the language, Swiss style: 1'500 (de), 1,500 (en). */
export function formatCount(n: number, lang: Lang): string {
  return COUNTS[lang].format(n);
}

const DECIMALS = new Map<string, Intl.NumberFormat>();

/**
 * A figure with decimals as the bot writes every number, Swiss style in both languages: a
 * decimal point and the thousands separator of counts ("4.5", "1'500.25"; "1,500.25" in
 * English). `min`/`max`: the digits after the point (trailing zeros up to `min`).
 */
export function formatDecimal(n: number, lang: Lang, min = 0, max = 2): string {
  const key = `${lang}:${min}:${max}`;
  let f = DECIMALS.get(key);
  if (!f) DECIMALS.set(key, (f = new Intl.NumberFormat(lang === 'de' ? 'de-CH' : 'en-GB', { minimumFractionDigits: min, maximumFractionDigits: max })));
  return f.format(n);
}

/** A survey mean, always with two decimals: "4.00", "3.67" (admin pages, result card, command line alike). */
export function formatMean(n: number, lang: Lang): string {
  return formatDecimal(n, lang, 2, 2);
}

/** A count and its noun, singular for 1: "1 Antwort", "1'500 Antworten". */
export function countOf(n: number, lang: Lang, one: string, many: string): string {
  return `${formatCount(n, lang)} ${n === 1 ? one : many}`;
}

/**
 * Names as a list in running text: "A und B", "A, B und C" (de); "A and B", "A, B and C" (en).
 * The one rule for every list of groups, departments or platforms the bot writes in a sentence.
 */
export function listOf(items: string[], lang: Lang): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${lang === 'de' ? 'und' : 'and'} ${items.at(-1)}`;
}

/** A text as a sentence: ending in . ! ? or : (as written, or with a full stop added). */
export function sentence(text: string): string {
  const t = text.trim();
  return !t || /[.!?:…)"»]$/.test(t) ? t : `${t}.`;
}

export { detectLanguage } from './detect.ts';
