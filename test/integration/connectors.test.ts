import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaBus } from '../../core/bus-kafka.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { blueskyConfigSchema } from '../../ingest/bluesky/config.ts';
import { BACKFILL_DONE, backfillKey, runBackfill } from '../../ingest/runner/backfill.ts';
import { BusCursorStore } from '../../ingest/runner/cursor-store.ts';
import { mastodonConfigSchema } from '../../ingest/mastodon/config.ts';
import { IngestRunner } from '../../ingest/runner/runner.ts';
import type { ValidatedSource } from '../../ingest/kit/source-common.ts';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { xConfigSchema } from '../../ingest/x/config.ts';
import { kafkaBrokers, uniqueName, waitFor } from '../helpers/services.ts';

const json = { 'content-type': 'application/json; charset=utf-8' };
/** Smallest spacing between two requests to one host, configured on the runner. */
const SPACING_MS = 300;
const T0 = Date.now() - 3_600_000;

/** A fixture API server that records when each request arrived. */
interface Api {
  srv: FeedServer;
  times: number[];
  queries: URLSearchParams[];
}

async function api(path: string, handler: (q: URLSearchParams) => unknown): Promise<Api> {
  const srv = await startFeedServer();
  const a: Api = { srv, times: [], queries: [] };
  srv.route(path, (req: http.IncomingMessage, res: http.ServerResponse) => {
    a.times.push(performance.now());
    const q = new URL(req.url!, 'http://x').searchParams;
    a.queries.push(q);
    res.writeHead(200, json).end(JSON.stringify(handler(q)));
  });
  return a;
}

// Growing histories, newest last; each API pages them the way the platform does.
const masto: Array<Record<string, unknown>> = [];
const bsky: Array<Record<string, unknown>> = [];
const tweets: Array<Record<string, unknown>> = [];
let n = 0;
function post(): void {
  n++;
  const at = T0 + n * 1000;
  masto.push({ id: (BigInt(at) * 65536n + BigInt(n)).toString(), created_at: new Date(at).toISOString(), content: `<p>m${n}</p>`, account: { id: '1', acct: 'a', url: 'https://m.example/@a' } });
  bsky.push({ uri: `at://did:plc:a/app.bsky.feed.post/3k${String(n).padStart(10, '0')}`, author: { did: 'did:plc:a', handle: 'a.bsky.social' }, record: { text: `b${n}`, createdAt: new Date(at).toISOString() }, indexedAt: new Date(at).toISOString() });
  tweets.push({ id: String(1870000000000000000n + BigInt(n)), text: `t${n}`, created_at: new Date(at).toISOString(), author_id: '1' });
}

const byIdDesc = (a: Record<string, unknown>, b: Record<string, unknown>) => (BigInt(b.id as string) > BigInt(a.id as string) ? 1 : -1);

function mastodonPage(q: URLSearchParams): unknown {
  const limit = Number(q.get('limit'));
  const min = q.get('min_id');
  const max = q.get('max_id');
  const sorted = [...masto].sort(byIdDesc);
  if (min) return sorted.filter((s) => BigInt(s.id as string) > BigInt(min)).slice(-limit);
  return sorted.filter((s) => !max || BigInt(s.id as string) < BigInt(max)).slice(0, limit);
}

// Page tokens are anchored on the last item returned, like the platforms' opaque tokens: new
// posts arriving between two pages do not shift the pages.
function blueskyPage(q: URLSearchParams): unknown {
  const since = Date.parse(q.get('since') ?? '1970-01-01');
  const limit = Number(q.get('limit'));
  const below = q.get('cursor');
  const match = bsky.filter((p) => Date.parse((p.record as { createdAt: string }).createdAt) >= since && (!below || (p.uri as string) < below)).reverse();
  const page = match.slice(0, limit);
  return { posts: page, ...(limit < match.length ? { cursor: page.at(-1)!.uri } : {}) };
}

function xPage(q: URLSearchParams): unknown {
  const since = q.get('since_id');
  const max = Number(q.get('max_results'));
  const below = q.get('next_token');
  const match = tweets.filter((t) => (!since || BigInt(t.id as string) > BigInt(since)) && (!below || BigInt(t.id as string) < BigInt(below))).sort(byIdDesc);
  const page = match.slice(0, max);
  return { ...(page.length ? { data: page } : {}), meta: { result_count: page.length, ...(page.length ? { newest_id: page[0]!.id } : {}), ...(max < match.length ? { next_token: page.at(-1)!.id } : {}) } };
}

describe('connectors into real Kafka', () => {
  const brokers = kafkaBrokers();
  const prefix = uniqueName('connectors');
  const topics = { raw: `${prefix}.raw`, dlq: `${prefix}.dlq`, cursors: `${prefix}.cursors` };
  const admin = new KafkaBus({ brokers, clientId: `${prefix}-admin` });
  let apis: { mastodon: Api; bluesky: Api; x: Api };
  let sources: ValidatedSource[];

  beforeAll(async () => {
    await admin.ensureTopics([
      { name: topics.raw, partitions: 3, replicationFactor: 1 },
      { name: topics.dlq, partitions: 1, replicationFactor: 1 },
    ]);
    apis = {
      mastodon: await api('/api/v1/timelines/tag/brand', mastodonPage),
      bluesky: await api('/xrpc/app.bsky.feed.searchPosts', blueskyPage),
      x: await api('/2/tweets/search/recent', xPage),
    };
    // searchPosts needs a logged-in session: the fixture PDS hands one out.
    apis.bluesky.srv.route('/xrpc/com.atproto.server.createSession', { headers: json, body: JSON.stringify({ did: 'did:plc:veille', handle: 'veille.example', accessJwt: 'access', refreshJwt: 'refresh' }) });
    const common = { interval: 400, enabled: true, allowPrivate: true, timeout: 5000 };
    sources = [
      { ...mastodonConfigSchema.parse({ baseUrl: apis.mastodon.srv.base, tag: 'brand', limit: 3, allowPrivate: true }), ...common, name: 'masto', kind: 'mastodon' },
      { ...blueskyConfigSchema.parse({ service: apis.bluesky.srv.base, identifier: 'veille.example', appPassword: 'app-pass', query: 'brand', limit: 3, lookback: '2h', overlap: '0s', allowPrivate: true }), ...common, name: 'bsky', kind: 'bluesky' },
      { ...xConfigSchema.parse({ baseUrl: apis.x.srv.base, query: 'brand', bearerToken: 't', maxResults: 10, lookback: '2h', allowPrivate: true }), ...common, name: 'x', kind: 'x' },
    ];
  });

  afterAll(async () => {
    for (const a of Object.values(apis ?? {})) await a.srv.close();
    await admin.deleteTopics(Object.values(topics)).catch(() => {});
    await admin.close();
  });

  /** One ingest "process": its own Kafka client, cursor store loaded from the topic, and runner. */
  async function process() {
    const bus = new KafkaBus({ brokers, clientId: `${prefix}-ingest` });
    const cursors = await BusCursorStore.open(bus, { topic: topics.cursors, loadTimeoutMs: 60_000 });
    const runner = new IngestRunner({ sources, bus, topic: topics.raw, dlqTopic: topics.dlq, cursors, logger: silentLogger(), metrics: new Metrics(), hostIntervalMs: SPACING_MS, healthLogIntervalMs: 0 });
    return {
      cursors,
      runner,
      async stop() {
        await runner.stop();
        await cursors.close();
        await bus.close();
      },
    };
  }

  /** Every key of the raw topic, read by a fresh group until it has no lag. */
  async function readAllKeys(): Promise<string[]> {
    const bus = new KafkaBus({ brokers, clientId: `${prefix}-reader` });
    const group = uniqueName('reader');
    const keys: string[] = [];
    const sub = await bus.consume({ groupId: group, topics: [topics.raw], fromBeginning: true, handler: async (b) => void keys.push(...b.map((m) => m.key!)) });
    try {
      await waitFor(async () => (await bus.lag(group, topics.raw)) === 0, 60_000, 'the reader to reach the end of the raw topic', 200);
    } finally {
      await sub.stop();
      await bus.close();
    }
    return keys;
  }

  it('three connectors at once: every item exactly once, request spacing respected, a restart mid-way resumes from the saved cursors', async () => {
    for (let i = 0; i < 3; i++) post();
    const first = await process();
    first.runner.start();
    // A first Mastodon poll only takes the latest page (no history without backfill): post the
    // rest once every source has its first cursor. Several pages per poll, so the restart can
    // land mid-walk.
    await waitFor(async () => (await Promise.all(sources.map((s) => first.cursors.get(s.name)))).every(Boolean), 30_000, 'a first cursor for every source', 20);
    for (let i = 0; i < 10; i++) post();
    await waitFor(() => first.runner.health().some((h) => h.items > 3), 60_000, 'a source to publish new items', 20);
    await first.stop();
    const savedAtRestart = Object.fromEntries(await Promise.all(sources.map(async (s) => [s.name, await first.cursors.get(s.name)] as const)));
    expect(Object.values(savedAtRestart).every((c) => c !== undefined)).toBe(true);
    const requestsBefore = { mastodon: apis.mastodon.queries.length, bluesky: apis.bluesky.queries.length, x: apis.x.queries.length };

    for (let i = 0; i < 8; i++) post();
    const second = await process();
    // The restarted process starts from the cursors the first one saved, not from scratch.
    for (const s of sources) expect(await second.cursors.get(s.name)).toBe(savedAtRestart[s.name]);
    second.runner.start();
    const total = n;
    await waitFor(() => second.runner.health().reduce((a, h) => a + h.items, 0) + first.runner.health().reduce((a, h) => a + h.items, 0) >= 3 * total, 60_000, 'every item of every source', 50);
    // One more full round with nothing new: nothing is re-read.
    const rounds = apis.x.queries.length;
    await waitFor(() => apis.x.queries.length >= rounds + 2, 10_000, 'two more x polls', 50);
    await second.stop();

    expect(apis.mastodon.queries[requestsBefore.mastodon]!.get('min_id')).toBe(JSON.parse(savedAtRestart.masto!).sinceId);
    const xResume = JSON.parse(savedAtRestart.x!);
    expect(apis.x.queries[requestsBefore.x]!.get('since_id')).toBe(xResume.sinceId ?? null);

    const keys = await readAllKeys();
    const expected = [
      ...masto.map((s) => `mastodon:127.0.0.1:${new URL(apis.mastodon.srv.base).port}:${s.id}`),
      ...bsky.map((p) => `bluesky:${p.uri}`),
      ...tweets.map((t) => `x:${t.id}`),
    ];
    const dupes = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(dupes).toEqual([]);
    expect([...keys].sort()).toEqual(expected.sort());

    for (const [name, a] of Object.entries(apis)) {
      // Spacing holds within each process (each has its own per-host queue), not across the restart.
      const cut = requestsBefore[name as keyof typeof requestsBefore];
      // Bluesky's first poll of each process logs in (createSession) inside its request slot, so
      // its first search reaches the server later than the slot began: gaps start after it.
      const skip = name === 'bluesky' ? 1 : 0;
      const phases = [a.times.slice(skip, cut), a.times.slice(cut + skip)];
      const gaps = phases.flatMap((times) => times.slice(1).map((t, i) => t - times[i]!));
      expect(gaps.length).toBeGreaterThan(3);
      // The runner spaces request starts; arrival at the server adds connection-setup jitter
      // (a fresh socket per request on a loaded 2-core machine: 100 ms and more was seen), which
      // shortens one gap and lengthens the next. So: no burst (every gap at least half the
      // spacing), and over each phase the requests are spaced on average (jitter only moves the
      // two ends). Each gap's lower bound is checked without a network in ingest/runner/runner.test.ts.
      expect(Math.min(...gaps), `smallest gap between two ${name} requests`).toBeGreaterThanOrEqual(SPACING_MS * 0.5);
      for (const times of phases.filter((t) => t.length > 2)) {
        expect(times.at(-1)! - times[0]!, `span of ${times.length} ${name} requests`).toBeGreaterThanOrEqual((times.length - 1) * SPACING_MS - 100);
      }
    }
  });

  it('backfill into Kafka: interrupted, then resumed from its own cursor, every item exactly once', async () => {
    const topic = `${prefix}.backfill`;
    await admin.ensureTopics([{ name: topic, partitions: 2, replicationFactor: 1 }]);
    const bus = new KafkaBus({ brokers, clientId: `${prefix}-backfill` });
    const cursors = await BusCursorStore.open(bus, { topic: topics.cursors });
    const source = sources[0]!;
    const range = { sinceMs: T0, untilMs: T0 + 1_000_000 };
    const ac = new AbortController();
    const before = apis.mastodon.queries.length;
    const watch = setInterval(() => {
      if (apis.mastodon.queries.length >= before + 3) ac.abort();
    }, 5);
    try {
      const p1 = await runBackfill({ source, range, bus, topic, dlqTopic: topics.dlq, cursors, logger: silentLogger(), metrics: new Metrics(), signal: ac.signal, requestIntervalMs: 50 });
      expect(p1.done).toBe(false);
      const p2 = await runBackfill({ source, range, bus, topic, dlqTopic: topics.dlq, cursors, logger: silentLogger(), metrics: new Metrics(), requestIntervalMs: 50 });
      expect(p2.done).toBe(true);
      expect(p1.items + p2.items).toBe(masto.length);
      expect(await cursors.get(backfillKey('masto', range))).toBe(BACKFILL_DONE);
    } finally {
      clearInterval(watch);
      await cursors.close();
    }
    const reader = uniqueName('bf-reader');
    const keys: string[] = [];
    const sub = await bus.consume({ groupId: reader, topics: [topic], fromBeginning: true, handler: async (b) => void keys.push(...b.map((m) => m.key!)) });
    await waitFor(async () => (await bus.lag(reader, topic)) === 0 && keys.length > 0, 60_000, 'backfill topic read', 200);
    await sub.stop();
    await bus.close();
    expect(keys).toHaveLength(masto.length);
    expect(new Set(keys).size).toBe(masto.length);
    await admin.deleteTopics([topic]).catch(() => {});
  });
});
