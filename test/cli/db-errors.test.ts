import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.ts';
import { cli } from '../doubles/cli.ts';
import { BIN } from '../doubles/process.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'itbot-db-errors-')));

describe('database errors name the database file', () => {
  it('a file that is not a database: exit 2 (bad input: --db names the wrong file), the file named, the file left as it was', async () => {
    const file = join(tmp(), 'notes.db');
    writeFileSync(file, 'hello\n');
    const r = await cli(['catalog', 'export', '--db', file]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${file}: not an SQLite database (file is not a database): check --db or ITBOT_DB`);
    expect(existsSync(file + '-wal')).toBe(false);
  });

  it('a database another process holds: exit 1, the file named and what to do', async () => {
    const file = join(tmp(), 'busy.db');
    openDb(file).close(); // (created and migrated)
    const csv = join(dir, 'c.yaml');
    writeFileSync(csv, 'services:\n  - {id: x1, name: X, summary: s}\n');
    const holder = new Database(file);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const r = await cli(['catalog', 'import', csv, '--db', file]);
      expect(r.code).toBe(1);
      expect(r.err).toBe(`${file}: the database is locked: another process (a server or command writing, a migration, an open sqlite3 session) held it longer than 5 seconds; try again once it is done`);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const again = await cli(['catalog', 'import', csv, '--db', file]);
    expect(again.code).toBe(0);
  });

  it('a directory, or a file or folder this user may not use, is named with the reason in words (SQLite says only "unable to open database file")', async () => {
    const d = tmp();
    const asDir = await cli(['outbox', 'status', '--db', d]);
    expect(asDir.code).toBe(2);
    expect(asDir.err).toBe(`${d}: cannot open the database: it is a directory, not a database file`);
    // (root may read and write anything: the permission cases need another user)
    if (process.getuid?.() === 0) return;
    const locked = join(d, 'locked');
    mkdirSync(locked, 0o500);
    const inLocked = await cli(['outbox', 'status', '--db', join(locked, 'x.db')]);
    expect(inLocked.err).toBe(`${join(locked, 'x.db')}: cannot open the database: this user may not create a file in the folder ${locked} (permission denied)`);
    const file = join(d, 'theirs.db');
    openDb(file).close();
    writeFileSync(join(d, 'c.yaml'), 'services:\n  - {id: x1, name: X, summary: s}\n');
    chmodSync(file, 0o000);
    const theirs = await cli(['catalog', 'import', join(d, 'c.yaml'), '--db', file]);
    expect(theirs.err).toBe(`${file}: cannot open the database: this user may not read and write the file (permission denied)`);
    // (a command that only reads needs only to read it)
    const status = await cli(['outbox', 'status', '--db', file]);
    expect(status.err).toBe(`${file}: cannot open the database: this user may not read the file (permission denied)`);
    chmodSync(file, 0o400);
    chmodSync(d, 0o500);
    const readOnly = await cli(['catalog', 'import', join(d, 'c.yaml'), '--db', file]);
    chmodSync(d, 0o700);
    expect(readOnly.err).toBe(`${file}: attempt to write a readonly database: this user may not write the file, or its folder (SQLite keeps its -wal and -shm files there)`);
  });

  it.runIf(existsSync('/proc/self'))('db backup to a place that takes no file says why in words, as the --db errors do (SQLite says only "unable to open database file")', async () => {
    const d = tmp();
    const db = join(d, 'a.db');
    openDb(db).close();
    // (a folder that takes no new files, also for root)
    const proc = await cli(['db', 'backup', '/proc/itbot-copy.db', '--db', db]);
    expect(proc.code).toBe(1);
    expect(proc.err).toBe('/proc/itbot-copy.db: the copy failed: the folder /proc takes no new files (ENOENT)');
    // (root may write anything: the permission cases need another user)
    if (process.getuid?.() === 0) return;
    const locked = join(d, 'locked');
    mkdirSync(locked, 0o500);
    const inLocked = await cli(['db', 'backup', join(locked, 'b.db'), '--db', db]);
    expect(inLocked.err).toBe(`${join(locked, 'b.db')}: the copy failed: this user may not create a file in the folder ${locked} (permission denied)`);
    const theirs = join(d, 'theirs.db');
    writeFileSync(theirs, '');
    chmodSync(theirs, 0o400);
    const r = await cli(['db', 'backup', theirs, '--db', db]);
    expect(r.err).toBe(`${theirs}: the copy failed: this user may not read and write the file (permission denied)`);
  });

  it.runIf(existsSync('/proc/self'))('a --db whose folder cannot be made (under /proc) fails at once, naming it', async () => {
    const child = spawn(process.execPath, [BIN, 'catalog', 'export', '--db', '/proc/nope/x.db'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // (before, this never returned: the limit only ends a hang, a slow start does not reach it)
    const limit = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(limit);
    expect(code).toBe(1);
    expect(err.trim()).toBe("/proc/nope/x.db: cannot open the database: cannot create the folder /proc/nope: ENOENT: no such file or directory, mkdir '/proc/nope'");
  }, 90_000);
});
