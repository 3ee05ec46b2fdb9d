/**
 * Text from the database (questions, comments, reasons people typed) as one line of the
 * command line's text output. Chat input is cleaned of control characters when it arrives
 * (src/chat/bot.ts), but a database from before that, a row written by another tool or an
 * admin form may still hold them, and an escape sequence printed raw acts on the operator's
 * terminal (colours, hidden or overwritten text, a cleared screen, the clipboard set through
 * OSC 52). Here every control character is shown instead of sent: a C0 one or DEL as its
 * Unicode control picture (ESC as ␛), a C1 one as U+FFFD; a line break becomes `lineBreak`
 * (one entry, one line) and a tab a space. `--json` output needs none of this: JSON escapes
 * control characters itself.
 */
export function terminalLine(s: string, lineBreak = ' / '): string {
  return s
    .replace(/\r\n|[\r\n\u2028\u2029\u0085]/g, lineBreak)
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, (c) => String.fromCharCode(c === '\u007F' ? 0x2421 : 0x2400 + c.charCodeAt(0)))
    .replace(/[\u0080-\u009F]/g, '\uFFFD');
}
