import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, openDb, schemaVersion } from '../../src/store/db.ts';
import { cli } from '../doubles/cli.ts';

let dir = '';
afterEach(() => {
  if (!dir) return;
  if (existsSync(join(dir, 'data'))) chmodSync(join(dir, 'data'), 0o700);
  rmSync(dir, { recursive: true, force: true });
});
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'itbot-read-only-')));
const latest = () => loadMigrations().at(-1)!.version;

/** A migrated, empty database left in SQLite's rollback-journal mode (no -wal or -shm beside it). */
function migratedDb(file: string, migrations = loadMigrations()): void {
  const db = openDb(file, { migrations });
  db.pragma('journal_mode = DELETE');
  db.close();
}

describe('a database opened read-only (what a command that only reads does when this user may not write it)', () => {
  it('reads a database at this version and changes nothing in the file: no WAL switch, no write', () => {
    const file = join(tmp(), 'a.db');
    migratedDb(file);
    const db = openDb(file, { readonly: true });
    try {
      expect(schemaVersion(db)).toBe(latest());
      expect(db.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 0 });
      expect(db.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(() => db.exec('CREATE TABLE x (a)')).toThrow(/readonly/);
    } finally {
      db.close();
    }
    expect(existsSync(file + '-wal')).toBe(false);
  });

  it('an older database, which it may not migrate, is refused naming the file and the versions, and left as it was', () => {
    const file = join(tmp(), 'old.db');
    const older = loadMigrations().slice(0, -1);
    migratedDb(file, older);
    expect(() => openDb(file, { readonly: true })).toThrow(
      `${file}: the database has schema version ${older.at(-1)!.version}, this itbot needs ${latest()}, and this user may not write the file or its folder to bring it up to date: run any itbot command once as the user who owns it (the database was not changed)`,
    );
    const check = new Database(file, { readonly: true });
    expect(schemaVersion(check)).toBe(older.at(-1)!.version);
    check.close();
  });

  it('a newer database is refused as when opened to write', () => {
    const file = join(tmp(), 'new.db');
    migratedDb(file);
    const raw = new Database(file);
    raw.pragma(`user_version = ${latest() + 1}`);
    raw.close();
    expect(() => openDb(file, { readonly: true })).toThrow(`${file}: the database has schema version ${latest() + 1}, this itbot knows up to ${latest()}: upgrade itbot (the database was not changed)`);
  });

  // (root may write anything: these need another user)
  it.skipIf(process.getuid?.() === 0)('commands that only read work for a user who may read but not write the database or its folder; one that writes says why not', async () => {
    const d = join(tmp(), 'data');
    mkdirSync(d);
    const file = join(d, 'itbot.db');
    const yaml = join(dir, 'c.yaml');
    writeFileSync(yaml, 'services:\n  - {id: vpn, name: VPN, summary: Remote access}\n');
    expect((await cli(['catalog', 'import', yaml, '--db', file])).code).toBe(0);
    // (closed: no -wal or -shm left beside it, which a reader could use)
    chmodSync(file, 0o444);
    chmodSync(d, 0o555);
    const status = await cli(['outbox', 'status', '--json', '--db', file]);
    expect(status.err).toBe('');
    expect(JSON.parse(status.out).queued).toBe(0);
    const exported = await cli(['catalog', 'export', '--db', file]);
    expect(exported.code).toBe(0);
    expect(exported.out).toContain('id: vpn');
    expect((await cli(['plan', 'upcoming', '--json', '--db', file])).out).toBe('[]');
    const write = await cli(['catalog', 'import', yaml, '--db', file]);
    expect(write.code).toBe(1);
    expect(write.err).toBe(`${file}: attempt to write a readonly database: this user may not write the file, or its folder (SQLite keeps its -wal and -shm files there)`);
    expect(existsSync(file + '-wal')).toBe(false);
  });
});
