import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { App } from '../../src/app-types.ts';
import type { OutMessage } from '../../src/chat/model.ts';
import { createSurvey } from '../../src/surveys/create.ts';
import { closeRun } from '../../src/surveys/runs.ts';
import { SurveyRepo, type RunRow } from '../../src/store/survey-repo.ts';
import type { SurveyDef } from '../../src/surveys/definition.ts';
import { click } from '../doubles/app.ts';

let fileNo = 0;

/** Writes a survey file into the test's directory; returns its path. */
export function surveyFile(dir: string, def: unknown, raw = false): string {
  const file = join(dir, `survey-${++fileNo}.yaml`);
  writeFileSync(file, raw ? String(def) : stringify(def));
  return file;
}

export function define(app: App & { dir: string }, def: Record<string, unknown>): string {
  return createSurvey(app, surveyFile(app.dir, def)).id;
}

/** n people per department: dept-1@x.example ...; the first of each is a manager. */
export function people(app: App, spec: Record<string, number>, opts: { lang?: 'de' | 'en'; tz?: string } = {}): string[] {
  const emails: string[] = [];
  for (const [dept, n] of Object.entries(spec)) {
    for (let i = 1; i <= n; i++) {
      const email = `${dept.toLowerCase()}-${i}@x.example`;
      app.people.upsert({
        email, name: `${dept} Person ${i}`, department: dept, manager: i === 1, language: opts.lang ?? (i % 2 ? 'en' : 'de'),
        timezone: opts.tz ?? 'Europe/Zurich', slackUserId: null, teamsUserId: null, vip: false,
      });
      emails.push(email);
    }
  }
  return emails;
}

export const basic = (extra: Record<string, unknown> = {}) => ({
  id: 'pulse',
  title: { de: 'Puls', en: 'Pulse' },
  anonymity: 'confidential',
  minGroupSize: 3,
  audience: 'all',
  closes: 'P7D',
  reminders: ['P3D'],
  questions: [{ id: 'overall', type: 'csat', text: { de: 'Zufrieden?', en: 'Satisfied?' } }],
  ...extra,
});

export function answer(app: App, email: string, runId: number, qid: string, value: string, eventId?: string): Promise<OutMessage[]> {
  return app.bot.handle(click('survey.answer', `${runId}:${qid}:${value}`, email, eventId ? { eventId } : {}));
}

export function submit(app: App, email: string, runId: number, values: Record<string, string | string[]>, eventId?: string): Promise<OutMessage[]> {
  const ev = click('survey.submit', String(runId), email, eventId ? { eventId } : {});
  ev.action!.values = values;
  return app.bot.handle(ev);
}

export function count(app: App, sql: string, ...args: unknown[]): number {
  return (app.db.prepare(sql).get(...args) as { n: number }).n;
}

/**
 * Closes the survey's open runs for the tests of the group-size rule itself, which count every
 * answer: an open run shows its figures as at its last step, and a closed one leaves out the
 * answers after it (live-steps.test.ts). So the steps go after the close, as they did for the
 * runs closed before that: those show every answer.
 */
export function closeAll(app: App, surveyId: string): void {
  const repo = new SurveyRepo(app.db);
  const def = repo.get(surveyId)!.def;
  for (const run of repo.runs(surveyId)) if (!run.closed_at) closeRunShowingAll(app, def, run);
}

/** closeRun, then the run's steps dropped: its figures count every answer (see closeAll). */
export function closeRunShowingAll(app: App, def: SurveyDef, run: RunRow): void {
  closeRun(app, def, run);
  new SurveyRepo(app.db).dropSteps(run.id);
}
