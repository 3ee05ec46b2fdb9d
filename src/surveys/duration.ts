/**
 * ISO-8601 durations as surveys use them (P7D, PT12H, P1W, P1DT6H). Days are counted as
 * 24 hours: a survey that closes "P7D" after it opens closes 168 hours later, which is what
 * people expect within a week, DST included. Months and years are refused (ambiguous).
 */
const RE = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds, or null when the text is not a duration we accept. */
export function parseDuration(text: string): number | null {
  const m = RE.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** The longest duration a survey takes (a close after sending, a reminder): a year. */
const MAX_DAYS = 366;

/**
 * Why a survey's duration is refused, or null when it is one: it must parse, be positive and
 * at most a year long (a longer one would be no date at all, or a survey nobody waits for).
 * Months and years are ISO-8601 too, but their length varies: the reason says to use days or weeks.
 */
export function durationProblem(text: unknown, example = 'P7D'): string | null {
  const ms = typeof text === 'string' ? parseDuration(text) : null;
  const datePart = typeof text === 'string' ? text.trim().split('T')[0]! : '';
  if (ms === null && /^P(?:\d+[YMWD])+$/.test(datePart) && /[YM]/.test(datePart)) {
    return `"${String(text)}": months and years are not taken here (their length varies): use days or weeks, such as P30D or P4W`;
  }
  if (ms === null || ms <= 0) return `"${String(text)}" is not a positive ISO-8601 duration such as ${example}`;
  if (ms > MAX_DAYS * 86_400_000) return `"${String(text)}" is longer than a year: at most P${MAX_DAYS}D`;
  return null;
}

export function addDuration(at: Date, text: string): Date {
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`not a duration: ${text}`);
  return new Date(at.getTime() + ms);
}
