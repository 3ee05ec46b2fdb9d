import { parse } from 'csv-parse/sync';
import { InputError, type Problem } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line number in the file where the record starts */
  line: number;
  values: Record<string, string>;
  /** how many cells more (or, negative, fewer) the row has than the header names */
  extra?: number;
  /** the cells after the header's last named column (a row with too many cells) */
  beyond?: string[];
}

/** A cell's text for a message: on one line, at most 30 characters. */
function shortCell(cell: string): string {
  const one = cell.replace(/\s+/g, ' ').trim();
  return one.length > 30 ? `${one.slice(0, 29)}…` : one;
}

/**
 * What a row with more cells than the header holds past the header's last named column, by
 * column number (1 is the first): `cells 6-7 have no column name in the header (cell 7 holds
 * "forgotten")`. A value in a column the header leaves unnamed (a spreadsheet's empty header
 * cell) and a cell shifted by a missing quote both show this way.
 */
export function beyondHeader(width: number, beyond: readonly string[]): string {
  const first = width + 1;
  const last = width + beyond.length;
  const which = beyond.length === 1 ? `cell ${first} has` : `cells ${first}-${last} have`;
  const held = beyond.map((c, i) => ({ n: first + i, c })).filter((x) => x.c !== '');
  const shown = held.slice(0, 3).map((x) => `cell ${x.n} holds "${shortCell(x.c)}"`);
  if (held.length > 3) shown.push(`${held.length - 3} more ${held.length === 4 ? 'holds' : 'hold'} text`);
  if (held.length < beyond.length) shown.push(held.length === 0 ? 'all empty' : `the other${beyond.length - held.length === 1 ? ' is' : 's are'} empty`);
  return `${which} no column name in the header (${shown.join(', ')})`;
}

/**
 * The separator of the file: `,`, or `;` when the header row has semicolons and no comma (a
 * spreadsheet set to German or Swiss German saves "CSV" that way). Only the header is looked at:
 * its names never hold either character, while a cell may hold both.
 */
function delimiterOf(text: string): ',' | ';' {
  const separator = headerSeparator(text);
  return separator === '\t' ? ',' : separator;
}

/** The header row of a CSV text (the first line, outside quotes): its separator, `\t` when it has tabs and neither `,` nor `;`. */
export function headerSeparator(src: string): ',' | ';' | '\t' {
  let quoted = false;
  let semicolon = false;
  let tab = false;
  for (const ch of src) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === '\n' || ch === '\r') break;
    else if (ch === ',') return ',';
    else if (ch === ';') semicolon = true;
    else if (ch === '\t') tab = true;
  }
  return semicolon ? ';' : tab ? '\t' : ',';
}

/**
 * The problem of a row whose number of cells is not the header's `width` (null for a row that
 * fits), the one place both wordings come from:
 * - `tooMany`, for a row with more cells than the header names only (null for any other row):
 *   `7 cells but the header has 5 columns (check the quoting): cells 6-7 have no column name ...`;
 * - `count` (the people directory), for a row with more or fewer cells:
 *   `expected 5 columns, got 7: cells 6-7 have no column name ...`, `expected 5 columns, got 4`.
 */
export function cellCountProblem(width: number, r: CsvRecord, wording: 'tooMany' | 'count'): string | null {
  if (!r.extra) return null;
  const got = width + r.extra;
  const beyond = r.beyond ? `: ${beyondHeader(width, r.beyond)}` : '';
  if (wording === 'count') return `expected ${width} columns, got ${got}${beyond}`;
  if (r.extra < 0 || !r.beyond) return null;
  return `${got} cells but the header has ${width} columns (check the quoting)${beyond}`;
}

/** `cellCountProblem` worded `tooMany`: the problem of a row with more cells than the header names. */
export function tooManyCells(width: number, r: CsvRecord): string | null {
  return cellCountProblem(width, r, 'tooMany');
}

/** What the CSV reader says of a quote that is never closed (`line N`, where it opens). */
const UNCLOSED_QUOTE = 'not valid CSV: the quote that opens a cell on this line is never closed';

/**
 * Reads a CSV file with a header row into records with their line numbers.
 * A quoting error becomes an InputError naming the file and line.
 *
 * What a spreadsheet adds is read as the table it shows: `;` as the separator (see
 * delimiterOf), empty columns after the last named one (`...,vip,,`: cells once formatted),
 * and rows of empty cells only (`;;;;`). Those columns and rows are left out; a value in such a
 * column still makes its row one with too many cells. A line break in a cell is read as LF.
 */
export function readCsv(text: string, file: string): { header: string[]; records: CsvRecord[] } {
  let rows: Array<{ record: string[]; info: { lines: number; bytes: number } }>;
  const src = text.replace(/^\uFEFF/, '');
  const delimiter = delimiterOf(src);
  try {
    rows = parse(src, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number; bytes: number } }>;
  } catch (e) {
    const err = e as { code?: string; lines?: number; bytes?: number; index?: number; message: string };
    // (the parser names the line where the file ends, and counts a CR LF in a quoted cell twice: the quote opens elsewhere)
    const open = err.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuote(src, delimiter) : null;
    if (open) throw new CsvQuoteError({ file, entry: `line ${open.line}`, message: UNCLOSED_QUOTE }, open.cell);
    const msg = err.message.replace(/^Invalid Record Length: /, '').replace(/\s+/g, ' ');
    // (a stray quote's line is where the parser stood, by bytes: its own count has each CR LF of a quoted cell before it twice)
    const stray = err.code !== undefined && STRAY_QUOTE.has(err.code);
    const at = stray && err.bytes !== undefined ? lineAtByte(src, err.bytes) : err.lines;
    const problem = { file, entry: at ? `line ${at}` : undefined, message: `not valid CSV: ${msg}` };
    throw stray ? new CsvQuoteError(problem, err.index) : new InputError([problem]);
  }
  if (rows.length === 0) throw new InputError([{ file, message: 'the file is empty (a header row is required)' }]);
  const named = rows[0]!.record.map((h) => h.trim());
  let width = named.length;
  while (width > 0 && named[width - 1] === '') width--;
  const header = named.slice(0, width);
  const starts = startLines(Buffer.from(src), rows.map((r) => r.info.bytes));
  const records: Array<CsvRecord & { extra: number }> = [];
  rows.slice(1).forEach((r, k) => {
    // (a line break inside a cell is LF, as YAML and the chat have it, whatever the file's line ends)
    const cells = r.record.map((c) => c.replace(/\r\n?/g, '\n'));
    while (cells.length > width && cells[cells.length - 1] === '') cells.pop();
    if (cells.every((c) => c === '')) return;
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = cells[i] ?? ''));
    const extra = cells.length - width;
    records.push(extra > 0 ? { line: starts[k + 1]!, values, extra, beyond: cells.slice(width) } : { line: starts[k + 1]!, values, extra });
  });
  return { header, records };
}

/** A quoting problem the reader stopped at, with the cell (0 is the first) it is in when known. */
class CsvQuoteError extends InputError {
  constructor(problem: Problem, readonly cell: number | undefined) {
    super([problem]);
  }
}

/** The parser's errors for a quote inside a cell or text after a closing quote. */
const STRAY_QUOTE = new Set(['INVALID_OPENING_QUOTE', 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE', 'CSV_INVALID_CLOSING_QUOTE']);

/** The line of the text the byte at `offset` (of its UTF-8 form) is on. */
function lineAtByte(text: string, offset: number): number {
  const buf = Buffer.from(text).subarray(0, offset);
  let line = 1;
  for (const b of buf) if (b === 10) line++;
  return line;
}

/**
 * The line each record starts on, from the byte offsets where the records end: the parser counts
 * the line a record ends on, and a CR LF inside a quoted cell as two lines.
 */
function startLines(buf: Buffer, ends: number[]): number[] {
  const out: number[] = [];
  let pos = 0;
  let line = 1;
  for (const end of ends) {
    // (the next record begins after the line breaks and empty lines before it)
    while (pos < buf.length && (buf[pos] === 10 || buf[pos] === 13)) {
      if (buf[pos] === 10) line++;
      pos++;
    }
    out.push(line);
    for (; pos < end && pos < buf.length; pos++) if (buf[pos] === 10) line++;
  }
  return out;
}

/** The line of the quote that opens a cell and is still open at the end of the text, and that cell (0 is the first of its row), or null. */
function unclosedQuote(text: string, delimiter: string): { line: number; cell: number } | null {
  let line = 1;
  let cell = 0;
  let cellStart = true;
  let open: { line: number; cell: number } | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (open !== null) {
      if (ch === '\n') line++;
      else if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else open = null;
      }
      continue;
    }
    if (ch === '\n') {
      line++;
      cell = 0;
      cellStart = true;
    } else if (ch === delimiter) {
      cell++;
      cellStart = true;
    } else if (ch === '"' && cellStart) open = { line, cell };
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r') cellStart = false;
  }
  return open;
}

/**
 * A quoting problem the reader stopped at, in words that say what to write (the parser's own
 * message counts cells from 0 and names no column), with the column by its header name and an
 * example of the file's own kind (`example`: a cell written with a quote in it, doubled).
 */
function quotingProblem(message: string, column: string | undefined, example: string): string | undefined {
  const rest = 'this row is not read (the rows after it are checked)';
  const inColumn = column ? ` (column ${column})` : '';
  if (message === UNCLOSED_QUOTE) return `not valid CSV: the quote that opens a cell${inColumn} on this line is never closed: close the quote with a second ", or remove it; ${rest}`;
  const opening = /^not valid CSV: Invalid Opening Quote: a quote is found on field \d+ at line \d+, value is "(.*)"/.exec(message);
  const doubled = `write the cell in quotes with each quote in it doubled, such as ${example}`;
  if (opening) {
    const after = opening[1] ? ` after "${opening[1].replace(/\\"/g, '"')}"` : '';
    return `not valid CSV: a quote inside a cell${inColumn}${after}: ${doubled}; ${rest}`;
  }
  if (/^not valid CSV: Invalid Closing Quote:/.test(message)) {
    return `not valid CSV: a quoted cell${inColumn} goes on after its closing quote: ${doubled}; ${rest}`;
  }
  return undefined;
}

/** What the reader says of a quote in the header row that is never closed: nothing after it can be read. */
const UNCLOSED_HEADER = `${UNCLOSED_QUOTE}, so the lines from here to the end of the file are read as that one cell and not checked: close the quote with a second ", or remove it`;

/** A CSV file read around its quoting problems: the rows that can be read, and the problems with the lines they leave unread. */
export interface CsvRead {
  header: string[];
  records: CsvRecord[];
  /** the quoting problems, one per row not read, and the text of those rows */
  unread?: { problems: Problem[]; rest: string; separator: ',' | ';' };
}

/**
 * Reads an imported CSV file (`kind` names it in a message: `a catalog CSV`, `a people CSV`;
 * `example` is a cell of such a file with a quote in it, written as it must be: `"27"" monitor"`).
 * A file whose cells are separated by tabs (a spreadsheet's "Text (Tab delimited)") is refused
 * saying so. A quoting problem leaves its row unread: the rows before and after it are still
 * read, each with its own line number, so that the importer checks them and lists their problems
 * with it, and the quote is a problem at its line (where a quote that is never closed opens), in
 * its column, said in words that tell what to write.
 */
export function readImportCsv(text: string, file: string, kind: string, example: string): CsvRead {
  const src = text.replace(/^\uFEFF/, '');
  const separator = headerSeparator(src);
  if (separator === '\t') {
    throw new InputError([{ file, entry: 'line 1', message: `the cells are separated by tabs (a "Text (Tab delimited)" file): ${kind} separates them with , or ; (in Excel save it as "CSV UTF-8 (Comma delimited)")` }]);
  }
  return readAround(src, file, example, separator, 0);
}

/** Rows with a quoting problem read around: past them the rest of the file is not read (a file with an inch mark in every row). */
const MAX_QUOTE_STOPS = 100;

/** `readImportCsv` from the text's header on; `stops`: the rows with a quoting problem found before this text. */
function readAround(src: string, file: string, example: string, separator: ',' | ';', stops: number): CsvRead {
  try {
    return readCsv(src, file);
  } catch (e) {
    const stop = e instanceof InputError && e.problems.length === 1 ? e.problems[0]! : undefined;
    const at = stop ? lineOf(stop) : 0;
    if (!stop || at < 1) throw e;
    if (at === 1) {
      // (a quoting problem in the header row: no row can be read)
      const explained = stop.message === UNCLOSED_QUOTE ? UNCLOSED_HEADER : /^not valid CSV: Invalid (Opening|Closing) Quote:/.test(stop.message) ? 'not valid CSV: a column name in the header row has a quote in it or after it: write the column names without quotes' : undefined;
      throw explained ? new InputError([{ file, entry: stop.entry, message: explained }]) : e;
    }
    // (the rows before the record the problem is in: that record starts on its line, or on an
    // earlier one when a quoted cell before the problem goes over several lines)
    let cut = -1;
    for (let n = 1; n < at; n++) cut = src.indexOf('\n', cut + 1);
    const end = src.indexOf('\n', cut + 1);
    let before: ReturnType<typeof readCsv> | undefined;
    for (let start = at; start >= 2 && !before; start--) {
      try {
        before = readCsv(src.slice(0, cut + 1), file);
      } catch {
        // (the cut is inside a quoted cell: one line earlier)
        cut = src.lastIndexOf('\n', cut - 1);
      }
    }
    if (!before) throw e;
    const cell = e instanceof CsvQuoteError ? e.cell : undefined;
    const explained = quotingProblem(stop.message, cell === undefined ? undefined : before.header[cell], example);
    if (!explained) throw e;
    const problems: Problem[] = [{ file, entry: stop.entry, message: explained }];
    let rest = end < 0 ? src.slice(cut + 1) : src.slice(cut + 1, end + 1);
    const records = [...before.records];
    // (the rows after the problem's line, read with the header: line k of that text is line at + k - 1 of the file)
    const after = end < 0 ? '' : src.slice(end + 1);
    if (after.trim() && stops + 1 >= MAX_QUOTE_STOPS) {
      problems.push({ file, entry: `line ${at + 1}`, message: `not checked: the lines from here to the end of the file (after ${MAX_QUOTE_STOPS} rows with quoting problems)` });
      rest += after;
    } else if (after.trim()) {
      const shift = (line: number) => line + at - 1;
      const next = readAround(src.slice(0, src.indexOf('\n') + 1) + after, file, example, separator, stops + 1);
      records.push(...next.records.map((r) => ({ ...r, line: shift(r.line) })));
      if (next.unread) {
        problems.push(...next.unread.problems.map((p) => ({ ...p, entry: `line ${shift(lineOf(p))}` })));
        rest += next.unread.rest;
      }
    }
    return { header: before.header, records, unread: { problems, rest, separator } };
  }
}

/** The line a problem names (`line N`), 0 for none. */
const lineOf = (p: Problem): number => Number(/^line (\d+)$/.exec(p.entry ?? '')?.[1] ?? 0);

/** Adds a file's quoting problems (`readImportCsv`) to the problems of its rows, in the order of their lines. */
export function withQuoteProblems(problems: Problem[], quoting: readonly Problem[] = []): Problem[] {
  for (const q of quoting) {
    const i = problems.findIndex((p) => lineOf(p) > lineOf(q));
    problems.splice(i < 0 ? problems.length : i, 0, q);
  }
  return problems;
}
