import type { Db } from '../store/db.ts';
import { CatalogRepo, catalogWrites } from '../store/catalog-repo.ts';
import type { OfficialAnswer, Service } from './model.ts';
import { FIELD_WEIGHT, WHY, buildIndex, type DocTerms, type IndexData } from './search-index.ts';
import { FOR_NEW, FOR_NEW_WORDS, PROGRAM_WANTED_PHRASES, MISHAP_PLACE, ON_THE_WAY, PHONE_WORDS, PORTABLE_MISHAP, BROKEN_PHRASES, BY_MISTAKE, DURATION_COUNT, TIME_OF_DAY, WHO_FOR_THING, HYPHEN_GENERIC, JOINING, LEAVING, LOST_PHRASES, PERSONS, PRIVATE_REPAIR_PHRASES, PRIVATE_ADVICE_PHRASES, PRIVATE_WORD, NOT_IT_PHRASES, ROLE_ENDING, REPLACEMENTS, SWISS_MARKERS } from './lexicon.ts';
import { MAX_WORD, byCodePoint, deviceOrPart, editDistance, fold, joinSeparableVerbs, isOffTopic, isAction, isStopword, nearAction, isTrouble, nearTrouble, isWeak, kindOf, nearStopword, nearWeak, phraseWords, splitCompound, splitHead, stems, swissToStandard, swissVariants, synonymsOf, broaderOf, typoBudget, words } from './text.ts';
import { withoutMarkup } from '../chat/normalize.ts';
import { confidenceFeatures, modelSure } from './confidence.ts';

/** One thing the question asks about: alternative terms (stem, synonym, corrected typo) with how sure each is. */
interface Concept {
  word: string;
  alts: Map<string, number>;
  idf: number;
  /** found in no document, even after correction */
  unknown: boolean;
  /** implied by a phrase ("geht nicht" -> kaputt): helps when it matches, costs nothing when not */
  bonus: boolean;
  /** a light word (see, real, person): alone, such words never make the bot sure */
  light?: boolean;
  /** a workplace word that is not IT and not in the catalog (Lohn, Kantine, parking) */
  offTopic?: boolean;
}

export interface Hit {
  ref: string;
  kind: 'service' | 'answer';
  id: string;
  /** the part of the question this document covers, 0..1 (what the confidence threshold reads) */
  coverage: number;
  score: number;
  /** the share of the entry's name (or official question) the question covers */
  head: number;
  /** the share of the question made of words no entry knows */
  unknown: number;
  /** the question names this entry by a word of its name that at most one other entry has ("Fax", "Citrix") */
  named: boolean;
  /** how many of the question's words (not light ones) this entry has */
  matched: number;
}

interface SearchResult {
  concepts: Concept[];
  hits: Hit[];
  /** true when the best hit is good enough to answer with */
  confident: boolean;
  /** what the confidence model read (see confidence.ts); empty when nothing matched */
  features: number[];
}

/** Tuned on the language, not on one catalog: see docs/catalog.md. */
const THRESHOLD = { coverage: 0.38, strongField: 0.7, head: 0.34, headCoverage: 0.3, manyCoverage: 0.25, many: 3, manyUnknown: 0.4 };
/** With the rule sure and this much of the question covered, the bot answers without asking the model. */
const SURE_COVERAGE = 0.5;
/** The concept a phrase adds when the question is a workplace matter that is not IT ("Can IT repair my private laptop?"). */
const NOT_IT_SERVICE = 'not-an-it-service';
/** A word no entry knows weighs 1.2 times a word only one entry has: it is the best sign that a question is about something else. */
const UNKNOWN_WEIGHT = 1.2;
/** ... and in a question written in Swiss German, where unknown words are mostly dialect forms. */
const SWISS_UNKNOWN_WEIGHT = 0.7;
/** A light word ("see", "fix", "mega") weighs a third of what its rarity says. */
const WEAK_SHARE = 0.3;
/** A trouble word no entry has (slow, uralt), against a word only one entry has. */
const UNNAMED_TROUBLE_SHARE = 0.6;
/** A workplace word that is not about IT and not in the catalog weighs twice an unknown word. */
const OFF_TOPIC_WEIGHT = 2;
/** One part of a compound stands for the whole at this share. */
const PART_SHARE = 0.8;
/** A word a typo was read as counts at this share of the word as typed. */
const TYPO_SHARE = 0.8;
/** Joining beside a thing named before "for a new ..." counts at this share: the thing is what is ordered. */
const FOR_NEW_SHARE = 0.5;
/** A generic action ("order", "beantragen") counts at this share. */
const ACTION_SHARE = 0.5;
/** The key words of a phrase that says what the question is about ("tauschen ... Samstag" is the roster) count this share. */
const PHRASE_WORD_SHARE = 0.5;
/** A person the question names beside a thing ("ein Geschäftshandy für einen Mitarbeiter") says whom it is for: this share. */
const PERSON_SHARE = 0.3;
/** What is wrong (kaputt, slow) beside a thing named: the thing decides. */
const TROUBLE_SHARE = 0.4;
/** A product stands for its kind ("Acrobat" for software) at this share: below what makes a name word covered. */
const KIND_SHARE = 0.7;
/** ... and when the catalog names the product too. */
const KIND_KNOWN_SHARE = 0.3;
/** A broader word of a synonym group, for a question that names a narrower one (phone for Natel). */
const BROAD_SHARE = 0.6;
/** The device a question names as the place ("on my phone"), or the room or site where something is wrong, weighs this share. */
const PLACE_SHARE = 0.5;

/** The index terms of the lexicon's persons and replacement words. */
const PERSON_WORDS = new Set([...PERSONS].map(fold));
/** First parts of workplace compounds that say whose or which, not what ("Personal|fest", "Firmen|ausflug"). */
const WORKPLACE_FIRST_PARTS = new Set(['personal', 'firmen', 'betriebs', 'abteilungs', 'gruppen', 'team', 'sommer', 'winter', 'jahres']);
/** The computer everyone has, in general words (its stems): no topic beside asking who helps. */
const GENERIC_COMPUTER = ['comput', 'pc', 'rechn', 'gerat', 'devic'];
const PERSON_STEMS = [...new Set([...PERSON_WORDS].flatMap((w) => stems(w)))];
const REPLACEMENT_STEMS = [...new Set([...REPLACEMENTS].flatMap((w) => stems(fold(w))))];

function addAlt(c: Map<string, number>, w: string, weight: number): void {
  for (const t of stems(w)) if ((c.get(t) ?? 0) < weight) c.set(t, weight);
}

/** A word at `weight` and the words of its synonym groups at `synWeight`. */
function addWithSynonyms(c: Map<string, number>, w: string, weight: number, synWeight: number): void {
  addAlt(c, w, weight);
  for (const syn of synonymsOf(w)) addAlt(c, syn, synWeight);
}

const privateOffers = new WeakMap<IndexData, Map<string, boolean>>();
/**
 * Does some entry say, in its name, keywords or summary, that it does this for private devices or people
 * (repairs them, sells to them)? Once per index and kind.
 */
function privateOffered(idx: IndexData, kind: 'repair' | 'purchase'): boolean {
  let known = privateOffers.get(idx);
  if (!known) privateOffers.set(idx, (known = new Map()));
  const cached = known.get(kind);
  if (cached !== undefined) return cached;
  const has = (words: string[]) => (d: DocTerms) => words.some((w) => stems(w).some((t) => (d.terms.get(t) ?? 0) >= FIELD_WEIGHT.summary - 1e-6));
  // (no word whose stem another word shares: "personal" met "Person", "offer" met "offen")
  const priv = has(['privat', 'private', 'byod']);
  const what = has(kind === 'repair' ? ['reparatur', 'reparieren', 'repair', 'repairs'] : ['kaufen', 'kauf', 'buy', 'purchase', 'angebot', 'rabatt', 'discount']);
  const offered = idx.list.some((d) => priv(d) && what(d));
  known.set(kind, offered);
  return offered;
}

const offers = new WeakMap<IndexData, Map<string, boolean>>();
/** Does some service have every word of `phrase` in its name, keywords or summary ("password manager")? (once per index and phrase) */
function offeredBy(idx: IndexData, phrase: string): boolean {
  let known = offers.get(idx);
  if (!known) offers.set(idx, (known = new Map()));
  let offered = known.get(phrase);
  if (offered === undefined) {
    const ws = phrase.split(' ');
    offered = ws.length === 1
      ? strongTerm(idx, phrase)
      : idx.list.some((d) => d.kind === 'service' && ws.every((w) => stems(w).some((t) => (d.terms.get(t) ?? 0) >= FIELD_WEIGHT.summary - 1e-6)));
    known.set(phrase, offered);
  }
  return offered;
}

/** Does some service have this word in its name, keywords or summary (or, with `field`, in fields weighing at least that)? */
function strongTerm(idx: IndexData, w: string, field: number = FIELD_WEIGHT.summary): boolean {
  for (const t of stems(w)) {
    const p = idx.postings.get(t);
    // (a service's name, keywords or summary: an official answer that mentions holidays is about something else)
    if (p) for (let k = 0; k < p.ids.length; k++) if (p.weights[k]! >= field - 1e-6 && idx.list[p.ids[k]!]!.kind === 'service') return true;
  }
  return false;
}

function known(idx: IndexData, alts: Map<string, number>): boolean {
  for (const t of alts.keys()) if (idx.df.has(t)) return true;
  return false;
}

/** The closest words of the catalog vocabulary within the typo budget (all those at the best distance, up to 3). */
function correct(idx: IndexData, w: string, capitals = false): string[] {
  const budget = typoBudget(w.length);
  // three letters are mostly an abbreviation: only two letters swapped ("vnp" for VPN) is a typo there
  // (or, typed in capitals as an abbreviation is, one letter hit beside on the keyboard: "VPM" for VPN, not "car" for CAD)
  if (w.length === 3) return [w[1]! + w[0]! + w[2]!, w[0]! + w[2]! + w[1]!, ...(capitals ? keyboardSlips(w) : [])].filter((v) => v !== w && idx.surface.has(v) && stems(v).some((t) => idx.df.has(t)));
  if (!budget) return [];
  let best: string[] = [];
  let bestD = budget + 1;
  // short words keep their first two letters (kasten is not kosten); long ones their first
  const prefix = w.length < 8 ? 2 : 1;
  for (const cand of idx.vocab.get(w[0]!) ?? []) {
    if (Math.abs(cand.length - w.length) > Math.min(budget, bestD)) continue;
    // (a letter left out, doubled or swapped right after the first is allowed: "Cmpus", "Geust"; a different second letter is not)
    if (prefix === 2 && cand.charCodeAt(1) !== w.charCodeAt(1) && cand.charCodeAt(2) !== w.charCodeAt(1) && cand.charCodeAt(1) !== w.charCodeAt(2)) continue;
    const d = editDistance(w, cand, Math.min(budget, bestD));
    if (d < bestD) {
      bestD = d;
      best = [cand];
    } else if (d === bestD && d <= budget) best.push(cand);
  }
  if (bestD > budget && w.length >= 6) {
    // a typo in the first letter ("rinter"): one edit, across the whole vocabulary
    for (const [first, list] of idx.vocab) {
      if (first === w[0]) continue;
      for (const cand of list) {
        if (Math.abs(cand.length - w.length) > 1 || cand.charCodeAt(1) !== w.charCodeAt(1) && cand.charCodeAt(1) !== w.charCodeAt(0)) continue;
        if (editDistance(w, cand, 1) <= 1) best.push(cand);
      }
    }
    return best.slice(0, 3);
  }
  return bestD <= budget ? best.slice(0, 3) : [];
}

/** The keys beside each letter on a Swiss (QWERTZ) keyboard, also as on QWERTY (y and z change places). */
const KEY_NEIGHBOURS: Map<string, Set<string>> = (() => {
  const rows = ['qwertzuiop', 'asdfghjkl', 'yxcvbnm'];
  const shift = [0, 0.25, 0.75];
  const keys = rows.flatMap((row, r) => [...row].map((c, i) => ({ c, r, x: i + shift[r]! })));
  const out = new Map<string, Set<string>>();
  for (const a of keys) {
    const near = new Set<string>();
    for (const b of keys) if (b !== a && ((b.r === a.r && Math.abs(b.x - a.x) === 1) || (Math.abs(b.r - a.r) === 1 && Math.abs(b.x - a.x) <= 0.75))) near.add(b.c);
    out.set(a.c, near);
  }
  for (const [a, b] of [['y', 'z'], ['z', 'y']] as const) for (const c of out.get(b)!) out.get(a)!.add(c);
  return out;
})();

/** A short word with one letter replaced by a key beside it. */
function keyboardSlips(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) for (const c of KEY_NEIGHBOURS.get(w[i]!) ?? []) out.push(w.slice(0, i) + c + w.slice(i + 1));
  return out;
}

/** A long word the catalog has with one letter left out, added, changed or swapped. */
function nearWhole(idx: IndexData, w: string): boolean {
  return w.length >= 8 && correct(idx, w).some((c) => editDistance(w, c, 1) <= 1);
}

/** Splits an unknown word into a known tail and a head that begins words of the catalog, or null. */
function splitTail(w: string, idx: IndexData, prefixTerms: (prefix: string) => string[]): string[] | null {
  for (let i = 5; i <= w.length - 4; i++) {
    const tail = w.slice(i);
    if (!idx.lexicon.words.has(tail) || !stems(tail).some((t) => idx.df.has(t))) continue;
    const head = w.slice(0, i).replace(/(?<=[^s])s$/, '');
    if (head.length >= 5 && prefixTerms(head).some((t) => t.length > head.length + 2)) return [head, tail];
  }
  // (a long known tail, nine letters or more, behind a head no entry knows: "Gefahren|etikettendrucker" is a kind of
  // label printer)
  for (let i = 4; i <= w.length - 9; i++) {
    const tail = w.slice(i);
    if (idx.lexicon.words.has(tail) && stems(tail).some((t) => idx.df.has(t))) return [w.slice(0, i), tail];
  }
  return null;
}

/** Catalog words that end in this word's stem as the last part of a compound (Geoportal for portal), up to 5. */
function compoundsEndingIn(idx: IndexData, w: string): string[] {
  const tail = stems(w)[0]!;
  if (tail.length < 4) return [];
  const out: string[] = [];
  for (const cand of idx.surface) {
    if (cand.length < w.length + 3 || !cand.includes(tail)) continue;
    if (stems(cand)[0]!.endsWith(tail)) out.push(cand);
    if (out.length >= 5) break;
  }
  return out;
}

/** Two forms of one word: the same first five letters or more, and at most a short ending apart (drucker / druckt). */
function sameWord(a: string, b: string): boolean {
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  return k >= 5 && Math.min(a.length, b.length) - k <= 1 && Math.max(a.length, b.length) - k <= 2;
}

/** Two words the question writes apart that the catalog writes as one ("wieder herstellen", "Bau Tagebuch"): joined. */
function joinSplitWords(idx: IndexData, ws: string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < ws.length; k++) {
    const a = ws[k]!;
    const b = ws[k + 1];
    // (only where apart they say less: one of them unknown to the catalog, or a particle like "wieder")
    const knownWord = (w: string) => stems(w).some((t) => idx.df.has(t));
    // (or where the two make a word of the lexicon: "wieder herstellen" is wiederherstellen, restore)
    const joined = idx.surface.has(a + b) || (isStopword(a) && synonymsOf(a + b).length > 0);
    if (b && a.length >= 3 && b.length >= 3 && a.length + b.length <= 30 && !isStopword(b) && joined && (isStopword(a) || !knownWord(a) || !knownWord(b))) {
      out.push(a + b);
      k++;
    } else out.push(a);
  }
  return out;
}

const FOR_NEW_GENERIC = new Set(FOR_NEW_WORDS.map(fold));

/** A thing of its own named before "für eine neue ..." / "for a new ...": not a person, not what everyone new gets. */
function thingForNew(concepts: Concept[], folded: string): boolean {
  const m = FOR_NEW.exec(folded);
  if (!m) return false;
  // (also a part of a compound: "Diensthandybestellung für neue Kuratorin")
  const before = folded.slice(0, m.index);
  // (what everyone new gets, as typed or with a typo, is no thing of its own; a synonym of it is: a laptop is a device)
  return concepts.some((c) => before.includes(c.word) && !ROLE_ENDING.test(c.word) && !c.unknown && !c.bonus && !c.light && !FOR_NEW_GENERIC.has(c.word) && !PERSON_STEMS.some((t) => c.alts.has(t)) && ![...c.alts].some(([t, w]) => FOR_NEW_GENERIC.has(t) && (w === 1 || w === TYPO_SHARE)));
}

/** Turns a question into concepts, each with its alternatives and weight (inverse document frequency). */
function analyze(idx: IndexData, question: string, prefixTerms?: (prefix: string) => string[]): Concept[] {
  const n = Math.max(idx.docs.size, 1);
  const idfOf = (df: number) => Math.log(1 + n / (1 + df));
  const lower = question.toLowerCase();
  const folded = fold(question);
  // (three letters in capitals, "VPM": an abbreviation as typed)
  const capitals = new Set((question.match(/(?<![\p{L}\d])[A-ZÄÖÜ]{3}(?![\p{L}\d])/gu) ?? []).map(fold));
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const corrected = new Map<string, string>();
  const queue = joinSplitWords(idx, words(joinSeparableVerbs(folded)));
  const umlautE = new Map<string, string>();
  for (const w of lower.split(/[^a-zäöü]+/)) if (w.includes('ä')) umlautE.set(fold(w), fold(w.replace(/ä/g, 'e')));
  const troubles = new Set<Concept>();
  const offTopic = new Set<Concept>();
  let things = 0;
  // in Swiss German a word no entry knows is more often a dialect form than another topic
  const swissQuestion = queue.filter((w) => SWISS_MARKERS.has(w)).length >= 2;
  // "someone in my team leaves", "ein Postfach für unser Team": one's team is the people one works with, not Teams
  const ownTeam = /\b(?:my|our|your|his|her|their|mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|euer|eure|eurem|euren|dein|deinem|ihrem|ihr|mis|mim|eus|eusem|eusi|üs|euses|min)(?: \w+)? team\b/.test(folded);
  // "install software on my PC": the word after "on my" / "auf meinem" is where, not what
  const where = new Set<string>();
  for (const m of folded.matchAll(/\b(?:on|onto) (?:my|the|our|your|a) ([a-z0-9-]+)|\bauf (?:meinem|meinen|meiner|dem|den|der|einem|mim|mym|em) ([a-z0-9-]+)|\b(?:fur (?:meinen|mein|meine|min|mis)|for (?:my|our)) ([a-z0-9-]+)/g)) {
    if (m.index! > 0) where.add((m[1] ?? m[2] ?? m[3])!);
  }
  // "de drucker im depot grünau druckt nüt", "wlan im newsroom extrem langsam": with something wrong, the room or site
  // after the thing is where it happens, not what
  const site = new Set<string>();
  const placed = new Set<Concept>();
  // (phrases are written with and without umlauts: "druckt nüt" is looked for as written and folded)
  const brokenSaid = BROKEN_PHRASES.some((re) => re.test(lower) || re.test(folded));
  // (and with something lost: "Handy im Zug liegen lassen" is the phone, the train is where)
  const lostSaid = LOST_PHRASES.some((re) => re.test(lower) || re.test(folded));
  const mishap = lostSaid || PORTABLE_MISHAP.test(folded);
  if (brokenSaid || lostSaid || queue.some(isTrouble)) {
    // (each preposition, also where the one before took it as its second word: "am Sonntag in der Käserei")
    for (const m of folded.matchAll(/(?=\b(?:im|in der|in dem|in unserem|in unserer|am|an der|beim|bei der|bim|bi de|bi dr|in the|in our|at the|at our) ([a-z0-9-]+)(?: ([a-z0-9-]+))?)/g)) {
      if (m.index! > 0) for (const w of [m[1], m[2]]) if (w && !isStopword(w)) site.add(w);
    }
  }
  // "Zugriff auf den Ordner vom Einkauf", "the shared drive of the finance team": whose folder, not what
  for (const m of folded.matchAll(/\b(?:ordner|laufwerk|ablage|share|folder|folders|drive|postfach|mailbox) (?:vom|von der|von|der|des|of the|of|for the|from the) ([a-z0-9-]+)/g)) {
    if (!isStopword(m[1]!)) site.add(m[1]!);
  }
  // Words that say what kind, how long, when or how, never what the question is about: no concept of their own.
  const noTopic = new Set<string>();
  // (the words of the given groups of each match, the whole match by default; a group that did not take part adds none)
  const skip = (re: RegExp, ...groups: number[]) => {
    for (const m of folded.matchAll(re)) for (const g of groups.length ? groups : [0]) for (const w of words(m[g] ?? '')) noTopic.add(w);
  };
  // a word the catalog or the lexicon knows
  const knownWord = (w: string) => stems(w).some((t) => idx.df.has(t)) || synonymsOf(w).length > 0;
  // "IT-Support", "EDV-Abmeldung": asking IT, "IT" says nothing, and the word written as one ("itsupport") is no word of its
  // own unless the catalog or the lexicon knows it
  for (const m of folded.matchAll(/\b(?:it|ict|edv|informatik)-([a-z0-9]+)\b/g)) {
    const joined = m[0].replace('-', '');
    if (!knownWord(joined)) noTopic.add(joined);
  }
  // "Authenticator-App", "Citrix-Portal": the generic last part of a hyphenated name says what kind of thing it is;
  // the first part says which
  skip(HYPHEN_GENERIC, 1);
  // "wart scho zwei wuche", "takes two days": the count says how long ("two-factor" stays)
  skip(DURATION_COUNT, 1);
  // "who do I contact to get a new laptop": the laptop, not the contact
  skip(WHO_FOR_THING);
  // "the external screens", "externe Festplatte": external says which device, not a guest or partner from outside
  skip(/\b(externe[nrs]?|external|extern) (?=(?:grosse[nr]? |zusatzliche[nr]? |second |big |large )?(?:bildschirm|monitor|screen|display|festplatte|hard ?drive|harddisk|disk|drive|ssd|tastatur|keyboard|maus|mouse|webcam|kamera|camera|lautsprecher|speaker|mikrofon|microphone|laufwerk|dockingstation|docking))/g, 1);
  // "last week's price list", "letzte Woche", "nächsten Monat": when
  skip(/\b(?:last|next|this|past|letzte[nrms]?|vergangene[nrms]?|nachste[nrms]?|diese[nrms]?|letscht[iae]?|nachscht[iae]?) (?:week|weeks|month|months|weekend|woche|wochen|monat|monats|wochenende|wuche|monet)(?:'s)?\b/g);
  // "called pretending to be from Microsoft", "gab sich als Swisscom-Techniker aus": whom the caller claimed to be, not what
  skip(/\b(?:pretend\w*|claim\w*) to be (?:from |of )?(?:the |our |a |an )?([a-z0-9-]+)|\b(?:said|saying|says) (?:he was |she was |they were |he is |she is |they are )?(?:from |of )(?:the |our )?([a-z0-9-]+)|\b(?:gab|gibt|hat) sich (?:als|fur) (?:\w+ )?([a-z0-9-]+) (?:\w+ )?(?:aus|ausgegeben)\b|\bangeblich (?:von|vom|aus der|aus dem) ([a-z0-9-]+)/g, 1, 2, 3, 4);
  // "at 3am", "um 8 Uhr": when
  skip(TIME_OF_DAY);
  // "my phone fell into the lake", "Handy is Wasser gheit", "Handy im Tram gestohlen", "lost my phone on the train":
  // where the mishap happened
  if (mishap) {
    skip(MISHAP_PLACE);
    skip(ON_THE_WAY);
  }
  // "saved over it by accident": how it happened
  skip(BY_MISTAKE);
  // "Teams-Sitzungen" is read as its parts; written together ("teamssitzungen") it counts again only where an entry or the
  // lexicon knows it so ("E-Mail" as email), else one hyphenated word would weigh as two things and its parts
  for (const m of folded.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/g)) {
    const joined = m[0].replace(/-/g, '');
    if (m[0].split('-').every((w) => w.length >= 2 && knownWord(w)) && !knownWord(joined) && !isWeak(joined)) noTopic.add(joined);
  }
  for (const raw of queue) {
    if (noTopic.has(raw)) continue;
    // a chat message may hold 4,000 characters: the first 40 content words say what it is about
    if (concepts.length >= 40) break;
    if (raw.length < 2 || isStopword(raw) || seen.has(raw)) continue;
    seen.add(raw);
    // another form of a word already read ("der Drucker druckt nicht", "Scanner scannt"): one concept
    if (concepts.some((c) => sameWord(c.word, raw))) continue;
    // no word of any language is this long (the longest German compounds in use stay under 40
    // letters): a pasted blob is one word no entry knows, not something to split or correct
    if (raw.length > MAX_WORD) {
      concepts.push({ word: raw.slice(0, MAX_WORD), alts: new Map([[raw.slice(0, MAX_WORD), 1]]), idf: idfOf(1) * UNKNOWN_WEIGHT, unknown: true, bonus: false });
      continue;
    }
    if (/^\d+$/.test(raw) && raw.length < 3) continue;
    // (its synonyms from the lexicon: a word of the lexicon is a real word, never a typo nor a compound to split)
    const syns = synonymsOf(raw);
    // a generic action with a typo the catalog does not have as written ("bestelen"): the action, even where a
    // stem of the typo happens to meet some word of the catalog
    if (raw.length >= 6 && !isAction(raw) && !idx.surface.has(raw) && !syns.length && !isWeak(raw)) {
      const act = nearAction(raw);
      if (act) {
        corrected.set(raw, act);
        continue;
      }
    }
    const alts = new Map<string, number>();
    // salary, lunch, parking: unless the catalog knows the word, the question is about something else
    if (isOffTopic(raw)) {
      addAlt(alts, raw, 1);
      // the catalog's own words decide (stems would let English "locker" meet German-stemmed "locked")
      const forms = (w: string) => [w, w + 's', w + 'e', w + 'n', w + 'en', w.replace(/(e|n|en|s)$/, '')];
      // (or, for a compound, its first part: "Spesenabrechnung" where the catalog has an expense app that says "Spesen")
      let inCatalog = forms(raw).some((w) => idx.surface.has(w));
      // (the first part must be what an entry is about, in its name, keywords or summary: a VPN answer that mentions
      // "Ferien" does not make "Ferientage" an IT word)
      // (the longest first part that is a word decides, "Personal|fest" not "Person|alfest"; and not a first part every
      // workplace compound may have: "Personalfest" is no staff matter of the catalog's)
      for (let k = raw.length - 4; !inCatalog && k >= 5; k--) {
        const head = raw.slice(0, k);
        if (!idx.surface.has(head) && !idx.lexicon.words.has(head)) continue;
        inCatalog = !WORKPLACE_FIRST_PARTS.has(head) && !PERSON_WORDS.has(head) && strongTerm(idx, head);
        break;
      }
      if (!inCatalog) {
        concepts.push({ word: raw, alts: new Map(), idf: idfOf(1) * OFF_TOPIC_WEIGHT, unknown: true, bonus: false, offTopic: true });
        offTopic.add(concepts[concepts.length - 1]!);
        continue;
      }
    }
    const swiss = swissToStandard(raw);
    addAlt(alts, raw, 1);
    if (swiss) for (const w of words(swiss)) if (!isStopword(w)) addAlt(alts, w, 1);
    if (swiss && words(swiss).every(isStopword)) continue;
    // a compound the catalog does not know as a whole: its parts are the concepts
    // (unless a synonym of the whole is in the catalog: "Kopfhörer" is the headset, not Kopf + Hörer)
    // (unless the whole word is one letter away from a word of the catalog: "Handscaner" is the Handscanner)
    if (!known(idx, alts) && !swiss && !syns.some((w) => stems(w).some((t) => idx.df.has(t)))) {
      const parts = splitCompound(raw, idx.lexicon);
      // (the look for a near whole, through the vocabulary, only for a word that would split)
      if (parts.length && !nearWhole(idx, raw)) {
        for (const p of parts) if (!seen.has(p) && !isStopword(p)) queue.push(p);
        continue;
      }
    }
    for (const syn of syns) addAlt(alts, syn, 0.9);
    if (swiss) for (const w of words(swiss)) for (const syn of synonymsOf(w)) addAlt(alts, syn, 0.9);
    // (a broader word of its groups, less: "Natel" is a mobile phone, the desk phone fits it less)
    for (const w of [raw, ...(swiss ? words(swiss) : [])]) for (const b of broaderOf(w)) addAlt(alts, b, BROAD_SHARE);
    // a product the question names ("Acrobat"): also the kind of thing it is, a little less sure;
    // the product's own rarity weighs when the catalog knows it
    const kind = kindOf(raw);
    let kindDf = 0;
    if (kind) {
      // (when the catalog names the product itself, the entry that names it comes first: "Photoshop" is the Adobe
      // licences, software in general less)
      const own = strongTerm(idx, raw);
      const share = own ? KIND_KNOWN_SHARE : KIND_SHARE;
      for (const k of words(kind)) addWithSynonyms(alts, k, share, share - 0.05);
      for (const [t, w] of alts) if (w < 0.75) kindDf = Math.max(kindDf, idx.df.get(t) ?? 0);
    }
    // a compound the catalog knows only in passing (Diktiermikrofon in a description): its
    // parts may be what the entry's name or summary says (diktieren, Postfach)
    // (the compound's own rarity weighs: "Lagerverwaltungssystem" is as rare as the catalog says, not as common as "Lager")
    let wholeDf = 0;
    if (known(idx, alts) && !swiss) {
      const parts = splitCompound(raw, idx.lexicon);
      if (parts.length) for (const [t, w] of alts) if (w >= 0.75) wholeDf = Math.max(wholeDf, idx.df.get(t) ?? 0);
      // (not where an entry's name or keywords hold the compound itself: "helpdesk" is the helpdesk, not a desk phone)
      if (parts.length && !strongTerm(idx, raw, FIELD_WEIGHT.keywords)) for (const p of parts) if (!isStopword(p)) addAlt(alts, p, PART_SHARE);
    }
    if (!known(idx, alts)) {
      for (const v of swissVariants(raw)) addWithSynonyms(alts, v, 0.9, 0.85);
      // (Swiss German writes ä for many a standard e: "mälde", "bluetspänd", "Fänschter")
      const e = umlautE.get(raw);
      if (e) for (const v of [e, ...swissVariants(e)]) addWithSynonyms(alts, v, 0.9, 0.85);
    }
    // (a light word is never a typo of a catalog word: "passiert" is not "Passwort")
    // (set where a typo is read as a word for what is wrong: "langsahm")
    let troubleTypo = false;
    if (!known(idx, alts) && !isWeak(raw)) {
      // (nor is a word of the lexicon: "hosten" is hosting, not a typo of "kosten"; "Lehrling" is no "learning")
      const fixed = syns.length || PERSON_WORDS.has(raw) ? [] : correct(idx, raw, capitals.has(raw));
      // (a word for what is wrong, with a typo, is that word where the catalog has nothing closer: "langsahm")
      // (also where its synonyms already say it: "ausgefalen" meets "ausfallen" by its stem)
      const troubleMeant = fixed.length || (syns.length && !syns.some(isTrouble)) ? null : nearTrouble(raw);
      if (troubleMeant) {
        fixed.push(troubleMeant);
        troubleTypo = true;
      }
      if (fixed[0]) corrected.set(raw, fixed[0]);
      for (const f of fixed) addWithSynonyms(alts, f, TYPO_SHARE, 0.75);
      // a stopword, light word or generic action with a typo ("nich", "funktionirt", "aply"): no meaning of its own, but phrases read it as meant
      const meant = fixed.length ? null : (nearStopword(raw) ?? nearWeak(raw) ?? (syns.length ? null : nearAction(raw)));
      if (meant) {
        corrected.set(raw, meant);
        continue;
      }
      // a word typed half ("berecht", "konferenzr"): the FTS5 vocabulary knows how it goes on
      if (!fixed.length && raw.length >= 5 && prefixTerms) {
        for (const t of prefixTerms(raw)) if ((alts.get(t) ?? 0) < 0.7) alts.set(t, 0.7);
        if (known(idx, alts)) corrected.set(raw, raw);
      }
      if (!known(idx, alts) && !swiss) {
        const parts = splitHead(raw, idx.lexicon);
        if (parts.length) {
          for (const p of parts) if (!seen.has(p) && !isStopword(p)) queue.push(p);
          continue;
        }
        // a known tail behind a head that only begins catalog words (Labor|resultate, where the
        // catalog has Laborsystem): both halves are looked for, the head as a word begun
        const tail = prefixTerms && raw.length >= 9 ? splitTail(raw, idx, prefixTerms) : null;
        if (tail) {
          for (const p of tail) if (!seen.has(p) && !isStopword(p)) queue.push(p);
          continue;
        }
        // the last part of a German compound names what it is: "Portal" is also the Geoportal
        if (raw.length >= 5) for (const w of compoundsEndingIn(idx, raw)) addAlt(alts, w, 0.7);
      }
    }
    // "my phone fell into the lake", "Telefon gestohlen": the mobile phone; a phone of any kind fits it less
    if (PHONE_WORDS.has(raw) && mishap) {
      for (const [t, w] of alts) alts.set(t, Math.min(w, BROAD_SHARE));
      addWithSynonyms(alts, 'handy', 1, 0.9);
    }
    let df = wholeDf;
    if (!df) for (const [t, w] of alts) if (w >= 0.75) df = Math.max(df, idx.df.get(t) ?? 0);
    if (!df) df = kindDf;
    const fixedTo = corrected.get(raw);
    const trouble = isTrouble(raw) || troubleTypo || (!!swiss && words(swiss).some(isTrouble));
    // (a number no entry has, "from 2019", "500 boxes": how many or when, not what)
    const weak = (raw === 'team' && ownTeam) || isWeak(raw) || (!!fixedTo && isWeak(fixedTo)) || (!!swiss && words(swiss).every((w) => isWeak(w) || isStopword(w))) || (df === 0 && /^\d+$/.test(raw));
    // (a trouble the catalog never names, "mega langsam", says what is wrong with the thing, not another topic)
    const unknown = df === 0 && !weak && !trouble;
    const idf = trouble && df === 0 ? UNNAMED_TROUBLE_SHARE * idfOf(1) : weak ? WEAK_SHARE * idfOf(Math.max(df, 1)) : unknown ? idfOf(1) * (swissQuestion ? SWISS_UNKNOWN_WEIGHT : UNKNOWN_WEIGHT) : idfOf(df);
    const action = isAction(raw) || (!!swiss && words(swiss).some(isAction));
    const place = where.has(raw) && concepts.some((c) => !c.unknown && !c.bonus && !where.has(c.word) && c.idf >= idfOf(3));
    concepts.push({ word: raw, alts, idf: (place ? idf * PLACE_SHARE : idf) * (action && !unknown ? ACTION_SHARE : 1), unknown, bonus: false, light: weak });
    if (place) placed.add(concepts[concepts.length - 1]!);
    if (trouble) troubles.add(concepts[concepts.length - 1]!);
    else if (!unknown && !weak && !action) things++;
  }
  // "a program to draw plans", "ein Programm zum Zeichnen von Plänen": what a program wanted is for counts half beside it
  const purpose = PROGRAM_WANTED_PHRASES.map((re) => re.exec(folded)).find((m) => m);
  if (purpose) {
    const after = new Set(words(folded.slice(purpose.index + purpose[0].length)));
    for (const c of concepts) if (after.has(c.word) && c.unknown) c.idf *= PLACE_SHARE;
  }
  // "Diensthandyverlust nach der Premierenfeier", "nach einem Sturz": an occasion no entry knows says when, not what,
  // and counts against the question as little as a place
  for (const m of folded.matchAll(/\b(?:nach|seit|vor|wahrend|bei|after|since|before|during) (?:der|dem|den|des|the|einer|einem|unserer|unserem|our) ([a-z0-9-]+)/g)) {
    const c = concepts.find((x) => x.word === m[1] && x.unknown);
    if (c && concepts.some((o) => o !== c && !o.unknown && !o.bonus && !o.light)) c.idf *= PLACE_SHARE;
  }
  // the room or site weighs less once all is read, wherever the thing stands ("druckerproblem im labr" reads the
  // compound's parts last)
  for (const c of concepts) {
    if (site.has(c.word) && !placed.has(c) && concepts.some((o) => o !== c && !o.unknown && !o.bonus && !o.light && !site.has(o.word))) c.idf *= PLACE_SHARE;
  }
  // "my laptop screen is cracked", "Handyersatz nach Displaybruch": with something wrong, the device decides, its part counts half
  const troubled = troubles.size > 0 || concepts.some((c) => REPLACEMENT_STEMS.some((t) => c.alts.has(t)));
  const roles = new Map(concepts.map((c) => [c, deviceOrPart(c.alts)]));
  const broken = troubled || brokenSaid;
  if ([...roles.values()].includes('device')) {
    const parts = concepts.filter((c) => roles.get(c) === 'part');
    if (parts.length && broken) for (const c of parts) c.idf *= TROUBLE_SHARE;
  }
  // "I spilled coffee on my laptop and it won't turn on", "die Tastatur hat Kaffee abbekommen": the workplace word is what
  // happened to the device or its part, not the topic
  if ([...roles.values()].some((r) => r !== null)) {
    if (broken) for (const c of offTopic) {
      c.unknown = false;
      c.light = true;
      c.idf = WEAK_SHARE * idfOf(1);
    }
  }
  // "Natel kaputt": beside a thing the question names, what is wrong with it counts half
  if (troubles.size && things > 0) for (const c of troubles) if (!c.unknown) c.idf *= TROUBLE_SHARE;
  // "Can IT repair my private laptop?": unless some entry is about repairing private devices, a workplace matter that is not IT
  // (it outweighs everything else the question names: the laptop and the home are what it is about, not what it asks)
  // ("Welchen Drucker soll ich mir für zuhause kaufen?": advice for a private purchase, the same unless some entry sells
  // privately; what the business charges its customers; an application of one's own built, unless some entry develops them)
  if ((PRIVATE_REPAIR_PHRASES.some((re) => re.test(folded)) && !privateOffered(idx, 'repair')) ||
    (PRIVATE_ADVICE_PHRASES.some((re) => re.test(folded)) && PRIVATE_WORD.test(folded) && !privateOffered(idx, 'purchase')) ||
    NOT_IT_PHRASES.some((p) => p.re.test(folded) && !p.unless.some((u) => offeredBy(idx, u)))) {
    const rest = concepts.filter((c) => !c.bonus).reduce((sum, c) => sum + c.idf, 0);
    concepts.push({ word: NOT_IT_SERVICE, alts: new Map(), idf: Math.max(idfOf(1) * OFF_TOPIC_WEIGHT, 2 * rest), unknown: true, bonus: false });
  }
  // phrases are looked for in the question as written and with its typos corrected ("not workng")
  const explicitTopic = concepts.some((c) => !c.unknown && c.idf >= idfOf(3));
  const fixedText = corrected.size ? ' ' + words(question).map((w) => corrected.get(w) ?? w).join(' ') : '';
  const consumed = new Set<string>();
  const explained = new Set<string>();
  const replaced = new Set<string>();
  const dropped = new Set<string>();
  const implied = phraseWords(lower + ' ' + folded + fixedText, consumed, explained, replaced, dropped);
  for (let k = concepts.length - 1; k >= 0; k--) if (dropped.has(concepts[k]!.word)) concepts.splice(k, 1);
  for (const c of concepts) if (replaced.has(c.word)) c.idf *= PHRASE_WORD_SHARE;
  // a short word a phrase explained ("hört" in "hört Ende Monat auf") is no concept of its own
  for (let k = concepts.length - 1; k >= 0; k--) if (explained.has(concepts[k]!.word) && concepts[k]!.word.length <= 5) concepts.splice(k, 1);
  // an unknown word a phrase explained ("bleibt schwarz", "fell"), or a part of one ("Deutsch|lehrerin" in "ich fange
  // als Deutschlehrerin an"), no longer counts against the question
  const inPhrase = (w: string) => consumed.has(w) || [...consumed].some((c) => c.length > w.length + 2 && c.endsWith(w));
  for (let k = concepts.length - 1; k >= 0; k--) if (concepts[k]!.unknown && inPhrase(concepts[k]!.word)) concepts.splice(k, 1);
  for (const { word: w, bonus, topic } of implied) {
    const already = concepts.find((c) => c.alts.has(stems(w)[0]!));
    if (already) {
      // (a topic phrase the question also says in a word of its own, "called pretending to be from IT and asked for my
      // sign-in details": that word weighs at least as much as the heaviest thing named beside it)
      if (topic && w !== JOINING && !already.unknown && !already.bonus) already.idf = Math.max(already.idf, ...concepts.filter((c) => c !== already && !c.unknown && !c.bonus).map((c) => c.idf));
      continue;
    }
    const alts = new Map<string, number>();
    addWithSynonyms(alts, w, 1, 0.9);
    let df = 0;
    for (const t of alts.keys()) df = Math.max(df, idx.df.get(t) ?? 0);
    // "I can't get into X": X says what the question is about, the phrase only what kind of trouble
    // (a topic phrase is what the question is about, whatever else it names: "equipment for a new employee", "I clicked
    // a link in a mail on my phone")
    // ("ein Geschäftshandy für eine neue Sozialarbeiterin": a thing named before "for a new ..." is what is ordered, the
    // joining whom it is for; what everyone new gets, equipment or access, stays the joining)
    const forNew = topic && w === JOINING && thingForNew(concepts, folded);
    const named = explicitTopic && !topic ? 0.5 : forNew ? FOR_NEW_SHARE : 1;
    // (a topic phrase weighs at least as much as the heaviest thing named beside it: however common joining is in
    // this catalog, "equipment for a new employee" is about the joining)
    // ("who do I call when my computer doesn't work": beside nothing but the computer everyone has, asking who helps is
    // about the helpdesk, not about computers)
    const helpForComputer = w === 'helpdesk' && concepts.some((c) => !c.bonus && GENERIC_COMPUTER.some((t) => c.alts.get(t) === 1)) &&
      concepts.every((c) => c.bonus || c.light || c.unknown || c.idf < 0.5 || GENERIC_COMPUTER.some((t) => c.alts.get(t) === 1) || replaced.has(c.word));
    const floor = (topic && !forNew) || helpForComputer ? Math.max(0, ...concepts.filter((c) => !c.unknown && !c.bonus).map((c) => c.idf)) : 0;
    if (helpForComputer) for (const c of concepts) if (GENERIC_COMPUTER.some((t) => c.alts.get(t) === 1)) c.idf *= PHRASE_WORD_SHARE;
    concepts.push({ word: w, alts, idf: bonus ? idfOf(3) * (things > 0 ? TROUBLE_SHARE : 1) : Math.max(idfOf(Math.max(df, 1)) * named, floor), unknown: false, bonus });
  }
  // (the same where the newcomer is one word the lexicon knows, "neue Mitarbeiterin" read as "neuemitarbeiterin": a laptop
  // for her is the laptop)
  if (thingForNew(concepts, folded)) for (const c of concepts) if (c.word !== JOINING && c.alts.has(JOINING) && !c.bonus) c.idf *= FOR_NEW_SHARE;
  // "a new employee", "Austritt einer Mitarbeiterin": beside joining or leaving, the person is no topic of its own
  // (and beside any thing named: "Postfachfreigabe für eine Kollegin" is the mailbox, the colleague is whom it is for)
  const joinOrLeave = (c: Concept) => c.alts.has(JOINING) || c.alts.has(LEAVING);
  // (a role the lexicon does not list, by its German ending: "Inspizientin", "Gerichtsschreiberin", "Disponentinnen")
  // (and a word no entry knows right after "für unseren neuen" / "for our new": whom it is for, "einen Laptop für
  // unseren neuen Theatermaler")
  const forNew = FOR_NEW.exec(folded);
  const newcomer = forNew ? /^ ([a-z]+)/.exec(folded.slice(forNew.index + forNew[0].length))?.[1] : undefined;
  // (or split, "Theater|maler": the parts of that word are the person too)
  const ofNewcomer = (c: Concept) => !!newcomer && (c.unknown ? newcomer.startsWith(c.word) || newcomer.endsWith(c.word) : newcomer.length > c.word.length + 3 && newcomer.startsWith(c.word) && concepts.some((o) => o.unknown && newcomer.endsWith(o.word)));
  const roleWords = new Set(concepts.filter((c) => ROLE_ENDING.test(c.word) || ofNewcomer(c)));
  for (const c of roleWords) c.unknown = false;
  // (also in the genitive: "beim Austritt eines Mitarbeiters")
  // (also with a typo: "Mitarbieterin")
  const isPerson = (c: Concept) => !joinOrLeave(c) && (roleWords.has(c) || PERSON_WORDS.has(c.word) || (c.word.endsWith('s') && PERSON_WORDS.has(c.word.slice(0, -1))) || [...c.alts].some(([t, w]) => w === TYPO_SHARE && PERSON_WORDS.has(t)));
  if (concepts.some((c) => joinOrLeave(c) || (!isPerson(c) && !c.unknown && !c.bonus && !c.light))) {
    for (const c of concepts) if (isPerson(c)) c.idf *= PERSON_SHARE;
  }
  return concepts;
}

const scratch = new WeakMap<IndexData, { sum: Float64Array; strong: Uint8Array; best: Float64Array; seen: Uint8Array; matched: Uint8Array }>();
function scratchOf(idx: IndexData) {
  let s = scratch.get(idx);
  if (!s) {
    const n = idx.list.length;
    scratch.set(idx, (s = { sum: new Float64Array(n), strong: new Uint8Array(n), best: new Float64Array(n), seen: new Uint8Array(n), matched: new Uint8Array(n) }));
  }
  return s;
}

/** How much of a document's name (or official question) the question covers, best language: "laptop" is the laptop service, not "why does a new laptop take 10 days?". */
function headCoverage(doc: DocTerms, headTerms: Set<string>): number {
  let best = 0;
  for (const words of doc.head) {
    if (!words.length) continue;
    let hit = 0;
    for (const w of words) if (w.some((t) => headTerms.has(t))) hit++;
    best = Math.max(best, hit / words.length);
  }
  return best;
}

/**
 * The terms that make a head word count as covered: a close alternative (>= 0.75) of a
 * non-bonus concept. Computed once per question rather than per word of every candidate's
 * name (it ran for up to 40 candidates on each question).
 */
function headTermsOf(concepts: Concept[]): Set<string> {
  const terms = new Set<string>();
  for (const c of concepts) {
    if (c.bonus) continue;
    for (const [t, a] of c.alts) if (a >= 0.75) terms.add(t);
  }
  return terms;
}

const HEAD_WEIGHT = 0.6;
/** A question that does not ask why ranks official answers (which explain why) at this share. */
const ANSWER_SHARE_UNLESS_WHY = 0.8;

/** Best first; on a tie the service (what to do) before the official answer (why it is so), then by id for a stable order. */
function byScore(a: Hit, b: Hit): number {
  return b.score - a.score || b.coverage - a.coverage || (a.kind === b.kind ? 0 : a.kind === 'service' ? -1 : 1) || byCodePoint(a.ref, b.ref);
}
/** A pair of question words that stands together in the entry's name ("service desk", not "desk ... phone"). */
const PAIR_WEIGHT = 0.5;

/** Adjacent content words of a question as pairs of stems, each pair once per stem combination. */
function questionPairs(question: string): string[][] {
  const ws = words(question).filter((w) => w.length >= 2 && !isStopword(w));
  const out: string[][] = [];
  const seen = new Set<string>();
  for (let k = 0; k + 1 < ws.length; k++) {
    for (const a of stems(ws[k]!)) for (const b of stems(ws[k + 1]!)) {
      const key = `${a} ${b}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push([a, b]);
      }
    }
  }
  return out.slice(0, 200);
}

/**
 * Scores documents against concepts through the postings: the share of the question each
 * document covers (what the threshold reads) and an absolute score for ranking, where a
 * shorter document with the same matches wins a tie (like bm25's length normalisation).
 */
export function rank(idx: IndexData, concepts: Concept[], limit = 40, pairs: string[][] = [], answerPairs = false): Hit[] {
  const total = concepts.filter((c) => !c.bonus).reduce((s, c) => s + c.idf, 0);
  // typed arrays by document number, allocated once per index: this is the hot path of every question
  const { sum, strong, best, seen, matched } = scratchOf(idx);
  const any: number[] = [];
  for (const c of concepts) {
    const touched: number[] = [];
    for (const [t, a] of c.alts) {
      const p = idx.postings.get(t);
      if (!p) continue;
      for (let k = 0; k < p.ids.length; k++) {
        const i = p.ids[k]!;
        const v = p.weights[k]! * a;
        if (best[i] === 0) touched.push(i);
        if (v > best[i]!) best[i] = v;
      }
    }
    for (const i of touched) {
      const v = best[i]!;
      sum[i] += c.idf * v * (c.bonus ? 0.5 : 1);
      // (field weights are float32: 0.7 is 0.69999999, so compare with a little slack)
      if (!c.bonus && v >= THRESHOLD.strongField * 0.8 - 1e-6 && !c.unknown) strong[i] = 1;
      if (!c.bonus && !c.unknown && !c.light && matched[i]! < 255) matched[i]!++;
      if (!seen[i]) {
        seen[i] = 1;
        any.push(i);
      }
      best[i] = 0;
    }
  }
  const bonusConcepts = concepts.filter((c) => c.bonus);
  const headTerms = headTermsOf(concepts);
  const unknownIdf = concepts.filter((c) => c.unknown).reduce((s, c) => s + c.idf, 0);
  let unknownShare = 0;
  const hit = (i: number): Hit => {
    const doc = idx.list[i]!;
    // bonus concepts count in the score, not in the share of the question covered
    let bonus = 0;
    for (const c of bonusConcepts) {
      let v = 0;
      for (const [t, a] of c.alts) v = Math.max(v, (doc.terms.get(t) ?? 0) * a);
      bonus += c.idf * v * 0.5;
    }
    const coverage = total > 0 ? (sum[i]! - bonus) / total : 0;
    unknownShare = total > 0 ? unknownIdf / total : 0;
    const rev = headCoverage(doc, headTerms);
    const named = doc.head.some((ws) => ws.some((w) => w.some((t) => headTerms.has(t) && (idx.df.get(t) ?? 0) <= 2)));
    let adjacent = 0;
    // (an official question is a sentence: its pairs count only when the question asks why, as it does)
    if (doc.kind === 'service' || answerPairs) for (const [a, b] of pairs) if (doc.pairs.has(`${a} ${b}`)) adjacent++;
    return { ref: doc.ref, kind: doc.kind, id: doc.id, coverage: strong[i] ? coverage : coverage * 0.5, score: score(i) + HEAD_WEIGHT * rev + PAIR_WEIGHT * Math.min(adjacent, 2), head: rev, unknown: unknownShare, named, matched: matched[i]! };
  };
  const score = (i: number) => sum[i]! + 0.5 / (1 + Math.log(1 + idx.list[i]!.len / idx.avgLen));
  // keep only the best `limit` by score before building objects: most documents match a little
  const top: Array<{ i: number; s: number }> = [];
  for (const i of any) {
    const s = score(i);
    if (top.length === limit && s <= top[top.length - 1]!.s) continue;
    let k = top.length;
    while (k > 0 && top[k - 1]!.s < s) k--;
    top.splice(k, 0, { i, s });
    if (top.length > limit) top.pop();
  }
  const hits = top.map((x) => hit(x.i));
  for (const i of any) {
    sum[i] = 0;
    strong[i] = 0;
    seen[i] = 0;
    matched[i] = 0;
  }
  hits.sort(byScore);
  return hits;
}

/** A sentence that says what replaces a service (folded). */
const REPLACED_BY = /\b(replac\w*|successor|instead|migrated|moved to|switched to|ersatz|ersetzt|abgelost|ablosung|nachfolger\w*|stattdessen|anstelle|migriert|umgestellt auf|neu (?:uber|per|mit|in))\b/;

/** A service name as a description may write it: folded; without its part in brackets and that part alone
 *  ("Moodle (learning platform)"); each of its parts ("Remote access & working from home"). */
function nameForms(name: string): string[] {
  const forms = new Set<string>();
  const bracketed = [...name.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!);
  const bare = name.replace(/\([^)]*\)/g, ' ');
  const parts = bare.split(/\s*[&/,:;+]\s*|\s+(?:und|and|et|e|-|–)\s+/);
  for (const n of [name, bare, ...bracketed, ...(parts.length > 1 ? parts : [])]) {
    const f = fold(n).replace(/[^a-z0-9]+/g, ' ').trim();
    // (a part of a name only when it is a name of its own: "remote access", not "e mail" of "E-Mail und Kalender")
    if (f.length >= 4 && (n === name || n === bare || bracketed.includes(n) || (f.includes(' ') && f.length >= 8))) forms.add(f);
  }
  return [...forms];
}

/** Is this hit good enough to answer with? (the confidence threshold; see docs/catalog.md) */
export function sureOf(h: Hit): boolean {
  return h.coverage >= THRESHOLD.coverage || (h.head >= THRESHOLD.head && h.coverage >= THRESHOLD.headCoverage && h.unknown < h.coverage) ||
    // a long question in the asker's own words: three different things it says all in one entry, and few words no entry knows
    (h.matched >= THRESHOLD.many && h.coverage >= THRESHOLD.manyCoverage && h.unknown <= THRESHOLD.manyUnknown);
}

/** Catalog search over one database: in-memory postings of the processed terms rank; the FTS5 vocabulary completes words typed half. */
class CatalogSearch {
  readonly repo: CatalogRepo;
  private idx: IndexData | null = null;
  private version = -1;
  private services = new Map<string, Service>();
  private answers = new Map<string, OfficialAnswer>();

  constructor(db: Db) {
    this.repo = new CatalogRepo(db);
  }

  /** set while the version read below holds: until the current synchronous stretch of work ends */
  private checked = false;
  private checkedWrites = -1;

  /**
   * The current index, rebuilt when another process (or an import) changed the catalog.
   * One question calls this several times; the version is read once per synchronous stretch
   * (a write by another process in that stretch is indistinguishable from one just after it),
   * and again at once after an import by this process.
   */
  index(): IndexData {
    if (this.idx && this.checked && this.checkedWrites === catalogWrites()) return this.idx;
    const writes = catalogWrites();
    const v = this.repo.version();
    if (!this.checked) queueMicrotask(() => (this.checked = false));
    this.checked = true;
    this.checkedWrites = writes;
    if (!this.idx || v !== this.version) {
      const services = this.repo.services();
      const answers = this.repo.answers();
      this.idx = buildIndex(services, answers);
      // the FTS rows were written at import; a long-running process does not need them
      this.idx.rows = [];
      this.idx.plainRows = [];
      this.services = new Map(services.map((s) => [s.id, s]));
      this.replacements.clear();
      this.answers = new Map(answers.map((a) => [a.id, a]));
      this.version = v;
    }
    return this.idx;
  }

  service(id: string): Service | null {
    this.index();
    return this.services.get(id) ?? null;
  }

  answer(id: string): OfficialAnswer | null {
    this.index();
    return this.answers.get(id) ?? null;
  }

  /**
   * What replaces a retiring or retired service: its `replacedBy`, else the active entry whose
   * name its description mentions ("... replaced by Teams phone", "ersetzt durch Moodle"), the
   * longest such name first. Null when neither says.
   */
  replacement(s: Service): Service | null {
    return this.successor(s)?.service ?? null;
  }

  /**
   * What takes a retired or retiring service's place: its `replacedBy`, else the entry its
   * description names; never a retired one. `said` is true where the catalog says so (replacedBy, or a name in a
   * sentence that says "replaced by", "Ersatz ist", "use ... instead"); a name merely mentioned
   * is a guess the caller should confirm.
   */
  successor(s: Service): { service: Service; said: boolean } | null {
    this.index();
    if (s.replacedBy) {
      // (a successor retired since is no way forward: there is none)
      const r = this.services.get(s.replacedBy);
      return r && r.status !== 'retired' ? { service: r, said: true } : null;
    }
    if (!this.replacements.has(s.id)) this.replacements.set(s.id, this.mentioned(s));
    const m = this.replacements.get(s.id);
    const r = m ? this.services.get(m.id) : null;
    return r ? { service: r, said: m!.said } : null;
  }

  private replacements = new Map<string, { id: string; said: boolean } | null>();

  private mentioned(s: Service): { id: string; said: boolean } | null {
    const names: Array<{ id: string; n: string }> = [];
    for (const other of this.services.values()) {
      if (other.id === s.id || other.status === 'retired' || other.status === 'retiring') continue;
      for (const name of new Set([other.name.de, other.name.en])) for (const n of nameForms(name)) names.push({ id: other.id, n });
      // (a description may name the entry by its id: "service remote-access")
      if (other.id.length >= 4) names.push({ id: other.id, n: other.id.replace(/-/g, ' ') });
    }
    let said: { id: string; at: number; len: number } | null = null;
    let best: { id: string; len: number } | null = null;
    for (const desc of [s.description?.de, s.description?.en, s.summary?.de, s.summary?.en]) {
      for (const sentence of (desc ?? '').split(/[.;!?](?:\s|$)|\n/)) {
        const text = ` ${fold(sentence).replace(/[^a-z0-9]+/g, ' ')} `;
        const cue = REPLACED_BY.test(text);
        for (const { id, n } of names) {
          const at = text.indexOf(` ${n} `);
          if (at < 0) continue;
          // (in a sentence that says what replaces it, the first entry named: "replaced by the virtual desktop, from a laptop use the VPN")
          if (cue && (!said || at < said.at || (at === said.at && n.length > said.len))) said = { id, at, len: n.length };
          if (!best || n.length > best.len) best = { id, len: n.length };
        }
        if (said) return { id: said.id, said: true };
      }
    }
    return best ? { id: best.id, said: false } : null;
  }

  /** for fitting the confidence model: decides instead of the model file (null: the model file) */
  decide: ((features: number[]) => boolean) | null = null;

  allServices(): Service[] {
    this.index();
    return [...this.services.values()];
  }

  search(question: string, limit = 40): SearchResult {
    const idx = this.index();
    // (chat refuses longer messages; a caller that does not is still answered on the first part, in bounded time)
    question = withoutMarkup(question.slice(0, 4000));
    const concepts = analyze(idx, question, (p) => this.repo.termsWithPrefix(p, 3));
    if (!concepts.length) return { concepts, hits: [], confident: false, features: [] };
    // an official answer explains why; a question that does not ask why wants the service first
    const asksWhy = WHY.test(fold(question));
    const hits = rank(idx, concepts, limit, questionPairs(question), asksWhy);
    if (!asksWhy) {
      for (const h of hits) if (h.kind === 'answer') h.score *= ANSWER_SHARE_UNLESS_WHY;
      hits.sort(byScore);
    }
    const top = hits[0];
    // ("are you a real person?": light words alone say nothing about a service, unless they make up much of its name)
    // ("Welchen Drucker soll ich mir für zuhause kaufen?": a phrase said it is a workplace matter that is not IT; the model never overrules that)
    const worded = !!top && (concepts.some((c) => !c.light) || top.head >= 0.5) && !concepts.some((c) => c.word === NOT_IT_SERVICE);
    // the hand-set rule (sureOf) is one of the model's features; the model decides
    const rule = worded && sureOf(top!);
    // ("my salary is wrong in the email": a workplace word that is not IT and not in the catalog; only the rule may answer)
    const offTopicWord = concepts.some((c) => c.offTopic && c.unknown);
    const features = confidenceFeatures(hits, concepts, question, rule);
    // (an entry the rule is sure of that covers at least half the question is answered whatever the model says: on the
    // evaluation's catalogs the model answered all of those anyway, and this holds where it reads figures it never saw)
    const decide = this.decide ?? modelSure;
    const confident = worded && ((rule && top!.coverage >= SURE_COVERAGE) || ((!offTopicWord || rule) && decide(features)));
    return { concepts, hits, confident, features };
  }

  /** The plain FTS5 bm25 baseline over the same catalog (for the evaluation). */
  baseline(question: string): Array<{ ref: string; rank: number }> {
    this.index();
    const ws = fold(question).split(/[^a-z0-9]+/).filter((w) => w.length >= 2);
    return this.repo.plainSearch(ws, 5).map((r) => ({ ref: r.doc, rank: r.rank }));
  }
}

const engines = new WeakMap<Db, CatalogSearch>();

/** The search engine of a database (one per process and database). */
export function catalogSearch(db: Db): CatalogSearch {
  let e = engines.get(db);
  if (!e) engines.set(db, (e = new CatalogSearch(db)));
  return e;
}
