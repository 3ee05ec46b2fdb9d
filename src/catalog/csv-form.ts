import { stringify } from 'csv-stringify/sync';
import type { CsvRecord } from '../people/csv.ts';
import type { Service } from './model.ts';
import type { Locator } from './validate.ts';
import type { Problem } from '../errors.ts';
import { SLA_KEYS, type SlaKey, type SlaValue } from './sla.ts';
import { neutraliseFormulaCell, restoreFormulaCell } from '../files/csv-formula.ts';

/**
 * The CSV form of the catalog: one row a service, nested fields joined with `.`, a `_de`/`_en`
 * pair for each text, lists joined with `;`. Official answers have no CSV form. SLA values are
 * plain (`sla.response`) or, when bilingual, a pair (`sla.response_de`, `sla.response_en`).
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) is exported
 * with a `'` in front, and import removes that one `'` again (src/files/csv-formula.ts), so
 * export -> import -> export keeps the bytes and the catalog.
 *
 * A `;` inside one list item is written `\;` (a keyword "Hardware; Software" stays one keyword);
 * any other backslash is literal. An item that ends in a backslash gets a space before the `;`
 * that follows it, which the import trims.
 */
export const CSV_COLUMNS = [
  'id', 'name_de', 'name_en', 'category_de', 'category_en', 'summary_de', 'summary_en',
  'description_de', 'description_en', 'keywords_de', 'keywords_en', 'status', 'audience',
  'owner.name', 'owner.email', 'request.url', 'request.how_de', 'request.how_en',
  'sla.availability', 'sla.supportHours', 'sla.response', 'sla.resolution',
  'price.amount', 'price.currency', 'price.per_de', 'price.per_en', 'replacedBy',
];

const LISTS = new Set(['keywords_de', 'keywords_en', 'keywords']);

/** A list cell's items: split at each `;` without a backslash before it; `\;` is a `;`. */
function splitListCell(raw: string): string[] {
  return raw.split(/(?<!\\);/).map((s) => s.replaceAll('\\;', ';').trim()).filter(Boolean);
}

/** The list cell for some items, read back by splitListCell. */
function joinListCell(items: readonly string[]): string {
  return items.map((s, i) => {
    const escaped = s.replaceAll(';', '\\;');
    return escaped.endsWith('\\') && i < items.length - 1 ? `${escaped} ` : escaped;
  }).join(';');
}

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

/** The path in the tree a column's cells go to (`request.how_de` -> request, how, de). */
function columnPath(col: string): string[] {
  const m = /^(.*)_(de|en)$/.exec(col);
  return m ? [...m[1]!.split('.'), m[2]!] : col.split('.');
}

/** Turns CSV records into the tree the validator reads (empty cells are absent). */
export function csvToTree(records: CsvRecord[]): { services: Record<string, unknown>[] } {
  // (the path of each column is worked out once, not once a cell: a catalog may have 100,000 rows)
  const paths = new Map<string, string[]>();
  const services = records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [col, cell] of Object.entries(r.values)) {
      if (cell === '' || col === '') continue;
      const raw = restoreFormulaCell(cell);
      let path = paths.get(col);
      if (!path) paths.set(col, (path = columnPath(col)));
      let value: unknown = raw;
      if (LISTS.has(col)) value = splitListCell(raw);
      else if (col === 'audience') value = /(?<!\\);/.test(raw) ? splitListCell(raw) : raw.replaceAll('\\;', ';');
      setPath(o, path, value);
    }
    return o;
  });
  return { services };
}

/** Errors in CSV name the line and the column. */
export function csvLocator(file: string, records: CsvRecord[]): Locator {
  return {
    file,
    entry: (_section, index) => `line ${records[index]?.line ?? '?'}`,
    field: (p) => p.replace(/\[\d+\]$/, '').replace(/\.(de|en)$/, '_$1'),
  };
}

/**
 * An SLA value is one column (`sla.response`) when plain, a `_de`/`_en` pair when bilingual.
 * Both in one row would leave it open which one counts, so that is a problem to report.
 */
export function csvSlaConflicts(file: string, records: CsvRecord[]): Problem[] {
  const problems: Problem[] = [];
  for (const r of records) {
    for (const k of SLA_KEYS) {
      const col = `sla.${k}`;
      const pair = [`${col}_de`, `${col}_en`].filter((c) => (r.values[c] ?? '') !== '');
      if ((r.values[col] ?? '') !== '' && pair.length) {
        problems.push({ file, entry: `line ${r.line}`, field: col, message: `give either ${col} (one text for both languages) or ${col}_de and ${col}_en, not both` });
      }
    }
  }
  return problems;
}

/**
 * The columns of an export: the contract's columns, and after `sla.X` the pair `sla.X_de`,
 * `sla.X_en` only when some service has that value bilingual (a catalog of plain SLA strings
 * exports exactly as before).
 */
function exportColumns(services: Service[]): { columns: string[]; bilingual: Set<SlaKey> } {
  const bilingual = new Set(SLA_KEYS.filter((k) => services.some((s) => typeof s.sla?.[k] === 'object')));
  const columns = CSV_COLUMNS.flatMap((c) => {
    const k = c.startsWith('sla.') ? (c.slice(4) as SlaKey) : null;
    return k && bilingual.has(k) ? [c, `${c}_de`, `${c}_en`] : [c];
  });
  return { columns, bilingual };
}

function slaCells(v: SlaValue | undefined, bilingual: boolean): string[] {
  if (!bilingual) return [typeof v === 'string' ? v : ''];
  return typeof v === 'object' ? ['', v.de, v.en] : [v ?? '', '', ''];
}

/** A service's cells, in the order of `exportColumns` (not yet neutralised). */
function serviceRow(s: Service, bilingual: ReadonlySet<SlaKey>): string[] {
  const bi = (v: { de: string; en: string } | undefined, lang: 'de' | 'en') => v?.[lang] ?? '';
  return [
    s.id, s.name.de, s.name.en, bi(s.category, 'de'), bi(s.category, 'en'), s.summary.de, s.summary.en,
    bi(s.description, 'de'), bi(s.description, 'en'), joinListCell(s.keywords.de), joinListCell(s.keywords.en), s.status,
    joinListCell(Array.isArray(s.audience) ? s.audience : [s.audience]),
    s.owner?.name ?? '', s.owner?.email ?? '', s.request?.url ?? '', bi(s.request?.how, 'de'), bi(s.request?.how, 'en'),
    ...SLA_KEYS.flatMap((k) => slaCells(s.sla?.[k], bilingual.has(k))),
    s.price ? String(s.price.amount) : '', s.price?.currency ?? '', bi(s.price?.per, 'de'), bi(s.price?.per, 'en'), s.replacedBy ?? '',
  ];
}

/** The services as CSV, in the given order (the caller sorts). */
export function servicesToCsv(services: Service[]): string {
  const { columns, bilingual } = exportColumns(services);
  const rows = services.map((s) => serviceRow(s, bilingual));
  return stringify([columns, ...rows.map((row) => row.map(neutraliseFormulaCell))], { quoted_match: /[;,"\n]|^\s|\s$/, eof: true });
}

/** The field a column belongs to: its name without `_de`/`_en` (`name_de` and `name` are both `name`). */
const fieldOfColumn = (col: string) => col.replace(/_(de|en)$/, '');

/**
 * A CSV file need not have every column: a field the file has no column for (no `owner.email`,
 * neither `description_de`, `description_en` nor `description`) is left as it is in a service
 * the file updates, as fields the CSV form has no columns for are. Its cells are taken from the
 * stored service, written as an export writes them, so they are read back the same way. A
 * column the file has, with an empty cell, still clears the field.
 */
export function keepAbsentColumns(header: readonly string[], records: CsvRecord[], stored: ReadonlyMap<string, Service>): CsvRecord[] {
  const present = new Set(header.map(fieldOfColumn));
  const all = CSV_COLUMNS.flatMap((c) => (c.startsWith('sla.') ? [c, `${c}_de`, `${c}_en`] : [c]));
  // (each absent column with its place in a stored service's row, found once for all rows)
  const absent = all.flatMap((c, i) => (present.has(fieldOfColumn(c)) ? [] : [{ c, i }]));
  if (!absent.length) return records;
  const bilingual = new Set(SLA_KEYS);
  return records.map((r) => {
    const s = stored.get(restoreFormulaCell(r.values.id ?? '').trim());
    if (!s) return r;
    const row = serviceRow(s, bilingual);
    const values = { ...r.values };
    for (const { c, i } of absent) {
      const cell = neutraliseFormulaCell(row[i]!);
      if (cell) values[c] = cell;
    }
    return { ...r, values };
  });
}
