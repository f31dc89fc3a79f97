import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../core/bus-memory.ts';
import type { PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import type { RawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { BACKFILL_DONE, backfillKey, runBackfill, type BackfillProgress } from './backfill.ts';
import { MemoryCursorStore } from './cursor-store.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const mention = (i: number): RawMention => ({ schemaVersion: 1, id: `h${i}`, source: { kind: 'fake' }, publishedAt: new Date(T0 + i * HOUR).toISOString(), text: `t${i}` });

/** History of 30 hourly items, paged backwards 4 at a time; the cursor is the next index. */
class History implements BackfillCapable {
  calls = 0;
  constructor(private readonly onPage?: (n: number) => void | Error) {}
  async poll(): Promise<PollResult> {
    throw new Error('not used');
  }
  async backfill(range: BackfillRange, cursor: string | undefined): Promise<BackfillPage> {
    const n = ++this.calls;
    const err = this.onPage?.(n);
    if (err) throw err;
    const all = Array.from({ length: 30 }, (_, i) => mention(i)).filter((m) => Date.parse(m.publishedAt) >= range.sinceMs && Date.parse(m.publishedAt) < range.untilMs).reverse();
    const from = cursor ? Number(cursor) : 0;
    const page = all.slice(from, from + 4);
    return { mentions: page, cursor: String(from + 4), hasMore: from + 4 < all.length, reachedMs: page.length ? Date.parse(page.at(-1)!.publishedAt) : range.sinceMs };
  }
}

async function setup() {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: 'raw', partitions: 2, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
  return { bus, cursors: new MemoryCursorStore() };
}

const source = { name: 'hist', kind: 'fake', interval: 60_000, enabled: true };
const range = { sinceMs: T0 + 2 * HOUR, untilMs: T0 + 22 * HOUR };

describe('runBackfill', () => {
  it('pages the whole range, reports progress after each acknowledged page, ends with the done marker', async () => {
    const { bus, cursors } = await setup();
    const seen: BackfillProgress[] = [];
    const p = await runBackfill({ source, range, bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics: new Metrics(), connector: new History(), requestIntervalMs: 0, onProgress: (x) => seen.push(x) });
    expect(p).toMatchObject({ items: 20, pages: 5, done: true, fraction: 1 });
    expect(bus.messages('raw').map((m) => m.key).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `h${i + 2}`).sort());
    expect(seen.map((s) => s.items)).toEqual([4, 8, 12, 16, 20, 20]);
    expect(seen[1]!.fraction).toBeCloseTo(0.4, 2);
    expect(seen[1]!.etaMs).toBeGreaterThanOrEqual(0);
    expect(await cursors.get(backfillKey('hist', range))).toBe(BACKFILL_DONE);
    expect(await cursors.get('hist')).toBeUndefined();
    const again = await runBackfill({ source, range, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: new History(), requestIntervalMs: 0 });
    expect(again).toMatchObject({ alreadyDone: true, items: 0, done: true });
  });

  it('interrupted, resumes from the last acknowledged page: nothing lost, nothing read twice', async () => {
    const { bus, cursors } = await setup();
    const ac = new AbortController();
    const first = new History((n) => void (n === 3 && ac.abort()));
    const p1 = await runBackfill({ source, range, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: first, requestIntervalMs: 0, signal: ac.signal });
    expect(p1.done).toBe(false);
    expect(p1.items).toBeGreaterThanOrEqual(8);
    const second = new History();
    const p2 = await runBackfill({ source, range, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: second, requestIntervalMs: 0 });
    expect(p2.done).toBe(true);
    expect(p1.items + p2.items).toBe(20);
    const keys = bus.messages('raw').map((m) => m.key!);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(20);
  });

  it('retries retriable failures and stops on a non-retriable one', async () => {
    const { bus, cursors } = await setup();
    const flaky = new History((n) => (n === 2 ? new VigieError('ERR_FETCH_HTTP', '503', { retriable: true, retryAfterMs: 5 }) : undefined));
    const p = await runBackfill({ source, range, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: flaky, requestIntervalMs: 0 });
    expect(p).toMatchObject({ done: true, items: 20 });
    const broken = new History(() => new VigieError('ERR_CONNECTOR_SCHEMA', 'api changed'));
    await expect(runBackfill({ source, range: { sinceMs: T0, untilMs: T0 + HOUR }, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: broken, requestIntervalMs: 0 })).rejects.toMatchObject({ code: 'ERR_CONNECTOR_SCHEMA' });
    await expect(runBackfill({ source, range: { sinceMs: T0, untilMs: T0 }, bus, topic: 'raw', cursors, logger: silentLogger(), metrics: new Metrics(), connector: broken })).rejects.toMatchObject({ code: 'ERR_BACKFILL_RANGE' });
  });
});
