import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from './db.ts';
import { cachedStatement } from './db.ts';
import type { Lang } from '../chat/model.ts';
import type { Anonymity, Question, SurveyDef } from '../surveys/definition.ts';
import { fromStored, toStored } from '../surveys/definition.ts';

interface StoredSurvey {
  def: SurveyDef;
  anonymity: Anonymity;
  minGroupSize: number;
  createdAt: string;
  updatedAt: string;
}

export interface RunRow {
  id: number;
  survey_id: string;
  run_key: string;
  title: string | null;
  scheduled: number;
  opened_at: string;
  closes_at: string;
  closed_at: string | null;
  /** the audience the run was sent to (JSON list of terms in file syntax); null for runs opened before it was kept */
  audience: string | null;
}

type QuestionType = Question['type'];

/**
 * The option values of a linked answer as `survey_answers` stores it: a multi-choice's JSON
 * list, none for a text (a comment is no option, whatever it looks like), the value itself
 * for any other question.
 */
export function storedValues(type: QuestionType, stored: string): string[] {
  if (type === 'text') return [];
  if (type !== 'multi') return [stored];
  try {
    const list = JSON.parse(stored) as unknown;
    return Array.isArray(list) ? list.map(String) : [stored];
  } catch {
    return [stored];
  }
}

export interface RecipientRow {
  run_id: number;
  email: string;
  department: string | null;
  grp: string | null;
  lang: Lang;
}

/** One tally line: how many answered `value` to a question in a run and group. */
export interface TallyRow {
  run_id: number;
  question_id: string;
  grp: string;
  value: string;
  n: number;
}

/** A copy of the rows in random order (Fisher-Yates with the system's secure random numbers). */
function shuffled<T>(rows: T[]): T[] {
  const out = [...rows];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A random positive 63-bit integer: a primary key that says nothing about order or time. */
function randomId(): bigint {
  const b = randomBytes(8);
  b[0]! &= 0x7f;
  const v = b.readBigUInt64BE();
  return v === 0n ? 1n : v;
}

/**
 * Surveys, runs, recipients, participation and answers. All survey SQL lives here
 * (results queries in survey-results-repo.ts). Callers wrap multi-step writes in `tx`.
 */
export class SurveyRepo {
  constructor(private readonly db: Db) {}

  /** Prepared once per database: preparing is the main cost of small queries. */
  private q(sql: string) {
    return cachedStatement(this.db, sql);
  }

  get(id: string): StoredSurvey | null {
    const r = this.q('SELECT * FROM surveys WHERE id = ?').get(id) as
      | { definition: string; anonymity: Anonymity; min_group_size: number; created_at: string; updated_at: string }
      | undefined;
    if (!r) return null;
    return { def: fromStored(r.definition), anonymity: r.anonymity, minGroupSize: r.min_group_size, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  all(): StoredSurvey[] {
    const ids = this.q('SELECT id FROM surveys ORDER BY id').all() as Array<{ id: string }>;
    return ids.map((r) => this.get(r.id)!);
  }

  upsert(def: SurveyDef, now: Date): 'created' | 'updated' {
    const r = this.q(
        `INSERT INTO surveys (id, definition, anonymity, min_group_size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, anonymity = excluded.anonymity,
           min_group_size = excluded.min_group_size, updated_at = excluded.updated_at
         RETURNING created_at = updated_at AS fresh`,
      )
      .get(def.id, JSON.stringify(toStored(def)), def.anonymity, def.minGroupSize, now.toISOString(), now.toISOString()) as { fresh: number };
    return r.fresh ? 'created' : 'updated';
  }

  /** Has anyone answered any run of the survey? (participation, so it holds in every mode) */
  hasAnswers(surveyId: string): boolean {
    return !!this.q('SELECT 1 FROM survey_participation p JOIN survey_runs r ON r.id = p.run_id WHERE r.survey_id = ? LIMIT 1')
      .get(surveyId);
  }

  /** Was any run of the survey opened, so that invitations (which state its anonymity) went out? */
  hasRuns(surveyId: string): boolean {
    return !!this.q('SELECT 1 FROM survey_runs WHERE survey_id = ? LIMIT 1').get(surveyId);
  }

  createRun(r: { surveyId: string; runKey: string; title: string | null; scheduled: boolean; openedAt: Date; closesAt: Date; audience?: string[] }): { id: number; created: boolean } {
    const ins = this.q(
        `INSERT INTO survey_runs (survey_id, run_key, title, scheduled, opened_at, closes_at, audience) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(survey_id, run_key) DO NOTHING RETURNING id`,
      )
      .get(r.surveyId, r.runKey, r.title, r.scheduled ? 1 : 0, r.openedAt.toISOString(), r.closesAt.toISOString(), r.audience ? JSON.stringify(r.audience) : null) as { id: number } | undefined;
    if (ins) return { id: ins.id, created: true };
    return { id: this.runByKey(r.surveyId, r.runKey)!.id, created: false };
  }

  addRecipient(r: RecipientRow): void {
    const added = this.q('INSERT INTO survey_recipients (run_id, email, department, grp, lang) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(r.run_id, r.email, r.department, r.grp, r.lang).changes;
    if (added) this.bumpGroup(r.run_id, r.grp ?? '', 1, 0);
  }

  private bumpGroup(runId: number, grp: string, recipients: number, responses: number): void {
    this.q(
      `INSERT INTO survey_group_counts (run_id, grp, recipients, responses) VALUES (?, ?, ?, ?)
       ON CONFLICT(run_id, grp) DO UPDATE SET recipients = recipients + excluded.recipients, responses = responses + excluded.responses`,
    ).run(runId, grp, recipients, responses);
  }

  run(id: number): RunRow | null {
    return (this.q('SELECT * FROM survey_runs WHERE id = ?').get(id) as RunRow | undefined) ?? null;
  }

  runByKey(surveyId: string, runKey: string): RunRow | null {
    return (this.q('SELECT * FROM survey_runs WHERE survey_id = ? AND run_key = ?').get(surveyId, runKey) as RunRow | undefined) ?? null;
  }

  /** Runs of a survey, oldest first. */
  runs(surveyId: string): RunRow[] {
    return this.q('SELECT * FROM survey_runs WHERE survey_id = ? ORDER BY opened_at, id').all(surveyId) as RunRow[];
  }

  /** The wave of any survey that closed last (null while none has closed). */
  latestClosedRun(): RunRow | null {
    return (this.q('SELECT * FROM survey_runs WHERE closed_at IS NOT NULL ORDER BY closed_at DESC, id DESC LIMIT 1').get() as RunRow | undefined) ?? null;
  }

  openRuns(): RunRow[] {
    return this.q('SELECT * FROM survey_runs WHERE closed_at IS NULL ORDER BY id').all() as RunRow[];
  }

  /** Marks a run closed; false when it already was (another server closed it). */
  close(runId: number, now: Date): boolean {
    return this.q('UPDATE survey_runs SET closed_at = ? WHERE id = ? AND closed_at IS NULL').run(now.toISOString(), runId).changes === 1;
  }

  recipient(runId: number, email: string): RecipientRow | null {
    return (this.q('SELECT * FROM survey_recipients WHERE run_id = ? AND email = ?').get(runId, email) as RecipientRow | undefined) ?? null;
  }

  recipients(runId: number): RecipientRow[] {
    return this.q('SELECT * FROM survey_recipients WHERE run_id = ? ORDER BY email').all(runId) as RecipientRow[];
  }

  /**
   * Recipients who have not answered yet (for reminders; never shown to anyone as names), but
   * not those the directory has made inactive since (a people import with --replace).
   */
  nonRespondents(runId: number): RecipientRow[] {
    return this.q(
        `SELECT r.* FROM survey_recipients r
         WHERE r.run_id = ? AND NOT EXISTS (SELECT 1 FROM survey_participation p WHERE p.run_id = r.run_id AND p.email = r.email)
           AND NOT EXISTS (SELECT 1 FROM people x WHERE x.email = r.email COLLATE NOCASE AND x.active = 0)
         ORDER BY r.email`,
      )
      .all(runId) as RecipientRow[];
  }

  /**
   * Counts the recipients who are in a department now (the directory's department, which a people
   * import may have changed since the invitation; the invitation's for someone no longer in the
   * directory) and how many of them have not answered. Someone a
   * `people import --replace` has made inactive since the invitation and who has not answered
   * is left out of both: they have left, and are no longer reminded.
   */
  departmentProgress(runId: number, department: string): { recipients: number; missing: number } {
    return this.q(
        `SELECT count(*) AS recipients, coalesce(sum(NOT x.answered), 0) AS missing
         FROM (SELECT r.email, EXISTS (SELECT 1 FROM survey_participation p WHERE p.run_id = r.run_id AND p.email = r.email) AS answered
               FROM survey_recipients r LEFT JOIN people pe ON pe.email = r.email
               WHERE r.run_id = ? AND (CASE WHEN pe.id IS NULL THEN r.department ELSE pe.department END) = ? COLLATE NOCASE) x
         WHERE x.answered OR NOT EXISTS (SELECT 1 FROM people pe WHERE pe.email = x.email AND pe.active = 0)`,
      )
      .get(runId, department) as { recipients: number; missing: number };
  }

  /** Records participation; true for the first answer of this person in this run (the lock). */
  participate(runId: number, email: string, grp: string): boolean {
    const first = this.q('INSERT INTO survey_participation (run_id, email) VALUES (?, ?) ON CONFLICT DO NOTHING').run(runId, email).changes === 1;
    if (first) this.bumpGroup(runId, grp, 0, 1);
    return first;
  }

  hasParticipated(runId: number, email: string): boolean {
    return !!this.q('SELECT 1 FROM survey_participation WHERE run_id = ? AND email = ?').get(runId, email);
  }

  /**
   * confidential/named: one answer per person and question, the latest wins. The tallies
   * follow in the same transaction: the old value out, the new one in (the options counted:
   * `storedValues`). `value` as stored: a multi-choice as its JSON list. False when the same
   * value was stored already (a double click): then nothing is written.
   */
  putLinkedAnswer(runId: number, email: string, questionId: string, type: QuestionType, grp: string, value: string, now: Date): boolean {
    const old = this.q('SELECT grp, value FROM survey_answers WHERE run_id = ? AND email = ? AND question_id = ?').get(runId, email, questionId) as
      | { grp: string; value: string }
      | undefined;
    if (old && old.value === value) return false;
    if (old) this.untally(runId, questionId, type, old.grp, old.value);
    this.q(
      `INSERT INTO survey_answers (run_id, email, question_id, grp, value, answered_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(run_id, email, question_id) DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at`,
    ).run(runId, email, questionId, grp, value, now.toISOString());
    this.addTally(runId, questionId, grp, '', 1);
    for (const v of storedValues(type, value)) this.addTally(runId, questionId, grp, v, 1);
    return true;
  }

  private untally(runId: number, questionId: string, type: QuestionType, grp: string, stored: string): void {
    this.addTally(runId, questionId, grp, '', -1);
    for (const v of storedValues(type, stored)) this.addTally(runId, questionId, grp, v, -1);
  }

  linkedAnswers(runId: number, email: string): Record<string, string> {
    const rows = this.q('SELECT question_id, value FROM survey_answers WHERE run_id = ? AND email = ?').all(runId, email) as Array<{ question_id: string; value: string }>;
    return Object.fromEntries(rows.map((r) => [r.question_id, r.value]));
  }

  /** Adds to a count (anonymous: the only record; nothing about who). */
  addTally(runId: number, questionId: string, grp: string, value: string, delta = 1): void {
    if (delta > 0) {
      this.q(
        `INSERT INTO survey_tallies (run_id, question_id, grp, value, n) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(run_id, question_id, grp, value) DO UPDATE SET n = n + excluded.n`,
      ).run(runId, questionId, grp, value, delta);
    } else {
      this.q('UPDATE survey_tallies SET n = max(0, n + ?) WHERE run_id = ? AND question_id = ? AND grp = ? AND value = ?').run(delta, runId, questionId, grp, value);
    }
  }

  /**
   * anonymous: adds one to a survey-wide count (no department: a department's count with one
   * respondent would be that person's answers, docs/surveys.md).
   */
  addAnonTally(runId: number, questionId: string, value: string): void {
    this.addTally(runId, questionId, '', value, 1);
  }

  /** anonymous: a comment under a random key, no time, no group. */
  addAnonComment(runId: number, questionId: string, text: string): void {
    const stmt = this.q('INSERT INTO survey_anon_comments (id, run_id, question_id, text) VALUES (?, ?, ?, ?)');
    for (;;) {
      try {
        stmt.run(randomId(), runId, questionId, text);
        return;
      } catch (e) {
        // a 63-bit collision is astronomically rare; draw again rather than fail
        if (!String((e as Error).message).includes('UNIQUE')) throw e;
      }
    }
  }

  /** Closed runs of anonymous surveys whose rows are not yet rewritten in random order. */
  anonRunsToReorder(): number[] {
    return (this.q(
      `SELECT r.id FROM survey_runs r JOIN surveys s ON s.id = r.survey_id
       WHERE r.closed_at IS NOT NULL AND r.reordered_at IS NULL AND s.anonymity = 'anonymous' ORDER BY r.id`,
    ).all() as Array<{ id: number }>).map((r) => r.id);
  }

  /** Runs whose rows were rewritten in random order but the file not yet compacted after that. */
  runsToCompact(): number[] {
    return (this.q(
      'SELECT id FROM survey_runs WHERE reordered_at IS NOT NULL AND compacted_at IS NULL ORDER BY id',
    ).all() as Array<{ id: number }>).map((r) => r.id);
  }

  /**
   * anonymous, after the close: rewrites the run's participation, counts and comments in
   * random order, with secure_delete on, so that the place of a row in the file (SQLite writes
   * each new row below the ones already in its page) no longer shows the order of arrival,
   * and the old rows are overwritten with zeros. One transaction, which records it
   * (`reordered_at`); the caller compacts the file.
   */
  reorderAnonRows(runId: number, now: Date): number {
    const wasSecure = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    try {
      return this.db.transaction(() => {
        const participation = this.q('SELECT run_id, email FROM survey_participation WHERE run_id = ?').all(runId) as Array<{ run_id: number; email: string }>;
        const tallies = this.q('SELECT run_id, question_id, grp, value, n FROM survey_tallies WHERE run_id = ?').all(runId) as TallyRow[];
        const comments = this.q('SELECT id, run_id, question_id, text FROM survey_anon_comments WHERE run_id = ?').all(runId) as Array<{ id: bigint | number; run_id: number; question_id: string; text: string }>;
        this.q('DELETE FROM survey_participation WHERE run_id = ?').run(runId);
        this.q('DELETE FROM survey_tallies WHERE run_id = ?').run(runId);
        this.q('DELETE FROM survey_anon_comments WHERE run_id = ?').run(runId);
        const p = this.q('INSERT INTO survey_participation (run_id, email) VALUES (?, ?)');
        for (const r of shuffled(participation)) p.run(r.run_id, r.email);
        const t = this.q('INSERT INTO survey_tallies (run_id, question_id, grp, value, n) VALUES (?, ?, ?, ?, ?)');
        for (const r of shuffled(tallies)) t.run(r.run_id, r.question_id, r.grp, r.value, r.n);
        const c = this.q('INSERT INTO survey_anon_comments (id, run_id, question_id, text) VALUES (?, ?, ?, ?)');
        for (const r of shuffled(comments)) c.run(randomId(), r.run_id, r.question_id, r.text);
        this.q('UPDATE survey_runs SET reordered_at = ? WHERE id = ?').run(now.toISOString(), runId);
        return participation.length + tallies.length + comments.length;
      }).immediate();
    } finally {
      this.db.pragma(`secure_delete = ${wasSecure ? 'ON' : 'OFF'}`);
    }
  }

  markCompacted(runIds: number[], now: Date): void {
    this.q('UPDATE survey_runs SET compacted_at = ? WHERE id IN (SELECT value FROM json_each(?))').run(now.toISOString(), JSON.stringify(runIds));
  }

  /**
   * Rewrites the whole database file (VACUUM: every table and index rebuilt in key order, no
   * free space with old row contents left), then empties the WAL so it holds no old page
   * images either. False when another connection held the database too long (try again later).
   */
  compactFile(): boolean {
    try {
      this.db.exec('VACUUM');
      const r = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
      return !r[0] || r[0].busy === 0;
    } catch (e) {
      if (/SQLITE_BUSY|database is locked/i.test(String((e as { code?: string }).code ?? '') + String((e as Error).message))) return false;
      throw e;
    }
  }

  /**
   * anonymous, at the close: departments with fewer responses than `min` join the
   * no-department bucket, so that not even the response counts single out a small group
   * (the answer counts of an anonymous survey are survey-wide from the start).
   */
  foldSmallAnonGroups(runId: number, min: number): number {
    const small = this.q("SELECT grp FROM survey_group_counts WHERE run_id = ? AND grp <> '' AND responses < ?").all(runId, min) as Array<{ grp: string }>;
    for (const { grp } of small) {
      this.q(
          `INSERT INTO survey_tallies (run_id, question_id, grp, value, n)
           SELECT run_id, question_id, '', value, n FROM survey_tallies WHERE run_id = ? AND grp = ? AND true
           ON CONFLICT(run_id, question_id, grp, value) DO UPDATE SET n = n + excluded.n`,
        )
        .run(runId, grp);
      this.q('DELETE FROM survey_tallies WHERE run_id = ? AND grp = ?').run(runId, grp);
      const c = this.q('DELETE FROM survey_group_counts WHERE run_id = ? AND grp = ? RETURNING recipients, responses').get(runId, grp) as
        | { recipients: number; responses: number }
        | undefined;
      if (c) this.bumpGroup(runId, '', c.recipients, c.responses);
      this.q('UPDATE survey_recipients SET grp = NULL WHERE run_id = ? AND grp = ?').run(runId, grp);
    }
    return small.length;
  }

  /**
   * A survey made anonymous after answers arrived: its linked answers become counts and
   * unlinked comments, and the linked rows are deleted (secure_delete overwrites them).
   */
  anonymiseLinkedAnswers(surveyId: string, textQuestions: Set<string>): number {
    // the counts exist already (kept with every linked answer): move the texts, drop the rows
    const texts = this.q(
      `SELECT a.run_id, a.question_id, a.value FROM survey_answers a JOIN survey_runs r ON r.id = a.run_id
       WHERE r.survey_id = ? ORDER BY a.question_id, a.value`,
    ).all(surveyId) as Array<{ run_id: number; question_id: string; value: string }>;
    for (const t of texts) if (textQuestions.has(t.question_id)) this.addAnonComment(t.run_id, t.question_id, t.value);
    this.db.pragma('secure_delete = ON');
    // anonymous counts are survey-wide: the departments' counts join the '' bucket, and so do the
    // steps of open runs (the next step is taken for the whole run, once it has `minGroupSize`
    // responses more than these)
    const runs = `SELECT id FROM survey_runs WHERE survey_id = ?`;
    const intoRunBucket = (table: 'survey_tallies' | 'survey_step_tallies' | 'survey_step_comments', key: 'value' | 'text') => {
      this.q(
        `INSERT INTO ${table} (run_id, question_id, grp, ${key}, n)
         SELECT run_id, question_id, '', ${key}, sum(n) FROM ${table} WHERE run_id IN (${runs}) AND grp <> '' GROUP BY run_id, question_id, ${key}
         ON CONFLICT(run_id, question_id, grp, ${key}) DO UPDATE SET n = n + excluded.n`,
      ).run(surveyId);
      this.q(`DELETE FROM ${table} WHERE run_id IN (${runs}) AND grp <> ''`).run(surveyId);
    };
    intoRunBucket('survey_tallies', 'value');
    intoRunBucket('survey_step_tallies', 'value');
    intoRunBucket('survey_step_comments', 'text');
    return this.q('DELETE FROM survey_answers WHERE run_id IN (SELECT id FROM survey_runs WHERE survey_id = ?)').run(surveyId).changes;
  }

  /**
   * Live results move in steps (docs/surveys.md): after a new response, takes a step of the
   * unit it belongs to when the unit's responses have grown by at least `min` since its last
   * step. The unit is the whole run for an anonymous survey (its counts are survey-wide), else
   * the response's group (department, '' for none), so that a department's figures move in
   * steps of its own people too. A step stores the unit's responses, and the counts (and
   * comments) of each question at least `min` more people have answered since its own last
   * step: so no question's figures ever move by fewer than `min` answers. Aggregates only:
   * copies of the counters, the comments as text and how often. True when a step was taken.
   */
  stepIfDue(runId: number, grp: string, anonymous: boolean, min: number, textQuestions: ReadonlySet<string>): boolean {
    const [live, shown] = anonymous
      ? [
        (this.q('SELECT coalesce(sum(responses), 0) AS n FROM survey_group_counts WHERE run_id = ?').get(runId) as { n: number }).n,
        (this.q('SELECT coalesce(sum(responses), 0) AS n FROM survey_step_counts WHERE run_id = ?').get(runId) as { n: number }).n,
      ]
      : [
        (this.q('SELECT coalesce(max(responses), 0) AS n FROM survey_group_counts WHERE run_id = ? AND grp = ?').get(runId, grp) as { n: number }).n,
        (this.q('SELECT coalesce(max(responses), 0) AS n FROM survey_step_counts WHERE run_id = ? AND grp = ?').get(runId, grp) as { n: number }).n,
      ];
    if (live < shown + min) return false;
    if (anonymous) {
      // every department's response count as it stands (the answers are counted survey-wide)
      this.q('DELETE FROM survey_step_counts WHERE run_id = ?').run(runId);
      this.q('INSERT INTO survey_step_counts (run_id, grp, responses) SELECT run_id, grp, responses FROM survey_group_counts WHERE run_id = ?').run(runId);
    } else {
      this.q(
        `INSERT INTO survey_step_counts (run_id, grp, responses) VALUES (?, ?, ?)
         ON CONFLICT(run_id, grp) DO UPDATE SET responses = excluded.responses`,
      ).run(runId, grp, live);
    }
    const g = anonymous ? '' : grp;
    const answered = this.q("SELECT question_id, n FROM survey_tallies WHERE run_id = ? AND grp = ? AND value = ''").all(runId, g) as Array<{ question_id: string; n: number }>;
    const before = new Map((this.q("SELECT question_id, n FROM survey_step_tallies WHERE run_id = ? AND grp = ? AND value = ''").all(runId, g) as Array<{ question_id: string; n: number }>)
      .map((r) => [r.question_id, r.n]));
    for (const { question_id: qid, n } of answered) {
      if (n < (before.get(qid) ?? 0) + min) continue;
      this.q('DELETE FROM survey_step_tallies WHERE run_id = ? AND question_id = ? AND grp = ?').run(runId, qid, g);
      this.q(
        `INSERT INTO survey_step_tallies (run_id, question_id, grp, value, n)
         SELECT run_id, question_id, grp, value, n FROM survey_tallies WHERE run_id = ? AND question_id = ? AND grp = ? AND n > 0`,
      ).run(runId, qid, g);
      if (!textQuestions.has(qid)) continue;
      this.q('DELETE FROM survey_step_comments WHERE run_id = ? AND question_id = ? AND grp = ?').run(runId, qid, g);
      if (anonymous) {
        this.q(
          `INSERT INTO survey_step_comments (run_id, question_id, grp, text, n)
           SELECT run_id, question_id, '', text, count(*) FROM survey_anon_comments WHERE run_id = ? AND question_id = ? GROUP BY text`,
        ).run(runId, qid);
      } else {
        this.q(
          `INSERT INTO survey_step_comments (run_id, question_id, grp, text, n)
           SELECT run_id, question_id, grp, value, count(*) FROM survey_answers
           WHERE run_id = ? AND question_id = ? AND grp = ? AND value <> '' GROUP BY value`,
        ).run(runId, qid, g);
      }
    }
    return true;
  }

  /**
   * The steps of the survey's open runs taken now, from the counts as they stand: for a named
   * survey made confidential or anonymous while a run is open (a named survey's results are
   * not stepped, so its figures as they stand were shown already).
   */
  stepOpenRunsNow(surveyId: string, anonymous: boolean, textQuestions: ReadonlySet<string>): void {
    const runs = this.q('SELECT id FROM survey_runs WHERE survey_id = ? AND closed_at IS NULL').all(surveyId) as Array<{ id: number }>;
    for (const { id } of runs) {
      this.dropSteps(id);
      const groups = this.q('SELECT grp FROM survey_group_counts WHERE run_id = ?').all(id) as Array<{ grp: string }>;
      // a step of `min` 0 is taken whatever the counts
      if (anonymous) this.stepIfDue(id, '', true, 0, textQuestions);
      else for (const { grp } of groups) this.stepIfDue(id, grp, false, 0, textQuestions);
    }
  }

  /**
   * anonymous, at the close: the responses of the run's last step as one survey-wide number
   * (the closed figures need no more), so that no small department's count stays at rest.
   */
  mergeStepCounts(runId: number): void {
    const total = (this.q('SELECT coalesce(sum(responses), 0) AS n FROM survey_step_counts WHERE run_id = ?').get(runId) as { n: number }).n;
    const any = !!this.q('SELECT 1 FROM survey_step_counts WHERE run_id = ? LIMIT 1').get(runId);
    this.q('DELETE FROM survey_step_counts WHERE run_id = ?').run(runId);
    if (any) this.q("INSERT INTO survey_step_counts (run_id, grp, responses) VALUES (?, '', ?)").run(runId, total);
  }

  /** The steps of a run (a named survey made stricter while a run is open steps again from its counts as they stand). */
  dropSteps(runId: number): void {
    this.q('DELETE FROM survey_step_counts WHERE run_id = ?').run(runId);
    this.q('DELETE FROM survey_step_tallies WHERE run_id = ?').run(runId);
    this.q('DELETE FROM survey_step_comments WHERE run_id = ?').run(runId);
  }

  /** Cancels a person's reminders of a run not sent yet once they have answered (exact keys: index lookups; see cancelByPrefix). */
  cancelReminders(keys: string[]): number {
    // one exact key at a time: the UNIQUE index answers each without scanning the outbox
    const stmt = this.q(
      `UPDATE outbox SET state = 'cancelled', last_error = 'answered before the reminder went out'
       WHERE idempotency_key = ? AND state IN ('queued', 'retry', 'sending')`,
    );
    let n = 0;
    for (const k of keys) n += stmt.run(k).changes;
    return n;
  }

  /** Clears a linked answer (a blank optional field); false when there was none. */
  deleteLinkedAnswer(runId: number, email: string, questionId: string, type: QuestionType): boolean {
    const old = this.q('DELETE FROM survey_answers WHERE run_id = ? AND email = ? AND question_id = ? RETURNING grp, value').get(runId, email, questionId) as
      | { grp: string; value: string }
      | undefined;
    if (old) this.untally(runId, questionId, type, old.grp, old.value);
    return !!old;
  }

  /** Claims a reminder round of a run; false when it was already done. */
  claimReminderRound(runId: number, offset: string, queued: number): boolean {
    return this.q('INSERT INTO survey_reminder_rounds (run_id, offset, queued) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(runId, offset, queued).changes === 1;
  }

  /** The reminder rounds queued for a run (offsets), whatever the survey's reminders say now. */
  reminderRounds(runId: number): string[] {
    return (this.q('SELECT offset FROM survey_reminder_rounds WHERE run_id = ?').all(runId) as Array<{ offset: string }>).map((r) => r.offset);
  }

  reminderRoundDone(runId: number, offset: string): boolean {
    return !!this.q('SELECT 1 FROM survey_reminder_rounds WHERE run_id = ? AND offset = ?').get(runId, offset);
  }
}
