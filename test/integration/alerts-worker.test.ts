import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spread } from '../fixtures/alerts/make-mention.ts';
import { startReceiver } from '../fixtures/alerts/receiver.ts';
import { waitFor } from '../fixtures/alerts/wait-for.ts';
import { alertWorkerRig, signedAlerts } from '../helpers/alert-worker.ts';
import { stopChild } from '../helpers/child.ts';

const SECRET = 'integration-secret-0123';
const rig = alertWorkerRig();
let failing = false;
let failedAttempts = 0;
let rx: Awaited<ReturnType<typeof startReceiver>>;

const startWorker = () =>
  rig.start({
    // Per-rule grouping (the behaviour before incidents, still selectable): growth pages again.
    grouping: 'rule',
    rules: [{ kind: 'negative_share', name: 'acme-negative', scope: { names: ['Acme'] }, window: '30s', minCount: 10, share: 0.5, resolveAfter: '5s', cooldown: '1m', escalateFactor: 3 }],
    channels: [{ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] }],
  });

const pages = () => signedAlerts(rx.received, SECRET);

const publishNegatives = (n: number) => rig.publish(spread(Date.now() - 2000, 1500, n, { brand: 'Acme', sentiment: -0.8 }));

beforeAll(async () => {
  rx = await startReceiver(() => {
    if (!failing) return 200;
    failedAttempts += 1;
    return 500;
  });
  await rig.createTopics();
});

afterAll(async () => {
  await rig.close();
  await rx?.close();
});

describe('alert worker on real Kafka', () => {
  it('grouping: rule: one page per episode event, signed; survives a kill -9 and a receiver returning 500', async () => {
    const a = await startWorker();
    await publishNegatives(20);
    await waitFor(() => rx.received.length >= 1, 60_000, 'opening page');
    expect(pages().map((p) => p.type)).toEqual(['opened']);

    // Mid-episode: the receiver goes down, the burst grows, and the worker is killed without any
    // cleanup (no commit, no checkpoint, no leaving the group) while it handles the new mentions.
    await waitFor(() => Date.now() - rx.received[0]!.at > 1500, 5000, 'opening page settled');
    failing = true;
    await publishNegatives(40);
    await stopChild(a, 'SIGKILL');
    const b = await startWorker();
    await waitFor(() => failedAttempts >= 2, 90_000, 'failed delivery attempts');
    failing = false;
    await waitFor(() => rx.received.length >= 2, 60_000, 'escalation after the receiver recovered');
    // The window (30 s) empties and the hold (5 s) passes: one resolution.
    await waitFor(() => rx.received.length >= 3, 90_000, 'resolution');
    const p = pages();
    expect(p.map((x) => x.type)).toEqual(['opened', 'escalated', 'resolved']);
    expect(new Set(p.map((x) => x.episodeId)).size).toBe(1);
    expect(p.map((x) => x.id)).toEqual([0, 1, 2].map((s) => `${p[0]!.episodeId}:${s}`));
    // The escalation counts mentions of the second burst (only 20 came before the kill), handled
    // by the restarted worker. It fires after whichever partition's batch tips the count past
    // escalateFactor x the opening's count, so it may see only part of the 40.
    expect(p[1]!.evidence.metrics.negative).toBeGreaterThan(20);
    expect(p[1]!.value).toBeGreaterThanOrEqual(3 * p[0]!.value);
    expect(p[0]!.scope).toBe('entry:Acme');
    // Nothing more arrives: no duplicate from the restart or the retries.
    const before = rx.received.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(rx.received.length).toBe(before);
    await stopChild(b, 'SIGTERM');
  });
});
