import { randomUUID } from 'node:crypto';
import type { Bus, Subscription } from '../../core/bus.ts';
import { VigieError } from '../../core/errors.ts';

/** Where the runner keeps each source's cursor between polls and across restarts. */
export interface CursorStore {
  get(source: string): Promise<string | undefined>;
  set(source: string, cursor: string): Promise<void>;
}

/** Cursors in a Map (unit tests, `--once` runs). */
export class MemoryCursorStore implements CursorStore {
  readonly cursors = new Map<string, string>();
  async get(source: string): Promise<string | undefined> {
    return this.cursors.get(source);
  }
  async set(source: string, cursor: string): Promise<void> {
    this.cursors.set(source, cursor);
  }
}

/** The compacted topic holding the latest cursor of every source. */
export const CURSOR_TOPIC = 'vigie.cursors';
const MARKER_KEY = '__vigie_cursor_marker__';

export interface BusCursorStoreOptions {
  topic?: string;
  replicationFactor?: number;
  /** Longest wait for the topic to be read to its end at start. */
  loadTimeoutMs?: number;
}

/**
 * Cursors on a compacted Kafka topic (key = source name, value = `{source, cursor, savedAt}`),
 * so they survive restarts and every ingest process sees them. The topic has one partition: at
 * start the store publishes a marker and reads from the beginning until it meets that marker,
 * which proves it has seen every cursor written before it. It keeps reading afterwards, so
 * cursors saved by other processes are picked up too.
 */
export class BusCursorStore implements CursorStore {
  private readonly cursors = new Map<string, string>();
  /** Our own writes not read back yet: older records of those keys must not overwrite them. */
  private readonly pending = new Map<string, string>();
  private sub: Subscription | undefined;
  private readonly topic: string;

  private constructor(private readonly bus: Bus, private readonly opts: BusCursorStoreOptions) {
    this.topic = opts.topic ?? CURSOR_TOPIC;
  }

  /** Creates the topic if needed and loads every saved cursor before resolving. */
  static async open(bus: Bus, opts: BusCursorStoreOptions = {}): Promise<BusCursorStore> {
    const store = new BusCursorStore(bus, opts);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    await this.bus.ensureTopics([
      { name: this.topic, partitions: 1, replicationFactor: this.opts.replicationFactor ?? 1, config: { 'cleanup.policy': 'compact' } },
    ]);
    const marker = randomUUID();
    let reachedEnd!: () => void;
    const done = new Promise<void>((r) => (reachedEnd = r));
    this.sub = await this.bus.consume({
      // A group of its own: every process must read the whole topic, not share it.
      groupId: `vigie-cursors-${marker}`,
      topics: [this.topic],
      fromBeginning: true,
      handler: async (batch) => {
        for (const m of batch) {
          if (m.key === MARKER_KEY) {
            if (m.value === marker) reachedEnd();
            continue;
          }
          if (m.key === null) continue;
          try {
            const v = JSON.parse(m.value) as { cursor?: unknown };
            if (typeof v.cursor !== 'string') continue;
            const mine = this.pending.get(m.key);
            if (mine === undefined) this.cursors.set(m.key, v.cursor);
            else if (mine === v.cursor) this.pending.delete(m.key);
          } catch {
            // A foreign or corrupt record must not stop the others from loading; the source
            // simply starts without a cursor, as it would on first run.
          }
        }
      },
    });
    await this.bus.publish(this.topic, [{ key: MARKER_KEY, value: marker }]);
    const timeoutMs = this.opts.loadTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        done,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new VigieError('ERR_CURSOR_LOAD', `cursors topic ${this.topic} not read to its end within ${timeoutMs} ms`, { retriable: true })), timeoutMs);
        }),
      ]);
    } catch (e) {
      await this.close();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  async get(source: string): Promise<string | undefined> {
    return this.cursors.get(source);
  }

  /** Resolves once the broker acknowledged the cursor. */
  async set(source: string, cursor: string): Promise<void> {
    // Marked before publishing: the background reader may see the record before publish resolves.
    this.pending.set(source, cursor);
    try {
      await this.bus.publish(this.topic, [{ key: source, value: JSON.stringify({ source, cursor, savedAt: new Date().toISOString() }) }]);
    } catch (e) {
      if (this.pending.get(source) === cursor) this.pending.delete(source);
      throw e;
    }
    this.cursors.set(source, cursor);
  }

  async close(): Promise<void> {
    const sub = this.sub;
    this.sub = undefined;
    await sub?.stop();
  }
}
