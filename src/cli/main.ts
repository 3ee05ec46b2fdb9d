import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import type { App, CliEnv } from '../app-types.ts';
import { loadConfig } from '../config.ts';
import { createApp } from '../app.ts';
import { AppError, InputError, formatProblem } from '../errors.ts';
import { features } from '../features.ts';
import { createLogger } from '../log.ts';
import { DEFAULT_DB } from '../paths.ts';
import { registerCoreCommands } from './core-commands.ts';

export function resolveDbPath(opt: string | undefined): string {
  return opt ?? (process.env.ITBOT_DB && process.env.ITBOT_DB.trim() !== '' ? process.env.ITBOT_DB : DEFAULT_DB);
}

function addDbOption(cmd: Command): void {
  for (const sub of cmd.commands) addDbOption(sub);
  if (cmd.commands.length === 0 && !cmd.options.some((o) => o.long === '--db')) {
    cmd.addOption(new Option('--db <path>', 'SQLite database file (else ITBOT_DB, else var/itbot.db)'));
  }
}

export function buildProgram(env: CliEnv): Command {
  const program = new Command('itbot')
    .description('it-marketing-bot: the IT department\'s chatbot for Slack, Teams and the web')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => env.out(s.replace(/\n$/, '')), writeErr: (s) => env.err(s.replace(/\n$/, '')) });
  registerCoreCommands(program, env);
  for (const f of features) f.cli?.(program, env);
  addDbOption(program);
  const inherit = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride();
      sub.configureOutput({ writeOut: (s) => env.out(s.replace(/\n$/, '')), writeErr: (s) => env.err(s.replace(/\n$/, '')) });
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}

/** Runs the CLI; resolves with the exit code (0 ok, 1 runtime failure, 2 bad input or usage). */
export async function main(argv: string[], io: { out?: (s: string) => void; err?: (s: string) => void } = {}): Promise<number> {
  const out = io.out ?? ((s: string) => process.stdout.write(s + '\n'));
  const err = io.err ?? ((s: string) => process.stderr.write(s + '\n'));
  const env: CliEnv = {
    out,
    err,
    openApp: ({ db }) => {
      const config = loadConfig();
      const file = resolveDbPath(db);
      const existed = file === ':memory:' ? false : existsSync(file);
      const app: App = createApp({ config, db: file, log: createLogger({ level: process.env.ITBOT_LOG_LEVEL ?? 'warn', pretty: false }) });
      (app.status as Record<string, unknown>).dbFile = file;
      (app.status as Record<string, unknown>).dbExisted = existed;
      return app;
    },
  };
  const program = buildProgram(env);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof InputError) {
      for (const p of e.problems) err(formatProblem(p));
      return 2;
    }
    if (e instanceof AppError) {
      err(e.message);
      return e.code === 'bad_config' || e.code === 'bad_usage' || e.code === 'not_found' ? 2 : 1;
    }
    err(`error: ${(e as Error)?.message ?? String(e)}`);
    return 1;
  }
}
