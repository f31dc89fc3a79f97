import { Kafka, logLevel, type Admin, type Consumer, type Producer, type LogEntry, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { Bus, BusMessage, ConsumeOptions, OutMessage, Subscription, TopicSpec } from './bus.ts';
import { VigieError } from './errors.ts';
import { fastDefaultPartitioner } from './kafka-partitioner.ts';
import type { Logger } from './logger.ts';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger?: Logger;
  ssl?: KafkaConfig['ssl'];
  sasl?: SASLOptions;
  /** Broker request timeout; also bounds how long publish waits for acks. */
  requestTimeoutMs?: number;
}

const HEARTBEAT_MS = 3_000;

/** Message headers as strings (one loop: this runs for every message consumed). */
function headersOf(h: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in h) {
    const v = h[k];
    const value = v === undefined ? '' : String(v);
    // A header named __proto__ stays a plain key, as with Object.fromEntries.
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}

/** kafkajs 2.2.4 speaks protocol versions Kafka 3.9 still accepts (Kafka 4 removed some: KIP-896). */
export class KafkaBus implements Bus {
  private kafka: Kafka;
  private producer: Producer | undefined;
  private producerReady: Promise<Producer> | undefined;
  private consumers = new Set<Consumer>();
  private readonly logger: Logger | undefined;

  constructor(opts: KafkaBusOptions) {
    this.logger = opts.logger;
    const log = opts.logger;
    this.kafka = new Kafka({
      clientId: opts.clientId,
      brokers: opts.brokers,
      ssl: opts.ssl,
      sasl: opts.sasl,
      requestTimeout: opts.requestTimeoutMs ?? 30_000,
      connectionTimeout: 5_000,
      logLevel: logLevel.WARN,
      // Route kafkajs' own logs through pino so they are structured and redacted.
      logCreator: () => (entry: LogEntry) => {
        if (!log) return;
        const { message, ...rest } = entry.log;
        // kafkajs warns whenever an idempotent producer has bounded retries; bounded is what we
        // want (a failed publish surfaces to the caller, which retries or leaves the offset).
        const benign = typeof message === 'string' && message.startsWith('Limiting retries for the idempotent producer');
        // Connection-level error responses (coordinator loading, leader moving) are retried by
        // kafkajs itself: for an operator they are warnings, not lost data.
        const retried = entry.namespace === 'Connection';
        const level = benign ? 'debug' : entry.level === logLevel.ERROR && !retried ? 'error' : entry.level <= logLevel.WARN ? 'warn' : 'debug';
        log[level]({ kafka: entry.namespace, ...rest }, message);
      },
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    });
  }

  private admin(): Admin {
    return this.kafka.admin();
  }

  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    const admin = this.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.name));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (e) {
      // Two processes starting together may race to create the same topic: that is fine.
      if ((e as { type?: string }).type === 'TOPIC_ALREADY_EXISTS') return;
      throw new VigieError('ERR_BUS_TOPIC', `could not create topics: ${(e as Error).message}`, { cause: e, retriable: true });
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** Deletes topics (tests and tooling). */
  async deleteTopics(names: string[]): Promise<void> {
    const admin = this.admin();
    try {
      await admin.connect();
      await admin.deleteTopics({ topics: names, timeout: 10_000 });
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /**
   * Messages of `topic` not yet committed by `groupId`, per partition (a group that has
   * committed nothing yet counts from the log start).
   */
  async lagByPartition(groupId: string, topic: string): Promise<Array<{ partition: number; lag: number }>> {
    const admin = this.admin();
    try {
      await admin.connect();
      const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
      const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
      return ends.map((e) => {
        const low = BigInt(e.low);
        const c = done.get(e.partition) ?? -1n;
        return { partition: e.partition, lag: Number(BigInt(e.high) - (c < low ? low : c)) };
      });
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** Resolves when a broker answers a metadata request (readiness checks). */
  async ping(): Promise<void> {
    const admin = this.admin();
    try {
      await admin.connect();
      await admin.listTopics();
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }

  /** Total lag of a group on a topic. */
  async lag(groupId: string, topic: string): Promise<number> {
    return (await this.lagByPartition(groupId, topic)).reduce((a, p) => a + p.lag, 0);
  }

  private getProducer(): Promise<Producer> {
    this.producerReady ??= (async () => {
      const p = this.kafka.producer({
        // kafkajs's DefaultPartitioner with a 32-bit murmur2: same partitions, a tenth less CPU per message produced.
        createPartitioner: fastDefaultPartitioner,
        allowAutoTopicCreation: false,
        // Idempotence keeps retried sends from duplicating messages inside the broker.
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await p.connect();
      this.producer = p;
      return p;
    })().catch((e) => {
      this.producerReady = undefined;
      throw new VigieError('ERR_BUS_CONNECT', `cannot connect producer: ${(e as Error).message}`, { cause: e, retriable: true });
    });
    return this.producerReady;
  }

  async publish(topic: string, messages: OutMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.getProducer();
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
    } catch (e) {
      throw new VigieError('ERR_BUS_PUBLISH', `publish to ${topic} failed: ${(e as Error).message}`, { cause: e, retriable: true });
    }
  }

  async consume(opts: ConsumeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30_000,
      heartbeatInterval: HEARTBEAT_MS,
      maxWaitTimeInMs: 250,
      rebalanceTimeout: 60_000,
    });
    this.consumers.add(consumer);
    let resolveReady!: () => void;
    const ready = new Promise<void>((r) => (resolveReady = r));
    consumer.on(consumer.events.GROUP_JOIN, () => resolveReady());
    const maxBatch = opts.maxBatch ?? 500;
    await consumer.connect();
    for (const topic of opts.topics) await consumer.subscribe({ topic, fromBeginning: opts.fromBeginning ?? true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.partitionConcurrency ?? 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const all = batch.messages;
        for (let i = 0; i < all.length; i += maxBatch) {
          if (!isRunning() || isStale()) return;
          const chunk: BusMessage[] = all.slice(i, i + maxBatch).map((m) => ({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key === null ? null : m.key.toString('utf8'),
            value: m.value === null ? '' : m.value.toString('utf8'),
            headers: headersOf(m.headers),
            timestamp: Number(m.timestamp),
          }));
          // A throwing handler propagates: nothing is committed and kafkajs re-fetches from the
          // last committed offset (at-least-once). A handler may wait a long time (the indexer
          // holds its batch while Elasticsearch is down, which is the backpressure): keep
          // heartbeating meanwhile, or the broker would evict this member after sessionTimeout
          // and hand its partitions to another one mid-batch.
          const beat = setInterval(() => void heartbeat().catch(() => {}), HEARTBEAT_MS);
          try {
            await opts.handler(chunk);
          } finally {
            clearInterval(beat);
          }
          const last = chunk[chunk.length - 1]!;
          resolveOffset(last.offset);
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: String(BigInt(last.offset) + 1n) }]);
          await heartbeat();
        }
      },
    });
    return {
      ready,
      stop: async () => {
        // disconnect() waits for the in-flight batch (handler + commit) before leaving the group.
        await consumer.disconnect();
        this.consumers.delete(consumer);
      },
    };
  }

  async close(): Promise<void> {
    for (const c of this.consumers) await c.disconnect().catch((e) => this.logger?.warn({ err: e }, 'consumer disconnect failed'));
    this.consumers.clear();
    if (this.producer) await this.producer.disconnect().catch(() => {});
    this.producer = undefined;
    this.producerReady = undefined;
  }
}
