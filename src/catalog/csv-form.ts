import { stringify } from 'csv-stringify/sync';
import type { CsvRecord } from '../people/csv.ts';
import type { Service } from './model.ts';
import type { Locator } from './validate.ts';

/**
 * The CSV form of the catalog: one row a service, nested fields joined with `.`, a `_de`/`_en`
 * pair for each text, lists joined with `;`. Official answers have no CSV form.
 */
export const CSV_COLUMNS = [
  'id', 'name_de', 'name_en', 'category_de', 'category_en', 'summary_de', 'summary_en',
  'description_de', 'description_en', 'keywords_de', 'keywords_en', 'status', 'audience',
  'owner.name', 'owner.email', 'request.url', 'request.how_de', 'request.how_en',
  'sla.availability', 'sla.supportHours', 'sla.response', 'sla.resolution',
  'price.amount', 'price.currency', 'price.per_de', 'price.per_en', 'replacedBy',
];

const LISTS = new Set(['keywords_de', 'keywords_en', 'keywords']);

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

/** Turns CSV records into the tree the validator reads (empty cells are absent). */
export function csvToTree(records: CsvRecord[]): { services: Record<string, unknown>[] } {
  const services = records.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [col, raw] of Object.entries(r.values)) {
      if (raw === '' || col === '') continue;
      const m = /^(.*)_(de|en)$/.exec(col);
      const path = m ? [...m[1]!.split('.'), m[2]!] : col.split('.');
      let value: unknown = raw;
      if (LISTS.has(col)) value = raw.split(';').map((s) => s.trim()).filter(Boolean);
      else if (col === 'audience' && raw.includes(';')) value = raw.split(';').map((s) => s.trim()).filter(Boolean);
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

/** The services as CSV, in the given order (the caller sorts). */
export function servicesToCsv(services: Service[]): string {
  const rows = services.map((s) => {
    const bi = (v: { de: string; en: string } | undefined, lang: 'de' | 'en') => v?.[lang] ?? '';
    return [
      s.id, s.name.de, s.name.en, bi(s.category, 'de'), bi(s.category, 'en'), s.summary.de, s.summary.en,
      bi(s.description, 'de'), bi(s.description, 'en'), s.keywords.de.join(';'), s.keywords.en.join(';'), s.status,
      Array.isArray(s.audience) ? s.audience.join(';') : s.audience,
      s.owner?.name ?? '', s.owner?.email ?? '', s.request?.url ?? '', bi(s.request?.how, 'de'), bi(s.request?.how, 'en'),
      s.sla?.availability ?? '', s.sla?.supportHours ?? '', s.sla?.response ?? '', s.sla?.resolution ?? '',
      s.price ? String(s.price.amount) : '', s.price?.currency ?? '', bi(s.price?.per, 'de'), bi(s.price?.per, 'en'), s.replacedBy ?? '',
    ];
  });
  return stringify([CSV_COLUMNS, ...rows], { quoted_match: /[;,"\n]|^\s|\s$/, eof: true });
}
