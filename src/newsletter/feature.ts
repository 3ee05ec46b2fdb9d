import type { App, Feature, Running } from '../app-types.ts';
import { registerNewsletterCommands } from './cli.ts';
import { newsletterActions, newsletterIntents } from './intents.ts';
import { newsletterTick } from './issues.ts';
import { nlTexts as t } from './texts.ts';

/** How often `itbot serve` looks for newsletter occurrences to draft and drafts to escalate. */
const NEWSLETTER_TICK_MS = 60_000;

function startNewsletterTicks(app: App, everyMs = NEWSLETTER_TICK_MS): Running {
  const run = () => {
    try {
      const r = newsletterTick(app);
      if (r.drafted || r.escalated) app.log.info(r, 'newsletter: drafted / escalated');
    } catch (e) {
      app.log.error({ err: e }, 'newsletter tick failed');
    }
  };
  const first = setTimeout(run, 1_000);
  const timer = setInterval(run, everyMs);
  timer.unref?.();
  first.unref?.();
  return { stop: () => { clearTimeout(first); clearInterval(timer); } };
}

/**
 * The monthly IT newsletter: drafted on each newsletter occurrence of the plan, previewed to
 * its owner with Approve / Edit / Skip, posted only when approved. Merged into the projects
 * feature (see src/projects/feature.ts), so the feature list stays as it is.
 */
export const newsletterFeature: Feature = {
  name: 'newsletter',
  intents: newsletterIntents,
  actions: newsletterActions,
  helpLines: (lang) => [t(lang, 'helpNewsletter')],
  cli: registerNewsletterCommands,
  start: (app) => startNewsletterTicks(app),
};
