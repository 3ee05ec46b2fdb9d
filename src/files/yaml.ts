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
 * Parses the YAML of a file IT keeps in git. A syntax error becomes one problem naming the
 * file and the line ("not valid YAML: ..."), so every importer reports it the same way.
 */
export function readYaml(text: string, file: string): { doc: unknown; problem: null } | { doc: null; problem: Problem } {
  try {
    return { doc: parse(text, YAML_READ_OPTIONS), problem: null };
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : undefined;
    return { doc: null, problem: { file, entry: line, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` } };
  }
}
