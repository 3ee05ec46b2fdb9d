import pino, { type Logger } from 'pino';

export type { Logger };

/** pino logger: readable in a terminal, JSON lines otherwise (or when ITBOT_LOG_FORMAT=json). */
export function createLogger(opts: { level?: string; pretty?: boolean } = {}): Logger {
  const format = process.env.ITBOT_LOG_FORMAT;
  const pretty = opts.pretty ?? (format === 'pretty' || (process.stdout.isTTY && format !== 'json'));
  const level = opts.level ?? process.env.ITBOT_LOG_LEVEL ?? 'info';
  if (pretty) {
    return pino({
      level,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level });
}

export const silentLogger: Logger = pino({ level: 'silent' });
