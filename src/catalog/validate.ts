import { isLang, type Bi } from '../i18n/index.ts';
import type { Problem } from '../errors.ts';
import { parseAudience } from '../people/audience.ts';
import { SLA_KEYS } from './sla.ts';
import { STATUSES, type Catalog, type OfficialAnswer, type Service, type ServiceStatus } from './model.ts';
import { editDistance } from './text.ts';

/** A service's or an answer's id: lower case letters, digits and dashes. */
export const ID_RE = /^[a-z0-9][a-z0-9-]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const URL_RE = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/**
 * Why a price's amount is not one, in words that say what to write: missing (a currency or "per"
 * given without it), a currency written into the amount ("CHF 12.50"), thousands separators
 * ("1'200.00", "1,200.00", as a spreadsheet formats them), else not a plain number.
 */
function amountProblem(raw: unknown, written: string): string {
  if (raw === undefined || raw === null || (typeof raw === 'string' && written === '')) {
    return 'missing: a price needs its amount (a plain number such as 12.50, 0 for free of charge); for a service without a price, leave out the whole price (in a CSV, every price cell empty)';
  }
  const unit = /^(?:([A-Za-z]{3}|Fr\.?|SFr\.?)\s*)?([\d'’., ]*\d)(?:\s*([A-Za-z]{3}|Fr\.?|SFr\.?))?$/.exec(written);
  const number = unit?.[2] ?? '';
  if (unit && (unit[1] || unit[3])) return `"${written}" has the currency in it: write the number alone (${number.replace(/['’ ,]/g, '')}) and the currency code in price.currency`;
  if (/^\d{1,3}(?:['’ ,]\d{3})+(?:\.\d+)?$/.test(written)) return `"${written}" has thousands separators: write the number without them (${written.replace(/['’ ,]/g, '')})`;
  return `"${String(raw)}" is not an amount (a plain number, 0 or more, such as 12.50)`;
}

const SERVICE_FIELDS = new Set(['id', 'name', 'category', 'summary', 'description', 'keywords', 'status', 'audience', 'owner', 'request', 'sla', 'price', 'replacedBy']);
const ANSWER_FIELDS = new Set(['id', 'question', 'answer', 'services', 'keywords']);

/** Where an entry is, for error messages: YAML/JSON say `services[3] (id vpn)`, CSV says `line 12`. */
export interface Locator {
  file: string;
  entry(section: 'services' | 'answers', index: number, id: string | undefined): string;
  /** CSV names fields by column (`summary_en`), the others by path (`summary.en`) */
  field(path: string): string;
}

export const treeLocator = (file: string): Locator => ({
  file,
  entry: (section, index, id) => `${section}[${index}]${id ? ` (id ${id})` : ''}`,
  field: (p) => p,
});

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Collects the problems of one entry. */
class Checker {
  constructor(
    readonly problems: Problem[],
    readonly loc: Locator,
    readonly entry: string,
  ) {}
  add(field: string, message: string): void {
    this.problems.push({ file: this.loc.file, entry: this.entry, field: this.loc.field(field), message });
  }
  str(v: unknown, field: string, required = false): string | undefined {
    if (v === undefined || v === null || v === '') {
      if (required) this.add(field, 'required');
      return undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') {
      this.add(field, `expected text, got ${Array.isArray(v) ? 'a list' : typeof v}`);
      return undefined;
    }
    // (a line break is LF in every format: YAML reads CR LF so, JSON and CSV keep what the editor wrote)
    return v.replace(/\r\n?/g, '\n').trim();
  }
  /** A text in both languages; a plain string counts for both. */
  bi(v: unknown, field: string, required = false): Bi | undefined {
    if (v === undefined || v === null || v === '') {
      if (required) this.add(field, 'required');
      return undefined;
    }
    // (a number is its text, as in {de: 365, en: 365}: "name: 365" names the service "365")
    if (typeof v === 'string' || typeof v === 'number') {
      const t = this.str(v, field);
      return t ? { de: t, en: t } : (required ? (this.add(field, 'required'), undefined) : undefined);
    }
    if (typeof v === 'boolean') {
      this.yesNo(v, field);
      return undefined;
    }
    if (!isObj(v)) {
      this.add(field, 'expected text or {de: ..., en: ...}');
      return undefined;
    }
    for (const k of Object.keys(v)) if (!isLang(k)) this.add(`${field}.${k}`, 'unknown language (use de and en)');
    const text = (x: unknown, at: string) => (typeof x === 'boolean' ? this.yesNo(x, at) : this.str(x, at));
    const de = text(v.de, `${field}.de`);
    const en = text(v.en, `${field}.en`);
    // (a yes/no value is reported already: not also as missing)
    const yesNo = typeof v.de === 'boolean' || typeof v.en === 'boolean';
    if (!de && !en) {
      if (required && !yesNo) this.add(field, 'required');
      return undefined;
    }
    if (!de && typeof v.de !== 'boolean') this.add(`${field}.de`, 'missing: give the text in both languages (or one plain text for both)');
    if (!en && typeof v.en !== 'boolean') this.add(`${field}.en`, 'missing: give the text in both languages (or one plain text for both)');
    return { de: de ?? en!, en: en ?? de! };
  }
  /** true or false where a text belongs: the file wrote a yes/no value (YAML's true, false), hardly ever meant as the text. */
  yesNo(v: boolean, field: string): undefined {
    this.add(field, `${v} is read as a yes/no value, not as text: write the text, or put it in quotes ("${v}") if that is what it should say`);
    return undefined;
  }
  list(v: unknown, field: string): string[] {
    if (v === undefined || v === null || v === '') return [];
    if (!Array.isArray(v)) {
      this.add(field, 'expected a list');
      return [];
    }
    const out: string[] = [];
    v.forEach((x, i) => {
      const s = this.str(x, `${field}[${i}]`);
      if (s) out.push(s);
    });
    return out;
  }
  keywords(v: unknown, field: string): { de: string[]; en: string[] } {
    if (Array.isArray(v)) {
      const l = this.list(v, field);
      return { de: l, en: [...l] };
    }
    if (v === undefined || v === null) return { de: [], en: [] };
    if (!isObj(v)) {
      this.add(field, 'expected {de: [...], en: [...]} or a list');
      return { de: [], en: [] };
    }
    for (const k of Object.keys(v)) if (!isLang(k)) this.add(`${field}.${k}`, 'unknown language (use de and en)');
    return { de: this.list(v.de, `${field}.de`), en: this.list(v.en, `${field}.en`) };
  }
  obj(v: unknown, field: string, known: string[]): Record<string, unknown> | undefined {
    if (v === undefined || v === null || v === '') return undefined;
    if (!isObj(v)) {
      this.add(field, 'expected a mapping');
      return undefined;
    }
    for (const k of Object.keys(v)) if (!known.includes(k)) this.add(`${field}.${k}`, `unknown field (known: ${known.join(', ')})`);
    return v;
  }
  id(v: unknown): string | undefined {
    // (YAML reads "id: 0800" as the number 800: the id the file meant is lost)
    if (typeof v === 'number') {
      this.add('id', `${v} is a number in the file: write the id in quotes, as it should read (YAML reads 0800 as 800: a number loses leading zeros)`);
      return undefined;
    }
    const id = this.str(v, 'id', true);
    if (id !== undefined && !ID_RE.test(id)) {
      this.add('id', `"${id}" is not a valid id (lower-case letters, digits and -)`);
      return undefined;
    }
    return id;
  }
}

function extraFields(raw: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  const extra = Object.fromEntries(Object.entries(raw).filter(([k]) => !known.has(k)));
  return Object.keys(extra).length ? extra : undefined;
}

/**
 * The known field an unknown one is most likely a misspelling of (`stauts`, `sumary`, `keyword`,
 * `Status`, `replaced_by`): at most one edit in three letters, two at most, ignoring case and
 * `_`/`-`. An extension with a name of its own (`tags`), or one marked as such with `x-`
 * (`x-cost-centre`), is none.
 */
function misspeltField(key: string, known: Set<string>): string | undefined {
  if (/^x-/i.test(key)) return undefined;
  const plain = (k: string) => k.toLowerCase().replace(/[_-]/g, '');
  const k = plain(key);
  let best: { field: string; d: number } | undefined;
  for (const f of known) {
    const d = editDistance(k, plain(f), 2, false);
    if (d <= Math.min(2, Math.floor(Math.max(k.length, f.length) / 3)) && (!best || d < best.d)) best = { field: f, d };
  }
  return best?.field;
}

function service(raw: unknown, c: Checker): Service | null {
  if (!isObj(raw)) {
    c.add('', 'expected a mapping (one service)');
    return null;
  }
  const id = c.id(raw.id);
  const name = c.bi(raw.name, 'name', true);
  const summary = c.bi(raw.summary, 'summary', true);
  const s: Service = {
    id: id ?? '',
    name: name ?? { de: '', en: '' },
    summary: summary ?? { de: '', en: '' },
    keywords: c.keywords(raw.keywords, 'keywords'),
    status: 'active',
    audience: 'all',
  };
  const category = c.bi(raw.category, 'category');
  if (category) s.category = category;
  const description = c.bi(raw.description, 'description');
  if (description) s.description = description;
  const status = c.str(raw.status, 'status');
  if (status !== undefined) {
    if ((STATUSES as readonly string[]).includes(status)) s.status = status as ServiceStatus;
    else c.add('status', `"${status}" is not a status (use ${STATUSES.join(', ')})`);
  }
  if (raw.audience !== undefined && raw.audience !== null && raw.audience !== '') {
    const a = parseAudience(raw.audience);
    if (typeof a === 'string') c.add('audience', a);
    else s.audience = Array.isArray(raw.audience) ? (raw.audience as string[]).map((x) => x.trim()) : String(raw.audience).trim();
  }
  const owner = c.obj(raw.owner, 'owner', ['name', 'email']);
  if (owner) {
    const o = { name: c.str(owner.name, 'owner.name'), email: c.str(owner.email, 'owner.email')?.toLowerCase() };
    if (o.email && !EMAIL.test(o.email)) c.add('owner.email', `"${o.email}" is not an e-mail address`);
    s.owner = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  }
  const request = c.obj(raw.request, 'request', ['url', 'how']);
  if (request) {
    const url = c.str(request.url, 'request.url');
    if (url && !URL_RE.test(url)) c.add('request.url', `"${url}" is not an http(s) or mailto link`);
    const how = c.bi(request.how, 'request.how');
    s.request = {};
    if (url) s.request.url = url;
    if (how) s.request.how = how;
  }
  const sla = c.obj(raw.sla, 'sla', [...SLA_KEYS]);
  if (sla) {
    s.sla = {};
    for (const k of SLA_KEYS) {
      // a plain string stays plain (the card translates its units); a pair is checked like any text
      const v = isObj(sla[k]) ? c.bi(sla[k], `sla.${k}`) : c.str(sla[k], `sla.${k}`);
      if (v) s.sla[k] = v;
    }
  }
  // (YAML reads `{amount: 12,50}`, a decimal comma, as amount 12 and a field "50" with no value)
  let priceRaw = raw.price;
  // (the decimals are not shown as written: YAML read "05" as the number 5)
  let commaSplit: string | undefined;
  if (isObj(priceRaw) && typeof priceRaw.amount === 'number' && Number.isInteger(priceRaw.amount)) {
    const fields = priceRaw;
    const decimals = Object.keys(fields).find((k) => /^\d+$/.test(k) && fields[k] === null);
    if (decimals !== undefined) {
      commaSplit = `read as ${fields.amount} and a field "${decimals}"`;
      priceRaw = Object.fromEntries(Object.entries(fields).filter(([k]) => k !== decimals));
    }
  }
  const price = c.obj(priceRaw, 'price', ['amount', 'currency', 'per']);
  if (price) {
    // (a text, as in CSV, is a plain decimal number: "12.50"; Number() would also read "0x10" as 16 and "1e3" as 1000)
    const amount = commaSplit !== undefined ? NaN : typeof price.amount === 'string' ? (/^\d+(\.\d+)?$/.test(price.amount.trim()) ? Number(price.amount) : NaN) : price.amount;
    const written = typeof price.amount === 'string' ? price.amount.trim() : '';
    if (commaSplit !== undefined) c.add('price.amount', `the amount has a decimal comma, which ends it inside {...} (${commaSplit}): use a point for decimals, such as 12.50`);
    else if (/^\d+,\d+$/.test(written)) c.add('price.amount', `"${written}" has a decimal comma: use a point for decimals (${written.replace(',', '.')})`);
    else if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) c.add('price.amount', amountProblem(price.amount, written));
    const currency = c.str(price.currency, 'price.currency') ?? 'CHF';
    if (!/^[A-Z]{3}$/.test(currency)) c.add('price.currency', `"${currency}" is not a currency code (e.g. CHF)`);
    s.price = { amount: typeof amount === 'number' ? amount : 0, currency };
    const per = c.bi(price.per, 'price.per');
    if (per) s.price.per = per;
  }
  const replacedBy = c.str(raw.replacedBy, 'replacedBy');
  if (replacedBy) {
    if (!ID_RE.test(replacedBy)) c.add('replacedBy', `"${replacedBy}" is not a service id`);
    else if (replacedBy === id) c.add('replacedBy', 'a service cannot replace itself');
    s.replacedBy = replacedBy;
  }
  const extra = extraFields(raw, SERVICE_FIELDS);
  if (extra) s.extra = extra;
  return s;
}

function answer(raw: unknown, c: Checker): OfficialAnswer | null {
  if (!isObj(raw)) {
    c.add('', 'expected a mapping (one official answer)');
    return null;
  }
  const id = c.id(raw.id);
  const a: OfficialAnswer = {
    id: id ?? '',
    question: c.bi(raw.question, 'question', true) ?? { de: '', en: '' },
    answer: c.bi(raw.answer, 'answer', true) ?? { de: '', en: '' },
    services: c.list(raw.services, 'services'),
  };
  // (a service listed twice would be offered twice on the card)
  const first = new Map<string, number>();
  a.services.forEach((sid, j) => {
    if (first.has(sid)) c.add(`services[${j}]`, `"${sid}" is listed twice (first at services[${first.get(sid)}])`);
    else first.set(sid, j);
  });
  if (raw.keywords !== undefined) a.keywords = c.keywords(raw.keywords, 'keywords');
  const extra = extraFields(raw, ANSWER_FIELDS);
  if (extra) a.extra = extra;
  return a;
}

/** Where a service of the catalog-to-be is, for problems: in the file, or already in the database. */
interface Placed {
  s: Service;
  entry: string;
  inFile: boolean;
}

/**
 * Whether `replacedBy` makes sense, on the catalog as it will be after the import (the file's
 * services and the stored ones that stay). Problems: a successor that is retired (the bot
 * would offer what no one can use) and a cycle. A warning: `replacedBy` on a planned, new or
 * active service (only a retiring or retired service is replaced; the bot does not use it).
 * Stored services are checked only where this file changes their successor, so an old mistake
 * does not block an unrelated import.
 */
function checkReplacements(all: Map<string, Placed>, loc: Locator, problems: Problem[], warnings: Problem[]): void {
  const field = (p: Placed) => (p.inFile ? loc.field('replacedBy') : 'replacedBy');
  // (a service that names itself is reported as such at its entry: not also as a circle of one, nor checked as its own successor)
  const successorOf = (s: Service) => (s.replacedBy === s.id ? undefined : s.replacedBy);
  const inCycle = new Set<string>();
  for (const p of all.values()) {
    const successor = successorOf(p.s);
    if (!successor || inCycle.has(p.s.id)) continue;
    const path = [p.s.id];
    let next = all.get(successor);
    while (next && !path.includes(next.s.id) && next.s.replacedBy) {
      path.push(next.s.id);
      next = all.get(next.s.replacedBy);
    }
    if (!next || next.s.id !== p.s.id) continue;
    for (const id of path) inCycle.add(id);
    const members = path.map((id) => all.get(id)!);
    const at = members.find((m) => m.inFile);
    if (at) problems.push({ file: loc.file, entry: at.entry, field: field(at), message: `the services replace each other in a circle (${[...path, p.s.id].join(' -> ')}): one of them must be the one that stays` });
  }
  for (const p of all.values()) {
    const successor = successorOf(p.s);
    const target = successor ? all.get(successor) : undefined;
    if (!target || inCycle.has(p.s.id) || !(p.inFile || target.inFile)) continue;
    if (target.s.status === 'retired') {
      problems.push({ file: loc.file, entry: p.entry, field: field(p), message: `"${target.s.id}" is retired: a successor must be a service people can still use (planned, new, active or retiring)${p.inFile ? '' : ' (this import retires it)'}` });
    } else if (p.inFile && p.s.status !== 'retiring' && p.s.status !== 'retired') {
      warnings.push({ file: loc.file, entry: p.entry, field: field(p), message: `ignored: only a retiring or retired service is replaced, and this one is ${p.s.status} (set status: retiring, or remove replacedBy)` });
    }
  }
}

/** How a file gives a section: as a list (maybe `[]`), written with nothing in it (`services:` alone, `null`), or not at all. */
export type SectionForm = 'list' | 'empty' | 'absent';

/**
 * Validates a parsed catalog file. `known` holds the services already in the database
 * (those stay when the import is not `--replace`), for checking references; `unread` the ids
 * of CSV rows that could not be read (refused already): a reference to one is no unknown service.
 * Returns the catalog, every problem found and the warnings (reported; the file is imported).
 */
export function validateCatalog(raw: unknown, loc: Locator, known: ReadonlyMap<string, Service> = new Map(), unread: ReadonlySet<string> = new Set()): { catalog: Catalog; problems: Problem[]; warnings: Problem[]; sections: Record<'services' | 'answers', SectionForm> } {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const catalog: Catalog = { services: [], answers: [] };
  const formOf = (v: unknown): SectionForm => (Array.isArray(v) ? 'list' : v === undefined ? 'absent' : 'empty');
  const sections = { services: formOf(isObj(raw) ? raw.services : undefined), answers: formOf(isObj(raw) ? raw.answers : undefined) };
  if (!isObj(raw)) {
    problems.push({ file: loc.file, message: 'expected a mapping with "services" and/or "answers"' });
    return { catalog, problems, warnings, sections };
  }
  // (a misspelt section, "servcies", would import nothing of it, and with --replace remove every service)
  for (const k of Object.keys(raw)) {
    if (k !== 'services' && k !== 'answers') problems.push({ file: loc.file, field: k, message: 'unknown field (a catalog file has "services" and "answers")' });
  }
  if (raw.services === undefined && raw.answers === undefined) {
    problems.push({ file: loc.file, message: 'neither "services" nor "answers" found: nothing to import' });
    return { catalog, problems, warnings, sections };
  }
  for (const section of ['services', 'answers'] as const) {
    const list = raw[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push({ file: loc.file, field: section, message: 'expected a list' });
      continue;
    }
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const rawId = isObj(item) && typeof item.id === 'string' ? item.id : undefined;
      const c = new Checker(problems, loc, loc.entry(section, i, rawId));
      const v = section === 'services' ? service(item, c) : answer(item, c);
      if (!v) return;
      if (v.id) {
        const first = seen.get(v.id);
        if (first !== undefined) c.add('id', `duplicate id ${v.id} (first at ${loc.entry(section, first, v.id)})`);
        else seen.set(v.id, i);
      }
      // (kept as an extension, as every field the bot does not know; but a typo should not pass unnoticed)
      for (const key of Object.keys(v.extra ?? {})) {
        const meant = misspeltField(key, section === 'services' ? SERVICE_FIELDS : ANSWER_FIELDS);
        if (meant) {
          warnings.push({ file: loc.file, entry: loc.entry(section, i, rawId), field: loc.field(key), message: `not a field the bot knows: did you mean ${meant}? (kept as an extension field; it changes nothing)` });
        }
      }
      if (section === 'services') catalog.services.push(v as Service);
      else catalog.answers.push(v as OfficialAnswer);
    });
  }
  // references: replacedBy and an answer's services must name a service of the result
  const ids = new Set([...known.keys(), ...unread, ...catalog.services.map((s) => s.id)]);
  catalog.services.forEach((s, i) => {
    if (s.replacedBy && ID_RE.test(s.replacedBy) && !ids.has(s.replacedBy)) {
      problems.push({ file: loc.file, entry: loc.entry('services', i, s.id), field: loc.field('replacedBy'), message: `unknown service "${s.replacedBy}"` });
    }
  });
  catalog.answers.forEach((a, i) => {
    a.services.forEach((sid, j) => {
      if (!ids.has(sid)) problems.push({ file: loc.file, entry: loc.entry('answers', i, a.id), field: loc.field(`services[${j}]`), message: `unknown service "${sid}"` });
    });
  });
  const all = new Map<string, Placed>();
  for (const [id, st] of known) all.set(id, { s: st, entry: `service ${id} (already in the catalog)`, inFile: false });
  catalog.services.forEach((sv, i) => {
    if (sv.id) all.set(sv.id, { s: sv, entry: loc.entry('services', i, sv.id), inFile: true });
  });
  checkReplacements(all, loc, problems, warnings);
  checkCategoryNames(all, loc, warnings);
  return { catalog, problems, warnings, sections };
}

/**
 * A warning where two categories share a name in one language but not in the other ("Business-Anwendungen" and
 * "Geschäftsanwendungen", both "Business applications"): the bot groups by the German name, so English readers would
 * see two categories of the same name. Named at the file's first service of the category that differs.
 */
function checkCategoryNames(all: Map<string, Placed>, loc: Locator, warnings: Problem[]): void {
  for (const [lang, other] of [['en', 'de'], ['de', 'en']] as const) {
    const first = new Map<string, Placed>();
    const warned = new Set<string>();
    for (const p of all.values()) {
      const c = p.s.category;
      if (!c) continue;
      const key = c[lang].trim().toLowerCase();
      const seen = first.get(key);
      if (!seen) {
        first.set(key, p);
        continue;
      }
      const a = seen.s.category![other].trim().toLowerCase();
      const b = c[other].trim().toLowerCase();
      if (a === b || warned.has(`${key}|${b}`)) continue;
      const at = p.inFile ? p : seen.inFile ? seen : null;
      if (!at) continue;
      warned.add(`${key}|${b}`);
      const them = at === p ? seen : p;
      warnings.push({
        file: loc.file,
        entry: at.entry,
        field: loc.field(`category.${other}`),
        message: `"${at.s.category![other]}" and "${them.s.category![other]}" (${them.entry}) share the ${lang === 'en' ? 'English' : 'German'} name "${c[lang]}": readers would see two categories of that name (give them one ${other === 'de' ? 'German' : 'English'} name, or different ${lang === 'en' ? 'English' : 'German'} names)`,
      });
    }
  }
}
