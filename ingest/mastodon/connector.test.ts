import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../../core/bus-memory.ts';
import { FakeClock, systemClock, type Clock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { waitFor } from '../../test/helpers/services.ts';
import { describeBadAnswers } from '../kit/connector/bad-answers-suite.ts';
import { MemoryCursorStore } from '../runner/cursor-store.ts';
import { IngestRunner } from '../runner/runner.ts';
import type { StreamEvent } from '../kit/stream/types.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { mastodonConfigSchema } from './config.ts';
import type { MastodonConnector } from './connector.ts';
import { mastodon } from './index.ts';

const fixture = readFileSync(new URL('./fixtures/tag-timeline.json', import.meta.url), 'utf8');
const signal = new AbortController().signal;
const json = { 'content-type': 'application/json; charset=utf-8' };
const NOW = Date.parse('2026-01-05T12:00:00Z');

function make(base: string, over: Record<string, unknown> = {}, clock: Clock = new FakeClock(NOW), metrics = new Metrics()): MastodonConnector {
  const cfg = mastodonConfigSchema.parse({ baseUrl: base, tag: 'BrulerieBoreale', allowPrivate: true, timeout: '2s', ...over });
  return mastodon.create({ ...cfg, name: 'masto' }, { logger: silentLogger(), clock, metrics });
}

/** A status in the documented shape; ids are Snowflake-like (ms << 16). */
function status(n: number, at = NOW - 3_600_000 + n * 1000): Record<string, unknown> {
  return {
    id: (BigInt(at) * 65536n + BigInt(n)).toString(),
    created_at: new Date(at).toISOString(),
    in_reply_to_id: null,
    spoiler_text: '',
    visibility: 'public',
    language: 'fr',
    uri: `https://mastodon.example/users/u${n}/statuses/${n}`,
    url: `https://mastodon.example/@u${n}/${n}`,
    replies_count: 0,
    reblogs_count: n,
    favourites_count: 2 * n,
    content: `<p>Message ${n} sur #BrulerieBoreale</p>`,
    reblog: null,
    account: { id: String(1000 + n), username: `u${n}`, acct: `u${n}`, display_name: `U ${n}`, bot: false, url: `https://mastodon.example/@u${n}`, followers_count: n * 10 },
  };
}

/** A timeline server that honours min_id / max_id / limit over a list of statuses, newest first. */
function timeline(statuses: Array<Record<string, unknown>>, hits: string[] = []) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const u = new URL(req.url!, 'http://x');
    hits.push(u.search);
    const limit = Number(u.searchParams.get('limit') ?? 20);
    const minId = u.searchParams.get('min_id');
    const maxId = u.searchParams.get('max_id');
    const sorted = [...statuses].sort((a, b) => (BigInt(b.id as string) > BigInt(a.id as string) ? 1 : -1));
    let page: typeof sorted;
    if (minId) page = sorted.filter((s) => BigInt(s.id as string) > BigInt(minId)).slice(-limit);
    else page = sorted.filter((s) => !maxId || BigInt(s.id as string) < BigInt(maxId)).slice(0, limit);
    const links: string[] = [];
    if (page.length) {
      links.push(`<${u.origin}${u.pathname}?max_id=${page[page.length - 1]!.id}>; rel="next"`);
      links.push(`<${u.origin}${u.pathname}?min_id=${page[0]!.id}>; rel="prev"`);
    }
    res.writeHead(200, { ...json, ...(links.length ? { link: links.join(', ') } : {}) }).end(JSON.stringify(page));
  };
}

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());

describe('mastodon: mapping', () => {
  it('maps statuses with author, engagement, reply, language, clean text; a reblog as its original', async () => {
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: json, body: fixture });
    const r = await make(srv.base).poll(undefined, signal);
    expect(r.mentions).toHaveLength(3);
    const [marie, bob, dora] = r.mentions;
    expect(marie).toMatchObject({
      id: 'mastodon:127.0.0.1:' + srv.base.split(':').pop() + ':115012345678901250',
      url: 'https://piaille.example/@marie/115012345678901250',
      publishedAt: '2026-01-05T11:58:03.120Z',
      text: 'J’adore le nouveau café de #BrulerieBoreale !\nService impeccable.\nDeuxième paragraphe',
      author: { id: '109876543210', handle: 'marie@piaille.example', name: 'Marie & ses cafés', url: 'https://piaille.example/@marie', followers: 1523 },
      engagement: { likes: 17, shares: 5, replies: 2 },
      lang: 'fr',
      source: { kind: 'mastodon', name: 'masto' },
    });
    expect(marie!.parentId).toMatch(/:115012345678901100$/);
    expect(bob).toMatchObject({ title: 'Avis négatif', text: 'Cold coffee again at #BrulerieBoreale. Disappointed.', lang: 'en', author: { handle: `bob@${new URL(srv.base).host}` } });
    expect(bob!.author!.name).toBeUndefined();
    expect(dora).toMatchObject({ id: expect.stringMatching(/:115012345678900001$/), url: 'https://autre.example/@dora/1', lang: 'fr', engagement: { likes: 99, shares: 40, replies: 4 }, author: { handle: 'dora@autre.example', followers: 45000 } });
    expect(JSON.parse(r.cursor!)).toEqual({ sinceId: '115012345678901250' });
  });

  it('leaves bots out on request', async () => {
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: json, body: fixture });
    const r = await make(srv.base, { excludeBots: true }).poll(undefined, signal);
    expect(r.mentions.map((m) => m.author?.handle)).not.toContain(`bob@${new URL(srv.base).host}`);
    expect(r.mentions).toHaveLength(2);
  });

  it('skips statuses with missing fields or invalid dates, keeps the others, still moves the cursor', async () => {
    const metrics = new Metrics();
    const good = status(1);
    const noAccount = { ...status(2), account: undefined };
    const badDate: Record<string, unknown> = { ...status(3), created_at: 'yesterday' };
    const badId = { ...status(4), id: 42 };
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: json, body: JSON.stringify([badDate, noAccount, good, badId]) });
    const r = await make(srv.base, {}, new FakeClock(NOW), metrics).poll(undefined, signal);
    expect(r.mentions.map((m) => m.id)).toEqual([expect.stringMatching(new RegExp(`:${good.id}$`))]);
    expect(JSON.parse(r.cursor!).sinceId).toBe(badDate.id);
    expect(await metrics.registry.metrics()).toMatch(/vigie_mentions_dropped_total\{stage="ingest",component="mastodon",reason="unmappable"\} 3/);
  });

  it('rejects a tag timeline without tag and streaming without a token, at config time', () => {
    const r = mastodonConfigSchema.safeParse({ baseUrl: 'https://m.example', mode: 'stream' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['tag', 'token']);
    expect(() => make('https://m.example', { tag: undefined, timeline: 'public', local: true, remote: true })).toThrow(/ERR_CONFIG_INVALID|cannot be combined/);
  });
});

describe('mastodon: polling forward', () => {
  it('first poll takes the latest page; then min_id pages forward in order until caught up', async () => {
    const all = Array.from({ length: 7 }, (_, i) => status(i + 1));
    const hits: string[] = [];
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', timeline(all.slice(0, 2), hits));
    const c = make(srv.base, { limit: 3 });
    const first = await c.poll(undefined, signal);
    expect(first.mentions).toHaveLength(2);
    expect(first.hasMore).toBe(false);
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', timeline(all, hits));
    const seen: string[] = [];
    let cursor = first.cursor;
    for (let i = 0; i < 5; i++) {
      const r = await c.poll(cursor, signal);
      seen.push(...r.mentions.map((m) => m.id.split(':').pop()!));
      cursor = r.cursor ?? cursor;
      if (!r.hasMore) break;
    }
    expect(seen.sort()).toEqual(all.slice(2).map((s) => s.id as string).sort());
    expect(hits.slice(1).every((h) => h.includes('min_id='))).toBe(true);
    expect(JSON.parse(cursor!).sinceId).toBe(all[6]!.id);
    const again = await c.poll(cursor, signal);
    expect(again.mentions).toHaveLength(0);
    expect(again.cursor).toBe(cursor);
  });

  it('429 without Retry-After waits until X-RateLimit-Reset; a spent budget on success delays the next poll', async () => {
    const reset = new Date(NOW + 90_000).toISOString();
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { status: 429, headers: { ...json, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: '{"error":"Too many requests"}' });
    const e = await make(srv.base).poll(undefined, signal).catch((x: VigieError) => x);
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 90_000 });
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: { ...json, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, body: JSON.stringify([status(1)]) });
    const r = await make(srv.base).poll(undefined, signal);
    expect(r).toMatchObject({ retryAfterMs: 90_000 });
    expect(r.mentions).toHaveLength(1);
  });

  it('an invalid token gives ERR_MASTODON_AUTH, not retriable, without the token in the message', async () => {
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', { status: 401, headers: json, body: '{"error":"The access token is invalid"}' });
    const e = (await make(srv.base, { token: 'sekret-token' }).poll(undefined, signal).catch((x: VigieError) => x)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_MASTODON_AUTH', retriable: false });
    expect(e.message).toContain('The access token is invalid');
    expect(e.message).not.toContain('sekret');
    expect(srv.requests.at(-1)!.headers.authorization).toBe('Bearer sekret-token');
  });
});

describeBadAnswers('mastodon', {
  path: '/api/v1/timelines/tag/BrulerieBoreale',
  make: (base, over) => make(base, over),
  renamedWrapper: JSON.stringify({ statuses: JSON.parse(fixture) }),
  hugeBody: JSON.stringify(Array.from({ length: 200 }, (_, i) => status(i))),
});

describe('mastodon: backfill by max_id', () => {
  it('pages back from until with Link rel="next" and keeps only the range', async () => {
    const all = Array.from({ length: 10 }, (_, i) => status(i + 1, NOW - 10_000 + i * 1000));
    const hits: string[] = [];
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', timeline(all, hits));
    const c = make(srv.base, { limit: 3 });
    const range = { sinceMs: NOW - 8_000, untilMs: NOW - 2_000 };
    const got: string[] = [];
    let cursor: string | undefined;
    let reached = Infinity;
    for (let i = 0; i < 10; i++) {
      const p = await c.backfill(range, cursor, signal);
      got.push(...p.mentions.map((m) => m.publishedAt));
      reached = Math.min(reached, p.reachedMs ?? Infinity);
      cursor = p.cursor;
      if (!p.hasMore) break;
    }
    const expected = all.filter((s) => Date.parse(s.created_at as string) >= range.sinceMs && Date.parse(s.created_at as string) < range.untilMs).map((s) => s.created_at);
    expect(got.sort()).toEqual((expected as string[]).sort());
    // No id is forged from a date: the walk starts at the newest status.
    expect(hits[0]).not.toContain('max_id=');
    expect(reached).toBeLessThan(range.sinceMs);
  });
});

/** An SSE endpoint driven by the test: it keeps every open response so the test can write or cut. */
function sseEndpoint() {
  const open: http.ServerResponse[] = [];
  const auth: Array<string | undefined> = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    auth.push(req.headers.authorization);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(':)\n\n');
    open.push(res);
  };
  const send = (event: string, data: unknown) => {
    for (const r of open) if (!r.writableEnded) r.write(`event: ${event}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  };
  const cut = () => {
    for (const r of open.splice(0)) r.destroy();
  };
  return { handler, send, cut, open, auth };
}

const instanceFixture = readFileSync(new URL('./fixtures/instance-v2.json', import.meta.url), 'utf8');
const instanceDoc = (streaming: string, hashtag: [string, string] = ['public', 'public']) =>
  instanceFixture.replace('{{STREAMING}}', streaming).replace('{{HASHTAG_LOCAL}}', hashtag[0]).replace('{{HASHTAG_REMOTE}}', hashtag[1]);

describe('mastodon: opaque string ids (other server software)', () => {
  it('reads ULID-style ids, takes the next min_id from Link rel="prev", never parses an id', async () => {
    // GoToSocial-style ids: 26-character ULIDs, not numbers.
    const ulid = (n: number) => `01HQ${String(n).padStart(22, '0')}`.replace(/0/g, 'Z').slice(0, 26);
    const statuses = [3, 2, 1].map((n) => ({ ...status(n), id: ulid(n), in_reply_to_id: n === 3 ? ulid(1) : null }));
    const hits: string[] = [];
    const s2 = await startFeedServer();
    s2.route('/api/v1/timelines/tag/BrulerieBoreale', (req, res) => {
      hits.push(new URL(req.url!, 'http://x').search);
      res.writeHead(200, { ...json, link: `<${s2.base}/api/v1/timelines/tag/BrulerieBoreale?max_id=${ulid(1)}>; rel="next", <${s2.base}/api/v1/timelines/tag/BrulerieBoreale?min_id=opaque-cursor-42>; rel="prev"` }).end(JSON.stringify(hits.length === 1 ? statuses : []));
    });
    s2.route('/api/v2/instance', { headers: json, body: instanceDoc('wss://streaming.example') });
    try {
      const c = make(s2.base);
      const r = await c.poll(undefined, signal);
      expect(r.mentions.map((m) => m.id.split(':').pop())).toEqual([ulid(3), ulid(2), ulid(1)]);
      expect(r.mentions[0]!.parentId).toMatch(new RegExp(`:${ulid(1)}$`));
      expect(JSON.parse(r.cursor!)).toEqual({ sinceId: 'opaque-cursor-42' });
      const again = await c.poll(r.cursor, signal);
      expect(hits[1]).toContain('min_id=opaque-cursor-42');
      expect(again.cursor).toBe(r.cursor);
    } finally {
      await s2.close();
    }
  });
});

describe('mastodon: feeds disabled by the instance (4.5 timelines_access)', () => {
  it('an empty hashtag timeline on an instance that disabled hashtag feeds is an error, not silence', async () => {
    const s2 = await startFeedServer({ '/api/v1/timelines/tag/BrulerieBoreale': { headers: json, body: '[]' }, '/api/v2/instance': { headers: json, body: instanceDoc('wss://streaming.example', ['disabled', 'disabled']) } });
    try {
      const e = await make(s2.base).poll(undefined, signal).catch((x: VigieError) => x);
      expect(e).toMatchObject({ code: 'ERR_MASTODON_FEED_DISABLED', retriable: false, message: expect.stringMatching(/disabled its hashtag feeds/) });
      s2.route('/api/v2/instance', { headers: json, body: instanceDoc('wss://streaming.example', ['authenticated', 'authenticated']) });
      const auth = await make(s2.base).poll(undefined, signal).catch((x: VigieError) => x);
      expect(auth).toMatchObject({ code: 'ERR_MASTODON_AUTH', message: expect.stringMatching(/set token/) });
      // Local disabled, remote public: an empty answer is plain silence there.
      s2.route('/api/v2/instance', { headers: json, body: instanceDoc('wss://streaming.example', ['disabled', 'public']) });
      expect((await make(s2.base).poll(undefined, signal)).mentions).toEqual([]);
      expect(await make(s2.base, { local: true }).poll(undefined, signal).catch((x: VigieError) => x.code)).toBe('ERR_MASTODON_FEED_DISABLED');
    } finally {
      await s2.close();
    }
  });
});

describe('mastodon: streaming host discovery', () => {
  let ac: AbortController;
  afterEach(() => ac?.abort());

  it('connects to configuration.urls.streaming of /api/v2/instance, with the token', async () => {
    const main = await startFeedServer();
    const streaming = await startFeedServer();
    const sse = sseEndpoint();
    streaming.route('/api/v1/streaming/hashtag', sse.handler);
    main.route('/api/v2/instance', { headers: json, body: instanceDoc(streaming.base.replace('http:', 'ws:')) });
    try {
      const c = make(main.base, { token: 'tok', mode: 'stream' }, systemClock);
      ac = new AbortController();
      void c.stream(undefined, ac.signal, async () => {}).catch(() => undefined);
      await waitFor(() => sse.open.length === 1, 3000, 'the stream to connect on the streaming host', 5);
      expect(sse.auth[0]).toBe('Bearer tok');
      expect(streaming.requests[0]!.path).toBe('/api/v1/streaming/hashtag?tag=BrulerieBoreale');
      expect(main.requests.some((r) => r.path.startsWith('/api/v1/streaming/hashtag'))).toBe(false);
    } finally {
      ac.abort();
      await main.close();
      await streaming.close();
    }
  });

  it('falls back to urls.streaming_api of /api/v1/instance on servers without the v2 document', async () => {
    const main = await startFeedServer();
    const streaming = await startFeedServer();
    const sse = sseEndpoint();
    streaming.route('/api/v1/streaming/hashtag', sse.handler);
    const v1 = readFileSync(new URL('./fixtures/instance-v1.json', import.meta.url), 'utf8');
    main.route('/api/v1/instance', { headers: json, body: v1.replace('{{STREAMING}}', streaming.base.replace('http:', 'ws:')) });
    try {
      ac = new AbortController();
      void make(main.base, { token: 'tok', mode: 'stream' }, systemClock).stream(undefined, ac.signal, async () => {}).catch(() => undefined);
      await waitFor(() => sse.open.length === 1, 3000, 'the stream to connect on the v1 streaming host', 5);
      expect(main.requests.map((r) => r.path)).toEqual(['/api/v2/instance', '/api/v1/instance']);
    } finally {
      ac.abort();
      await main.close();
      await streaming.close();
    }
  });

  it('follows where /api/v1/streaming redirects when the instance document names no streaming host', async () => {
    const main = await startFeedServer();
    const streaming = await startFeedServer();
    const sse = sseEndpoint();
    streaming.route('/api/v1/streaming/hashtag', sse.handler);
    main.route('/api/v1/streaming', (_req, res) => res.writeHead(302, { location: `${streaming.base}/api/v1/streaming` }).end());
    streaming.route('/api/v1/streaming', { status: 404, headers: json, body: '{"error":"Unknown stream type"}' });
    try {
      const c = make(main.base, { token: 'tok', mode: 'stream' }, systemClock);
      ac = new AbortController();
      void c.stream(undefined, ac.signal, async () => {}).catch(() => undefined);
      await waitFor(() => sse.open.length === 1, 3000, 'the stream to connect where the redirect points', 5);
      expect(sse.auth[0]).toBe('Bearer tok');
      // The discovery request itself carries no credentials.
      expect(main.requests.find((r) => r.path === '/api/v1/streaming')!.headers.authorization).toBeUndefined();
    } finally {
      ac.abort();
      await main.close();
      await streaming.close();
    }
  });
});

describe('mastodon: streaming (SSE)', () => {
  let ac: AbortController;
  afterEach(() => ac?.abort());

  it('emits updates with a growing cursor, heartbeats as keep-alives, skips deletes and bad JSON', async () => {
    const sse = sseEndpoint();
    srv.route('/api/v1/streaming/hashtag', sse.handler);
    const c = make(srv.base, { token: 'tok', mode: 'stream' }, systemClock);
    const events: StreamEvent[] = [];
    ac = new AbortController();
    const done = c.stream(undefined, ac.signal, async (ev) => void events.push(ev)).catch((e: VigieError) => e);
    await waitFor(() => sse.open.length === 1, 3000, 'the stream to connect', 5);
    expect(sse.auth[0]).toBe('Bearer tok');
    sse.send('update', status(2));
    sse.send('delete', '12345');
    sse.send('update', '{"id": "1", trunc');
    sse.send('update', status(1));
    sse.open[0]!.write(':thump\n\n');
    await waitFor(() => events.length >= 5, 3000, 'five events', 5);
    const withMentions = events.filter((e) => e.mentions.length);
    expect(withMentions.map((e) => e.mentions[0]!.text)).toEqual(['Message 2 sur #BrulerieBoreale', 'Message 1 sur #BrulerieBoreale']);
    // The older status 1 arrived after 2: the cursor stays at 2.
    expect(withMentions.map((e) => JSON.parse(e.cursor!).sinceId)).toEqual([status(2).id, status(2).id]);
    sse.cut();
    const e = await done;
    expect(e).toMatchObject({ code: 'ERR_STREAM_DISCONNECTED', retriable: true });
  });

  it('a refused stream (401) is ERR_MASTODON_AUTH', async () => {
    srv.route('/api/v1/streaming/hashtag', { status: 401, headers: json, body: '{"error":"This method requires an authenticated user"}' });
    ac = new AbortController();
    const e = await make(srv.base, { token: 'bad', mode: 'stream' }, systemClock).stream(undefined, ac.signal, async () => {}).catch((x: VigieError) => x);
    expect(e).toMatchObject({ code: 'ERR_MASTODON_AUTH', retriable: false });
  });

  it('through the runner: a cut stream reconnects, catches up over REST from the saved cursor, nothing lost or repeated', async () => {
    const sse = sseEndpoint();
    const posted: Array<Record<string, unknown>> = [];
    srv.route('/api/v1/streaming/hashtag', sse.handler);
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', timeline(posted));
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'raw', partitions: 2, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    const cursors = new MemoryCursorStore();
    const cfg = mastodonConfigSchema.parse({ baseUrl: srv.base, tag: 'BrulerieBoreale', allowPrivate: true, token: 'tok', mode: 'stream', limit: 2, timeout: '2s' });
    const runner = new IngestRunner({
      sources: [{ ...cfg, name: 'masto', kind: 'mastodon', interval: 60_000, enabled: true }],
      bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics: new Metrics(),
      streamBatchDelayMs: 10, reconnectBaseMs: 20, reconnectMaxMs: 50, hostIntervalMs: 0, healthLogIntervalMs: 0,
    });
    runner.start();
    try {
      await waitFor(() => sse.open.length === 1, 3000, 'first connection', 5);
      for (const n of [1, 2, 3]) {
        posted.push(status(n));
        sse.send('update', status(n));
      }
      await waitFor(async () => (await cursors.get('masto')) === JSON.stringify({ sinceId: status(3).id }), 3000, 'cursor at 3', 5);
      sse.cut();
      // Posted while disconnected: only the REST catch-up can bring them.
      for (const n of [4, 5, 6, 7, 8]) posted.push(status(n));
      await waitFor(() => sse.open.length === 1, 3000, 'reconnection', 5);
      posted.push(status(9));
      sse.send('update', status(9));
      await waitFor(async () => (await cursors.get('masto')) === JSON.stringify({ sinceId: status(9).id }), 3000, 'cursor at 9', 5);
    } finally {
      await runner.stop();
    }
    const keys = bus.messages('raw').map((m) => m.key!.split(':').pop());
    expect(keys.sort()).toEqual(posted.map((s) => s.id as string).sort());
    expect(new Set(keys).size).toBe(keys.length);
    expect(runner.health()[0]).toMatchObject({ mode: 'stream', items: 9, reconnects: 1 });
  });
});
