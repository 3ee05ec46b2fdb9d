import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli } from '../doubles/cli.ts';
import { terminalLine } from '../../src/cli/terminal.ts';

/** Control characters other than the line feed between output lines: what must never reach the operator's terminal. */
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

// text stored by a version that did not yet clean chat input (or by another tool)
const GAP = 'wo ist \u001b[31mrot\u001b[0m\nzweite Zeile';
const COMMENT = 'gut\u001b]52;c;cm0gLXJmIH4K\u0007\u001b[2J\u009bx';
const REASON = 'Ferien\u001b[8m\rversteckt\tweiter';
// a plan event's title over two lines (a YAML block), as the import keeps it
const TITLE = 'Jour fixe  \n  mit den Finanzen';
const FAIR = 'Interne \u001b[2JIT-Messe';

let dir: string;
let db: string;
/** the year of the skipped occurrence whose reason is changed */
let reasonYear: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'itbot-terminal-'));
  db = join(dir, 'itbot.db');
  expect((await cli(['demo', 'load', '--db', db])).code).toBe(0);
  const d = new Database(db);
  try {
    d.prepare("INSERT INTO catalog_gaps (question, lang, reason, best_guess, department, created_at) VALUES (?, 'de', 'unanswered', NULL, ?, ?)")
      .run(GAP, 'Fi\u001b[1mnance', new Date().toISOString());
    // (the comments' random ids are beyond a JS number's precision: picked in SQL)
    expect(d.prepare('UPDATE survey_anon_comments SET text = ? WHERE id = (SELECT min(id) FROM survey_anon_comments)').run(COMMENT).changes).toBe(1);
    const o = d.prepare("SELECT event_id, occurrence, substr(occurrence, 1, 4) AS year FROM plan_occurrences WHERE state = 'skipped' ORDER BY occurrence LIMIT 1").get() as { event_id: string; occurrence: string; year: string };
    d.prepare('UPDATE plan_occurrences SET reason = ? WHERE event_id = ? AND occurrence = ?').run(REASON, o.event_id, o.occurrence);
    reasonYear = o.year;
    const retitle = d.prepare("UPDATE plan_events SET definition = json_set(definition, '$.title', json_object('de', ?, 'en', ?)) WHERE id = ?");
    expect(retitle.run(TITLE, TITLE, 'jf-finance').changes).toBe(1);
    expect(retitle.run(FAIR, FAIR, 'it-fair').changes).toBe(1);
  } finally {
    d.close();
  }
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('text the database holds, printed by the command line', () => {
  it('shows control characters instead of sending them to the terminal', () => {
    expect(terminalLine('a\u001b[31mb\u0007c\u007fd\u009be')).toBe('a␛[31mb␇c␡d\uFFFDe');
    expect(terminalLine('one\r\ntwo\nthree\rfour\u2028five\tsix')).toBe('one / two / three / four / five six');
    expect(terminalLine('Grüezi 😀 «ok»')).toBe('Grüezi 😀 «ok»');
  });

  it('itbot catalog gaps: the question on one line, its escape sequence shown; --json keeps the text as stored', async () => {
    const r = await cli(['catalog', 'gaps', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(CONTROL);
    expect(r.out).toContain('wo ist ␛[31mrot␛[0m / zweite Zeile');
    expect(r.out).toContain('Fi␛[1mnance');
    const j = JSON.parse((await cli(['catalog', 'gaps', '--json', '--db', db])).out) as { groups: Array<{ question: string }> };
    expect(j.groups.map((g) => g.question)).toContain(GAP);
  });

  it('itbot survey results: a comment\'s escape sequences are shown, not run', async () => {
    const r = await cli(['survey', 'results', 'it-pulse', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(CONTROL);
    expect(r.out).toContain('- gut␛]52;c;cm0gLXJmIH4K␇␛[2J\uFFFDx');
  });

  it('itbot plan report: a skip reason\'s escape sequences are shown, not run', async () => {
    const json = JSON.parse((await cli(['plan', 'report', '--year', reasonYear, '--json', '--db', db])).out) as { skippedReasons: Array<{ reason: string }> };
    expect(json.skippedReasons.map((s) => s.reason)).toContain(REASON);
    const r = await cli(['plan', 'report', '--year', reasonYear, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(CONTROL);
    expect(r.out).toContain(': Ferien␛[8m / versteckt weiter');
  });

  it('itbot plan report: an event\'s title on one line, its line break as " / "', async () => {
    const r = await cli(['plan', 'report', '--year', reasonYear, '--db', db], { ITBOT_LANG: 'de' });
    expect(r.code).toBe(0);
    // (in ITBOT_LANG, German here: the title in the quotes of the language)
    expect(r.out).toContain('  Anlass jf-finance «Jour fixe / mit den Finanzen» [Jour fixe, event-feedback]: ');
    expect(r.out).toContain('  Anlass it-fair «Interne ␛[2JIT-Messe» [IT-Messe, event-feedback]: ');
    expect(r.out).toContain('  Anlass open-day «Tag der offenen Tür der Informatik» [Tag der offenen Tür, event-feedback]: ');
    expect(r.out).not.toMatch(CONTROL);
  });
});
