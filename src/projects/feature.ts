import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { App, Feature, Intent, Running } from '../app-types.ts';
import { normalize } from '../chat/normalize.ts';
import { DATA_DIR } from '../paths.ts';
import { newsletterFeature } from '../newsletter/feature.ts';
import { importHelpdesk } from '../newsletter/helpdesk.ts';
import { registerProjectCommands } from './cli.ts';
import { SurveyRepo } from '../store/survey-repo.ts';
import { NewsletterRepo } from '../store/newsletter-repo.ts';
import { importProjects } from './import.ts';
import { projectsTick } from './announce.ts';
import { importStrategy, strategyReply } from './strategy.ts';
import { projectTexts as t } from './texts.ts';
import { projectCard, workingOnReply } from './working-on.ts';
import { pageArg } from '../catalog/feature.ts';

const WORKING_ON =
  /(what|which).{0,25}\b(it|informatik)\b.{0,25}(working on|doing|busy with|up to)|(what|which) (are )?(the )?(current )?it[- ]projects?|^(current |running )?it[- ]projects?[\s?!.]*$|woran arbeitet (die )?(it|informatik)|was (macht|tut) (die )?(it|informatik) (gerade|im moment|zurzeit|aktuell)|welche (it[- ])?projekte|^(aktuelle |laufende )?(it[- ]?)projekte[\s?!.]*$|projekte der (it|informatik)/;
// (also IT's goals, vision and principles: the same answer, "what are IT's goals?", "Was sind die Ziele der IT?")
const STRATEGY =
  /(what|what's|whats).{0,10}\b(it'?s|the it|it)( department'?s?)? (strategy|plans?|roadmap|vision|goals?|objectives|priorities|principles)|\bit[- ](strategy|vision|roadmap|goals|objectives|principles)\b|(strategy|goals?|objectives|priorities|principles) of (the )?it\b|what (does|is) it plan(ning)?|was plant (die )?(it|informatik)|\bit[- ]?(strategie|ziele|vision|grunds(a|ä|ae)tze|prinzipien)\b|(strategie|ziele|vision|fahrplan|roadmap|grunds(a|ä|ae)tze|prinzipien) (der|von der) (it|informatik)|welche ziele (hat|verfolgt) (die )?(it|informatik)|wohin (geht|will) (die )?(it|informatik)|wof(u|ü)r steht (die )?(it|informatik)\b/;

const intents: Intent[] = [
  { name: 'projects.working-on', match: (text) => (WORKING_ON.test(normalize(text)) ? 0.9 : 0), handle: (ctx) => workingOnReply(ctx) },
  { name: 'projects.strategy', match: (text) => (STRATEGY.test(normalize(text)) ? 0.9 : 0), handle: (ctx) => strategyReply(ctx.app, ctx.lang) },
];

/** How often `itbot serve` looks for reached milestones and news to announce. */
const PROJECTS_TICK_MS = 60_000;

function startTicks(app: App): Running {
  const run = () => {
    try {
      const n = projectsTick(app);
      if (n) app.log.info({ queued: n }, 'projects: announcements queued');
    } catch (e) {
      app.log.error({ err: e }, 'projects tick failed');
    }
  };
  const first = setTimeout(run, 1_000);
  const timer = setInterval(run, PROJECTS_TICK_MS);
  timer.unref?.();
  first.unref?.();
  return { stop: () => { clearTimeout(first); clearInterval(timer); } };
}

/** "You said, we did" for the demo: what IT did about the latest closed IT pulse, once. */
function demoSurveyAction(app: App): void {
  const surveys = new SurveyRepo(app.db);
  const run = surveys.runs('it-pulse').filter((r) => r.closed_at).sort((a, b) => b.closed_at!.localeCompare(a.closed_at!))[0];
  const repo = new NewsletterRepo(app.db);
  if (!run || repo.actions('it-pulse', run.id).length) return;
  const now = app.clock.now();
  repo.addAction('it-pulse', run.id, 'Laptop-Bestellungen: Lieferzeit von 10 auf 5 Arbeitstage verkürzt, dank einem Lager mit Standardgeräten.', 'de', now);
  repo.addAction('it-pulse', run.id, 'Laptop orders: delivery time cut from 10 to 5 working days, thanks to a stock of standard devices.', 'en', now);
}

const nl = newsletterFeature;

/**
 * IT projects (before, during, after), the IT strategy made visible, helpdesk figures, and
 * the newsletter (src/newsletter) that brings them together each month.
 */
/**
 * The sample helpdesk export moved forward in whole weeks so that its last ticket is from the
 * past week: the demo's helpdesk figures stay current whenever the demo is loaded.
 */
export function demoHelpdeskFile(file: string, now: Date): string {
  const text = readFileSync(file, 'utf8');
  const stamps = [...text.matchAll(/\b(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}/g)].map((m) => Date.parse(`${m[1]}T00:00:00Z`));
  if (stamps.length === 0) return file;
  const latest = Math.max(...stamps);
  const week = 7 * 86_400_000;
  const weeks = Math.floor((now.getTime() - week - latest) / week) + 1;
  if (weeks === 0) return file;
  const shifted = text.replace(/\b(\d{4}-\d{2}-\d{2})(?=[ T]\d{2}:\d{2})/g, (d) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + weeks * week).toISOString().slice(0, 10),
  );
  const out = join(mkdtempSync(join(tmpdir(), 'itbot-demo-')), 'helpdesk-sample.csv');
  writeFileSync(out, shifted);
  return out;
}

export const projectsFeature: Feature = {
  name: 'projects',
  intents: [...intents, ...(nl.intents ?? [])],
  actions: {
    'projects.working-on': (ctx, a) => workingOnReply(ctx, pageArg(a.value).p, true),
    'projects.show': (ctx, a) => projectCard(ctx.app, a.value ?? '', ctx.lang, ctx.person),
    // link buttons: Slack still reports the click; there is nothing to do
    'projects.link': () => [],
    ...nl.actions,
  },
  helpLines: (lang) => [t(lang, 'helpWorking'), t(lang, 'helpStrategy'), ...(nl.helpLines?.(lang) ?? [])],
  cli(program, env) {
    registerProjectCommands(program, env);
    nl.cli?.(program, env);
  },
  start(app) {
    const a = startTicks(app);
    const b = nl.start!(app);
    return { stop: async () => { await a.stop(); await b.stop(); } };
  },
  demo(app) {
    // after people, catalog, plan and surveys (this feature is last in the list)
    const strategy = join(DATA_DIR, 'strategy.yaml');
    if (existsSync(strategy)) importStrategy(app, strategy);
    const projects = join(DATA_DIR, 'projects.yaml');
    if (existsSync(projects)) importProjects(app, projects);
    const helpdesk = join(DATA_DIR, 'helpdesk-sample.csv');
    if (existsSync(helpdesk)) {
      const file = demoHelpdeskFile(helpdesk, app.clock.now());
      try {
        importHelpdesk(app, file);
      } finally {
        if (file !== helpdesk) rmSync(dirname(file), { recursive: true, force: true });
      }
    }
    demoSurveyAction(app);
  },
};
