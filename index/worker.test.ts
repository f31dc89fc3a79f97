import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../core/bus-memory.ts';
import type { Subscription } from '../core/bus.ts';
import type { ItemFailure, Sink } from '../core/contracts.ts';
import { VigieError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { sourceOf } from './elasticsearch/document.ts';
import { startIndexWorker } from './worker.ts';

const topics = { enriched: 'enriched', dlq: 'dlq' };

function mention(id: string, likes = 0): EnrichedMention {
  return {
    schemaVersion: 1, id, source: { kind: 'rss' }, publishedAt: '2026-01-15T10:00:00Z', text: 't', engagement: { likes },
    lang: { code: 'fr', confidence: 1 }, sentiment: { score: 0, label: 'neutral', method: 't' }, matches: [], enrichedAt: '2026-01-15T10:00:01Z',
  };
}

/** A sink scripted per call: each step either throws or returns failures for some ids. */
class ScriptedSink implements Sink {
  calls: string[][] = [];
  stored = new Map<string, EnrichedMention>();
  constructor(private script: Array<(ids: string[]) => ItemFailure[] | Error> = []) {}
  async write(batch: readonly EnrichedMention[], signal: AbortSignal): Promise<ItemFailure[]> {
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    const ids = batch.map((m) => m.id);
    this.calls.push(ids);
    const step = this.script.shift();
    const r = step ? step(ids) : [];
    if (r instanceof Error) throw r;
    for (const m of batch) if (!r.some((f) => f.id === m.id)) this.stored.set(m.id, m);
    return r;
  }
  async close(): Promise<void> {}
}

async function waitFor(p: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!p()) {
    if (Date.now() > end) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

let subs: Subscription[] = [];
afterEach(async () => { await Promise.all(subs.map((s) => s.stop())); subs = []; });

async function setup(sink: Sink, bus = new MemoryBus(), extra: { maxHoldMs?: number } = {}) {
  await bus.ensureTopics([{ name: 'enriched', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
  const metrics = new Metrics();
  const sub = await startIndexWorker({ bus, topics, groupId: 'g', sink, logger: silentLogger(), metrics, retryBaseMs: 5, retryMaxMs: 20, stopGraceMs: 200, ...extra });
  subs.push(sub);
  return { bus, sub, metrics };
}

const dlq = (bus: MemoryBus) => bus.messages('dlq').map((m) => JSON.parse(m.value) as { stage: string; code: string; reason: string; key: string; payload: string });

describe('startIndexWorker', () => {
  it('writes valid mentions and dead-letters unparseable ones with stage, code, reason, key and payload', async () => {
    const sink = new ScriptedSink();
    const { bus, metrics } = await setup(sink);
    await bus.publish('enriched', [
      { key: 'a', value: JSON.stringify(mention('a')) },
      { key: 'b', value: '{not json' },
      { key: 'c', value: JSON.stringify({ ...mention('c'), sentiment: { score: 7 } }) },
    ]);
    await waitFor(() => dlq(bus).length === 2);
    expect([...sink.stored.keys()]).toEqual(['a']);
    const d = dlq(bus);
    expect(d.map((x) => [x.stage, x.code, x.key])).toEqual([['index', 'ERR_JSON_PARSE', 'b'], ['index', 'ERR_SCHEMA_INVALID', 'c']]);
    expect(d[1]!.reason).toMatch(/sentiment/);
    expect(d[0]!.payload).toBe('{not json');
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_failed_total')).toMatch(/code="ERR_SCHEMA_INVALID"} 1/);
  });

  it('hands the sink the message text only when it holds exactly the schema fields', async () => {
    const sink = new ScriptedSink();
    const { bus } = await setup(sink);
    const exact = JSON.stringify(mention('a'));
    // Unknown fields are stripped by the schema: that text must not reach the strict mapping.
    await bus.publish('enriched', [{ key: 'a', value: exact }, { key: 'b', value: JSON.stringify({ ...mention('b'), extra: 1 }) }]);
    await waitFor(() => sink.stored.size === 2);
    expect(sourceOf(sink.stored.get('a')!)).toBe(exact);
    expect(sourceOf(sink.stored.get('b')!)).toBeUndefined();
    expect(sink.stored.get('b')).not.toHaveProperty('extra');
  });

  it('dead-letters final item failures and resends only the retriable ones', async () => {
    const sink = new ScriptedSink([
      () => [
        { id: 'b', code: 'ERR_INDEX_MAPPING', reason: 'document_parsing_exception: engagement.likes', retriable: false },
        { id: 'c', code: 'ERR_INDEX_BUSY', reason: 'es_rejected_execution_exception', retriable: true },
      ],
    ]);
    const { bus } = await setup(sink);
    await bus.publish('enriched', ['a', 'b', 'c'].map((id) => ({ key: id, value: JSON.stringify(mention(id)) })));
    await waitFor(() => sink.stored.has('c'));
    expect(sink.calls).toEqual([['a', 'b', 'c'], ['c']]);
    await waitFor(() => dlq(bus).length === 1);
    expect(dlq(bus)[0]).toMatchObject({ stage: 'index', code: 'ERR_INDEX_MAPPING', key: 'b', reason: 'document_parsing_exception: engagement.likes' });
  });

  it('keeps one copy per id within a batch, the latest', async () => {
    const sink = new ScriptedSink();
    const { bus } = await setup(sink);
    await bus.publish('enriched', [1, 2, 3].map((n) => ({ key: 'x', value: JSON.stringify(mention('x', n)) })));
    await waitFor(() => sink.stored.has('x'));
    expect(sink.stored.get('x')!.engagement!.likes).toBe(3);
  });

  it('holds the batch while the sink is down and fetches nothing more, then resumes', async () => {
    const down = () => new VigieError('ERR_INDEX_UNAVAILABLE', 'connection refused', { retriable: true });
    const sink = new ScriptedSink([down, down, down, down]);
    const { bus } = await setup(sink);
    await bus.publish('enriched', [{ key: 'a', value: JSON.stringify(mention('a')) }]);
    await waitFor(() => sink.calls.length >= 2);
    await bus.publish('enriched', [{ key: 'b', value: JSON.stringify(mention('b')) }]);
    await waitFor(() => sink.stored.size === 2);
    // The first four calls were the held batch ['a']; 'b' came only after 'a' was stored.
    expect(sink.calls.slice(0, 5)).toEqual([['a'], ['a'], ['a'], ['a'], ['a']]);
    expect(sink.calls[5]).toEqual(['b']);
    expect(dlq(bus)).toEqual([]);
  });

  it('stops promptly during an outage and leaves the batch uncommitted for the next consumer', async () => {
    const down = () => new VigieError('ERR_INDEX_UNAVAILABLE', 'connection refused', { retriable: true });
    const sink = new ScriptedSink(Array.from({ length: 1000 }, () => down));
    const { bus, sub } = await setup(sink);
    await bus.publish('enriched', [{ key: 'a', value: JSON.stringify(mention('a')) }]);
    await waitFor(() => sink.calls.length >= 2);
    const t0 = Date.now();
    await sub.stop();
    subs = subs.filter((s) => s !== sub);
    expect(Date.now() - t0).toBeLessThan(1000);
    const healthy = new ScriptedSink();
    await setup(healthy, bus);
    await waitFor(() => healthy.stored.has('a'));
  });

  it('releases a batch held longer than maxHoldMs uncommitted; the bus delivers it again', async () => {
    const down = () => new VigieError('ERR_INDEX_UNAVAILABLE', 'connection refused', { retriable: true });
    const sink = new ScriptedSink(Array.from({ length: 40 }, () => down));
    const bus = new MemoryBus();
    const { metrics } = await setup(sink, bus, { maxHoldMs: 30 });
    await bus.publish('enriched', [{ key: 'a', value: JSON.stringify(mention('a')) }]);
    await waitFor(() => sink.stored.has('a'));
    // 40 failed attempts across several deliveries of the same batch, then the one that stored it.
    expect(sink.calls.flat()).toEqual(Array.from({ length: 41 }, () => 'a'));
    expect(dlq(bus)).toEqual([]);
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_emitted_total')).toMatch(/} 1$/m);
  });
});
