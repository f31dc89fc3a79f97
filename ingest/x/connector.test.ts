import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../../core/clock.ts';
import type { VigieError } from '../../core/errors.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { waitFor } from '../../test/helpers/services.ts';
import { describeBadAnswers } from '../kit/connector/bad-answers-suite.ts';
import type { StreamEvent } from '../kit/stream/types.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { xConfigSchema } from './config.ts';
import type { XConnector } from './connector.ts';
import { x } from './index.ts';

const dir = new URL('./fixtures/', import.meta.url);
const searchFixture = readFileSync(new URL('search-recent.json', dir), 'utf8');
const streamLines = readFileSync(new URL('stream-lines.txt', dir), 'utf8');
const json = { 'content-type': 'application/json; charset=utf-8' };
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:00:00Z');
const SEARCH = '/2/tweets/search/recent';
const RULES = '/2/tweets/search/stream/rules';

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());

function make(over: Record<string, unknown> = {}, clock = new FakeClock(NOW) as { now(): number }): XConnector {
  const cfg = xConfigSchema.parse({ query: '"brulerie boreale"', bearerToken: 'AAAA-secret', baseUrl: srv.base, allowPrivate: true, timeout: '2s', maxResults: 10, ...over });
  return x.create({ ...cfg, name: 'x-brand' }, { logger: silentLogger(), clock, metrics: new Metrics() });
}

const tweet = (n: bigint) => ({ id: String(1876000000000000000n + n), text: `tweet ${n}`, created_at: new Date(NOW - 600_000 + Number(n) * 1000).toISOString(), author_id: '1', lang: 'fr' });

/** Recent search over a list: since_id, max_results, numeric next_token pages (newest first). */
function searchServer(tweets: Array<ReturnType<typeof tweet>>, hits: URLSearchParams[] = []) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const q = new URL(req.url!, 'http://x').searchParams;
    hits.push(q);
    const since = q.get('since_id');
    const max = Number(q.get('max_results'));
    const from = Number(q.get('next_token') ?? 0);
    const match = tweets.filter((t) => !since || BigInt(t.id) > BigInt(since)).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const page = match.slice(from, from + max);
    const meta = { result_count: page.length, ...(page.length ? { newest_id: page[0]!.id, oldest_id: page.at(-1)!.id } : {}), ...(from + max < match.length ? { next_token: String(from + max) } : {}) };
    res.writeHead(200, { ...json, 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '449', 'x-rate-limit-reset': String(Math.floor(NOW / 1000) + 900) }).end(JSON.stringify(page.length ? { data: page, includes: { users: [{ id: '1', username: 'u1', name: 'U' }] }, meta } : { meta }));
  };
}

describe('x: recent search', () => {
  it('maps tweets: decoded entities, author from includes, metrics with views, reply and thread, geo, declared language', async () => {
    srv.route(SEARCH, { headers: json, body: searchFixture });
    const r = await make().poll(undefined, signal);
    const [marie, bob, rt] = r.mentions;
    expect(marie).toMatchObject({
      id: 'x:1876000000000000300',
      url: 'https://x.com/marie_t/status/1876000000000000300',
      text: 'Le café de @BrulerieBoreale est incroyable & pas cher <3\nBravo!',
      author: { id: '2244994945', handle: 'marie_t', name: 'Marie T.', url: 'https://x.com/marie_t', followers: 5120, verified: true },
      engagement: { likes: 25, shares: 6, replies: 1, views: 1830 },
      parentId: 'x:1876000000000000100',
      threadId: 'x:1876000000000000100',
      lang: 'fr',
      geo: { country: 'CA', place: 'Montréal, Québec' },
    });
    expect(marie!.geo!.lat).toBeCloseTo(45.555, 3);
    expect(marie!.geo!.lon).toBeCloseTo(-73.72, 2);
    expect(bob).toMatchObject({ geo: { lat: 45.5017, lon: -73.5673 }, lang: 'en' });
    expect(bob!.threadId).toBeUndefined();
    expect(rt!.lang).toBeUndefined();
    expect(rt!.author).toEqual({ id: '999' });
    expect(rt!.url).toBe('https://x.com/i/web/status/1876000000000000150');
    expect(JSON.parse(r.cursor!)).toEqual({ sinceId: '1876000000000000300' });
    const req = srv.requests.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer AAAA-secret');
    const q = new URL(req.path, 'http://x').searchParams;
    expect(q.get('start_time')).toBe('2026-01-04T12:00:00Z');
    expect(q.get('expansions')).toContain('author_id');
    expect(q.get('user.fields')).toBe('username,name,verified,public_metrics');
  });

  it('walks next_token pages with the same since_id, then moves since_id to the newest of the walk', async () => {
    const tweets = Array.from({ length: 25 }, (_, i) => tweet(BigInt(i + 1)));
    const hits: URLSearchParams[] = [];
    srv.route(SEARCH, searchServer(tweets.slice(0, 3), hits));
    const c = make();
    const first = await c.poll(undefined, signal);
    expect(JSON.parse(first.cursor!).sinceId).toBe(tweets[2]!.id);
    srv.route(SEARCH, searchServer(tweets, hits));
    const ids: string[] = [];
    let cursor = first.cursor;
    for (let i = 0; i < 5; i++) {
      const r = await c.poll(cursor, signal);
      ids.push(...r.mentions.map((m) => m.id));
      cursor = r.cursor;
      if (!r.hasMore) break;
    }
    expect(ids.sort()).toEqual(tweets.slice(3).map((t) => `x:${t.id}`).sort());
    expect(hits.slice(1).map((h) => h.get('since_id'))).toEqual([tweets[2]!.id, tweets[2]!.id, tweets[2]!.id]);
    expect(hits.slice(1).map((h) => h.get('next_token'))).toEqual([null, '10', '20']);
    expect(JSON.parse(cursor!)).toEqual({ sinceId: tweets[24]!.id });
    const none = await c.poll(cursor, signal);
    expect(none.mentions).toHaveLength(0);
    expect(none.cursor).toBe(cursor);
  });

  it('honours x-rate-limit headers: a spent budget delays the next call, a 429 waits for the reset', async () => {
    const reset = String(Math.floor(NOW / 1000) + 300);
    srv.route(SEARCH, { headers: { ...json, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset }, body: searchFixture });
    const r = await make().poll(undefined, signal);
    expect(r.retryAfterMs).toBe(300_000);
    expect(r.mentions).toHaveLength(3);
    srv.route(SEARCH, { status: 429, headers: { ...json, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset }, body: '{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}' });
    const e = (await make().poll(undefined, signal).catch((x: VigieError) => x)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 300_000 });
  });

  it('401 with the problem document → ERR_X_AUTH, the token never in the message', async () => {
    srv.route(SEARCH, { status: 401, headers: json, body: '{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}' });
    const e = (await make().poll(undefined, signal).catch((x: VigieError) => x)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_X_AUTH', retriable: false });
    expect(e.message).not.toContain('AAAA');
  });

  it('skips tweets with a bad id or date, and an empty answer keeps the cursor', async () => {
    const body = JSON.parse(searchFixture);
    body.data[1].created_at = 'not a date';
    body.data[2].id = 12;
    srv.route(SEARCH, { headers: json, body: JSON.stringify(body) });
    const r = await make().poll(undefined, signal);
    expect(r.mentions.map((m) => m.id)).toEqual(['x:1876000000000000300']);
    srv.route(SEARCH, { headers: json, body: '{"meta":{"result_count":0}}' });
    const cur = JSON.stringify({ sinceId: '5' });
    const empty = await make().poll(cur, signal);
    expect(empty).toMatchObject({ mentions: [], cursor: cur });
  });

  it('backfill sends start_time/end_time within the 7-day window and refuses older ranges', async () => {
    const hits: URLSearchParams[] = [];
    srv.route(SEARCH, searchServer(Array.from({ length: 12 }, (_, i) => tweet(BigInt(i + 1))), hits));
    const c = make();
    const p1 = await c.backfill({ sinceMs: NOW - 3_600_000, untilMs: NOW }, undefined, signal);
    expect(p1).toMatchObject({ hasMore: true });
    expect(hits[0]!.get('start_time')).toBe('2026-01-05T11:00:00Z');
    expect(hits[0]!.get('end_time')).toBe('2026-01-05T11:59:50Z');
    const p2 = await c.backfill({ sinceMs: NOW - 3_600_000, untilMs: NOW }, p1.cursor, signal);
    expect(p2).toMatchObject({ hasMore: false });
    expect(p1.mentions.length + p2.mentions.length).toBe(12);
    const e = (await c.backfill({ sinceMs: NOW - 30 * 86_400_000, untilMs: NOW - 10 * 86_400_000 }, undefined, signal).catch((x: VigieError) => x)) as VigieError;
    expect(e.code).toBe('ERR_BACKFILL_RANGE');
  });
});

describe('x: limits of the access level, fields parameter, reconnection schedule', () => {
  it('checks the query length against the access level: 512 characters, 4,096 only with Enterprise', () => {
    const long = `"brulerie boreale" ${'OR cafe '.repeat(70)}`.trim();
    expect(long.length).toBeGreaterThan(512);
    const r = xConfigSchema.safeParse({ query: long, bearerToken: 't' });
    expect(r.error!.issues[0]).toMatchObject({ path: ['query'], message: expect.stringMatching(/X accepts 512 with pay-per-use access/) });
    expect(xConfigSchema.safeParse({ query: long, bearerToken: 't', accessTier: 'enterprise' }).success).toBe(true);
    expect(xConfigSchema.safeParse({ query: 'x'.repeat(4097), bearerToken: 't', accessTier: 'enterprise' }).success).toBe(false);
    expect(xConfigSchema.safeParse({ bearerToken: 't', mode: 'stream', rules: [{ value: 'y'.repeat(1025) }] }).error!.issues[0]!.message).toMatch(/1025 characters; X accepts 1024/);
    expect(xConfigSchema.safeParse({ bearerToken: 't', mode: 'stream', rules: [{ value: 'a' }, { value: 'b' }], maxRules: 1 }).error!.issues[0]!.message).toMatch(/may hold 1/);
    expect(() => x.create({ ...xConfigSchema.parse({ query: 'brulerie', bearerToken: 't' }), query: long }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() })).toThrow(/512/);
  });

  it('restarts a stream after 20 seconds of silence by default, as X recommends', () => {
    expect(xConfigSchema.parse({ query: 'q', bearerToken: 't' }).silenceTimeout).toBe(20_000);
  });

  it('refuses to sync rules past the 1,000 rules of the app', async () => {
    const others = Array.from({ length: 999 }, (_, i) => ({ id: String(10_000 + i), value: `other ${i}`, tag: 'other-tool' }));
    const posts: unknown[] = [];
    srv.route(RULES, (req, res) => {
      if (req.method === 'GET') return void res.writeHead(200, json).end(JSON.stringify({ data: others, meta: { result_count: others.length } }));
      req.resume();
      posts.push(req.method);
      res.writeHead(200, json).end('{"meta":{}}');
    });
    const e = (await make({ rules: [{ value: 'a' }, { value: 'b' }] }).syncRules(signal).catch((err: VigieError) => err)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_X_RULES', retriable: false, details: { total: 1001, others: 999, limit: 1000 } });
    expect(posts).toEqual([]);
  });

  it('says so when the server ignored the fields parameter, instead of skipping every post', async () => {
    srv.route(SEARCH, { headers: json, body: JSON.stringify({ data: [{ id: '1876000000000000001', text: 'bare', edit_history_tweet_ids: ['1876000000000000001'] }], meta: { result_count: 1, newest_id: '1876000000000000001' } }) });
    const e = (await make().poll(undefined, signal).catch((err: VigieError) => err)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_CONNECTOR_SCHEMA', message: expect.stringMatching(/tweet\.fields.*post\.fields/) });
    expect(new URL(srv.requests.at(-1)!.path, srv.base).searchParams.get('tweet.fields')).toMatch(/created_at/);
  });

  it('reads the post.fields answer keys too (referenced_posts, note_post) and the full text of long posts', async () => {
    const long = 'Long avis sur la Brûlerie Boréale. '.repeat(12).trim();
    srv.route(SEARCH, {
      headers: json,
      body: JSON.stringify({
        data: [
          { id: '1876000000000000010', text: `${long.slice(0, 270)}…`, note_tweet: { text: long }, created_at: '2026-01-05T11:00:00.000Z', author_id: '1' },
          { id: '1876000000000000011', text: 'réponse', note_post: { text: 'réponse complète' }, created_at: '2026-01-05T11:01:00.000Z', author_id: '1', referenced_posts: [{ type: 'replied_to', id: '1876000000000000010' }] },
        ],
        includes: { users: [{ id: '1', username: 'u1', name: 'U' }] },
        meta: { result_count: 2, newest_id: '1876000000000000011' },
      }),
    });
    const r = await make().poll(undefined, signal);
    expect(r.mentions[0]!.text).toBe(long);
    expect(r.mentions[1]).toMatchObject({ text: 'réponse complète', parentId: 'x:1876000000000000010' });
  });

  it('follows X\'s documented reconnection schedule: at once after a drop, 250 ms steps on network errors, 5 s doubling on HTTP errors, 1 min doubling on 429', () => {
    const c = make({ mode: 'stream' });
    const http503 = { code: 'ERR_FETCH_HTTP', retriable: true, details: { status: 503 } } as unknown as VigieError;
    const tooMany = { code: 'ERR_FETCH_RATE_LIMITED', retriable: true, details: { status: 429 } } as unknown as VigieError;
    const net = { code: 'ERR_STREAM_DISCONNECTED', retriable: true, details: {} } as unknown as VigieError;
    expect(c.reconnectDelayMs(undefined, 0)).toBe(0);
    expect(c.reconnectDelayMs(net, 0)).toBe(0);
    expect([1, 2, 3, 80].map((a) => c.reconnectDelayMs(net, a))).toEqual([250, 500, 750, 16_000]);
    expect([1, 2, 3, 7, 9].map((a) => c.reconnectDelayMs(http503, a))).toEqual([5_000, 10_000, 20_000, 320_000, 320_000]);
    expect([1, 2, 3].map((a) => c.reconnectDelayMs(tooMany, a))).toEqual([60_000, 120_000, 240_000]);
    expect(c.reconnectDelayMs({ ...tooMany, retryAfterMs: 900_000 } as VigieError, 1)).toBe(900_000);
  });
});

describeBadAnswers('x', {
  path: SEARCH,
  make: (base, over) => {
    const cfg = xConfigSchema.parse({ query: 'q', bearerToken: 't', baseUrl: base, allowPrivate: true, ...over });
    return x.create(cfg, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() });
  },
  renamedWrapper: JSON.stringify({ statuses: [], search_metadata: {} }),
  hugeBody: JSON.stringify({ data: Array.from({ length: 1000 }, (_, i) => tweet(BigInt(i))), meta: { result_count: 1000 } }),
});

describe('x: filtered stream', () => {
  let ac: AbortController;
  afterEach(() => ac?.abort());

  /** The rules endpoint with a list of rules; records POST bodies. */
  function rulesServer(rules: Array<{ id: string; value: string; tag?: string }>, posts: unknown[]) {
    return (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (req.method === 'GET') return void res.writeHead(200, json).end(JSON.stringify({ data: rules, meta: { sent: NOW, result_count: rules.length } }));
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const b = JSON.parse(body);
        posts.push(b);
        res.writeHead(200, json).end(JSON.stringify({ meta: { sent: NOW, summary: { created: b.add?.length ?? 0, not_created: 0, deleted: b.delete?.ids.length ?? 0, not_deleted: 0 } } }));
      });
    };
  }

  it('syncs the rules it owns (tag vigie:<source>) and leaves the others alone', async () => {
    const posts: unknown[] = [];
    srv.route(RULES, rulesServer([
      { id: '1', value: 'old query', tag: 'vigie:x-brand' },
      { id: '2', value: '"brulerie boreale"', tag: 'vigie:x-brand:main' },
      { id: '3', value: 'someone else', tag: 'other-tool' },
    ], posts));
    const r = await make({ rules: [{ value: '"brulerie boreale"', tag: 'main' }, { value: '#brulerieboreale lang:fr' }] }).syncRules(signal);
    expect(r).toEqual({ added: 1, deleted: 1 });
    expect(posts).toEqual([{ delete: { ids: ['1'] } }, { add: [{ value: '#brulerieboreale lang:fr', tag: 'vigie:x-brand' }] }]);
  });

  it('a refused rule → ERR_X_RULES, not retriable', async () => {
    srv.route(RULES, (req, res) => {
      if (req.method === 'GET') return void res.writeHead(200, json).end('{"meta":{"result_count":0}}');
      req.resume();
      req.on('end', () => res.writeHead(200, json).end('{"errors":[{"value":"((","title":"UnprocessableEntity","details":["Unbalanced parentheses"]}],"meta":{"summary":{"created":0,"not_created":1}}}'));
    });
    const e = (await make().syncRules(signal).catch((x: VigieError) => x)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_X_RULES', retriable: false });
  });

  it('catches up by recent search from the cursor, then reads the stream: keep-alives, tweets, cursor, in-band disconnect', async () => {
    srv.route(RULES, rulesServer([{ id: '2', value: '"brulerie boreale"', tag: 'vigie:x-brand' }], []));
    const missed = [tweet(50n), tweet(60n)];
    const hits: URLSearchParams[] = [];
    srv.route(SEARCH, searchServer(missed, hits));
    let streamRes: http.ServerResponse | undefined;
    srv.route('/2/tweets/search/stream', (_req, res) => {
      res.writeHead(200, json);
      res.write(streamLines);
      // A tweet the catch-up already brought: not emitted twice.
      res.write(`${JSON.stringify({ data: tweet(60n), includes: {} })}\r\n`);
      res.write('{not json}\r\n');
      streamRes = res;
    });
    const events: StreamEvent[] = [];
    ac = new AbortController();
    const done = make({ mode: 'stream' }, systemClock).stream(JSON.stringify({ sinceId: tweet(10n).id }), ac.signal, async (e) => void events.push(e)).catch((e: VigieError) => e);
    await waitFor(() => events.filter((e) => e.mentions.length).length >= 3, 3000, 'catch-up and stream tweets', 5);
    const ids = events.flatMap((e) => e.mentions.map((m) => m.id));
    expect(ids).toEqual([`x:${tweet(60n).id}`, `x:${tweet(50n).id}`, 'x:1876000000000000400', 'x:1876000000000000500']);
    expect(hits[0]!.get('since_id')).toBe(tweet(10n).id);
    expect(events.some((e) => e.mentions.length === 0 && e.cursor === undefined)).toBe(true);
    expect(JSON.parse(events.filter((e) => e.cursor).at(-1)!.cursor!).sinceId).toBe('1876000000000000500');
    streamRes!.end('{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect","detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}\r\n');
    expect(await done).toMatchObject({ code: 'ERR_STREAM_DISCONNECTED', retriable: true });
    expect((await done as VigieError).message).toContain('operational-disconnect');
  });

  it('too many connections (429) on the stream → ERR_FETCH_RATE_LIMITED with the reset wait', async () => {
    srv.route(RULES, rulesServer([{ id: '2', value: '"brulerie boreale"', tag: 'vigie:x-brand' }], []));
    srv.route('/2/tweets/search/stream', { status: 429, headers: { ...json, 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 60) }, body: '{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","type":"https://api.twitter.com/2/problems/streaming-connection"}' });
    ac = new AbortController();
    const e = (await make({ mode: 'stream' }, systemClock).stream(undefined, ac.signal, async () => {}).catch((x: VigieError) => x)) as VigieError;
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true });
    expect(e.retryAfterMs).toBeGreaterThan(50_000);
    expect(e.message).toContain('maximum allowed connection limit');
  });
});
