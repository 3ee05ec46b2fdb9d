import { clipPlain } from '../../src/chat/clip.ts';

/**
 * Adaptive Card TextBlock (and FactSet) text is rendered as a markdown subset in Teams
 * (bold, italic, lists, links) plus `{{DATE()}}` functions and, in messages, `<at>` mentions.
 * The neutral model's strings are plain text, so every character with a meaning there is
 * backslash-escaped: catalog, survey or user text can never become a link, formatting,
 * a date function or a mention. Teams desktop, web and current mobile clients honour
 * backslash escapes. Fields that are not markdown go through `plain`.
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

/** Caps a text at `max` characters (an ellipsis marks the cut; an emoji is never split in half). */
export const cap = clipPlain;

/**
 * Plain-text fields of a card (input labels, placeholders, choices, button titles, alt texts) are
 * not markdown, so a backslash would show; but Teams evaluates `{{DATE(…)}}` / `{{TIME(…)}}` in
 * some of them (input labels). A zero-width space between the two braces keeps the text as
 * written, invisibly. Capped at `max` characters.
 */
export function plain(text: string, max: number): string {
  return cap(text, max).replace(/\{\{/g, '{\u200B{');
}
