import type { Client } from '@elastic/elasticsearch';
import type { TopicSpec } from '../core/bus.ts';
import { KafkaBus } from '../core/bus-kafka.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { createEsClient } from '../index/elasticsearch/client.ts';
import type { VigieConfig } from './config.ts';

/** The services one `vigie` process shares between its stages. */
export interface Runtime {
  config: VigieConfig;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  bus: KafkaBus;
  es: Client;
}

/** Builds the runtime from a validated config. Nothing connects until a stage uses it. */
export function createRuntime(config: VigieConfig, name: string, logger: Logger = createLogger({ name })): Runtime {
  const k = config.kafka;
  const bus = new KafkaBus({
    brokers: k.brokers,
    clientId: `${k.clientId}-${name}`,
    logger: logger.child({ component: 'kafka' }),
    ssl: k.ssl || undefined,
    sasl: k.sasl ? ({ mechanism: k.sasl.mechanism, username: k.sasl.username, password: k.sasl.password } as never) : undefined,
  });
  const e = config.elasticsearch;
  const es = createEsClient({
    node: e.node,
    auth: e.apiKey ? { apiKey: e.apiKey } : e.username && e.password ? { username: e.username, password: e.password } : undefined,
    tls: e.caFingerprint ? { caFingerprint: e.caFingerprint } : undefined,
  });
  return { config, logger, metrics: new Metrics(), clock: systemClock, bus, es };
}

/** The mention topics, sized from the config (partitions bound the workers of a stage). */
export function mentionTopics(config: VigieConfig): TopicSpec[] {
  const t = config.kafka.topics;
  const spec = (name: string): TopicSpec => ({ name, partitions: t.partitions, replicationFactor: t.replicationFactor });
  return [spec(t.raw), spec(t.enriched), spec(t.dlq), spec(t.alerts)];
}

export function groupId(config: VigieConfig, stage: string): string {
  return `${config.kafka.groupPrefix}.${stage}`;
}
