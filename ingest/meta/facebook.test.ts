import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { facebookConfigSchema } from './config.ts';
import type { FacebookConnector, FacebookCursor } from './facebook.ts';
import { facebook } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/facebook/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const PAGE = '104000000000001';

function make(base: string, over: Record<string, unknown> = {}, metrics = new Metrics()): FacebookConnector {
  const cfg = facebookConfigSchema.parse({ pageId: PAGE, accessToken: 'EAAB-page-token', baseUrl: base, allowPrivate: true, commentsOnLatest: 1, ...over });
  return facebook.create({ ...cfg, name: 'fb-brio' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics }) as FacebookConnector;
}

let srv: FeedServer;
let appUsage = '{"call_count":10,"total_cputime":5,"total_time":5}';
beforeAll(async () => {
  srv = await startFeedServer();
  srv.route(`/v21.0/${PAGE}/posts`, (req, res) => {
    const after = new URL(req.url!, srv.base).searchParams.get('after');
    res.writeHead(200, { ...JSON_TYPE, 'x-app-usage': appUsage }).end(fixture(after === 'QVFIUmFmdGVy' ? 'posts-after.json' : 'posts.json'));
  });
  srv.route('/v21.0/104000000000001_900000000000003/comments', { headers: JSON_TYPE, body: fixture('comments.json') });
});
afterAll(() => srv.close());
const params = (p: string) => Object.fromEntries(new URL(p, srv.base).searchParams);

describe('facebook connector', () => {
  it('maps Page posts (reactions, shares, comments, place) and the comments on the latest post', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    const postsCall = srv.requests.find((q) => q.path.startsWith(`/v21.0/${PAGE}/posts`))!;
    expect(postsCall.headers.authorization).toBe('Bearer EAAB-page-token');
    expect(params(postsCall.path)).toMatchObject({ limit: '25', fields: expect.stringContaining('reactions.summary(total_count)') });
    expect(postsCall.path).not.toContain('EAAB');
    expect(r.mentions.map((m) => m.id)).toEqual([
      'facebook:104000000000001_900000000000003',
      'facebook:104000000000001_900000000000002',
      'facebook:900000000000003_500000000000002',
      'facebook:900000000000003_500000000000001',
    ]);
    expect(r.mentions[0]).toMatchObject({
      source: { kind: 'facebook', name: 'fb-brio' },
      url: 'https://www.facebook.com/104000000000001/posts/900000000000003',
      publishedAt: '2026-01-05T12:00:00.000Z',
      author: { id: PAGE, name: 'Brio Télécom', url: `https://www.facebook.com/${PAGE}` },
      engagement: { likes: 230, shares: 41, replies: 2 },
      geo: { lat: 46.81, lon: -71.21, country: 'Canada', place: 'Québec, QC' },
    });
    expect(r.mentions[1]).toMatchObject({ text: 'Brio Télécom updated their cover photo.', engagement: { likes: 12, replies: 0 } });
    // A reply (flat under filter=stream) points to its parent comment; a comment without `from` has no author.
    expect(r.mentions[2]).toMatchObject({ parentId: 'facebook:900000000000003_500000000000001', threadId: 'facebook:104000000000001_900000000000003', engagement: { likes: 5, replies: 0 } });
    expect(r.mentions[2]!.author).toBeUndefined();
    expect(r.mentions[3]).toMatchObject({ parentId: 'facebook:104000000000001_900000000000003', author: { name: 'Brio Télécom' } });
    const commentsCall = srv.requests.find((q) => q.path.includes('/comments'))!;
    expect(params(commentsCall.path)).toMatchObject({ filter: 'stream', order: 'reverse_chronological', since: String((NOW - 86_400_000) / 1000 - 600) });
    expect(r.hasMore).toBe(true);
    expect((JSON.parse(r.cursor!) as FacebookCursor)).toMatchObject({ commentsSince: NOW / 1000, posts: { scan: { next: 'QVFIUmFmdGVy' } } });
  });

  it('walks older posts with after, skips broken posts with a count, and does not re-emit comments', async () => {
    const metrics = new Metrics();
    const c = make(srv.base, {}, metrics);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    expect(p2.mentions.map((m) => m.id)).toEqual(['facebook:104000000000001_900000000000001']);
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_dropped_total')).toMatch(/component="facebook",reason="unmappable"} 2/);
    expect(p2.hasMore).toBe(false);
    const p3 = await c.poll(p2.cursor, signal);
    expect(p3.mentions).toEqual([]);
  });

  it('pauses when x-app-usage reaches the limit, and when Graph throttles with code 32', async () => {
    appUsage = '{"call_count":96,"total_cputime":20,"total_time":20}';
    try {
      const r = await make(srv.base).poll(undefined, signal);
      expect(r).toMatchObject({ retryAfterMs: 15 * 60_000, hasMore: false });
      // Paused before the comments: the comment window does not move.
      expect(JSON.parse(r.cursor!).commentsSince).toBeUndefined();
    } finally {
      appUsage = '{"call_count":10}';
    }
    const s = await startFeedServer({
      [`/v21.0/${PAGE}/posts`]: {
        status: 400,
        headers: { ...JSON_TYPE, 'x-business-use-case-usage': JSON.stringify({ [PAGE]: [{ type: 'pages', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 7 }] }) },
        body: fixture('throttled.json'),
      },
    });
    expect(await pollError(make(s.base))).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retryAfterMs: 7 * 60_000, details: { code: 32, fbtraceId: 'AbCdEfGhIjK' } });
    s.route(`/v21.0/${PAGE}/posts`, { status: 400, headers: JSON_TYPE, body: fixture('token-expired.json') });
    const e = await pollError(make(s.base));
    expect(e).toMatchObject({ code: 'ERR_CONNECTOR_AUTH', retriable: false });
    expect(e.message).not.toContain('EAAB');
    await s.close();
  });

  it('backfills posts of a time range, asking the Graph API to stop at its end', async () => {
    const range = { sinceMs: Date.parse('2026-01-05T08:30:00Z'), untilMs: Date.parse('2026-01-05T11:30:00Z') };
    const c = make(srv.base);
    const b1 = await c.backfill(range, undefined, signal);
    expect(params(srv.requests.at(-1)!.path)).toMatchObject({ until: String(range.untilMs / 1000), limit: '100' });
    expect(b1.mentions.map((m) => m.id)).toEqual(['facebook:104000000000001_900000000000002']);
    expect(b1.hasMore).toBe(true);
    const b2 = await c.backfill(range, b1.cursor, signal);
    expect(b2.mentions.map((m) => m.id)).toEqual(['facebook:104000000000001_900000000000001']);
    expect(b2.hasMore).toBe(false);
  });

  it('adds appsecret_proof when an app secret is configured', async () => {
    await make(srv.base, { appSecret: 'app-secret', commentsOnLatest: 0 }).poll(undefined, signal);
    const q = params(srv.requests.at(-1)!.path);
    expect(q.appsecret_proof).toBe(createHmac('sha256', 'app-secret').update('EAAB-page-token').digest('hex'));
  });

  it('validates its config', () => {
    expect(facebookConfigSchema.safeParse({ pageId: 'brio', accessToken: 't' }).error!.issues[0]!.message).toMatch(/numeric Page id/);
    expect(facebookConfigSchema.safeParse({ pageId: '1' }).success).toBe(false);
    expect(facebookConfigSchema.safeParse({ pageId: '1', accessToken: 't', apiVersion: '21' }).success).toBe(false);
  });
});

describe('facebook: comments beyond the first page, and without ids', () => {
  const POST_COMMENTS = '/v21.0/104000000000001_900000000000003/comments';
  it('follows paging.next / cursors.after through every page of new comments on a post', async () => {
    const s = await startFeedServer({ [`/v21.0/${PAGE}/posts`]: { headers: JSON_TYPE, body: fixture('posts.json') } });
    const afters: Array<string | null> = [];
    s.route(POST_COMMENTS, (req, res) => {
      const after = new URL(req.url!, s.base).searchParams.get('after');
      afters.push(after);
      res.writeHead(200, JSON_TYPE).end(fixture(after === 'QVFIUnBhZ2Uy' ? 'comments.json' : 'comments-page-1.json'));
    });
    try {
      const r = await make(s.base).poll(undefined, signal);
      expect(afters).toEqual([null, 'QVFIUnBhZ2Uy']);
      expect(r.mentions.filter((m) => m.threadId).map((m) => m.id)).toEqual([
        'facebook:900000000000003_500000000000004',
        'facebook:900000000000003_500000000000003',
        'facebook:900000000000003_500000000000002',
        'facebook:900000000000003_500000000000001',
      ]);
    } finally {
      await s.close();
    }
  });

  it('keeps comments Meta returns without id (Pages the app cannot moderate), with stable rebuilt ids', async () => {
    const s = await startFeedServer({ [`/v21.0/${PAGE}/posts`]: { headers: JSON_TYPE, body: fixture('posts.json') }, [POST_COMMENTS]: { headers: JSON_TYPE, body: fixture('comments-no-id.json') } });
    try {
      const a = (await make(s.base).poll(undefined, signal)).mentions.filter((m) => m.threadId);
      const b = (await make(s.base).poll(undefined, signal)).mentions.filter((m) => m.threadId);
      expect(a).toHaveLength(2);
      // From permalink_url's comment_id: the very id Meta would have given.
      expect(a[0]!.id).toBe('facebook:900000000000003_500000000000002');
      // No permalink either: a digest of post, time, author and text, the same at every poll.
      expect(a[1]!.id).toMatch(/^facebook:104000000000001_900000000000003:c[0-9a-f]{20}$/);
      expect(b.map((m) => m.id)).toEqual(a.map((m) => m.id));
    } finally {
      await s.close();
    }
  });
});

describeBadAnswers('facebook', {
  path: `/v21.0/${PAGE}/posts`,
  make: (base, over) => make(base, { commentsOnLatest: 0, ...over }),
  renamedWrapper: '{"posts":[],"paging":{}}',
  hugeBody: JSON.stringify({ data: Array.from({ length: 120 }, () => JSON.parse(fixture('posts.json')).data[0]) }),
});
