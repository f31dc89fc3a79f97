import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../../../core/bus-memory.ts';
import { FakeClock } from '../../../core/clock.ts';
import type { Connector, PollResult } from '../../../core/contracts.ts';
import { VigieError } from '../../../core/errors.ts';
import { silentLogger } from '../../../core/logger.ts';
import { Metrics } from '../../../core/metrics.ts';
import { MemoryCursorStore } from '../../runner/cursor-store.ts';
import { IngestRunner } from '../../runner/runner.ts';
import type { ValidatedSource } from '../source-common.ts';
import { mergeOwned, planOwnedReads } from './types.ts';

const src = (name: string, kind: string, over: Record<string, unknown> = {}): ValidatedSource => ({ name, kind, interval: 60_000, enabled: true, baseUrl: 'https://api.example', ...over });
const mention = (id: string) => ({ schemaVersion: 1 as const, id, source: { kind: 'x' }, publishedAt: '2026-12-01T10:00:00Z', text: 'merci, on regarde ça', author: { id: '42' } });

/** A connector that records who polled with which cursor, and when. */
class Recorder implements Connector {
  calls: Array<{ who: string; cursor: string | undefined; at: number }> = [];
  constructor(private readonly clock: () => number) {}
  async poll(cursor: string | undefined): Promise<PollResult> {
    this.calls.push({ who: 'source', cursor, at: this.clock() });
    return { mentions: [], cursor: 'main-1' };
  }
  async pollOwned(account: string, cursor: string | undefined): Promise<PollResult> {
    this.calls.push({ who: account, cursor, at: this.clock() });
    const n = cursor === undefined ? 1 : Number(cursor) + 1;
    return { mentions: [mention(`x:${account}-${n}`)], cursor: String(n) };
  }
}

describe('owned accounts: which source reads them', () => {
  const owned = mergeOwned([{ owned: { x: ['42', '@Acme'] } }, { owned: { x: ['acme'], reddit: ['AcmeSupport'] } }]);

  it('merges the brands per platform, each account once (case and @ ignored)', () => {
    expect(owned.get('x')).toEqual(['42', '@Acme']);
    expect(owned.get('reddit')).toEqual(['AcmeSupport']);
  });

  it('the first enabled source of the kind, unless readOwned picks or refuses', () => {
    const yes = () => true;
    expect(planOwnedReads([src('a', 'x', { enabled: false }), src('b', 'x'), src('c', 'x')], owned, yes).map((r) => r.name)).toEqual(['b/owned/42', 'b/owned/acme']);
    expect(planOwnedReads([src('b', 'x'), src('c', 'x', { readOwned: true })], owned, yes).map((r) => r.source.name)).toEqual(['c', 'c']);
    expect(planOwnedReads([src('b', 'x', { readOwned: false })], owned, yes)).toEqual([]);
    // A connector that cannot read owned accounts is passed over, and a platform without a source reads nothing.
    expect(planOwnedReads([src('b', 'x'), src('c', 'x')], owned, (s) => s.name === 'c').map((r) => r.source.name)).toEqual(['c', 'c']);
  });
});

describe('owned accounts: through the runner', () => {
  async function setup(bus = new MemoryBus()) {
    await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    const clock = new FakeClock(Date.parse('2026-12-07T10:00:00Z'));
    const cursors = new MemoryCursorStore();
    const connector = new Recorder(() => Date.now());
    const runner = new IngestRunner({
      sources: [src('xs', 'x')], bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics: new Metrics(), clock,
      createConnector: () => connector, hostIntervalMs: 30, healthLogIntervalMs: 0, retries: 0, hostConcurrency: 1,
      ownedAccounts: mergeOwned([{ owned: { x: ['42', '43'] } }]),
    });
    return { bus, cursors, connector, runner };
  }

  it('one cursor per account, saved after the broker acknowledged, sent back on the next poll; health per read', async () => {
    const { bus, cursors, connector, runner } = await setup();
    await runner.runOnce();
    expect(await cursors.get('xs')).toBe('main-1');
    expect(await cursors.get('xs/owned/42')).toBe('1');
    expect(await cursors.get('xs/owned/43')).toBe('1');
    await runner.runOnce();
    expect(connector.calls.filter((c) => c.who === '42').map((c) => c.cursor)).toEqual([undefined, '1']);
    expect(bus.messages('raw').map((m) => m.key).sort()).toEqual(['x:42-1', 'x:42-2', 'x:43-1', 'x:43-2']);
    // The mention carries the source's own name, not the read's.
    expect(JSON.parse(bus.messages('raw')[0]!.value).source.name).toBe('xs');
    expect(runner.health().map((h) => [h.source, h.account, h.items])).toEqual([['xs', undefined, 0], ['xs/owned/42', '42', 2], ['xs/owned/43', '43', 2]]);
  });

  it('a publish the broker refuses leaves the account cursor where it was', async () => {
    const bus = new MemoryBus();
    const { cursors, runner } = await setup(bus);
    const publish = bus.publish.bind(bus);
    bus.publish = async (topic, msgs) => {
      if (msgs.some((m) => m.key === 'x:42-1')) throw new VigieError('ERR_BUS_PUBLISH', 'broker down', { retriable: false });
      return publish(topic, msgs);
    };
    const rounds = await runner.runOnce();
    expect(rounds.find((r) => r.source === 'xs/owned/42')).toMatchObject({ ok: false });
    expect(await cursors.get('xs/owned/42')).toBeUndefined();
    expect(await cursors.get('xs/owned/43')).toBe('1');
  });

  it('the reads share the source host queue and its spacing', async () => {
    const { connector, runner } = await setup();
    await runner.runOnce();
    const at = connector.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(at).toHaveLength(3);
    // Three requests to one host, at least hostIntervalMs (30 ms) apart: they queued behind each other.
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(25);
  });
});
