import { extname } from 'node:path';
import YAML from 'yaml';
import { InputError, MAX_PROBLEMS, type Problem } from '../errors.ts';
import { beyondHeader, readImportCsv, withQuoteProblems, type readCsv, type CsvRecord } from '../people/csv.ts';
import { CSV_COLUMNS, csvLocator, csvSlaConflicts, csvToTree, keepAbsentColumns } from './csv-form.ts';
import { SLA_KEYS } from './sla.ts';
import { readImportFile } from '../people/import.ts';
import { YAML_READ_OPTIONS, YAML_TO_JS_OPTIONS } from '../files/yaml.ts';
import type { Catalog, Service } from './model.ts';
import { ID_RE, treeLocator, validateCatalog, type SectionForm } from './validate.ts';

/** Largest catalog file we read: a real catalog is well under 1 MB. */
const MAX_CATALOG_BYTES = 20 * 1024 * 1024;

type CatalogFormat = 'yaml' | 'json' | 'csv';

function formatOf(file: string, text: string): CatalogFormat {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[')) return 'json';
  // (a spreadsheet's "Text (Tab delimited)" is saved as .txt: read as CSV, it is named for its tabs, not as a YAML file without services)
  if (/^"?id"?[,;\t]/.test(start)) return 'csv';
  return 'yaml';
}

/** Reads the file, refusing a too large one before reading it. */
function readCatalogText(file: string): string {
  return readImportFile(file, { limit: MAX_CATALOG_BYTES, what: 'a catalog' });
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Where the first comment (`//` or `/*`) outside a string of a JSON text starts, if it has one. */
function jsonComment(json: string): number | undefined {
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '/' && (json[i + 1] === '/' || json[i + 1] === '*')) return i;
  }
  return undefined;
}

/** Where a JSON syntax error is: from the position V8 names, else from the text around it it quotes. */
function jsonErrorLine(text: string, msg: string): string | undefined {
  const pos = /position (\d+)/.exec(msg);
  if (pos) return `line ${lineOf(text, Number(pos[1]))}`;
  const around = /\.\.\."(.+?)"\s*(?:\.\.\.)?\s*is not valid JSON/.exec(msg) ?? /"(.{6,}?)" is not valid JSON/.exec(msg);
  if (around) {
    const snippet = around[1]!.replace(/\.\.\.$/, '');
    const at = text.replace(/\s+/g, ' ').indexOf(snippet);
    if (at >= 0) {
      // map the offset in the whitespace-collapsed text back to the file
      let i = 0;
      let j = 0;
      while (i < text.length && j < at) {
        if (/\s/.test(text[i]!)) {
          while (i + 1 < text.length && /\s/.test(text[i + 1]!)) i++;
        }
        i++;
        j++;
      }
      return `line ${lineOf(text, i + snippet.length - 1)}`;
    }
  }
  return undefined;
}

type KeyPath = Array<string | number>;

/** The path to the key of a mapping at `pos` (the start of a duplicate key), and the first place that key is given. */
function keyAt(node: unknown, pos: number, path: KeyPath = []): { path: KeyPath; first?: number } | undefined {
  if (YAML.isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as YAML.Node | null;
      const name = YAML.isScalar(key) ? String(key.value) : String(key);
      if (key?.range && pos >= key.range[0] && pos < Math.max(key.range[1], key.range[0] + 1)) {
        const first = node.items.find((p) => YAML.isScalar(p.key) && String(p.key.value) === name);
        return { path: [...path, name], first: (first?.key as YAML.Node | undefined)?.range?.[0] };
      }
      const value = pair.value as YAML.Node | null;
      if (value?.range && pos >= value.range[0] && pos < value.range[2]) return keyAt(value, pos, [...path, name]);
    }
  } else if (YAML.isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const n = item as YAML.Node | null;
      if (n?.range && pos >= n.range[0] && pos < n.range[2]) return keyAt(n, pos, [...path, i]);
    }
  }
  return undefined;
}

/**
 * A key given twice in one mapping, located like every other problem: the entry
 * (`services[0] (id vpn)`) and the field (`name`, `price.amount`), with the lines of both.
 */
function duplicateKeyProblem(doc: YAML.Document.Parsed, err: YAML.YAMLError, text: string, file: string, format: 'yaml' | 'json'): Problem {
  const line = err.linePos?.[0]?.line;
  const found = keyAt(doc.contents, err.pos[0]);
  if (!found) return { file, entry: line ? `line ${line}` : undefined, message: `a key appears twice in the same ${format === 'json' ? 'object (JSON keeps only the last)' : 'mapping'}` };
  const firstLine = found.first === undefined ? line : lineOf(text, found.first);
  const lines = firstLine !== line ? `lines ${firstLine} and ${line}` : `line ${line}`;
  const twice = format === 'json' ? `given twice in one object (${lines}; JSON would keep only the last): keep one` : `given twice in one mapping (${lines}): keep one`;
  const fieldOf = (p: KeyPath) => p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i ? `.${k}` : k)).join('');
  const [section, index] = found.path;
  if ((section === 'services' || section === 'answers') && typeof index === 'number' && found.path.length > 2) {
    const item = (doc.contents as YAML.YAMLMap).get(section) as YAML.YAMLSeq;
    const raw = item.get(index) as unknown;
    const id = YAML.isMap(raw) ? raw.get('id') : undefined;
    return { file, entry: treeLocator(file).entry(section, index, typeof id === 'string' ? id : undefined), field: fieldOf(found.path.slice(2)), message: twice };
  }
  return { file, field: fieldOf(found.path), message: twice };
}

/** The columns a catalog CSV may have: those of the export, a text as one column for both languages, an SLA value as a pair. */
const CSV_KNOWN = new Set([
  ...CSV_COLUMNS,
  ...['name', 'category', 'summary', 'description', 'keywords', 'request.how', 'price.per'],
  ...SLA_KEYS.flatMap((k) => [`sla.${k}_de`, `sla.${k}_en`]),
]);

/** The document of a YAML or JSON file that gives a tree, and the keys it gives twice (the tree has the last of each): each problem with where its key is. */
interface Duplicates {
  doc: YAML.Document.Parsed;
  found: Array<{ problem: Problem; pos: number }>;
}

/** Where in the file a problem of the tree is: its entry, then as far down its field as the file goes (a stored service's after the file). */
function positionOf(doc: YAML.Document.Parsed, p: Problem): number {
  const at = p.entry === undefined ? [] : /^(services|answers)\[(\d+)\]/.exec(p.entry);
  if (!at) return Infinity;
  const path: KeyPath = at.length ? [at[1]!, Number(at[2])] : [];
  for (const [, key, index] of (p.field ?? '').matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(index === undefined ? key! : Number(index));
  let node = doc.contents as YAML.Node | null;
  let pos = node?.range?.[0] ?? 0;
  for (const k of path) {
    // (of a key given twice the tree holds the last)
    const pair = YAML.isMap(node) ? node.items.filter((q) => YAML.isScalar(q.key) && String(q.key.value) === k).at(-1) : undefined;
    const next = (pair ? pair.value : YAML.isSeq(node) && typeof k === 'number' ? node.items[k] : undefined) as YAML.Node | null | undefined;
    const start = (pair?.key as YAML.Node | undefined)?.range?.[0] ?? next?.range?.[0];
    if (start === undefined) break;
    pos = start;
    node = next ?? null;
  }
  return pos;
}

/** The keys given twice and the problems of the tree read with the last of each, in the order of the file. */
function inFileOrder(duplicates: Duplicates, problems: Problem[]): Problem[] {
  const all = [...duplicates.found, ...problems.map((problem) => ({ problem, pos: positionOf(duplicates.doc, problem) }))];
  // (the sort is stable: problems at one place, or none found in the file, keep the order they were found in)
  return all.sort((a, b) => a.pos - b.pos).map((x) => x.problem);
}

/**
 * Reads a catalog CSV as every CSV import does (readImportCsv): the ids of the rows a quoting
 * problem leaves unread are returned too, so that a reference to one is no unknown service.
 */
function readCatalogCsv(text: string, file: string): { csv: ReturnType<typeof readCsv>; unread?: { problems: Problem[]; ids: string[] } } {
  const { unread, ...csv } = readImportCsv(text, file, 'a catalog CSV', '"27"" monitor"');
  if (!unread) return { csv };
  const ids = unread.rest.split('\n').map((l) => l.split(unread.separator, 1)[0]!.trim().replace(/^"(.*)"$/, '$1').trim()).filter((id) => ID_RE.test(id));
  return { csv, unread: { problems: unread.problems, ids } };
}

/**
 * Parses YAML (reporting every syntax error with its line), JSON or CSV into a tree. A key given
 * twice leaves a tree (with the last of the two): it is returned with those keys, so the rest of the
 * file is checked too. A YAML or JSON tree comes with its document, so that every problem can be
 * listed in the order of the file.
 */
function parseTree(
  text: string,
  file: string,
  format: CatalogFormat,
  stored: ReadonlyMap<string, Service>,
): { tree: unknown; csv?: ReturnType<typeof readCsv>; structure?: { problems: Problem[]; more: number; skipped: string[] }; duplicates?: Duplicates } {
  if (format === 'json') {
    const json = text.replace(/^\uFEFF/, '');
    if (json.trim() === '') throw new InputError([{ file, message: 'the file is empty' }]);
    let tree: unknown;
    try {
      tree = JSON.parse(json);
    } catch (e) {
      // (the parser names the character after a comment, "Expected property name": the comment is what is wrong)
      const comment = jsonComment(json);
      if (comment !== undefined) throw new InputError([{ file, entry: `line ${lineOf(json, comment)}`, message: 'JSON allows no comments (// or /* */): remove it, or write the catalog as YAML, which has # comments' }]);
      const msg = (e as Error).message.replace(/\s+/g, ' ');
      throw new InputError([{ file, entry: jsonErrorLine(text, msg), message: `not valid JSON: ${msg}` }]);
    }
    // (JSON.parse keeps the last of two equal keys without a word: "services" twice would drop the first list)
    const doc = YAML.parseDocument(json, { uniqueKeys: true });
    const dups = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    return { tree, duplicates: { doc, found: dups.map((e) => ({ problem: duplicateKeyProblem(doc, e, text, file, 'json'), pos: e.pos[0] })) } };
  }
  if (format === 'csv') {
    const { csv, unread } = readCatalogCsv(text, file);
    if (!csv.header.includes('id')) throw new InputError([{ file, entry: 'line 1', field: 'header', message: 'no "id" column (expected a header like id,name_de,name_en,...)' }]);
    // structure problems are reported beside the field problems of the rows that can still be read
    const problems: Problem[] = [];
    let more = 0;
    const seen = new Set<string>();
    const unknown = new Set<string>();
    for (const h of csv.header) {
      const twice = seen.has(h);
      seen.add(h);
      // (a misspelt column would otherwise be a field of its own, and the text it holds lost to the catalog)
      if (!twice && (h === '' || CSV_KNOWN.has(h))) continue;
      if (!twice) unknown.add(h);
      // (past what is listed, a header of a million made-up columns is only counted)
      if (problems.length >= MAX_PROBLEMS) more++;
      else if (twice) problems.push({ file, entry: 'line 1', field: h, message: 'duplicate column' });
      else problems.push({ file, entry: 'line 1', field: h, message: `unknown column (the columns are ${CSV_COLUMNS.join(', ')}; a text may also be one column for both languages, an SLA value a _de/_en pair)` });
    }
    // (a row with more or fewer cells than the header has its cells shifted: none of them can be trusted, so it is not checked further)
    const readable: CsvRecord[] = [];
    const skipped: string[] = [...(unread?.ids ?? [])];
    for (const r of csv.records) {
      if (r.extra) {
        const beyond = r.beyond ? `: ${beyondHeader(csv.header.length, r.beyond)}` : '';
        problems.push({ file, entry: `line ${r.line}`, message: `${csv.header.length + r.extra} cells but the header has ${csv.header.length} columns (check the quoting)${beyond}` });
        const id = r.values.id?.trim();
        if (id) skipped.push(id);
      } else readable.push(unknown.size ? { ...r, values: Object.fromEntries(Object.entries(r.values).filter(([h]) => !unknown.has(h))) } : r);
    }
    withQuoteProblems(problems, unread?.problems);
    problems.push(...csvSlaConflicts(file, readable));
    const records = keepAbsentColumns(csv.header.filter((h) => !unknown.has(h)), readable, stored);
    return { tree: csvToTree(records), csv: { header: csv.header, records }, structure: { problems, more, skipped } };
  }
  // (read as every imported YAML file is: a service that starts `<<: *vpn` takes the fields of the one marked &vpn)
  const doc = YAML.parseAllDocuments(text.replace(/^\uFEFF/, ''), { ...YAML_READ_OPTIONS, prettyErrors: true });
  const docs = Array.isArray(doc) ? doc : [doc];
  const problems: Problem[] = [];
  const found: Duplicates['found'] = [];
  for (const d of docs) {
    for (const err of d.errors) {
      if (err.code === 'DUPLICATE_KEY') {
        const problem = duplicateKeyProblem(d, err, text, file, 'yaml');
        problems.push(problem);
        found.push({ problem, pos: err.pos[0] });
        continue;
      }
      const line = err.linePos?.[0]?.line;
      // (the parser's first line ends in ":" before the excerpt it quotes, which is not shown)
      problems.push({ file, entry: line ? `line ${line}` : undefined, message: `not valid YAML: ${err.message.split('\n')[0]!.replace(/:\s*$/, '')}` });
    }
  }
  if (docs.length > 1 && problems.length === 0) problems.push({ file, message: 'more than one YAML document (---): put the whole catalog in one' });
  // (only keys given twice in one document: the rest of it is checked as well)
  if (docs.length > 1 || problems.length > found.length) throw new InputError(problems);
  if (docs.length === 0) throw new InputError([{ file, message: 'the file is empty' }]);
  try {
    return { tree: docs[0]!.toJS(YAML_TO_JS_OPTIONS), duplicates: { doc: docs[0]!, found } };
  } catch (e) {
    throw new InputError([...problems, { file, message: `not valid YAML: ${(e as Error).message}` }]);
  }
}

/**
 * Reads and validates a catalog file (YAML, JSON or CSV). Throws an InputError listing
 * every problem (file, entry, field); `known` are the services that stay in the database,
 * `stored` every service in it (a CSV without a field's columns leaves that field as stored).
 * Warnings are reported by the caller; the file is imported.
 */
export function parseCatalogFile(
  file: string,
  known: ReadonlyMap<string, Service> = new Map(),
  stored: ReadonlyMap<string, Service> = known,
  opts: { audienceNote?: (s: Service) => string | null } = {},
): { catalog: Catalog; format: CatalogFormat; warnings: Problem[]; sections: Record<'services' | 'answers', SectionForm> } {
  const text = readCatalogText(file);
  const format = formatOf(file, text);
  const { tree, csv, structure, duplicates } = parseTree(text, file, format, stored);
  const loc = csv ? csvLocator(file, csv.records) : treeLocator(file);
  // (a row that could not be read still has its id: a reference to it is no unknown service)
  const { catalog, problems, warnings, sections: given } = validateCatalog(tree, loc, known, new Set(structure?.skipped));
  // (the caller's check of the audience against the directory: a warning at the service's entry)
  if (opts.audienceNote) {
    catalog.services.forEach((sv, i) => {
      const note = opts.audienceNote!(sv);
      if (note) warnings.push({ file, entry: loc.entry('services', i, sv.id), field: loc.field('audience'), message: note });
    });
  }
  // (a CSV has no section to write empty on purpose: a header without rows lists no services)
  const sections = csv ? { services: csv.records.length ? given.services : 'empty' as const, answers: 'absent' as const } : given;
  if (!structure) {
    // (in the order of the file: a service's own problems together, where its fields are, before the next entry's)
    const all = duplicates ? inFileOrder(duplicates, problems) : problems;
    if (all.length) throw new InputError(all);
    return { catalog, format, warnings, sections };
  }
  // every problem of a CSV file in the order of its lines (the header's first)
  const lineOf = (p: Problem) => (p.entry === undefined ? 0 : Number(/^line (\d+)$/.exec(p.entry)?.[1] ?? Infinity));
  const all = [...structure.problems, ...problems].map((p, i) => ({ p, i, line: lineOf(p) })).sort((a, b) => a.line - b.line || a.i - b.i).map((x) => x.p);
  if (all.length || structure.more) throw new InputError(all, 'bad_input', structure.more);
  return { catalog, format, warnings, sections };
}
