import { parse, YAMLParseError } from 'yaml';
import type { Problem } from '../errors.ts';

/**
 * How every YAML file the command line imports is read (catalog, plan, surveys, projects,
 * strategy): a key given twice in one mapping is an error, and a merge key (`<<: *defaults`)
 * gives a mapping the fields of the one its anchor marks where it gives none of its own, as
 * YAML 1.1 has it (without it `<<` would be read as a field of its own).
 */
export const YAML_READ_OPTIONS = { uniqueKeys: true, merge: true } as const;

/**
 * Turning a parsed document into values. The alias limit stops a file whose aliases nest into
 * one another ("billion laughs": each level ten aliases of the one before) before it fills the
 * memory, while a list of entries that each take shared fields (`<<: *defaults` in every event
 * or service) stays far below it: the parser counts each use of an anchor times the aliases
 * inside it, so a limit of 50 already refused a catalog of 50 services sharing one owner.
 */
export const YAML_TO_JS_OPTIONS = { maxAliasCount: 10_000 } as const;

/**
 * Parses the YAML of a file IT keeps in git. A syntax error becomes one problem naming the
 * file and the line ("not valid YAML: ..."), so every importer reports it the same way: the
 * parser's first line, without the colon that introduces the excerpt it shows below it.
 */
export function readYaml(text: string, file: string): { doc: unknown; problem: null } | { doc: null; problem: Problem } {
  try {
    return { doc: parse(text, { ...YAML_READ_OPTIONS, ...YAML_TO_JS_OPTIONS }), problem: null };
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : undefined;
    return { doc: null, problem: { file, entry: line, message: `not valid YAML: ${(e as Error).message.split('\n')[0]!.replace(/:\s*$/, '')}` } };
  }
}
