import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupGaps, maskPersonalData } from '../../src/catalog/gaps.ts';
import { isStopword, stems, words } from '../../src/catalog/text.ts';
import { GAPS_KEEP_MS, housekeep } from '../../src/jobs/housekeeping.ts';
import { CatalogRepo, type GapRow } from '../../src/store/catalog-repo.ts';
import { testApp, type TestApp } from '../doubles/app.ts';

const DAY = 24 * 3600_000;

function rows(questions: string[]): GapRow[] {
  return questions.map((question, i) => ({
    id: i + 1,
    question,
    lang: i % 3 ? 'de' : 'en',
    reason: i % 4 ? 'unanswered' : 'thumbs-down',
    best_guess: i % 5 ? null : `service:s${i % 7}`,
    department: i % 2 ? 'Finance' : null,
    created_at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  }));
}

/**
 * The rule as docs/catalog.md states it, the obvious way: each question, in order, is compared
 * with every group so far (Jaccard over word stems with the group's first question) and joins
 * the most similar one at 0.5 or more (the newer group on a tie), else starts its own.
 */
function everyPair(rs: GapRow[]): string[][] {
  const sig = (q: string) => new Set(words(q).filter((w) => w.length >= 2 && !isStopword(w) && !stems(w).slice(1).some(isStopword)).flatMap((w) => stems(w)));
  const jaccard = (a: Set<string>, b: Set<string>) => {
    if (!a.size && !b.size) return 1;
    const inter = [...a].filter((x) => b.has(x)).length;
    return inter / (a.size + b.size - inter);
  };
  const groups: Array<{ sig: Set<string>; qs: string[] }> = [];
  for (const r of rs) {
    const s = sig(r.question);
    let best: (typeof groups)[number] | null = null;
    let bestSim = 0.5;
    for (const g of groups) {
      const j = jaccard(s, g.sig);
      if (j >= bestSim) [best, bestSim] = [g, j];
    }
    if (best) best.qs.push(r.question);
    else groups.push({ sig: s, qs: [r.question] });
  }
  return groups.map((g) => g.qs);
}

/** The members of each group, in the order the report lists the groups. */
function members(rs: GapRow[]): string[][] {
  const byId = new Map(rs.map((r) => [r.question, r]));
  expect(byId.size).toBe(rs.length); // (questions are distinct here, so a question names its row)
  return groupGaps(rs).map((g) => rs.filter((r) => g.questions.includes(r.question.trim())).map((r) => r.question));
}

function sameGroups(rs: GapRow[]): void {
  const expected = everyPair(rs).map((qs) => [...qs].sort());
  const got = members(rs).map((qs) => [...qs].sort());
  const key = (gs: string[][]) => gs.map((g) => JSON.stringify(g)).sort();
  expect(key(got)).toEqual(key(expected));
}

/** A small deterministic random source, so a failing list can be reproduced. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe('catalog gaps grouping', () => {
  it('groups similar wordings and keeps different questions apart, as comparing every pair does', () => {
    const rs = rows([
      'Kann ich mein Segelboot im Firmenhafen anlegen?',
      'Segelboot im Firmenhafen anlegen erlaubt?',
      'Who waters the office plants?',
      'who waters office plants on Fridays',
      'wie bestelle ich einen Firmenwagen',
      'Firmenwagen bestellen?',
      'Firmenwagen bestellen bitte',
      'wie funktioniert Bitcoin',
      'Bitcoin Kurs heute',
      '???',
      'und?',
      'Drucker Firmenhafen',
      'Drucker Segelboot',
      'Drucker Firmenwagen',
      'Firmenwagen Drucker kaputt',
      'office plants Firmenhafen',
      'Segelboot Firmenhafen',
      'Segelboot anlegen',
    ]);
    sameGroups(rs);
    const gs = groupGaps(rs);
    const of = (q: string) => gs.find((g) => g.questions.includes(q))!;
    expect(of('Segelboot im Firmenhafen anlegen erlaubt?')).toBe(of('Kann ich mein Segelboot im Firmenhafen anlegen?'));
    expect(of('Firmenwagen bestellen bitte')).toBe(of('wie bestelle ich einen Firmenwagen'));
    expect(of('wie funktioniert Bitcoin')).not.toBe(of('wie bestelle ich einen Firmenwagen'));
    expect(of('???')).toBe(of('und?')); // no word of their own: one group
  });

  it('gives the same groups as comparing every pair on lists with many shared words', () => {
    const vocab = ['Drucker', 'Passwort', 'VPN', 'Laptop', 'geht', 'kaputt', 'neu', 'Zugang', 'Teams', 'Mail', 'printer', 'broken', 'Segelboot', 'Hafen', 'Büro', 'Pflanzen', 'Konto', 'gesperrt', 'und', 'the'];
    const rnd = lcg(42);
    for (let list = 0; list < 40; list++) {
      const size = 1 + Math.floor(rnd() * vocab.length);
      const qs = new Set<string>();
      const n = 20 + Math.floor(rnd() * 150);
      while (qs.size < n) qs.add(Array.from({ length: Math.floor(rnd() * 7) }, () => vocab[Math.floor(rnd() * size)]).join(' ') + '?'.repeat(qs.size + 1)); // (the question marks only tell the rows apart)
      sameGroups(rows([...qs]));
    }
  });

  it('groups 20,000 different questions without comparing each with every group', () => {
    // 10,000 topics, each asked in two wordings that share 3 of 5 stems (Jaccard 0.6), all with "Drucker"
    const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
    const word = (i: number, k: number) => `q${letters(i * 3 + k)}q`;
    const qs: string[] = [];
    for (let i = 0; i < 10_000; i++) qs.push(`${word(i, 0)} ${word(i, 1)} ${word(i, 2)} Drucker`, `${word(i, 0)} ${word(i, 1)} ${word(i, 2)} kaputt`);
    const stats = { comparisons: 0 };
    const gs = groupGaps(rows(qs), stats);
    expect(gs).toHaveLength(10_000);
    expect(gs.every((g) => g.count === 2)).toBe(true);
    // every second wording meets its first one; comparing with every group so far would take about 50 million
    expect(stats.comparisons).toBeGreaterThanOrEqual(10_000);
    expect(stats.comparisons).toBeLessThanOrEqual(2 * qs.length);
  }, 600_000);
});

describe('catalog gaps retention', () => {
  let app: TestApp;
  beforeEach(() => {
    app = testApp({ now: '2026-01-05T09:00:00Z' });
  });
  afterEach(() => app.cleanup());

  const log = (question: string) =>
    new CatalogRepo(app.db).logGap({ question, lang: 'de', reason: 'unanswered', best_guess: null, department: null, created_at: app.clock.now().toISOString() });

  it('housekeeping deletes gaps older than a year, not before', () => {
    log('old question');
    app.clock.advance(200 * DAY);
    log('newer question');
    app.clock.advance(GAPS_KEEP_MS - 200 * DAY - DAY);
    expect(housekeep(app).gaps).toBe(0);
    expect(new CatalogRepo(app.db).gaps()).toHaveLength(2);
    app.clock.advance(2 * DAY);
    expect(housekeep(app).gaps).toBe(1);
    expect(new CatalogRepo(app.db).gaps().map((g) => g.question)).toEqual(['newer question']);
  });

  it('keeps the counts of questions asked as long as the gaps', () => {
    const repo = new CatalogRepo(app.db);
    repo.countQuestion(app.clock.now());
    repo.countQuestion(app.clock.now());
    app.clock.advance(200 * DAY);
    repo.countQuestion(app.clock.now());
    expect(repo.questionsAsked()).toBe(3);
    app.clock.advance(GAPS_KEEP_MS - 200 * DAY - DAY);
    housekeep(app);
    expect(repo.questionsAsked()).toBe(3);
    app.clock.advance(2 * DAY);
    housekeep(app);
    expect(repo.questionsAsked()).toBe(1);
  });

  it('keeps at most the newest rows of the cap', () => {
    for (let i = 0; i < 5; i++) {
      log(`question ${i}`);
      app.clock.advance(60_000);
    }
    const repo = new CatalogRepo(app.db);
    expect(repo.forgetGaps(new Date(0).toISOString(), 3)).toBe(2);
    expect(repo.gaps().map((g) => g.question)).toEqual(['question 2', 'question 3', 'question 4']);
    expect(repo.gaps({ newest: 2 }).map((g) => g.question)).toEqual(['question 3', 'question 4']);
    expect(repo.gapCount()).toBe(3);
  });
});

describe('grouping English -ing forms', () => {
  it('"making" and "makes", "crashing" and "crashes" meet: every stem of a word counts', () => {
    const rs = rows(['my printer makes strange noises', 'my printer is making weird noises', 'the printer makes strange noise', 'Outlook crashes on start', 'outlook crashing on start', 'wie wird das Wetter morgen']);
    expect(members(rs).map((g) => [...g].sort())).toEqual([
      ['my printer is making weird noises', 'my printer makes strange noises', 'the printer makes strange noise'],
      ['Outlook crashes on start', 'outlook crashing on start'],
      ['wie wird das Wetter morgen'],
    ]);
  });
});

describe('personal data in a gap', () => {
  it('masks e-mail addresses, phone numbers and IBANs, and leaves dates, times, prices and product numbers', () => {
    expect(maskPersonalData('Hier ist Julia (julia.baumann@alpenfirn.example, 079 123 45 67): wer putzt die Fenster?')).toBe(
      'Hier ist Julia ([e-mail], [phone]): wer putzt die Fenster?',
    );
    expect(maskPersonalData('ruf an: +41 44 555 12 12, 0041 79 123 45 67 oder (044) 555-1212')).toBe('ruf an: [phone], [phone] oder [phone]');
    expect(maskPersonalData('meine IBAN CH93 0076 2011 6238 5295 7 und DE89370400440532013000.')).toBe('meine IBAN [IBAN] und [IBAN].');
    for (const keep of ['am 01.02.2027 um 10:30, 1200.50 CHF', 'Ticket INC0012345 seit 2027-01-04', 'Windows 11 KB5034441', 'Raum 0.12, Tel 4711 intern', 'HP EliteBook 840 G8']) {
      expect(maskPersonalData(keep)).toBe(keep);
    }
  });
});
