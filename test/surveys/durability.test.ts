import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../doubles/app.ts';
import { openDb } from '../../src/store/db.ts';
import { startSurveyRun } from '../../src/surveys/runs.ts';
import { basic, define, people } from './helpers.ts';

let app: TestApp;
beforeEach(() => {
  app = testApp();
  people(app, { Sales: 3000 });
});
afterEach(() => app.cleanup());

describe('an acknowledged answer is durable', () => {
  it('survives the process being killed in the middle of a burst', async () => {
    define(app, basic({ anonymity: 'confidential' }));
    const { runId } = startSurveyRun(app, 'pulse', { runKey: 'r1', scheduled: false });
    app.db.close();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/surveys/durability-child.ts', app.file, String(runId), '3000'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: string[] = [];
    let buf = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) if (l.startsWith('ack ')) acked.push(l.slice(4));
        if (acked.length >= 400 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(acked.length).toBeGreaterThanOrEqual(400);
    const db = openDb(app.file);
    try {
      const stored = new Set((db.prepare('SELECT email FROM survey_answers').all() as Array<{ email: string }>).map((r) => r.email));
      for (const e of acked) expect(stored.has(e), e).toBe(true);
      const parts = (db.prepare('SELECT count(*) AS n FROM survey_participation').get() as { n: number }).n;
      expect(parts).toBe(stored.size); // no half-written answer: participation and answer together
      expect(stored.size).toBeLessThan(3000); // it really was killed mid-burst
    } finally {
      db.close();
    }
  });
});
