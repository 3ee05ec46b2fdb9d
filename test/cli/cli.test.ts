import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { cli } from '../doubles/cli.ts';
import { buildProgram } from '../../src/cli/main.ts';

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

  it('exits 2 on an unknown command or option', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['outbox', 'status', '--frob'])).code).toBe(2);
  });

  it('a bad setting stops a command with one line naming it, exit 2', async () => {
    const r = await cli(['outbox', 'status', '--db', join(tmp(), 'x.db')], { ITBOT_LANG: 'fr' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^configuration: ITBOT_LANG: /);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  it('demo load fills a new database; outbox status --json prints JSON only on stdout', async () => {
    const db = join(tmp(), 'demo.db');
    const r = await cli(['demo', 'load', '--db', db]);
    expect(r.code).toBe(0);
    const s = await cli(['outbox', 'status', '--json', '--db', db]);
    expect(s.code).toBe(0);
    expect(JSON.parse(s.out)).toMatchObject({ queued: expect.any(Number), dead: 0, sent: expect.any(Number) });
  });

  it('uses ITBOT_DB when --db is absent', async () => {
    const db = join(tmp(), 'env.db');
    const r = await cli(['demo', 'load'], { ITBOT_DB: db });
    expect(r.code).toBe(0);
    expect(existsSync(db)).toBe(true);
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
  });

  it('refuses a newer database with one clear line and leaves it as it was', async () => {
    const db = join(tmp(), 'newer.db');
    const raw = new Database(db);
    raw.pragma('user_version = 99990');
    raw.close();
    const r = await cli(['demo', 'load', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/schema version 99990.*upgrade itbot/);
    const check = new Database(db);
    expect(check.pragma('user_version', { simple: true })).toBe(99990);
    expect((check.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n).toBe(0);
    check.close();
  });
});
