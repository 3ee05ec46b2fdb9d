import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../doubles/cli.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a mistyped option is refused before the database is opened', () => {
  it.each([
    [['catalog', 'export', '--format', 'xml'], '--format: expected yaml, json or csv, got "xml"'],
    [['ask', '--lang', 'fr', 'vpn'], '--lang: expected de or en, got "fr"'],
    [['helpdesk', 'figures', '--months', '0'], '--months: "0" is not a number from 1 to 60'],
    [['newsletter', 'list', '--state', 'sent'], '--state: "sent" is not draft, approved or skipped'],
  ])('%j: exit 2, and a mistyped --db is not created', async (args, message) => {
    dir = mkdtempSync(join(tmpdir(), 'itbot-usage-'));
    const db = join(dir, 'itbot.bd');
    const r = await cli([...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
    expect(existsSync(db)).toBe(false);
  });
});
