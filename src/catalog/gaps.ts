import type { CatalogRepo, GapRow } from '../store/catalog-repo.ts';
import { byCodePoint, isStopword, stems, words } from './text.ts';
import { clipPlain } from '../chat/clip.ts';
import { detectLanguage } from '../i18n/detect.ts';

interface GapGroup {
  /** the most frequent wording of the group */
  question: string;
  count: number;
  unanswered: number;
  thumbsDown: number;
  questions: string[];
  languages: string[];
  departments: string[];
  bestGuesses: string[];
  firstAt: string;
  lastAt: string;
}

// (an e-mail address: a local part, @, a domain with a dot)
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// (an IBAN: country code, check digits, then groups of four letters or digits, with spaces or not)
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/gi;
// (a phone number: starts with +, 0 or a parenthesis, then digits with spaces, / . - ( ) between them)
const PHONE = /(?<![\p{L}\p{N}])(?:\+|\(?0)[\d ()/.-]*\d/gu;

/**
 * The question as the gap log keeps it: e-mail addresses, IBANs and phone numbers (9 to 15
 * digits, starting with +, 0 or a parenthesis) typed into it are masked ("[e-mail]", "[IBAN]",
 * "[phone]"), so a gap never stores someone's contact or bank details. Dates ("01.02.2027"),
 * times, prices and ticket or asset numbers stay. Only what is stored is masked: the search
 * reads the question as typed.
 */
export function maskPersonalData(question: string): string {
  return question
    .replace(EMAIL, '[e-mail]')
    .replace(IBAN, (m) => (/\d.*\d.*\d.*\d.*\d.*\d/.test(m.slice(4)) ? '[IBAN]' : m))
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '').length;
      return digits >= 9 && digits <= 15 ? '[phone]' : m;
    });
}

/**
 * Logs a gap, its question as the gap log keeps it (masked, at most 1,000 characters), in the
 * language it is written in (the keywords it needs are of that language), else the answer's
 * (`g.lang`: a directory's German speaker may ask in English): the one way gaps are written.
 */
export function logGap(repo: CatalogRepo, g: Omit<GapRow, 'id'>): void {
  repo.logGap({ ...g, lang: detectLanguage(g.question) ?? g.lang, question: clipPlain(maskPersonalData(g.question), 1000) });
}

/**
 * The word stems of a question: every stem of every word (German and English: "crashing" and
 * "crashes" meet in "crash"), leaving out stop words, also where only a word's other stem is one
 * ("making" is "make", as "makes" is).
 */
function gapSignature(q: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(q)) {
    if (w.length < 2 || isStopword(w)) continue;
    const st = stems(w);
    if (st.slice(1).some(isStopword)) continue;
    for (const x of st) out.add(x);
  }
  return out;
}

function similar(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

const uniq = (xs: Array<string | null>) => [...new Set(xs.filter((x): x is string => !!x))].sort();

/**
 * Groups gap questions by similar wording (shared stems, Jaccard >= 0.5 with the group's
 * first question), biggest group first: what the catalog owner should add next. A question
 * joins the most similar group (the newer one on a tie), else starts its own.
 *
 * Near-linear: a question is compared only with the groups that can reach 0.5. Two sets with
 * Jaccard >= 0.5 share at least half the stems of each, so with the stems of every set in one
 * order (the rarest first), their first floor(size / 2) + 1 stems ("prefix") share a stem; the
 * groups are indexed by the stems of their prefix. `stats.comparisons` counts the similarity
 * checks done.
 */
export function groupGaps(rows: GapRow[], stats?: { comparisons: number }): GapGroup[] {
  const sigs = rows.map((r) => gapSignature(r.question));
  // the order of the prefixes: the rarest stem first (fewest questions), then by code point
  const df = new Map<string, number>();
  for (const sig of sigs) for (const x of sig) df.set(x, (df.get(x) ?? 0) + 1);
  const rarestFirst = (a: string, b: string) => df.get(a)! - df.get(b)! || byCodePoint(a, b);
  const prefix = (sig: Set<string>) => [...sig].sort(rarestFirst).slice(0, Math.floor(sig.size / 2) + 1);

  const groups: Array<{ sig: Set<string>; rows: GapRow[] }> = [];
  const byStem = new Map<string, number[]>(); // stem -> groups (ascending) with it in their prefix
  let emptyGroup = -1; // questions with no word of their own all match each other (similarity 1)
  let comparisons = 0;
  const seen: number[] = []; // seen[group] === row index: already a candidate for this row
  rows.forEach((r, i) => {
    const sig = sigs[i]!;
    const first = sig.size ? prefix(sig) : [];
    let candidates: number[];
    if (!sig.size) candidates = emptyGroup >= 0 ? [emptyGroup] : [];
    else {
      candidates = [];
      for (const x of first)
        for (const g of byStem.get(x) ?? [])
          if (seen[g] !== i) {
            seen[g] = i;
            candidates.push(g);
          }
      candidates.sort((a, b) => a - b);
    }
    let best = -1;
    let bestSim = 0.5;
    for (const g of candidates) {
      comparisons++;
      const s = similar(sig, groups[g]!.sig);
      if (s >= bestSim) {
        best = g;
        bestSim = s;
      }
    }
    if (best >= 0) {
      groups[best]!.rows.push(r);
      return;
    }
    const g = groups.push({ sig, rows: [r] }) - 1;
    if (!sig.size) emptyGroup = g;
    for (const x of first) {
      let list = byStem.get(x);
      if (!list) byStem.set(x, (list = []));
      list.push(g);
    }
  });
  if (stats) stats.comparisons += comparisons;
  return groups
    .map((g) => {
      const freq = new Map<string, number>();
      for (const r of g.rows) freq.set(r.question.trim(), (freq.get(r.question.trim()) ?? 0) + 1);
      const question = [...freq].sort((a, b) => b[1] - a[1] || byCodePoint(a[0], b[0]))[0]![0];
      return {
        question,
        count: g.rows.length,
        unanswered: g.rows.filter((r) => r.reason === 'unanswered').length,
        thumbsDown: g.rows.filter((r) => r.reason === 'thumbs-down').length,
        questions: [...freq.keys()].sort(),
        languages: uniq(g.rows.map((r) => r.lang)),
        departments: uniq(g.rows.map((r) => r.department)),
        bestGuesses: uniq(g.rows.map((r) => r.best_guess)),
        firstAt: g.rows[0]!.created_at,
        lastAt: g.rows[g.rows.length - 1]!.created_at,
      };
    })
    .sort((a, b) => b.count - a.count || byCodePoint(b.lastAt, a.lastAt) || byCodePoint(a.question, b.question));
}
