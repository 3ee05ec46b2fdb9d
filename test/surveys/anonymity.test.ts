import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { exportCsv } from '../../src/surveys/export.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_DIR } from '../../src/store/db.ts';
import { basic, count, define, people, submit, answer } from './helpers.ts';

let app: TestApp;
let emails: string[];
beforeEach(() => {
  app = testApp();
  emails = people(app, { Sales: 12, HR: 12 });
});
afterEach(() => app.cleanup());

const columns = (table: string) => (app.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((c) => c.name);
const PERSONAL = /email|person|name|user|_at$|time|date|seq|order/i;

const QUESTIONS = [
  { id: 'overall', type: 'csat', text: 'Satisfied?' },
  { id: 'note', type: 'text', optional: true, text: 'Note' },
];

describe('anonymous: no link from answer to person, not even indirectly', () => {
  it('the answer tables have no person, no time, no order column, and no rowid to join on', () => {
    for (const t of ['survey_tallies', 'survey_anon_comments']) {
      for (const c of columns(t)) expect(c, `${t}.${c}`).not.toMatch(PERSONAL);
    }
    for (const c of columns('survey_participation')) expect(['run_id', 'email']).toContain(c);
    // no insertion order to line up: tallies and participation are WITHOUT ROWID tables
    expect(() => app.db.prepare('SELECT rowid FROM survey_participation').all()).toThrow(/no such column: rowid/);
    expect(() => app.db.prepare('SELECT rowid FROM survey_tallies').all()).toThrow(/no such column: rowid/);
    // the only column shared with participation is the run
    const shared = columns('survey_participation').filter((c) => columns('survey_tallies').includes(c) || columns('survey_anon_comments').includes(c));
    expect(shared).toEqual(['run_id']);
  });

  it('an attempt to join answers with participation by rowid, time or order fails', async () => {
    define(app, basic({ anonymity: 'anonymous', questions: QUESTIONS }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    // everyone answers in a known order with a comment that names their position
    for (const [i, e] of emails.entries()) {
      app.clock.advance(60_000);
      await submit(app, e, runId, { overall: String(1 + (i % 5)), note: `comment ${String(i).padStart(2, '0')}` });
    }
    const comments = app.db.prepare('SELECT id, text FROM survey_anon_comments ORDER BY id').all() as Array<{ id: bigint | number; text: string }>;
    expect(comments).toHaveLength(emails.length);
    // 1. by rowid: the random keys do not follow the order of arrival
    const byId = comments.map((c) => c.text);
    expect(byId).not.toEqual([...byId].sort());
    const ids = (app.db.prepare('SELECT id FROM survey_anon_comments').all() as Array<{ id: number }>).map((r) => Number(r.id));
    const sequential = ids.every((id, i) => i === 0 || Math.abs(id - ids[i - 1]!) === 1);
    expect(sequential).toBe(false);
    // a join on rowid lines up nothing: participation has no rowid, comments' rowids are huge random numbers
    expect(ids.some((id) => id <= emails.length)).toBe(false);
    // 2. by time: there is no time anywhere near the answers
    const anonText = JSON.stringify(app.db.prepare('SELECT * FROM survey_tallies').all()) + JSON.stringify(comments.map((c) => ({ ...c, id: String(c.id) })));
    expect(anonText).not.toMatch(/2027-/);
    expect(JSON.stringify(app.db.prepare('SELECT * FROM survey_participation').all())).not.toMatch(/2027-/);
    // 3. by order: participation comes back in key order (e-mail), tallies in key order (value):
    //    the physical order of either says nothing about who answered when, or what
    const part = (app.db.prepare('SELECT email FROM survey_participation').all() as Array<{ email: string }>).map((r) => r.email);
    expect(part).toEqual([...emails].sort());
    const tallies = app.db.prepare("SELECT value, n FROM survey_tallies WHERE question_id = 'overall' AND grp = '' AND value <> ''").all() as Array<{ value: string; n: number }>;
    expect(tallies.map((t) => t.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(tallies.every((t) => t.n > 1)).toBe(true); // counts, not rows per person
    // 4. no table anywhere in the database holds both an e-mail and an answer of this survey
    const tables = (app.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    for (const t of tables) {
      const dump = JSON.stringify(app.db.prepare(`SELECT * FROM "${t}"`).all(), (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      if (dump.includes('comment 07')) expect(dump, t).not.toMatch(/@x\.example/);
    }
    expect(count(app, 'SELECT count(*) AS n FROM survey_answers')).toBe(0);
  });

  it('results and the export show counts and comments without any metadata', async () => {
    define(app, basic({ anonymity: 'anonymous', questions: QUESTIONS }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const [i, e] of emails.slice(0, 6).entries()) await submit(app, e, runId, { overall: '4', note: `z note ${i}` });
    const res = surveyResults(app, 'pulse');
    expect(res.questions[1]!.comments).toEqual(['z note 0', 'z note 1', 'z note 2', 'z note 3', 'z note 4', 'z note 5']);
    const csv = exportCsv(app, 'pulse');
    expect(csv).not.toMatch(/@x\.example|2027-/);
    expect(csv).toMatch(/^wave,respondent,department,question,type,value,count$/m);
    expect(csv).toMatch(/^r1,,,overall,csat,4,6$/m);
  });

  it('a department with one respondent holds no count of that person: answers are counted survey-wide', async () => {
    define(app, basic({ anonymity: 'anonymous', questions: QUESTIONS }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.filter((e) => e.startsWith('sales-')).slice(0, 3)) await submit(app, e, runId, { overall: '4' });
    await submit(app, 'hr-1@x.example', runId, { overall: '1' }); // HR (12 recipients) has one respondent
    // the join of who answered, their department and the counts finds nothing to line up
    const joined = app.db.prepare(
      `SELECT p.email, t.question_id, t.value FROM survey_participation p
       JOIN survey_recipients r ON r.run_id = p.run_id AND r.email = p.email
       JOIN survey_tallies t ON t.run_id = p.run_id AND t.grp = r.department
       WHERE t.value <> ''`,
    ).all();
    expect(joined).toEqual([]);
    expect(app.db.prepare('SELECT DISTINCT grp FROM survey_tallies').all()).toEqual([{ grp: '' }]);
    // no figure per department in the results or the export, for any department
    const res = surveyResults(app, 'pulse');
    expect(res.departments.map((d) => d.department)).toEqual(['HR', 'Sales']);
    for (const d of res.departments) for (const q of d.questions) expect(q).toMatchObject({ count: null, distribution: null, mean: null });
    expect(exportCsv(app, 'pulse')).not.toMatch(/HR|Sales/);
  });

  it('making a survey anonymous after answers merges the department counts into the survey-wide ones', async () => {
    define(app, basic({ questions: QUESTIONS }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 3)) await submit(app, e, runId, { overall: '4' }); // Sales
    for (const e of emails.slice(12, 15)) await submit(app, e, runId, { overall: '2' }); // HR
    expect(count(app, "SELECT count(*) AS n FROM survey_tallies WHERE grp <> ''")).toBeGreaterThan(0);
    define(app, basic({ anonymity: 'anonymous', questions: QUESTIONS }));
    expect(app.db.prepare("SELECT grp, value, n FROM survey_tallies WHERE question_id = 'overall' ORDER BY value").all()).toEqual([
      { grp: '', value: '', n: 6 },
      { grp: '', value: '2', n: 3 },
      { grp: '', value: '4', n: 3 },
    ]);
    expect(surveyResults(app, 'pulse').questions[0]).toMatchObject({ count: 6, mean: 3 });
  });
});

describe('confidential: linked, shown only for groups of minGroupSize', () => {
  it('stores the person with the answer, yet shows nothing below the minimum', async () => {
    define(app, basic({ minGroupSize: 5 }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 4)) await answer(app, e, runId, 'overall', '2');
    expect(count(app, "SELECT count(*) AS n FROM survey_answers WHERE email = 'sales-1@x.example'")).toBe(1);
    const res = surveyResults(app, 'pulse');
    expect(res.stepped).toMatchObject({ every: 5, responsesSoFar: 4 });
    expect(res.withheld).toBe('fewer than 5 responses');
    expect(res.questions[0]).toMatchObject({ distribution: null, mean: null, nps: null, withheld: 'fewer than 5 responses' });
    expect(exportCsv(app, 'pulse').trim()).toBe('wave,respondent,department,question,type,value,count');
    await answer(app, emails[4]!, runId, 'overall', '4');
    const now = surveyResults(app, 'pulse');
    expect(now.questions[0]!.mean).toBe(2.4);
    expect(exportCsv(app, 'pulse')).not.toMatch(/@x\.example/);
  });
});

describe('named: shown with names', () => {
  it('exports each answer with the person', async () => {
    define(app, basic({ anonymity: 'named' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of emails.slice(0, 3)) await answer(app, e, runId, 'overall', '5');
    const csv = exportCsv(app, 'pulse');
    expect(csv).toMatch(/^r1,sales-1@x\.example,Sales,overall,csat,5,1$/m);
    expect(csv.trim().split('\n')).toHaveLength(4);
  });
});

describe('anonymous counts stored per department by an earlier version', () => {
  it('the migration merges them into the survey-wide counts, and leaves other surveys alone', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    define(app, basic({ id: 'conf' }));
    const anon = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false }).runId;
    const conf = startSurveyRun(app, 'conf', { runKey: 'r1', scheduled: false }).runId;
    // as an earlier version stored them: per department, plus a survey-wide bucket
    const put = app.db.prepare('INSERT INTO survey_tallies (run_id, question_id, grp, value, n) VALUES (?, ?, ?, ?, ?)');
    // the database refuses a count per department for an anonymous survey ...
    expect(() => put.run(anon, 'overall', 'HR', '2', 1)).toThrow(/an anonymous survey counts answers for the whole survey only/);
    app.db.exec('DROP TRIGGER survey_tallies_anonymous_survey_wide'); // ... which an earlier version did not
    for (const [run, grp, value, n] of [[anon, 'HR', '', 1], [anon, 'HR', '2', 1], [anon, 'Sales', '', 4], [anon, 'Sales', '4', 4], [anon, '', '', 2], [anon, '', '4', 2], [conf, 'HR', '', 3], [conf, 'HR', '5', 3]] as const) {
      put.run(run, 'overall', grp, value, n);
    }
    app.db.exec(readFileSync(join(MIGRATIONS_DIR, '0095-survey-anonymous-tallies.sql'), 'utf8'));
    const rows = (run: number) => app.db.prepare('SELECT grp, value, n FROM survey_tallies WHERE run_id = ? ORDER BY grp, value').all(run);
    expect(rows(anon)).toEqual([
      { grp: '', value: '', n: 7 },
      { grp: '', value: '2', n: 1 },
      { grp: '', value: '4', n: 6 },
    ]);
    expect(rows(conf)).toEqual([
      { grp: 'HR', value: '', n: 3 },
      { grp: 'HR', value: '5', n: 3 },
    ]);
  });
});
