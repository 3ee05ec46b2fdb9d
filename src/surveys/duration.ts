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

export function addDuration(at: Date, text: string): Date {
  const ms = parseDuration(text);
  if (ms === null) throw new Error(`not a duration: ${text}`);
  return new Date(at.getTime() + ms);
}
