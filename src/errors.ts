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
  // (one problem, one line: a value with a line break in it is shown with \n)
  return (where ? `${where}: ${p.message}` : p.message).replace(/\r\n|\r|\n/g, '\\n');
}

/** Bad input: carries every problem found, not just the first. */
export class InputError extends AppError {
  constructor(readonly problems: Problem[], code = 'bad_input') {
    super(code, problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}

export function wrap(code: string, message: string, cause: unknown): AppError {
  return cause instanceof AppError ? cause : new AppError(code, message, { cause });
}
