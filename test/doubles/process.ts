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

/** Is a process (by pid, maybe not a child of ours) still running? */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Waits until a process that is not our child has ended; false when it still runs after
 * `limitMs` (a generous limit: only a hang reaches it, a slow machine does not).
 */
export async function waitUntilGone(pid: number, limitMs = 60_000): Promise<boolean> {
  for (let waited = 0; waited < limitMs; waited += 100) {
    if (!isRunning(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isRunning(pid);
}
