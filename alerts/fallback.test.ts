/**
 * A page the receiver refuses (400 invalid_blocks, 413 too large, SMTP 552) is a bug of ours:
 * it goes out once more as headline + link, is counted, and its outcome lands on the alert record.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryBus } from '../core/bus-memory.ts';
import { systemClock } from '../core/clock.ts';
import { VigieError } from '../core/errors.ts';
import { silentLogger } from '../core/logger.ts';
import { Metrics } from '../core/metrics.ts';
import { adversarialAlert } from '../test/fixtures/alerts/adversarial-alert.ts';
import { startReceiver, type Received } from '../test/fixtures/alerts/receiver.ts';
import { waitFor } from '../test/fixtures/alerts/wait-for.ts';
import type { Alert, AlertRecorder, ChannelOutcome } from './contracts.ts';
import { refusedStatus } from '../notify/refused.ts';
import { alertMetrics } from './metrics.ts';
import { startDelivery } from './outbox.ts';
import { buildChannels, channelConfigSchema } from './registry.ts';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A receiver stricter than the documented limits: anything with sample mentions is refused. */
async function run(kind: 'slack' | 'teams' | 'webhook', refuse: (r: Received) => number) {
  const bus = new MemoryBus();
  await bus.ensureTopics([{ name: 'alerts', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
  const seen: Received[] = [];
  const rx = await startReceiver((r) => {
    seen.push(r);
    return refuse(r);
  });
  const outcomes: Array<[string, ChannelOutcome]> = [];
  const recorder: AlertRecorder = { record: async () => undefined, recordOutcome: async (id, o) => void outcomes.push([id, o]) };
  const metrics = new Metrics();
  const am = alertMetrics(metrics);
  const cfg = kind === 'webhook' ? { kind, name: 'ch', url: `${rx.url}/hook`, secrets: ['fallback-secret-0123456'] } : { kind, name: 'ch', url: `${rx.url}/hook` };
  const channels = buildChannels([channelConfigSchema.parse(cfg)], { logger: silentLogger(), clock: systemClock, metrics });
  const subs = await startDelivery({ bus, alertsTopic: 'alerts', dlqTopic: 'dlq', groupId: 'g', channels, logger: silentLogger(), clock: systemClock, metrics: am, deadlineMs: 60_000, retryBaseMs: 10, retryMaxMs: 20, recorder });
  closers.push(rx.close, async () => { for (const s of subs) await s.stop(); }, () => bus.close());
  await Promise.all(subs.map((s) => s.ready));
  const alert: Alert = { ...adversarialAlert(), createdAt: new Date().toISOString() };
  await bus.publish('alerts', [{ key: alert.episodeId, value: JSON.stringify(alert) }]);
  const dlq: string[] = [];
  const dsub = await bus.consume({ groupId: 'dlq-reader', topics: ['dlq'], handler: async (b) => void dlq.push(...b.map((m) => m.value)) });
  closers.push(() => dsub.stop());
  await waitFor(() => outcomes.length === 1, 10_000, 'outcome recorded');
  const minimal = (await metrics.registry.getSingleMetricAsString('vigie_alert_pages_minimal_total'));
  return { seen, outcomes, minimal, dlq, alert };
}

describe('refused pages', () => {
  it('Slack 400 invalid_blocks: sent again as headline + link, counted, recorded', async () => {
    const r = await run('slack', (q) => (q.body.includes('"section","text":{"type":"mrkdwn","text":"*Exemples') ? 400 : 200));
    expect(r.seen.length).toBe(2);
    const last = JSON.parse(r.seen[1]!.body);
    expect(last.blocks[0].text.text).toContain('influential-negative');
    expect(JSON.stringify(last.blocks)).toContain('4242');
    expect(last.blocks.at(-1).elements[0].url).toBe(r.alert.kibanaUrl);
    expect(JSON.stringify(last.blocks)).not.toContain('Exemples');
    expect(r.minimal).toContain('vigie_alert_pages_minimal_total{channel="ch",status="400"} 1');
    expect(r.outcomes[0]![0]).toBe(r.alert.id);
    expect(r.outcomes[0]![1]).toMatchObject({ name: 'ch', kind: 'slack', outcome: 'delivered_minimal', status: 400, attempts: 1 });
  });

  it('Teams 413: the minimal card goes out', async () => {
    const r = await run('teams', (q) => (q.body.length > 6000 ? 413 : 200));
    expect(r.seen.map((q) => q.body.length > 6000)).toEqual([true, false]);
    expect(r.outcomes[0]![1]).toMatchObject({ outcome: 'delivered_minimal', status: 413 });
    expect(r.minimal).toContain('status="413"} 1');
  });

  it('a 500 before the refusal is retried, and the minimal page is not preceded by the full one again', async () => {
    let n = 0;
    const r = await run('webhook', (q) => (++n === 1 ? 500 : JSON.parse(q.body).alert.evidence.samples.length > 0 ? 400 : n === 3 ? 503 : 200));
    const kinds = r.seen.map((q) => (JSON.parse(q.body).alert.evidence.samples.length > 0 ? 'full' : 'minimal'));
    expect(kinds).toEqual(['full', 'full', 'minimal', 'minimal']);
    expect(r.outcomes[0]![1]).toMatchObject({ outcome: 'delivered_minimal', status: 400, attempts: 3 });
    expect(r.minimal).toContain('status="400"} 1');
  });

  it('a receiver that refuses the minimal page too: dead-lettered, with the outcome recorded', async () => {
    const r = await run('slack', () => 400);
    expect(r.seen.length).toBe(2);
    expect(r.outcomes[0]![1]).toMatchObject({ outcome: 'dead_letter', status: 400 });
    expect(r.outcomes[0]![1].error).toMatch(/^ERR_ALERT_CHANNEL_REJECTED: slack ch: HTTP 400/);
    await waitFor(() => r.dlq.length === 1, 5000, 'dead letter');
  });

  it('recognises 400, 413 and SMTP 552, nothing else', () => {
    const e = (details: Record<string, unknown>, retriable = false) => new VigieError('ERR_ALERT_CHANNEL_REJECTED', 'x', { details, retriable });
    expect(refusedStatus(e({ status: 400 }))).toBe(400);
    expect(refusedStatus(e({ status: 413 }))).toBe(413);
    expect(refusedStatus(e({ smtpCode: 552 }))).toBe(552);
    expect(refusedStatus(e({ status: 404 }))).toBeUndefined();
    expect(refusedStatus(e({ status: 400 }, true))).toBeUndefined();
    expect(refusedStatus(new Error('x'))).toBeUndefined();
  });
});
