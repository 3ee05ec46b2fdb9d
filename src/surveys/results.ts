import type { App } from '../app-types.ts';
import { AppError } from '../errors.ts';
import { SurveyRepo, type RunRow, type TallyRow } from '../store/survey-repo.ts';
import { SurveyResultsRepo, type GroupCount } from '../store/survey-results-repo.ts';
import type { Question, SurveyDef } from './definition.ts';

export interface QuestionResult {
  id: string;
  type: string;
  /** how many answered this question; null where the figures are withheld */
  count: number | null;
  distribution: Record<string, number> | null;
  mean: number | null;
  nps: number | null;
  /** why the figures are not shown (group smaller than minGroupSize) */
  withheld?: string;
  /** text questions: the comments, sorted (never with who or when) */
  comments?: string[];
}

export interface GroupResult {
  recipients: number;
  responses: number;
  responseRate: number | null;
  withheld?: string;
  questions: QuestionResult[];
}

export interface WaveResult extends GroupResult {
  runKey: string;
  openedAt: string;
  closesAt: string;
  closed: boolean;
}

export interface DepartmentResult extends GroupResult {
  department: string;
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
  waves: WaveResult[];
  departments: DepartmentResult[];
}

/** Per question: how many answered, and how often each value was chosen. */
type Tally = Map<string, { count: number; values: Map<string, number> }>;

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

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

/** Figures of one question for one group, with the group-size rule. */
function questionResult(q: Question, t: Tally, min: number, groupWithheld: string | null, comments: string[]): QuestionResult {
  const entry = t.get(q.id);
  const count = entry?.count ?? 0;
  const base: QuestionResult = { id: q.id, type: q.type, count, distribution: null, mean: null, nps: null };
  const why = groupWithheld ?? (count < min ? `fewer than ${min} answers to this question` : null);
  // a withheld question shows no count either: "1 answer" to an optional comment says who wrote one
  if (why) return { ...base, count: null, withheld: why, ...(q.type === 'text' ? { comments: [] } : {}) };
  if (q.type === 'text') return { ...base, comments };
  const distribution = emptyDistribution(q);
  for (const [v, n] of entry?.values ?? []) if (v in distribution) distribution[v]! += n;
  return {
    ...base,
    distribution,
    mean: NUMERIC.has(q.type) ? mean(distribution) : null,
    nps: q.type === 'nps' ? nps(distribution) : null,
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
  def: SurveyDef;
  runs: RunRow[];
  counts: GroupCount[];
  tallies: TallyRow[];
  comments: Array<{ run_id: number; question_id: string; grp: string; text: string }>;
  anon: boolean;
}

function load(app: App, surveyId: string, runFilter?: (r: RunRow) => boolean): Loaded {
  const repo = new SurveyRepo(app.db);
  const stored = repo.get(surveyId);
  if (!stored) throw new AppError('not_found', `survey ${surveyId}: no such survey (create it with itbot survey create FILE)`);
  const def = stored.def;
  const runs = repo.runs(surveyId).filter(runFilter ?? (() => true));
  const ids = runs.map((r) => r.id);
  const rr = new SurveyResultsRepo(app.db);
  const anon = def.anonymity === 'anonymous';
  const textIds = def.questions.filter((q) => q.type === 'text').map((q) => q.id);
  // one shape for every mode: counts kept with each answer ('' = answered the question)
  const tallies = rr.tallies(ids);
  const comments = anon ? rr.anonComments(ids).map((c) => ({ ...c, grp: '' })) : textIds.length ? rr.linkedComments(ids, textIds) : [];
  return { def, runs, counts: rr.groupCounts(ids), tallies, comments, anon };
}

function group(l: Loaded, keep: (runId: number, grp: string) => boolean, withheld: string | null): GroupResult {
  const t: Tally = new Map();
  for (const r of l.tallies) if (keep(r.run_id, r.grp)) addTally(t, r.question_id, r.value, r.n);
  let recipients = 0, responses = 0;
  for (const c of l.counts) if (keep(c.run_id, c.grp)) {
    recipients += c.recipients;
    responses += c.responses;
  }
  const min = l.def.minGroupSize;
  const why = withheld ?? (responses < min ? `fewer than ${min} responses` : null);
  const questions = l.def.questions.map((q) =>
    questionResult(q, t, min, why, l.comments.filter((c) => c.question_id === q.id && keep(c.run_id, c.grp)).map((c) => c.text).sort()),
  );
  return { recipients, responses, responseRate: recipients ? round(responses / recipients, 3) : null, ...(why ? { withheld: why } : {}), questions };
}

/**
 * The results of a survey (all its waves, or the runs `runFilter` keeps), with the
 * group-size rule applied to the whole, to every wave and to every department.
 */
export function surveyResults(app: App, surveyId: string, runFilter?: (r: RunRow) => boolean): SurveyResults {
  const l = load(app, surveyId, runFilter);
  const min = l.def.minGroupSize;
  const everything = group(l, () => true, null);

  // Each wave is a group. Waves below the minimum are withheld; when together they hold
  // fewer than `min` responses (but some), they also stay out of the combined figures and
  // the departments, or "all waves minus the shown waves" would reveal them.
  const waveResponses = new Map(l.runs.map((r) => [r.id, l.counts.filter((c) => c.run_id === r.id).reduce((s, c) => s + c.responses, 0)]));
  const small = l.runs.filter((r) => waveResponses.get(r.id)! < min).map((r) => r.id);
  const smallSum = small.reduce((s, id) => s + waveResponses.get(id)!, 0);
  const left = new Set(smallSum > 0 && smallSum < min ? small : []);
  const kept = (runId: number) => !left.has(runId);
  const all = left.size ? group(l, kept, null) : everything;
  const waves: WaveResult[] = l.runs.map((r) => {
    const g = group(l, (id) => id === r.id, null);
    return { runKey: r.run_key, openedAt: r.opened_at, closesAt: r.closes_at, closed: r.closed_at !== null, ...g };
  });

  const names = [...new Set(l.counts.filter((c) => kept(c.run_id)).map((c) => c.grp).filter((g) => g !== ''))].sort();
  const deptGroups = names.map((n) => ({ key: n, responses: l.counts.filter((c) => c.grp === n && kept(c.run_id)).reduce((s, c) => s + c.responses, 0) }));
  const deptOff = suppress(deptGroups, all.responses, min);
  const departments: DepartmentResult[] = names.map((n) => {
    const small = deptGroups.find((d) => d.key === n)!.responses < min;
    const why = l.anon
      ? ANON_DEPARTMENT
      : deptOff.has(n) ? (small ? `fewer than ${min} responses` : 'withheld so that smaller departments cannot be worked out from the total') : null;
    const g = group(l, (id, grp) => grp === n && kept(id), why);
    // a department never shows comments: a comment plus a small group is too telling
    for (const q of g.questions) if (q.comments) q.comments = [];
    return { department: n, ...g };
  });

  return {
    surveyId,
    recipients: everything.recipients,
    responses: everything.responses,
    questions: all.questions,
    responseRate: everything.responseRate,
    anonymity: l.def.anonymity,
    minGroupSize: min,
    ...(all.withheld ? { withheld: all.withheld } : {}),
    ...(left.size ? { leftOut: l.runs.filter((r) => left.has(r.id)).map((r) => r.run_key) } : {}),
    waves,
    departments,
  };
}
