import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { App, Feature } from '../app-types.ts';
import { DATA_DIR } from '../paths.ts';
import { registerPlanCommands } from './cli.ts';
import { importPlan } from './import.ts';
import { PlanScheduler } from './scheduler.ts';
import { headOfItProblem } from './items.ts';
import { planActions, planFormGuards } from './actions.ts';
import { planIntents } from './intents.ts';
import { planTexts as t } from './texts.ts';
import { expand } from './expand.ts';
import { PlanRepo } from '../store/plan-repo.ts';

/**
 * The communication plan: import, calendar (CLI and feed), the durable scheduler
 * (reminders, announcements, follow-up surveys, overdue escalation), the reminder card
 * actions, "what's coming up?" and plan against actual.
 */
export const planFeature: Feature = {
  name: 'plan',
  intents: planIntents,
  actions: planActions,
  formGuards: planFormGuards,
  helpLines: (lang) => [t(lang, 'helpUpcoming'), t(lang, 'helpNext')],
  cli: registerPlanCommands,
  start(app) {
    // (a head of IT the directory does not have is passed over: the operator hears it at the start)
    const head = headOfItProblem(app, 'en');
    if (head) app.log.warn({ ITBOT_HEAD_OF_IT: app.config.ITBOT_HEAD_OF_IT ?? null }, head);
    return new PlanScheduler(app).start();
  },
  demo(app) {
    const file = join(DATA_DIR, 'plan.yaml');
    if (!existsSync(file)) return;
    importPlan(app, file);
    demoHistory(app);
  },
};

/**
 * The demo plan starts in January: without a history, every occurrence of the year so far would be
 * overdue on the admin calendar. The demo records what a team that uses the bot would have: the
 * year's occurrences up to a week ago reported done by their owner, about one in nine skipped;
 * the last week's are left open, so a few show as overdue, as in real life.
 */
function demoHistory(app: App): void {
  const repo = new PlanRepo(app.db);
  const p = repo.plan();
  if (!p) return;
  const now = app.clock.now();
  const cutoff = new Date(now.getTime() - 7 * 86_400_000);
  const yearStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  let k = 0;
  for (const ev of p.events) {
    for (const occ of expand(ev, p.timezone, yearStart, cutoff)) {
      if (occ.end > cutoff || repo.occurrence(ev.id, occ.occurrence)) continue;
      const skipped = ++k % 9 === 0;
      repo.setState(ev.id, occ.occurrence, skipped ? 'skipped' : 'done', ev.owner, skipped ? 'Ferienzeit' : null, occ.start, now);
    }
  }
}
