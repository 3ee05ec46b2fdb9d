import { format } from 'node:util';
import pino, { type Logger } from 'pino';

export type { Logger };

/** Whether logs are readable lines rather than JSON: ITBOT_LOG_FORMAT, else pretty on a terminal. */
export function prettyLogs(): boolean {
  const fmt = process.env.ITBOT_LOG_FORMAT;
  return fmt === 'pretty' || (!!process.stdout.isTTY && fmt !== 'json');
}

/** The level ITBOT_LOG_LEVEL sets, else `fallback` (an empty one is one not given, as every setting). */
export function logLevel(fallback: string): string {
  return process.env.ITBOT_LOG_LEVEL?.trim() || fallback;
}

/**
 * pino logger: readable in a terminal, JSON lines otherwise (or when ITBOT_LOG_FORMAT=json).
 * `stderr`: a command's logs, which never mix with what it prints on stdout (`--json`, an id).
 */
export function createLogger(opts: { level?: string; pretty?: boolean; stderr?: boolean } = {}): Logger {
  const pretty = opts.pretty ?? prettyLogs();
  const level = opts.level ?? logLevel('info');
  if (opts.stderr) return pino({ level }, pino.destination({ dest: 2, sync: true }));
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level });
}

type ConsoleLevel = 'debug' | 'info' | 'warn' | 'error';
const CONSOLE: Array<['log' | 'info' | 'warn' | 'error' | 'debug', ConsoleLevel]> = [
  ['log', 'info'],
  ['info', 'info'],
  ['warn', 'warn'],
  ['error', 'error'],
  ['debug', 'debug'],
];

/**
 * Sends what libraries write with console.* through the logger (botbuilder writes every request
 * it refuses, stack trace included, with console.error), so that JSON logs stay one JSON object
 * a line: an Error goes into `err` (its stack an escaped string), the rest into `msg`.
 * Returns the function that puts the console back.
 */
export function consoleThroughLogger(log: Logger): () => void {
  const saved = CONSOLE.map(([name]) => [name, console[name]] as const);
  for (const [name, level] of CONSOLE) {
    console[name] = (...args: unknown[]) => {
      const err = args.find((a): a is Error => a instanceof Error);
      const rest = args.filter((a) => a !== err);
      const msg = rest.length ? format(...rest) : (err?.message ?? '');
      log[level](err ? { err, source: 'console' } : { source: 'console' }, msg);
    };
  }
  return () => {
    for (const [name, fn] of saved) console[name] = fn;
  };
}

export const silentLogger: Logger = pino({ level: 'silent' });
