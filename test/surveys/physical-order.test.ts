import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { testApp, type TestApp } from '../doubles/app.ts';
import { cli } from '../doubles/cli.ts';
import { reorderClosedAnonymousRuns, startSurveyRun } from '../../src/surveys/runs.ts';
import { surveyTick } from '../../src/surveys/scheduler.ts';
import { surveyResults } from '../../src/surveys/results.ts';
import { SurveyRepo } from '../../src/store/survey-repo.ts';
import { basic, count, define, people, submit } from './helpers.ts';

/*
 * SQLite writes each new row into the free space below the rows already in its page, so
 * the byte offset of a row tells when it was written, whatever its key. Read the file the way
 * someone with a copy of it would: the table's pages (dbstat), and where each row sits.
 */

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 10 });
});
afterEach(() => {
  vi.restoreAllMocks();
  app.cleanup();
});

/** The needles in the order of their place in the table's (or index's) leaf pages: the order they were written. */
function physicalOrder(name: string, needles: string[]): { order: string[]; copies: number } {
  app.db.pragma('wal_checkpoint(TRUNCATE)');
  const pageSize = app.db.pragma('page_size', { simple: true }) as number;
  const file = readFileSync(app.file);
  const pages = (app.db.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'").all(name) as Array<{ pageno: number }>).map((p) => p.pageno);
  const found: Array<{ needle: string; page: number; offset: number }> = [];
  for (const page of pages) {
    const bytes = file.subarray((page - 1) * pageSize, page * pageSize);
    for (const needle of needles) {
      for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) found.push({ needle, page, offset: at });
    }
  }
  found.sort((a, b) => a.page - b.page || b.offset - a.offset);
  return { order: found.map((f) => f.needle), copies: found.length };
}

// the arrival order differs from the key order (e-mail)
const ARRIVAL = [7, 2, 9, 4, 1, 10, 5, 3, 8, 6].map((i) => `sales-${i}@x.example`);
const comment = (email: string) => `comment written by ${email.replace('@x.example', '')}, the end`;

describe('anonymous surveys: the file does not keep the order of arrival once the run is closed', () => {
  it('participation and comments are rewritten in random order at the close, and the file keeps no old copy', async () => {
    define(app, basic({ anonymity: 'anonymous', questions: [
      { id: 'overall', type: 'csat', text: 'Satisfied?' },
      { id: 'c', type: 'text', optional: true, text: 'Comment?' },
    ] }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of ARRIVAL) await submit(app, e, runId, { overall: '4', c: comment(e) });
    const comments = ARRIVAL.map(comment);
    // while the run is open, the file shows the order (the limit docs/surveys.md names)
    expect(physicalOrder('survey_participation', ARRIVAL).order).toEqual(ARRIVAL);
    expect(physicalOrder('survey_anon_comments', comments).order).toEqual(comments);

    app.clock.advance(8 * 86_400_000); // past the close (P7D)
    expect(surveyTick(app).closed).toBe(1);
    expect(app.db.prepare('SELECT reordered_at FROM survey_runs WHERE id = ?').get(runId)).toEqual({ reordered_at: app.clock.now().toISOString() });

    for (const [name, needles] of [['survey_participation', ARRIVAL], ['survey_anon_comments', comments], ['survey_anon_comments_run', comments]] as const) {
      const after = physicalOrder(name, [...needles]);
      expect(after.copies, name).toBe(needles.length); // each row once: no old copy left in the pages
      expect(after.order, name).not.toEqual(needles);
      expect([...after.order].sort(), name).toEqual([...needles].sort());
    }
    // the rest of the file holds each comment once (its row and its index entry), and the comments
    // of the last step (the closed figures: text and how often, no order) once more, nowhere else
    const file = readFileSync(app.file);
    for (const c of comments) {
      let n = 0;
      for (let at = file.indexOf(c); at >= 0; at = file.indexOf(c, at + 1)) n++;
      expect(n, c).toBe(2 + count(app, 'SELECT count(*) AS n FROM survey_step_comments WHERE text = ?', c));
    }
    expect(app.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(!existsSync(`${app.file}-wal`) || statSync(`${app.file}-wal`).size === 0).toBe(true);
    // the figures are the same: those of the last step (9 answers), the tenth left out (live-steps.test.ts)
    const r = surveyResults(app, 'pulse');
    expect(r.questions[0]).toMatchObject({ count: 9, mean: 4 });
    expect(r.questions[1]!.comments).toEqual(comments.slice(0, 9).sort());
    expect(r).toMatchObject({ responses: 10, heldBack: 1 });
    // done once: the next tick, later, has nothing to do (the mark keeps its first time)
    const first = app.db.prepare('SELECT reordered_at FROM survey_runs WHERE id = ?').get(runId);
    expect(first).toEqual({ reordered_at: expect.any(String) });
    app.clock.advance(60_000);
    surveyTick(app);
    expect(reorderClosedAnonymousRuns(app)).toBe(0);
    expect(app.db.prepare('SELECT reordered_at FROM survey_runs WHERE id = ?').get(runId)).toEqual(first);
  });

  it('`itbot survey close` does the same', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of ARRIVAL) await submit(app, e, runId, { overall: '3' });
    const out = await cli(['survey', 'close', 'pulse', '--db', app.file]);
    expect(out.code, out.err).toBe(0);
    expect(app.db.prepare('SELECT reordered_at IS NOT NULL AS done FROM survey_runs WHERE id = ?').get(runId)).toEqual({ done: 1 });
    const after = physicalOrder('survey_participation', ARRIVAL);
    expect(after.copies).toBe(ARRIVAL.length);
    expect(after.order).not.toEqual(ARRIVAL);
  });

  it('a busy database: the next tick compacts the file again, without shuffling the rows once more', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of ARRIVAL) await submit(app, e, runId, { overall: '3' });
    const marks = () => app.db.prepare('SELECT reordered_at, compacted_at FROM survey_runs WHERE id = ?').get(runId);
    const compact = vi.spyOn(SurveyRepo.prototype, 'compactFile').mockReturnValueOnce(false); // another process holds the database
    const shuffle = vi.spyOn(SurveyRepo.prototype, 'reorderAnonRows');

    app.clock.advance(8 * 86_400_000);
    expect(surveyTick(app).closed).toBe(1);
    const shuffledAt = app.clock.now().toISOString();
    expect(shuffle).toHaveBeenCalledTimes(1);
    expect(marks()).toEqual({ reordered_at: shuffledAt, compacted_at: null });

    app.clock.advance(5_000);
    surveyTick(app);
    expect(shuffle).toHaveBeenCalledTimes(1); // the rows keep the order of the first shuffle
    expect(compact).toHaveBeenCalledTimes(2);
    expect(marks()).toEqual({ reordered_at: shuffledAt, compacted_at: app.clock.now().toISOString() });
    expect(app.db.pragma('freelist_count', { simple: true })).toBe(0);
  });

  it('a run closed by another process is rewritten and compacted at the next pass, once', async () => {
    define(app, basic({ anonymity: 'anonymous' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    for (const e of ARRIVAL) await submit(app, e, runId, { overall: '3' });
    expect(reorderClosedAnonymousRuns(app)).toBe(0); // open: nothing to do
    const shuffle = vi.spyOn(SurveyRepo.prototype, 'reorderAnonRows');

    // closed through another connection (another server, a command)
    const other = new Database(app.file);
    other.prepare('UPDATE survey_runs SET closed_at = ? WHERE id = ?').run(app.clock.now().toISOString(), runId);
    other.close();
    expect(reorderClosedAnonymousRuns(app)).toBe(1);
    expect(app.db.prepare('SELECT reordered_at IS NOT NULL AND compacted_at IS NOT NULL AS done FROM survey_runs WHERE id = ?').get(runId)).toEqual({ done: 1 });
    expect(reorderClosedAnonymousRuns(app)).toBe(0);
    expect(shuffle).toHaveBeenCalledTimes(1);
  });
});
