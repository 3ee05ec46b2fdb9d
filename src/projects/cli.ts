import type { Command } from 'commander';
import type { CliEnv } from '../app-types.ts';
import { InputError, warningLines, type Problem } from '../errors.ts';
import { countOf, pick } from '../i18n/index.ts';
import { printJson, readCommand, runCommand, wholeNumberOption } from '../cli/run.ts';
import { ProjectsRepo } from '../store/projects-repo.ts';
import { importProjects } from './import.ts';
import { importStrategy } from './strategy.ts';
import { projectTexts } from './texts.ts';
import { importHelpdesk, monthlyFigures } from '../newsletter/helpdesk.ts';

/** `itbot projects import|list`, `itbot strategy import`, `itbot helpdesk import|figures`. */
export function registerProjectCommands(program: Command, env: CliEnv): void {
  const projects = program.command('projects').description('IT projects: before, during and after');
  projects
    .command('import')
    .description('import projects (YAML); same ids are updated; all or nothing; a phase change is announced to the audience')
    .argument('<file>', 'YAML file')
    .option('--replace', 'the file becomes the whole set of projects (projects not in it are removed: no longer announced, nor in newsletter drafts)')
    .action((file: string, o: { replace?: boolean; db?: string }) =>
      runCommand(env, o, (app) => {
        const r = importProjects(app, file, { replace: o.replace });
        for (const line of warningLines(r.warnings)) env.err(line);
        const removed = o.replace ? `; removed: ${r.removed.length ? r.removed.join(', ') : 'none'}` : '';
        env.out(`projects imported: ${r.imported}; phase changes: ${r.changed.length ? r.changed.join(', ') : 'none'}${removed}; announcements queued: ${r.announced}`);
      }),
    );
  projects
    .command('list')
    .description('the projects')
    .option('--json', 'JSON on stdout')
    .action((o: { json?: boolean; db?: string }) =>
      readCommand(env, o, (app) => {
        const all = new ProjectsRepo(app.db).all();
        if (o.json) return printJson(env, all);
        if (!all.length) env.out(projectTexts(app.config.ITBOT_LANG, 'cliNoProjects'));
        for (const p of all) env.out(`${p.id}  ${p.phase}  ${pick(p.title, app.config.ITBOT_LANG)}  (${p.owner})`);
      }),
    );

  program
    .command('strategy')
    .description('the IT marketing concept: vision, principles, 12-month roadmap')
    .command('import')
    .description('import the strategy (YAML, see data/strategy.yaml); replaces the previous one')
    .argument('<file>', 'YAML file')
    .action((file: string, o: { db?: string }) =>
      runCommand(env, o, (app) => {
        const warnings: Problem[] = [];
        const s = importStrategy(app, file, warnings);
        for (const line of warningLines(warnings)) env.err(line);
        env.out(`strategy imported: ${countOf(s.principles.length, 'en', 'principle', 'principles')}, ${countOf(s.roadmap.length, 'en', 'roadmap milestone', 'roadmap milestones')} (${s.roadmap.filter((m) => m.done).length} reached)`);
      }),
    );

  const helpdesk = program.command('helpdesk').description('helpdesk figures from a ticket export');
  helpdesk
    .command('import')
    .description('import a helpdesk CSV export: ticket_id,opened_at,closed_at,category,department,satisfaction; updated by ticket_id; all or nothing')
    .argument('<file>', 'CSV file')
    .action((file: string, o: { db?: string }) =>
      runCommand(env, o, (app) => {
        const r = importHelpdesk(app, file);
        env.out(`helpdesk tickets imported: ${r.imported}`);
      }),
    );
  helpdesk
    .command('figures')
    .description('tickets opened and closed, median resolution time and satisfaction per calendar month')
    .option('--months <n>', 'how many months back, this one included', '6')
    .option('--json', 'JSON on stdout')
    .action((o: { months: string; json?: boolean; db?: string }) => {
      const n = wholeNumberOption('--months', o.months, 1, 60, 'a number from 1 to 60');
      return readCommand(env, o, (app) => {
        const rows = monthlyFigures(app, n);
        if (o.json) return printJson(env, rows);
        // the headings in ITBOT_LANG, each column as wide as its heading (at least a month, or six digits), the figures right-aligned under it
        const lang = app.config.ITBOT_LANG;
        const cols = (['cliColMonth', 'cliColOpened', 'cliColClosed', 'cliColMedian', 'cliColSatisfaction'] as const).map((k) => projectTexts(lang, k));
        const widths = cols.map((c, i) => Math.max(c.length, i === 0 ? 8 : 6));
        env.out(cols.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : i === cols.length - 1 ? c : c.padStart(widths[i]!))).join('  '));
        for (const r of rows) {
          const figures = [r.opened, r.closed, r.medianResolutionHours ?? '-'].map((n, i) => String(n).padStart(widths[i + 1]!));
          env.out([r.month.padEnd(widths[0]!), ...figures, `${r.satisfaction ?? '-'}${r.rated ? ` (${r.rated})` : ''}`].join('  '));
        }
      });
    });
}
