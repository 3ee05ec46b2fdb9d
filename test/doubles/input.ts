import { InputError } from '../../src/errors.ts';

/** Runs `fn`, which must reject its input; returns the problem lines (file: entry: field: message). */
export function inputProblems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  throw new Error('expected an InputError');
}
