/**
 * Cuts plain text to `max` characters (UTF-16 units, as the platforms count) with an ellipsis;
 * a character written as two UTF-16 units (an emoji) is never split in half. For text no
 * platform reads markup in: Slack plain_text and input values, Teams card labels, choices, alt texts.
 */
export function clipPlain(s: string, max: number): string {
  if (s.length <= max) return s;
  return s.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '') + '…';
}
