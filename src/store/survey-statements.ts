import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';

const cache = new WeakMap<Db, Map<string, Statement>>();

/** A prepared statement, prepared once per open database and reused (hot paths: answers). */
export function cachedStatement(db: Db, sql: string): Statement {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}
