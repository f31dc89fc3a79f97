import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../alerts/contracts.ts';
import { validateConfig, type VigieConfig } from '../../cli/config.ts';
import { createRuntime, type Runtime } from '../../cli/runtime.ts';
import { startStages, type RunningStages } from '../../cli/stages.ts';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { silentLogger } from '../../core/logger.ts';
import type { RawMentionInput } from '../../core/mention.ts';
import { Desk } from '../../desk/queue.ts';
import { trackedPlatforms } from '../../core/owned.ts';
import { verifySignature } from '../../notify/signature.ts';
import { mention as enriched } from '../fixtures/alerts/make-mention.ts';
import { startReceiver } from '../fixtures/alerts/receiver.ts';
import { startWorkerChild } from '../fixtures/alerts/worker-child.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { waitFor } from '../helpers/services.ts';

/**
 * The `unanswered` rule on real Kafka and Elasticsearch, through the stages `vigie run` starts:
 * raw mentions and the brand's reply go through enrich (needs-a-reply, owned accounts) into the
 * alert worker; a critic nobody answers pages a signed webhook on loopback; a question the brand
 * answered (its reply sent before the question itself), a complaint marked handled on the
 * desk (Elasticsearch) and a critic on a platform without an owned account (untracked) do not.
 */
describe('unanswered alert on real Kafka and Elasticsearch', () => {
  const prefix = `test-${randomUUID()}`;
  const SECRET = 'unanswered-secret-0123';
  let config: VigieConfig;
  let rt: Runtime;
  let running: RunningStages;
  let bus: KafkaBus;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  const now = Date.now();
  // Published 45 s ago with `after: 1m`: due 15 s after the test starts.
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
  const mention = (id: string, text: string, over: Partial<RawMentionInput> = {}): RawMentionInput => ({
    id, source: { kind: 'x' }, url: `https://x.example/status/${id}`, publishedAt: at(45), text, author: { id: `u-${id}`, handle: `fan_${id.replace(/\W/g, '')}`, followers: 3000 }, ...over,
  });
  const publish = (ms: RawMentionInput[]) => bus.publish(config.kafka.topics.raw, ms.map((m) => ({ key: m.id, value: JSON.stringify(m) })));
  const pages = (): Alert[] =>
    rx.received.map((r) => {
      expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [SECRET])).toBe(true);
      return (JSON.parse(r.body) as { alert: Alert }).alert;
    });

  beforeAll(async () => {
    rx = await startReceiver();
    const t = (n: string) => `${prefix}.${n}`;
    const r = validateConfig({
      kafka: { brokers: process.env.KAFKA_BROKERS!.split(','), groupPrefix: prefix, topics: { raw: t('raw'), enriched: t('enriched'), dlq: t('dlq'), alerts: t('alerts'), alertsState: t('alerts.state'), alertsDlq: t('alerts.dlq'), cursors: t('cursors'), partitions: 2 } },
      elasticsearch: { node: process.env.ELASTICSEARCH_URL, indexPrefix: prefix },
      languages: ['fr', 'en'],
      watch: [{ name: 'Brûlerie Boréale', role: 'brand', query: '"brulerie boreale" OR @brulerieboreale', owned: { x: ['4242'] } }],
      index: { flushCount: 100 },
      alerts: {
        tickEvery: '500ms',
        rules: [{ kind: 'unanswered', name: 'waiting', scope: { roles: ['brand'] }, after: '1m', minPriority: 10, severity: 'critical' }],
        channels: [{ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] }],
      },
    });
    expect(r.problems).toEqual([]);
    config = r.config!;
    rt = createRuntime(config, 'test', silentLogger());
    running = await startStages(rt, ['enrich', 'index', 'alerts'], { pollSources: false });
    bus = new KafkaBus({ brokers: config.kafka.brokers, clientId: 'unanswered-test' });
  });

  afterAll(async () => {
    await running?.stop();
    const t = config.kafka.topics;
    await bus?.deleteTopics([t.raw, t.enriched, t.dlq, t.alerts, t.alertsState, t.alertsDlq, t.cursors]).catch(() => {});
    await bus?.close();
    await rx?.close();
    if (rt) await deleteByPrefix(rt.es, prefix);
  });

  it('pages for the critic left unanswered, not for the answered question nor the one handled on the desk', async () => {
    // Handled on the desk before it is due (the community manager answered by phone).
    await new Desk(rt.es, prefix, trackedPlatforms(config.watch)).act('x:c3', { action: 'handled' }, Date.now(), 'camille');
    // The brand's reply to q2 arrives before q2 itself (another connector, another poll).
    await publish([mention('x:r2', 'Bonjour! Oui, on ouvre le 26 à 8 h.', { parentId: 'x:q2', publishedAt: at(40), author: { id: '4242', handle: 'BrulerieBoreale' } })]);
    await publish([
      mention('x:c1', 'Toujours pas reçu ma commande Brûlerie Boréale, inacceptable', { author: { id: 'u-c1', handle: 'critique_qc', followers: 48_000 } }),
      mention('x:q2', 'Est-ce que la Brûlerie Boréale ouvre le 26 décembre?'),
      mention('x:c3', 'Brulerie Boreale charged me twice and still no refund'),
      // A critic in a news feed: the brand has no owned account there, no answer could cancel a page.
      mention('rss:c4', 'Brûlerie Boréale : commande jamais livrée, service client inexistant, inacceptable', { source: { kind: 'rss' }, url: 'https://nouvelles.example/c4', author: { name: 'Chroniqueur', followers: 90_000 } }),
    ]);

    await waitFor(() => rx.received.length >= 1, 90_000, 'the page for x:c1');
    const [opened] = pages();
    expect(opened).toMatchObject({ type: 'opened', kind: 'unanswered', rule: 'waiting', scope: 'entry:Brûlerie Boréale', severity: 'critical' });
    expect(opened!.evidence.samples.map((s) => s.id)).toEqual(['x:c1']);
    expect(opened!.evidence.samples[0]).toMatchObject({ author: 'critique_qc', source: 'x', url: 'https://x.example/status/x:c1' });
    expect(opened!.evidence.samples[0]!.text).toMatch(/^\[x · \d+ min · P\d+\]$/);
    // Paged after the wait, not before.
    expect(Date.parse(opened!.eventTime)).toBeGreaterThanOrEqual(now + 15_000 - 1000);

    // Both were judged to need a reply (so only the answer and the desk keep them from paging).
    const doc = async (id: string) => (await rt.es.search<Record<string, any>>({ index: `${prefix}-mentions`, query: { ids: { values: [id] } } })).hits.hits[0]?._source;
    await waitFor(async () => {
      await rt.es.indices.refresh({ index: `${prefix}-mentions` });
      return (await doc('x:q2'))?.response !== undefined && (await doc('x:c3')) !== undefined && (await doc('rss:c4')) !== undefined;
    }, 60_000, 'q2 answered, c3 and c4 indexed');
    expect((await doc('rss:c4'))!.reply).toMatchObject({ needed: true, reasons: expect.arrayContaining(['complaint']) });
    expect((await doc('x:q2'))!.reply).toMatchObject({ needed: true });
    expect((await doc('x:c3'))!.reply).toMatchObject({ needed: true, reasons: expect.arrayContaining(['complaint']) });
    // Well past the due time of q2 and c3: nothing else arrives about them.
    await new Promise((r) => setTimeout(r, Math.max(0, now + 25_000 - Date.now())));
    const ids = pages().flatMap((p) => p.evidence.samples.map((s) => s.id));
    expect(ids).not.toContain('x:q2');
    expect(ids).not.toContain('x:c3');
    expect(ids).not.toContain('rss:c4');
    expect(pages().filter((p) => p.type === 'opened')).toHaveLength(1);
  });
});

/**
 * Restart safety on real Kafka: the alert worker (its own process) is killed with SIGKILL while a
 * mention waits; the one started after it pages once, on time, from the checkpointed wait, and
 * the reply that came before its parent still keeps the other mention from paging.
 */
describe('unanswered across a kill -9 of the alert worker', () => {
  const id = randomUUID().slice(0, 8);
  const topics = { enriched: `test-${id}-enriched`, alerts: `test-${id}-alerts`, state: `test-${id}-state`, dlq: `test-${id}-dlq` };
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  const bus = new KafkaBus({ brokers, clientId: `test-${id}` });
  const SECRET = 'unanswered-restart-0123';
  const children: ChildProcess[] = [];
  let rx: Awaited<ReturnType<typeof startReceiver>>;

  const startWorker = () =>
    startWorkerChild(
      {
        brokers,
        topics,
        groupId: `test-${id}-alerts`,
        rules: [{ kind: 'unanswered', name: 'waiting', scope: { names: ['Acme'] }, after: '1m', minPriority: 10 }],
        channels: [{ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] }],
      },
      children,
    );

  beforeAll(async () => {
    rx = await startReceiver();
    await bus.ensureTopics([{ name: topics.enriched, partitions: 3, replicationFactor: 1 }]);
  });

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await rx?.close();
    await bus.deleteTopics(Object.values(topics)).catch(() => undefined);
    await bus.close();
  });

  it('a wait checkpointed before the kill pages once after the restart; an answered one never', async () => {
    const a = await startWorker();
    const now = Date.now();
    // Published 35 s ago with `after: 1m`: due 25 s from now, well after the restart below.
    const waiting = { ...enriched(now - 35_000, { brand: 'Acme', sentiment: -0.8, influence: 60, author: 'critic' }), source: { kind: 'x' }, reply: { needed: true, reasons: ['complaint' as const] } };
    const answered = { ...enriched(now - 35_000, { brand: 'Acme', sentiment: -0.8, influence: 60, author: 'asker' }), source: { kind: 'x' }, reply: { needed: true, reasons: ['question' as const] } };
    const reply = { ...enriched(now - 30_000, { author: 'acme_support' }), source: { kind: 'x' }, parentId: answered.id, reply: { needed: false, reasons: [], owner: 'Acme' } };
    const send = (ms: object[]) => bus.publish(topics.enriched, ms.map((m) => ({ key: (m as { id: string }).id, value: JSON.stringify(m) })));
    await send([reply]);
    await send([waiting, answered]);

    // The worker checkpointed the wait (and the early reply) on the state topic: then kill it.
    const seen = new Set<string>();
    const watch = await bus.consume({ groupId: `test-${id}-watch`, topics: [topics.state], fromBeginning: true, handler: async (b) => void b.forEach((m) => m.value !== 'null' && m.key && seen.add(m.key)) });
    await waitFor(() => seen.has(`test-${id}-alerts/rule:waiting|entry:Acme`) && seen.has(`test-${id}-alerts/rule:waiting|~answers`), 60_000, 'the wait checkpointed');
    await watch.stop();
    expect(rx.received).toEqual([]);
    a.kill('SIGKILL');
    await new Promise((r) => a.once('exit', r));

    const b = await startWorker();
    await waitFor(() => rx.received.length >= 1, 90_000, 'the page after the restart');
    const page = JSON.parse(rx.received[0]!.body) as { alert: Alert };
    expect(verifySignature(rx.received[0]!.headers['x-vigie-signature'] as string, rx.received[0]!.body, [SECRET])).toBe(true);
    expect(page.alert).toMatchObject({ type: 'opened', kind: 'unanswered', scope: 'entry:Acme' });
    expect(page.alert.evidence.samples.map((s) => s.id)).toEqual([waiting.id]);
    expect(Date.parse(page.alert.eventTime)).toBeGreaterThanOrEqual(now + 25_000 - 1000);
    // Nothing more: no second page from the restart, none for the answered question.
    await new Promise((r) => setTimeout(r, 4000));
    expect(rx.received).toHaveLength(1);
    b.kill('SIGTERM');
    await new Promise((r) => b.once('exit', r));
  });
});
