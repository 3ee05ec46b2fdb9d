import { fold } from '../chat/normalize.ts';
import Database from 'better-sqlite3';
import { accessSync, constants, readdirSync, readFileSync, mkdirSync, existsSync, realpathSync, statSync, openSync, closeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors.ts';

/** How long a statement waits for another process's lock before it fails (and the message says so). */
const BUSY_TIMEOUT_MS = 5000;

export type Db = Database.Database;

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data/migrations');

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Numbered, append-only migrations: data/migrations/0010-core.sql, 0020-..., applied in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f));
  const list = files.map((f) => ({
    version: Number(f.slice(0, 4)),
    name: f,
    sql: readFileSync(join(dir, f), 'utf8'),
  }));
  list.sort((a, b) => a.version - b.version);
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.version === list[i - 1]!.version) {
      throw new AppError('bad_migrations', `${dir}: two migrations share version ${list[i]!.version}`);
    }
  }
  return list;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** The version the migrations bring a database to. */
export function latestVersion(migrations = loadMigrations()): number {
  return migrations.length ? migrations[migrations.length - 1]!.version : 0;
}

/**
 * Applies the pending migrations, each in its own transaction together with its
 * `PRAGMA user_version` bump. Refuses a database written by a newer version of the bot.
 * Safe when two processes start at once: BEGIN IMMEDIATE serialises them and the
 * version is read again inside the transaction.
 */
export function migrate(db: Db, migrations = loadMigrations(), file = db.name): number {
  const latest = latestVersion(migrations);
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'db_too_new',
      `${file}: the database has schema version ${current}, this itbot knows up to ${latest}: upgrade itbot (the database was not changed)`,
    );
  }
  let applied = 0;
  // (a database at the latest version takes no write lock: a read-only command works while another process writes)
  if (current === latest) return 0;
  for (const m of migrations) {
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    try {
      if (step.immediate()) applied++;
    } catch (e) {
      if (isLocked(e)) throw new AppError('db_locked', dbErrorMessage(file, e)!, { cause: e });
      throw new AppError('migration_failed', `${file}: migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
    }
  }
  return applied;
}

export interface OpenOptions {
  migrations?: Migration[];
  /**
   * Read only: nothing in the file is changed (no WAL switch, no migration), for a user who may
   * read the database but not write it or its folder. The database must be at this version.
   */
  readonly?: boolean;
  /** a database from a newer version of the bot is opened as it is, not refused (a backup copies it) */
  anyVersion?: boolean;
}

/**
 * Creates a missing file readable by its owner only (0600): the database holds named and
 * confidential survey answers, and SQLite gives its -wal, -shm and -journal files the mode of
 * the database. An existing file keeps its mode. Returns why the file could not be created (null
 * when it could, or another process was quicker), for the caller to report or leave to SQLite.
 */
function createPrivate(file: string): NodeJS.ErrnoException | null {
  if (existsSync(file)) return null;
  try {
    closeSync(openSync(file, 'wx', 0o600));
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EEXIST' ? null : (e as NodeJS.ErrnoException);
  }
}

/**
 * Creates a folder and the missing folders above it, one at a time. (`mkdirSync` with
 * `recursive` never returns for a path under /proc, where mkdir answers ENOENT although the
 * parent exists.) Throws with the folder that could not be made.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  let d = resolve(dir);
  while (!existsSync(d)) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (existsSync(d) && !statSync(d).isDirectory()) throw new Error(`${d} is not a folder`);
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new Error(`cannot create the folder ${m}: ${(e as Error).message}`, { cause: e });
    }
  }
}

const sqliteCode = (e: unknown): string => String((e as { code?: unknown })?.code ?? '');
/** Another connection held the database (busy or locked) longer than the busy timeout. */
const isLocked = (e: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(sqliteCode(e));

/**
 * SQLite's answer for a database file, as one line naming the file: what SQLite says ("database
 * is locked", "file is not a database") does not say which file, nor what to do about it.
 */
export function dbErrorMessage(file: string, e: unknown): string | null {
  const code = sqliteCode(e);
  if (!(e instanceof Database.SqliteError) && !code.startsWith('SQLITE_')) return null;
  const message = (e as Error).message;
  if (isLocked(e)) {
    return `${file}: the database is locked: another process (a server or command writing, a migration, an open sqlite3 session) held it longer than ${BUSY_TIMEOUT_MS / 1000} seconds; try again once it is done`;
  }
  if (/^SQLITE_NOTADB/.test(code)) return `${file}: not an SQLite database (${message}): check --db or ITBOT_DB`;
  if (/^SQLITE_READONLY/.test(code)) return `${file}: ${message}: this user may not write the file, or its folder (SQLite keeps its -wal and -shm files there)`;
  return `${file}: ${message}`;
}

const IS_DIRECTORY = 'it is a directory, not a database file';

/**
 * An error of opening a database as one line naming the file. A --db that names something other
 * than a database of this version (not an SQLite file, a directory, a newer version) is bad input
 * (exit 2: name another file, or upgrade itbot); the rest (locked, permissions, the disk) is a
 * runtime failure (exit 1).
 */
function openError(file: string, e: unknown): unknown {
  const message = dbErrorMessage(file, e);
  if (!message) return e;
  return new AppError(/^SQLITE_NOTADB/.test(sqliteCode(e)) ? 'db_not_a_database' : 'db_open', message, { cause: e });
}

/** Whether this user may use a path in these ways (`constants.R_OK`, ...). */
function may(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * Why SQLite cannot open a database file, in words, where the file system tells ("unable to open
 * database file" says neither): a directory, or a file or folder this user may not use.
 */
function whyCannotOpen(file: string, readOnly = false): string | null {
  if (!existsSync(file)) {
    const dir = dirname(resolve(file));
    return may(dir, constants.W_OK | constants.X_OK) ? null : mayNotCreateIn(dir);
  }
  if (statSync(file).isDirectory()) return IS_DIRECTORY;
  if (readOnly) return may(file, constants.R_OK) ? null : 'this user may not read the file (permission denied)';
  if (!may(file, constants.R_OK | constants.W_OK)) return 'this user may not read and write the file (permission denied)';
  return null;
}

const mayNotCreateIn = (dir: string): string => `this user may not create a file in the folder ${dir} (permission denied)`;

/**
 * Why a file could not be created, in words: from the file system's answer where the access
 * check above found nothing (a folder that takes no files, a read-only file system, root refused).
 */
function whyCannotCreate(file: string, e: NodeJS.ErrnoException): string {
  const dir = dirname(resolve(file));
  const why = whyCannotOpen(file);
  if (why) return why;
  if (e.code === 'EACCES' || e.code === 'EPERM') return mayNotCreateIn(dir);
  if (e.code === 'EROFS') return `the folder ${dir} is on a read-only file system (EROFS)`;
  if (e.code === 'ENOENT') return `the folder ${dir} takes no new files (ENOENT)`;
  if (e.code === 'ENOSPC') return 'the disk is full (ENOSPC)';
  return e.message;
}

/** Whether this user may write a file and create files beside it (SQLite's -wal and -shm). */
export function mayWrite(file: string): boolean {
  return may(file, constants.W_OK) && may(dirname(resolve(file)), constants.W_OK | constants.X_OK);
}

/** The SQL functions every connection has (searches and orders in SQL use them). */
function addFunctions(db: Db): void {
  // case and accents folded as the catalog search folds them, for searches in SQL (NULL stays NULL)
  db.function('fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? fold(s) : null));
  // an order with numbers by value ("svc-2" before "svc-10"): each run of digits padded to 20 places
  db.function('natural_key', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.replace(/\d+/g, (d) => d.padStart(20, '0')) : null));
}

/**
 * A read-only connection. A WAL database needs its -shm file beside it; when no process has it
 * open (no -wal file) and this user may not create one there, the file alone holds every
 * committed change, and it is read into memory instead.
 */
function openReadOnly(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // (SQLite opens the file lazily: the first read is where a missing -shm shows)
    schemaVersion(db);
    return db;
  } catch (e) {
    db.close();
    if (!/^SQLITE_(READONLY|CANTOPEN)/.test(sqliteCode(e)) || existsSync(file + '-wal')) throw e;
    const image = readFileSync(file);
    // (bytes 18 and 19 say WAL; an image in memory has no log to read beside it)
    if (image.length > 19 && image[18] === 2) image[18] = image[19] = 1;
    return new Database(image, { readonly: true });
  }
}

/** Why a read-only connection cannot serve this itbot: its schema is older or newer than this one's. */
function checkVersionReadOnly(db: Db, migrations: Migration[], file: string): void {
  const latest = latestVersion(migrations);
  const current = schemaVersion(db);
  if (current > latest) migrate(db, migrations, file);
  if (current < latest) {
    throw new AppError(
      'db_not_migrated',
      `${file}: the database has schema version ${current}, this itbot needs ${latest}, and this user may not write the file or its folder to bring it up to date: run any itbot command once as the user who owns it (the database was not changed)`,
    );
  }
}

/**
 * The error of a connection SQLite could not make: `why` in words where the file system tells
 * (a directory is bad input), else `message`, else SQLite's own words.
 */
function cannotOpen(file: string, why: string | null, e: unknown, message: string | null = null): AppError {
  const text = why ? `${file}: cannot open the database: ${why}` : (message ?? `${file}: cannot open the database: ${(e as Error).message}`);
  return new AppError(why === IS_DIRECTORY ? 'db_not_a_database' : 'db_open', text, { cause: e });
}

/**
 * Opens (creating when missing, owner-only) and migrates the database: WAL, foreign keys, busy
 * timeout. With `readonly`, opens an existing file read-only and changes nothing in it.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (opts.readonly && file !== ':memory:') {
    let db: Db;
    try {
      db = openReadOnly(file);
    } catch (e) {
      throw cannotOpen(file, whyCannotOpen(file, true), e, dbErrorMessage(file, e));
    }
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      addFunctions(db);
      if (!opts.anyVersion) checkVersionReadOnly(db, opts.migrations ?? loadMigrations(), file);
    } catch (e) {
      db.close();
      throw openError(file, e);
    }
    return db;
  }
  if (file !== ':memory:') {
    try {
      makeFolders(dirname(resolve(file)));
    } catch (e) {
      throw new AppError('db_open', `${file}: cannot open the database: ${(e as Error).message}`, { cause: e });
    }
    createPrivate(file);
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw cannotOpen(file, whyCannotOpen(file), e);
  }
  if (file !== ':memory:') openedFiles.set(db, fileIdentity(file));
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    addFunctions(db);
    const migrations = opts.migrations ?? loadMigrations();
    if (!(opts.anyVersion && schemaVersion(db) > latestVersion(migrations))) migrate(db, migrations, file);
  } catch (e) {
    db.close();
    throw openError(file, e);
  }
  return db;
}

/** The file a database was opened from (device and inode), to tell when that file is gone or replaced. */
const openedFiles = new WeakMap<Db, string | null>();

function fileIdentity(file: string): string | null {
  try {
    const s = statSync(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/** How long the health check waits for another process's write lock before it calls the database locked. */
const HEALTH_LOCK_WAIT_MS = 1000;

/**
 * Whether this connection can still save what it writes, as one line when it cannot: its file
 * deleted or moved away while the process runs (SQLite goes on writing into the unlinked file,
 * lost at the next start, and a command on the path creates a new, empty database), or another
 * file now at its path (a restored backup the server does not see), or another process holding
 * the write lock for longer than a moment (nothing can be saved meanwhile). Null when all is well.
 */
export function dbWriteProblem(db: Db): string | null {
  if (db.name !== ':memory:' && openedFiles.has(db)) {
    const now = fileIdentity(db.name);
    if (now === null) return 'the database file is gone (deleted or moved while the server runs): what the server saves now is lost when it stops; put the file back, or restart the server to start a new database';
    if (now !== openedFiles.get(db)) return 'the database file was replaced by another file while the server runs: the server still uses the old one, commands use the new one; restart the server';
  }
  // (inside a transaction of our own the lock is ours: nothing to probe)
  if (db.inTransaction) return null;
  try {
    db.pragma(`busy_timeout = ${HEALTH_LOCK_WAIT_MS}`);
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return null;
  } catch (e) {
    if (isLocked(e)) return `the database is locked: another process (a command writing, an open sqlite3 session) has held its write lock for more than ${HEALTH_LOCK_WAIT_MS / 1000} second; nothing can be saved until it lets go`;
    return (e as Error).message;
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** A path with symbolic links resolved as far as it exists (the file itself may not, yet). */
function canonical(p: string): string {
  const abs = resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const dir = dirname(abs);
  return existsSync(dir) ? join(realpathSync(dir), basename(abs)) : abs;
}

/** SQLite's own files next to a database, which it creates and deletes as it needs. */
const SIDECARS: Array<[suffix: string, what: string]> = [
  ['-wal', 'write-ahead log'],
  ['-shm', 'shared-memory index'],
  ['-journal', 'rollback journal'],
];

/** Whether a file is an SQLite database with tables of which none is itbot's (an itbot database always has its outbox). */
function isForeignDatabase(file: string): boolean {
  if (!existsSync(file) || statSync(file).size === 0) return false;
  let other: Database.Database | undefined;
  try {
    other = new Database(file, { readonly: true, fileMustExist: true });
    const tables = other.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    return tables.length > 0 && !tables.includes('outbox');
  } catch {
    // (not a database, or not readable: the copy itself says what is wrong)
    return false;
  } finally {
    other?.close();
  }
}

/** An online copy through SQLite's backup API: consistent while servers keep writing; a new file is owner-only. */
export async function backupDb(db: Db, target: string): Promise<void> {
  const dir = dirname(resolve(target));
  if (db.name !== ':memory:') {
    const t = canonical(target);
    const base = canonical(db.name);
    if (t === base) throw new AppError('bad_usage', `${target}: is the database itself; name another file for the copy`);
    // SQLite deletes these when the database closes: a copy there would be gone (or overwrite the log)
    for (const [suffix, what] of SIDECARS) {
      if (t === base + suffix) throw new AppError('bad_usage', `${target}: is the database's ${what}, which SQLite manages; name another file for the copy`);
    }
  }
  if (existsSync(target) && statSync(target).isDirectory()) throw new AppError('bad_usage', `${target}: is a directory; name a file for the copy`);
  // (a copy replaces only an earlier copy: another application's database at the path is left alone)
  if (isForeignDatabase(target)) throw new AppError('bad_usage', `${target}: is the SQLite database of another application (it has tables, none of them itbot's), left as it was; name another file for the copy (a copy replaces only an earlier copy)`);
  const fail = (why: string, cause: unknown) => new AppError('backup_failed', `${target}: the copy failed: ${why}`, { cause });
  try {
    makeFolders(dir);
  } catch (e) {
    throw fail((e as Error).message, e);
  }
  // (SQLite's "unable to open database file" says neither what nor why: the file system does, as for --db)
  const refused = createPrivate(target);
  if (refused) throw fail(whyCannotCreate(target, refused), refused);
  try {
    await db.backup(target);
  } catch (e) {
    // (SQLite's "file is not a database" is about the target, an existing file it left as it was)
    if (/^SQLITE_NOTADB/.test(sqliteCode(e))) throw new AppError('bad_usage', `${target}: is a file that is not an SQLite database, left as it was; name another file for the copy (a copy replaces only an earlier copy)`, { cause: e });
    throw fail(whyCannotOpen(target) ?? (e as Error).message, e);
  }
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, prepared once per open database and reused: on the hot paths (every
 * chat turn, every scheduler tick) better-sqlite3's prepare costs more than the query itself.
 */
export function cachedStatement(db: Db, sql: string): Database.Statement {
  let m = statementCache.get(db);
  if (!m) statementCache.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

/** Runs `fn` in an IMMEDIATE transaction (takes the write lock up front: no upgrade deadlocks). */
export function tx<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
