/**
 * Indexing benchmark: documents/s through the Elasticsearch sink, through the whole index worker
 * (in-memory bus: JSON parse + schema validation + sink), and through a plain bulk loop over the
 * same documents, on the same Elasticsearch, in one run.
 *
 *   npm run bench:index      (BENCH_DOCS=20000 by default; ELASTICSEARCH_URL if set, else a local
 *   stack of its own on free ports, stopped at the end)
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { MemoryBus } from '../core/bus-memory.ts';
import { silentLogger } from '../core/logger.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { createEsClient } from '../index/elasticsearch/client.ts';
import { toDocument } from '../index/elasticsearch/document.ts';
import { monthlyIndex } from '../index/elasticsearch/names.ts';
import { setupIndices } from '../index/elasticsearch/setup.ts';
import { ElasticsearchSink } from '../index/elasticsearch/sink.ts';
import { startIndexWorker } from '../index/worker.ts';
import { benchServices, runBench } from './lib/run.ts';

const N = Number(process.env.BENCH_DOCS ?? 20_000);
const BATCH = 500;
let node = '';
let client: Client;

const words = ['Acme', 'panne', 'service', 'Québec', 'Montréal', 'forfait', 'réseau', 'client', 'great', 'support', 'outage', 'price', 'fibre', 'mobile', "l'équipe", 'merci'];
function makeMention(i: number): EnrichedMention {
  const text = Array.from({ length: 25 + (i % 30) }, (_, k) => words[(i * 7 + k * 3) % words.length]).join(' ');
  return {
    schemaVersion: 1,
    id: `bench:${i}`,
    source: { kind: i % 3 ? 'rss' : 'mastodon', name: `source-${i % 12}` },
    url: `https://site-${i % 40}.example/post/${i}`,
    publishedAt: new Date(Date.UTC(2026, i % 3, 1 + (i % 28), i % 24)).toISOString(),
    text,
    title: text.slice(0, 40),
    author: { id: String(i % 500), handle: `@user${i % 500}`, followers: i % 10_000 },
    engagement: { likes: i % 100, shares: i % 7, replies: i % 5 },
    lang: { code: i % 2 ? 'fr' : 'en', confidence: 0.9 },
    sentiment: { score: ((i % 21) - 10) / 10, label: i % 3 === 0 ? 'negative' : i % 3 === 1 ? 'neutral' : 'positive', method: 'bench' },
    matches: [{ name: i % 4 ? 'Acme' : 'Globex', role: i % 4 ? 'brand' : 'competitor' }],
    influence: { score: i % 100, reach: i % 10_000 },
    entities: { hashtags: [`tag${i % 30}`], handles: [], urls: [], domains: [`site-${i % 40}.example`] },
    enrichedAt: new Date(Date.UTC(2026, 3, 1)).toISOString(),
  };
}

async function fresh(): Promise<string> {
  const prefix = `bench-${randomUUID()}`;
  await setupIndices(client, { prefix });
  return prefix;
}

async function drop(c: Client, prefix: string): Promise<void> {
  const rows = await c.cat.indices({ index: `${prefix}-*`, format: 'json', h: 'index' });
  if (rows.length) await c.indices.delete({ index: rows.map((r) => String(r.index)).join(',') });
  await c.indices.deleteIndexTemplate({ name: `${prefix}-mentions` });
  await c.indices.deleteIndexTemplate({ name: `${prefix}-alerts` });
  await c.cluster.deleteComponentTemplate({ name: `${prefix}-mentions-settings` });
  await c.cluster.deleteComponentTemplate({ name: `${prefix}-mentions-mappings` });
}

async function counted(prefix: string): Promise<number> {
  await client.indices.refresh({ index: `${prefix}-mentions` });
  return (await client.count({ index: `${prefix}-mentions` })).count;
}

async function plainLoop(mentions: EnrichedMention[], prefix: string): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < mentions.length; i += 1000) {
    const ops = mentions.slice(i, i + 1000).flatMap((m) => [{ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }, toDocument(m)]);
    const r = await client.bulk({ operations: ops });
    if (r.errors) throw new Error('plain bulk loop: item errors');
  }
  return performance.now() - t0;
}

async function throughSink(mentions: EnrichedMention[], prefix: string): Promise<number> {
  const sink = new ElasticsearchSink({ client, prefix, logger: silentLogger(), flushCount: 1000, concurrency: 2 });
  const signal = new AbortController().signal;
  const t0 = performance.now();
  // Batches as the consumer hands them over, two in flight (two partitions).
  const batches: EnrichedMention[][] = [];
  for (let i = 0; i < mentions.length; i += BATCH) batches.push(mentions.slice(i, i + BATCH));
  const lanes = [0, 1].map(async (lane) => {
    for (let b = lane; b < batches.length; b += 2) {
      const f = await sink.write(batches[b]!, signal);
      if (f.length) throw new Error(`sink: ${f.length} failures`);
    }
  });
  await Promise.all(lanes);
  const ms = performance.now() - t0;
  await sink.close();
  return ms;
}

async function throughWorker(mentions: EnrichedMention[], prefix: string): Promise<number> {
  const bus = new MemoryBus();
  await bus.ensureTopics(['enriched', 'dlq'].map((name) => ({ name, partitions: 2, replicationFactor: 1 })));
  await bus.publish('enriched', mentions.map((m) => ({ key: m.id, value: JSON.stringify(m) })));
  const sink = new ElasticsearchSink({ client, prefix, logger: silentLogger(), flushCount: 1000, concurrency: 2 });
  const metrics = new Metrics();
  const t0 = performance.now();
  const subs = await Promise.all([0, 1].map(() => startIndexWorker({ bus, topics: { enriched: 'enriched', dlq: 'dlq' }, groupId: 'bench', sink, logger: silentLogger(), metrics, maxBatch: BATCH })));
  for (;;) {
    const emitted = (await metrics.emitted.get()).values.reduce((a, v) => a + v.value, 0);
    if (emitted >= mentions.length) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  await Promise.all(subs.map((s) => s.stop()));
  await sink.close();
  await bus.close();
  return ms;
}

async function main(): Promise<Record<string, unknown>> {
  node = (await benchServices('index', { es: true })).esUrl;
  client = createEsClient({ node, requestTimeoutMs: 60_000 });
  await client.cluster.health({ wait_for_status: 'yellow', timeout: '30s' });
  const mentions = Array.from({ length: N }, (_, i) => makeMention(i));
  const bytes = mentions.reduce((a, m) => a + JSON.stringify(toDocument(m)).length, 0);
  // Warm-up: JIT, connections, index creation, so no run pays for them alone.
  const warm = await fresh();
  await plainLoop(mentions.slice(0, 2000), warm);
  await throughSink(mentions.slice(0, 2000), warm);
  await drop(client, warm);

  const rows: Array<[string, number, number]> = [];
  for (const [name, fn] of [
    ['plain bulk loop (1000/request, sequential)', plainLoop],
    ['ElasticsearchSink (batches of 500, 2 in flight)', throughSink],
    ['index worker (memory bus, parse + validate + sink)', throughWorker],
  ] as const) {
    const prefix = await fresh();
    const ms = await fn(mentions, prefix);
    const stored = await counted(prefix);
    if (stored !== N) throw new Error(`${name}: ${stored} documents stored, expected ${N}`);
    rows.push([name, ms, N / (ms / 1000)]);
    await drop(client, prefix);
  }
  process.stdout.write(`indexing benchmark — ${N} documents (avg ${Math.round(bytes / N)} bytes), Elasticsearch ${node}\n`);
  for (const [name, ms, rate] of rows) process.stdout.write(`  ${name.padEnd(52)} ${String(Math.round(rate)).padStart(7)} docs/s  (${(ms / 1000).toFixed(2)} s)\n`);
  process.stdout.write(`  sink / plain: ${(rows[1]![2] / rows[0]![2]).toFixed(2)}x, worker / plain: ${(rows[2]![2] / rows[0]![2]).toFixed(2)}x\n`);
  await client.close();
  const rate = (i: number) => Math.round(rows[i]![2]);
  return { docs: N, avgBytes: Math.round(bytes / N), plainDocsPerS: rate(0), sinkDocsPerS: rate(1), workerDocsPerS: rate(2) };
}

await runBench('index', main);
