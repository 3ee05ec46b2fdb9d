/**
 * Adaptive Card TextBlock (and FactSet) text is rendered as a markdown subset in Teams
 * (bold, italic, lists, links) plus `{{DATE()}}` functions and, in messages, `<at>` mentions.
 * The neutral model's strings are plain text, so every character with a meaning there is
 * backslash-escaped: catalog, survey or user text can never become a link, formatting,
 * a date function or a mention. Teams desktop, web and current mobile clients honour
 * backslash escapes.
 */
const SPECIAL = /[\\*_[\]()#>`~<{}|!&]/g;

export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((line) =>
        line
          .replace(SPECIAL, '\\$&')
          // list markers only count at the start of a line
          .replace(/^(\s*)([-+=])/, '$1\\$2')
          .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
      )
      // a single newline is swallowed by markdown: a blank line keeps the author's line break
      .join('\n\n')
  );
}

/** Plain-text fields of a card (button titles, input labels, choices) are not markdown; cap them only. */
export function cap(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
