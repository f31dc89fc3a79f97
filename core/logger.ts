import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths redacted in every log line: credentials must never reach the logs. */
export const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'apiKey', '*.apiKey', 'secret', '*.secret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'headers.cookie', '*.headers.cookie', 'bearerToken', '*.bearerToken', 'accessToken', '*.accessToken',
];

/**
 * The root logger. It writes to stderr so that commands printing NDJSON on stdout
 * (`vigie enrich`, `vigie ingest --output -`) stay pure.
 */
export function createLogger(opts: { level?: string; name?: string } = {}): Logger {
  return pino(
    {
      name: opts.name ?? 'vigie',
      level: opts.level ?? process.env.VIGIE_LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A logger that writes nothing (unit tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
