import { isUtf8 } from 'node:buffer';
import { InputError } from '../errors.ts';

/**
 * The text of a file IT keeps, which must be UTF-8 (a BOM is allowed). Anything else is refused
 * naming the line of the first byte that is not UTF-8 and what that byte is in Windows-1252, the
 * encoding a spreadsheet's plain "CSV" has on Windows ("line 3: ... byte 0xFC, "ü" in
 * Windows-1252"), so the operator knows both where and why. A UTF-16 file (a spreadsheet's
 * "Unicode text") is named as such.
 */
export function utf8Text(buf: Buffer, file: string): string {
  if (isUtf8(buf)) return buf.toString('utf8');
  const hint = 'save it as UTF-8 ("CSV UTF-8" in Excel)';
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new InputError([{ file, message: `the file is UTF-16 text, not UTF-8: ${hint}` }]);
  }
  // (a byte sequence of UTF-8 never holds a line feed, so the first line that is not UTF-8 holds the first bad byte)
  let line = 1;
  let start = 0;
  for (;;) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl + 1;
    if (!isUtf8(buf.subarray(start, end)) || nl < 0) break;
    line++;
    start = end;
  }
  let at = start;
  while (at < buf.length && buf[at]! < 0x80) at++;
  const byte = buf[at] ?? 0;
  const cp1252 = new TextDecoder('windows-1252').decode(buf.subarray(at, at + 1));
  const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(cp1252) ? `, "${cp1252}" in Windows-1252` : '';
  throw new InputError([{ file, entry: `line ${line}`, message: `the file is not UTF-8 text (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}${shown}): ${hint}` }]);
}
