import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { blueskyConfigSchema } from './config.ts';
import type { BlueskyConnector } from './connector.ts';
import { bluesky } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = { 'content-type': 'application/json; charset=utf-8' };
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:00:00Z');
const FEED = '/xrpc/app.bsky.feed.getAuthorFeed';
const BRAND = 'did:plc:brulerie0000001';
const PAGE_2 = '2026-01-05T11:20:00.000Z';
const jwt = `${Buffer.from('{"alg":"ES256K"}').toString('base64url')}.${Buffer.from(JSON.stringify({ exp: NOW / 1000 + 7200 })).toString('base64url')}.sig`;

let srv: FeedServer;
function authorFeed(req: http.IncomingMessage, res: http.ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  res.writeHead(200, json).end(fixture(q.get('cursor') === PAGE_2 ? 'author-feed-page-2.json' : 'author-feed.json'));
}
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route(FEED, authorFeed);
  srv.route('/xrpc/com.atproto.server.createSession', { headers: json, body: fixture('create-session.json').replace('{{ACCESS_JWT}}', jwt).replace('{{REFRESH_JWT}}', jwt).replace('{{PDS}}', srv.base) });
  srv.route('/xrpc/app.bsky.feed.searchPosts', { headers: json, body: fixture('search-posts.json') });
});

function make(over: Record<string, unknown> = {}) {
  const cfg = blueskyConfigSchema.parse({ query: 'brulerie boreale', identifier: 'veille.brulerie.example', appPassword: 'abcd-efgh-ijkl-mnop', service: srv.base, publicApi: srv.base, allowPrivate: true, timeout: '2s', ...over });
  const source = { ...cfg, name: 'bsky', kind: 'bluesky', interval: 60_000, enabled: true };
  return { source, connector: bluesky.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as BlueskyConnector };
}

describe('bluesky: owned accounts', () => {
  it('getAuthorFeed with posts_with_replies through the session (token and AppView proxy); logged out through the public AppView', async () => {
    await make().connector.pollOwned(BRAND, undefined, signal);
    const feedCall = srv.requests.find((r) => r.path.startsWith(FEED))!;
    expect(feedCall.headers.authorization).toBe(`Bearer ${jwt}`);
    expect(feedCall.headers['atproto-proxy']).toBe('did:web:api.bsky.app#bsky_appview');
    expect(Object.fromEntries(srv.queries(FEED)[0]!)).toEqual({ actor: BRAND, filter: 'posts_with_replies', limit: '100' });
    srv.requests.length = 0;
    await make({ mode: 'stream', terms: ['brulerie'], identifier: undefined, appPassword: undefined }).connector.pollOwned(BRAND, undefined, signal);
    expect(srv.requests.map((r) => r.path.split('?')[0])).toEqual([FEED]);
    expect(srv.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('through the runner: the reply has parent and root, the owned author; reposts and posts older than the lookback are left out; the walk ends before the cursor moves', async () => {
    const { source, connector } = make();
    const t = await ownedRunner(source, connector, { bluesky: [BRAND] });
    await t.runner.runOnce();
    const out = t.published();
    const reply = out.find((m) => m.id === `bluesky:at://${BRAND}/app.bsky.feed.post/3lbrulreply01`)!;
    const parent = out.find((m) => m.id === 'bluesky:at://did:plc:b0bxyz/app.bsky.feed.post/3lxyzabc1aaaa')!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.threadId).toBe(parent.id);
    expect(reply.author).toMatchObject({ id: BRAND, handle: 'brulerieboreale.com' });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    const mine = out.filter((m) => m.author?.id === BRAND).map((m) => m.id.split('/').pop());
    expect(mine.sort()).toEqual(['3lbrulpost001', '3lbrulreply01']);
    expect(out.some((m) => m.id.includes('3lmarierepost1'))).toBe(false);
    expect(srv.queries(FEED).map((q) => q.get('cursor'))).toEqual([null, PAGE_2]);
    const saved = JSON.parse((await t.cursors.get(t.key(BRAND)))!);
    expect(saved.scan).toBeUndefined();
    expect(saved.high).toBe(Date.parse('2026-01-05T11:59:00.000Z'));
    // Next round: the first page is all known, nothing is emitted again and no older page is read.
    await t.runner.runOnce();
    expect(srv.queries(FEED).map((q) => q.get('cursor'))).toEqual([null, PAGE_2, null]);
    expect(t.published()).toHaveLength(out.length);
  });

  it('the AppView rate limit is honoured (RateLimit-Reset)', async () => {
    srv.route(FEED, { status: 429, headers: { ...json, 'ratelimit-remaining': '0', 'retry-after': '120' }, body: '{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}' });
    await expect(make().connector.pollOwned(BRAND, undefined, signal)).rejects.toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retryAfterMs: 120_000 });
  });
});
