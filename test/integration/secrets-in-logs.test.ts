/**
 * Secrets never reach the logs: stage processes run at debug level with every kind of secret in
 * their config (from env references, as documented): a Kafka SASL password, an Elasticsearch
 * password and API key, webhook signing secrets and a gateway header, a feed token in a header
 * and another in a URL. Their whole stderr is captured and scanned for each value (and for the
 * base64 form a basic-auth header would carry).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { freePorts } from '../../stack/index.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';
import { removePipeline } from '../helpers/stages.ts';
import { pipelineNames, stageConfig } from '../chaos/lib/pipeline.ts';
import { promSum } from '../chaos/lib/prom.ts';
import { killAll, startStageProcess, type StageProcess } from '../chaos/lib/stage-process.ts';

const SECRETS = {
  VIGIE_T_KAFKA_PASSWORD: 'kafka-sasl-pw-4c7e1a9b',
  VIGIE_T_ES_PASSWORD: 'es-basic-pw-8d2f6b3a',
  VIGIE_T_ES_API_KEY: 'es-api-key-1f5c9e7d3b',
  VIGIE_T_WEBHOOK_SECRET: 'whsec-new-0a1b2c3d4e5f6a7b',
  VIGIE_T_WEBHOOK_OLD: 'whsec-old-9f8e7d6c5b4a3f2e',
  VIGIE_T_GATEWAY_KEY: 'gw-key-6b5a4f3e2d1c',
  VIGIE_T_FEED_TOKEN: 'feed-bearer-3e2d1c0b9a',
  VIGIE_T_URL_TOKEN: 'url-token-7a6b5c4d3e',
};
const ES_USER = 'vigie_writer';
const names = pipelineNames(uniqueName('secrets'));

describe('no secret in the logs of stage processes (debug level)', () => {
  let server: Server;
  let es: Client;
  const procs: StageProcess[] = [];
  let feedRequests = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed.xml' && req.headers.authorization === `Bearer ${SECRETS.VIGIE_T_FEED_TOKEN}`) {
        feedRequests++;
        res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Private</title>
<item><guid>p1</guid><title>Acme</title><link>https://private.example/1</link><pubDate>${new Date().toUTCString()}</pubDate><description>Acme private feed item</description></item></channel></rss>`);
      } else res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('unauthorized');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    es = new Client({ node: elasticsearchUrl() });
    const ports = await freePorts(3);
    const env = { ...SECRETS, VIGIE_LOG_LEVEL: 'debug' };
    const alerts = {
      rules: [{ kind: 'negative_share', name: 'neg', window: '1m', minCount: 1000 }],
      channels: [{ kind: 'webhook', name: 'hook', url: `${base}/hook`, secrets: ['${VIGIE_T_WEBHOOK_SECRET}', '${VIGIE_T_WEBHOOK_OLD}'], headers: { 'X-Api-Key': '${VIGIE_T_GATEWAY_KEY}' } }],
    };
    const sources = [
      { name: 'private-feed', kind: 'rss', url: `${base}/feed.xml`, allowPrivate: true, interval: '1h', headers: { Authorization: 'Bearer ${VIGIE_T_FEED_TOKEN}' } },
      { name: 'token-in-url', kind: 'rss', url: `${base}/denied.xml?access_token=\${VIGIE_T_URL_TOKEN}`, allowPrivate: true, interval: '1h' },
    ];
    const cfg = (port: number | undefined, extra: Record<string, unknown>, es: Record<string, unknown>, kafka: Record<string, unknown> = {}) =>
      stageConfig({ brokers: kafkaBrokers(), esUrl: elasticsearchUrl(), names, partitions: 2, metricsPort: port, extra: { sources, alerts, ...extra }, elasticsearch: es, kafka });
    // Every stage in one process, Elasticsearch basic auth (a cluster without security ignores it).
    procs.push(await startStageProcess({ args: ['run'], name: 'run', env, captureAll: true, config: cfg(ports[0], {}, { username: ES_USER, password: '${VIGIE_T_ES_PASSWORD}' }) }));
    // The indexer with an API key.
    procs.push(await startStageProcess({ args: ['index'], name: 'index-apikey', env, captureAll: true, config: cfg(ports[1], {}, { apiKey: '${VIGIE_T_ES_API_KEY}' }) }));
    // The alert worker with two webhook secrets (rotation) and a gateway header.
    procs.push(await startStageProcess({ args: ['alerts', 'run'], name: 'alerts', env, captureAll: true, readyWhen: { log: 'alert state loaded' }, config: cfg(undefined, {}, {}) }));
    // SASL against a plaintext broker: the handshake fails, and the failure is logged.
    procs.push(await startStageProcess({
      args: ['enrich'], name: 'enrich-sasl', env, captureAll: true, readyWhen: { log: '"level":' }, readyTimeoutMs: 60_000,
      config: cfg(ports[2], {}, {}, { sasl: { mechanism: 'scram-sha-512', username: 'vigie', password: '${VIGIE_T_KAFKA_PASSWORD}' } }),
    }));
  });

  afterAll(async () => {
    await killAll(procs);
    server?.close();
    await removePipeline(names, new KafkaBus({ brokers: kafkaBrokers(), clientId: 'secrets-cleanup' }), es);
    await es?.close();
  });

  it('the secrets were used: the private feed was read with its token and indexed', async () => {
    const run = procs[0]!;
    await waitFor(async () => promSum(await run.metrics(), 'vigie_mentions_emitted_total', { stage: 'index' }) >= 1, 90_000, 'the private feed item indexed');
    expect(feedRequests).toBeGreaterThanOrEqual(1);
    // The denied source failed and said so (with its URL, token redacted).
    await waitFor(() => run.allOutput().includes('token-in-url'), 30_000, 'the failing source logged');
    // The SASL process got far enough to fail on the handshake (or is still retrying).
    const sasl = procs[3]!;
    await waitFor(() => sasl.child.exitCode !== null || /"level":(40|50)/.test(sasl.allOutput()), 60_000, 'the SASL failure logged');
  });

  it('no secret value appears in any process output', () => {
    const values = [
      ...Object.values(SECRETS),
      Buffer.from(`${ES_USER}:${SECRETS.VIGIE_T_ES_PASSWORD}`).toString('base64'),
      Buffer.from(`vigie:${SECRETS.VIGIE_T_KAFKA_PASSWORD}`).toString('base64'),
    ];
    for (const p of procs) {
      const out = p.allOutput();
      expect(out.length, `${p.name} logged nothing`).toBeGreaterThan(100);
      for (const v of values) expect(out.includes(v), `${p.name} logged a secret (${v.slice(0, 6)}...)`).toBe(false);
    }
  });
});
