/**
 * Incidents on real Kafka: a burst that fires three rules for one brand gives, on each channel,
 * exactly one page at the opening and one when the severity rises (quiet updates in between),
 * one resolution, with the Slack thread and the PagerDuty dedup_key of the incident, and no
 * duplicate after a kill -9 of the alert worker in the middle of the incident.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../alerts/contracts.ts';
import { verifySignature } from '../../notify/signature.ts';
import { spread } from '../fixtures/alerts/make-mention.ts';
import { startReceiver, type Received } from '../fixtures/alerts/receiver.ts';
import { waitFor } from '../fixtures/alerts/wait-for.ts';
import { alertWorkerRig } from '../helpers/alert-worker.ts';
import { stopChild } from '../helpers/child.ts';

const SECRET = 'incident-secret-0123456';
const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';
const rig = alertWorkerRig();
let hook: Awaited<ReturnType<typeof startReceiver>>;
let slack: Awaited<ReturnType<typeof startReceiver>>;
let pd: Awaited<ReturnType<typeof startReceiver>>;
let slackTs = 0;

function startWorker() {
  const rule = { scope: { names: ['Acme'] }, resolveAfter: '5s', cooldown: '2m' };
  return rig.start({
    rules: [
      { ...rule, kind: 'negative_share', name: 'acme-negative', window: '30s', minCount: 10, share: 0.5, criticalShare: 0.97 },
      { ...rule, kind: 'keywords', name: 'acme-recall', terms: ['rappel'], window: '30s', minCount: 5, criticalCount: 40 },
      { ...rule, kind: 'influential_negative', name: 'acme-vip', minInfluence: 70, criticalInfluence: 95, window: '30s' },
    ],
    channels: [
      { kind: 'webhook', name: 'hook', url: `${hook.url}/hook`, secrets: [SECRET] },
      { kind: 'slack', name: 'war-room', token: 'xoxb-test-token', channel: 'C0TESTROOM', apiUrl: `${slack.url}/api`, language: 'fr' },
      { kind: 'pagerduty', name: 'on-call', routingKey: ROUTING_KEY, url: `${pd.url}/v2/enqueue` },
    ],
  });
}

const neg = { brand: 'Acme', sentiment: -0.8, text: 'Rappel du produit Acme : je suis furieux' };

const json = (r: Received) => JSON.parse(r.body) as Record<string, any>;
/**
 * Webhook events as a receiver sees them after deduplicating on X-Vigie-Delivery (the documented
 * contract: a crash between the receiver's 2xx and the delivery record resends that one event).
 */
const hookEvents = (): Alert[] => {
  const seen = new Set<string>();
  return hook.received.flatMap((r) => {
    expect(verifySignature(r.headers['x-vigie-signature'] as string, r.body, [SECRET])).toBe(true);
    const d = r.headers['x-vigie-delivery'] as string;
    if (seen.has(d)) return [];
    seen.add(d);
    return [(json(r) as { alert: Alert }).alert];
  });
};
/** PagerDuty events after PagerDuty's own deduplication of a resent event (same event id, or a second resolve). */
const pdEvents = () => {
  const seen = new Set<string>();
  return pd.received.map(json).filter((e) => {
    const k = e.event_action === 'trigger' ? `t:${e.payload.custom_details.alert_id}` : `${e.event_action}:${e.dedup_key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
const slackPosts = () => slack.received.filter((r) => r.path === '/api/chat.postMessage');

beforeAll(async () => {
  hook = await startReceiver();
  // A fake Slack Web API: chat.postMessage stores the message under a new ts, as Slack does;
  // conversations.history / conversations.replies return them with their metadata.
  const stored: Array<Record<string, unknown>> = [];
  slack = await startReceiver(() => 200, (r) => {
    if (r.path.startsWith('/api/chat.postMessage')) {
      const ts = `1796600000.${String(++slackTs).padStart(6, '0')}`;
      stored.push({ ...json(r), ts });
      return { ok: true, channel: 'C0TESTROOM', ts };
    }
    const q = new URL(r.path, 'http://x').searchParams;
    if (r.path.startsWith('/api/conversations.replies')) return { ok: true, messages: stored.filter((m) => m.ts === q.get('ts') || m.thread_ts === q.get('ts')) };
    if (r.path.startsWith('/api/conversations.history')) return { ok: true, messages: stored.filter((m) => m.thread_ts === undefined || m.reply_broadcast) };
    return { ok: false, error: 'unknown_method' };
  });
  pd = await startReceiver(() => 202, () => ({ status: 'success', message: 'Event processed' }));
  await rig.createTopics();
});

afterAll(async () => {
  await rig.close();
  for (const r of [hook, slack, pd]) await r?.close();
});

describe('incidents on real Kafka', () => {
  it('three rules, one incident: one page at the opening and one at the severity rise per channel, threaded, no duplicate after kill -9', async () => {
    const a = await startWorker();
    const now = Date.now();
    // 12 negative mentions about a recall among 20, one by an influential author: three rules, all warning.
    await rig.publish([
      ...spread(now - 3000, 2500, 11, neg),
      ...spread(now - 3000, 2500, 1, { ...neg, influence: 80, author: 'journaliste' }),
      ...spread(now - 3000, 2500, 8, { brand: 'Acme', sentiment: 0.1 }),
    ]);
    await waitFor(() => slackPosts().length >= 1 && pdEvents().length >= 1, 60_000, 'opening on every channel');
    await waitFor(() => hookEvents()[0]?.rules.length === 3 || hookEvents().some((e) => e.rules.length === 3), 30_000, 'all three rules in the incident');

    // The recall spreads: 40 more mentions of it turn the keyword rule critical. The worker is
    // killed without any cleanup while it handles them; another takes over from the state topic.
    await rig.publish(spread(Date.now() - 2000, 1500, 40, neg));
    await new Promise((r) => setTimeout(r, 300));
    await stopChild(a, 'SIGKILL');
    const b = await startWorker();
    await waitFor(() => pdEvents().length >= 2, 90_000, 'escalation');
    // Nothing more comes in: the 30 s windows empty, 5 s later the incident resolves.
    await waitFor(() => pdEvents().length >= 3, 120_000, 'resolution');
    await waitFor(() => hookEvents().some((e) => e.type === 'resolved') && slackPosts().some((r) => json(r).text.startsWith('[Résolu')), 30_000, 'resolution on every channel');
    // Nothing else arrives: no duplicate from the restart.
    const counts = () => [hook.received.length, slack.received.length, pd.received.length];
    const settled = counts();
    await new Promise((r) => setTimeout(r, 4000));
    expect(counts()).toEqual(settled);

    // Webhook: every event of one incident, each once; exactly one opening and one escalation.
    const events = hookEvents();
    const incident = events[0]!.incidentId;
    expect(events.every((e) => e.incidentId === incident && e.scope === 'entry:Acme')).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.filter((e) => e.type === 'opened').length).toBe(1);
    expect(events.filter((e) => e.type === 'escalated').map((e) => e.severity)).toEqual(['critical']);
    expect(events.filter((e) => e.type === 'resolved').length).toBe(1);
    expect(events.at(-1)!.type).toBe('resolved');
    expect(events.at(-1)!.rules.map((r) => r.rule).sort()).toEqual(['acme-negative', 'acme-recall', 'acme-vip']);
    expect(hook.received.every((r) => r.headers['x-vigie-incident'] === incident)).toBe(true);

    // PagerDuty: one trigger at the opening, one at the severity rise, one resolve, all on the incident's dedup_key.
    const pdSeen = pdEvents();
    expect(pdSeen.map((e) => e.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(pdSeen.map((e) => e.dedup_key)).toEqual([incident, incident, incident]);
    expect(pdSeen.map((e) => e.payload?.severity)).toEqual(['warning', 'critical', undefined]);
    expect(pdSeen.filter((e) => e.event_action === 'trigger').map((e) => e.payload.custom_details.alert_id)).toEqual(events.filter((e) => e.type !== 'updated' && e.type !== 'resolved').map((e) => e.id));
    expect(pd.received.every((r) => r.path === '/v2/enqueue')).toBe(true);

    // Slack (Web API): one channel message, everything else in its thread; only the escalation
    // and the resolution are also shown in the channel. No deduplication here: an event in
    // doubt after the kill is looked up in the thread (metadata) instead of being posted again.
    const posts = slackPosts().map(json);
    expect(slack.received.every((r) => r.headers.authorization === 'Bearer xoxb-test-token')).toBe(true);
    expect(posts.map((p) => p.metadata.event_payload.id)).toEqual(events.map((e) => e.id));
    const top = posts.filter((p) => p.thread_ts === undefined);
    expect(top.length).toBe(1);
    expect(posts[0]!.thread_ts).toBeUndefined();
    const parentTs = '1796600000.000001';
    expect(posts.slice(1).every((p) => p.thread_ts === parentTs && p.channel === 'C0TESTROOM')).toBe(true);
    const broadcast = posts.filter((p) => p.reply_broadcast === true);
    expect(broadcast.length).toBe(2);
    expect(broadcast[0]!.text).toMatch(/^\[Aggravé · critique\]/);
    expect(broadcast[1]!.text).toMatch(/^\[Résolu · critique\]/);
    expect(posts[0]!.text).toMatch(/^\[Ouvert · avertissement\]/);
    // Quiet updates (rules joining, figures growing) stay in the thread; one post per webhook event that Slack takes.
    console.log(`received: webhook ${hook.received.length} (${events.length} distinct), pagerduty ${pd.received.length} (${pdSeen.length} distinct), slack ${posts.length} posts, ${slack.received.length - posts.length} lookups`);
    expect(posts.length).toBe(events.length);

    await stopChild(b, 'SIGTERM');
  });
});
