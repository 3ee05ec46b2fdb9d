import { createHash, randomBytes } from 'node:crypto';
import type { Db } from './db.ts';
import { readState } from './system-state.ts';

/** The secret of each open database, once read. */
const secrets = new WeakMap<Db, string>();

/** The key in system_state that holds this database's random admin secret. */
const SECRET_KEY = 'admin.session_secret';

export interface AdminSession {
  csrf: string;
  createdAt: string;
  expiresAt: string;
}

function hashId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/**
 * Admin sessions and the per-database secret. The secret is created once (INSERT ... ON CONFLICT
 * DO NOTHING, then read back), so two servers on one database agree on it.
 */
export class AdminSessionStore {
  constructor(private readonly db: Db) {}

  /** (read once per open database: it never changes once created, and every admin request and chart link asks for it) */
  secret(now: Date): string {
    let s = secrets.get(this.db);
    if (s) return s;
    this.db
      .prepare('INSERT INTO system_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING')
      .run(SECRET_KEY, randomBytes(32).toString('base64url'), now.toISOString());
    s = readState(this.db, SECRET_KEY)!;
    secrets.set(this.db, s);
    return s;
  }

  create(id: string, csrf: string, now: Date, expires: Date): void {
    // old sessions are swept here: logins are rare, so this costs nothing
    this.db.prepare('DELETE FROM admin_sessions WHERE expires_at <= ?').run(now.toISOString());
    this.db
      .prepare('INSERT INTO admin_sessions (id_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hashId(id), csrf, now.toISOString(), expires.toISOString());
  }

  /** The live session for a (signature-checked) id, or null when unknown or expired. */
  get(id: string, now: Date): AdminSession | null {
    const r = this.db
      .prepare('SELECT csrf, created_at AS createdAt, expires_at AS expiresAt FROM admin_sessions WHERE id_hash = ?')
      .get(hashId(id)) as AdminSession | undefined;
    if (!r || r.expiresAt <= now.toISOString()) return null;
    return r;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM admin_sessions WHERE id_hash = ?').run(hashId(id));
  }
}

/** system_state rows an admin may see on the health page (never the session secret). */
export function systemStateRows(db: Db): Array<{ key: string; value: string; updatedAt: string }> {
  return (
    db.prepare('SELECT key, value, updated_at AS updatedAt FROM system_state ORDER BY key').all() as Array<{
      key: string;
      value: string;
      updatedAt: string;
    }>
  ).filter((r) => !/secret|token|password/i.test(r.key));
}
