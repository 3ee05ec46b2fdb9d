import type { App, CliEnv } from '../app-types.ts';
import { InputError } from '../errors.ts';

/**
 * Runs one command body with an opened app and closes the database afterwards.
 * Errors propagate to `main`, which maps them to exit codes (2 bad input, 1 runtime).
 * A command that only reads says `'reads'`: a user who may read the database but not write it
 * (or its folder) can still run it. One that copies the file (`db backup`) says `'copies'`: it
 * reads too, and takes a database of any version, also one from a newer version of the bot.
 */
export async function runCommand(env: CliEnv, opts: { db?: string }, fn: (app: App) => unknown | Promise<unknown>, access: 'writes' | 'reads' | 'copies' = 'writes'): Promise<void> {
  const app = env.openApp({ db: opts.db, readOnly: access !== 'writes', anyVersion: access === 'copies' });
  try {
    await fn(app);
  } finally {
    app.db.close();
  }
}

/** Prints JSON to stdout (the only thing `--json` writes there). */
export function printJson(env: CliEnv, value: unknown): void {
  env.out(JSON.stringify(value, null, 2));
}

/**
 * A whole-number option in its range, checked before the database is opened: digits only
 * ("0x10", "1e3", "5.0" and "" are refused, not read as numbers), else exit 2 naming the option.
 */
export function wholeNumberOption(field: string, raw: string, min: number, max: number, what = `a whole number from ${min} to ${max}`): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) throw new InputError([{ field, message: `"${raw}" is not ${what}` }]);
  return n;
}

/** `runCommand` for a command that only reads. */
export function readCommand(env: CliEnv, opts: { db?: string }, fn: (app: App) => unknown | Promise<unknown>): Promise<void> {
  return runCommand(env, opts, fn, 'reads');
}
