import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import type { App, CliEnv } from '../app-types.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../app.ts';
import { AppError, InputError, oneLine } from '../errors.ts';
import { features } from '../features.ts';
import { createLogger, logLevel } from '../log.ts';
import { DEFAULT_DB } from '../paths.ts';
import { dbErrorMessage, mayWrite } from '../store/db.ts';
import { registerCoreCommands } from './core-commands.ts';
import { checkImportFile } from '../people/import.ts';

function resolveDbPath(opt: string | undefined): string {
  // (SQLite reads "" as a temporary database, gone when the command ends: an import into it would be lost)
  if (opt !== undefined && opt.trim() === '') {
    throw new InputError([{ field: '--db', message: 'an empty path: name the database file (or leave --db out: ITBOT_DB, else var/itbot.db)' }]);
  }
  return opt ?? (process.env.ITBOT_DB && process.env.ITBOT_DB.trim() !== '' ? process.env.ITBOT_DB : DEFAULT_DB);
}

function addDbOption(cmd: Command): void {
  for (const sub of cmd.commands) addDbOption(sub);
  if (cmd.commands.length === 0 && !cmd.options.some((o) => o.long === '--db')) {
    cmd.addOption(new Option('--db <path>', 'SQLite database file (else ITBOT_DB, else var/itbot.db)'));
  }
}

/**
 * Whether the arguments name a command that runs, not only a group ("itbot plan"), which shows
 * its help: a group takes no --db.
 */
function namesCommand(program: Command, args: string[]): boolean {
  let cmd = program;
  for (const a of args) {
    if (a === '--') break;
    if (a.startsWith('-')) continue;
    const next = cmd.commands.find((c) => c.name() === a || c.aliases().includes(a));
    // (a command commander does not know, or its own "help": commander answers it)
    if (!next) return true;
    cmd = next;
  }
  return cmd.commands.length === 0;
}

/**
 * `--db PATH` may stand anywhere, also before the command ("itbot --db x.db catalog export"): it is
 * moved behind the command, where each command reads it. Nothing after a "--" is touched. Given
 * the program, a --db after only a group ("itbot plan --db x.db") is left out, so the group's
 * help is shown as without it, not "unknown option '--db'".
 */
export function withDbLast(argv: string[], program?: Command): string[] {
  const head = argv.slice(0, 2);
  const rest = argv.slice(2);
  const end = rest.indexOf('--');
  const args = end < 0 ? rest : rest.slice(0, end);
  const db: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db' && i + 1 < args.length) db.push(a, args[++i]!);
    else if (a.startsWith('--db=')) db.push(a);
    else kept.push(a);
  }
  const runs = !program || namesCommand(program, kept);
  return [...head, ...kept, ...(runs ? db : []), ...(end < 0 ? [] : rest.slice(end))];
}

/** Where commander writes; a usage error is one line on stderr, the hint at --help on the same line (CONTRACT.md: one line each). */
function output(env: CliEnv) {
  return {
    writeOut: (s: string) => env.out(s.replace(/\n$/, '')),
    writeErr: (s: string) => env.err(s.replace(/\n$/, '')),
    // (commander puts its "Did you mean people?" on a line of its own)
    outputError: (s: string, write: (s: string) => void) => write(`${s.trim().replace(/\s*\n\s*/g, ' ')} (add --help for usage)`),
  };
}

export function buildProgram(env: CliEnv): Command {
  const program = new Command('itbot')
    .description('it-marketing-bot: the IT department\'s chatbot for Slack, Teams and the web')
    .exitOverride()
    .configureOutput(output(env));
  registerCoreCommands(program, env);
  for (const f of features) f.cli?.(program, env);
  addDbOption(program);
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput(output(env));
      inherit(sub);
    }
  };
  inherit(program);
  // a file to import that cannot be read is refused before the database is opened, or created
  program.hook('preAction', (_program, action) => {
    const reads = action.registeredArguments[0]?.name() === 'file' && !(action.parent?.name() === 'db' && action.name() === 'backup');
    if (reads && typeof action.processedArgs[0] === 'string') checkImportFile(action.processedArgs[0]);
  });
  return program;
}

/** Runs the CLI; resolves with the exit code (0 ok, 1 runtime failure, 2 bad input or usage). */
export async function main(argv: string[], io: { out?: (s: string) => void; err?: (s: string) => void } = {}): Promise<number> {
  if (!io.out) {
    // the reader went away ("itbot catalog export | head -1"): stop quietly, as command-line tools do
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const out = io.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s: string) => process.stderr.write(s + '\n'));
  // (the database the command opened: SQLite's errors do not name it)
  let dbFile: string | undefined;
  const env: CliEnv = {
    out,
    err,
    openApp: ({ db, readOnly, anyVersion }) => {
      const config = loadConfig();
      const file = resolveDbPath(db);
      dbFile = file;
      const existed = file === ':memory:' ? false : existsSync(file);
      // (a command that only reads works for a user who may read the database but not write it)
      const readonly = readOnly === true && existed && !mayWrite(file);
      const app: App = createApp({ config, db: file, open: { readonly, anyVersion }, log: createLogger({ level: logLevel('warn'), pretty: false, stderr: true }) });
      (app.status as Record<string, unknown>).dbFile = file;
      (app.status as Record<string, unknown>).dbExisted = existed;
      return app;
    },
  };
  const program = buildProgram(env);
  try {
    await program.parseAsync(withDbLast(argv, program));
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // (help asked for is 0; help shown because a command is missing, "itbot catalog", is bad usage)
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return 0;
      return 2;
    }
    if (e instanceof InputError) {
      for (const line of e.lines()) err(line);
      return 2;
    }
    if (e instanceof AppError) {
      err(oneLine(e.message));
      return ['bad_config', 'bad_usage', 'not_found', 'db_not_a_database', 'db_too_new'].includes(e.code) ? 2 : 1;
    }
    const dbMessage = dbFile === undefined ? null : dbErrorMessage(dbFile, e);
    err(oneLine(dbMessage ?? `error: ${(e as Error)?.message ?? String(e)}`));
    return 1;
  }
}
