import { parse, YAMLParseError } from 'yaml';
import type { Problem } from '../errors.ts';

/**
 * Parses the YAML of a file IT keeps in git. A syntax error becomes one problem naming the
 * file and the line ("not valid YAML: ..."), so every importer reports it the same way.
 */
export function readYaml(text: string, file: string): { doc: unknown; problem: null } | { doc: null; problem: Problem } {
  try {
    return { doc: parse(text, { uniqueKeys: true }), problem: null };
  } catch (e) {
    const line = e instanceof YAMLParseError && e.linePos ? `line ${e.linePos[0].line}` : undefined;
    return { doc: null, problem: { file, entry: line, message: `not valid YAML: ${(e as Error).message.split('\n')[0]}` } };
  }
}
