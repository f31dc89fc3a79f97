/** The message bus: Kafka in production, in memory for unit tests. Both pass test/contracts/bus. */

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Extra topic configs, e.g. { 'cleanup.policy': 'compact' }. */
  config?: Record<string, string>;
}

export interface OutMessage {
  key: string | null;
  value: string;
  headers?: Record<string, string>;
}

export interface BusMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
  /** Broker timestamp, ms since epoch. */
  timestamp: number;
}

export interface ConsumeOptions {
  groupId: string;
  topics: string[];
  /** Where a new group starts; default true (nothing is skipped). */
  fromBeginning?: boolean;
  /**
   * Handles one batch of one partition. Offsets are committed only after it resolves; if it
   * throws, nothing is committed and the batch is delivered again (at-least-once).
   */
  handler: (batch: BusMessage[]) => Promise<void>;
  /** Largest number of messages handed to one handler call. */
  maxBatch?: number;
  /**
   * Partitions whose batches may be handled at the same time (order is kept within a
   * partition). Default 1. Stateless stages raise it: otherwise one partition's publish and
   * commit wait blocks the others.
   */
  partitionConcurrency?: number;
}

export interface Subscription {
  /** Stop fetching, let the in-flight batch finish and commit, then leave the group. */
  stop(): Promise<void>;
  /** Resolves when the consumer has joined its group and received its assignment. */
  ready: Promise<void>;
}

export interface Bus {
  ensureTopics(specs: TopicSpec[]): Promise<void>;
  /** Resolves once the broker acknowledged every message (acks=all). */
  publish(topic: string, messages: OutMessage[]): Promise<void>;
  consume(opts: ConsumeOptions): Promise<Subscription>;
  close(): Promise<void>;
}
