import type { Db } from './db.ts';
import { cachedStatement } from './db.ts';
import type { TallyRow } from './survey-repo.ts';

export interface GroupCount {
  run_id: number;
  grp: string;
  recipients: number;
  responses: number;
}

/** Responses of a run and group at its last step. */
export interface StepCount {
  run_id: number;
  grp: string;
  responses: number;
}

/**
 * The aggregate reads behind results, exports and charts. Every query groups: no query
 * here returns a person together with an answer, except `namedAnswers` (named mode only).
 */
export class SurveyResultsRepo {
  constructor(private readonly db: Db) {}

  /** Prepared once per database: preparing is the main cost of small queries. */
  private q(sql: string) {
    return cachedStatement(this.db, sql);
  }

  private ids(runIds: number[]): string {
    return JSON.stringify(runIds);
  }

  /**
   * Per run, the recipients of each department that had no group of its own in it (fewer
   * invited than the group size): how many were invited, never who or whether they answered.
   */
  ungroupedRecipients(runIds: number[]): Array<{ run_id: number; department: string; recipients: number }> {
    return this.q(
      `SELECT run_id, department, count(*) AS recipients FROM survey_recipients
       WHERE run_id IN (SELECT value FROM json_each(?)) AND grp IS NULL AND department IS NOT NULL AND department <> ''
       GROUP BY run_id, department`,
    ).all(this.ids(runIds)) as Array<{ run_id: number; department: string; recipients: number }>;
  }

  /** Recipients and responses per run and group (grp '' = no group of its own): kept counters. */
  groupCounts(runIds: number[]): GroupCount[] {
    return this.q(
      `SELECT run_id, grp, recipients, responses FROM survey_group_counts WHERE run_id IN (SELECT value FROM json_each(?))`,
    ).all(this.ids(runIds)) as GroupCount[];
  }

  /** The counts of every mode (value '' = people who answered the question). */
  tallies(runIds: number[]): TallyRow[] {
    return this.q(
      `SELECT run_id, question_id, grp, value, n FROM survey_tallies
       WHERE run_id IN (SELECT value FROM json_each(?)) AND n > 0`,
    ).all(this.ids(runIds)) as TallyRow[];
  }

  /** Free-text answers of linked modes (without the person), sorted by text. */
  linkedComments(runIds: number[], questionIds: string[]): Array<{ run_id: number; question_id: string; grp: string; text: string }> {
    return this.q(
        `SELECT run_id, question_id, grp, value AS text FROM survey_answers
         WHERE run_id IN (SELECT value FROM json_each(?)) AND question_id IN (SELECT value FROM json_each(?)) AND value <> ''
         ORDER BY question_id, value`,
      )
      .all(this.ids(runIds), JSON.stringify(questionIds)) as Array<{ run_id: number; question_id: string; grp: string; text: string }>;
  }

  /** Anonymous comments: text only, sorted by text (never by the random key or insertion). */
  anonComments(runIds: number[]): Array<{ run_id: number; question_id: string; text: string }> {
    return this.q(
        `SELECT run_id, question_id, text FROM survey_anon_comments
         WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY question_id, text`,
      )
      .all(this.ids(runIds)) as Array<{ run_id: number; question_id: string; text: string }>;
  }

  /** Responses per run and group at the last step of an open run (docs/surveys.md, "Live results move in steps"). */
  stepCounts(runIds: number[]): StepCount[] {
    return this.q(
      `SELECT run_id, grp, responses FROM survey_step_counts WHERE run_id IN (SELECT value FROM json_each(?))`,
    ).all(this.ids(runIds)) as StepCount[];
  }

  /** The counts of open runs at each question's last step (same shape as `tallies`). */
  stepTallies(runIds: number[]): TallyRow[] {
    return this.q(
      `SELECT run_id, question_id, grp, value, n FROM survey_step_tallies WHERE run_id IN (SELECT value FROM json_each(?))`,
    ).all(this.ids(runIds)) as TallyRow[];
  }

  /** The comments of open runs at each question's last step: each text and how often, sorted by text. */
  stepComments(runIds: number[]): Array<{ run_id: number; question_id: string; grp: string; text: string; n: number }> {
    return this.q(
        `SELECT run_id, question_id, grp, text, n FROM survey_step_comments
         WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY question_id, text`,
      )
      .all(this.ids(runIds)) as Array<{ run_id: number; question_id: string; grp: string; text: string; n: number }>;
  }

  /** named mode only: every answer with the person. */
  namedAnswers(runIds: number[]): Array<{ run_id: number; email: string; name: string | null; department: string | null; question_id: string; value: string; answered_at: string }> {
    return this.q(
        `SELECT a.run_id, a.email, p.name, r.department, a.question_id, a.value, a.answered_at
         FROM survey_answers a
         JOIN survey_recipients r ON r.run_id = a.run_id AND r.email = a.email
         LEFT JOIN people p ON p.email = a.email
         WHERE a.run_id IN (SELECT value FROM json_each(?))
         ORDER BY a.run_id, a.email, a.question_id`,
      )
      .all(this.ids(runIds)) as Array<{ run_id: number; email: string; name: string | null; department: string | null; question_id: string; value: string; answered_at: string }>;
  }
}
