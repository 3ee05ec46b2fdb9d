import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { cli } from '../doubles/cli.ts';
import { buildProgram, main, withDbLast } from '../../src/cli/main.ts';
import { spawn } from 'node:child_process';
import { BIN } from '../doubles/process.ts';
import { openDb } from '../../src/store/db.ts';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'itbot-cli-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function leafPaths(cmd: Command, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  for (const sub of cmd.commands) {
    if (sub.name() === 'help') continue;
    const path = [...prefix, sub.name()];
    out.push(path);
    out.push(...leafPaths(sub, path));
  }
  return out;
}

describe('itbot CLI', () => {
  const program = buildProgram({ out: () => {}, err: () => {}, openApp: () => { throw new Error('not here'); } });
  const paths = leafPaths(program);

  it('has the commands of the contract', () => {
    const names = paths.map((p) => p.join(' '));
    for (const c of ['serve', 'demo load', 'people import', 'db backup', 'outbox status']) expect(names).toContain(c);
  });

  for (const path of leafPaths(buildProgram({ out: () => {}, err: () => {}, openApp: () => { throw new Error('x'); } }))) {
    it(`${path.join(' ')} --help exits 0 and shows usage`, async () => {
      const r = await cli([...path, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`Usage: itbot ${path.join(' ')}`));
    });
  }

  it('exits 2 on an unknown command or option, with one line on stderr that says what and where to look', async () => {
    // (also with commander's suggestion of a near name: "peple", "--jsn")
    for (const args of [['frobnicate'], ['outbox', 'status', '--frob'], ['catalog', 'import'], ['peple', 'import'], ['outbox', 'status', '--jsn']]) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(/^error: .+ \(add --help for usage\)$/);
    }
  });

  it('a command group or the program without a command is bad usage (2); help asked for is 0', async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(['catalog'])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
    expect((await cli(['help'])).code).toBe(0);
    expect((await cli(['catalog', '--help'])).code).toBe(0);
  });

  it('--db may stand before the command too ("itbot --db x.db catalog export"), also as --db=PATH', async () => {
    const db = join(tmp(), 'first.db');
    expect((await cli(['--db', db, 'demo', 'load'])).code).toBe(0);
    const a = await cli(['--db', db, 'catalog', 'export', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).services.length).toBeGreaterThan(30);
    const b = await cli(['catalog', `--db=${db}`, 'export', '--format', 'json']);
    expect(b.out).toBe(a.out);
    // (nothing after "--" is an option: a question may say "--db")
    expect(withDbLast(['node', 'itbot', '--db', 'x.db', 'ask', '--', '--db'])).toEqual(['node', 'itbot', 'ask', '--db', 'x.db', '--', '--db']);
  });

  it('--db with a group and no command ("itbot plan --db x.db") shows the group\'s help, as without --db, not "unknown option \'--db\'"; no database is created', async () => {
    const db = join(tmp(), 'group.db');
    for (const args of [['plan', '--db', db], ['--db', db, 'survey'], ['--db', db]]) {
      const without = await cli(args.filter((a) => a !== '--db' && a !== db));
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.err).toBe(without.err);
      expect(r.err).toMatch(/^Usage: itbot/);
    }
    expect((await cli(['plan', 'nope', '--db', db])).err).toBe("error: unknown command 'nope' (add --help for usage)");
    expect(existsSync(db)).toBe(false);
  });

  it('a reader that goes away early ("| head -1") ends the command quietly, without a stack trace', async () => {
    const db = join(tmp(), 'pipe.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    // (a real pipe to a reader that stops after the first bytes, as a shell pipeline to head does)
    const errFile = join(tmp(), 'err.txt');
    const child = spawn('bash', ['-c', `"${process.execPath}" bin/itbot.mjs catalog export --db "${db}" 2>"${errFile}" | head -c 20 >/dev/null; echo "\${PIPESTATUS[0]}"`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(readFileSync(errFile, 'utf8')).not.toMatch(/EPIPE|\bat /);
    expect(out.trim()).toBe('0');
  }, 60_000);

  it('db backup refuses the database itself, a directory, a file that is not a database and another application\'s database as the target, naming the file', async () => {
    const d = tmp();
    const db = join(d, 'b.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const self = await cli(['db', 'backup', db, '--db', db]);
    expect(self.code).toBe(2);
    expect(self.err).toMatch(/b\.db: is the database itself/);
    const dir = await cli(['db', 'backup', d, '--db', db]);
    expect(dir.code).toBe(2);
    expect(dir.err).toContain(`${d}: is a directory`);
    // (a mistyped target that names another file: refused, the file left as it was)
    const notes = join(d, 'notes.txt');
    writeFileSync(notes, 'important notes\n');
    const other = await cli(['db', 'backup', notes, '--db', db]);
    expect(other.code).toBe(2);
    expect(other.err).toBe(`${notes}: is a file that is not an SQLite database, left as it was; name another file for the copy (a copy replaces only an earlier copy)`);
    expect(readFileSync(notes, 'utf8')).toBe('important notes\n');
    // another application's SQLite database: refused and left as it was; an earlier copy is replaced
    const foreign = join(d, 'crm.db');
    const raw = new Database(foreign);
    raw.exec(`CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('Muster AG')`);
    raw.close();
    const over = await cli(['db', 'backup', foreign, '--db', db]);
    expect(over.code).toBe(2);
    expect(over.err).toBe(`${foreign}: is the SQLite database of another application (it has tables, none of them itbot's), left as it was; name another file for the copy (a copy replaces only an earlier copy)`);
    const kept = new Database(foreign, { readonly: true });
    expect(kept.prepare('SELECT name FROM customers').pluck().all()).toEqual(['Muster AG']);
    kept.close();
    const copy = join(d, 'copy.db');
    expect((await cli(['db', 'backup', copy, '--db', db])).code).toBe(0);
    expect((await cli(['db', 'backup', copy, '--db', db])).code).toBe(0);
  });

  it('db backup refuses the database\'s own -wal, -shm and -journal files (SQLite deletes them), naming the target', async () => {
    const d = tmp();
    const db = join(d, 'b.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const before = readFileSync(db);
    for (const suffix of ['-wal', '-shm', '-journal']) {
      const target = `${db}${suffix}`;
      const r = await cli(['db', 'backup', target, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.out).not.toMatch(/backup written/);
      expect(r.err).toContain(`${target}: is the database's`);
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
    // also when named through another path to the same folder
    const r = await cli(['db', 'backup', join(d, '.', '..', basename(d), 'b.db-wal'), '--db', db]);
    expect(r.code).toBe(2);
    expect(readFileSync(db).equals(before)).toBe(true);
    // a file merely named like one is fine
    expect((await cli(['db', 'backup', join(d, 'b.db-wal.bak'), '--db', db])).code).toBe(0);
  });

  it('a read-only command works while another process holds the write lock (no "migration failed")', async () => {
    const db = join(tmp(), 'lock.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const other = new Database(db);
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      const r = await cli(['catalog', 'export', '--format', 'json', '--db', db]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
  });

  it('a people file that is not UTF-8 is refused; a value with a line break stays on its problem\'s one line', async () => {
    const d = tmp();
    const latin1 = join(d, 'latin1.csv');
    writeFileSync(latin1, Buffer.from('email,name,department,manager,language,timezone,slack_user_id,teams_user_id\nm@x.ch,M\xfcller,IT,false,de,Europe/Zurich,,\n', 'latin1'));
    const r = await cli(['people', 'import', latin1, '--db', join(d, 'p.db')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${latin1}: line 2: the file is not UTF-8 text (byte 0xFC, "ü" in Windows-1252): save it as UTF-8 ("CSV UTF-8" in Excel)`);
    const nl = join(d, 'nl.yaml');
    writeFileSync(nl, 'services:\n  - id: "bad\\nid"\n    name: A\n    summary: S\n');
    const c = await cli(['catalog', 'import', nl, '--db', join(d, 'c.db')]);
    expect(c.code).toBe(2);
    expect(c.err.split('\n')).toHaveLength(1);
    expect(c.err).toMatch(/nl\.yaml: services\[0\].*bad\\nid/);
  });

  it('a file that cannot be read is named with the reason in words, for every kind of import (exit 2)', async () => {
    const d = tmp();
    const db = ['--db', join(d, 'x.db')];
    const cases: Array<[string[], string]> = [
      [['people', 'import', join(d, 'missing.csv')], `${join(d, 'missing.csv')}: cannot read the file: there is no such file (ENOENT)`],
      [['people', 'import', d], `${d}: cannot read the file: it is a directory, not a file (EISDIR)`],
      [['catalog', 'import', d], `${d}: cannot read the file: it is a directory, not a file (EISDIR)`],
      [['plan', 'import', join(d, 'missing.yaml')], `${join(d, 'missing.yaml')}: cannot read the file: there is no such file (ENOENT)`],
    ];
    for (const command of [['departments', 'import'], ['survey', 'create'], ['projects', 'import'], ['strategy', 'import'], ['helpdesk', 'import']]) {
      cases.push([[...command, join(d, 'missing')], `${join(d, 'missing')}: cannot read the file: there is no such file (ENOENT)`]);
    }
    for (const [args, line] of cases) {
      const r = await cli([...args, ...db]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toBe(line);
    }
    // (refused before the database is opened: a mistyped file name leaves no new database behind)
    expect(existsSync(join(d, 'x.db'))).toBe(false);
    if (existsSync('/dev/zero')) {
      const zero = await cli(['people', 'import', '/dev/zero', ...db]);
      expect([zero.code, zero.err]).toEqual([2, '/dev/zero: the file is larger than the 20 MB limit']);
    }
  });

  it('a bad setting stops a command with one line naming it, exit 2', async () => {
    const r = await cli(['outbox', 'status', '--db', join(tmp(), 'x.db')], { ITBOT_LANG: 'fr' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^configuration: ITBOT_LANG: /);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('an empty ITBOT_LOG_LEVEL (or other setting) is read as not given: the command runs', async () => {
    const r = await cli(['outbox', 'status', '--json', '--db', join(tmp(), 'blank.db')], { ITBOT_LOG_LEVEL: '', ITBOT_LANG: '', PORT: '' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ queued: 0 });
  });

  it('demo load fills a new database; outbox status --json prints JSON only on stdout', async () => {
    const db = join(tmp(), 'demo.db');
    const r = await cli(['demo', 'load', '--db', db]);
    expect(r.code).toBe(0);
    const s = await cli(['outbox', 'status', '--json', '--db', db]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out)).toMatchObject({ queued: expect.any(Number), dead: 0, sent: expect.any(Number) });
  });

  it('a command\'s logs go to stderr, never between what it prints on stdout (ITBOT_LOG_LEVEL=info, as a server\'s environment sets it)', async () => {
    const db = join(tmp(), 'logs.db');
    expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, [BIN, 'survey', 'send', 'it-pulse', '--db', db], { encoding: 'utf8', env: { ...process.env, ITBOT_LOG_LEVEL: 'info', ITBOT_LANG: 'en' } });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^survey it-pulse: run .* opened/)]);
    expect(r.stderr).toMatch(/"msg":"survey run opened"/);
  });

  it('an error that quotes an id given with a line break is still one line on stderr', async () => {
    const db = join(tmp(), 'lines.db');
    for (const args of [['survey', 'results', 'a\nb'], ['survey', 'send', 'a\r\nb'], ['ask', '--as', 'x\ny', 'vpn'], ['newsletter', 'show', 'a\nb']]) {
      const err: string[] = [];
      const code = await main(['node', 'itbot', ...args, '--db', db], { out: () => {}, err: (s) => err.push(s) });
      expect(code, args.join(' ')).toBe(2);
      expect(err, args.join(' ')).toHaveLength(1);
      expect(err[0]).not.toMatch(/[\r\n]/);
      expect(err[0]).toMatch(/(a|x)\\n(b|y)/);
    }
  });

  it('an empty --db (an unset variable in a script) is bad usage, not a temporary database whose import is lost', async () => {
    const dir = tmp();
    const csv = join(dir, 'p.csv');
    writeFileSync(csv, 'email,name,department,manager,language,timezone,slack_user_id,teams_user_id\na@x.example,A,IT,false,de,Europe/Zurich,,\n');
    for (const db of ['', '  ']) {
      const r = await cli(['people', 'import', csv, '--db', db]);
      expect([r.code, r.out, r.err]).toEqual([2, '', '--db: an empty path: name the database file (or leave --db out: ITBOT_DB, else var/itbot.db)']);
    }
  });

  it('uses ITBOT_DB when --db is absent', async () => {
    const db = join(tmp(), 'env.db');
    const r = await cli(['demo', 'load'], { ITBOT_DB: db });
    expect(r.code).toBe(0);
    expect(existsSync(db)).toBe(true);
  });

  it('outbox status --limit takes a whole number of 0 or more (0 lists no messages, only the counts); anything else is bad usage, before the database is made', async () => {
    const dir = tmp();
    const db = join(dir, 'o.db');
    for (const bad of ['abc', '-3', '2.5', '', '0x10', '1e3', '5.0']) {
      const r = await cli(['outbox', 'status', '--limit', bad, '--db', db]);
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toBe(`--limit: "${bad}" is not a whole number of 0 or more`);
    }
    expect(existsSync(db)).toBe(false);
    openDb(db).close();
    const raw = new Database(db);
    for (const key of ['a', 'b']) {
      raw.prepare(`INSERT INTO outbox (idempotency_key, kind, target_kind, target, message, state, due_at, next_attempt_at, created_at, last_error)
        VALUES (?, 'test', 'person', 'x@x.example', '{}', 'dead', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'gone')`).run(key);
    }
    raw.close();
    const listed = async (limit: string) => JSON.parse((await cli(['outbox', 'status', '--json', '--limit', limit, '--db', db])).out).deadMessages.length;
    expect([await listed('0'), await listed('1'), await listed('5')]).toEqual([0, 1, 2]);
  });

  it('db backup writes an online copy that opens', async () => {
    const dir = tmp();
    const db = join(dir, 'a.db');
    await cli(['demo', 'load', '--db', db]);
    const r = await cli(['db', 'backup', join(dir, 'b.db'), '--db', db]);
    expect(r.code).toBe(0);
    const copy = new Database(join(dir, 'b.db'), { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n).toBe(20);
    copy.close();
    expect(r.err).toBe('');
  });

  it('db backup of a database that did not exist (a mistyped --db) says on stderr that the copy is empty; still exit 0, as every command creates a missing database', async () => {
    const dir = tmp();
    const typo = join(dir, 'itbot.bd');
    const r = await cli(['db', 'backup', join(dir, 'b.db'), '--db', typo]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`backup written to ${join(dir, 'b.db')}`);
    expect(r.err).toBe(`warning: ${typo} did not exist and was created empty, so the copy holds no data (check --db or ITBOT_DB)`);
  });

  it('refuses a newer database with one clear line, exit 2 (bad input: name another file or upgrade itbot), and leaves it as it was', async () => {
    const db = join(tmp(), 'newer.db');
    const raw = new Database(db);
    raw.pragma('user_version = 99990');
    raw.close();
    const r = await cli(['demo', 'load', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/schema version 99990.*upgrade itbot/);
    const check = new Database(db);
    expect(check.pragma('user_version', { simple: true })).toBe(99990);
    expect((check.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n).toBe(0);
    check.close();
  });

  it('db backup copies a newer database as it is (what an operator wants before going back to an older itbot), with a warning', async () => {
    const dir = tmp();
    const db = join(dir, 'newer.db');
    const raw = new Database(db);
    raw.exec('CREATE TABLE future (x INTEGER); INSERT INTO future VALUES (42)');
    raw.pragma('user_version = 99990');
    raw.close();
    const copy = join(dir, 'copy.db');
    const r = await cli(['db', 'backup', copy, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`backup written to ${copy}`);
    expect(r.err).toMatch(new RegExp(`^warning: ${db} has schema version 99990, newer than this itbot knows \\(up to \\d+\\): copied as it is; only an itbot of that version or later can use the copy$`));
    for (const f of [db, copy]) {
      const check = new Database(f, { readonly: true });
      expect(check.pragma('user_version', { simple: true })).toBe(99990);
      expect(check.prepare('SELECT x FROM future').get()).toEqual({ x: 42 });
      check.close();
    }
  });
});
