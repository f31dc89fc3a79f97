import { randomUUID } from 'node:crypto';
import type { Bus } from '../core/bus.ts';
import { VigieError } from '../core/errors.ts';
import type { StateRecord } from './engine.ts';

/** Where the evaluation consumer got to: `<topic>|<partition>` -> last offset folded into the state. */
export type Progress = Record<string, string>;

const PROGRESS_KEY = 'progress';

/**
 * Window, incident and delivery state checkpointed to a compacted topic (one partition), one record per
 * rule + scope. The `progress` record holds the last offset of each input partition folded into
 * the state, written with it: after a crash between checkpoint and offset commit, the
 * redelivered mentions are recognised and not counted twice.
 */
export class StateStore {
  constructor(
    private readonly bus: Bus,
    private readonly topic: string,
    private readonly groupId: string,
  ) {}

  /** Writes changed records and the progress in one publish (one partition: one ordered batch). */
  async save(records: readonly StateRecord[], progress: Progress): Promise<void> {
    const msgs = records.map((r) => ({ key: `${this.groupId}/${r.key}`, value: JSON.stringify(r.value) }));
    msgs.push({ key: `${this.groupId}/${PROGRESS_KEY}`, value: JSON.stringify(progress) });
    await this.bus.publish(this.topic, msgs);
  }

  /** Writes records without touching the progress (delivery records). */
  async put(records: readonly StateRecord[]): Promise<void> {
    if (records.length) await this.bus.publish(this.topic, records.map((r) => ({ key: `${this.groupId}/${r.key}`, value: JSON.stringify(r.value) })));
  }

  /**
   * Reads the whole topic back. The bus has no "end offset" call, so a marker with a fresh id
   * is published first and everything up to it is the current state (compaction keeps the
   * latest value per key).
   */
  async load(timeoutMs = 60_000): Promise<{ records: StateRecord[]; progress: Progress }> {
    const marker = randomUUID();
    const markerKey = `${this.groupId}/__marker`;
    await this.bus.publish(this.topic, [{ key: markerKey, value: marker }]);
    const latest = new Map<string, string>();
    let done!: () => void;
    const seen = new Promise<void>((r) => (done = r));
    const prefix = `${this.groupId}/`;
    const sub = await this.bus.consume({
      groupId: `${this.groupId}.state-load.${marker}`,
      topics: [this.topic],
      fromBeginning: true,
      handler: async (batch) => {
        for (const m of batch) {
          if (m.key === markerKey && m.value === marker) done();
          else if (m.key?.startsWith(prefix) && m.key !== markerKey) latest.set(m.key.slice(prefix.length), m.value);
        }
      },
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        seen,
        new Promise((_, rej) => {
          timer = setTimeout(() => rej(new VigieError('ERR_ALERT_STATE_LOAD', `state topic ${this.topic} not read back within ${timeoutMs} ms`, { retriable: true })), timeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      await sub.stop();
    }
    const progress = latest.has(PROGRESS_KEY) ? (JSON.parse(latest.get(PROGRESS_KEY)!) as Progress) : {};
    latest.delete(PROGRESS_KEY);
    const records: StateRecord[] = [];
    for (const [key, value] of latest) {
      try {
        records.push({ key, value: JSON.parse(value) });
      } catch (e) {
        throw new VigieError('ERR_ALERT_STATE_CORRUPT', `state record ${key} is not JSON`, { cause: e });
      }
    }
    return { records, progress };
  }
}

/** Kafka offsets are decimal strings of 64-bit integers. */
export function offsetAfter(a: string, b: string): boolean {
  return BigInt(a) > BigInt(b);
}
