import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { discourseConfigSchema } from './config.ts';
import type { DiscourseConnector } from './connector.ts';
import { discourse } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

function make(url: string, over: Record<string, unknown> = {}, metrics = new Metrics()): DiscourseConnector {
  const cfg = discourseConfigSchema.parse({ url, allowPrivate: true, ...over });
  return discourse.create({ ...cfg, name: 'forum-qc' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics }) as DiscourseConnector;
}

let srv: FeedServer;
let ns: string;
beforeAll(async () => {
  srv = await startFeedServer();
  ns = `discourse:${new URL(srv.base).host}`;
  srv.route('/posts.json', (req, res) => {
    const before = new URL(req.url!, srv.base).searchParams.get('before');
    const name = before === null ? 'posts-latest.json' : before === '5001' ? 'posts-before-5001.json' : undefined;
    res.writeHead(200, JSON_TYPE).end(name ? fixture(name) : '{"latest_posts":[]}');
  });
  srv.route('/latest.json', (req, res) => {
    const page = new URL(req.url!, srv.base).searchParams.get('page');
    res.writeHead(200, JSON_TYPE).end(page === null ? fixture('latest.json') : '{"users":[],"topic_list":{"topics":[]}}');
  });
  srv.route('/search.json', { headers: JSON_TYPE, body: fixture('search.json') });
});
afterAll(() => srv.close());

describe('discourse connector: posts', () => {
  it('maps posts with thread, parent, likes and clean text (quotes and oneboxes removed)', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    expect(srv.requests.at(-1)!.path).toBe('/posts.json');
    // The small action (post_type 3) is not somebody's words and is left out.
    expect(r.mentions.map((m) => m.id)).toEqual([`${ns}:301/3`, `${ns}:301/2`, `${ns}:301/1`]);
    const [reply, second, first] = r.mentions;
    expect(reply).toMatchObject({
      source: { kind: 'discourse', name: 'forum-qc' },
      url: `${srv.base}/t/brio-fibre-panne-a-quebec/301/3`,
      publishedAt: '2026-01-05T12:00:00.000Z',
      text: 'Déjà essayé, ça ne change rien. Brio ne répond plus depuis ce matin.',
      author: { id: '41', handle: 'marie_t', name: 'Marie Tremblay', url: `${srv.base}/u/marie_t` },
      engagement: { likes: 3, replies: 0, views: 10 },
      parentId: `${ns}:301/2`,
      threadId: `${ns}:301/1`,
    });
    expect(reply!.title).toBeUndefined();
    expect(second).toMatchObject({ parentId: `${ns}:301/1`, author: { handle: 'jp_roy' } });
    expect(second!.author!.name).toBeUndefined();
    expect(first).toMatchObject({ title: 'Brio Fibre : panne à Québec', text: 'Plus d’internet depuis 7 h dans Limoilou.\nQuelqu’un d’autre ?' });
    expect(first!.parentId).toBeUndefined();
    expect(r.hasMore).toBe(true);
    expect(JSON.parse(r.cursor!).scan).toMatchObject({ next: '5001', top: 5004 });
  });

  it('walks back with before=<id> until the listing ends, then only new posts come', async () => {
    const metrics = new Metrics();
    const c = make(srv.base, {}, metrics);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    expect(srv.requests.at(-1)!.path).toBe('/posts.json?before=5001');
    expect(p2.mentions.map((m) => m.id)).toEqual([`${ns}:300/1`]);
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_dropped_total')).toMatch(/component="discourse",reason="unmappable"} 2/);
    expect(p2.hasMore).toBe(true);
    const p3 = await c.poll(p2.cursor, signal);
    expect(srv.requests.at(-1)!.path).toBe('/posts.json?before=4998');
    expect(p3).toMatchObject({ mentions: [], hasMore: false });
    expect(JSON.parse(p3.cursor!)).toMatchObject({ high: 5004 });
    const p4 = await c.poll(p3.cursor, signal);
    expect(p4).toMatchObject({ mentions: [], hasMore: false });
  });

  it('backfills a time range by walking back with before=<id>', async () => {
    const c = make(srv.base);
    const range = { sinceMs: Date.parse('2026-01-05T10:30:00Z'), untilMs: Date.parse('2026-01-05T11:45:00Z') };
    const b1 = await c.backfill(range, undefined, signal);
    expect(b1.mentions.map((m) => m.id)).toEqual([`${ns}:301/2`, `${ns}:301/1`]);
    expect(b1.hasMore).toBe(true);
    const b2 = await c.backfill(range, b1.cursor, signal);
    expect(srv.requests.at(-1)!.path).toBe('/posts.json?before=5001');
    expect(b2).toMatchObject({ mentions: [], hasMore: false, reachedMs: range.sinceMs });
  });

  it('sends Api-Key and Api-Username when configured', async () => {
    await make(srv.base, { auth: { apiKey: 'secret-key', apiUsername: 'vigie' } }).poll(undefined, signal);
    expect(srv.requests.at(-1)!.headers).toMatchObject({ 'api-key': 'secret-key', 'api-username': 'vigie' });
  });

  it('reads the wait of a Discourse rate limit (extras.wait_seconds vs Retry-After: the longer)', async () => {
    const s = await startFeedServer({ '/posts.json': { status: 429, headers: { ...JSON_TYPE, 'retry-after': '10' }, body: fixture('rate-limit.json') } });
    const e = await pollError(make(s.base));
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 42_000 });
    await s.close();
  });
});

describe('discourse connector: topics and search', () => {
  it('emits topics created since the last poll, not old topics bumped by a reply or pinned ones', async () => {
    const c = make(srv.base, { mode: 'topics' });
    const r = await c.poll(undefined, signal);
    expect(srv.requests.at(-1)!.path).toBe('/latest.json?order=activity');
    expect(r.mentions.map((m) => m.id)).toEqual([`${ns}:302/1`, `${ns}:301/1`]);
    expect(r.mentions[0]).toMatchObject({
      title: 'Brio & Nordik: which one for fibre?',
      text: 'Brio & Nordik: which one for fibre?',
      url: `${srv.base}/t/brio-nordik-which-one-for-fibre/302`,
      author: { id: '41', handle: 'marie_t', name: 'Marie Tremblay' },
      engagement: { likes: 0, replies: 0, views: 3 },
    });
    expect(r.mentions[1]).toMatchObject({ author: { handle: 'lgagnon' }, engagement: { replies: 2, views: 45 } });
    expect(r.hasMore).toBe(true);
    const r2 = await c.poll(r.cursor, signal);
    expect(srv.requests.at(-1)!.path).toBe('/latest.json?page=1&order=activity');
    expect(r2.hasMore).toBe(false);
    expect(JSON.parse(r2.cursor!).high).toBe(Date.parse('2026-01-05T12:10:00Z'));
    expect((await c.poll(r2.cursor, signal)).mentions).toEqual([]);
  });

  it('searches with order:latest and maps blurbs with the topic of each post', async () => {
    const r = await make(srv.base, { query: 'brio' }).poll(undefined, signal);
    expect(decodeURIComponent(srv.requests.at(-1)!.path.replace(/\+/g, ' '))).toBe('/search.json?q=brio order:latest');
    expect(r.mentions.map((m) => m.id)).toEqual([`${ns}:301/3`, `${ns}:301/1`]);
    expect(r.mentions[0]).toMatchObject({ text: 'Déjà essayé, ça ne change rien. Brio ne répond plus depuis ce matin.', engagement: { likes: 3 }, url: `${srv.base}/t/brio-fibre-panne-a-quebec/301/3` });
    expect(r.mentions[1]!.title).toBe('Brio Fibre : panne à Québec');
    expect(r.hasMore).toBe(false);
  });

  it('gives the same id to a post seen through /posts.json and /search.json', async () => {
    const a = await make(srv.base).poll(undefined, signal);
    const b = await make(srv.base, { query: 'brio' }).poll(undefined, signal);
    expect(a.mentions.map((m) => m.id)).toEqual(expect.arrayContaining(b.mentions.map((m) => m.id)));
  });
});

describe('discourse config', () => {
  it('fallbacks for what the OpenAPI does not document: no more_topics_url ends the walk, a `page` ignored by the forum ends it too', async () => {
    const latest = JSON.parse(fixture('latest.json')) as { topic_list: Record<string, unknown> };
    const s = await startFeedServer();
    const pages: Array<string | null> = [];
    try {
      // Without more_topics_url: one page, then done.
      const bare = { ...latest, topic_list: { ...latest.topic_list, more_topics_url: undefined } };
      s.route('/latest.json', { headers: JSON_TYPE, body: JSON.stringify(bare) });
      expect((await make(s.base, { mode: 'topics' }).poll(undefined, signal)).hasMore).toBe(false);
      // A forum that ignores `page` answers page 1, 2, ... with page 0 again.
      s.route('/latest.json', (req, res) => {
        pages.push(new URL(req.url!, s.base).searchParams.get('page'));
        res.writeHead(200, JSON_TYPE).end(fixture('latest.json'));
      });
      const c = make(s.base, { mode: 'topics' });
      let cursor: string | undefined;
      let r;
      for (let i = 0; i < 5; i++) {
        r = await c.poll(cursor, signal);
        cursor = r.cursor;
        if (!r.hasMore) break;
      }
      expect(pages).toEqual([null, '1']);
      expect(r!.hasMore).toBe(false);
      expect(JSON.parse(cursor!).scan).toBeUndefined();
      // Search: no grouped_search_result "more" flag means no next page; no topics array still maps posts.
      const search = JSON.parse(fixture('search.json')) as Record<string, unknown>;
      s.route('/search.json', { headers: JSON_TYPE, body: JSON.stringify({ ...search, topics: undefined, grouped_search_result: undefined }) });
      const sr = await make(s.base, { query: 'brio' }).poll(undefined, signal);
      expect(sr.hasMore).toBe(false);
      expect(sr.mentions).toHaveLength(2);
    } finally {
      await s.close();
    }
  });

  it('checks mode and query together, also when the loader dropped the refinement', () => {
    expect(discourseConfigSchema.safeParse({ url: 'https://f.example', mode: 'search' }).error!.issues[0]).toMatchObject({ path: ['query'], message: 'is required with mode "search"' });
    expect(discourseConfigSchema.safeParse({ url: 'https://f.example', mode: 'topics', query: 'x' }).success).toBe(false);
    expect(discourseConfigSchema.safeParse({ url: 'https://f.example', auth: { apiKey: 'k' } }).success).toBe(false);
    expect(() => discourse.create({ url: 'https://f.example', mode: 'search', timeout: 1000, maxBytes: 1000, allowPrivate: false, lookback: 1000 }, { logger: silentLogger(), clock: new FakeClock(), metrics: new Metrics() })).toThrow(/query is required/);
  });
});

describeBadAnswers('discourse', {
  path: '/posts.json',
  make: (base, over) => make(base, over),
  renamedWrapper: '{"posts":[]}',
  hugeBody: JSON.stringify({ latest_posts: Array.from({ length: 60 }, () => JSON.parse(fixture('posts-latest.json')).latest_posts[0]) }),
});
