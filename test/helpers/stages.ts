import type { Client } from '@elastic/elasticsearch';
import { expect } from 'vitest';
import { validateConfig, type VigieConfig } from '../../cli/config.ts';
import { createRuntime, type Runtime } from '../../cli/runtime.ts';
import { startStages, type RunningStages, type StageName } from '../../cli/stages.ts';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import type { RawMentionInput } from '../../core/mention.ts';
import { pipelineNames, type PipelineNames } from '../chaos/lib/pipeline.ts';
import { deleteByPrefix } from './es-cleanup.ts';
import { elasticsearchUrl, kafkaBrokers, uniqueName } from './services.ts';

/** Stages of `vigie run` started in the test process on the run's real Kafka and Elasticsearch. */
export interface TestStages {
  /** `test-<uuid>`: every topic, consumer group and index of this run starts with it. */
  prefix: string;
  config: VigieConfig;
  rt: Runtime;
  running: RunningStages;
  /** A client of its own, to publish and to delete the topics after the stages closed theirs. */
  bus: KafkaBus;
  /** Publishes raw mentions to the raw topic, keyed by id (as a connector would). */
  publish(ms: readonly RawMentionInput[]): Promise<void>;
  /** Refreshes the mentions index, so that a search sees what was indexed. */
  refresh(): Promise<void>;
  /** The stored mention with this id (a search: refresh first), or undefined. */
  doc(id: string): Promise<Record<string, any> | undefined>;
  /** Stops the stages, deletes the topics, the indices and templates of the prefix. */
  stop(): Promise<void>;
}

/**
 * Validates `settings` (a Vigie config without its `kafka` and `elasticsearch` sections, which
 * point at this run's services under a fresh prefix), then starts `stages` in this process
 * (sources are not polled: tests call `running.ingest.runOnce()`).
 */
export async function startTestStages(settings: Record<string, unknown>, stages: readonly StageName[], o: { clientId?: string; logger?: Logger } = {}): Promise<TestStages> {
  const names = pipelineNames(uniqueName());
  const prefix = names.prefix;
  const r = validateConfig({
    kafka: { brokers: kafkaBrokers(), groupPrefix: prefix, topics: { ...names.topics, partitions: 2 } },
    elasticsearch: { node: elasticsearchUrl(), indexPrefix: prefix },
    ...settings,
  });
  expect(r.problems).toEqual([]);
  const config = r.config!;
  const rt = createRuntime(config, 'test', o.logger ?? silentLogger());
  const bus = new KafkaBus({ brokers: config.kafka.brokers, clientId: o.clientId ?? 'stages-test' });
  let running: RunningStages | undefined;
  const stop = async () => {
    await running?.stop();
    await removePipeline(names, bus, rt.es);
  };
  try {
    running = await startStages(rt, stages, { pollSources: false });
  } catch (e) {
    await stop().catch(() => {});
    throw e;
  }
  return {
    prefix,
    config,
    rt,
    running,
    bus,
    publish: (ms) => bus.publish(config.kafka.topics.raw, ms.map((m) => ({ key: m.id, value: JSON.stringify(m) }))),
    refresh: async () => void (await rt.es.indices.refresh({ index: names.alias })),
    doc: async (id) => (await rt.es.search<Record<string, any>>({ index: names.alias, query: { ids: { values: [id] } } })).hits.hits[0]?._source,
    stop,
  };
}

/** Removes what a test pipeline left: its topics (then closes `bus`, a client of the test's own), its indices and templates. */
export async function removePipeline(names: PipelineNames, bus: KafkaBus | undefined, es: Client | undefined): Promise<void> {
  await bus?.deleteTopics(Object.values(names.topics)).catch(() => undefined);
  await bus?.close();
  if (es) await deleteByPrefix(es, names.prefix);
}
