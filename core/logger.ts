import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths redacted in every log line: credentials must never reach the logs. */
export const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'apiKey', '*.apiKey', 'secret', '*.secret',
  'authorization', '*.authorization', 'headers.authorization', '*.headers.authorization',
  'headers.cookie', '*.headers.cookie', 'bearerToken', '*.bearerToken', 'accessToken', '*.accessToken',
  // Config shapes deeper than one level (a config or a section logged whole), and header names
  // as users write them in YAML (`Authorization`, `X-Api-Key`): redaction paths are case-sensitive.
  'secrets', '*.secrets', 'headers.Authorization', '*.headers.Authorization', 'headers["x-api-key"]', '*.headers["x-api-key"]',
  'kafka.sasl.password', 'config.kafka.sasl.password', 'config.elasticsearch.password', 'config.elasticsearch.apiKey',
  'sources[*].headers', 'config.sources[*].headers', 'source.headers', 'channel.headers', 'channels[*].headers', 'channels[*].secrets',
  'alerts.channels[*].headers', 'alerts.channels[*].secrets', 'config.alerts.channels[*].headers', 'config.alerts.channels[*].secrets',
  // SMTP passwords of email channels and email report targets.
  'channels[*].password', 'alerts.channels[*].password', 'config.alerts.channels[*].password',
  'reports.schedules[*].deliver[*].password', 'config.reports.schedules[*].deliver[*].password',
  // Signing secrets and extra headers of report webhook targets (the webhook channel's fields).
  'reports.schedules[*].deliver[*].secrets', 'config.reports.schedules[*].deliver[*].secrets',
  'reports.schedules[*].deliver[*].headers', 'config.reports.schedules[*].deliver[*].headers',
  // Any request headers object, whatever the header names (Api-Key, Private-Token...).
  'headers', '*.headers', 'request.headers', '*.request.headers',
  // Slack, Teams and chat webhook URLs: their path is the credential.
  'channels[*].url', 'alerts.channels[*].url', 'config.alerts.channels[*].url', 'channel.url',
  'reports.schedules[*].deliver[*].url', 'config.reports.schedules[*].deliver[*].url',
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
