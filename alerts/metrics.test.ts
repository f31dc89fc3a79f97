import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { MemoryBus } from '../core/bus-memory.ts';
import { silentLogger } from '../core/logger.ts';
import type { EnrichedMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { mention } from '../test/fixtures/alerts/make-mention.ts';
import { waitFor } from '../test/fixtures/alerts/wait-for.ts';
import { alertMetrics } from './metrics.ts';
import { buildRules, ruleConfigSchema } from './registry.ts';
import { startAlertWorker } from './worker.ts';

const T0 = Date.parse('2026-01-05T15:00:00Z');
const HOUR = 3_600_000;
const SPIKE = { kind: 'volume_spike', name: 'spike', scope: { names: ['Acme'] }, seasonality: { enabled: false } };
const WAITING = { kind: 'unanswered', name: 'waiting', scope: { names: ['Acme'] }, after: '15m', minPriority: 0, maxWaiting: 10 };

/** A mention of Acme that needs the brand's reply. */
function critic(t: number, influence = 50): EnrichedMention {
  const m = mention(t, { brand: 'Acme', sentiment: -0.8, influence });
  return { ...m, source: { kind: 'x' }, reply: { needed: true, reasons: ['complaint'] } };
}

/** Value of one series of a counter on the registry, as a scrape reads it. */
async function counter(metrics: Metrics, name: string, rule: string): Promise<number | undefined> {
  const json = await metrics.registry.getSingleMetric(name)!.get();
  return json.values.find((v) => v.labels.rule === rule)?.value;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

describe('alert metrics: the rules’ own counts', () => {
  it('exports mentions later than allowedLateness and waits dropped for lack of room, per rule', async () => {
    const metrics = new Metrics();
    const rules = buildRules([SPIKE, WAITING].map((r) => ruleConfigSchema.parse(r)), { logger: silentLogger(), clock: new FakeClock(T0), metrics });
    const am = alertMetrics(metrics);
    am.watchRules(rules);
    // Every watched rule has its series from the start, at 0; only the unanswered rule drops waits.
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'spike')).toBe(0);
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'waiting')).toBe(0);
    expect(await counter(metrics, 'vigie_alert_waits_dropped_total', 'waiting')).toBe(0);
    expect(await counter(metrics, 'vigie_alert_waits_dropped_total', 'spike')).toBeUndefined();

    const observe = (m: EnrichedMention) => rules.forEach((r) => r.rule.observe(m));
    // 12 waits for a memory of 10: two are dropped (the two lowest priorities).
    for (let i = 0; i < 12; i++) observe(critic(T0 + i * 60_000, 40 + i));
    // Two hours behind the newest with the default allowedLateness of 1 h: too late, twice; 30 min behind still counts.
    observe(critic(T0 - 2 * HOUR));
    observe(critic(T0 - 3 * HOUR));
    observe(critic(T0 - HOUR / 2));
    // The brand's late reply still ends its parent's wait (the unanswered rule used it), and the
    // spike rule, which never counts the brand's own posts, does not call it too late either.
    observe({ ...mention(T0 - 2 * HOUR, { author: 'acme_support' }), source: { kind: 'x' }, parentId: 'x:old', reply: { needed: false, reasons: [], owner: 'Acme' } });
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'spike')).toBe(2);
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'waiting')).toBe(2);
    expect(await counter(metrics, 'vigie_alert_waits_dropped_total', 'waiting')).toBe(3);
    // A second scrape adds nothing: counters grow by what the rules counted since the last one.
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'spike')).toBe(2);
    observe(critic(T0 - 4 * HOUR));
    expect(await counter(metrics, 'vigie_alert_mentions_too_late_total', 'spike')).toBe(3);
    expect((await metrics.registry.metrics())).toMatch(/# HELP vigie_alert_waits_dropped_total .+maxWaiting/);
  });

  it('the alert worker exports them on its registry', async () => {
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'enriched', partitions: 1, replicationFactor: 1 }]);
    const metrics = new Metrics();
    const clock = new FakeClock(T0 + HOUR);
    const w = await startAlertWorker({
      bus,
      topics: { enriched: 'enriched', alerts: 'alerts', state: 'state', dlq: 'dlq' },
      groupId: 'alerts-metrics-test',
      rules: buildRules([ruleConfigSchema.parse(SPIKE)], { logger: silentLogger(), clock, metrics }),
      channels: [],
      logger: silentLogger(),
      metrics,
      clock,
      tickMs: 50,
    });
    closers.push(() => bus.close(), () => w.stop());
    await w.ready;
    const publish = (ms: EnrichedMention[]) => bus.publish('enriched', ms.map((m) => ({ key: m.id, value: JSON.stringify(m) })));
    // The newest first, judged before the late ones arrive (a backlog read at start is sorted by event time).
    await publish([mention(T0, { brand: 'Acme' })]);
    await waitFor(() => w.engine.evaluatedUntil !== undefined, 5000, 'the first mention judged');
    await publish([mention(T0 - 2 * HOUR, { brand: 'Acme' }), mention(T0 - 3 * HOUR, { brand: 'Acme' })]);
    await waitFor(async () => (await counter(metrics, 'vigie_alert_mentions_too_late_total', 'spike')) === 2, 5000, 'two mentions counted too late');
  });
});
