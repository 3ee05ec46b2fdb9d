import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature } from '../app-types.ts';
import { DATA_DIR } from '../paths.ts';
import { registerPlanCommands } from './cli.ts';
import { importPlan } from './import.ts';
import { PlanScheduler } from './scheduler.ts';
import { planActions } from './actions.ts';
import { planIntents } from './intents.ts';
import { planTexts as t } from './texts.ts';

/**
 * The communication plan: import, calendar (CLI and feed), the durable scheduler
 * (reminders, announcements, follow-up surveys, overdue escalation), the reminder card
 * actions, "what's coming up?" and plan against actual.
 */
export const planFeature: Feature = {
  name: 'plan',
  intents: planIntents,
  actions: planActions,
  helpLines: (lang) => [t(lang, 'helpUpcoming')],
  cli: registerPlanCommands,
  start(app) {
    return new PlanScheduler(app).start();
  },
  demo(app) {
    const file = join(DATA_DIR, 'plan.yaml');
    if (existsSync(file)) importPlan(app, file);
  },
};
