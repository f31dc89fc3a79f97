import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { MemoryBus } from '../../core/bus-memory.ts';
import type { Bus, Subscription } from '../../core/bus.ts';
import type { ItemFailure, Sink } from '../../core/contracts.ts';
import { createLogger, silentLogger } from '../../core/logger.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { createEsClient } from '../../index/elasticsearch/client.ts';
import { ElasticsearchSink } from '../../index/elasticsearch/sink.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { startIndexWorker } from '../../index/worker.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { elasticsearchUrl } from '../helpers/services.ts';
import { mention, testClient, testPrefix, waitFor } from './index-helpers.ts';
import { TcpProxy } from './tcp-proxy.ts';

const OUTAGE_MS = Number(process.env.VIGIE_TEST_OUTAGE_MS ?? 30_000);
const client = testClient();
const target = new URL(elasticsearchUrl());
const log = () => (process.env.VIGIE_TEST_LOG ? createLogger({ level: 'debug' }) : silentLogger());

/** Counts the write attempts that failed, to show the worker kept trying during the outage. */
class CountingSink implements Sink {
  failedWrites = 0;
  constructor(private inner: Sink) {}
  async write(batch: readonly EnrichedMention[], signal: AbortSignal): Promise<ItemFailure[]> {
    try {
      return await this.inner.write(batch, signal);
    } catch (e) {
      this.failedWrites++;
      throw e;
    }
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

afterAll(async () => {
  await client.close();
});

function outageScenario(busName: string, makeBus: () => Bus, dropTopics: (bus: Bus, names: string[]) => Promise<void>) {
  describe(`indexer through an Elasticsearch outage (${busName} bus, real Elasticsearch)`, () => {
    const prefix = testPrefix();
    const topics = { enriched: `test-${randomUUID()}-enriched`, dlq: `test-${randomUUID()}-dlq` };
    const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
    let bus: Bus;
    let sink: ElasticsearchSink;
    let sub: Subscription | undefined;

    beforeAll(async () => {
      bus = makeBus();
      await setupIndices(client, { prefix });
      await bus.ensureTopics([topics.enriched, topics.dlq].map((name) => ({ name, partitions: 3, replicationFactor: 1 })));
      await proxy.start();
      const proxied = createEsClient({ node: proxy.url, requestTimeoutMs: 2_000 });
      sink = new ElasticsearchSink({ client: proxied, closeClient: true, prefix, logger: log(), requestRetries: 1, retryBaseMs: 100, retryMaxMs: 500, flushCount: 50 });
    });
    afterAll(async () => {
      await sub?.stop();
      await sink.close().catch(() => undefined);
      await proxy.stop();
      await dropTopics(bus, [topics.enriched, topics.dlq]).catch(() => undefined);
      await bus.close();
      await deleteByPrefix(client, prefix);
    });

    it(`loses and duplicates nothing when Elasticsearch is unreachable for ${OUTAGE_MS / 1000} s`, async () => {
      const counting = new CountingSink(sink);
      sub = await startIndexWorker({ bus, topics, groupId: `test-${randomUUID()}`, sink: counting, logger: log(), metrics: new Metrics(), retryBaseMs: 200, retryMaxMs: 2_000, maxBatch: 40 });
      const expected = new Map<string, number>();
      const produce = async (ids: number[], likes: number) => {
        await bus.publish(topics.enriched, ids.map((i) => {
          const m = mention(`rss:outage-${i}`, { engagement: { likes }, publishedAt: `2026-0${1 + (i % 2)}-1${i % 10}T08:00:00Z` });
          expected.set(m.id, likes);
          return { key: m.id, value: JSON.stringify(m) };
        }));
      };
      const count = async () => {
        await client.indices.refresh({ index: `${prefix}-mentions` });
        return (await client.count({ index: `${prefix}-mentions` })).count;
      };
      const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

      await produce(range(0, 100), 1);
      await waitFor(count, (c) => c === 100, 60_000);

      await proxy.stop();
      const downAt = Date.now();
      await produce(range(100, 200), 1);
      await produce(range(0, 50), 2);
      // The outage lasts OUTAGE_MS, and the worker must have tried (and failed) meanwhile.
      await waitFor(async () => ({ elapsed: Date.now() - downAt, failed: counting.failedWrites }), (st) => st.elapsed >= OUTAGE_MS && st.failed >= 3, OUTAGE_MS + 30_000, 500);
      expect(await count()).toBe(100);

      await proxy.start();
      await produce(range(200, 300), 1);
      await produce(range(150, 200), 3);
      await waitFor(count, (c) => c >= 300, 90_000);

      // Every document has the numbers of its last delivery.
      await waitFor(
        async () => {
          await client.indices.refresh({ index: `${prefix}-mentions` });
          const r = await client.search({ index: `${prefix}-mentions`, size: 1000, _source: ['id', 'engagement.likes'] });
          return r.hits.hits.filter((h) => (h._source as { engagement: { likes: number } }).engagement.likes !== expected.get(h._id!)).length;
        },
        (wrong) => wrong === 0,
        60_000,
      );
      expect(expected.size).toBe(300);
      expect(await count()).toBe(300);
      const ids = await client.search({ index: `${prefix}-mentions`, size: 0, aggs: { ids: { cardinality: { field: 'id', precision_threshold: 1000 } } } });
      expect((ids.aggregations!.ids as { value: number }).value).toBe(300);
      expect(counting.failedWrites).toBeGreaterThanOrEqual(3);
    });
  });
}

outageScenario('memory', () => new MemoryBus(), async () => undefined);
outageScenario(
  'Kafka',
  () => new KafkaBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'vigie-index-outage', ...(process.env.VIGIE_TEST_LOG ? { logger: log() } : {}) }),
  async (bus, names) => (bus as KafkaBus).deleteTopics(names),
);
