import type { App } from '../app-types.ts';
import { AppError } from '../errors.ts';
import { SurveyRepo, type RunRow, type TallyRow } from '../store/survey-repo.ts';
import { SurveyResultsRepo, type GroupCount, type StepCount } from '../store/survey-results-repo.ts';
import type { Question, SurveyDef } from './definition.ts';

export interface QuestionResult {
  id: string;
  type: string;
  /** how many answered this question; null where the figures are withheld */
  count: number | null;
  distribution: Record<string, number> | null;
  mean: number | null;
  nps: number | null;
  /** csat questions not withheld: the share of answers 4 or 5, in percent with one decimal */
  csat?: number | null;
  /**
   * Questions with values (not text), not withheld: each value's share of the answers to the
   * question in whole percent, each rounded on its own (equal counts, equal shares: the parts of
   * csat, nps, likert and choice may add up to 99 or 101). Several (multi): each option's share of
   * those who answered it.
   */
  percent?: Record<string, number>;
  /** why the figures are not shown (group smaller than minGroupSize) */
  withheld?: string;
  /** text questions: the comments, sorted (never with who or when) */
  comments?: string[];
  /** the combined figures only: waves that withhold this question and are left out of it */
  leftOut?: string[];
  /**
   * Closed waves (a wave's and the combined figures): the answers to this question after its
   * last step that its figures leave out (docs/surveys.md, "At the close"); absent when none.
   * Can be more than the wave's `heldBack` (an optional question steps on its own answers) or
   * where the wave has none (a confidential wave shows the later responses of its departments
   * together, but a question only when enough of them answered it).
   */
  heldBack?: number;
}

export interface GroupResult {
  recipients: number;
  responses: number;
  responseRate: number | null;
  withheld?: string;
  questions: QuestionResult[];
}

/**
 * An open run of an anonymous or confidential survey shows its figures as at its last step
 * (docs/surveys.md, "Live results move in steps"): they move only once at least `every` more
 * people have answered, of the whole wave (`per: 'wave'`, anonymous) or of one department
 * (`per: 'department'`, confidential). `responsesSoFar`: how many have answered by now (the
 * figures' `responses` are those of the step).
 */
export interface Stepped {
  every: number;
  per: 'wave' | 'department';
  responsesSoFar: number;
}

/**
 * `live`: an open run's figures as they stand, not as at its last step. For the command line
 * only: its user is the operator, who holds the database file itself (and so every answer as it
 * arrives); every page, card, chart and message people read is stepped.
 */
export interface ResultsOptions {
  live?: boolean;
}

interface WaveResult extends GroupResult {
  runKey: string;
  openedAt: string;
  closesAt: string;
  closed: boolean;
  /** an open run whose figures move in steps */
  stepped?: Stepped;
  /** a closed run: the later answers its figures leave out (see `heldBack` of SurveyResults) */
  heldBack?: number;
}

export interface DepartmentResult extends GroupResult {
  department: string;
  /**
   * Over several waves (confidential, named): the waves in which the department had fewer people
   * invited than `minGroupSize`, so no group of its own (they count with the people without a
   * department there), and how many were invited in them. Its recipients, responses and figures
   * leave those waves out: adding them would give that small group's responses away (the total
   * minus the waves shown).
   */
  leftOut?: string[];
  leftOutRecipients?: number;
}

/** `itbot survey results --json`: the CONTRACT.md shape plus our extensions. */
export interface SurveyResults {
  surveyId: string;
  recipients: number;
  responses: number;
  questions: QuestionResult[];
  responseRate: number | null;
  anonymity: string;
  minGroupSize: number;
  withheld?: string;
  /** waves below minGroupSize left out of the combined figures (see surveyResults) */
  leftOut?: string[];
  /** some of the waves are open and their figures move in steps (`responsesSoFar`: of all the waves) */
  stepped?: Stepped;
  /**
   * Closed waves: how many responses after a wave's last step its figures leave out, fewer than
   * `minGroupSize` (docs/surveys.md, "At the close"); absent when none. `responses` stay the
   * real numbers.
   */
  heldBack?: number;
  waves: WaveResult[];
  departments: DepartmentResult[];
}

/** Per question: how many answered, and how often each value was chosen. */
type Tally = Map<string, { count: number; values: Map<string, number> }>;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The response rate in whole percent, rounded once from the counts (5 of 13 is 38%; rounding
 * the JSON's three-decimal `responseRate` again would give 39%). Null without recipients.
 */
export function ratePercent(g: { responses: number; recipients: number }): number | null {
  return g.recipients ? Math.round((g.responses * 100) / g.recipients) : null;
}

export function nps(distribution: Record<string, number>): number | null {
  let total = 0, promoters = 0, detractors = 0;
  for (const [v, n] of Object.entries(distribution)) {
    const score = Number(v);
    total += n;
    if (score >= 9) promoters += n;
    else if (score <= 6) detractors += n;
  }
  return total === 0 ? null : round(((promoters - detractors) / total) * 100, 1);
}

/** CSAT: the share of answers 4 or 5 on the 1..5 scale, in percent with one decimal. */
function csatShare(distribution: Record<string, number>): number | null {
  let total = 0, satisfied = 0;
  for (const [v, n] of Object.entries(distribution)) {
    total += n;
    if (Number(v) >= 4) satisfied += n;
  }
  return total === 0 ? null : round((satisfied / total) * 100, 1);
}

/**
 * Whole percentages of `base`, each rounded to the nearest (a half up), one by one: equal counts
 * always read the same share, so the parts of a single answer may add up to 99 or 101 (1/1/4
 * reads 17/17/67, 1/1/1 33/33/33); each share is off by half a point at most.
 */
function percentages(distribution: Record<string, number>, base: number): Record<string, number> {
  return Object.fromEntries(Object.entries(distribution).map(([v, n]) => [v, base === 0 ? 0 : Math.round((n * 100) / base)]));
}

export function mean(distribution: Record<string, number>): number | null {
  let total = 0, sum = 0;
  for (const [v, n] of Object.entries(distribution)) {
    total += n;
    sum += Number(v) * n;
  }
  return total === 0 ? null : round(sum / total, 2);
}

function emptyDistribution(q: Question): Record<string, number> {
  const keys = q.type === 'csat' ? ['1', '2', '3', '4', '5'] : q.type === 'nps' ? Array.from({ length: 11 }, (_, i) => String(i)) : q.options.map((o) => o.value);
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

const NUMERIC = new Set(['csat', 'nps', 'likert']);

/**
 * Why an anonymous survey has no figures per department: its answers are counted for the whole
 * survey only, since a department's count with one respondent would be that person's answers.
 * Its departments still show recipients and responses (who answered is kept apart anyway).
 */
export const ANON_DEPARTMENT = 'anonymous survey: answers are counted for the whole survey only, not per department';
const ANON_DEPARTMENT_DE = 'anonyme Umfrage: Antworten werden nur für die ganze Umfrage gezählt, nicht pro Abteilung';

/** Figures of one question for one group, with the group-size rule. */
function questionResult(q: Question, t: Tally, min: number, groupWithheld: string | null, comments: string[]): QuestionResult {
  const entry = t.get(q.id);
  const count = entry?.count ?? 0;
  const base: QuestionResult = { id: q.id, type: q.type, count, distribution: null, mean: null, nps: null };
  const why = groupWithheld ?? (count < min ? fewerAnswers(min) : null);
  // a withheld question shows no count either: "1 answer" to an optional comment says who wrote one
  if (why) return { ...base, count: null, withheld: why, ...(q.type === 'text' ? { comments: [] } : {}) };
  // a text question has no values to count: an empty distribution (its answers are the comments)
  if (q.type === 'text') return { ...base, distribution: {}, comments };
  const distribution = emptyDistribution(q);
  for (const [v, n] of entry?.values ?? []) if (v in distribution) distribution[v]! += n;
  const multi = q.type === 'multi';
  return {
    ...base,
    distribution,
    mean: NUMERIC.has(q.type) ? mean(distribution) : null,
    nps: q.type === 'nps' ? nps(distribution) : null,
    ...(q.type === 'csat' ? { csat: csatShare(distribution) } : {}),
    // a single answer's values add up to its answers; a multi's to more (a person picks several)
    percent: percentages(distribution, multi ? count : Object.values(distribution).reduce((a, b) => a + b, 0)),
  };
}

function addTally(t: Tally, questionId: string, value: string, n: number): void {
  let e = t.get(questionId);
  if (!e) t.set(questionId, (e = { count: 0, values: new Map() }));
  if (value === '') e.count += n;
  else e.values.set(value, (e.values.get(value) ?? 0) + n);
}

/**
 * Secondary suppression: when the groups withheld add up to fewer than `min` responses
 * (but more than none), the total minus the shown groups would reveal them. Then the
 * smallest shown group is withheld too, until the remainder is safe.
 */
export function suppress<T extends { key: string; responses: number }>(groups: T[], total: number, min: number): Set<string> {
  const withheld = new Set(groups.filter((g) => g.responses < min).map((g) => g.key));
  for (;;) {
    const shown = groups.filter((g) => !withheld.has(g.key));
    const rest = total - shown.reduce((s, g) => s + g.responses, 0);
    if (rest === 0 || rest >= min || shown.length === 0) return withheld;
    const smallest = shown.reduce((a, b) => (b.responses < a.responses || (b.responses === a.responses && b.key > a.key) ? b : a));
    withheld.add(smallest.key);
  }
}

interface Loaded {
  surveyId: string;
  def: SurveyDef;
  runs: RunRow[];
  counts: GroupCount[];
  tallies: TallyRow[];
  comments: Array<{ run_id: number; question_id: string; grp: string; text: string }>;
  /** the departments invited in a run without a group of their own (confidential, named) */
  ungrouped: Array<{ run_id: number; department: string; recipients: number }>;
  anon: boolean;
  /** the open runs shown at their last step, with how many have answered each by now */
  soFar: Map<number, number>;
  /** the closed runs whose figures leave out the responses after their last step: how many */
  heldBack: Map<number, number>;
  /** the same per run and question (`${runId}\u0000${questionId}`): the answers its figures leave out */
  heldBackAnswers: Map<string, number>;
}

/** A survey id that names no survey: one message wherever a command or a page is given one (exit 2). */
export function noSuchSurvey(surveyId: string): AppError {
  return new AppError('not_found', `survey ${surveyId}: no such survey (create it with itbot survey create FILE)`);
}

function load(app: App, surveyId: string, runFilter?: (r: RunRow) => boolean, live = false): Loaded {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  if (!stored) throw noSuchSurvey(surveyId);
  const def = stored.def;
  const runs = repo.runs(surveyId).filter(runFilter ?? (() => true));
  const ids = runs.map((r) => r.id);
  const rr = new SurveyResultsRepo(app.db);
  const anon = def.anonymity === 'anonymous';
  const textIds = def.questions.filter((q) => q.type === 'text').map((q) => q.id);
  // An open run of an anonymous or confidential survey is shown as at its last step, not as
  // it stands: otherwise two looks, before and after one more answer, would give that answer
  // away (docs/surveys.md, "Live results move in steps"). Named answers are shown by name.
  const now = app.clock.now().toISOString();
  const byStep = !live && def.anonymity !== 'named';
  const steppedIds = byStep ? runs.filter((r) => r.closed_at === null && r.closes_at > now).map((r) => r.id) : [];
  const stepped = new Set(steppedIds);
  const liveIds = ids.filter((id) => !stepped.has(id));
  const soFar = new Map(steppedIds.map((id) => [id, 0]));
  // the step counts of every run, read once: the open runs show them, the closed ones measure
  // against them what came after their last step
  const steps = byStep ? rr.stepCounts(ids) : [];
  const stepResponses = new Map(steps.filter((c) => stepped.has(c.run_id)).map((c) => [`${c.run_id}:${c.grp}`, c.responses]));
  const counts = rr.groupCounts(ids).map((c) => {
    if (!stepped.has(c.run_id)) return c;
    soFar.set(c.run_id, soFar.get(c.run_id)! + c.responses);
    return { ...c, responses: stepResponses.get(`${c.run_id}:${c.grp}`) ?? 0 };
  });
  // one shape for every mode: counts kept with each answer ('' = answered the question)
  const tallies = [...rr.tallies(liveIds), ...(steppedIds.length ? rr.stepTallies(steppedIds) : [])];
  const comments = anon ? rr.anonComments(liveIds).map((c) => ({ ...c, grp: '' })) : textIds.length ? rr.linkedComments(liveIds, textIds) : [];
  if (steppedIds.length) pushStepComments(comments, rr.stepComments(steppedIds));
  const ungrouped = anon || runs.length < 2 ? [] : rr.ungroupedRecipients(ids);
  const loaded: Loaded = { surveyId, def, runs, counts, tallies, comments, ungrouped, anon, soFar, heldBack: new Map(), heldBackAnswers: new Map() };
  if (byStep) holdLaterAnswers(loaded, rr, steps.filter((c) => !stepped.has(c.run_id)));
  return loaded;
}

/**
 * A closed run of an anonymous or confidential survey (or one whose close time has passed)
 * that kept its steps: the answers that came after the last step, fewer than `minGroupSize`,
 * are left out of its figures, or the last figures shown while it was open compared with the
 * closed ones would give them away (docs/surveys.md, "At the close"). Per unit (the whole run
 * when anonymous, each department when confidential) and question: the figures as they stand
 * where at least `minGroupSize` people answered the question since its last step, else those
 * of the step. A confidential wave's own figure of a question adds the departments' later
 * answers held back when together they are at least `minGroupSize` (then the wave shows every
 * answer to it; the departments stay at their steps). The responses stay the real numbers.
 */
/** A step's comments (each kept once with how many wrote it) as one row per comment. */
function pushStepComments(out: Loaded['comments'], rows: Array<Loaded['comments'][number] & { n: number }>): void {
  for (const c of rows) for (let i = 0; i < c.n; i++) out.push({ run_id: c.run_id, question_id: c.question_id, grp: c.grp, text: c.text });
}

/** The key of a run's question (`pooled`, `Loaded.heldBackAnswers`). */
function runQuestion(runId: number | string, qid: string): string {
  return `${runId}\u0000${qid}`;
}

/** Adds `n` to the count under `k`. */
function addTo(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

function holdLaterAnswers(l: Loaded, rr: SurveyResultsRepo, stepCounts: StepCount[]): void {
  const held = new Set(stepCounts.map((c) => c.run_id));
  if (!held.size) return;
  const min = l.def.minGroupSize;
  const unit = (grp: string) => (l.anon ? '' : grp);
  const key = (runId: number, grp: string, qid: string) => `${runId}\u0000${unit(grp)}\u0000${qid}`;
  // the run and question of a cell's key, its unit left out
  const cellQuestion = (k: string) => {
    const [runId, , qid] = k.split('\u0000');
    return runQuestion(runId!, qid!);
  };
  const ids = [...held];
  const stepTallies = rr.stepTallies(ids);
  const stepComments = rr.stepComments(ids);
  // how many answered each question, live and at its step, per run, unit and question
  const answered = (rows: TallyRow[]) => {
    const m = new Map<string, number>();
    for (const r of rows) if (r.value === '' && held.has(r.run_id)) addTo(m, key(r.run_id, r.grp, r.question_id), r.n);
    return m;
  };
  const liveAnswered = answered(l.tallies), stepAnswered = answered(stepTallies);
  const cells = new Set([...liveAnswered.keys(), ...stepAnswered.keys()]);
  const later = (k: string) => (liveAnswered.get(k) ?? 0) - (stepAnswered.get(k) ?? 0);
  const heldCells = new Set([...cells].filter((k) => later(k) < min));
  // a confidential wave's figure of a question: the later answers of its held cells together
  const pooled = new Map<string, number>();
  if (!l.anon) for (const k of heldCells) addTo(pooled, cellQuestion(k), later(k));
  const pooledLive = (rq: string) => (pooled.get(rq) ?? 0) >= min;
  const waveLive = (runId: number, qid: string) => pooledLive(runQuestion(runId, qid));
  const isHeld = (runId: number, grp: string, qid: string) => held.has(runId) && heldCells.has(key(runId, grp, qid));
  // what each question's figure of the wave leaves out, said beside it as the wave's responses are
  for (const k of heldCells) {
    const n = later(k);
    const rq = cellQuestion(k);
    if (n > 0 && !pooledLive(rq)) addTo(l.heldBackAnswers, rq, n);
  }

  const tallies: TallyRow[] = [];
  for (const r of l.tallies) {
    if (!isHeld(r.run_id, r.grp, r.question_id)) tallies.push(r);
    // the wave shows every answer: the later ones of a held department go to the rest ('')
    else if (waveLive(r.run_id, r.question_id)) tallies.push({ ...r, grp: '' });
  }
  for (const r of stepTallies) {
    if (!isHeld(r.run_id, r.grp, r.question_id)) continue;
    tallies.push(r);
    if (waveLive(r.run_id, r.question_id)) tallies.push({ ...r, grp: '', n: -r.n });
  }
  // comments are shown for the whole wave only: live where its figure is, else the step's
  const comments = l.comments.filter((c) => !isHeld(c.run_id, c.grp, c.question_id) || waveLive(c.run_id, c.question_id));
  pushStepComments(comments, stepComments.filter((c) => isHeld(c.run_id, c.grp, c.question_id) && !waveLive(c.run_id, c.question_id)));
  l.tallies = tallies;
  l.comments = comments;

  // the responses after the last step that the figures leave out (per unit, fewer than `min`)
  const stepResponses = new Map<string, number>();
  for (const c of stepCounts) addTo(stepResponses, `${c.run_id}\u0000${unit(c.grp)}`, c.responses);
  const liveResponses = new Map<string, number>();
  for (const c of l.counts) if (held.has(c.run_id)) addTo(liveResponses, `${c.run_id}\u0000${unit(c.grp)}`, c.responses);
  for (const runId of held) {
    let left = 0;
    for (const [k, n] of liveResponses) {
      if (!k.startsWith(`${runId}\u0000`)) continue;
      const since = n - (stepResponses.get(k) ?? 0);
      if (since > 0 && since < min) left += since;
    }
    // a confidential wave shows them when together they are enough
    if (left > 0 && (l.anon || left < min)) l.heldBack.set(runId, left);
  }
}

/** How the figures of the runs of `l` that are open move in steps; undefined when none is. */
function steppedOf(l: Loaded, shownResponses: number, runIds: number[]): Stepped | undefined {
  const open = runIds.filter((id) => l.soFar.has(id));
  if (!open.length) return undefined;
  const shownOpen = l.counts.filter((c) => l.soFar.has(c.run_id) && runIds.includes(c.run_id)).reduce((s, c) => s + c.responses, 0);
  const soFar = open.reduce((s, id) => s + l.soFar.get(id)!, 0);
  return { every: l.def.minGroupSize, per: l.anon ? 'wave' : 'department', responsesSoFar: shownResponses - shownOpen + soFar };
}

function group(l: Loaded, keep: (runId: number, grp: string) => boolean, withheld: string | null, withComments = true): GroupResult {
  const t = tallyOf(l, keep);
  let recipients = 0, responses = 0;
  for (const c of l.counts) if (keep(c.run_id, c.grp)) {
    recipients += c.recipients;
    responses += c.responses;
  }
  const min = l.def.minGroupSize;
  const why = withheld ?? (responses < min ? fewerResponses(min) : null);
  const questions = l.def.questions.map((q) => questionResult(q, t, min, why, withComments ? commentsOf(l, keep, q.id) : []));
  return { recipients, responses, responseRate: recipients ? round(responses / recipients, 3) : null, ...(why ? { withheld: why } : {}), questions };
}

function tallyOf(l: Loaded, keep: (runId: number, grp: string) => boolean): Tally {
  const t: Tally = new Map();
  for (const r of l.tallies) if (keep(r.run_id, r.grp)) addTally(t, r.question_id, r.value, r.n);
  return t;
}

function commentsOf(l: Loaded, keep: (runId: number, grp: string) => boolean, questionId: string): string[] {
  return l.comments.filter((c) => c.question_id === questionId && keep(c.run_id, c.grp)).map((c) => c.text).sort();
}

/**
 * The reasons a figure is withheld: the results carry the English text (stable in the JSON);
 * the CLI and the admin pages show it in the reader's language (`withheldText`).
 */
export const fewerResponses = (min: number, lang: 'de' | 'en' = 'en') =>
  lang === 'de' ? (min === 1 ? 'keine Antworten' : `weniger als ${min} Antworten`) : min === 1 ? 'no responses' : `fewer than ${min} responses`;
export const fewerAnswers = (min: number, lang: 'de' | 'en' = 'en') =>
  lang === 'de'
    ? min === 1 ? 'keine Antworten auf diese Frage' : `weniger als ${min} Antworten auf diese Frage`
    : min === 1 ? 'no answers to this question' : `fewer than ${min} answers to this question`;
export const SMALLER_DEPARTMENTS = 'withheld so that smaller departments cannot be worked out from the total';
export const SMALLER_GROUPS_QUESTION = "withheld so that smaller groups' answers to this question cannot be worked out from the total";
export const WITHHELD_IN_A_WAVE = 'withheld in a wave, which the other waves would give away';
/** The German text of each fixed reason, by its English text. */
export const FIXED_REASONS_DE = new Map([
  [SMALLER_DEPARTMENTS, 'zurückgehalten, damit kleinere Abteilungen nicht aus dem Total errechnet werden können'],
  [SMALLER_GROUPS_QUESTION, 'zurückgehalten, damit die Antworten kleinerer Gruppen auf diese Frage nicht aus dem Total errechnet werden können'],
  [WITHHELD_IN_A_WAVE, 'in einer Welle zurückgehalten, die sonst aus den anderen Wellen errechnet werden könnte'],
  [ANON_DEPARTMENT, ANON_DEPARTMENT_DE],
]);

function withholdQuestion(g: GroupResult, questionId: string, why: string): void {
  const i = g.questions.findIndex((q) => q.id === questionId);
  const q = g.questions[i];
  if (!q || q.withheld) return;
  g.questions[i] = { id: q.id, type: q.type, count: null, distribution: null, mean: null, nps: null, withheld: why, ...(q.type === 'text' ? { comments: [] } : {}) };
}

/**
 * The departments of the runs `keep` selects, each a group with the group-size rule and, on
 * the response counts, secondary suppression. Departments never show comments.
 */
function departmentGroups(l: Loaded, keep: (runId: number) => boolean, totalResponses: number): DepartmentResult[] {
  const min = l.def.minGroupSize;
  const names = [...new Set(l.counts.filter((c) => keep(c.run_id)).map((c) => c.grp).filter((g) => g !== ''))].sort();
  const deptGroups = names.map((n) => ({ key: n, responses: l.counts.filter((c) => c.grp === n && keep(c.run_id)).reduce((s, c) => s + c.responses, 0) }));
  // (a named survey's answers go to IT with each person's name and department, in the export:
  // withholding more departments than the small ones would protect nobody and only hide figures)
  const deptOff = l.def.anonymity === 'named' ? new Set(deptGroups.filter((d) => d.responses < min).map((d) => d.key)) : suppress(deptGroups, totalResponses, min);
  return names.map((n) => {
    const small = deptGroups.find((d) => d.key === n)!.responses < min;
    const why = l.anon ? ANON_DEPARTMENT : deptOff.has(n) ? (small ? fewerResponses(min) : SMALLER_DEPARTMENTS) : null;
    // a department never shows comments: a comment plus a small group is too telling
    const g = group(l, (id, grp) => grp === n && keep(id), why, false);
    return { department: n, ...g };
  });
}

/**
 * One wave and its departments: the finest cells (wave x department x question) that are shown.
 * Per question, the answers of the cells withheld inside the wave (small departments, the
 * no-department bucket, a department with too few answers to an optional question) must
 * together reach the minimum whenever anyone in them responded, or the wave's figure minus
 * the shown departments would give them away: then the smallest shown department's figure of
 * that question is withheld too, until they do.
 */
function waveFigures(l: Loaded, run: RunRow): WaveFigures {
  const min = l.def.minGroupSize;
  const inRun = (id: number) => id === run.id;
  const wave = group(l, (id) => inRun(id), null);
  const departments = departmentGroups(l, inRun, wave.responses);
  if (l.anon) return { wave, departments };
  const noDepartment = l.counts.filter((c) => c.run_id === run.id && c.grp === '').reduce((s, c) => s + c.responses, 0);
  for (const q of l.def.questions) {
    const wq = wave.questions.find((x) => x.id === q.id)!;
    if (wq.withheld) {
      for (const d of departments) withholdQuestion(d, q.id, wq.withheld);
      continue;
    }
    if (l.def.anonymity === 'named') continue; // (see departmentGroups)
    const of = (d: DepartmentResult) => d.questions.find((x) => x.id === q.id)!;
    for (;;) {
      const shown = departments.filter((d) => !of(d).withheld);
      if (!shown.length) break;
      const hidden = noDepartment > 0 || departments.some((d) => of(d).withheld && d.responses > 0);
      const rest = wq.count! - shown.reduce((s, d) => s + of(d).count!, 0);
      if (!hidden || rest >= min) break;
      const smallest = shown.reduce((a, b) => (of(b).count! < of(a).count! || (of(b).count === of(a).count && b.department > a.department) ? b : a));
      withholdQuestion(smallest, q.id, SMALLER_GROUPS_QUESTION);
    }
  }
  return { wave, departments };
}

type WaveFigures = { wave: GroupResult; departments: DepartmentResult[] };

/** Each run's own rows (a survey with many waves and departments stays quick). */
function perRun(l: Loaded): Map<number, Loaded> {
  const rowsOf = <T extends { run_id: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of rows) {
      const list = m.get(x.run_id);
      if (list) list.push(x);
      else m.set(x.run_id, [x]);
    }
    return m;
  };
  const counts = rowsOf(l.counts), tallies = rowsOf(l.tallies), comments = rowsOf(l.comments);
  return new Map(l.runs.map((r) => [r.id, { ...l, runs: [r], counts: counts.get(r.id) ?? [], tallies: tallies.get(r.id) ?? [], comments: comments.get(r.id) ?? [] }]));
}

/**
 * The results of a survey (all its waves, or the one run `runFilter` keeps), with the
 * group-size rule (docs/surveys.md). Every figure is built from cells (wave x department x
 * question) that are shown themselves, or from withheld cells that together reach the
 * minimum: the total minus the shown waves, a wave minus its shown departments, and a
 * department over all waves minus its shown waves never single out a smaller group.
 */
export function surveyResults(app: App, surveyId: string, runFilter?: (r: RunRow) => boolean, opts: ResultsOptions = {}): SurveyResults {
  const l = load(app, surveyId, runFilter, opts.live);
  return resultsOf(l, figuresOf(l).figures);
}

/** The answers of `l` split by run, and each run's own figures (waveFigures). */
function figuresOf(l: Loaded): { runs: Map<number, Loaded>; figures: Map<number, WaveFigures> } {
  const runs = perRun(l);
  return { runs, figures: new Map(l.runs.map((r) => [r.id, waveFigures(runs.get(r.id)!, r)])) };
}

/** The results of a survey and of each of its waves, from one read of its answers. */
export interface SurveyResultsByWave {
  /** the same as surveyResults(app, id) */
  all: SurveyResults;
  /** the same as surveyResults(app, id, (r) => r.id === runId); undefined for a run of another survey */
  wave(runId: number): SurveyResults | undefined;
}

/**
 * For pages that show the survey and its waves side by side (the admin page, the CSV export):
 * the answers are read once, each wave's cells are worked out once, and both the combined and
 * the per-wave results are built from them, by the same rule as surveyResults.
 */
export function surveyResultsByWave(app: App, surveyId: string, opts: ResultsOptions = {}): SurveyResultsByWave {
  const l = load(app, surveyId, undefined, opts.live);
  const { runs, figures } = figuresOf(l);
  const all = resultsOf(l, figures);
  const waves = new Map<number, SurveyResults>();
  return {
    all,
    wave(runId) {
      const one = runs.get(runId);
      if (!one) return undefined;
      let res = waves.get(runId);
      if (!res) waves.set(runId, (res = resultsOf(one, new Map([[runId, figures.get(runId)!]]))));
      return res;
    },
  };
}

/** Each question shown with the later answers of `runsOf(question)` its figures leave out (`heldBack`). */
function withHeldBack(l: Loaded, questions: QuestionResult[], runsOf: (q: QuestionResult) => number[]): QuestionResult[] {
  if (!l.heldBackAnswers.size) return questions;
  return questions.map((q) => {
    if (q.withheld) return q;
    const n = runsOf(q).reduce((sum, id) => sum + (l.heldBackAnswers.get(runQuestion(id, q.id)) ?? 0), 0);
    return n > 0 ? { ...q, heldBack: n } : q;
  });
}

/** The results of the runs of `l`, from each run's own figures (waveFigures). */
function resultsOf(l: Loaded, perWave: Map<number, WaveFigures>): SurveyResults {
  const min = l.def.minGroupSize;
  const everything = group(l, () => true, null);
  const waves: WaveResult[] = l.runs.map((r) => {
    const w = perWave.get(r.id)!.wave;
    const stepped = steppedOf(l, w.responses, [r.id]);
    const heldBack = l.heldBack.get(r.id);
    return { runKey: r.run_key, openedAt: r.opened_at, closesAt: r.closes_at, closed: r.closed_at !== null, ...w, questions: withHeldBack(l, w.questions, () => [r.id]), ...(stepped ? { stepped } : {}), ...(heldBack ? { heldBack } : {}) };
  });
  const heldBack = l.runs.reduce((sum, r) => sum + (l.heldBack.get(r.id) ?? 0), 0);
  const stepped = steppedOf(l, everything.responses, l.runs.map((r) => r.id));

  // Each wave is a group. Waves below the minimum are withheld; when together they hold
  // fewer than `min` responses (but some), they also stay out of the combined figures and
  // the departments, or "all waves minus the shown waves" would reveal them.
  const waveResponses = new Map(l.runs.map((r) => [r.id, l.counts.filter((c) => c.run_id === r.id).reduce((s, c) => s + c.responses, 0)]));
  const small = l.runs.filter((r) => waveResponses.get(r.id)! < min).map((r) => r.id);
  const smallSum = small.reduce((s, id) => s + waveResponses.get(id)!, 0);
  const left = new Set(smallSum > 0 && smallSum < min ? small : []);
  const kept = (runId: number) => !left.has(runId);
  const all = left.size ? group(l, kept, null) : everything;

  let questions: QuestionResult[];
  let departments: DepartmentResult[];
  if (l.runs.length === 1) {
    // one wave: its own figures and departments
    const one = perWave.get(l.runs[0]!.id)!;
    questions = one.wave.questions;
    departments = one.departments;
  } else {
    // Per question, the same for the waves that withhold it (an optional question few
    // answered in a wave): unless their answers together reach the minimum, they stay out of
    // the combined figure of that question (its `leftOut`). Suppressing the other waves
    // instead would not help: their figures went out on earlier result cards.
    questions = l.def.questions.map((q) => {
      const base = all.questions.find((x) => x.id === q.id)!;
      if (all.withheld) return base;
      const hidden = l.runs.filter((r) => kept(r.id) && waveResponses.get(r.id)! > 0 && perWave.get(r.id)!.wave.questions.find((x) => x.id === q.id)!.withheld);
      if (!hidden.length) return base;
      const hiddenIds = new Set(hidden.map((r) => r.id));
      const answered = tallyOf(l, (id) => hiddenIds.has(id)).get(q.id)?.count ?? 0;
      if (answered >= min) return base;
      const keepQ = (id: number) => kept(id) && !hiddenIds.has(id);
      return { ...questionResult(q, tallyOf(l, keepQ), min, null, commentsOf(l, keepQ, q.id)), leftOut: hidden.map((r) => r.run_key) };
    });
    // A department over several waves shows a question only where each of its waves shows
    // it: otherwise "all waves minus the shown waves" gives away the withheld one.
    departments = departmentGroups(l, kept, all.responses);
    for (const d of departments) {
      if (d.withheld || l.def.anonymity === 'named') continue;
      for (const q of l.def.questions) {
        const inAWave = l.runs.some((r) => {
          if (!kept(r.id)) return false;
          const cell = perWave.get(r.id)!.departments.find((x) => x.department === d.department);
          return !!cell && cell.responses > 0 && !!(cell.withheld || cell.questions.find((x) => x.id === q.id)!.withheld);
        });
        if (inAWave) withholdQuestion(d, q.id, WITHHELD_IN_A_WAVE);
      }
    }
    // the waves in which a department was too small for a group of its own: said, not hidden
    for (const d of departments) {
      const small = l.ungrouped.filter((u) => u.department === d.department && kept(u.run_id));
      if (!small.length) continue;
      d.leftOut = l.runs.filter((r) => small.some((u) => u.run_id === r.id)).map((r) => r.run_key);
      d.leftOutRecipients = small.reduce((sum, u) => sum + u.recipients, 0);
    }
  }

  return {
    surveyId: l.surveyId,
    recipients: everything.recipients,
    responses: everything.responses,
    // (the waves a question's figure counts: not those left out of it, nor of the whole)
    questions: withHeldBack(l, questions, (q) => l.runs.filter((r) => kept(r.id) && !q.leftOut?.includes(r.run_key)).map((r) => r.id)),
    responseRate: everything.responseRate,
    anonymity: l.def.anonymity,
    minGroupSize: min,
    ...(all.withheld ? { withheld: all.withheld } : {}),
    ...(left.size ? { leftOut: l.runs.filter((r) => left.has(r.id)).map((r) => r.run_key) } : {}),
    ...(stepped ? { stepped } : {}),
    ...(heldBack ? { heldBack } : {}),
    waves,
    departments,
  };
}
