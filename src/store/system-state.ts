import type { Db } from './db.ts';

/** One value of `system_state` (the database's own settings and marks), or null. */
export function readState(db: Db, key: string): string | null {
  return (db.prepare('SELECT value FROM system_state WHERE key = ?').get(key) as { value: string } | undefined)?.value ?? null;
}

/** Sets one value of `system_state`. */
export function writeState(db: Db, key: string, value: string, now: Date): void {
  db.prepare('INSERT INTO system_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
    .run(key, value, now.toISOString());
}

/**
 * The value of `key`, set to `value` first when it has none. Two processes creating it at once
 * agree (INSERT ... ON CONFLICT DO NOTHING, then read back).
 */
export function initState(db: Db, key: string, value: string, now: Date): string {
  db.prepare('INSERT INTO system_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING').run(key, value, now.toISOString());
  return readState(db, key)!;
}
