import { createInterface } from 'node:readline';
import { parseLocal, toInstant, type Floating } from '../plan/local-time.ts';
import type { Command } from 'commander';
import type { App, CliEnv, TurnContext } from '../app-types.ts';
import type { Lang } from '../chat/model.ts';
import { AppError, warningLines } from '../errors.ts';
import { countOf, detectLanguage, isLang } from '../i18n/index.ts';
import { printJson, readCommand, runCommand } from '../cli/run.ts';
import { terminalLine } from '../cli/terminal.ts';
import { CatalogRepo } from '../store/catalog-repo.ts';
import { exportCatalog, type ExportFormat } from './export.ts';
import { groupGaps } from './gaps.ts';
import { GAPS_KEEP_MS } from '../jobs/housekeeping.ts';
import { importCatalog } from './import.ts';
import { askJson, questionTurn } from './reply.ts';
import { localDay } from '../projects/targets.ts';
import { catalogTexts } from './texts.ts';
import { departmentName } from '../people/person.ts';

/**
 * "No gaps" says what the database knows: that nobody asked the catalog anything in the period
 * (a new installation), or how many questions were all answered. The period is the one the gaps
 * are kept for (a year), from --since, or from when this version began counting.
 */
function noGapsLine(lang: Lang, asked: number, since: string | undefined, countedFrom: string | null, tz: string): string {
  const period = countedFrom
    ? catalogTexts(lang, 'cliGapsCountedFrom', { day: localDay(new Date(countedFrom), tz) })
    : since !== undefined ? catalogTexts(lang, 'cliGapsSince', { day: since }) : catalogTexts(lang, 'cliGapsLastYear');
  if (asked === 0) return catalogTexts(lang, 'cliGapsNoneAsked', { period });
  if (asked === 1) return catalogTexts(lang, 'cliGapsNoneOne', { period });
  return catalogTexts(lang, 'cliGapsNone', { n: asked, period });
}

/** The start of a whole day, not yet placed in a time zone; a usage error if not a date. */
function sinceDay(v: string): Floating {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(v) ? parseLocal(`${v}T00:00`) : null;
  if (!day) throw new AppError('bad_usage', `--since: expected a date YYYY-MM-DD, got "${v}"`);
  return day;
}

function langOpt(v: string | undefined): Lang | undefined {
  if (v === undefined) return undefined;
  if (!isLang(v)) throw new AppError('bad_usage', `--lang: expected de or en, got "${v}"`);
  return v;
}

/** A turn as `itbot ask` sees it: the CLI "platform", a guest unless --as names a person. */
function cliTurn(app: App, question: string, opts: { lang?: Lang; as?: string }): TurnContext {
  const person = opts.as ? app.people.byEmail(opts.as) : null;
  if (opts.as && !person) throw new AppError('not_found', `--as: ${opts.as} is not in the people directory`);
  const lang = opts.lang ?? person?.language ?? detectLanguage(question) ?? app.config.ITBOT_LANG;
  return questionTurn(app, question, { platform: 'cli', channel: 'cli', person, lang });
}

async function* stdinLines(): AsyncGenerator<string> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) yield line;
}

export function registerCatalogCommands(program: Command, env: CliEnv): void {
  const catalog = program.command('catalog').description('the IT service catalog');
  catalog
    .command('import')
    .description('import services and official answers from YAML, JSON or CSV (all or nothing; same ids are updated)')
    .argument('<file>', 'catalog file (.yaml, .yml, .json or .csv)')
    .option('--replace', 'the file becomes the whole catalog (entries not in it are removed)')
    .action((file: string, o: { replace?: boolean; db?: string }) =>
      runCommand(env, o, (app) => {
        const r = importCatalog(app, file, { replace: o.replace });
        for (const line of warningLines(r.warnings)) env.err(line);
        env.out(`imported ${countOf(r.services, 'en', 'service', 'services')} and ${countOf(r.answers, 'en', 'official answer', 'official answers')} from ${file}${o.replace ? `, removed ${r.deleted}` : ''}`);
      }),
    );
  catalog
    .command('export')
    .description('the catalog on stdout (sorted by id: the same catalog gives the same bytes)')
    .option('--format <format>', 'yaml, json or csv (csv: services only)', 'yaml')
    .action((o: { format: string; db?: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      if (!['yaml', 'json', 'csv'].includes(o.format)) throw new AppError('bad_usage', `--format: expected yaml, json or csv, got "${o.format}"`);
      return readCommand(env, o, (app) => {
        const repo = new CatalogRepo(app.db);
        env.out(exportCatalog({ services: repo.services(), answers: repo.answers() }, o.format as ExportFormat).replace(/\n$/, ''));
      });
    });
  catalog
    .command('gaps')
    .description('questions the bot could not answer or that got a 👎, grouped by similar wording')
    .option('--json', 'JSON on stdout')
    .option('--since <date>', 'only questions from this date on (YYYY-MM-DD)')
    .action((o: { json?: boolean; since?: string; db?: string }) => {
      // (checked before the database is opened: a mistyped option creates no database)
      const day = o.since === undefined ? undefined : sinceDay(o.since);
      return readCommand(env, o, (app) => {
        const repo = new CatalogRepo(app.db);
        // (the day's start in ITBOT_TIMEZONE, as the ISO time the gaps are stored with)
        const since = day && toInstant(day, app.config.ITBOT_TIMEZONE).toISOString();
        const rows = repo.gaps({ since });
        const groups = groupGaps(rows);
        // (the questions that reached the catalog in chat: "no gaps" then says whether anyone asked at all)
        // (without --since: the year the gaps are kept for)
        const window = since ?? new Date(app.clock.now().getTime() - GAPS_KEEP_MS).toISOString();
        const asked = repo.questionsAsked({ since: window });
        const from = repo.questionsCountedFrom();
        const countedFrom = from && window < from ? from : null;
        if (o.json) {
          printJson(env, { total: rows.length, groups, asked, countedFrom });
          return;
        }
        // the text in ITBOT_LANG, departments by their name from the departments file (as on the admin page)
        const lang = app.config.ITBOT_LANG;
        if (!groups.length) {
          env.out(noGapsLine(lang, asked, o.since, countedFrom, app.config.ITBOT_TIMEZONE));
          return;
        }
        const n = (k: number, one: 'cliGapsQuestionOne' | 'cliGapsGroupOne', many: 'cliGapsQuestionMany' | 'cliGapsGroupMany') => catalogTexts(lang, k === 1 ? one : many, { n: k });
        env.out(catalogTexts(lang, 'cliGapsHead', { questions: n(rows.length, 'cliGapsQuestionOne', 'cliGapsQuestionMany'), groups: n(groups.length, 'cliGapsGroupOne', 'cliGapsGroupMany') }));
        const deptName = (id: string) => departmentName(app.people.department(id), lang) ?? id;
        for (const g of groups) {
          env.out(`${String(g.count).padStart(4)}  ${terminalLine(g.question)}`);
          const depts = g.departments.map(deptName);
          env.out(`      ${catalogTexts(lang, 'cliGapsCounts', { unanswered: g.unanswered, down: g.thumbsDown })}; ${g.languages.join('/')}${depts.length ? `; ${terminalLine(depts.join(', '))}` : ''}${g.bestGuesses.length ? `; ${catalogTexts(lang, 'cliGapsBestGuess', { refs: g.bestGuesses.slice(0, 3).join(', ') })}` : ''}`);
          for (const q of g.questions.filter((x) => x !== g.question).slice(0, 3)) env.out(`      ${catalogTexts(lang, 'cliGapsAlso')}: ${terminalLine(q)}`);
        }
      });
    });

  program
    .command('ask')
    .description('answer a question the way the bot would in chat; "-" reads one question a line from stdin')
    .argument('<question...>', 'the question, or - for stdin')
    .option('--lang <lang>', 'de or en (else the language of the question, else ITBOT_LANG)')
    .option('--json', 'one JSON object per question on stdout')
    .option('--as <email>', 'ask as this person of the directory (their IT contact, language)')
    .action((parts: string[], o: { lang?: string; json?: boolean; as?: string; db?: string }) => {
      const lang = langOpt(o.lang);
      // (an unset variable, --as "$EMAIL", would answer as a guest without a word)
      if (o.as !== undefined && o.as.trim() === '') throw new AppError('bad_usage', '--as: an empty e-mail address: name a person of the directory, or leave --as out to ask as a guest');
      return readCommand(env, o, async (app) => {
        // (`question` echoes the line as given, spaces and all, so a caller can pair answers with its lines; the answer reads it trimmed)
        const one = (q: string, given = q) => {
          const { json, messages } = askJson(cliTurn(app, q, { lang, as: o.as }), q);
          if (o.json) env.out(JSON.stringify({ ...json, question: given }));
          else env.out(messages.map((m) => m.text).join('\n'));
        };
        if (parts.length === 1 && parts[0] === '-') {
          let n = 0;
          for await (const line of stdinLines()) {
            n++;
            const q = line.trim();
            // (the text form has no question in its answers: a line before each says which line of the input it answers,
            // and an empty line keeps its place, as in the JSON form)
            if (!o.json) env.out(`${n > 1 ? '\n' : ''}--- ${n}: ${q ? terminalLine(q) : '(empty line)'}`);
            // (an empty line keeps its place in the output, answered as chat answers nothing it knows: not sure, and who can help)
            one(q, line);
          }
          return;
        }
        const q = parts.join(' ').trim();
        if (!q) throw new AppError('bad_usage', 'ask: the question is empty');
        one(q);
      });
    });
}
