import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { hackernewsConfigSchema } from './config.ts';
import type { HackernewsConnector, HackernewsCursor } from './connector.ts';
import { hackernews } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');

function make(base: string, over: Record<string, unknown> = {}, metrics = new Metrics()): HackernewsConnector {
  const cfg = hackernewsConfigSchema.parse({ query: 'brio', baseUrl: base, allowPrivate: true, hitsPerPage: 3, ...over });
  return hackernews.create({ ...cfg, name: 'hn-brio' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics }) as HackernewsConnector;
}

let srv: FeedServer;
const asked: URL[] = [];
beforeAll(async () => {
  srv = await startFeedServer();
  srv.route('/search_by_date', (req, res) => {
    const u = new URL(req.url!, srv.base);
    asked.push(u);
    res.writeHead(200, { 'content-type': 'application/json' }).end(fixture(`search-page-${u.searchParams.get('page')}.json`));
  });
});
afterAll(() => srv.close());

describe('hackernews connector', () => {
  it('maps stories and comments with their author, engagement, thread and parent', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    const q = asked.at(-1)!;
    expect(q.searchParams.get('query')).toBe('brio');
    expect(q.searchParams.get('tags')).toBe('(story,comment)');
    // First poll: one day back (lookback) minus the 10 min overlap.
    expect(q.searchParams.get('numericFilters')).toBe(`created_at_i>=${(NOW - 86_400_000) / 1000 - 600}`);
    expect(q.searchParams.get('page')).toBe('0');
    expect(r.mentions).toHaveLength(3);
    const [comment, story, bare] = r.mentions;
    expect(comment).toMatchObject({
      id: 'hackernews:46000003',
      source: { kind: 'hackernews', name: 'hn-brio' },
      url: 'https://news.ycombinator.com/item?id=46000003',
      publishedAt: '2026-01-05T12:00:00.000Z',
      fetchedAt: '2026-01-05T12:30:00.000Z',
      author: { id: 'mtl_dev', handle: 'mtl_dev', url: 'https://news.ycombinator.com/user?id=mtl_dev' },
      parentId: 'hackernews:46000002',
      threadId: 'hackernews:46000001',
    });
    expect(comment!.title).toBeUndefined();
    expect(comment!.text).toBe("We moved off Brio Cloud last year.\nSupport took 3 days to answer & the outage wasn't on their status page: https://status.brio.example");
    expect(story).toMatchObject({ id: 'hackernews:46000002', title: 'Ask HN: Brio Cloud latency in Montréal?', text: 'Is anyone else seeing Brio latency in Montréal today?', engagement: { likes: 12, replies: 1 } });
    expect(story!.parentId).toBeUndefined();
    expect(story!.threadId).toBeUndefined();
    // A link story without text or points: the title is the text, counts stay unknown.
    expect(bare).toMatchObject({ id: 'hackernews:46000004', text: 'Brio pricing page (2026)', engagement: {} });
    expect(r.hasMore).toBe(true);
    expect(JSON.parse(r.cursor!).scan).toEqual({ top: 1767614400, high: 1767614400, page: 1 });
  });

  it('pages a window with a fixed upper bound, skips broken hits with a count, then moves the cursor', async () => {
    const metrics = new Metrics();
    const c = make(srv.base, {}, metrics);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    const q = asked.at(-1)!;
    expect(q.searchParams.get('page')).toBe('1');
    expect(q.searchParams.get('numericFilters')).toMatch(/,created_at_i<=1767614400$/);
    // The renamed objectID and the negative date are skipped; the good story goes through.
    expect(p2.mentions.map((m) => m.id)).toEqual(['hackernews:46000001']);
    expect(p2.mentions[0]).toMatchObject({ engagement: { likes: 231, replies: 58 }, text: 'Brio Cloud outage post-mortem' });
    expect((await metrics.registry.getSingleMetricAsString('vigie_mentions_dropped_total'))).toMatch(/component="hackernews",reason="unmappable"} 2/);
    expect(p2.hasMore).toBe(false);
    const cur = JSON.parse(p2.cursor!) as HackernewsCursor;
    expect(cur.since).toBe(1767614400);
    expect(cur.scan).toBeUndefined();

    // The next poll re-reads the overlap; everything in it was seen, so nothing is emitted twice.
    const p3 = await c.poll(p2.cursor, signal);
    expect(asked.at(-1)!.searchParams.get('numericFilters')).toBe(`created_at_i>=${1767614400 - 600}`);
    expect(p3.mentions).toEqual([]);
  });

  it('narrows the window instead of paging past the 1000 hits Algolia serves', async () => {
    const c = make(srv.base, { hitsPerPage: 500 });
    const cursor: HackernewsCursor = { since: 1767600000, seen: [], scan: { top: 1767620000, high: 1767620000, page: 1 } };
    srv.route('/search_by_date', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...JSON.parse(fixture('search-page-1.json')), nbPages: 5 }) });
    const r = await c.poll(JSON.stringify(cursor), signal);
    expect(JSON.parse(r.cursor!).scan).toEqual({ top: 1767610800, high: 1767620000, page: 0 });
    expect(r.hasMore).toBe(true);
    srv.route('/search_by_date', { headers: { 'content-type': 'application/json' }, body: '{"hits":[],"nbPages":0,"page":0}' });
    const done = await c.poll(r.cursor, signal);
    expect(JSON.parse(done.cursor!)).toMatchObject({ since: 1767620000 });
    expect(done.hasMore).toBe(false);
  });

  it('backfills a time range newest first, with progress and a total', async () => {
    srv.route('/search_by_date', (req, res) => {
      const u = new URL(req.url!, srv.base);
      asked.push(u);
      res.writeHead(200, { 'content-type': 'application/json' }).end(fixture(`search-page-${u.searchParams.get('page')}.json`));
    });
    const c = make(srv.base);
    const range = { sinceMs: Date.parse('2026-01-05T10:00:00Z'), untilMs: Date.parse('2026-01-05T12:00:00Z') };
    const b1 = await c.backfill(range, undefined, signal);
    expect(asked.at(-1)!.searchParams.get('numericFilters')).toBe('created_at_i>=1767607200,created_at_i<=1767614399');
    expect(b1).toMatchObject({ hasMore: true, total: 6, reachedMs: Date.parse('2026-01-05T11:15:00Z') });
    expect(b1.mentions).toHaveLength(3);
    const b2 = await c.backfill(range, b1.cursor, signal);
    expect(asked.at(-1)!.searchParams.get('page')).toBe('1');
    expect(b2.mentions.map((m) => m.id)).toEqual(['hackernews:46000001']);
    expect(b2).toMatchObject({ hasMore: false, reachedMs: Date.parse('2026-01-05T11:00:00Z') });
    expect(b2.total).toBeUndefined();
  });

  it('starts over from the lookback when the saved cursor is corrupt or of another shape', async () => {
    srv.route('/search_by_date', { headers: { 'content-type': 'application/json' }, body: '{"hits":[],"nbPages":0,"page":0}' });
    for (const bad of ['{oops', '{"since":"yesterday"}']) {
      const r = await make(srv.base).poll(bad, signal);
      expect(JSON.parse(r.cursor!).since).toBe((NOW - 86_400_000) / 1000);
    }
  });

  it('rejects a config without query, with unknown keys or a bad base URL', () => {
    expect(hackernewsConfigSchema.safeParse({}).success).toBe(false);
    expect(hackernewsConfigSchema.safeParse({ query: 'x', colour: 1 }).success).toBe(false);
    expect(hackernewsConfigSchema.safeParse({ query: 'x', baseUrl: 'hn.algolia.com' }).error!.issues[0]!.message).toMatch(/absolute http/);
  });
});

describeBadAnswers('hackernews', {
  path: '/search_by_date',
  make: (base, over) => make(base, over),
  renamedWrapper: '{"results":[],"nbPages":0}',
  hugeBody: JSON.stringify({ hits: Array.from({ length: 400 }, () => JSON.parse(fixture('search-page-0.json')).hits[0]), nbPages: 1, page: 0 }),
});
