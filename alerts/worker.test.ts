import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../core/clock.ts';
import { MemoryBus } from '../core/bus-memory.ts';
import { silentLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { spread } from '../test/fixtures/alerts/make-mention.ts';
import { startReceiver } from '../test/fixtures/alerts/receiver.ts';
import { waitFor } from '../test/fixtures/alerts/wait-for.ts';
import { verifySignature } from '../notify/signature.ts';
import { buildChannels, buildRules, channelConfigSchema, ruleConfigSchema } from './registry.ts';
import { StateStore } from './state.ts';
import { startAlertWorker } from './worker.ts';
import type { Alert } from './contracts.ts';

const SECRET = 'worker-test-secret-123';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function setup(status: () => number = () => 200, extra: Partial<Parameters<typeof startAlertWorker>[0]> = {}) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: 'enriched', partitions: 3, replicationFactor: 1 }]);
  const rx = await startReceiver(status);
  closers.push(rx.close, () => bus.close());
  const clock = new FakeClock(Date.now());
  const start = async () => {
    const metrics = new Metrics();
    const ctx = { logger: silentLogger(), clock: systemClock, metrics };
    const w = await startAlertWorker({
      bus,
      topics: { enriched: 'enriched', alerts: 'alerts', state: 'state', dlq: 'dlq' },
      groupId: 'alerts-test',
      rules: buildRules([ruleConfigSchema.parse({ kind: 'negative_share', name: 'neg', scope: { names: ['Acme'] }, window: '5m', minCount: 10, share: 0.5, resolveAfter: '1m' })], ctx),
      channels: buildChannels([channelConfigSchema.parse({ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] })], ctx),
      logger: silentLogger(),
      metrics,
      clock,
      tickMs: 50,
      retryBaseMs: 20,
      retryMaxMs: 100,
      ...extra,
      ...(extra.rules ? { rules: buildRules((extra.rules as unknown as unknown[]).map((r) => ruleConfigSchema.parse(r)), ctx) } : {}),
    });
    await w.ready;
    return w;
  };
  const publish = (ms: ReturnType<typeof spread>) => bus.publish('enriched', ms.map((m) => ({ key: m.id, value: JSON.stringify(m) })));
  const pages = () => rx.received.map((r) => {
    expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [SECRET])).toBe(true);
    return (JSON.parse(r.body) as { alert: Alert }).alert;
  });
  return { bus, rx, clock, start, publish, pages };
}

describe('alert worker (memory bus)', () => {
  it('delivers each incident event once across a restart, and resolves', async () => {
    const s = await setup();
    let w = await s.start();
    const t = s.clock.now();
    await s.publish(spread(t - 60_000, 50_000, 20, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => s.rx.received.length === 1, 20_000, 'opening page');
    expect(s.pages()[0]!.type).toBe('opened');
    await w.stop();
    // Restart: state comes back from the state topic; nothing is re-paged.
    w = await s.start();
    closers.push(() => w.stop());
    expect(w.engine.openIncidents().length).toBe(1);
    await s.publish(spread(t - 30_000, 25_000, 30, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => s.rx.received.length === 2, 20_000, 'update');
    s.clock.advance(10 * 60_000);
    await waitFor(() => s.rx.received.length === 3, 20_000, 'resolution');
    const p = s.pages();
    // The count growing past escalateFactor is a quiet update of the incident (a page before incidents).
    expect(p.map((a) => a.type)).toEqual(['opened', 'updated', 'resolved']);
    expect(new Set(p.map((a) => a.incidentId)).size).toBe(1);
    expect(s.rx.received.map((r) => r.headers['x-vigie-incident'])).toEqual([p[0]!.incidentId, p[0]!.incidentId, p[0]!.incidentId]);
    expect(p.map((a) => a.seq)).toEqual([0, 1, 2]);
  });

  it('a batch redelivered after its checkpoint (crash before the commit) is not counted twice', async () => {
    const s = await setup();
    // The evaluation handler's first call succeeds and then "crashes" before the commit.
    const consume = s.bus.consume.bind(s.bus);
    let crashed = 0;
    s.bus.consume = (opts) => consume(opts.groupId !== 'alerts-test' ? opts : { ...opts, handler: async (b) => { await opts.handler(b); if (crashed++ === 0) throw new Error('crash before commit'); } });
    const w = await s.start();
    closers.push(() => w.stop());
    const t = s.clock.now();
    await s.bus.publish('enriched', spread(t - 60_000, 50_000, 9, { brand: 'Acme', sentiment: -0.8 }).map((m) => ({ key: 'same', value: JSON.stringify(m) })));
    await waitFor(() => crashed >= 2, 20_000, 'redelivery');
    // 9 negatives < minCount 10: counted twice they would have paged.
    expect(w.engine.openIncidents()).toEqual([]);
    expect(s.bus.messages('alerts')).toEqual([]);
  });

  it('a page reaches a receiver only once its incident is checkpointed (issue 21: a kill -9 after the page re-opened the crisis under another id)', async () => {
    let release!: () => void;
    const slowIndex = new Promise<void>((r) => (release = r));
    // The alerts index answers late: it must not hold the checkpoint back behind a delivered page.
    const s = await setup(() => 200, { recorder: { record: () => slowIndex } });
    const w = await s.start();
    closers.push(async () => {
      release();
      await w.stop();
    });
    const t = s.clock.now();
    await s.publish(spread(t - 60_000, 50_000, 20, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => s.rx.received.length === 1, 20_000, 'opening page');
    const { records } = await new StateStore(s.bus, 'state', 'alerts-test').load();
    const incident = records.find((r) => r.key === 'incident:entry:Acme')?.value as { open?: { id: string; paged: boolean } } | undefined;
    expect(incident?.open).toMatchObject({ id: s.pages()[0]!.incidentId, paged: true });
  });

  it('events checkpointed but not in the outbox when the process stopped are published by the next one, once', async () => {
    const s = await setup();
    const publish = s.bus.publish.bind(s.bus);
    let outboxDown = true;
    let refused = 0;
    s.bus.publish = async (topic, msgs) => {
      if (topic === 'alerts' && outboxDown) {
        refused += 1;
        throw new Error('outbox unreachable');
      }
      return publish(topic, msgs);
    };
    let w = await s.start();
    const t = s.clock.now();
    await s.publish(spread(t - 60_000, 50_000, 20, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => refused >= 1, 20_000, 'the opening refused by the outbox');
    await w.stop();
    expect(s.rx.received.length).toBe(0);
    outboxDown = false;
    w = await s.start();
    closers.push(() => w.stop());
    await waitFor(() => s.rx.received.length === 1, 20_000, 'the opening, published by the next process');
    expect(s.pages().map((a) => [a.type, a.seq])).toEqual([['opened', 0]]);
    expect(w.engine.openIncidents().map((i) => i.id)).toEqual([s.pages()[0]!.incidentId]);
    expect(s.bus.messages('alerts')).toHaveLength(1);
  });

  it('a receiver failing for a while gets every page later, in order', async () => {
    let failing = true;
    const s = await setup(() => (failing ? 500 : 200));
    const w = await s.start();
    closers.push(() => w.stop());
    const t = s.clock.now();
    await s.publish(spread(t - 60_000, 50_000, 20, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => s.bus.messages('alerts').length === 1, 20_000, 'opened in outbox');
    await s.publish(spread(t - 30_000, 25_000, 30, { brand: 'Acme', sentiment: -0.8 }));
    await waitFor(() => s.bus.messages('alerts').length === 2, 20_000, 'update in outbox');
    expect(s.rx.received.length).toBe(0);
    failing = false;
    await waitFor(() => s.rx.received.length === 2, 30_000, 'pages after recovery');
    expect(s.pages().map((a) => a.type)).toEqual(['opened', 'updated']);
  });

  it('dead-letters mentions that are not enriched mentions', async () => {
    const s = await setup();
    const w = await s.start();
    closers.push(() => w.stop());
    await s.bus.publish('enriched', [{ key: 'x', value: '{"id":"x"}' }, { key: 'y', value: 'not json' }]);
    await waitFor(() => s.bus.messages('dlq').length === 2, 20_000, 'dead letters');
    const dl = s.bus.messages('dlq').map((m) => JSON.parse(m.value));
    expect(dl.map((d) => d.code)).toEqual(['ERR_SCHEMA_INVALID', 'ERR_SCHEMA_INVALID']);
    expect(dl[0].stage).toBe('alerts');
  });

  it('catchUp judges a backlog loaded out of order in event time: calm days first, then the spike pages', async () => {
    const HOUR = 3_600_000;
    const rule = { kind: 'volume_surge', name: 'surge', scope: { names: ['Acme'] }, falsePages: '1/month' };
    const run = async (catchUp: boolean) => {
      const s = await setup(() => 200, { rules: [rule] as never, engine: { maxPageAgeMs: Infinity }, ...(catchUp ? { catchUp: { idleMs: 300 } } : {}) });
      const day0 = Math.floor(s.clock.now() / (24 * HOUR)) * 24 * HOUR - 10 * 24 * HOUR;
      // The spike (day 4, 30 voices in 40 min) is published before the four calm days (a voice an hour).
      // Keys 'f' and 'a' land in partitions 0 and 1 (the spike's partition is read first), as a feed-by-feed load does.
      const put = (key: string, ms: ReturnType<typeof spread>) => s.bus.publish('enriched', ms.map((m) => ({ key, value: JSON.stringify(m) })));
      await put('f', spread(day0 + 4 * 24 * HOUR + 10 * HOUR, 40 * 60_000, 30, { brand: 'Acme' }));
      await put('a', spread(day0, 4 * 24 * HOUR, 96, { brand: 'Acme' }));
      const w = await s.start();
      closers.push(() => w.stop());
      return { s, day0 };
    };
    const { s, day0 } = await run(true);
    await waitFor(() => s.rx.received.length >= 1, 20_000, 'spike page');
    const opened = s.pages().filter((a) => a.type === 'opened');
    expect(opened.length).toBe(1);
    const at = Date.parse(opened[0]!.eventTime) - (day0 + 4 * 24 * HOUR + 10 * HOUR);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(at).toBeLessThanOrEqual(HOUR);
  });
});
