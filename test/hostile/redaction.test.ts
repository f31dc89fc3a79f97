/**
 * The logger's redaction against the config shapes Vigie really uses: a whole validated config
 * logged by mistake, a Kafka client config, an Elasticsearch auth object, a webhook channel with
 * its secrets and headers, a source with an Authorization header. No secret value may appear.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../cli/config.ts';
import { REDACT_PATHS } from '../../core/logger.ts';

const SECRETS = {
  VIGIE_T_KAFKA_PASSWORD: 'kafka-pass-7f3a9c1e',
  VIGIE_T_ES_PASSWORD: 'es-pass-2b8d4e6f',
  VIGIE_T_ES_API_KEY: 'es-apikey-9c1d3e5f7a',
  VIGIE_T_WEBHOOK_SECRET: 'webhook-secret-0123456789abcdef',
  VIGIE_T_WEBHOOK_OLD: 'webhook-old-secret-fedcba987654',
  VIGIE_T_FEED_TOKEN: 'feed-token-5e6f7a8b9c',
  VIGIE_T_GATEWAY_KEY: 'gateway-key-1a2b3c4d5e',
  VIGIE_T_SMTP_PASSWORD: 'smtp-pass-4c5d6e7f8a',
  VIGIE_T_REPORT_SECRET: 'report-secret-13579bdf2468ace0',
};

/** A logger configured exactly as `createLogger`, writing into a string. */
function capture(): { logger: pino.Logger; text: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({ write(c, _e, cb) { chunks.push(String(c)); cb(); } });
  return { logger: pino({ level: 'trace', redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, sink), text: () => chunks.join('') };
}

function secretConfig() {
  const r = validateConfig(
    {
      kafka: { brokers: ['127.0.0.1:9092'], ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'vigie', password: '${VIGIE_T_KAFKA_PASSWORD}' } },
      elasticsearch: { node: 'https://es.example:9200', username: 'vigie_writer', password: '${VIGIE_T_ES_PASSWORD}', apiKey: '${VIGIE_T_ES_API_KEY}', caFingerprint: 'AA:BB' },
      sources: [{ name: 'private-feed', kind: 'rss', url: 'https://intranet.example/feed.xml', headers: { Authorization: 'Bearer ${VIGIE_T_FEED_TOKEN}' } }],
      alerts: { channels: [{ kind: 'webhook', name: 'hook', url: 'https://hooks.example/x', secrets: ['${VIGIE_T_WEBHOOK_SECRET}', '${VIGIE_T_WEBHOOK_OLD}'], headers: { 'X-Api-Key': '${VIGIE_T_GATEWAY_KEY}' } }] },
      watch: [{ name: 'Acme', role: 'brand', query: 'acme' }],
      reports: {
        schedules: [
          {
            brand: 'Acme',
            deliver: [
              { kind: 'webhook', url: 'https://hooks.example/report', secrets: ['${VIGIE_T_REPORT_SECRET}'], headers: { 'X-Gateway': '${VIGIE_T_GATEWAY_KEY}' } },
              { kind: 'email', host: 'smtp.example.org', port: 587, user: 'vigie', password: '${VIGIE_T_SMTP_PASSWORD}', from: 'vigie@example.org', to: ['comms@example.org'] },
            ],
          },
        ],
      },
    },
    SECRETS,
  );
  expect(r.problems).toEqual([]);
  return r.config!;
}

function expectNoSecret(text: string): void {
  for (const [name, v] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(v);
}

describe('log redaction covers the config shapes in use', () => {
  it('a whole config logged under `config`', () => {
    const c = capture();
    c.logger.info({ config: secretConfig() }, 'config loaded');
    expect(c.text()).toContain('[redacted]');
    expectNoSecret(c.text());
  });

  it('config sections logged on their own', () => {
    const cfg = secretConfig();
    const c = capture();
    c.logger.info({ kafka: cfg.kafka }, 'kafka');
    c.logger.info({ elasticsearch: cfg.elasticsearch }, 'es');
    c.logger.info({ source: cfg.sources[0] }, 'source');
    c.logger.info({ sources: cfg.sources }, 'sources');
    c.logger.info({ channel: cfg.alerts!.channels[0] }, 'channel');
    c.logger.info({ alerts: cfg.alerts }, 'alerts');
    c.logger.info(cfg.kafka.sasl as object, 'sasl alone');
    expectNoSecret(c.text());
  });

  it('client-level shapes: kafkajs sasl, Elasticsearch auth, HTTP request headers', () => {
    const c = capture();
    c.logger.warn({ sasl: { mechanism: 'plain', username: 'u', password: SECRETS.VIGIE_T_KAFKA_PASSWORD } }, 'kafkajs');
    c.logger.warn({ auth: { username: 'u', password: SECRETS.VIGIE_T_ES_PASSWORD } }, 'es basic');
    c.logger.warn({ auth: { apiKey: SECRETS.VIGIE_T_ES_API_KEY } }, 'es api key');
    c.logger.warn({ req: { headers: { authorization: `Bearer ${SECRETS.VIGIE_T_FEED_TOKEN}`, 'x-api-key': SECRETS.VIGIE_T_GATEWAY_KEY } } }, 'request');
    c.logger.warn({ headers: { Authorization: `Bearer ${SECRETS.VIGIE_T_FEED_TOKEN}` } }, 'capitalised header');
    c.logger.warn({ secrets: [SECRETS.VIGIE_T_WEBHOOK_SECRET, SECRETS.VIGIE_T_WEBHOOK_OLD] }, 'secrets list');
    expectNoSecret(c.text());
  });
});

describe('URLs in run-time messages and logs (redactUrl)', () => {
  // Every query parameter name that carries a credential in the APIs and feeds Vigie reads.
  const PARAMS = ['key', 'api_key', 'apikey', 'api-key', 'access_token', 'access-token', 'token', 'private_token', 'auth', 'auth_token', 'secret', 'client_secret', 'password', 'sig', 'signature', 'session', 'sessionid', 'sid', 'code', 'jwt', 'appsecret_proof'];
  it.each(PARAMS.map((p) => [p] as const))('?%s= is redacted', async (p) => {
    const { redactUrl } = await import('../../ingest/kit/http/fetch.ts');
    const out = redactUrl(`https://api.example.org/feed?q=acme&${p}=s3cr3t-${p}`);
    expect(out).not.toContain(`s3cr3t-${p}`);
    expect(out).toContain('q=acme');
  });

  it('userinfo, fragments and chat webhook paths are redacted', async () => {
    const { redactUrl } = await import('../../ingest/kit/http/fetch.ts');
    expect(redactUrl('https://user:pw-77@feeds.example.org/x')).not.toContain('pw-77');
    expect(redactUrl('https://app.example.org/cb#access_token=frag-88')).not.toContain('frag-88');
    expect(redactUrl('https://hooks.slack.com/services/T0/B0/slack-99')).toBe('https://hooks.slack.com/redacted');
    expect(redactUrl('https://acme.webhook.office.com/webhookb2/teams-11')).toBe('https://acme.webhook.office.com/redacted');
    expect(redactUrl('https://prod-01.westus.logic.azure.com/workflows/abc/triggers?sig=sig-22')).not.toContain('sig-22');
  });
});
