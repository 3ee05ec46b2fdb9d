import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from '../doubles/cli.ts';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});
const tmp = () => (dir = mkdtempSync(join(tmpdir(), 'itbot-usage-')));

describe('a mistyped option is refused before the database is opened', () => {
  it.each([
    [['catalog', 'export', '--format', 'xml'], '--format: expected yaml, json or csv, got "xml"'],
    [['ask', '--lang', 'fr', 'vpn'], '--lang: expected de or en, got "fr"'],
    [['helpdesk', 'figures', '--months', '0'], '--months: "0" is not a number from 1 to 60'],
    [['newsletter', 'list', '--state', 'sent'], '--state: "sent" is not draft, approved or skipped'],
    [['newsletter', 'list', '--state', ''], '--state: "" is not draft, approved or skipped'],
    [['plan', 'report', '--year', 'abc'], '--year: "abc" is not a year from 1970 to 9999'],
    // (a number written otherwise than in digits is no whole number, nor a year out of range a year)
    [['plan', 'report', '--year', '1969'], '--year: "1969" is not a year from 1970 to 9999'],
    [['plan', 'report', '--year', '2e3'], '--year: "2e3" is not a year from 1970 to 9999'],
    [['helpdesk', 'figures', '--months', '5.0'], '--months: "5.0" is not a number from 1 to 60'],
    [['serve', '--port', '0x10'], '--port: "0x10" is not a port number (0 to 65535)'],
    [['plan', 'upcoming', '--from', '2027-13-01'], '--from: "2027-13-01" is not a date like 2027-01-31'],
    [['plan', 'upcoming', '--to', 'tomorrow'], '--to: "tomorrow" is not a date like 2027-01-31'],
    [['survey', 'export', 'pulse', '--format', 'xlsx'], '--format: "xlsx" is not supported (use csv)'],
    [['newsletter', 'draft', '--lang', 'fr'], '--lang: "fr" is not de or en'],
    [['newsletter', 'draft', '--variant', 'short'], '--variant: "short" is not figures-first or workplace-first'],
    [['newsletter', 'show', 'abc'], 'id: "abc" is not an issue number (a whole number, as newsletter list shows them: #1, #2, ...)'],
    [['newsletter', 'show', '1.5'], 'id: "1.5" is not an issue number (a whole number, as newsletter list shows them: #1, #2, ...)'],
    [['newsletter', 'show', '1', '--lang', 'fr'], '--lang: "fr" is not de or en'],
    [['newsletter', 'show', '1', '--variant', 'short'], '--variant: "short" is not figures-first or workplace-first'],
    [['newsletter', 'action', 'pulse', 'done', '--lang', 'fr'], '--lang: "fr" is not de or en'],
    [['newsletter', 'action', 'pulse', ' '], 'text: required'],
    [['newsletter', 'action', 'pulse', '\u001b\u0007'], 'text: required'],
    [['newsletter', 'action', 'pulse', 'x'.repeat(1001)], "text: 1001 characters, at most 1000: shorten it (it stands under the survey's results in the newsletter)"],
    [['survey', 'send', 'pulse', '--run-key', ' '], '--run-key: an empty run key: name the run (survey list --json shows them), or leave --run-key out for send:TODAY'],
    [['survey', 'send', 'pulse', '--run-key', 'plan:club:2027-01-05T18:00'], '--run-key: "plan:club:2027-01-05T18:00" begins like the bot\'s own runs (wave: for recurring waves, plan: for an event\'s follow-up): name the run otherwise, e.g. send:extra or q1-repeat'],
    [['survey', 'send', 'pulse', '--run-key', 'wave:2027-01-04'], '--run-key: "wave:2027-01-04" begins like the bot\'s own runs (wave: for recurring waves, plan: for an event\'s follow-up): name the run otherwise, e.g. send:extra or q1-repeat'],
    [['survey', 'results', 'pulse', '--wave', ''], '--wave: an empty run key: name the run (survey list --json shows them), or leave --wave out for every run'],
    [['db', 'backup', ''], 'FILE: an empty path: name the file for the copy'],
    [['ask', '--as', '', 'vpn'], '--as: an empty e-mail address: name a person of the directory, or leave --as out to ask as a guest'],
    [['catalog', 'gaps', '--since', 'yesterday'], '--since: expected a date YYYY-MM-DD, got "yesterday"'],
    [['serve', '--port', 'abc'], '--port: "abc" is not a port number (0 to 65535)'],
  ])('%j: exit 2, and a mistyped --db is not created', async (args, message) => {
    const db = join(tmp(), 'itbot.bd');
    const r = await cli([...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(message);
    expect(existsSync(db)).toBe(false);
  });
});

describe('a survey id that names no survey', () => {
  it.each([['close'], ['results'], ['export'], ['send']])('survey %s: one message, exit 2', async (command) => {
    const r = await cli(['survey', command, 'nope', '--db', join(tmp(), 'itbot.db')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('survey nope: no such survey (create it with itbot survey create FILE)');
  });

  it('newsletter action says it the same way', async () => {
    const r = await cli(['newsletter', 'action', 'nope', 'we listened', '--db', join(tmp(), 'itbot.db')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('survey nope: no such survey (create it with itbot survey create FILE)');
  });
});

describe('an issue number', () => {
  it('newsletter show takes an issue number as newsletter list writes it (#7), and says when there is no such issue', async () => {
    const db = join(tmp(), 'itbot.db');
    for (const id of ['7', '#7']) {
      const r = await cli(['newsletter', 'show', id, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.err).toBe('newsletter issue #7 not found (newsletter list shows the issues)');
    }
  });
});
