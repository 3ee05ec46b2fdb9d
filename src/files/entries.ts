import type { Problem } from '../errors.ts';

/** Ids in the files IT keeps in git: lower case letters, digits and dashes. */
export const ENTRY_ID = /^[a-z0-9][a-z0-9-]*$/;

interface Entry {
  /** the entry's fields */
  e: Record<string, unknown>;
  /** index in the list */
  index: number;
  /** its id as written, trimmed ('' when missing; a problem is recorded when it is not valid) */
  id: string;
  /** records a problem of this entry at `field` */
  at: (field: string, message: string) => void;
  /** records a warning of this entry at `field` (reported, but the file is imported) */
  warn: (field: string, message: string) => void;
}

/**
 * Walks a list of entries in an imported file (`events`, `projects`, ...): names each one
 * `list[i] (id X)` in problems, checks that it is a mapping with known fields and a valid,
 * unique id, and hands the rest to `check`. Every problem is recorded; nothing throws.
 */
export function eachEntry(
  list: unknown[],
  opts: { file: string; name: string; fields: Set<string>; problems: Problem[]; warnings?: Problem[] },
  check: (entry: Entry) => void,
): void {
  const { file, name, fields, problems, warnings = [] } = opts;
  const seen = new Map<string, number>();
  list.forEach((raw, index) => {
    const idText = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ` (id ${(raw as { id: string }).id})` : '';
    const entry = `${name}[${index}]${idText}`;
    const at = (field: string, message: string) => problems.push({ file, entry, field, message });
    const warn = (field: string, message: string) => warnings.push({ file, entry, field, message });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push({ file, entry, message: 'expected a mapping' });
      return;
    }
    const e = raw as Record<string, unknown>;
    for (const k of Object.keys(e)) if (!fields.has(k)) at(k, `unknown field (known: ${[...fields].join(', ')})`);
    const id = typeof e.id === 'string' ? e.id.trim() : '';
    if (!id) at('id', 'required');
    else if (!ENTRY_ID.test(id)) at('id', `"${id}" may contain only a-z, 0-9 and -`);
    else if (seen.has(id)) at('id', `duplicate id ${id} (first at ${name}[${seen.get(id)}])`);
    else seen.set(id, index);
    check({ e, index, id, at, warn });
  });
}
