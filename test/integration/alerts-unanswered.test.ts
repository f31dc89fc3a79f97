import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawMentionInput } from '../../core/mention.ts';
import { Desk } from '../../desk/queue.ts';
import { mention as enriched } from '../fixtures/alerts/make-mention.ts';
import { startReceiver } from '../fixtures/alerts/receiver.ts';
import { alertWorkerRig, signedAlerts } from '../helpers/alert-worker.ts';
import { stopChild } from '../helpers/child.ts';
import { waitFor } from '../helpers/services.ts';
import { startTestStages, type TestStages } from '../helpers/stages.ts';

/**
 * The `unanswered` rule on real Kafka and Elasticsearch, through the stages `vigie run` starts:
 * raw mentions and the brand's reply go through enrich (needs-a-reply, owned accounts) into the
 * alert worker; a critic nobody answers pages a signed webhook on loopback; a question the brand
 * answered (its reply sent before the question itself) and a complaint marked handled on the
 * desk (Elasticsearch) do not.
 */
describe('unanswered alert on real Kafka and Elasticsearch', () => {
  const SECRET = 'unanswered-secret-0123';
  let s: TestStages;
  let rx: Awaited<ReturnType<typeof startReceiver>>;
  const now = Date.now();
  // Published 45 s ago with `after: 1m`: due 15 s after the test starts.
  const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000).toISOString();
  const mention = (id: string, text: string, over: Partial<RawMentionInput> = {}): RawMentionInput => ({
    id, source: { kind: 'x' }, url: `https://x.example/status/${id}`, publishedAt: at(45), text, author: { id: `u-${id}`, handle: `fan_${id.replace(/\W/g, '')}`, followers: 3000 }, ...over,
  });
  const pages = () => signedAlerts(rx.received, SECRET);

  beforeAll(async () => {
    rx = await startReceiver();
    s = await startTestStages({
      languages: ['fr', 'en'],
      watch: [{ name: 'Brûlerie Boréale', role: 'brand', query: '"brulerie boreale" OR @brulerieboreale', owned: { x: ['4242'] } }],
      index: { flushCount: 100 },
      alerts: {
        tickEvery: '500ms',
        rules: [{ kind: 'unanswered', name: 'waiting', scope: { roles: ['brand'] }, after: '1m', minPriority: 10, severity: 'critical' }],
        channels: [{ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] }],
      },
    }, ['enrich', 'index', 'alerts'], { clientId: 'unanswered-test' });
  });

  afterAll(async () => {
    await s?.stop();
    await rx?.close();
  });

  it('pages for the critic left unanswered, not for the answered question nor the one handled on the desk', async () => {
    // Handled on the desk before it is due (the community manager answered by phone).
    await new Desk(s.rt.es, s.prefix).act('x:c3', { action: 'handled' }, Date.now(), 'camille');
    // The brand's reply to q2 arrives before q2 itself (another connector, another poll).
    await s.publish([mention('x:r2', 'Bonjour! Oui, on ouvre le 26 à 8 h.', { parentId: 'x:q2', publishedAt: at(40), author: { id: '4242', handle: 'BrulerieBoreale' } })]);
    await s.publish([
      mention('x:c1', 'Toujours pas reçu ma commande Brûlerie Boréale, inacceptable', { author: { id: 'u-c1', handle: 'critique_qc', followers: 48_000 } }),
      mention('x:q2', 'Est-ce que la Brûlerie Boréale ouvre le 26 décembre?'),
      mention('x:c3', 'Brulerie Boreale charged me twice and still no refund'),
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
    await waitFor(async () => {
      await s.refresh();
      return (await s.doc('x:q2'))?.response !== undefined && (await s.doc('x:c3')) !== undefined;
    }, 60_000, 'q2 answered and c3 indexed');
    expect((await s.doc('x:q2'))!.reply).toMatchObject({ needed: true });
    expect((await s.doc('x:c3'))!.reply).toMatchObject({ needed: true, reasons: expect.arrayContaining(['complaint']) });
    // Well past the due time of q2 and c3: nothing else arrives about them.
    await new Promise((r) => setTimeout(r, Math.max(0, now + 25_000 - Date.now())));
    const ids = pages().flatMap((p) => p.evidence.samples.map((s) => s.id));
    expect(ids).not.toContain('x:q2');
    expect(ids).not.toContain('x:c3');
    expect(pages().filter((p) => p.type === 'opened')).toHaveLength(1);
  });
});

/**
 * Restart safety on real Kafka: the alert worker (its own process) is killed with SIGKILL while a
 * mention waits; the one started after it pages once, on time, from the checkpointed wait, and
 * the reply that came before its parent still keeps the other mention from paging.
 */
describe('unanswered across a kill -9 of the alert worker', () => {
  const rig = alertWorkerRig();
  const SECRET = 'unanswered-restart-0123';
  let rx: Awaited<ReturnType<typeof startReceiver>>;

  const startWorker = () =>
    rig.start({
      rules: [{ kind: 'unanswered', name: 'waiting', scope: { names: ['Acme'] }, after: '1m', minPriority: 10 }],
      channels: [{ kind: 'webhook', name: 'hook', url: `${rx.url}/hook`, secrets: [SECRET] }],
    });

  beforeAll(async () => {
    rx = await startReceiver();
    await rig.createTopics();
  });

  afterAll(async () => {
    await rig.close();
    await rx?.close();
  });

  it('a wait checkpointed before the kill pages once after the restart; an answered one never', async () => {
    const a = await startWorker();
    const now = Date.now();
    // Published 35 s ago with `after: 1m`: due 25 s from now, well after the restart below.
    const waiting = { ...enriched(now - 35_000, { brand: 'Acme', sentiment: -0.8, influence: 60, author: 'critic' }), source: { kind: 'x' }, reply: { needed: true, reasons: ['complaint' as const] } };
    const answered = { ...enriched(now - 35_000, { brand: 'Acme', sentiment: -0.8, influence: 60, author: 'asker' }), source: { kind: 'x' }, reply: { needed: true, reasons: ['question' as const] } };
    const reply = { ...enriched(now - 30_000, { author: 'acme_support' }), source: { kind: 'x' }, parentId: answered.id, reply: { needed: false, reasons: [], owner: 'Acme' } };
    await rig.publish([reply]);
    await rig.publish([waiting, answered]);

    // The worker checkpointed the wait (and the early reply) on the state topic: then kill it.
    const seen = new Set<string>();
    const watch = await rig.bus.consume({ groupId: `${rig.groupId}-watch`, topics: [rig.topics.state], fromBeginning: true, handler: async (b) => void b.forEach((m) => m.value !== 'null' && m.key && seen.add(m.key)) });
    await waitFor(() => seen.has(`${rig.groupId}/rule:waiting|entry:Acme`) && seen.has(`${rig.groupId}/rule:waiting|~answers`), 60_000, 'the wait checkpointed');
    await watch.stop();
    expect(rx.received).toEqual([]);
    await stopChild(a, 'SIGKILL');

    const b = await startWorker();
    await waitFor(() => rx.received.length >= 1, 90_000, 'the page after the restart');
    const [page] = signedAlerts(rx.received, SECRET);
    expect(page).toMatchObject({ type: 'opened', kind: 'unanswered', scope: 'entry:Acme' });
    expect(page!.evidence.samples.map((s) => s.id)).toEqual([waiting.id]);
    expect(Date.parse(page!.eventTime)).toBeGreaterThanOrEqual(now + 25_000 - 1000);
    // Nothing more: no second page from the restart, none for the answered question.
    await new Promise((r) => setTimeout(r, 4000));
    expect(rx.received).toHaveLength(1);
    await stopChild(b, 'SIGTERM');
  });
});
