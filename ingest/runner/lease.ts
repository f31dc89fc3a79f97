import { randomUUID } from 'node:crypto';
import type { Bus, Subscription } from '../../core/bus.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { partitionFor } from '../../core/partition.ts';

/**
 * Who may poll a source. The runner polls (or streams) a source only while its process holds
 * the source's lease, and aborts the source's in-flight work as soon as the lease is lost.
 */
export interface SourceLease {
  /** True while this process may poll the source. */
  holds(source: string): boolean;
  /** Resolves once this process holds the source; rejects with ERR_ABORTED when `signal` aborts. */
  acquired(source: string, signal: AbortSignal): Promise<void>;
  /** Calls `cb` once when the source is lost; returns a function that cancels the callback. */
  onLost(source: string, cb: () => void): () => void;
  close(): Promise<void>;
}

/** The lease of a process alone: it holds every source (single process, `--once`, tests). */
export const soleOwner: SourceLease = {
  holds: () => true,
  acquired: async () => {},
  onLost: () => () => {},
  close: async () => {},
};

/** The topic of lease heartbeats. */
export const LEASE_TOPIC = 'vigie.ingest.leases';

export interface BusSourceLeaseOptions {
  /** Consumer group shared by every ingest process of one deployment. */
  groupId: string;
  topic?: string;
  /** Partitions of the lease topic: the most ingest processes that can share the sources. Default 12. */
  partitions?: number;
  replicationFactor?: number;
  /** Time between two heartbeats. Default 2 s. */
  beatMs?: number;
  /** A partition whose heartbeat was not received for this long is no longer held. Default 15 s. */
  ttlMs?: number;
  logger: Logger;
  clock?: Clock;
}

interface Tenure {
  firstSeen: number;
  lastSeen: number;
  held: boolean;
}

/**
 * A lease built on a Kafka consumer group, so that two ingest processes never poll the same
 * source at once, without any store other than Kafka:
 *
 * - The topic `vigie.ingest.leases` has N partitions; every ingest process joins one consumer
 *   group on it, so Kafka assigns each partition to exactly one live process and moves it when
 *   processes come, go or die (session timeout).
 * - A source belongs to partition `murmur2(name) % N` (Kafka's own key hash).
 * - The bus does not tell a consumer its assignment, so every process publishes a heartbeat to
 *   every partition every `beatMs`; a process learns it owns partition p by receiving p's
 *   heartbeats. It holds p while the last one is younger than `ttlMs`.
 * - Handing over is safe by ordering: the new owner only receives p's heartbeats after Kafka
 *   revoked p from the old owner, which therefore saw its last heartbeat before the new owner
 *   saw its first. The old owner stops at (its last heartbeat + ttl); the new owner starts at
 *   (its first heartbeat + ttl + beatMs), strictly later. A newly started process thus waits
 *   about ttl before polling anything.
 * - Loss of Kafka stops heartbeats, so every lease lapses after ttl: no process polls what it
 *   cannot publish. A process frozen for longer than ttl (GC pause, suspended VM) finds its
 *   lease lapsed on waking and aborts its in-flight polls; a fetch already on the wire during
 *   the freeze may overlap with the new owner's first poll, which duplicates ids at worst.
 */
export class BusSourceLease implements SourceLease {
  private readonly tenures = new Map<number, Tenure>();
  private readonly lost = new Map<string, Set<() => void>>();
  private readonly waiters = new Set<{ source: string; resolve: () => void }>();
  private sub: Subscription | undefined;
  private beatTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private readonly topic: string;
  private readonly partitions: number;
  private readonly beatMs: number;
  private readonly ttlMs: number;
  private readonly clock: Clock;
  private readonly beatKeys: string[];
  private readonly processId = randomUUID();

  private constructor(private readonly bus: Bus, private readonly opts: BusSourceLeaseOptions) {
    this.topic = opts.topic ?? LEASE_TOPIC;
    this.partitions = opts.partitions ?? 12;
    this.beatMs = opts.beatMs ?? 2000;
    this.ttlMs = opts.ttlMs ?? 15_000;
    this.clock = opts.clock ?? systemClock;
    if (this.ttlMs < 2 * this.beatMs) throw new VigieError('ERR_CONFIG_INVALID', `lease ttl (${this.ttlMs} ms) must be at least twice the heartbeat interval (${this.beatMs} ms)`);
    this.beatKeys = keysPerPartition(this.partitions);
  }

  /** Creates the topic if needed, joins the group and starts the heartbeats. */
  static async open(bus: Bus, opts: BusSourceLeaseOptions): Promise<BusSourceLease> {
    const lease = new BusSourceLease(bus, opts);
    await lease.start();
    return lease;
  }

  /** The lease partition of a source. */
  partitionOf(source: string): number {
    return partitionFor(source, this.partitions);
  }

  /** Partitions this process holds now. */
  heldPartitions(): number[] {
    return [...this.tenures.entries()].filter(([, t]) => t.held).map(([p]) => p).sort((a, b) => a - b);
  }

  holds(source: string): boolean {
    return this.tenures.get(this.partitionOf(source))?.held ?? false;
  }

  acquired(source: string, signal: AbortSignal): Promise<void> {
    if (this.holds(source)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new VigieError('ERR_ABORTED', 'aborted'));
      const w = {
        source,
        resolve: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.waiters.delete(w);
        reject(new VigieError('ERR_ABORTED', 'aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(w);
    });
  }

  onLost(source: string, cb: () => void): () => void {
    let set = this.lost.get(source);
    if (!set) this.lost.set(source, (set = new Set()));
    set.add(cb);
    return () => set.delete(cb);
  }

  private async start(): Promise<void> {
    await this.bus.ensureTopics([
      { name: this.topic, partitions: this.partitions, replicationFactor: this.opts.replicationFactor ?? 1, config: { 'cleanup.policy': 'delete', 'retention.ms': String(3_600_000) } },
    ]);
    this.sub = await this.bus.consume({
      groupId: this.opts.groupId,
      topics: [this.topic],
      // Old heartbeats prove nothing about now; a new group starts at the end of the topic.
      fromBeginning: false,
      maxBatch: 1000,
      handler: async (batch) => {
        const now = this.clock.now();
        for (const m of batch) this.heard(m.partition, now);
      },
    });
    this.beat();
    this.beatTimer = setInterval(() => this.beat(), this.beatMs);
    this.checkTimer = setInterval(() => this.check(), Math.max(10, Math.floor(this.beatMs / 2)));
    this.opts.logger.info({ topic: this.topic, partitions: this.partitions, groupId: this.opts.groupId, ttlMs: this.ttlMs }, 'source lease started');
  }

  private beat(): void {
    const value = JSON.stringify({ process: this.processId, at: new Date(this.clock.now()).toISOString() });
    this.bus.publish(this.topic, this.beatKeys.map((key) => ({ key, value }))).catch((e: unknown) => {
      // A missed heartbeat only shortens leases; the next one retries. Lapsing is the safe side.
      this.opts.logger.warn({ code: (e as VigieError).code ?? 'ERR_BUS_PUBLISH', err: (e as Error).message }, 'lease heartbeat not published');
    });
  }

  private heard(partition: number, now: number): void {
    const t = this.tenures.get(partition);
    if (!t || now - t.lastSeen >= this.ttlMs) this.tenures.set(partition, { firstSeen: now, lastSeen: now, held: t?.held ?? false });
    else t.lastSeen = now;
  }

  private check(): void {
    const now = this.clock.now();
    for (const [p, t] of this.tenures) {
      const held = now - t.lastSeen < this.ttlMs && now - t.firstSeen >= this.ttlMs + this.beatMs;
      if (held === t.held) continue;
      t.held = held;
      this.opts.logger.info({ partition: p }, held ? 'lease partition acquired' : 'lease partition lost');
      if (!held) {
        for (const [source, cbs] of this.lost) {
          if (this.partitionOf(source) !== p) continue;
          for (const cb of [...cbs]) {
            cbs.delete(cb);
            cb();
          }
        }
      }
    }
    for (const w of [...this.waiters]) {
      if (this.holds(w.source)) {
        this.waiters.delete(w);
        w.resolve();
      }
    }
  }

  /** Stops the heartbeats and leaves the group; every source is lost at once. */
  async close(): Promise<void> {
    clearInterval(this.beatTimer);
    clearInterval(this.checkTimer);
    for (const t of this.tenures.values()) t.lastSeen = -Infinity;
    this.check();
    const sub = this.sub;
    this.sub = undefined;
    await sub?.stop();
  }
}

/** One key per partition, found by trying `lease-0`, `lease-1`...: the bus partitions by key only. */
function keysPerPartition(n: number): string[] {
  const keys: Array<string | undefined> = new Array(n).fill(undefined);
  let found = 0;
  for (let i = 0; found < n; i++) {
    const key = `lease-${i}`;
    const p = partitionFor(key, n);
    if (keys[p] === undefined) {
      keys[p] = key;
      found++;
    }
  }
  return keys as string[];
}
