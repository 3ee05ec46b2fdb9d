import type { Lang } from '../chat/model.ts';
import type { Bi } from '../i18n/index.ts';

/**
 * One SLA value as the catalog file gives it: a plain string ("4h", "2 business days",
 * "Mo-Fr 07:00-18:00"), as the contract shows, or a {de, en} pair when the value holds words
 * that need translating ("5 business days (new device)"). Plain strings stay plain in the
 * model, so that export gives back exactly what was imported.
 */
export type SlaValue = string | Bi;

export const SLA_KEYS = ['availability', 'supportHours', 'response', 'resolution'] as const;
export type SlaKey = (typeof SLA_KEYS)[number];

/** "n/a", "none", "-": the service has no such promise, so the card leaves the field out. */
const NONE = /^(n\/a|n\.a\.|none|-|–|—)$/i;

function isNoSla(text: string): boolean {
  return NONE.test(text.trim());
}

/**
 * The common SLA units in German. Deliberately small: numbers with a unit, nothing else.
 * Anything beyond this belongs in a {de, en} pair in the catalog file, not in code.
 */
const GERMAN_UNITS: Array<[RegExp, (n: string) => string]> = [
  [/\b(\d+(?:[.,]\d+)?)\s*(?:business|working)[ -]days?\b/gi, (n) => `${n} ${n === '1' ? 'Arbeitstag' : 'Arbeitstage'}`],
  [/\b(\d+(?:[.,]\d+)?)\s*(?:calendar\s+)?days?\b/gi, (n) => `${n} ${n === '1' ? 'Tag' : 'Tage'}`],
  [/\b(\d+(?:[.,]\d+)?)\s*(?:hours?|hrs?)\b/gi, (n) => `${n} Std.`],
  [/\b(\d+(?:[.,]\d+)?)\s*(?:minutes?|mins?)\b/gi, (n) => `${n} Min.`],
];

/** A plain SLA string for a German reader: units translated, the rest ("4h", "24/7", "99.5%") as written. */
export function germanSlaUnits(text: string): string {
  let out = text;
  for (const [re, to] of GERMAN_UNITS) out = out.replace(re, (_m, n: string) => to(n));
  return out;
}

/** A day abbreviation of either language in the other's: Di/Tu, Mi/We, Do/Th, So/Su (Mo, Fr, Sa are both). */
const DAY_IN: Record<Lang, Record<string, string>> = {
  en: { Di: 'Tu', Mi: 'We', Do: 'Th', So: 'Su' },
  de: { Tu: 'Di', We: 'Mi', Th: 'Do', Su: 'So' },
};
const DAY = String.raw`(?:Mo|Di|Mi|Do|Fr|Sa|So|Tu|We|Th|Su)\.?`;
/** Day abbreviations joined into a range or list ("Mo-Fr", "Sa, So", "Mo–Do"), or one day before a time ("Sa 08:00-12:00"). */
const DAYS = new RegExp(String.raw`(?<![\p{L}\p{N}])${DAY}(?:(?:\s*[-–,/+&]\s*|\s+)${DAY})*(?![\p{L}\p{N}])(?=(\s*:?\s*\d)?)`, 'gu');
const ONE_DAY = new RegExp(`^${DAY}$`);

/**
 * Support hours for a reader: the day abbreviations of a range or list of days, or of one day
 * before a time, in the reader's language ("Mo-Do 07:00-18:00" is "Mo-Th 07:00-18:00" in
 * English, "Sa, Su" is "Sa, So" in German); any other text as written ("Do not call" stays).
 */
export function supportHoursDays(text: string, lang: Lang): string {
  return text.replace(DAYS, (group: string, time: string | undefined) => {
    if (ONE_DAY.test(group) && time === undefined) return group;
    return group.replace(/[A-Z][a-z]/g, (d) => DAY_IN[lang][d] ?? d);
  });
}

/**
 * The SLA value as the card shows it in the reader's language, or null when the field is to
 * be left out (absent, empty, or "n/a" / "none" / "-" in that language). Support hours show
 * their day abbreviations in the reader's language (supportHoursDays).
 */
export function slaText(value: SlaValue | undefined, lang: Lang, key?: SlaKey): string | null {
  if (value === undefined || value === null) return null;
  const bilingual = typeof value !== 'string';
  const given = (bilingual ? value[lang] : value)?.trim();
  if (!given || isNoSla(given)) return null;
  const text = key === 'supportHours' ? supportHoursDays(given, lang) : given;
  if (bilingual || lang === 'en') return text;
  return germanSlaUnits(text);
}
