import tty from 'node:tty';
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'pretty' | 'json';

/**
 * The LOG_FORMAT setting, or by default readable lines when standard output is a terminal
 * and JSON otherwise (a service manager, a container, a pipe into a log collector). Asked of
 * file descriptor 1 rather than `process.stdout`, so the job thread answers the same way.
 */
export function logFormat(setting: LogFormat | undefined, isTerminal = tty.isatty(1)): LogFormat {
  return setting ?? (isTerminal ? 'pretty' : 'json');
}

/** Fields that request lines carry for JSON; their message already says them in pretty form. */
const REQUEST_FIELDS = 'method,url,statusCode,responseTime,reqId';

/**
 * The process's logger. Pretty: one line per entry (time, level, message, other fields on the
 * same line), written synchronously so lines keep their order with the setup banner; colours
 * when the terminal has them. JSON: pino's own lines.
 */
export function createLogger(config: { logLevel: string; logFormat: LogFormat | undefined }): Logger {
  if (logFormat(config.logFormat) === 'json') return pino({ level: config.logLevel });
  return pino(
    { level: config.logLevel },
    pretty({
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: `pid,hostname,${REQUEST_FIELDS}`,
    }),
  );
}

/** A request's one log line: `GET /e/launch 200 3.4 ms`. */
export function requestMessage(method: string, url: string, statusCode: number, ms: number): string {
  return `${method} ${url} ${statusCode} ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/**
 * The first start's one-time setup link, framed so it stands out among the log lines
 * (pretty logs; JSON logs carry it as a `setup_url` field).
 */
export function setupBanner(url: string, color: boolean): string {
  const title = 'No administrator yet';
  const lines = ['Open this one-time link to create the first administrator:', url];
  const width = Math.max(title.length + 2, ...lines.map((l) => l.length));
  const paint = (s: string) => (color ? `\u001b[1;36m${s}\u001b[0m` : s);
  return [
    '',
    `  ┌─ ${title} ${'─'.repeat(width - title.length - 1)}┐`,
    `  │ ${lines[0]!.padEnd(width)} │`,
    `  │ ${paint(url)}${' '.repeat(width - url.length)} │`,
    `  └${'─'.repeat(width + 2)}┘`,
    '',
    '',
  ].join('\n');
}
