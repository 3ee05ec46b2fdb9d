import type { Bi } from '../i18n/index.ts';

const LANGUAGE_NAME = { de: 'German', en: 'English' } as const;

/**
 * The warning for a text a file gives in one language only (`{de: ...}`): accepted, an operator
 * may write one language on purpose, but the other language's speakers see it in the language
 * given. The same rule for every file with texts (surveys, plan, projects): the field is
 * `FIELD.de` or `FIELD.en`, the one missing. Nothing when both or neither are given.
 */
export function warnOneLanguage(field: string, given: { de: boolean; en: boolean }, warn: (field: string, message: string) => void): void {
  if (given.de === given.en) return;
  const [missing, shown] = given.de ? (['en', 'de'] as const) : (['de', 'en'] as const);
  warn(`${field}.${missing}`, `missing: ${LANGUAGE_NAME[missing]} speakers will see the ${LANGUAGE_NAME[shown]} text`);
}

/**
 * A text of the plan or the projects: {de, en} or a plain string for both; an error message
 * instead of throwing. With `warn`, a text in one language only is reported at `field`.
 */
export function bi(v: unknown, warn?: { field: string; warn: (field: string, message: string) => void }): Bi | string {
  if (typeof v === 'string' && v.trim()) return { de: v.trim(), en: v.trim() };
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'de' && k !== 'en');
    if (extra.length) return `unknown language ${extra.join(', ')} (use de and en)`;
    const de = typeof o.de === 'string' ? o.de.trim() : '';
    const en = typeof o.en === 'string' ? o.en.trim() : '';
    if (!de && !en) return 'needs de or en text';
    if (warn) warnOneLanguage(warn.field, { de: de !== '', en: en !== '' }, warn.warn);
    return { de: de || en, en: en || de };
  }
  return 'expected a text or {de: ..., en: ...}';
}
