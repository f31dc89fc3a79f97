/**
 * Scale-out across processes: two `vigie enrich` and two `vigie index` processes on the same
 * topics (4 partitions) share the work, every mention is indexed exactly once, and when one of
 * each is killed with SIGKILL while mentions keep flowing, the survivors take over with nothing
 * lost and nothing doubled.
 */
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { freePorts } from '../../stack/index.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';
import { removePipeline } from '../helpers/stages.ts';
import { startFlow, table } from '../chaos/lib/flow.ts';
import { groupsStable } from '../chaos/lib/groups.ts';
import { indexedCounts, pipelineNames, stageConfig } from '../chaos/lib/pipeline.ts';
import { promSum } from '../chaos/lib/prom.ts';
import { killAll, startStageProcess, type StageProcess } from '../chaos/lib/stage-process.ts';

const names = pipelineNames(uniqueName('scale'));
const runId = names.prefix.slice(-8);
const PARTITIONS = 4;
const FIRST = 1500;
const SECOND = 1500;

describe('two enrich and two index processes on 4 partitions', () => {
  let es: Client;
  let bus: KafkaBus;
  const procs: StageProcess[] = [];
  const rows: Array<Array<string | number>> = [['process', 'received (total)', 'emitted (total)', 'state']];
  const phase1 = new Map<string, number>();

  beforeAll(async () => {
    es = new Client({ node: elasticsearchUrl() });
    bus = new KafkaBus({ brokers: kafkaBrokers(), clientId: 'scale-test' });
    const ports = await freePorts(4);
    const cfg = (port: number) => stageConfig({ brokers: kafkaBrokers(), esUrl: elasticsearchUrl(), names, partitions: PARTITIONS, metricsPort: port });
    // Started one by one: the first creates the topics and index templates, the rest find them.
    for (const [i, stage] of (['index', 'index', 'enrich', 'enrich'] as const).entries()) {
      procs.push(await startStageProcess({ args: [stage], config: cfg(ports[i]!), name: `${stage}-${(i % 2) + 1}` }));
    }
    // Produce only once both members of each group hold partitions, so the split is the group's doing.
    await waitFor(() => groupsStable(kafkaBrokers(), [`${names.prefix}.enrich`, `${names.prefix}.index`], 2), 90_000, 'both groups stable with 2 members', 500);
  });

  afterAll(async () => {
    await killAll(procs);
    await removePipeline(names, bus, es);
    await es?.close();
    if (rows.length > 1) console.log(`\nscale-out (2 enrich + 2 index processes, ${PARTITIONS} partitions)\n${table(rows)}\n`);
  });

  const stageOf = (p: StageProcess) => p.name.split('-')[0]!;
  const counts = async (p: StageProcess) => {
    const m = await p.metrics();
    return { received: promSum(m, 'vigie_mentions_received_total', { stage: stageOf(p) }), emitted: promSum(m, 'vigie_mentions_emitted_total', { stage: stageOf(p) }) };
  };

  it('indexes every mention exactly once and splits the work', async () => {
    const flow = startFlow({ bus, topic: names.topics.raw, runId, ratePerSec: 500, limit: FIRST });
    expect(await flow.done()).toBe(FIRST);
    await waitFor(async () => (await indexedCounts(es, names.alias)).docs >= FIRST, 120_000, `${FIRST} documents`, 500);
    expect(await indexedCounts(es, names.alias)).toEqual({ docs: FIRST, ids: FIRST });
    for (const stage of ['enrich', 'index']) {
      const mine = procs.filter((p) => stageOf(p) === stage);
      const c = await Promise.all(mine.map(counts));
      mine.forEach((p, i) => {
        rows.push([`${p.name} (phase 1)`, c[i]!.received, c[i]!.emitted, 'running']);
        phase1.set(p.name, c[i]!.received);
      });
      // Each process did a share of the work, and together exactly all of it.
      for (const x of c) expect(x.received).toBeGreaterThan(0);
      expect(c.reduce((a, x) => a + x.received, 0)).toBe(FIRST);
      expect(c.reduce((a, x) => a + x.emitted, 0)).toBe(FIRST);
    }
  });

  it('survivors take over after kill -9 of one enrich and one index process, nothing lost', async () => {
    const flow = startFlow({ bus, topic: names.topics.raw, runId, ratePerSec: 150, first: FIRST, limit: SECOND });
    // Mid-run: some of the second wave is in flight in every process.
    await waitFor(() => flow.produced >= SECOND / 4, 30_000, 'a quarter of the second wave produced');
    const killedAt = Date.now();
    const victims = [procs.find((p) => p.name === 'enrich-1')!, procs.find((p) => p.name === 'index-1')!];
    const before = await Promise.all(victims.map(counts));
    await Promise.all(victims.map((p) => p.kill9()));
    const total = FIRST + (await flow.done());
    expect(total).toBe(FIRST + SECOND);
    // The group notices the dead members after the session timeout (30 s), then rebalances.
    await waitFor(async () => (await indexedCounts(es, names.alias)).docs >= total, 150_000, `${total} documents`, 1000);
    const recoveredS = ((Date.now() - killedAt) / 1000).toFixed(1);
    const final = await indexedCounts(es, names.alias);
    expect(final).toEqual({ docs: total, ids: total });

    victims.forEach((p, i) => rows.push([`${p.name} (phase 2)`, before[i]!.received, before[i]!.emitted, 'killed -9']));
    const survivors = procs.filter((p) => !victims.includes(p));
    for (const p of survivors) {
      const c = await counts(p);
      rows.push([`${p.name} (phase 2)`, c.received, c.emitted, 'survivor']);
    }
    rows.push(['produced / indexed docs / distinct ids', total, `${final.docs} / ${final.ids}`, `recovered ${recoveredS} s`]);
    // Killed at a quarter of the wave, each survivor must have read well over its own half of it:
    // it took over the dead process's partitions.
    for (const p of survivors) expect((await counts(p)).received - phase1.get(p.name)!).toBeGreaterThan(SECOND / 2);
  });
});
