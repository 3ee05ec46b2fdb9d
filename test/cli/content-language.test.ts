import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../doubles/cli.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const db = () => join((dir = mkdtempSync(join(tmpdir(), 'itbot-content-lang-'))), 'itbot.db');

// README, Command line: what a command shows of the organisation's content follows ITBOT_LANG,
// as `plan upcoming` says "noch kein Plan importiert"; what it did or could not do is English
describe('the text output of the organisation\'s surveys, projects and helpdesk figures is in ITBOT_LANG', () => {
  it('survey list without surveys says so in ITBOT_LANG (not nothing at all); --json stays an empty list', async () => {
    const file = db();
    expect((await cli(['survey', 'list', '--db', file], { ITBOT_LANG: 'de' })).out).toBe('noch keine Umfragen (itbot survey create DATEI, oder itbot demo load)');
    expect((await cli(['survey', 'list', '--db', file], { ITBOT_LANG: 'en' })).out).toBe('no surveys yet (itbot survey create FILE, or itbot demo load)');
    expect((await cli(['survey', 'list', '--json', '--db', file])).out).toBe('[]');
  });

  it('projects list without projects says so in ITBOT_LANG', async () => {
    const file = db();
    expect((await cli(['projects', 'list', '--db', file], { ITBOT_LANG: 'de' })).out).toBe('noch keine Projekte importiert (itbot projects import DATEI, oder itbot demo load)');
    expect((await cli(['projects', 'list', '--db', file], { ITBOT_LANG: 'en' })).out).toBe('no projects imported yet (itbot projects import FILE, or itbot demo load)');
  });

  it('helpdesk figures heads its table in ITBOT_LANG, each figure right-aligned under its heading', async () => {
    const file = db();
    expect((await cli(['demo', 'load', '--db', file])).code).toBe(0);
    for (const [lang, head] of [['de', 'Monat     eröffnet  erledigt  Median h  Zufriedenheit'], ['en', 'month     opened  closed  median h  satisfaction']] as const) {
      const r = await cli(['helpdesk', 'figures', '--months', '3', '--db', file], { ITBOT_LANG: lang });
      expect(r.code).toBe(0);
      const [first, ...rows] = r.out.split('\n');
      expect(first).toBe(head);
      expect(rows).toHaveLength(3);
      // (each heading but the last ends where the figures under it end)
      const ends = [...head.matchAll(/\S+(?: h)?/g)].slice(1, -1).map((m) => m.index! + m[0].length);
      for (const row of rows) for (const end of ends) expect(row.slice(0, end)).toMatch(/\S$/);
    }
  });
});
