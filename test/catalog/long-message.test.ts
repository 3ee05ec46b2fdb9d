import { describe, expect, it } from 'vitest';
import { AWAY_WRITING, awayMatcher } from '../../src/catalog/lexicon.ts';
import { catalogSearch } from '../../src/catalog/search.ts';
import { fold, phraseWords } from '../../src/catalog/text.ts';
import { importCatalog } from '../../src/catalog/import.ts';
import { DATA_DIR } from '../../src/paths.ts';
import { join } from 'node:path';
import { testApp } from '../doubles/app.ts';

const long = (p: string) => p.repeat(Math.ceil(4000 / p.length)).slice(0, 4000);

/** The away pattern as it was first written: one regex over the whole text, looking back from every position. */
function firstForm(): RegExp {
  const src = AWAY_WRITING.source;
  const away = src.slice(0, src.indexOf('(?=.*'));
  const writing = src.slice(away.length + '(?=.*'.length, src.indexOf(`)|(?=${away})`));
  expect(src).toBe(`${away}(?=.*${writing})|(?=${away})(?<=${writing}.*)${away}`);
  return new RegExp(`${away}(?=.*${writing})|(?<=${writing}.*)${away}`);
}

describe('the out-of-office phrase in long messages', () => {
  it('finds what the whole-text pattern finds, line by line', () => {
    const first = firstForm();
    const tokens = ['ich', 'bin', 'weg', 'schreibt', 'mail', 'is', 'away', "i'm", 'out', 'of', 'office', 'know', 'nicht', 'da', 'sind', 'drei', 'wochen', '\n', '\r\n', ','];
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 1 + Math.floor(rnd() * 14) }, () => tokens[Math.floor(rnd() * tokens.length)]).join(' ');
      const want = first.exec(text)?.[0] ?? null;
      expect(awayMatcher.exec(text)?.[0] ?? null, JSON.stringify(text)).toBe(want);
      if (want) found++;
    }
    expect(found).toBeGreaterThan(100);
    const q = fold('Ich bin drei Wochen weg, wie merken die Leute, die mir schreiben, dass ich nicht da bin?');
    expect(phraseWords(q).map((x) => x.word)).toContain('abwesenheit');
    expect(phraseWords(fold('Mail an alle\nich bin weg')).map((x) => x.word)).not.toContain('abwesenheit'); // (as before: not across lines)
  });

  it('runs the pattern only over lines with a writing word, so a long message costs its length, not its square', () => {
    const before = awayMatcher.scanned;
    expect(awayMatcher.exec(long('ich bin weg '))).toBeNull();
    expect(awayMatcher.exec(long('http://a.b/c '))).toBeNull();
    expect(awayMatcher.scanned - before).toBe(0);
    const lines = 'mail\n' + long('bin weg ');
    expect(awayMatcher.exec(lines)).toBeNull();
    expect(awayMatcher.scanned - before).toBe('mail'.length);
    // the search reads a 4,000-character message (three forms of it) without running the pattern over it
    const app = testApp();
    try {
      importCatalog(app, join(DATA_DIR, 'catalog.yaml'));
      const s = catalogSearch(app.db);
      const at = awayMatcher.scanned;
      for (const p of ['ich bin weg ', 'vpnx lptop pasword druker ', 'http://a.b/c ']) s.search(long(p));
      expect(awayMatcher.scanned).toBe(at);
      expect(awayMatcher.exec(long('bin weg ') + ' mail')?.[0]).toBe('bin weg');
    } finally {
      app.cleanup();
    }
  });
});
