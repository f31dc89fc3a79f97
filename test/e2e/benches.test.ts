/**
 * Every benchmark of the README runs the way the README says, in a tiny configuration (seconds,
 * not figures): it exits 0, prints its machine context first and one JSON line last. With the
 * run's services given, and once with nothing given (the bench starts and stops a local stack of
 * its own), and once with a service that refuses (one line with the fix, no stack trace).
 */
import { runChild, type ChildRun } from '../helpers/child.ts';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { elasticsearchUrl, kafkaBrokers } from '../helpers/services.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

function bench(script: string, args: string[], env: Record<string, string | undefined>): Promise<ChildRun> {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete merged[k];
  return runChild(process.execPath, ['--import', 'tsx', `bench/${script}.ts`, ...args], { cwd: root, env: merged });
}

/** The JSON object of the last stdout line, after checking the machine context came first. */
function lastJson(r: ChildRun, name: string): Record<string, unknown> {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.code, r.stderr).toBe(0);
  const lines = r.stdout.trimEnd().split('\n');
  expect(lines[0]).toMatch(new RegExp(`^bench:${name} on \\d+ cores .*load average .*Node v\\d+`));
  const json = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
  expect(json.bench).toBe(name);
  expect(json.machine).toMatchObject({ cores: expect.any(Number), node: process.version });
  return json;
}

const services = () => ({ KAFKA_BROKERS: kafkaBrokers().join(','), ELASTICSEARCH_URL: elasticsearchUrl() });

describe('benchmarks, tiny runs', () => {
  it('bench:accuracy', async () => {
    const j = lastJson(await bench('accuracy', ['--rows', '40'], {}), 'accuracy');
    expect(Object.keys(j.languageAccuracy as object)).toEqual(['tweets', 'sentences', 'wordpairs', 'words']);
    expect((j.sentimentF1 as Record<string, number>).fr).toBeGreaterThan(0);
  });

  it('bench:enrich', async () => {
    const j = lastJson(await bench('enrich', ['--mentions', '1500'], {}), 'enrich');
    expect(j.perCore).toBeGreaterThan(0);
    expect(j.matchedPct).toBeGreaterThan(50);
  });

  it('bench:feeds', async () => {
    const j = lastJson(await bench('feeds', ['--big-mb', '0.1'], {}), 'feeds');
    const scores = j.scores as Array<{ items: number; equal: number; lost: number; wrongRepairs: number; mojibake: number }>;
    expect(scores).toHaveLength(2);
    for (const s of scores) expect(s).toMatchObject({ equal: s.items, lost: 0, wrongRepairs: 0, mojibake: 0 });
    expect((j.speed as Record<string, number>).detectedFeedsPerSec).toBeGreaterThan(0);
  });

  it('bench:feedparser (feedparser\'s own test feeds, one folder)', async () => {
    const j = lastJson(await bench('feedparser-suite', ['--only', 'encoding'], {}), 'feedparser');
    expect(j).toMatchObject({ version: '6.0.11', feeds: expect.any(Number) });
    expect(j.applicable).toBeGreaterThan(150);
    expect(j.percent).toBeGreaterThanOrEqual(90);
  });

  it('bench:index with the given Elasticsearch', async () => {
    const j = lastJson(await bench('index', [], { ...services(), BENCH_DOCS: '600' }), 'index');
    expect(j).toMatchObject({ docs: 600, plainDocsPerS: expect.any(Number), sinkDocsPerS: expect.any(Number), workerDocsPerS: expect.any(Number) });
  });

  it('bench:alerts with the given Kafka', async () => {
    const j = lastJson(await bench('alerts', ['--rate', '100', '--seconds', '3', '--burst-at', '1', '--drain-s', '5'], services()), 'alerts');
    expect(j.probePages).toBe(j.probes);
    expect(j.badSignatures).toBe(0);
  });

  it('bench:crisis (no services)', async () => {
    const j = lastJson(await bench('crisis', ['--only', 'bot-flood,repost-storm', '--sizes', 'shop'], {}), 'crisis');
    const byName = Object.fromEntries((j.scenarios as Array<{ scenario: string; calmPages: number; eventPages: number; byRule: Record<string, number> }>).map((r) => [r.scenario, r]));
    expect(byName['bot-flood']).toMatchObject({ calmPages: 0, eventPages: 0 });
    expect(byName['repost-storm']!.byRule['acme-surge']).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('bench:e2e with the given Kafka and Elasticsearch', async () => {
    const j = lastJson(await bench('e2e', [], { ...services(), BENCH_N: '1000', BENCH_LATENCY_S: '2', BENCH_PARTITIONS: '2' }), 'e2e');
    expect(j).toMatchObject({ mode: 'drain', n: 1000, pipeline: expect.any(Number), ceiling: expect.any(Number) });
  });

  it('a given service that does not answer: one line with the fix, exit 1', async () => {
    const r = await bench('alerts', ['--seconds', '1'], { KAFKA_BROKERS: '127.0.0.1:1', ELASTICSEARCH_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^bench:alerts failed: Kafka at 127\.0\.0\.1:1 does not answer .*unset KAFKA_BROKERS/)]);
  });

  it('nothing given: the bench starts a local stack of its own and stops it', async () => {
    const r = await bench('alerts', ['--rate', '100', '--seconds', '2', '--burst-at', '1', '--drain-s', '5'], { KAFKA_BROKERS: undefined, ELASTICSEARCH_URL: undefined });
    lastJson(r, 'alerts');
    const dir = /local stack ready in .* in (\S+)/.exec(r.stderr)?.[1];
    expect(dir, r.stderr).toBeDefined();
    expect(r.stderr).toMatch(/local stack stopped/);
  }, 400_000);
});
