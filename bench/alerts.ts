/**
 * Alert latency through real Kafka (KAFKA_BROKERS): drives enriched mentions at a given rate
 * into the alert worker, with probe mentions (one influential negative mention each, for a new
 * brand: one page each) and a volume burst on one brand. Prints p50/p99 from a probe's
 * production to its webhook being received, and the detection delay from the burst's first
 * mention to the spike page.
 *
 *   npm run bench:alerts -- [--rate 1000] [--seconds 30] [--burst-at 15] [--partitions 3] [--drain-s 30]
 *   (KAFKA_BROKERS if set, else a local stack of its own on free ports, stopped at the end)
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { KafkaBus } from '../core/bus-kafka.ts';
import { systemClock } from '../core/clock.ts';
import { createLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import type { EnrichedMention } from '../core/mention.ts';
import type { Alert } from '../alerts/contracts.ts';
import { verifySignature } from '../notify/signature.ts';
import { buildChannels, buildRules, channelConfigSchema, ruleConfigSchema } from '../alerts/registry.ts';
import { startAlertWorker } from '../alerts/worker.ts';
import { mention } from '../test/fixtures/alerts/make-mention.ts';
import { startReceiver } from '../test/fixtures/alerts/receiver.ts';
import { benchServices, runBench } from './lib/run.ts';

const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '30' }, 'burst-at': { type: 'string', default: '15' }, partitions: { type: 'string', default: '3' }, 'drain-s': { type: 'string', default: '30' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const burstAt = Number(values['burst-at']);
const SECRET = 'bench-secret-0123456789';
const id = randomUUID().slice(0, 8);
const topics = { enriched: `bench-${id}-enriched`, alerts: `bench-${id}-alerts`, state: `bench-${id}-state`, dlq: `bench-${id}-dlq` };
// Errors only: a fresh broker's transient warnings (coordinator loading) are not the bench's figures.
const logger = createLogger({ name: 'bench-alerts', level: 'error' });
const metrics = new Metrics();
const ctx = { logger, clock: systemClock, metrics };

await runBench('alerts', async () => {
  const { brokers } = await benchServices('alerts', { kafka: true });
  const rx = await startReceiver();
  const bus = new KafkaBus({ brokers, clientId: `bench-${id}`, logger });
  await bus.ensureTopics([{ name: topics.enriched, partitions: Number(values.partitions), replicationFactor: 1 }]);
  const pub = (ms: EnrichedMention[]) => bus.publish(topics.enriched, ms.map((m) => ({ key: m.id, value: JSON.stringify(m) })));

  // History for the spike baseline: 15 minutes of Acme at 5/s, in the past (replayed at once).
  const now0 = Date.now();
  const history: EnrichedMention[] = [];
  for (let s = 15 * 60; s > 0; s--) for (let k = 0; k < 5; k++) history.push(mention(now0 - s * 1000 + k * 200, { brand: 'Acme', sentiment: 0.1 }));
  for (let i = 0; i < history.length; i += 2000) await pub(history.slice(i, i + 2000));

  const worker = await startAlertWorker({
    bus,
    topics,
    groupId: `bench-${id}`,
    rules: buildRules([
      ruleConfigSchema.parse({ kind: 'volume_spike', name: 'spike', scope: { names: ['Acme'] }, window: '1m', bucket: '10s', minCount: 50, ratio: 3, zScore: 4, seasonality: { enabled: false } }),
      ruleConfigSchema.parse({ kind: 'influential_negative', name: 'probe', scope: { roles: ['competitor'] }, minInfluence: 90 }),
    ], ctx),
    channels: buildChannels([channelConfigSchema.parse({ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] })], ctx),
    tickMs: 1000,
    ...ctx,
  });
  await worker.ready;
  // Let the worker read the history before the live phase.
  await new Promise((r) => setTimeout(r, 3000));

  const probesSent = new Map<string, number>();
  let burstStart = 0;
  let sent = 0;
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((rate * tickMs) / 1000));
  const start = Date.now();
  let probeN = 0;
  for (let tick = 0; Date.now() - start < seconds * 1000; tick++) {
    const target = start + tick * tickMs;
    const wait = target - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = Date.now();
    const elapsed = (t - start) / 1000;
    const batch: EnrichedMention[] = [];
    // Acme: 5/s normally; 300/s during a 10 s burst.
    const inBurst = elapsed >= burstAt && elapsed < burstAt + 10;
    const acme = Math.round(((inBurst ? 300 : 5) * tickMs) / 1000 + (tick % 4 === 0 && !inBurst ? 0.5 : 0));
    for (let k = 0; k < acme; k++) batch.push(mention(t, { brand: 'Acme', sentiment: -0.5 }));
    if (inBurst && burstStart === 0) burstStart = t;
    // A probe every 200 ms: one new competitor, one influential negative mention, one page.
    if (tick % 4 === 0) {
      const pid = `probe:${probeN++}`;
      batch.push(mention(t, { id: pid, brand: `Rival-${pid}`, role: 'competitor', sentiment: -0.9, influence: 95 }));
      probesSent.set(pid, t);
    }
    while (batch.length < perTick) batch.push(mention(t, { brand: `Brand-${batch.length % 50}`, sentiment: 0.2 }));
    await pub(batch);
    sent += batch.length;
  }
  const elapsedS = (Date.now() - start) / 1000;
  const expected = probesSent.size + 1;
  // How long to wait for the last pages after the run (a tiny run's burst may never page: --drain-s 5).
const deadline = Date.now() + Number(values['drain-s']) * 1000;
  while (Date.now() < deadline) {
    const got = rx.received.filter((r) => (JSON.parse(r.body) as { alert: Alert }).alert.type === 'opened').length;
    if (got >= expected) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  const lat: number[] = [];
  let detection: number | undefined;
  let bad = 0;
  for (const r of rx.received) {
    if (!verifySignature(r.headers['x-vigie-signature'] as string, r.body, [SECRET])) bad += 1;
    const a = (JSON.parse(r.body) as { alert: Alert }).alert;
    if (a.type !== 'opened') continue;
    if (a.rule === 'probe') {
      const sentAt = probesSent.get(a.evidence.samples[0]?.id ?? '');
      if (sentAt !== undefined) lat.push(r.at - sentAt);
    } else if (a.rule === 'spike' && burstStart && r.at >= burstStart) detection ??= r.at - burstStart;
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  const figures = { rate: Math.round(sent / elapsedS), seconds: Number(elapsedS.toFixed(1)), partitions: Number(values.partitions), probePages: lat.length, probes: probesSent.size, badSignatures: bad, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: lat.at(-1) ?? null, detectionMs: detection ?? null };
  process.stdout.write(
    [
      `rate: ${Math.round(sent / elapsedS)} mentions/s for ${elapsedS.toFixed(1)} s (${sent} mentions, target ${rate}/s), ${values.partitions} partitions`,
      `pages: ${lat.length}/${probesSent.size} probe pages received, signatures bad: ${bad}`,
      `latency production -> webhook received: p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${lat.at(-1)} ms`,
      `detection delay (burst first mention -> spike page): ${detection === undefined ? 'not detected' : `${detection} ms`}`,
      `target p99 <= 2000 ms: ${q(0.99) <= 2000 ? 'met' : 'NOT met'}`,
    ].join('\n') + '\n',
  );
  await worker.stop();
  await rx.close();
  await bus.deleteTopics(Object.values(topics)).catch(() => undefined);
  await bus.close();
  return figures;
});
