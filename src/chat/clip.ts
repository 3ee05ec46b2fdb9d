/**
 * Cuts plain text to `max` characters (UTF-16 units, as the platforms count) with an ellipsis;
 * a character written as two UTF-16 units (an emoji) is never split in half, and the cut is at
 * the end of a word when one ends in the second half ("Telefonie mit…", not "Telefonie mit Te…";
 * one long word is cut where the limit falls). For text no platform reads markup in: Slack
 * plain_text and input values, Teams card labels, choices, alt texts.
 */
export function clipPlain(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  if (/\s/.test(s[cut.length] ?? '')) return cut.trimEnd() + '…';
  const lastSpace = cut.search(/\s\S*$/);
  return (lastSpace >= max / 2 ? cut.slice(0, lastSpace).trimEnd() : cut) + '…';
}
