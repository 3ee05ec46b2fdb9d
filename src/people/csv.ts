import { parse } from 'csv-parse/sync';
import { InputError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based line number in the file where the record starts */
  line: number;
  values: Record<string, string>;
}

/**
 * Reads a CSV file with a header row into records with their line numbers.
 * A quoting error becomes an InputError naming the file and line.
 */
export function readCsv(text: string, file: string): { header: string[]; records: CsvRecord[] } {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    const msg = err.message.replace(/^Invalid Record Length: /, '').replace(/\s+/g, ' ');
    throw new InputError([{ file, entry: err.lines ? `line ${err.lines}` : undefined, message: `not valid CSV: ${msg}` }]);
  }
  if (rows.length === 0) throw new InputError([{ file, message: 'the file is empty (a header row is required)' }]);
  const header = rows[0]!.record.map((h) => h.trim());
  const records = rows.slice(1).map((r) => {
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = r.record[i] ?? ''));
    // info.lines is the line where the record ends; multi-line quoted fields are rare here
    return { line: r.info.lines, values, extra: r.record.length - header.length } as CsvRecord & { extra: number };
  });
  return { header, records };
}
