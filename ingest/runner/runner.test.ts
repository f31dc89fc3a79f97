import { afterEach, describe, expect, it } from 'vitest';
import type { OutMessage } from '../../core/bus.ts';
import { MemoryBus } from '../../core/bus-memory.ts';
import type { Connector, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import type { RawMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { BusCursorStore, MemoryCursorStore } from './cursor-store.ts';
import { waitFor } from '../../test/helpers/services.ts';
import { IngestRunner, type IngestRunnerOptions } from './runner.ts';
import type { ValidatedSource } from '../kit/source-common.ts';

const RAW = 'vigie.mentions.raw';
const DLQ = 'vigie.mentions.dlq';

const mention = (id: string, extra: Partial<RawMention> = {}): RawMention => ({
  schemaVersion: 1, id, source: { kind: 'fake' }, publishedAt: '2026-01-05T10:00:00.000Z', text: `texte ${id}`, ...extra,
});
const source = (name: string, url = `https://${name}.example/feed`): ValidatedSource => ({ name, kind: 'fake', interval: 60_000, enabled: true, url });

/** A connector that serves pages of ids after the cursor (a number), like a real one would. */
class FakeConnector implements Connector {
  calls = 0;
  constructor(private readonly items: RawMention[], private readonly fail?: () => Error | undefined) {}
  async poll(cursor: string | undefined): Promise<PollResult> {
    this.calls++;
    const err = this.fail?.();
    if (err) throw err;
    const from = cursor ? Number(cursor) : 0;
    const page = this.items.slice(from, from + 2);
    return { mentions: page, cursor: String(from + page.length), hasMore: from + page.length < this.items.length };
  }
}

async function setup(connectors: Record<string, Connector>, extra: Partial<IngestRunnerOptions> = {}) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: RAW, partitions: 3, replicationFactor: 1 }, { name: DLQ, partitions: 1, replicationFactor: 1 }]);
  const cursors = new MemoryCursorStore();
  const metrics = new Metrics();
  const runner = new IngestRunner({
    sources: Object.keys(connectors).map((n) => source(n)),
    bus, topic: RAW, dlqTopic: DLQ, cursors, logger: silentLogger(), metrics,
    createConnector: (s) => connectors[s.name]!,
    hostIntervalMs: 0, retryBaseMs: 1, retries: 0,
    ...extra,
  });
  return { bus, cursors, metrics, runner };
}

const ids = (bus: MemoryBus) => bus.messages(RAW).map((m) => m.key).sort();

describe('IngestRunner', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  it('spaces request starts to one host by hostIntervalMs, across sources and pages', async () => {
    // Load can only delay a request, never advance it: a lower bound is safe on a busy machine.
    const starts: number[] = [];
    const timed = (items: RawMention[]) => {
      const c = new FakeConnector(items);
      const poll = c.poll.bind(c);
      c.poll = (cursor) => (starts.push(performance.now()), poll(cursor));
      return c;
    };
    const { runner } = await setup(
      { a: timed([mention('a1'), mention('a2'), mention('a3')]), b: timed([mention('b1'), mention('b2'), mention('b3')]) },
      { hostIntervalMs: 120, sources: [source('a', 'https://same.example/a'), source('b', 'https://same.example/b')] },
    );
    const t0 = performance.now();
    await runner.runOnce();
    expect(starts).toHaveLength(4);
    starts.sort((x, y) => x - y);
    // The k-th request's slot is k gaps after the first: a late start (load) may shrink the gap
    // to the next one, but no request may start before its slot.
    starts.forEach((t, k) => expect(t - t0, `request ${k}`).toBeGreaterThanOrEqual(k * 120 - 1));
  });

  it('publishes every page keyed by mention id, then saves the cursor', async () => {
    const { bus, cursors, runner } = await setup({ a: new FakeConnector([mention('a1'), mention('a2'), mention('a3')]) });
    const [r] = await runner.runOnce();
    expect(r).toMatchObject({ source: 'a', ok: true, published: 3, pages: 2 });
    expect(ids(bus)).toEqual(['a1', 'a2', 'a3']);
    const stored = JSON.parse(bus.messages(RAW).find((m) => m.key === 'a1')!.value);
    expect(stored.source).toEqual({ kind: 'fake', name: 'a' });
    expect(await cursors.get('a')).toBe('3');
  });

  it('does not move the cursor when publishing fails, and loses nothing on the next round', async () => {
    const { bus, cursors, runner } = await setup({ a: new FakeConnector([mention('a1'), mention('a2')]) });
    const real = bus.publish.bind(bus);
    let failures = 1;
    bus.publish = async (topic: string, msgs: OutMessage[]) => {
      if (topic === RAW && failures-- > 0) throw new VigieError('ERR_BUS_PUBLISH', 'broker unavailable');
      return real(topic, msgs);
    };
    const [first] = await runner.runOnce();
    expect(first).toMatchObject({ ok: false, published: 0 });
    expect(first!.error!.code).toBe('ERR_BUS_PUBLISH');
    expect(await cursors.get('a')).toBeUndefined();
    expect(bus.messages(RAW)).toHaveLength(0);
    const [second] = await runner.runOnce();
    expect(second).toMatchObject({ ok: true, published: 2 });
    expect(ids(bus)).toEqual(['a1', 'a2']);
    expect(await cursors.get('a')).toBe('2');
  });

  it('retries a retriable publish failure in place', async () => {
    const { bus, runner } = await setup({ a: new FakeConnector([mention('a1')]) }, { retries: 2 });
    const real = bus.publish.bind(bus);
    let failures = 1;
    bus.publish = async (topic: string, msgs: OutMessage[]) => {
      if (failures-- > 0) throw new VigieError('ERR_BUS_PUBLISH', 'leader moved', { retriable: true });
      return real(topic, msgs);
    };
    const [r] = await runner.runOnce();
    expect(r).toMatchObject({ ok: true, published: 1 });
  });

  it('keeps other sources flowing when one fails, and records health', async () => {
    const broken = new FakeConnector([], () => new VigieError('ERR_FETCH_HTTP', 'HTTP 404', { details: { status: 404 } }));
    const { bus, runner, metrics } = await setup({ broken, ok: new FakeConnector([mention('o1')]) });
    const results = await runner.runOnce();
    expect(results.find((r) => r.source === 'broken')).toMatchObject({ ok: false });
    expect(results.find((r) => r.source === 'ok')).toMatchObject({ ok: true, published: 1 });
    expect(ids(bus)).toEqual(['o1']);
    const health = runner.health();
    expect(health.find((h) => h.source === 'broken')).toMatchObject({ consecutiveFailures: 1, lastError: { code: 'ERR_FETCH_HTTP' } });
    expect(health.find((h) => h.source === 'ok')!.lastSuccessAt).toBeDefined();
    const text = await metrics.registry.metrics();
    expect(text).toContain('vigie_source_errors_total{source="broken",code="ERR_FETCH_HTTP"} 1');
    expect(text).toMatch(/vigie_mentions_emitted_total\{stage="ingest",component="fake"\} 1/);
  });

  it('sends invalid mentions to the dead-letter topic with the reason; valid ones still go through', async () => {
    const bad = { ...mention('b1'), publishedAt: 'yesterday' };
    const { bus, cursors, runner } = await setup({ a: new FakeConnector([bad, mention('a2')]) });
    const [r] = await runner.runOnce();
    expect(r).toMatchObject({ ok: true, published: 1, deadLettered: 1 });
    expect(ids(bus)).toEqual(['a2']);
    const dl = bus.messages(DLQ);
    expect(dl).toHaveLength(1);
    expect(dl[0]!.key).toBe('b1');
    const letter = JSON.parse(dl[0]!.value);
    expect(letter).toMatchObject({ stage: 'ingest', code: 'ERR_SCHEMA_INVALID', sourceName: 'a' });
    expect(letter.reason).toMatch(/publishedAt: must be an ISO-8601 date/);
    expect(JSON.parse(letter.payload).id).toBe('b1');
    expect(await cursors.get('a')).toBe('2');
  });

  it('honours retryAfterMs before the next poll in the live loop', async () => {
    let n = 0;
    const limited = new FakeConnector([mention('x1')], () => (n++ === 0 ? new VigieError('ERR_FETCH_RATE_LIMITED', '429', { retriable: true, retryAfterMs: 120_000 }) : undefined));
    const { runner } = await setup({ limited }, { retries: 3, maxRetryWaitMs: 1000 });
    const [r] = await runner.runOnce();
    // A Retry-After longer than maxRetryWaitMs is not waited for in place: the round fails with it.
    expect(r).toMatchObject({ ok: false, retryAfterMs: 120_000 });
    expect(limited.calls).toBe(1);
  });

  it('start() polls on the interval and stop() ends cleanly with cursors saved', async () => {
    const items = [mention('s1'), mention('s2'), mention('s3')];
    const conn = new FakeConnector(items);
    const { bus, cursors, runner } = await setup({ a: conn });
    runner.start();
    stop = () => runner.stop();
    await waitFor(async () => (await cursors.get('a')) === '3', 5000, 'the cursor of source a to reach 3', 10);
    await runner.stop();
    stop = undefined;
    expect(ids(bus)).toEqual(['s1', 's2', 's3']);
    expect(runner.health()[0]).toMatchObject({ items: 3, consecutiveFailures: 0 });
  });

  it('stop() lets an in-flight publish finish and saves its cursor', async () => {
    const { bus, cursors, runner } = await setup({ a: new FakeConnector([mention('p1')]) });
    const real = bus.publish.bind(bus);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let publishing = false;
    bus.publish = async (topic: string, msgs: OutMessage[]) => {
      publishing = true;
      await gate;
      return real(topic, msgs);
    };
    runner.start();
    await waitFor(() => publishing, 5000, 'the publish to start', 5);
    const stopped = runner.stop();
    release();
    await stopped;
    expect(ids(bus)).toEqual(['p1']);
    expect(await cursors.get('a')).toBe('1');
  });
});

describe('BusCursorStore', () => {
  it('loads the latest cursor per source from the topic', async () => {
    const bus = new MemoryBus();
    const first = await BusCursorStore.open(bus);
    await first.set('a', 'c1');
    await first.set('b', 'x');
    await first.set('a', 'c2');
    expect(await first.get('a')).toBe('c2');
    await first.close();
    const second = await BusCursorStore.open(bus);
    expect(await second.get('a')).toBe('c2');
    expect(await second.get('b')).toBe('x');
    expect(await second.get('zzz')).toBeUndefined();
    await second.close();
  });
});
