import snowball from 'snowball-stemmers';
import { ACTIONS, AI_PHRASES, DOCKING_PHRASES, MESSAGING_PHRASES, SEE_EACH_OTHER_PHRASES, FULL_PHRASES, NOISE_PHRASES, BROADER, WRONG_RECIPIENT_PHRASES, AWAY_PHRASES, OUT_OF_OFFICE_PHRASES, PUBLISH_PHRASES, BASE_WORDS, LARGE_FILES_PHRASES, LINK_PHRASES, NEW_ONE_PHRASES, NO_OWN_DEVICE_PHRASES, SHARED_INBOX_PHRASES, TEMPERATURE_PHRASES, DICTATION_PHRASES, HEADSET_PHRASES, PAPER_IN_PHRASES, PROGRAM_WANTED_PHRASES, SUSPICIOUS_PHRASES, PHONE_ANYWHERE_PHRASES, FACE_TO_FACE_PHRASES, CO_EDIT_PHRASES, NOTHING_OUT_PHRASES, BIGGER_SCREEN_PHRASES, NO_JUICE_PHRASES, RANSOM_PHRASES, RESTORE_PHRASES, REMOTE_PHRASES, DEVICES, PARTS, SEPARABLE_VERBS, TROUBLES, BROKEN_PHRASES, EXPIRED_PHRASES, IMPERSONATION_PHRASES, LOST_PHRASES, APPROVE_SIGNIN_PHRASES, ASPECT_PHRASES, SHIFT_SWAP_PHRASES, NOT_ARRIVED_PHRASES, JOINING, JOINING_PHRASES, KINDS, LEAVING, WHOLE_WORDS, LEAVING_PHRASES, LOGIN_PHRASES, OFF_TOPIC, STOPWORDS, SWISS, SYNONYMS, WEAK_WORDS, WHO_HELPS_PHRASES, type PhraseMatcher } from './lexicon.ts';

// Text analysis shared by indexing and querying: the same steps on both sides, so that a
// word of a question and a word of the catalog meet in the same terms.

import { fold } from '../chat/normalize.ts';

export { fold };

const de = snowball.newStemmer('german');
const en = snowball.newStemmer('english');

const FOLDED_STOP = new Set([...STOPWORDS].map(fold));
const FOLDED_SWISS = new Map(Object.entries(SWISS).map(([k, v]) => [fold(k), fold(v)]));

/** Compares strings by code point: the same order on every machine, whatever its locale. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isStopword(w: string): boolean {
  return FOLDED_STOP.has(w);
}

/** Words of at least `min` letters, by length. */
function byLength(ws: Iterable<string>, min: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const w of ws) {
    if (w.length < min) continue;
    let list = out.get(w.length);
    if (!list) out.set(w.length, (list = []));
    list.push(w);
  }
  return out;
}

/** Stopwords long enough that one typo still leaves them recognisable, by length. */
const LONG_STOP = byLength(FOLDED_STOP, 7);
/** shorter ones whose typos are common and rarely another word */
const SHORT_STOP_TYPO = byLength(['nicht', 'nichts', 'what', 'where', 'which', 'there', 'their', 'please', 'bitte', 'warum', 'wieso', 'welche', 'haben', 'should', 'would', 'could', 'kann', 'können', 'möchte', 'brauche', 'immer', 'wieder', 'einen', 'meine', 'meinen', 'keine', 'kein'].map(fold), 1);

/**
 * Common three-letter stopwords by their two swaps of neighbouring letters ("hwo" and "ohw" are "how"); not all of
 * them, a swap may be an acronym ("aws" is no "was", "ide" no "die").
 */
const SHORT_STOP_SWAP = new Map<string, string>();
for (const w of ['how', 'the', 'and', 'you', 'can', 'ich', 'und']) {
  for (const x of [w[1]! + w[0]! + w[2]!, w[0]! + w[2]! + w[1]!]) if (x !== w && !FOLDED_STOP.has(x) && !SHORT_STOP_SWAP.has(x)) SHORT_STOP_SWAP.set(x, w);
}

/** The word of a list (by length) this word is with one typo, or null; `sameFirst`: the first letter must match. */
function nearIn(byLen: Map<number, string[]>, w: string, sameFirst: boolean): string | null {
  for (let len = w.length - 1; len <= w.length + 1; len++) {
    for (const s of byLen.get(len) ?? []) if ((!sameFirst || s[0] === w[0]) && editDistance(w, s, 1) <= 1) return s;
  }
  return null;
}

/** The stopword this word is with one typo ("nciht" -> nicht, "waht" -> what, "bekomen" -> bekommen), or null. */
export function nearStopword(w: string): string | null {
  // (a three-letter word only with two letters swapped: "hwo", "teh", "ihc")
  if (w.length === 3) return SHORT_STOP_SWAP.get(w) ?? null;
  if (w.length < 4 || w.length > 12) return null;
  return nearIn(SHORT_STOP_TYPO, w, false) ?? nearIn(LONG_STOP, w, false);
}

/** The light word this word is with one typo ("funktionirt" -> funktioniert), for words of 7 letters or more, or null. */
export function nearWeak(w: string): string | null {
  return w.length < 7 || w.length > 16 ? null : nearIn(LONG_WEAK, w, true);
}

const FOLDED_WEAK = new Set([...WEAK_WORDS].map(fold));

const LONG_WEAK = byLength(FOLDED_WEAK, 6);

const WEAK_STEMS = new Set([...FOLDED_WEAK].map((w) => de.stem(w)).filter((x) => x.length >= 6));

const FOLDED_OFF_TOPIC = new Set([...OFF_TOPIC].map(fold));

/** A workplace word that is not about IT (lunch, salary, parking). */
export function isOffTopic(w: string): boolean {
  return FOLDED_OFF_TOPIC.has(w);
}

const FOLDED_ACTIONS = new Set([...ACTIONS].map(fold));
const FOLDED_TROUBLES = new Set([...TROUBLES].map(fold));

let deviceStems: { device: Set<string>; part: Set<string> } | null = null;

/** Does a concept (by its alternatives of at least 0.75) stand for a device, or a part of one? */
export function deviceOrPart(alts: Map<string, number>): 'device' | 'part' | null {
  deviceStems ??= { device: new Set([...DEVICES].flatMap((w) => stems(fold(w)))), part: new Set([...PARTS].flatMap((w) => stems(fold(w)))) };
  let part = false;
  for (const [t, w] of alts) {
    if (w < 0.75) continue;
    if (deviceStems.device.has(t)) return 'device';
    if (deviceStems.part.has(t)) part = true;
  }
  return part ? 'part' : null;
}

/** A word for what is wrong (kaputt, broken, slow): the thing named beside it decides. */
export function isTrouble(w: string): boolean {
  return FOLDED_TROUBLES.has(w);
}

const LONG_TROUBLES = byLength(FOLDED_TROUBLES, 6);

/** The word for what is wrong this word is with one typo ("langsahm" -> langsam), for words of 6 letters or more, or null. */
export function nearTrouble(w: string): string | null {
  return w.length < 6 || w.length > 16 ? null : nearIn(LONG_TROUBLES, w, true);
}

const LONG_ACTIONS = byLength(FOLDED_ACTIONS, 5);

/** The generic action this word is with one typo ("aply" -> apply, "bstellen" -> bestellen), same first letter, or null. */
export function nearAction(w: string): string | null {
  return w.length < 4 || w.length > 16 ? null : nearIn(LONG_ACTIONS, w, true);
}

/** A generic action (order, request, buy): counts at half its weight. */
export function isAction(w: string): boolean {
  return FOLDED_ACTIONS.has(w);
}

/** A light word (generic verb, intensifier): counts little either way. */
export function isWeak(w: string): boolean {
  if (FOLDED_WEAK.has(w)) return true;
  // another form of a light verb (funktioniert / funktionieren): by its German stem, if long enough to be sure
  const st = de.stem(w);
  return st.length >= 6 && WEAK_STEMS.has(st);
}

const SEPARABLE = SEPARABLE_VERBS.map(([verb, particle, whole]) => ({
  re: new RegExp(`\\b(${verb.source})\\b([^.,;:!?]{0,60}?)\\s(${particle.source})(?=\\s*(?:[.,;:!?]|$)|\\s+(?:und|oder|wenn|weil|damit|dass|aber|bitte)\\b)`, 'g'),
  verb: new RegExp(`^(?:${verb.source})$`),
  whole,
}));

/** The separable verbs a word can be the verb part of: "rufe" -> "anrufen". */
function wholeVerbsOf(w: string): string[] {
  return SEPARABLE.filter(({ verb }) => verb.test(w)).map(({ whole }) => whole);
}

/** A text (folded) with each separable verb joined to its particle at the end of the clause: "richte ... ein" -> "einrichten ...". */
export function joinSeparableVerbs(folded: string): string {
  let out = folded;
  for (const { re, whole } of SEPARABLE) out = out.replace(re, (_m, _verb: string, between: string) => `${whole}${between}`);
  return out;
}

/** Longer "words" are pasted blobs (tokens, hashes, URLs without separators), never split or corrected, in the catalog and in questions. */
export const MAX_WORD = 48;

/** Words of a text, folded; "E-Mail" gives "e", "mail" and "email", "S-Laufwerk" "s-laufwerk" parts too. */
export function words(text: string): string[] {
  const out: string[] = [];
  // Swiss German and French elide an article with an apostrophe: d'Vorlesig, s'Passwort, z'Bern, l'imprimante
  const text1 = fold(text).replace(/(^|[^a-z0-9])([dszl])['’`´](?=[a-z])/g, '$1$2 ');
  for (const chunk of text1.replace(/['’`´]s\b/g, '').replace(/['’`´]/g, '').split(/[^a-z0-9-]+/)) {
    if (!chunk) continue;
    const parts = chunk.split('-').filter(Boolean);
    out.push(...parts);
    // (and joined, "E-Mail" as email, but not after a lone letter other than e: "S-Laufwerk" is the S: drive, no "slaufwerk")
    if (parts.length > 1 && parts.join('').length <= 24 && (parts[0]!.length > 1 || parts[0] === 'e')) out.push(parts.join(''));
  }
  return out;
}

const stemCache = new Map<string, string[]>();
const WHOLE = new Set([...WHOLE_WORDS].map(fold));

/**
 * The terms of one word: its German and English stems, with two German rules the stemmer
 * lacks: "zurück-" and "rück-" mean the same (Passwortrücksetzung / Passwort zurücksetzen), and
 * a participle "ge...t" (gesperrt, gelöscht, Swiss gsperrt) meets its verb (sperren, löschen).
 * A word of the lexicon's `whole` list stays as it is (onboarding is no "onboard").
 */
const SEPARABLE_PARTICIPLE = /^(ab|an|auf|aus|ein|mit|nach|vor|weg|zu|zuruck|um|her|hin|los|fest|frei|hoch|herunter|hinunter|heraus|hinaus|herein|zusammen)ge([a-z]{3,}?)(?:et|t|en)$/;

export function stems(w: string): string[] {
  let r = stemCache.get(w);
  if (r) return r;
  // a word whose stem is another word (onboarding, trainings): the word itself, the singular for a plural in -s
  const whole = WHOLE.has(w) ? w : w.endsWith('s') && WHOLE.has(w.slice(0, -1)) ? w.slice(0, -1) : null;
  if (whole) {
    stemCache.set(w, (r = [whole]));
    return r;
  }
  const set = new Set<string>();
  const add = (x: string) => {
    if (x.length < 2) return;
    const s1 = de.stem(x);
    set.add(s1.startsWith('zuruck') && s1.length > 7 ? s1.slice(2) : s1);
    set.add(en.stem(x));
  };
  add(w);
  // plurals in -s after a vowel (Akkus, Fotos, Handys): neither stemmer takes the -s off
  if (w.length >= 5 && /[aeiouy]s$/.test(w)) add(w.slice(0, -1));
  // nouns in -ung meet their verb: Sperrung / sperren, Anmeldung / anmelden
  if (w.length > 6 && w.endsWith('ung')) {
    const verb = w.slice(0, -3) + 'en';
    if (de.stem(verb).length >= 5) add(verb); // Halterung is no "halten"
  }
  const part = /^ge?([^aeiou][a-z]{2,})t$/.exec(w);
  if (part && w.length >= 6) add(part[1]!);
  // the participle of a separable verb meets its verb: ausgestellt / ausstellen, angemeldet / anmelden,
  // heruntergeladen / herunterladen, abgestürzt / Absturz
  const sep = SEPARABLE_PARTICIPLE.exec(w);
  if (sep) add(sep[1]! + sep[2]! + 'en');
  r = [...set];
  if (stemCache.size > 50_000) stemCache.clear();
  stemCache.set(w, r);
  return r;
}

/** A dictionary of known words (folded) and stems, for compound splitting and typo correction. */
export class Lexicon {
  readonly words = new Set<string>();
  readonly stems = new Set<string>();
  /** compound splits already worked out (the same words come back in every document) */
  readonly splits = new Map<string, string[]>();
  constructor(extra: Iterable<string> = []) {
    for (const w of BASE_WORDS) this.add(fold(w));
    for (const g of SYNONYMS) for (const w of g) for (const x of words(w)) this.add(x);
    for (const w of extra) this.add(w);
  }
  add(w: string): void {
    if (w.length < 3 || isStopword(w)) return;
    this.words.add(w);
    for (const s of stems(w)) this.stems.add(s);
  }
  knows(w: string): boolean {
    return this.words.has(w) || stems(w).some((s) => this.stems.has(s));
  }
}

const LINKS = ['', 's', 'es', 'n', 'en', 'e'];

/**
 * Splits a German compound into known parts (Druckerpatrone -> drucker, patrone;
 * Passwortrücksetzung -> passwort, rücksetzung). Returns [] when it is not one.
 */
export function splitCompound(w: string, lex: Lexicon): string[] {
  let r = lex.splits.get(w);
  if (!r) {
    // a head written exactly as a word first (Handy|ersatz, not a stem's guess: Handyer|satz)
    r = split(w, lex, 0, true);
    if (!r.length) r = split(w, lex, 0, false);
    if (lex.splits.size > 100_000) lex.splits.clear();
    lex.splits.set(w, r);
  }
  return r;
}

function split(w: string, lex: Lexicon, depth: number, exact: boolean): string[] {
  if (w.length < 7 || depth > 2 || /\d/.test(w)) return [];
  for (let i = w.length - 3; i >= 3; i--) {
    const head = w.slice(0, i);
    const tail = w.slice(i);
    for (const link of LINKS) {
      if (link && !head.endsWith(link)) continue;
      const left = link ? head.slice(0, -link.length) : head;
      if (left.length < 3 || !(lex.words.has(left) || (!exact && left.length >= 4 && lex.knows(left)))) continue;
      if (tail.length >= 3 && lex.knows(tail)) return [left, tail];
      const rest = split(tail, lex, depth + 1, exact);
      if (rest.length) return [left, ...rest];
    }
  }
  return [];
}

/** Endings that make a word for a person or a doing from another word, never a word of their own. */
const ROLE_SUFFIX = /^(?:ist|ists|isten|istin|istinnen|ers|erin|erinnen|ings|ment|ments)$/;

/**
 * A known head with an unknown tail (Sicherheitsschulungs|pflicht -> sicherheit, schulung,
 * pflicht): the last resort for a word that is neither known, a compound of known words, nor a typo.
 */
export function splitHead(w: string, lex: Lexicon): string[] {
  if (w.length < 9 || /\d/.test(w)) return [];
  for (let i = w.length - 4; i >= 5; i--) {
    const left = w.slice(0, i);
    if (!lex.words.has(left)) continue;
    // a linking s (Sicherheit|s|schulung) unless the tail is a word as it stands (Computer|stuhl)
    const whole = w.slice(i);
    const tail = lex.knows(whole) || isOffTopic(whole) ? whole : whole.replace(/^(s|es)(?=[^aeiou])/, '');
    // a word-forming ending, no word of its own: the word is its head ("receptionists" is who works at the reception)
    if (ROLE_SUFFIX.test(whole)) return [left];
    if (tail.length >= 4) {
      const rest = splitCompound(left, lex);
      return [...(rest.length ? rest : [left]), tail];
    }
  }
  return [];
}

/**
 * Optimal string alignment distance (a swap of two letters counts once), with an upper bound:
 * above `max` the answer is `max + 1`. With `swaps` false, a swap counts as two edits (the
 * Levenshtein distance).
 */
export function editDistance(a: string, b: string, max: number, swaps = true): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (swaps && i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}

/** How many typos a word of this length may carry. */
export function typoBudget(len: number): number {
  return len < 4 ? 0 : len < 8 ? 1 : 2;
}

/** Swiss German and colloquial forms: the standard German word, if we know one. */
export function swissToStandard(w: string): string | null {
  return FOLDED_SWISS.get(w) ?? null;
}

const FOLDED_KINDS = new Map(Object.entries(KINDS).map(([k, v]) => [fold(k), fold(v)]));

/** What a product or make is (photoshop -> software), if the lexicon knows it. */
export function kindOf(w: string): string | null {
  return FOLDED_KINDS.get(w) ?? null;
}

/** Spelling variants of a Swiss German word that is not in the lexicon (bruuche -> brauche, rächt -> recht). */
export function swissVariants(w: string): string[] {
  const out = new Set<string>();
  const rules: Array<[RegExp, string]> = [
    [/uu/g, 'au'], [/ii/g, 'ei'], [/ue/g, 'u'], [/ae/g, 'e'], [/^zrugg/, 'zuruck'], [/^g(?=[lsr])/, 'ge'], [/^(ab|aus|uf|auf|an|zu|ver|usse|ine)g(?=[^e])/, '$1ge'], [/aa/g, 'ee'], [/^aa(?=[bcdfghjklmnpqrstvwz])/, 'an'], [/^uf/, 'auf'], [/^us/, 'aus'], [/^b(?=s)/, 'be'], [/ig$/, 'ung'], [/igs/g, 'ungs'], [/li$/, ''], [/e$/, 'en'], [/scht/g, 'st'], [/schp/g, 'sp'], [/^ch(?=[aeiouäöür])/, 'k'], [/^chl/, 'kl'], [/^chr/, 'kr'], [/(?<=[a-z]{3})ni$/, 'n'], [/(?<=[a-z]{3}[^aeiou])i$/, ''], [/ks/g, 'x'], [/ige$/, 'ungen'], [/(?<=[a-z])ch(?=r[aeiou])/g, 'k'], [/(?<=kr)u(?=z)/g, 'eu'], [/(?<=[aeiou])gg/g, 'ck'], [/ai/g, 'ei'], [/(?<=[a-z]{3})zig$/, 'zeit'],
  ];
  // rules combine (prüefig -> prüfig -> prüfung): two rounds
  let round = [w];
  for (let k = 0; k < 2; k++) {
    const next: string[] = [];
    for (const x of round) {
      for (const [re, rep] of rules) {
        const v = x.replace(re, rep);
        if (v !== x && v !== w && v.length >= 3 && !out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    round = next;
  }
  return [...out].slice(0, 24);
}

const SYN_INDEX = new Map<string, Set<string>>();
for (const group of SYNONYMS) {
  // (a member of several words stands for its whole: "two-factor" makes "twofactor" a synonym, not "two")
  const members = group.flatMap((w) => (/[\s-]/.test(w.trim()) ? [fold(w).replace(/[^a-z0-9]+/g, '')] : words(w)));
  for (const w of members) {
    for (const s of stems(w)) {
      let set = SYN_INDEX.get(s);
      if (!set) SYN_INDEX.set(s, (set = new Set()));
      for (const other of members) if (other !== w) set.add(other);
    }
  }
}

/** narrower word (folded) -> the broader words of its groups (folded) */
const BROAD_OF = new Map<string, Set<string>>();
for (const [broad, narrower] of Object.entries(BROADER)) {
  for (const n of words(narrower)) {
    let set = BROAD_OF.get(n);
    if (!set) BROAD_OF.set(n, (set = new Set()));
    set.add(fold(broad));
  }
}

/** Words that mean the same as `w` (from the synonym groups), matched by stem. */
export function synonymsOf(w: string): string[] {
  const out = new Set<string>();
  const broad = BROAD_OF.get(w);
  for (const s of stems(w)) for (const x of SYN_INDEX.get(s) ?? []) if (x !== w && !broad?.has(x)) out.add(x);
  return [...out];
}

/** The broader words a word's synonym groups hold ("natel" -> "phone"): looked for at a lower weight, see BROADER. */
export function broaderOf(w: string): string[] {
  return [...(BROAD_OF.get(w) ?? [])];
}

/**
 * A kind of phrase and what it implies. `bonus`: it only helps (most entries do not say "broken").
 * `topic`: it says what the question is about, whatever else the question names (joining, leaving,
 * a lost device, fraud, ransomware, a phishing link, an AI assistant, large files, restoring);
 * other phrases say what kind of trouble a thing has. `explains`: it also explains the short words
 * it begins and ends with ("hört ... auf" is no "hören"). `replaces`: its key words count less,
 * the phrase says what they mean ("tauschen ... Samstag" is the roster more than a swap or a day;
 * in "who do I call" the call is how to reach help, not a question about telephones). `drops`: the words of its
 * groups are no concepts at all ("macht komische Geräusche" is something wrong, neither making nor anything odd).
 */
interface PhraseKind { list: PhraseMatcher[]; implies: string[]; bonus?: boolean; topic?: boolean; explains?: boolean; replaces?: boolean; drops?: boolean }

/** The phrases, in the order they are looked for. */
const PHRASE_KINDS: PhraseKind[] = [
  { list: BROKEN_PHRASES, implies: ['kaputt'], bonus: true },
  { list: DOCKING_PHRASES, implies: ['dockingstation'], topic: true },
  { list: LOGIN_PHRASES, implies: ['anmelden', 'passwort'], explains: true },
  { list: LEAVING_PHRASES, implies: [LEAVING], topic: true, explains: true },
  { list: JOINING_PHRASES, implies: [JOINING], topic: true },
  { list: WHO_HELPS_PHRASES, implies: ['helpdesk'], replaces: true },
  { list: EXPIRED_PHRASES, implies: ['abgelaufen'], explains: true },
  { list: LOST_PHRASES, implies: ['verloren'], topic: true, explains: true },
  { list: IMPERSONATION_PHRASES, implies: ['betrug'], topic: true, explains: true },
  { list: NOT_ARRIVED_PHRASES, implies: ['warten'], explains: true },
  { list: AI_PHRASES, implies: ['ki'], topic: true },
  { list: MESSAGING_PHRASES, implies: ['chat'], replaces: true },
  { list: SEE_EACH_OTHER_PHRASES, implies: ['videokonferenz'], replaces: true },
  { list: PHONE_ANYWHERE_PHRASES, implies: ['telefonie'], topic: true },
  { list: FACE_TO_FACE_PHRASES, implies: ['videokonferenz'], topic: true, drops: true },
  { list: CO_EDIT_PHRASES, implies: ['gemeinsam', 'dokumente'], topic: true },
  { list: NOTHING_OUT_PHRASES, implies: ['drucker'], topic: true },
  { list: BIGGER_SCREEN_PHRASES, implies: ['bildschirm'], topic: true },
  { list: NO_JUICE_PHRASES, implies: ['akku'], drops: true },
  { list: PUBLISH_PHRASES, implies: ['veröffentlichen'], topic: true, replaces: true },
  { list: AWAY_PHRASES, implies: ['abwesenheit'], topic: true, explains: true },
  { list: OUT_OF_OFFICE_PHRASES, implies: ['abwesenheit'], topic: true, drops: true },
  { list: WRONG_RECIPIENT_PHRASES, implies: ['datenpanne'], topic: true },
  { list: NEW_ONE_PHRASES, implies: ['ersatz'] },
  { list: RANSOM_PHRASES, implies: ['virus'], topic: true },
  { list: NO_OWN_DEVICE_PHRASES, implies: ['gemeinsam'] },
  { list: SHARED_INBOX_PHRASES, implies: ['funktionspostfach'], topic: true },
  { list: TEMPERATURE_PHRASES, implies: ['temperatur'] },
  { list: DICTATION_PHRASES, implies: ['diktieren'], topic: true },
  { list: PAPER_IN_PHRASES, implies: ['scannen'], topic: true },
  { list: HEADSET_PHRASES, implies: ['headset'], topic: true },
  { list: PROGRAM_WANTED_PHRASES, implies: ['software'], topic: true },
  { list: LINK_PHRASES, implies: ['phishing'], topic: true, replaces: true },
  { list: SUSPICIOUS_PHRASES, implies: ['phishing'], topic: true },
  { list: RESTORE_PHRASES, implies: ['wiederherstellen'], topic: true },
  { list: REMOTE_PHRASES, implies: ['fernzugriff'], topic: true, explains: true, drops: true },
  { list: LARGE_FILES_PHRASES, implies: ['gross', 'dateien'], topic: true },
  { list: FULL_PHRASES, implies: ['voll'], replaces: true },
  { list: NOISE_PHRASES, implies: ['kaputt'], bonus: true, drops: true },
  { list: APPROVE_SIGNIN_PHRASES, implies: ['mfa'] },
  { list: SHIFT_SWAP_PHRASES, implies: ['dienstplan'], replaces: true },
  // an aspect of something named ("the phone number of the helpdesk"): no topic of its own, its words only count less
  { list: ASPECT_PHRASES, implies: [], replaces: true },
];

/**
 * Extra words a phrase implies: "geht nicht", "not working", "gaht nöd" -> "kaputt"; "komme nicht rein" -> "anmelden".
 * The words of a phrase are understood through it ("bleibt schwarz" is broken, not two unknown words): they go
 * into `consumed`; `explained` and `replaced` collect the words the kinds above say.
 */
export function phraseWords(foldedText: string, consumed?: Set<string>, explained?: Set<string>, replaced?: Set<string>, dropped?: Set<string>): Array<{ word: string; bonus: boolean; topic?: boolean }> {
  const out: Array<{ word: string; bonus: boolean; topic?: boolean }> = [];
  for (const kind of PHRASE_KINDS) {
    let any = false;
    for (const re of kind.list) {
      const m = re.exec(foldedText);
      if (!m) continue;
      any = true;
      // (a pattern of lookaheads matches no text: its groups are the words it read)
      const ws = words(m[0] || m.slice(1).filter(Boolean).join(' '));
      for (const w of ws) consumed?.add(w);
      // (the question may write the phrase as one word, "Telefonnummer", or with a typo the pattern allows, "telefonummer")
      if (kind.replaces) {
        // (a separable verb's part stands for the whole verb too: "wen rufe ich an" does not ask about calling)
        for (const g of m.slice(1)) if (g) for (const w of words(g)) for (const r of [w, ...wholeVerbsOf(w)]) replaced?.add(r);
        replaced?.add(m[0].replace(/[\s-]+/g, ''));
      }
      if (kind.drops) for (const g of m.slice(1)) if (g) for (const w of words(g)) dropped?.add(w);
      // only its first and last word: what stands between may be the topic ("chume nöd is KIS ine")
      if (kind.explains && ws.length) explained?.add(ws[0]!).add(ws[ws.length - 1]!);
    }
    if (any) for (const word of kind.implies) out.push({ word, bonus: !!kind.bonus, topic: kind.topic });
  }
  return out;
}
