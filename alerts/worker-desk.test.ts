import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { MemoryBus } from '../core/bus-memory.ts';
import { silentLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { mention } from '../test/fixtures/alerts/make-mention.ts';
import { startReceiver } from '../test/fixtures/alerts/receiver.ts';
import { waitFor } from '../test/fixtures/alerts/wait-for.ts';
import type { Alert, DeskLookup, DeskVerdict } from './contracts.ts';
import { buildChannels, buildRules, channelConfigSchema, ruleConfigSchema } from './registry.ts';
import { startAlertWorker } from './worker.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A worker with one `unanswered` rule (after 1m) and the given desk; one critic published 2 minutes ago, read after it is due. */
async function run(desk: (ids: readonly string[]) => Promise<ReadonlyMap<string, DeskVerdict>>) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: 'enriched', partitions: 2, replicationFactor: 1 }]);
  const rx = await startReceiver();
  closers.push(rx.close, () => bus.close());
  const clock = new FakeClock(Date.now());
  const asked: string[][] = [];
  const lookup: DeskLookup = { verdicts: (ids) => (asked.push([...ids]), desk(ids)) };
  const ctx = { logger: silentLogger(), clock, metrics: new Metrics() };
  const w = await startAlertWorker({
    bus,
    topics: { enriched: 'enriched', alerts: 'alerts', state: 'state', dlq: 'dlq' },
    groupId: 'desk-test',
    rules: buildRules([ruleConfigSchema.parse({ kind: 'unanswered', name: 'waiting', scope: { names: ['Acme'] }, after: '1m', minPriority: 0 })], ctx),
    channels: buildChannels([channelConfigSchema.parse({ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: ['desk-test-secret-0123'] })], ctx),
    desk: lookup,
    tickMs: 50,
    retryBaseMs: 20,
    retryMaxMs: 100,
    ...ctx,
  });
  closers.push(() => w.stop());
  await w.ready;
  const m = { ...mention(clock.now() - 2 * 60_000, { brand: 'Acme', sentiment: -0.7, author: 'critic' }), reply: { needed: true, reasons: ['complaint' as const] } };
  // With a newer mention in the same batch (same key, same partition), the batch is judged at
  // the newer one's time, when the critic is already due: it must not page before the desk is asked.
  const newer = mention(clock.now(), { brand: 'Acme', sentiment: 0.5 });
  await bus.publish('enriched', [m, newer].map((x) => ({ key: 'one-partition', value: JSON.stringify(x) })));
  // Judged at its own time (not due yet); the ticks that follow run on the fake clock once it moves.
  await waitFor(() => w.engine.evaluatedUntil !== undefined, 10_000, 'the mention judged');
  clock.advance(1000);
  const pages = () => rx.received.map((r) => (JSON.parse(r.body) as { alert: Alert }).alert);
  return { m, clock, asked, pages, rx };
}

describe('alert worker and the response desk', () => {
  it('a due mention handled on the desk does not page', async () => {
    const s = await run(async (ids) => new Map(ids.map((id) => [id, { handled: true }])));
    await waitFor(() => s.asked.length >= 1, 10_000, 'the desk asked');
    expect(s.asked[0]).toEqual([s.m.id]);
    // Ticks go on (every 50 ms): still nothing.
    await new Promise((r) => setTimeout(r, 500));
    expect(s.rx.received).toEqual([]);
  });

  it('a snoozed one pages when the snooze ends; when the desk cannot be read it pages at once', async () => {
    const until = Date.now() + 5 * 60_000;
    const s = await run(async (ids) => new Map(ids.map((id) => [id, { snoozedUntil: until }])));
    await waitFor(() => s.asked.length >= 1, 10_000, 'the desk asked');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.rx.received).toEqual([]);
    s.clock.advance(6 * 60_000);
    await waitFor(() => s.rx.received.length === 1, 10_000, 'the page after the snooze');
    expect(s.pages()[0]!.evidence.samples[0]!.id).toBe(s.m.id);

    const down = await run(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
    });
    await waitFor(() => down.rx.received.length === 1, 10_000, 'the page without the desk');
    expect(down.pages()[0]).toMatchObject({ type: 'opened', kind: 'unanswered' });
  });
});
