import type { App } from '../../src/app-types.ts';
import { peopleFeature } from '../../src/people/feature.ts';
import { importPlan } from '../../src/plan/import.ts';
import { PlanScheduler, type SchedulerOptions } from '../../src/plan/scheduler.ts';
import { OutboxWorker, type WorkerOptions } from '../../src/jobs/outbox-worker.ts';
import type { OutboxRow } from '../../src/jobs/outbox.ts';
import { testFile, type TestApp } from '../doubles/app.ts';

/** Loads the demo people and departments (owners and audiences refer to them). */
export function withPeople(app: App): void {
  void peopleFeature.demo!(app);
}

/** Writes a plan YAML into the test's folder and imports it. */
export function importYaml(app: TestApp, yaml: string, opts: { replace?: boolean; name?: string } = {}) {
  return importPlan(app, writePlan(app, yaml, opts.name), opts);
}

export function writePlan(app: TestApp, yaml: string, name = 'plan.yaml'): string {
  return testFile(app, name, yaml);
}

/** A scheduler and outbox worker for an app: `step()` is one tick plus one drain. */
export function machinery(app: App, opts: SchedulerOptions = {}, workerOpts: WorkerOptions = {}) {
  const scheduler = new PlanScheduler(app, opts);
  const worker = new OutboxWorker(app, { backoffMs: 1000, ...workerOpts });
  return {
    scheduler,
    worker,
    async step() {
      await scheduler.tick();
      await worker.drainOnce();
    },
  };
}

export function rows(app: App, where = '1 = 1', ...args: unknown[]): OutboxRow[] {
  return app.db.prepare(`SELECT * FROM outbox WHERE ${where} ORDER BY due_at, id`).all(...args) as OutboxRow[];
}

export const JOUR_FIXE = `timezone: Europe/Zurich
events:
  - id: jf-finance
    title: {de: Jour fixe mit den Finanzen, en: Jour-fixe with Finance}
    kind: jour-fixe
    rrule: "FREQ=WEEKLY;BYDAY=TU"
    start: 2027-03-02T09:00
    duration: PT1H
    audience: department:Finance
    owner: marco.keller@alpenfirn.example
    reminders: [P7D, P1D]
`;

import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDb } from '../../src/store/db.ts';
import { FakeClock } from '../../src/clock.ts';

/** Another process on the same database file (a restart, or a second `itbot serve`). */
export function sameDb(app: TestApp, now: string | Date, env: Record<string, string> = {}): App & { clock: FakeClock } {
  const config = loadConfig({ ITBOT_LANG: 'en', ITBOT_WORKING_HOURS: 'Mo-Su 00:00-24:00', ...env });
  return createApp({ config, db: openDb(app.file), clock: new FakeClock(now) }) as App & { clock: FakeClock };
}
