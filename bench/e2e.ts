/**
 * End-to-end benchmark: realistic raw mentions produced into the raw topic, through `vigie enrich`
 * and `vigie index` (separate processes, real Kafka and Elasticsearch), until searchable.
 *
 *   1. ceiling: a plain bulk loop writes the same enriched documents straight into Elasticsearch;
 *   2. throughput, BENCH_MODE=drain (default): N mentions produced into the raw topic while the
 *      stage processes are paused (SIGSTOP), then resumed; mentions/s from the resume to the N-th
 *      document searchable (index refresh_interval 1 s, count polled, never forced). The drain
 *      of a backlog, as the ceiling starts from documents at rest: the bench's producer does not
 *      compete for the CPU with the pipeline it measures.
 *      BENCH_MODE=live: the stages consume while the burst is produced; mentions/s from the first
 *      production to the N-th searchable (the producer's CPU is inside the measure);
 *   3. latency: mentions produced at a steady rate (half the measured throughput); for one in ten,
 *      the time from production to the first search that finds it: p50 / p99.
 *
 *   npm run bench:e2e    (KAFKA_BROKERS / ELASTICSEARCH_URL, else the local stack is started)
 *   BENCH_N=100000 BENCH_PARTITIONS=4 BENCH_ENRICH=1 BENCH_INDEX=1 BENCH_LATENCY_S=20 BENCH_MODE=drain|live
 *   BENCH_FLUSH_COUNT=1000 BENCH_INDEX_CONCURRENCY=2 (the indexer's index.flushCount / index.concurrency)
 *   BENCH_INDEX_NODE_OPTIONS='--max-semi-space-size=64' (what the index processes run with; '' for none)
 *   BENCH_ENRICH_NODE_OPTIONS='' (what the enrich processes run with)
 *   BENCH_PROFILE=<dir>: CPU profiles of the stage processes from the start of the throughput
 *   measure to their exit, written to <dir>/<name>.cpuprofile (open in Chrome DevTools); they
 *   are stopped gracefully at the end. BENCH_LATENCY_S=1 keeps the profiles to the burst.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBus } from '../core/bus-kafka.ts';
import { systemClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { createEnrichPipeline } from '../enrich/pipeline.ts';
import { createEsClient } from '../index/elasticsearch/client.ts';
import { toDocument } from '../index/elasticsearch/document.ts';
import { monthlyIndex } from '../index/elasticsearch/names.ts';
import { setupIndices } from '../index/elasticsearch/setup.ts';
import { freePorts } from '../stack/index.ts';
import { deleteByPrefix } from '../test/helpers/es-cleanup.ts';
import { table } from '../test/chaos/lib/flow.ts';
import { groupsStable } from '../test/chaos/lib/groups.ts';
import { asMessages, pipelineNames, rawMentions, stageConfig, WATCH } from '../test/chaos/lib/pipeline.ts';
import { killAll, startStageProcess, type StageProcess } from '../test/chaos/lib/stage-process.ts';
import { benchServices, runBench } from './lib/run.ts';

// Documents become searchable at each 1 s refresh, so the end of a run moves by up to a second:
// on a 3-4 s burst (20,000) that alone swung the ratio between 0.53 and 0.75 in two runs minutes
// apart. 100,000 keeps it to a few per cent, for the ceiling and the pipeline alike.
const N = Number(process.env.BENCH_N ?? 100_000);
const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 4);
const ENRICH = Number(process.env.BENCH_ENRICH ?? 1);
const INDEX = Number(process.env.BENCH_INDEX ?? 1);
const LATENCY_S = Number(process.env.BENCH_LATENCY_S ?? 20);
const MODE = process.env.BENCH_MODE ?? 'drain';
if (MODE !== 'drain' && MODE !== 'live') throw new Error(`BENCH_MODE must be drain or live, not ${MODE}`);
const FLUSH_COUNT = Number(process.env.BENCH_FLUSH_COUNT ?? 1000);
const INDEX_CONCURRENCY = Number(process.env.BENCH_INDEX_CONCURRENCY ?? 2);
// The indexer holds each batch until Elasticsearch acknowledges it, so with V8's default 16 MB
// young generation most of it is promoted and collected again by full GCs (profiled: a fifth of
// the index process's CPU). A larger young generation, as docs/operations.md recommends.
const INDEX_NODE_OPTIONS = process.env.BENCH_INDEX_NODE_OPTIONS ?? '--max-semi-space-size=64';
const ENRICH_NODE_OPTIONS = process.env.BENCH_ENRICH_NODE_OPTIONS ?? '';
const PROFILE_DIR = process.env.BENCH_PROFILE;

/**
 * NODE_OPTIONS for a profiled stage process. Node 20 refuses `--cpu-prof` there, so a preloaded
 * script profiles through the inspector: it starts on SIGUSR2 (sent with the clock's start) and
 * writes the profile when the process exits (the inspector answers synchronously in-thread).
 */
function profileOptions(name: string): string {
  if (!PROFILE_DIR) return '';
  mkdirSync(PROFILE_DIR, { recursive: true });
  const script = join(PROFILE_DIR, `${name}.cjs`);
  const out = JSON.stringify(join(PROFILE_DIR, `${name}.cpuprofile`));
  writeFileSync(
    script,
    `const { Session } = require('node:inspector');
const s = new Session();
s.connect();
s.post('Profiler.enable');
s.post('Profiler.setSamplingInterval', { interval: 500 });
process.on('SIGUSR2', () => s.post('Profiler.start'));
process.on('exit', () => s.post('Profiler.stop', (e, r) => e || require('node:fs').writeFileSync(${out}, JSON.stringify(r.profile))));
`,
  );
  return `--require ${script}`;
}
const say = (s: string) => process.stderr.write(`bench:e2e: ${s}\n`);

async function searchable(es: Client, alias: string): Promise<number> {
  return (await es.count({ index: alias, ignore_unavailable: true })).count;
}

async function until(pred: () => Promise<boolean>, timeoutMs: number, what: string, everyMs = 250): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc; undefined when unreadable. */
function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Inodes of the sockets listening on `port` (from /proc/net/tcp and tcp6). */
function listeningInodes(port: number): Set<string> {
  const out = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is `<ip>:<port>` in hex, st 0A is LISTEN, the inode is the 10th column.
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) out.add(cols[9]);
    }
  }
  return out;
}

/**
 * The local Kafka broker and Elasticsearch node the bench talks to, when they run on this
 * machine: among the processes whose command line names them, the one listening on the port of
 * KAFKA_BROKERS / ELASTICSEARCH_URL (another stack may run beside the one measured).
 */
function servicePids(kafkaPort: number, esPort: number): { kafka?: number; es?: number } {
  const out: { kafka?: number; es?: number } = {};
  const wanted = { kafka: listeningInodes(kafkaPort), es: listeningInodes(esPort) };
  const listens = (pid: string, inodes: Set<string>) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          return m !== null && inodes.has(m[1]!);
        } catch {
          return false;
        }
      });
    } catch {
      return false;
    }
  };
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmd.includes('kafka.Kafka') && listens(d, wanted.kafka)) out.kafka = Number(d);
    else if (cmd.includes('org.elasticsearch.bootstrap.Elasticsearch') && listens(d, wanted.es)) out.es = Number(d);
  }
  return out;
}

/** CPU used by each process between two snapshots, in µs per mention. */
class CpuMeter {
  constructor(private readonly pids: Record<string, number | undefined>) {}
  snapshot(): Record<string, number | undefined> {
    const own = process.cpuUsage();
    return { ...Object.fromEntries(Object.entries(this.pids).map(([n, pid]) => [n, cpuSeconds(pid)])), bench: (own.user + own.system) / 1e6 };
  }
  static perMention(a: Record<string, number | undefined>, b: Record<string, number | undefined>, n: number): string {
    return Object.keys(b)
      .map((k) => `${k} ${a[k] === undefined || b[k] === undefined ? 'n/a' : Math.round(((b[k]! - a[k]!) * 1e6) / n)}`)
      .join(', ');
  }
}

function signal(p: StageProcess, sig: 'SIGSTOP' | 'SIGCONT' | 'SIGUSR2'): void {
  if (p.child.pid !== undefined) process.kill(p.child.pid, sig);
}

/** Bulk requests the Elasticsearch node has received so far (all clients), when it reports them. */
async function bulkRequests(es: Client): Promise<number | undefined> {
  try {
    const r = (await es.nodes.stats({ metric: 'http', filter_path: 'nodes.*.http.routes./_bulk.requests.count' })) as { nodes?: Record<string, { http?: { routes?: Record<string, { requests?: { count?: number } }> } }> };
    return Object.values(r.nodes ?? {}).reduce((a, n) => a + (n.http?.routes?.['/_bulk']?.requests?.count ?? 0), 0);
  } catch {
    return undefined;
  }
}

/** `<requests> (<documents> per request)` between two counts, or n/a. */
function perRequest(a: number | undefined, b: number | undefined, docs: number): string {
  if (a === undefined || b === undefined || b <= a) return 'n/a';
  return `${b - a} (${Math.round(docs / (b - a))} documents per request)`;
}

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The ceiling: the same enriched documents, sequential bulk requests of 1000, straight into Elasticsearch. */
async function plainLoop(es: Client, prefix: string, docs: EnrichedMention[]): Promise<number> {
  await setupIndices(es, { prefix });
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += 1000) {
    const ops = docs.slice(i, i + 1000).flatMap((m) => [{ index: { _index: monthlyIndex(prefix, m.publishedAt), _id: m.id } }, toDocument(m)]);
    // The same response filter as the indexer's sink (index/elasticsearch/sink.ts): the ceiling
    // gets every saving the pipeline gets on the Elasticsearch side.
    const r = await es.bulk({ operations: ops, filter_path: 'errors,items.*.status,items.*.error' });
    if (r.errors) throw new Error('plain bulk loop: item errors');
  }
  // Searchable, as for the pipeline: wait for the count rather than forcing a refresh.
  await until(async () => (await searchable(es, `${prefix}-mentions`)) >= docs.length, 60_000, 'plain loop searchable', 100);
  return performance.now() - t0;
}

async function main(): Promise<Record<string, unknown>> {
  const { brokers, esUrl } = await benchServices('e2e', { kafka: true, es: true });
  const es = createEsClient({ node: esUrl, requestTimeoutMs: 60_000 });
  const run = randomUUID().slice(0, 8);
  const names = pipelineNames(`bench-e2e-${run}`);
  const ceilingPrefix = `bench-e2e-ceiling-${run}`;
  const bus = new KafkaBus({ brokers, clientId: 'bench-e2e' });
  const admin = new Kafka({ brokers, clientId: 'bench-e2e-poll', logLevel: logLevel.NOTHING }).admin();
  const procs: StageProcess[] = [];
  let paused = false;
  try {
    // The same mentions, enriched offline by the pipeline code the enrich stage runs.
    const raws = rawMentions(run, 0, N);
    const pipeline = createEnrichPipeline({ languages: ['fr', 'en'], watch: WATCH as never, dropUnmatched: true, sentiment: { accurate: 'off' } }, { logger: silentLogger(), clock: systemClock, metrics: new Metrics() });
    const enriched = raws.map((m) => pipeline.enrich(m).mention).filter((m): m is EnrichedMention => m !== undefined);
    if (enriched.length !== N) throw new Error(`${N - enriched.length} mentions did not match the watch entry`);
    say(`ceiling: plain bulk loop of ${N} enriched documents`);
    const services = servicePids(Number(brokers[0]!.split(':').pop()), Number(new URL(esUrl).port || 9200));
    const loadAtStart = load();
    const ceilingMeter = new CpuMeter({ kafka: services.kafka, es: services.es });
    const ceilingCpu0 = ceilingMeter.snapshot();
    const ceilingBulks0 = await bulkRequests(es);
    const ceilingMs = await plainLoop(es, ceilingPrefix, enriched);
    const ceilingCpu = CpuMeter.perMention(ceilingCpu0, ceilingMeter.snapshot(), N);
    const ceilingBulks = perRequest(ceilingBulks0, await bulkRequests(es), N);
    await deleteByPrefix(es, ceilingPrefix);

    const ports = await freePorts(ENRICH + INDEX);
    const cfg = (port: number) => stageConfig({ brokers, esUrl, names, partitions: PARTITIONS, metricsPort: port, extra: { index: { flushCount: FLUSH_COUNT, concurrency: INDEX_CONCURRENCY } } });
    say(`starting ${INDEX} index (NODE_OPTIONS ${INDEX_NODE_OPTIONS || 'none'}) and ${ENRICH} enrich process(es), ${PARTITIONS} partitions`);
    const nodeOptions = (...o: Array<string | undefined>) => o.filter(Boolean).join(' ');
    const env = (name: string, own = '') => ({ VIGIE_LOG_LEVEL: 'warn', NODE_OPTIONS: nodeOptions(process.env.NODE_OPTIONS, own, profileOptions(name)) });
    for (let i = 0; i < INDEX; i++) procs.push(await startStageProcess({ args: ['index'], config: cfg(ports[i]!), name: `index-${i + 1}`, env: env(`index-${i + 1}`, INDEX_NODE_OPTIONS) }));
    for (let i = 0; i < ENRICH; i++) procs.push(await startStageProcess({ args: ['enrich'], config: cfg(ports[INDEX + i]!), name: `enrich-${i + 1}`, env: env(`enrich-${i + 1}`, ENRICH_NODE_OPTIONS) }));
    await until(async () => (await groupsStable(brokers, [`${names.prefix}.enrich`], ENRICH)) && (await groupsStable(brokers, [`${names.prefix}.index`], INDEX)), 90_000, 'consumer groups stable', 500);
    // Warm-up: index creation, JIT and connections, outside the measure.
    await bus.publish(names.topics.raw, asMessages(rawMentions(`${run}w`, 0, 500)));
    await until(async () => (await searchable(es, names.alias)) >= 500, 60_000, 'warm-up searchable');

    const stagePids = Object.fromEntries(procs.map((p) => [p.name, p.child.pid]));
    const burstMeter = new CpuMeter({ ...stagePids, kafka: services.kafka, es: services.es });
    // One admin connection for the polls below (a lag query per poll would connect and disconnect
    // a client every 200 ms, CPU charged to the pipeline but not to the ceiling).
    await admin.connect();
    // Test data is made before the clock starts.
    const produced = asMessages(rawMentions(run, 0, N, Date.now()));
    const produce = async () => {
      const start = performance.now();
      for (let i = 0; i < N; i += 1000) await bus.publish(names.topics.raw, produced.slice(i, i + 1000));
      return performance.now() - start;
    };
    let produceMs = 0;
    if (MODE === 'drain') {
      // Paused, not stopped: they keep their partitions (the burst takes a few seconds, the
      // session timeout is 30 s) and resume where they were, JIT warm.
      say(`throughput (drain): stages paused, producing ${N} mentions`);
      for (const p of procs) signal(p, 'SIGSTOP');
      paused = true;
      produceMs = await produce();
      say('throughput (drain): burst acknowledged, stages resumed');
    } else {
      say(`throughput (live): producing ${N} mentions while the stages consume`);
    }
    const burstBulks0 = await bulkRequests(es);
    const burstCpu0 = burstMeter.snapshot();
    const t0 = performance.now();
    if (PROFILE_DIR) for (const p of procs) signal(p, 'SIGUSR2');
    if (MODE === 'drain') {
      for (const p of procs) signal(p, 'SIGCONT');
      paused = false;
    } else {
      produceMs = await produce();
    }
    // Which stage limits: when did enrich publish its N-th mention (the enriched topic's size),
    // when was the N-th searchable.
    const enrichedCount = async () => (await admin.fetchTopicOffsets(names.topics.enriched)).reduce((a, p) => a + Number(p.high) - Number(p.low), 0);
    let enrichedMs = 0;
    await until(async () => {
      if (!enrichedMs && (await enrichedCount()) >= N + 500) enrichedMs = performance.now() - t0;
      return (await searchable(es, names.alias)) >= N + 500;
    }, 600_000, `${N} documents searchable`, 200);
    const pipelineMs = performance.now() - t0;
    const burstCpu = CpuMeter.perMention(burstCpu0, burstMeter.snapshot(), N);
    const burstBulks = perRequest(burstBulks0, await bulkRequests(es), N);
    enrichedMs ||= pipelineMs;
    const rate = N / (pipelineMs / 1000);

    const paced = Math.max(10, Math.round(rate / 2));
    say(`latency: ${paced} mentions/s for ${LATENCY_S} s`);
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    let next = N;
    let producing = true;
    const producer = (async () => {
      const end = Date.now() + LATENCY_S * 1000;
      while (Date.now() < end) {
        const t = Date.now();
        const batch = rawMentions(run, next, Math.max(1, Math.round(paced / 10)), t);
        next += batch.length;
        await bus.publish(names.topics.raw, asMessages(batch));
        for (const m of batch) if (Number(m.id.split(':').pop()) % 10 === 0) pending.set(m.id, t);
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - t))));
      }
      producing = false;
    })();
    const deadline = Date.now() + LATENCY_S * 1000 + 120_000;
    while ((producing || pending.size > 0) && Date.now() < deadline) {
      const ids = [...pending.keys()].slice(0, 2000);
      if (ids.length) {
        const r = await es.search({ index: names.alias, size: ids.length, _source: false, docvalue_fields: ['id'], query: { terms: { id: ids } } });
        const now = Date.now();
        for (const h of r.hits.hits) {
          const t = pending.get(h._id!);
          if (t !== undefined) {
            latencies.push(now - t);
            pending.delete(h._id!);
          }
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await producer;
    if (pending.size) throw new Error(`${pending.size} probe mentions never became searchable`);
    latencies.sort((a, b) => a - b);

    const ceiling = N / (ceilingMs / 1000);
    const rows: Array<Array<string | number>> = [
      ['measure', 'value'],
      ['mentions', N],
      [`plain bulk loop (ceiling), docs/s`, Math.round(ceiling)],
      [`pipeline raw topic -> searchable, mentions/s (${ENRICH} enrich + ${INDEX} index processes, ${PARTITIONS} partitions)`, Math.round(rate)],
      ['  measured as', MODE === 'drain' ? 'drain of a backlog (burst produced first, stages paused)' : 'live (burst produced while the stages consume)'],
      ['ratio pipeline / ceiling (target >= 0.8)', (rate / ceiling).toFixed(2)],
      [`production of the burst, mentions/s${MODE === 'drain' ? ' (before the clock)' : ''}`, Math.round(N / (produceMs / 1000))],
      ['enrich stage alone (raw -> enriched topic), mentions/s', Math.round(N / (enrichedMs / 1000))],
      [`latency production -> searchable at ${paced}/s, p50 ms (${latencies.length} probes)`, pct(latencies, 50)],
      ['latency production -> searchable, p99 ms', pct(latencies, 99)],
      ['latency max ms', latencies[latencies.length - 1]!],
    ];
    // CPU of each process while it ran (from /proc): on a shared machine the rates above move
    // with the other load, these much less. `bench` is this process: the bulk loop's client side
    // for the ceiling, the producer of the burst (and the count polling) for the pipeline.
    const cpuLines = [
      `CPU µs per mention, ceiling: ${ceilingCpu}`,
      `CPU µs per mention, pipeline burst (${MODE}): ${burstCpu}`,
      `bulk requests Elasticsearch received (every client of the node): ceiling ${ceilingBulks}, pipeline burst ${burstBulks}`,
      `indexer: index.flushCount ${FLUSH_COUNT}, index.concurrency ${INDEX_CONCURRENCY} (BENCH_FLUSH_COUNT, BENCH_INDEX_CONCURRENCY); ceiling: sequential bulk requests of 1000`,
      `measured Kafka and Elasticsearch processes (by listening port): pid ${services.kafka ?? 'n/a'}, pid ${services.es ?? 'n/a'}`,
      `NODE_OPTIONS: index processes ${INDEX_NODE_OPTIONS || 'none'} (BENCH_INDEX_NODE_OPTIONS), enrich processes ${ENRICH_NODE_OPTIONS || 'none'} (BENCH_ENRICH_NODE_OPTIONS)`,
      `load average at start ${loadAtStart}, at end ${load()} (${cpus().length} CPUs)`,
    ];
    process.stdout.write(`\nend-to-end benchmark — Kafka ${brokers.join(',')}, Elasticsearch ${esUrl}\n${table(rows)}\n${cpuLines.join('\n')}\n`);
    return { mode: MODE, n: N, ceiling: Math.round(ceiling), pipeline: Math.round(rate), ratio: Number((rate / ceiling).toFixed(3)), p50: pct(latencies, 50), p99: pct(latencies, 99) };
  } finally {
    if (paused) for (const p of procs) signal(p, 'SIGCONT');
    // A graceful stop writes the profiles; otherwise nothing of the processes' state matters.
    if (PROFILE_DIR) await Promise.all(procs.map((p) => p.stop()));
    await killAll(procs);
    await admin.disconnect().catch(() => undefined);
    await bus.deleteTopics(Object.values(names.topics)).catch(() => undefined);
    await bus.close();
    await deleteByPrefix(es, names.prefix).catch(() => undefined);
    await deleteByPrefix(es, ceilingPrefix).catch(() => undefined);
    await es.close();
  }
}

await runBench('e2e', main);
