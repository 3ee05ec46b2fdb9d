/**
 * Errors with a stable code. `InputError` is bad input from a file, a command line or chat
 * (exit code 2, nothing changed); `AppError` is a runtime failure (exit code 1).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** One problem in an input, located as precisely as we can: file, entry (index/id or line), field. */
export interface Problem {
  file?: string;
  /** "line 12", "services[3] (id vpn)", ... */
  entry?: string;
  field?: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  const where = [p.file, p.entry, p.field].filter(Boolean).join(': ');
  return oneLine(where ? `${where}: ${p.message}` : p.message);
}

/** One error, one line: a line break in it (a value the message quotes, an id given on the command line) is shown as \n. */
export function oneLine(message: string): string {
  return message.replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * At most this many problems of one input are listed; one more line says how many more were
 * found ("... and 999,900 more problems"), so a broken file never floods the terminal.
 */
export const MAX_PROBLEMS = 100;

/** The lines a report of problems prints: each problem, then how many more were not listed. */
function problemLines(problems: Problem[], more = 0): string[] {
  return [...problems.map(formatProblem), ...andMore(more, 'problem')];
}

/** The line that says how many more were not listed ("... and 4,574 more warnings"); none for none. */
function andMore(more: number, noun: string): string[] {
  return more > 0 ? [`... and ${more.toLocaleString('en-US')} more ${noun}${more === 1 ? '' : 's'}`] : [];
}

/**
 * The warning lines of an import (`warning: FILE: entry: field: ...`), capped as the errors are:
 * the first MAX_PROBLEMS, then how many more there are ("... and 4,574 more warnings"), so a long
 * file imported before the people it names does not flood the terminal with a line per entry.
 */
export function warningLines(warnings: Problem[]): string[] {
  return [...warnings.slice(0, MAX_PROBLEMS).map((w) => `warning: ${formatProblem(w)}`), ...andMore(warnings.length - MAX_PROBLEMS, 'warning')];
}

/**
 * Bad input: carries every problem found, not just the first; past `MAX_PROBLEMS` only how
 * many more there are (`more`; a reader that stopped collecting early passes its own count).
 */
export class InputError extends AppError {
  /** the first MAX_PROBLEMS problems */
  readonly problems: Problem[];
  /** how many more problems were found and are not listed */
  readonly more: number;
  constructor(problems: Problem[], code = 'bad_input', more = 0) {
    const listed = problems.length > MAX_PROBLEMS ? problems.slice(0, MAX_PROBLEMS) : problems;
    const rest = problems.length - listed.length + more;
    super(code, problemLines(listed, rest).join('\n'));
    this.name = 'InputError';
    this.problems = listed;
    this.more = rest;
  }

  /** the report, one line each: the problems listed, then "... and N more problems" */
  lines(): string[] {
    return problemLines(this.problems, this.more);
  }
}

export function wrap(code: string, message: string, cause: unknown): AppError {
  return cause instanceof AppError ? cause : new AppError(code, message, { cause });
}
