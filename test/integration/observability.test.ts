/**
 * Every stage process serves /metrics, /healthz and /readyz with real values: a feed goes through
 * `vigie ingest`, `vigie enrich` and `vigie index` (three processes, real Kafka and Elasticsearch),
 * and each process's counters must equal what was sent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { freePorts } from '../../stack/index.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';
import { removePipeline } from '../helpers/stages.ts';
import { indexedCounts, pipelineNames, stageConfig } from '../chaos/lib/pipeline.ts';
import { promSeries, promSum } from '../chaos/lib/prom.ts';
import { killAll, startStageProcess, type StageProcess } from '../chaos/lib/stage-process.ts';

const names = pipelineNames(uniqueName('obs'));
const PARTITIONS = 4;
const items = [
  ['Acme ouvre un café à Québec', "J'adore le nouveau café Acme, excellent et pas cher."],
  ['Acme support', 'Acme customer service was terrible today, an hour on hold.'],
  ['Acme et la livraison', 'La livraison Acme est arrivée en retard, encore une fois.'],
  ['Acme app', 'The Acme app update is great, checkout is much faster now.'],
  ['Acme prices', 'Acme raised its prices again, not happy about it.'],
  ['Unrelated', 'A post about the weather in Montreal, nothing about any brand.'],
] as const;
const feed = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Obs</title><link>https://obs.example.org/</link>
${items.map(([t, d], i) => `<item><guid>obs-${i}</guid><title>${t}</title><link>https://obs.example.org/${i}</link><pubDate>${new Date(Date.now() - i * 60_000).toUTCString()}</pubDate><description>${d}</description></item>`).join('\n')}
</channel></rss>`;

describe('status endpoints of the stage processes (real Kafka and Elasticsearch)', () => {
  let server: Server;
  let es: Client;
  const procs: Record<string, StageProcess> = {};

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed.xml') res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(feed);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.xml`;
    es = new Client({ node: elasticsearchUrl() });
    const ports = await freePorts(3);
    const cfg = (port: number) =>
      stageConfig({
        brokers: kafkaBrokers(),
        esUrl: elasticsearchUrl(),
        names,
        partitions: PARTITIONS,
        metricsPort: port,
        extra: { sources: [{ name: 'obs-feed', kind: 'rss', url, allowPrivate: true, interval: '1h' }] },
      });
    // Consumers first, so the lag they report covers everything the source publishes.
    procs.index = await startStageProcess({ args: ['index'], config: cfg(ports[0]!), name: 'index' });
    procs.enrich = await startStageProcess({ args: ['enrich'], config: cfg(ports[1]!), name: 'enrich' });
    // One message that is not JSON: the enrich stage must count it as failed, not lose count.
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'obs-test' });
    await bus.publish(names.topics.raw, [{ key: 'broken', value: '{"id": "broken",' }]);
    await bus.close();
    procs.ingest = await startStageProcess({ args: ['ingest'], config: cfg(ports[2]!), name: 'ingest' });
  });

  afterAll(async () => {
    await killAll(Object.values(procs));
    server?.close();
    await removePipeline(names, new KafkaBus({ brokers: kafkaBrokers(), clientId: 'obs-cleanup' }), es);
    await es?.close();
  });

  it('counts on /metrics equal what went through each stage', async () => {
    const index = procs.index!;
    await waitFor(async () => promSum(await index.metrics(), 'vigie_mentions_emitted_total', { stage: 'index' }) >= 5, 90_000, 'index emitted 5');

    const ingest = await procs.ingest!.metrics();
    expect(promSum(ingest, 'vigie_mentions_received_total', { stage: 'ingest', component: 'rss' })).toBe(6);
    expect(promSum(ingest, 'vigie_mentions_emitted_total', { stage: 'ingest', component: 'rss' })).toBe(6);
    expect(promSum(ingest, 'vigie_source_last_success_seconds', { source: 'obs-feed' })).toBeGreaterThan(Date.now() / 1000 - 120);

    const enrich = await procs.enrich!.metrics();
    expect(promSum(enrich, 'vigie_mentions_received_total', { stage: 'enrich' })).toBe(7);
    expect(promSum(enrich, 'vigie_mentions_emitted_total', { stage: 'enrich' })).toBe(5);
    expect(promSum(enrich, 'vigie_mentions_dropped_total', { stage: 'enrich', reason: 'no_watch_match' })).toBe(1);
    expect(promSum(enrich, 'vigie_mentions_failed_total', { stage: 'enrich', code: 'ERR_JSON_PARSE' })).toBe(1);
    expect(promSum(enrich, 'vigie_batch_duration_seconds_count', { stage: 'enrich' })).toBeGreaterThanOrEqual(1);

    const idx = await index.metrics();
    expect(promSum(idx, 'vigie_mentions_received_total', { stage: 'index' })).toBe(5);
    expect(promSum(idx, 'vigie_mentions_emitted_total', { stage: 'index' })).toBe(5);
    expect(promSum(idx, 'vigie_mentions_failed_total', { stage: 'index' })).toBe(0);
    expect(promSum(idx, 'vigie_es_bulk_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(await indexedCounts(es, names.alias)).toEqual({ docs: 5, ids: 5 });
  });

  it('reports consumer lag per partition, down to 0 once drained', async () => {
    for (const [stage, topic] of [['enrich', names.topics.raw], ['index', names.topics.enriched]] as const) {
      // The gauge is refreshed every 10 s; it must show every partition and reach 0.
      const series = await waitFor(async () => {
        const s = promSeries(await procs[stage]!.metrics(), 'vigie_consumer_lag').filter((x) => x.labels.topic === topic);
        return s.length === PARTITIONS && s.every((x) => x.value === 0) ? s : undefined;
      }, 30_000, `${stage} lag 0 on ${PARTITIONS} partitions`);
      expect(series.map((x) => x.labels.partition).sort()).toEqual(['0', '1', '2', '3']);
      expect(series.every((x) => x.labels.group === `${names.prefix}.${stage}`)).toBe(true);
    }
  });

  it('answers /healthz and /readyz with details, 404 elsewhere', async () => {
    const ih = await procs.ingest!.get('/healthz');
    expect(ih.status).toBe(200);
    const body = JSON.parse(ih.body) as { status: string; details: { sources: Array<{ name?: string; source?: string; items?: number }> } };
    expect(body.status).toBe('ok');
    expect(JSON.stringify(body.details.sources)).toContain('obs-feed');

    const ir = await procs.index!.get('/readyz');
    expect(ir.status).toBe(200);
    const ready = JSON.parse(ir.body) as { status: string; details: Record<string, string> };
    expect(ready.details.kafka).toBe('ok');
    expect(['green', 'yellow']).toContain(ready.details.elasticsearch);

    const er = JSON.parse((await procs.enrich!.get('/readyz')).body) as { details: Record<string, string> };
    expect(er.details).toEqual({ kafka: 'ok' });
    expect((await procs.enrich!.get('/nope')).status).toBe(404);
  });
});
