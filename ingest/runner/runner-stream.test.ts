import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../core/bus-memory.ts';
import type { PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import type { RawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { waitFor } from '../../test/helpers/services.ts';
import { MemoryCursorStore } from './cursor-store.ts';
import { BusSourceLease } from './lease.ts';
import { IngestRunner, type IngestRunnerOptions } from './runner.ts';
import type { ValidatedSource } from '../kit/source-common.ts';
import type { StreamEmit, StreamingConnector } from '../kit/stream/types.ts';

const RAW = 'vigie.mentions.raw';
const DLQ = 'vigie.mentions.dlq';
const mention = (id: string): RawMention => ({ schemaVersion: 1, id, source: { kind: 'fake' }, publishedAt: '2026-01-05T10:00:00.000Z', text: `t ${id}` });

type Script = (cursor: string | undefined, signal: AbortSignal, emit: StreamEmit, connection: number) => Promise<void>;

/** A streaming connector driven by a script per connection; records the cursor of each connection. */
class ScriptedStream implements StreamingConnector {
  connections: Array<string | undefined> = [];
  polls = 0;
  constructor(private readonly script: Script) {}
  async poll(): Promise<PollResult> {
    this.polls++;
    return { mentions: [], cursor: undefined };
  }
  stream(cursor: string | undefined, signal: AbortSignal, emit: StreamEmit): Promise<void> {
    this.connections.push(cursor);
    return this.script(cursor, signal, emit, this.connections.length);
  }
}

const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((_, reject) => {
    if (signal.aborted) reject(new VigieError('ERR_ABORTED', 'aborted'));
    signal.addEventListener('abort', () => reject(new VigieError('ERR_ABORTED', 'aborted')), { once: true });
  });

async function setup(conn: StreamingConnector, extra: Partial<IngestRunnerOptions> = {}, src: Partial<ValidatedSource> = {}) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: RAW, partitions: 2, replicationFactor: 1 }, { name: DLQ, partitions: 1, replicationFactor: 1 }]);
  const cursors = new MemoryCursorStore();
  const metrics = new Metrics();
  const source: ValidatedSource = { name: 's', kind: 'fake', interval: 60_000, enabled: true, mode: 'stream', ...src };
  const runner = new IngestRunner({
    sources: [source], bus, topic: RAW, dlqTopic: DLQ, cursors, logger: silentLogger(), metrics,
    createConnector: () => conn, hostIntervalMs: 0, retryBaseMs: 1, retries: 0,
    reconnectBaseMs: 5, reconnectMaxMs: 20, streamBatchDelayMs: 20, streamBatchItems: 3, healthLogIntervalMs: 0,
    ...extra,
  });
  return { bus, cursors, metrics, runner };
}

describe('IngestRunner streams', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('publishes streamed mentions in batches, saves the cursor after them, reconnects from it after a disconnect', async () => {
    const conn = new ScriptedStream(async (cursor, signal, emit, n) => {
      const from = cursor ? Number(cursor) : 0;
      if (n === 1) {
        for (let i = from + 1; i <= from + 5; i++) await emit({ mentions: [mention(`m${i}`)], cursor: String(i) });
        throw new VigieError('ERR_STREAM_DISCONNECTED', 'connection reset', { retriable: true });
      }
      for (let i = from + 1; i <= from + 2; i++) await emit({ mentions: [mention(`m${i}`)], cursor: String(i) });
      await untilAborted(signal);
    });
    const { bus, cursors, runner, metrics } = await setup(conn);
    runner.start();
    stop = () => runner.stop();
    await waitFor(async () => (await cursors.get('s')) === '7', 5000, 'cursor 7', 5);
    expect(conn.connections).toEqual([undefined, '5']);
    expect(bus.messages(RAW).map((m) => m.key).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7']);
    expect(conn.polls).toBe(0);
    const h = runner.health()[0]!;
    expect(h).toMatchObject({ mode: 'stream', items: 7, reconnects: 1, connected: true, lastError: { code: 'ERR_STREAM_DISCONNECTED' } });
    expect(await metrics.registry.metrics()).toMatch(/vigie_source_stream_reconnects_total\{source="s"\} 1/);
  });

  it('restarts a stream that stays silent longer than silenceTimeout', async () => {
    const conn = new ScriptedStream(async (_c, signal, emit, n) => {
      if (n === 1) await emit({ mentions: [mention('a')], cursor: '1' });
      else await emit({ mentions: [], cursor: '2' });
      await untilAborted(signal);
    });
    const { cursors, runner } = await setup(conn, {}, { silenceTimeout: 80 });
    runner.start();
    stop = () => runner.stop();
    await waitFor(() => conn.connections.length >= 2, 5000, 'a second connection', 5);
    expect(conn.connections[1]).toBe('1');
    expect(runner.health()[0]!.lastError?.code).toBe('ERR_STREAM_SILENT');
    await waitFor(async () => (await cursors.get('s')) === '2', 8000, 'cursor-only event saved', 10);
  });

  it('does not save a cursor past a batch whose publish failed; the reconnect re-reads it', async () => {
    const conn = new ScriptedStream(async (cursor, signal, emit) => {
      const from = cursor ? Number(cursor) : 0;
      for (let i = from + 1; i <= 3; i++) await emit({ mentions: [mention(`p${i}`)], cursor: String(i) });
      await untilAborted(signal);
    });
    const { bus, cursors, runner } = await setup(conn, {}, {});
    const real = bus.publish.bind(bus);
    let fail = 1;
    bus.publish = async (topic, msgs) => {
      if (topic === RAW && fail-- > 0) throw new VigieError('ERR_BUS_PUBLISH', 'broker down', { retriable: false });
      return real(topic, msgs);
    };
    runner.start();
    stop = () => runner.stop();
    await waitFor(async () => (await cursors.get('s')) === '3', 5000, 'cursor 3', 5);
    // The failed batch p1..p3 was not acknowledged: its cursor was never saved, so it came again.
    expect(conn.connections[0]).toBeUndefined();
    expect(conn.connections.slice(1).every((c) => c === undefined)).toBe(true);
    expect(bus.messages(RAW).map((m) => m.key).sort()).toEqual(['p1', 'p2', 'p3']);
  });

  it('flags a polled source silent when it brings nothing for expectSilenceAfter', async () => {
    const conn = new ScriptedStream(async () => {});
    const { runner, metrics } = await setup(conn, {}, { mode: 'poll', expectSilenceAfter: 30 });
    await runner.runOnce();
    await new Promise((r) => setTimeout(r, 40));
    const h = runner.health()[0]!;
    expect(h).toMatchObject({ mode: 'poll', silent: true, owned: true, itemsPerMinute: 0 });
    expect(await metrics.registry.metrics()).toMatch(/vigie_source_silent\{source="s"\} 1/);
  });
});

describe('IngestRunner stream reconnection schedule', () => {
  it('a stream resumed from a cursor the platform refuses three times is restarted without it', async () => {
    const refused = new VigieError('ERR_FETCH_HTTP', 'HTTP 400 Bad Request', { details: { status: 400 } });
    const conn = new ScriptedStream(async (cursor, signal) => {
      if (cursor) throw refused;
      await untilAborted(signal);
    });
    const { runner, cursors, metrics } = await setup(conn);
    await cursors.set('s', 'stale-resume-token');
    runner.start();
    try {
      await waitFor(() => conn.connections.length === 4, 3000, 'four connections', 5);
    } finally {
      await runner.stop();
    }
    expect(conn.connections).toEqual(['stale-resume-token', 'stale-resume-token', 'stale-resume-token', '']);
    expect(await metrics.registry.getSingleMetricAsString('vigie_source_cursor_dropped_total')).toMatch(/source="s"} 1/);
  });

  it('a connector with its own reconnection schedule (X) gets its wait instead of the runner\'s backoff', async () => {
    const calls: Array<[string | undefined, number]> = [];
    const conn = new ScriptedStream(async (_c, signal, _emit, n) => {
      if (n < 3) throw new VigieError('ERR_FETCH_HTTP', 'HTTP 503', { retriable: true, details: { status: 503 } });
      await untilAborted(signal);
    });
    (conn as StreamingConnector).reconnectDelayMs = (error, attempt) => {
      calls.push([error?.code, attempt]);
      return 5;
    };
    // The runner's own backoff would wait a minute: the third connection comes at once only through the hook.
    const { runner } = await setup(conn, { reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 });
    runner.start();
    try {
      await waitFor(() => conn.connections.length === 3, 3000, 'three connections', 5);
    } finally {
      await runner.stop();
    }
    expect(calls).toEqual([['ERR_FETCH_HTTP', 1], ['ERR_FETCH_HTTP', 2]]);
  });
});

describe('BusSourceLease', () => {
  it('splits sources between two processes, never both at once, and moves them when one leaves', async () => {
    const bus = new MemoryBus();
    const opts = { groupId: 'leases', partitions: 4, beatMs: 20, ttlMs: 150, logger: silentLogger() };
    const a = await BusSourceLease.open(bus, opts);
    const b = await BusSourceLease.open(bus, opts);
    const sources = Array.from({ length: 20 }, (_, i) => `source-${i}`);
    let overlaps = 0;
    const watch = setInterval(() => {
      for (const s of sources) if (a.holds(s) && b.holds(s)) overlaps++;
    }, 2);
    try {
      await waitFor(() => a.heldPartitions().length + b.heldPartitions().length === 4, 5000, 'all partitions held', 10);
      expect(a.heldPartitions().length).toBe(2);
      expect(b.heldPartitions().length).toBe(2);
      const lost: string[] = [];
      for (const s of sources) if (a.holds(s)) a.onLost(s, () => lost.push(s));
      const fromA = sources.filter((s) => a.holds(s));
      await a.close();
      expect(lost.sort()).toEqual(fromA.sort());
      await waitFor(() => sources.every((s) => b.holds(s)), 5000, 'b to hold every source', 10);
      expect(overlaps).toBe(0);
    } finally {
      clearInterval(watch);
      await b.close();
      await bus.close();
    }
  });

  it('makes the runner poll only the sources it holds', async () => {
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: RAW, partitions: 1, replicationFactor: 1 }, { name: DLQ, partitions: 1, replicationFactor: 1 }]);
    const lease = await BusSourceLease.open(bus, { groupId: 'l2', partitions: 2, beatMs: 20, ttlMs: 100, logger: silentLogger() });
    const polled: string[] = [];
    const names = ['alpha', 'beta', 'gamma', 'delta'];
    const runner = new IngestRunner({
      sources: names.map((name) => ({ name, kind: 'fake', interval: 60_000, enabled: true })),
      bus, topic: RAW, dlqTopic: DLQ, cursors: new MemoryCursorStore(), logger: silentLogger(), metrics: new Metrics(), lease, healthLogIntervalMs: 0,
      createConnector: (s) => ({ poll: async () => (polled.push(s.name), { mentions: [], cursor: undefined }) }),
    });
    runner.start();
    await waitFor(() => polled.length === 4, 5000, 'every source polled once', 10);
    expect(polled.sort()).toEqual([...names].sort());
    expect(runner.health().every((h) => h.owned)).toBe(true);
    await runner.stop();
    await lease.close();
    await bus.close();
  });
});
