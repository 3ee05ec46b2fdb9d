import type { Bi } from '../i18n/index.ts';
import type { IndexRow } from '../store/catalog-repo.ts';
import { docRef, type OfficialAnswer, type Service } from './model.ts';
import { Lexicon, MAX_WORD, fold, isStopword, splitCompound, splitHead, stems, synonymsOf, words } from './text.ts';

/** Words that ask why, in German, Swiss German and English. */
export const WHY = /\b(why|warum|wieso|weshalb|weswegen|werum|wiso|how come|wozu)\b/;

/** How much a match in each field says about a document: names and official questions most. */
export const FIELD_WEIGHT = {
  name: 1.0,
  price: 0.45,
  sla: 0.45,
  question: 1.0,
  keywords: 0.9,
  summary: 0.7,
  category: 0.5,
  linked: 0.5,
  body: 0.45,
} as const;
type Field = keyof typeof FIELD_WEIGHT;

/** A document as search sees it: its terms, each with the weight of the best field it is in. */
export interface DocTerms {
  ref: string;
  kind: 'service' | 'answer';
  id: string;
  terms: Map<string, number>;
  /** the number of terms that count for length normalisation (the price words every priced entry has do not) */
  len: number;
  /** the words of the name (service) or question (official answer), per language, each as its stems */
  head: string[][][];
  /** adjacent pairs of the name's (or official question's) words, as "stem stem" ("service desk"): a question that has the pair wins over one that has the words apart */
  pairs: Set<string>;
}

/** The in-memory side of the index: terms per document, document frequencies, the vocabulary for typos. */
export interface IndexData {
  docs: Map<string, DocTerms>;
  /** the documents by number (postings refer to them by position) */
  list: DocTerms[];
  /** term -> the numbers of the documents that have it, and the weight of its best field there */
  postings: Map<string, { ids: Int32Array; weights: Float32Array }>;
  /** number of distinct terms of each document, for length normalisation */
  avgLen: number;
  df: Map<string, number>;
  lexicon: Lexicon;
  /** the words the entries themselves use (folded), without the general vocabulary */
  surface: Set<string>;
  /** surface words by first letter, for typo correction */
  vocab: Map<string, string[]>;
  rows: IndexRow[];
  plainRows: IndexRow[];
}

/** The content words of a name or question, per language (hyphen joins left out: they would count twice). */
function headOf(v: Bi): string[][][] {
  // (a name with an explanation in brackets is also its name without it: "SAP (orders, materials, invoicing)" is SAP)
  const names = [v.de, v.en];
  const bare = names.map((t) => t.replace(/\([^)]*\)/g, ' ').trim()).filter((t, k) => t && t !== names[k]);
  return [...names, ...bare].map((text) =>
    text
      .split(/[\s/()]+/)
      .flatMap((chunk) => words(chunk).slice(0, Math.max(1, words(chunk).length - (chunk.includes('-') ? 1 : 0))))
      .filter((w) => w.length >= 2 && !isStopword(w))
      .map((w) => stems(w)),
  );
}

/** The adjacent word pairs of a name, each as all combinations of the two words' stems. */
function pairsOf(head: string[][][]): Set<string> {
  const out = new Set<string>();
  for (const words of head) for (let k = 0; k + 1 < words.length; k++) for (const a of words[k]!) for (const b of words[k + 1]!) out.add(`${a} ${b}`);
  return out;
}

/**
 * Two words of a name or keyword written as one ("Power BI" / "PowerBI", "One Drive" / "OneDrive"):
 * the joined forms, within each comma-separated part.
 */
function joinedPairs(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(',')) {
    const raw = part.trim().split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''));
    const ws = raw.map((w) => fold(w));
    // an acronym in capitals (BI, AI) is a word even where a stopword is spelled the same ("bi" is Swiss for "bei")
    const content = (k: number) => !isStopword(ws[k]!) || (raw[k]!.length >= 2 && raw[k] === raw[k]!.toUpperCase());
    for (let k = 0; k + 1 < ws.length; k++) {
      const [a, b] = [ws[k]!, ws[k + 1]!];
      if (a.length >= 2 && b.length >= 2 && a.length + b.length <= 20 && content(k) && content(k + 1)) out.push(a + b);
    }
  }
  return out;
}

function biText(v: Bi | undefined): string {
  return v ? `${v.de} ${v.en}` : '';
}

/** What the answer card's SLA block is about, in the words a question uses ("What is the SLA?", "Reaktionszeit"). */
const SLA_TEXT = 'SLA Reaktionszeit Lösungszeit';

/** What the answer card says about the price, as words a question about cost uses ("Was kostet ... pro Monat?"). */
function priceText(s: Service): string {
  if (!s.price) return '';
  return `Preis Kosten price cost ${s.price.currency} ${biText(s.price.per)}`;
}

function fieldsOf(s: Service): Array<[Field, string]> {
  return [
    ['name', `${s.name.de} , ${s.name.en}`],
    ['keywords', [...s.keywords.de, ...s.keywords.en].join(' , ')],
    ['category', biText(s.category)],
    ['summary', biText(s.summary)],
    ['body', `${biText(s.description)} ${biText(s.request?.how)}`],
    ['price', priceText(s)],
    ['sla', s.sla && Object.keys(s.sla).length ? SLA_TEXT : ''],
  ];
}

function answerFields(a: OfficialAnswer, services: Map<string, Service>): Array<[Field, string]> {
  return [
    ['question', biText(a.question)],
    ['keywords', a.keywords ? [...a.keywords.de, ...a.keywords.en].join(' ') : ''],
    ['linked', a.services.map((id) => biText(services.get(id)?.name)).join(' ')],
    ['body', biText(a.answer)],
  ];
}

/**
 * Builds the search data for a catalog: for every document the processed terms per field
 * (stems in both languages, German compounds split into their parts), the rows for the two
 * FTS5 tables, and the vocabulary for typo tolerance.
 */
export function buildIndex(services: Service[], answers: OfficialAnswer[]): IndexData {
  const byId = new Map(services.map((s) => [s.id, s]));
  const raw: Array<{ ref: string; kind: 'service' | 'answer'; id: string; fields: Array<[Field, string]>; headBi: Bi }> = [
    ...services.map((s) => ({ ref: docRef('service', s.id), kind: 'service' as const, id: s.id, fields: fieldsOf(s), headBi: s.name })),
    ...answers.map((a) => ({ ref: docRef('answer', a.id), kind: 'answer' as const, id: a.id, fields: answerFields(a, byId), headBi: a.question })),
  ];
  // the lexicon first: compound splitting needs every word the catalog knows
  const surface = new Set<string>();
  for (const d of raw) for (const [, text] of d.fields) for (const w of words(text)) if (w.length >= 2 && !isStopword(w)) surface.add(w);
  const lexicon = new Lexicon(surface);
  const docs = new Map<string, DocTerms>();
  const df = new Map<string, number>();
  const rows: IndexRow[] = [];
  const plainRows: IndexRow[] = [];
  for (const d of raw) {
    const terms = new Map<string, number>();
    const col: Record<'name' | 'keywords' | 'summary' | 'body', string[]> = { name: [], keywords: [], summary: [], body: [] };
    /** the terms that make the entry longer: not the price and SLA words every priced entry with an SLA has,
     *  nor joined name words (other spellings of words the entry has) */
    const lengthTerms = new Set<string>();
    for (const [field, text] of d.fields) {
      const weight = FIELD_WEIGHT[field];
      const target = field === 'name' || field === 'question' ? col.name : field === 'keywords' ? col.keywords : field === 'summary' || field === 'category' ? col.summary : col.body;
      for (const w of words(text)) {
        if (isStopword(w) || w.length < 2) continue;
        const add = (t: string, f: number) => {
          if ((terms.get(t) ?? 0) < f) terms.set(t, f);
          if (field !== 'price' && field !== 'sla') lengthTerms.add(t);
          target.push(t);
        };
        for (const t of stems(w)) add(t, weight);
        if (w.length > MAX_WORD) continue; // a pasted blob in a description: indexed as it stands, never split
        const parts = splitCompound(w, lexicon);
        for (const part of parts.length ? parts : splitHead(w, lexicon)) for (const t of stems(part)) add(t, weight * 0.9);
      }
      // (searchable, but no target for typo correction: "Studentin" is no typo of "Student ID")
      if (field === 'name' || field === 'keywords') {
        for (const w of joinedPairs(text)) {
          for (const t of stems(w)) {
            if (!terms.has(t)) terms.set(t, weight * 0.9);
          }
        }
      }
    }
    for (const t of terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    const head = headOf(d.headBi);
    docs.set(d.ref, { ref: d.ref, kind: d.kind, id: d.id, terms, len: lengthTerms.size, head, pairs: pairsOf(head) });
    rows.push({ doc: d.ref, name: col.name.join(' '), keywords: col.keywords.join(' '), summary: col.summary.join(' '), body: col.body.join(' ') });
    const f = Object.fromEntries(d.fields) as Record<Field, string | undefined>;
    plainRows.push({
      doc: d.ref,
      name: f.name ?? f.question ?? '',
      keywords: f.keywords ?? '',
      summary: `${f.summary ?? ''} ${f.category ?? ''}`.trim(),
      body: `${f.body ?? ''} ${f.linked ?? ''}`.trim(),
    });
  }
  const list = [...docs.values()];
  const building = new Map<string, { ids: number[]; weights: number[] }>();
  let totalLen = 0;
  list.forEach((d, i) => {
    totalLen += d.len;
    for (const [t, weight] of d.terms) {
      let p = building.get(t);
      if (!p) building.set(t, (p = { ids: [], weights: [] }));
      p.ids.push(i);
      p.weights.push(weight);
    }
  });
  const postings = new Map<string, { ids: Int32Array; weights: Float32Array }>();
  for (const [t, p] of building) postings.set(t, { ids: Int32Array.from(p.ids), weights: Float32Array.from(p.weights) });
  const vocab = new Map<string, string[]>();
  for (const w of lexicon.words) {
    // a typo is corrected towards words some entry has or a synonym of one, not towards the
    // general vocabulary of compound parts
    if (w.length < 4 || (!stems(w).some((t) => df.has(t)) && !synonymsOf(w).some((x) => stems(x).some((t) => df.has(t))))) continue;
    let list = vocab.get(w[0]!);
    if (!list) vocab.set(w[0]!, (list = []));
    list.push(w);
  }
  return { docs, list, postings, avgLen: docs.size ? totalLen / docs.size : 1, df, lexicon, surface, vocab, rows, plainRows };
}
