import { readFileSync } from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { MemoryBus } from '../../core/bus-memory.ts';
import { FakeClock, systemClock } from '../../core/clock.ts';
import type { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { waitFor } from '../../test/helpers/services.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { MemoryCursorStore } from '../runner/cursor-store.ts';
import { IngestRunner } from '../runner/runner.ts';
import type { StreamEvent } from '../kit/stream/types.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { blueskyConfigSchema } from './config.ts';
import type { BlueskyConnector } from './connector.ts';
import { bluesky } from './index.ts';
import { termMatcher } from './map.ts';

const dir = new URL('./fixtures/', import.meta.url);
const searchFixture = readFileSync(new URL('search-posts.json', dir), 'utf8');
const jetLines = readFileSync(new URL('jetstream-events.jsonl', dir), 'utf8').trim().split('\n');
const json = { 'content-type': 'application/json; charset=utf-8' };
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:00:00Z');
const PATH = '/xrpc/app.bsky.feed.searchPosts';
const CREATE = '/xrpc/com.atproto.server.createSession';
const REFRESH = '/xrpc/com.atproto.server.refreshSession';
const sessionFixture = readFileSync(new URL('create-session.json', dir), 'utf8');

/** An unsigned JWT with an `exp` claim (the client only reads the expiry). */
const jwt = (name: string, expMs: number) => `${Buffer.from('{"alg":"ES256K","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify({ scope: 'com.atproto.appPass', sub: 'did:plc:v31ll3brul3r13xyz', exp: Math.floor(expMs / 1000), jti: name })).toString('base64url')}.sig`;

/** createSession / refreshSession of a PDS at `pds`, counting calls; tokens named access-N / refresh-N. */
function sessionRoutes(server: FeedServer, pds: string, accessTtlMs = 7_200_000) {
  const calls = { create: 0, refresh: 0, bodies: [] as string[] };
  const answer = (res: http.ServerResponse, n: number) =>
    res.writeHead(200, json).end(sessionFixture.replace('{{ACCESS_JWT}}', jwt(`access-${n}`, NOW + accessTtlMs)).replace('{{REFRESH_JWT}}', jwt(`refresh-${n}`, NOW + 90 * 86_400_000)).replace('{{PDS}}', pds));
  server.route(CREATE, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls.bodies.push(body);
      answer(res, ++calls.create * 10);
    });
  });
  server.route(REFRESH, (_req, res) => answer(res, ++calls.refresh * 10 + 1));
  return calls;
}
const tokenName = (auth: string | undefined) => (JSON.parse(Buffer.from(String(auth).split('.')[1] ?? '', 'base64url').toString()) as { jti: string }).jti;

function make(over: Record<string, unknown> = {}, clock = new FakeClock(NOW)): BlueskyConnector {
  const cfg = blueskyConfigSchema.parse({ query: 'brulerie boreale', terms: ['Brûlerie Boréale', '#brulerieboreale'], identifier: 'veille.brulerie.example', appPassword: 'abcd-efgh-ijkl-mnop', service: srv.base, allowPrivate: true, timeout: '2s', ...over });
  return bluesky.create({ ...cfg, name: 'bsky' }, { logger: silentLogger(), clock, metrics: new Metrics() });
}

const post = (n: number, at: number) => ({
  uri: `at://did:plc:u${n}/app.bsky.feed.post/3lp${String(n).padStart(9, '0')}`,
  cid: `bafy${n}`,
  author: { did: `did:plc:u${n}`, handle: `u${n}.bsky.social`, displayName: `U${n}` },
  record: { $type: 'app.bsky.feed.post', createdAt: new Date(at).toISOString(), text: `post ${n} brulerie boreale`, langs: ['fr'] },
  likeCount: n,
  repostCount: 0,
  replyCount: 0,
  indexedAt: new Date(at + 500).toISOString(),
});

/** searchPosts over a list: sort=latest, since (inclusive), until (exclusive), numeric page cursors. */
function searchServer(posts: Array<ReturnType<typeof post>>, hits: URLSearchParams[] = []) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    hits.push(q);
    const since = q.get('since') ? Date.parse(q.get('since')!) : -Infinity;
    const until = q.get('until') ? Date.parse(q.get('until')!) : Infinity;
    const limit = Number(q.get('limit'));
    const from = Number(q.get('cursor') ?? 0);
    const match = posts.filter((p) => Date.parse(p.record.createdAt) >= since && Date.parse(p.record.createdAt) < until).sort((a, b) => b.record.createdAt.localeCompare(a.record.createdAt));
    const page = match.slice(from, from + limit);
    res.writeHead(200, json).end(JSON.stringify({ posts: page, hitsTotal: match.length, ...(from + limit < match.length ? { cursor: String(from + limit) } : {}) }));
  };
}

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
  sessionRoutes(srv, srv.base);
});
afterAll(() => srv.close());

describe('bluesky: searchPosts', () => {
  it('maps post views: author, verified, counts, reply parent and root, language, web URL', async () => {
    srv.route(PATH, { headers: json, body: JSON.stringify({ posts: JSON.parse(searchFixture).posts }) });
    const r = await make().poll(undefined, signal);
    expect(r.mentions).toHaveLength(3);
    expect(r.mentions[0]).toMatchObject({
      id: 'bluesky:at://did:plc:m4r13abcdefghijk/app.bsky.feed.post/3lxyzabc2k22a',
      url: 'https://bsky.app/profile/marie.bsky.social/post/3lxyzabc2k22a',
      publishedAt: '2026-01-05T11:58:00.000Z',
      text: 'Le café de la Brûlerie Boréale est excellent ☕',
      author: { id: 'did:plc:m4r13abcdefghijk', handle: 'marie.bsky.social', name: 'Marie Tremblay', verified: true, url: 'https://bsky.app/profile/marie.bsky.social' },
      engagement: { likes: 42, shares: 8, replies: 3 },
      parentId: 'bluesky:at://did:plc:other/app.bsky.feed.post/3lparent0001',
      threadId: 'bluesky:at://did:plc:root/app.bsky.feed.post/3lroot000001',
      lang: 'fr',
    });
    // handle.invalid is not a handle to link to: the DID is used.
    expect(r.mentions[1]!.url).toBe('https://bsky.app/profile/did:plc:b0bxyz/post/3lxyzabc1aaaa');
    expect(r.mentions[2]).toMatchObject({ lang: 'en' });
    expect(r.mentions[2]!.engagement).toBeUndefined();
  });

  it('first poll reaches back `lookback`, walks the pages, then asks only since the newest minus the overlap and drops repeats', async () => {
    const posts = Array.from({ length: 7 }, (_, i) => post(i + 1, NOW - 3_600_000 + i * 60_000));
    const hits: URLSearchParams[] = [];
    srv.route(PATH, searchServer(posts, hits));
    const c = make({ limit: 3, lookback: '2h', overlap: '10m' });
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 5; i++) {
      const r = await c.poll(cursor, signal);
      ids.push(...r.mentions.map((m) => m.id));
      cursor = r.cursor;
      if (!r.hasMore) break;
    }
    expect(ids.sort()).toEqual(posts.map((p) => `bluesky:${p.uri}`).sort());
    expect(hits[0]!.get('since')).toBe(new Date(NOW - 7_200_000).toISOString());
    expect(hits[0]!.get('sort')).toBe('latest');
    expect(hits[1]!.get('cursor')).toBe('3');
    const newest = Date.parse(posts[6]!.record.createdAt);
    expect(JSON.parse(cursor!).high).toBe(newest);
    posts.push(post(8, NOW - 60_000));
    const again = await c.poll(cursor, signal);
    expect(hits.at(-1)!.get('since')).toBe(new Date(newest - 600_000).toISOString());
    expect(again.mentions.map((m) => m.id)).toEqual([`bluesky:${posts[7]!.uri}`]);
  });

  it('skips posts with missing fields or a bad date and keeps the rest', async () => {
    const good = post(1, NOW - 1000);
    const bad = [{ ...post(2, NOW), uri: 'not-an-at-uri' }, { ...post(3, NOW), author: undefined }, { ...post(4, NOW), record: { text: 'x', createdAt: '32/13/2026' }, indexedAt: undefined }];
    srv.route(PATH, { headers: json, body: JSON.stringify({ posts: [good, ...bad] }) });
    const r = await make().poll(undefined, signal);
    expect(r.mentions.map((m) => m.id)).toEqual([`bluesky:${good.uri}`]);
  });

  it('backfill pages a since/until window and reports hitsTotal and how far back it reached', async () => {
    const posts = Array.from({ length: 9 }, (_, i) => post(i + 1, NOW - 9_000_000 + i * 1_000_000));
    const hits: URLSearchParams[] = [];
    srv.route(PATH, searchServer(posts, hits));
    const c = make({ limit: 2 });
    const range = { sinceMs: NOW - 7_000_000, untilMs: NOW - 2_000_000 };
    const got: string[] = [];
    let cursor: string | undefined;
    let last;
    do {
      last = await c.backfill(range, cursor, signal);
      got.push(...last.mentions.map((m) => m.publishedAt));
      cursor = last.cursor;
    } while (last.hasMore);
    expect(got).toHaveLength(5);
    expect(last.total).toBe(5);
    expect(last.reachedMs).toBe(Date.parse(posts[2]!.record.createdAt));
    expect(hits[0]!.get('until')).toBe(new Date(range.untilMs).toISOString());
  });
});

describe('bluesky: logged-in session on the account PDS (app password)', () => {
  let pds: FeedServer;
  let entry: FeedServer;
  beforeEach(async () => {
    pds = await startFeedServer();
    entry = await startFeedServer();
  });
  afterEach(async () => {
    await pds.close();
    await entry.close();
  });
  const onPds = (over: Record<string, unknown> = {}, clock = new FakeClock(NOW)) => make({ service: entry.base, ...over }, clock);
  const searches = () => pds.requests.filter((r) => r.path.startsWith(PATH));

  it('refuses a polling config without credentials, with the fix; streaming needs none', () => {
    const r = blueskyConfigSchema.safeParse({ query: 'brulerie' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['identifier'], message: expect.stringMatching(/app password/) });
    expect(blueskyConfigSchema.safeParse({ query: 'brulerie', identifier: 'veille.brulerie.example' }).error!.issues[0]!.path).toEqual(['appPassword']);
    expect(blueskyConfigSchema.safeParse({ terms: ['brulerie'], mode: 'stream' }).success).toBe(true);
    // The loader merges schemas without refinements: the connector checks again.
    expect(() => bluesky.create({ ...blueskyConfigSchema.parse({ terms: ['x'], mode: 'stream' }), mode: 'poll', query: 'x' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() })).toThrow(/appPassword/);
  });

  it('logs in once with createSession, then searches through the PDS of the DID document with the atproto-proxy header', async () => {
    const calls = sessionRoutes(entry, pds.base);
    pds.route(PATH, { headers: json, body: searchFixture });
    const c = onPds();
    await c.poll(undefined, signal);
    await c.poll(undefined, signal);
    expect(calls.create).toBe(1);
    expect(JSON.parse(calls.bodies[0]!)).toEqual({ identifier: 'veille.brulerie.example', password: 'abcd-efgh-ijkl-mnop' });
    expect(searches()).toHaveLength(2);
    expect(entry.requests.some((r) => r.path.startsWith(PATH))).toBe(false);
    expect(searches()[0]!.headers).toMatchObject({ 'atproto-proxy': 'did:web:api.bsky.app#bsky_appview' });
    expect(tokenName(searches()[0]!.headers.authorization)).toBe('access-10');
  });

  it('renews an expired access token with refreshSession and retries; logs in again when the refresh token is refused too', async () => {
    const calls = sessionRoutes(entry, pds.base);
    const good = new Set(['access-11', 'access-20']);
    pds.route(PATH, (req, res) => {
      if (good.has(tokenName(req.headers.authorization))) res.writeHead(200, json).end(searchFixture);
      else res.writeHead(400, json).end(readFileSync(new URL('expired-token.json', dir), 'utf8'));
    });
    // The refresh happens on the PDS, not on the login service.
    const refreshes: string[] = [];
    pds.route(REFRESH, (req, res) => {
      refreshes.push(tokenName(req.headers.authorization));
      if (refreshes.length === 1) res.writeHead(200, json).end(sessionFixture.replace('{{ACCESS_JWT}}', jwt('access-11', NOW + 7_200_000)).replace('{{REFRESH_JWT}}', jwt('refresh-11', NOW + 86_400_000)).replace('{{PDS}}', pds.base));
      else res.writeHead(400, json).end(JSON.stringify({ error: 'ExpiredToken', message: 'Token has been revoked' }));
    });
    const c = onPds();
    const r = await c.poll(undefined, signal);
    expect(r.mentions).toHaveLength(3);
    expect(refreshes).toEqual(['refresh-10']);
    good.delete('access-11');
    const again = await c.poll(undefined, signal);
    expect(again.mentions).toHaveLength(3);
    expect(refreshes).toEqual(['refresh-10', 'refresh-11']);
    expect(calls.create).toBe(2);
    expect(searches().map((q) => tokenName(q.headers.authorization))).toEqual(['access-10', 'access-11', 'access-11', 'access-20']);
  });

  it('refreshes before the access token expires instead of waiting for a refusal', async () => {
    sessionRoutes(entry, pds.base, 600_000);
    pds.route(REFRESH, (_req, res) => res.writeHead(200, json).end(sessionFixture.replace('{{ACCESS_JWT}}', jwt('access-new', NOW + 2 * 3_600_000)).replace('{{REFRESH_JWT}}', jwt('refresh-new', NOW + 86_400_000)).replace('{{PDS}}', pds.base)));
    pds.route(PATH, { headers: json, body: searchFixture });
    const clock = new FakeClock(NOW);
    const c = onPds({}, clock);
    await c.poll(undefined, signal);
    clock.advance(560_000);
    await c.poll(undefined, signal);
    expect(searches().map((q) => tokenName(q.headers.authorization))).toEqual(['access-10', 'access-new']);
  });

  it('a refused login is an auth error that names the fix, never retried', async () => {
    entry.route(CREATE, { status: 401, headers: json, body: JSON.stringify({ error: 'AuthenticationRequired', message: 'Invalid identifier or password' }) });
    const e = await pollError(onPds());
    expect(e).toMatchObject({ code: 'ERR_CONNECTOR_AUTH', retriable: false, message: expect.stringMatching(/App passwords/) });
    expect(e.message).not.toContain('abcd-efgh');
  });

  it('through the runner: a cursor the AppView keeps refusing with 403 is dropped after three polls and the walk restarts', async () => {
    sessionRoutes(entry, pds.base);
    const posts = Array.from({ length: 6 }, (_, i) => post(i + 1, NOW - 3_600_000 + i * 60_000));
    const hits: URLSearchParams[] = [];
    const paged = searchServer(posts, hits);
    pds.route(PATH, (req, res) => {
      if (new URL(req.url!, 'http://x').searchParams.get('cursor')) {
        hits.push(new URL(req.url!, 'http://x').searchParams);
        res.writeHead(403, { 'content-type': 'text/html' }).end('<html><body><h1>403 Forbidden</h1>Request forbidden by administrative rules.</body></html>');
        return;
      }
      paged(req, res);
    });
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    const metrics = new Metrics();
    const cursors = new MemoryCursorStore();
    const runner = new IngestRunner({
      sources: [{ name: 'bsky', kind: 'bluesky', interval: 60_000, enabled: true }],
      bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics,
      createConnector: () => onPds({ limit: 3 }), hostIntervalMs: 0, retries: 0, retryBaseMs: 1,
    });
    for (let i = 0; i < 4; i++) await runner.runOnce();
    const withCursor = hits.filter((q) => q.get('cursor'));
    expect(withCursor.length).toBeGreaterThanOrEqual(3);
    expect(await metrics.registry.getSingleMetricAsString('vigie_source_cursor_dropped_total')).toMatch(/source="bsky"} 1/);
    // After the drop, the next round asked again without a cursor.
    expect(hits.filter((q) => !q.get('cursor')).length).toBeGreaterThanOrEqual(2);
  });
});

describeBadAnswers('bluesky', {
  path: PATH,
  make: (base, over) => {
    const cfg = blueskyConfigSchema.parse({ query: 'x', identifier: 'veille.brulerie.example', appPassword: 'app-pass', service: base, allowPrivate: true, ...over });
    return bluesky.create(cfg, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() });
  },
  routes: { [CREATE]: sessionFixture.replace('{{ACCESS_JWT}}', jwt('a', NOW + 7_200_000)).replace('{{REFRESH_JWT}}', jwt('r', NOW + 86_400_000)).replace(/"service": \[[^\]]*\]/, '"service": []') },
  renamedWrapper: JSON.stringify({ feed: [] }),
  hugeBody: JSON.stringify({ posts: Array.from({ length: 200 }, (_, i) => post(i, NOW)) }),
});

describe('bluesky: watch terms', () => {
  it('match whole words without regard to case, accents or hashtags', () => {
    const m = termMatcher(['Brûlerie Boréale', 'brio']);
    expect(m('Vive la BRULERIE  boreale!')).toBe(true);
    expect(m('#brûlerie boréale')).toBe(true);
    expect(m('un cabriolet')).toBe(false);
    expect(m('Brio.')).toBe(true);
    expect(termMatcher([])('anything')).toBe(false);
  });
});

/** A Jetstream server: replays `events` from the `cursor` query parameter, then waits. */
async function jetstreamServer(events: string[]) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const cursors: Array<string | null> = [];
  const sockets: WebSocket[] = [];
  wss.on('connection', (ws, req) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    expect(q.get('wantedCollections')).toBe('app.bsky.feed.post');
    cursors.push(q.get('cursor'));
    sockets.push(ws);
    const from = q.get('cursor') ? Number(q.get('cursor')) : -Infinity;
    for (const e of events) {
      let t = Infinity;
      try {
        t = (JSON.parse(e) as { time_us?: number }).time_us ?? Infinity;
      } catch {
        // Broken events are sent whatever the cursor: the client must survive them.
      }
      if (t >= from) ws.send(e);
    }
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    cursors,
    sockets,
    close: () => new Promise<void>((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

describe('bluesky: Jetstream firehose', () => {
  let jet: Awaited<ReturnType<typeof jetstreamServer>>;
  let ac: AbortController;
  afterEach(async () => {
    ac?.abort();
    await jet?.close();
  });

  it('keeps the posts matching the terms, moves the time cursor on every event, skips unreadable ones', async () => {
    jet = await jetstreamServer([...jetLines, '{"time_us": 17676142800000', '"just a string"']);
    const c = make({ jetstreamUrl: jet.url, mode: 'stream' }, systemClock as never);
    const events: StreamEvent[] = [];
    ac = new AbortController();
    const done = c.stream(undefined, ac.signal, async (e) => void events.push(e)).catch((e: VigieError) => e);
    await waitFor(() => events.length === 8, 3000, 'eight events', 5);
    const kept = events.flatMap((e) => e.mentions);
    expect(kept.map((m) => m.id)).toEqual([
      'bluesky:at://did:plc:m4r13abcdefghijk/app.bsky.feed.post/3lxyzjet00001',
      'bluesky:at://did:plc:c4rl/app.bsky.feed.post/3lxyzjet00005',
    ]);
    expect(kept[0]).toMatchObject({ url: 'https://bsky.app/profile/did:plc:m4r13abcdefghijk/post/3lxyzjet00001', author: { id: 'did:plc:m4r13abcdefghijk' }, lang: 'fr' });
    expect(kept[1]).toMatchObject({ parentId: 'bluesky:at://did:plc:m4r13abcdefghijk/app.bsky.feed.post/3lxyzjet00001' });
    const lastCursor = events.filter((e) => e.cursor).at(-1)!.cursor!;
    expect(JSON.parse(lastCursor).timeUs).toBe(1767614280000006);
    expect(jet.cursors[0]).toBeNull();
    jet.sockets[0]!.close(1011, 'server restarting');
    expect(await done).toMatchObject({ code: 'ERR_STREAM_DISCONNECTED', retriable: true });
  });

  it('through the runner: reconnects after a cut and resumes `rewind` before the saved time_us', async () => {
    jet = await jetstreamServer(jetLines.slice(0, 2));
    const bus = new MemoryBus();
    await bus.ensureTopics([{ name: 'raw', partitions: 1, replicationFactor: 1 }, { name: 'dlq', partitions: 1, replicationFactor: 1 }]);
    const cursors = new MemoryCursorStore();
    const cfg = blueskyConfigSchema.parse({ terms: ['brûlerie boréale'], jetstreamUrl: jet.url, allowPrivate: true, mode: 'stream', rewind: '5s' });
    const runner = new IngestRunner({
      sources: [{ ...cfg, name: 'bsky', kind: 'bluesky', interval: 60_000, enabled: true }],
      bus, topic: 'raw', dlqTopic: 'dlq', cursors, logger: silentLogger(), metrics: new Metrics(),
      streamBatchDelayMs: 10, reconnectBaseMs: 20, reconnectMaxMs: 50, healthLogIntervalMs: 0,
    });
    runner.start();
    try {
      await waitFor(async () => JSON.parse((await cursors.get('bsky')) ?? '{}').timeUs === 1767614280000002, 8000, 'cursor saved', 10);
      jet.sockets[0]!.terminate();
      await waitFor(() => jet.cursors.length === 2, 3000, 'a reconnection', 5);
      expect(jet.cursors[1]).toBe(String(1767614280000002 - 5_000_000));
    } finally {
      await runner.stop();
    }
    // Replayed from 5 s back: the matching post came twice under the same id (collapsed downstream).
    const keys = bus.messages('raw').map((m) => m.key);
    expect(new Set(keys)).toEqual(new Set(['bluesky:at://did:plc:m4r13abcdefghijk/app.bsky.feed.post/3lxyzjet00001']));
  });
});
