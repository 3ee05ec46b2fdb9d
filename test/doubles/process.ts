import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `itbot` entry point, for tests that spawn it as an operator would. */
export const BIN = fileURLToPath(new URL('../../bin/itbot.mjs', import.meta.url));

/** Stops a spawned process (SIGTERM) and waits for it to exit; nothing when it is gone already. */
export async function stopProcess(proc: ChildProcess | null | undefined): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}
