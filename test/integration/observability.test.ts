/**
 * Every stage process serves /metrics, /healthz and /readyz with real values: a feed goes through
 * `vigie ingest`, `vigie enrich` and `vigie index` (three processes, real Kafka and Elasticsearch),
 * and each process's counters must equal what was sent; `vigie alerts run` counts what its rules
 * could not use.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { freePorts } from '../../stack/index.ts';
import { mention } from '../fixtures/alerts/make-mention.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';
import { removePipeline } from '../helpers/stages.ts';
import { indexedCounts, pipelineNames, stageConfig, WATCH } from '../chaos/lib/pipeline.ts';
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
    const ports = await freePorts(4);
    // The alert rule watches AcmeOutage, which no feed item names: only the test's mentions wait
    // (the rule needs the entry's own accounts, whose replies would end a wait).
    const watch = WATCH.map((w) => (w.name === 'AcmeOutage' ? { ...w, owned: { x: ['1234567890'] } } : w));
    const alerts = {
      rules: [{ kind: 'unanswered', name: 'obs-waiting', scope: { names: ['AcmeOutage'] }, after: '15m', minPriority: 0, maxWaiting: 10 }],
      channels: [{ kind: 'webhook', name: 'hook', url: url.replace('/feed.xml', '/hook'), secrets: ['obs-secret-0123456789'] }],
    };
    const cfg = (port: number) =>
      stageConfig({
        brokers: kafkaBrokers(),
        esUrl: elasticsearchUrl(),
        names,
        partitions: PARTITIONS,
        metricsPort: port,
        extra: { sources: [{ name: 'obs-feed', kind: 'rss', url, allowPrivate: true, interval: '1h' }], watch, alerts },
      });
    // Consumers first, so the lag they report covers everything the source publishes.
    procs.index = await startStageProcess({ args: ['index'], config: cfg(ports[0]!), name: 'index' });
    procs.enrich = await startStageProcess({ args: ['enrich'], config: cfg(ports[1]!), name: 'enrich' });
    // One message that is not JSON: the enrich stage must count it as failed, not lose count.
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'obs-test' });
    await bus.publish(names.topics.raw, [{ key: 'broken', value: '{"id": "broken",' }]);
    await bus.close();
    procs.ingest = await startStageProcess({ args: ['ingest'], config: cfg(ports[2]!), name: 'ingest' });
    procs.alerts = await startStageProcess({ args: ['alerts', 'run'], config: cfg(ports[3]!), name: 'alerts' });
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

  it('the alert stage counts mentions too late for a rule and waits its memory had no room for', async () => {
    const alerts = procs.alerts!;
    const rule = { rule: 'obs-waiting' };
    // Every rule's series is there from the start, at 0.
    const first = await alerts.metrics();
    expect(promSeries(first, 'vigie_alert_mentions_too_late_total').find((x) => x.labels.rule === 'obs-waiting')?.value).toBe(0);
    expect(promSeries(first, 'vigie_alert_waits_dropped_total').find((x) => x.labels.rule === 'obs-waiting')?.value).toBe(0);
    const now = Date.now();
    const waiting = (t: number) => ({ ...mention(t, { brand: 'AcmeOutage', sentiment: -0.8 }), source: { kind: 'x' }, reply: { needed: true, reasons: ['complaint'] } });
    const bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'obs-alerts' });
    const publish = (ms: Array<{ id: string }>) => bus.publish(names.topics.enriched, ms.map((m) => ({ key: m.id, value: JSON.stringify(m) })));
    try {
      // Eleven mentions waiting for a reply, for room for ten: one is dropped (the lowest priority).
      await publish(Array.from({ length: 11 }, (_, i) => waiting(now - i * 1000)));
      await waitFor(async () => promSum(await alerts.metrics(), 'vigie_mentions_received_total', { stage: 'alerts' }) >= 11, 60_000, 'the alert stage read the waits');
      // Three and four hours behind what the rule already saw (allowedLateness 1 h): too late, both.
      await publish([waiting(now - 3 * 3_600_000), waiting(now - 4 * 3_600_000)]);
      await waitFor(async () => promSum(await alerts.metrics(), 'vigie_alert_mentions_too_late_total', rule) === 2, 60_000, 'two mentions counted too late');
      expect(promSum(await alerts.metrics(), 'vigie_alert_waits_dropped_total', rule)).toBe(1);
    } finally {
      await bus.close();
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
