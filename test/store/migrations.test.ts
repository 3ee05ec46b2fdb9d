import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, existsSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, openDb, schemaVersion, backupDb } from '../../src/store/db.ts';
import { AppError } from '../../src/errors.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'itbot-mig-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  const all = loadMigrations();

  it('are numbered in steps, unique and applied in order up to the latest', () => {
    expect(all.length).toBeGreaterThan(0);
    const versions = all.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    const db = openDb(join(tmp(), 'a.db'));
    expect(schemaVersion(db)).toBe(versions[versions.length - 1]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  // one test per migration: it applies on top of its predecessors and bumps user_version
  for (const m of loadMigrations()) {
    it(`${m.name} applies on top of the earlier ones`, () => {
      const db = new Database(':memory:');
      const upto = all.filter((x) => x.version < m.version);
      migrate(db, upto, ':memory:');
      // the schema as SQLite keeps it: a new table, index or trigger, or a column added to a table;
      // a migration that only rewrites rows says so on its first line and leaves it as it was
      const schema = () => (db.prepare("SELECT name, sql FROM sqlite_schema ORDER BY name").all() as Array<{ name: string; sql: string | null }>).map((r) => `${r.name}: ${r.sql}`);
      const before = schema();
      migrate(db, [...upto, m], ':memory:');
      expect(schemaVersion(db)).toBe(m.version);
      if (m.sql.startsWith('-- Data only:')) expect(schema()).toEqual(before);
      else expect(schema()).not.toEqual(before);
      db.close();
    });
  }

  it('is idempotent: a second open applies nothing', () => {
    const file = join(tmp(), 'b.db');
    openDb(file).close();
    const db = new Database(file);
    expect(migrate(db, all, file)).toBe(0);
    db.close();
  });

  it('rolls a failing migration back whole, leaving the version where it was', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'm'));
    writeFileSync(join(dir, 'm', '0010-ok.sql'), 'CREATE TABLE a (x INTEGER) STRICT;');
    writeFileSync(join(dir, 'm', '0020-bad.sql'), 'CREATE TABLE b (x INTEGER) STRICT; INSERT INTO nope VALUES (1);');
    const db = new Database(':memory:');
    expect(() => migrate(db, loadMigrations(join(dir, 'm')), 'x.db')).toThrow(/0020-bad.sql failed/);
    expect(schemaVersion(db)).toBe(10);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type='table'").all() as Array<{ name: string }>).map((r) => r.name);
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    db.close();
  });

  it('refuses a database from a newer version with a clear message and changes nothing', () => {
    const file = join(tmp(), 'new.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE marker (x INTEGER)');
    raw.pragma('user_version = 9990');
    raw.close();
    let err: unknown;
    try {
      openDb(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('db_too_new');
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/schema version 9990/);
    const check = new Database(file);
    expect(schemaVersion(check)).toBe(9990);
    expect((check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'people'").get() as { n: number }).n).toBe(0);
    check.close();
  });

  it('creates the database, its -wal and -shm files and a backup readable by their owner only; an existing file keeps its mode', async () => {
    const dir = tmp();
    const mode = (f: string) => statSync(f).mode & 0o777;
    const file = join(dir, 'new.db');
    const db = openDb(file);
    db.prepare("INSERT INTO people (email, name) VALUES ('a@x.example', 'A')").run();
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    await backupDb(db, join(dir, 'copy.db'));
    expect(mode(join(dir, 'copy.db'))).toBe(0o600);
    db.close();
    const shared = join(dir, 'shared.db');
    openDb(shared).close();
    chmodSync(shared, 0o640);
    openDb(shared).close();
    expect(mode(shared)).toBe(0o640);
  });

  it('backs up online while the source is open and being written', async () => {
    const dir = tmp();
    const db = openDb(join(dir, 'src.db'));
    db.prepare("INSERT INTO people (email, name) VALUES ('a@x.example', 'A')").run();
    const target = join(dir, 'sub', 'copy.db');
    await backupDb(db, target);
    db.prepare("INSERT INTO people (email, name) VALUES ('b@x.example', 'B')").run();
    expect(existsSync(target)).toBe(true);
    const copy = openDb(target);
    expect((copy.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(1);
    copy.close();
    db.close();
  });
});
