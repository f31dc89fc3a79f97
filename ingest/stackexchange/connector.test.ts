import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { stackexchangeConfigSchema } from './config.ts';
import type { StackexchangeConnector, StackexchangeCursor } from './connector.ts';
import { stackexchange } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');

function make(base: string, over: Record<string, unknown> = {}, metrics = new Metrics()): StackexchangeConnector {
  const cfg = stackexchangeConfigSchema.parse({ site: 'stackoverflow', query: 'brio', key: 'k3y-value', baseUrl: base, allowPrivate: true, pageSize: 3, ...over });
  return stackexchange.create({ ...cfg, name: 'so-brio' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics }) as StackexchangeConnector;
}

let srv: FeedServer;
const asked: URL[] = [];
beforeAll(async () => {
  srv = await startFeedServer();
  srv.route('/search/advanced', (req, res) => {
    const u = new URL(req.url!, srv.base);
    asked.push(u);
    // The API always compresses its answers.
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip' }).end(zlib.gzipSync(fixture(`search-advanced-page-${u.searchParams.get('page')}.json`)));
  });
});
afterAll(() => srv.close());

describe('stackexchange connector', () => {
  it('asks for new questions in creation order and maps them (gzip answer)', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    const q = asked.at(-1)!;
    expect(Object.fromEntries(q.searchParams)).toEqual({
      site: 'stackoverflow', q: 'brio', fromdate: String((NOW - 86_400_000) / 1000 - 600), sort: 'creation', order: 'asc', filter: 'withbody', pagesize: '3', page: '1', key: 'k3y-value',
    });
    expect(r.mentions).toHaveLength(2);
    expect(r.mentions[0]).toMatchObject({
      id: 'stackexchange:stackoverflow:q79000010',
      source: { kind: 'stackexchange', name: 'so-brio' },
      url: 'https://stackoverflow.com/questions/79000010/brio-cloud-oauth-token-expires-after-5-minutes',
      publishedAt: '2026-01-05T11:00:00.000Z',
      title: 'Brio Cloud OAuth token expires after 5 minutes & refresh fails',
      author: { id: '7200001', name: 'François L.', url: 'https://stackoverflow.com/users/7200001/francois-l' },
      engagement: { likes: 4, replies: 2, views: 311 },
    });
    expect(r.mentions[0]!.text).toBe("I call the Brio Cloud API with a client-credentials token.\ncurl -H 'Authorization: Bearer …'\nAfter 5 minutes I get 401.");
    // A deleted account has a name but no id; a negative score is left unknown.
    expect(r.mentions[1]).toMatchObject({ author: { name: 'user4242' }, engagement: { replies: 0, views: 17 } });
    expect(r.mentions[1]!.author!.id).toBeUndefined();
    expect(r.mentions[1]!.engagement!.likes).toBeUndefined();
    expect(r.hasMore).toBe(true);
    expect(r.retryAfterMs).toBeUndefined();
  });

  it('pages, honours backoff, skips broken items with a count, and moves the window', async () => {
    const metrics = new Metrics();
    const c = make(srv.base, {}, metrics);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    expect(asked.at(-1)!.searchParams.get('page')).toBe('2');
    expect(asked.at(-1)!.searchParams.get('fromdate')).toBe(asked.at(-2)!.searchParams.get('fromdate'));
    expect(p2.mentions.map((m) => m.id)).toEqual(['stackexchange:stackoverflow:q79000030']);
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_dropped_total')).toMatch(/component="stackexchange",reason="unmappable"} 2/);
    expect(p2.retryAfterMs).toBe(10_000);
    expect(p2.hasMore).toBe(false);
    const cur = JSON.parse(p2.cursor!) as StackexchangeCursor;
    expect(cur).toMatchObject({ since: 1767614400 });
    expect(cur.scan).toBeUndefined();
    const p3 = await c.poll(p2.cursor, signal);
    expect(asked.at(-1)!.searchParams.get('fromdate')).toBe(String(1767614400 - 600));
    // Page 1 again (same fixture): all already seen.
    expect(p3.mentions).toEqual([]);
  });

  it('does not follow the next page at once when the platform asked for a backoff', async () => {
    srv.route('/search/advanced', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...JSON.parse(fixture('search-advanced-page-1.json')), backoff: 30 }) });
    const r = await make(srv.base).poll(undefined, signal);
    expect(r).toMatchObject({ retryAfterMs: 30_000, hasMore: false });
    expect(JSON.parse(r.cursor!).scan).toMatchObject({ page: 2 });
  });

  it('waits for the daily reset (UTC midnight) when the quota is used up', async () => {
    srv.route('/search/advanced', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...JSON.parse(fixture('search-advanced-page-2.json')), backoff: undefined, quota_remaining: 0 }) });
    const r = await make(srv.base).poll(undefined, signal);
    expect(r.retryAfterMs).toBe(Date.parse('2026-01-06T00:00:00Z') - NOW);
  });

  it('reads a throttle_violation in an HTTP 400 as a rate limit with its wait', async () => {
    srv.route('/search/advanced', { status: 400, headers: { 'content-type': 'application/json' }, body: fixture('throttle-violation.json') });
    const e = await pollError(make(srv.base));
    expect(e).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retriable: true, retryAfterMs: 3_600_000 });
    // The key never appears in an error message.
    expect(e.message).not.toContain('k3y-value');
    srv.route('/search/advanced', { status: 400, headers: { 'content-type': 'application/json' }, body: '{"error_id":400,"error_name":"bad_parameter","error_message":"site is required"}' });
    expect(await pollError(make(srv.base))).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: false });
  });

  it('backfills a fixed range newest first, page by page', async () => {
    srv.route('/search/advanced', (req, res) => {
      const u = new URL(req.url!, srv.base);
      asked.push(u);
      res.writeHead(200, { 'content-type': 'application/json' }).end(fixture(`search-advanced-page-${u.searchParams.get('page')}.json`));
    });
    const c = make(srv.base);
    const range = { sinceMs: Date.parse('2026-01-05T00:00:00Z'), untilMs: Date.parse('2026-01-06T00:00:00Z') };
    const b1 = await c.backfill(range, undefined, signal);
    expect(Object.fromEntries(asked.at(-1)!.searchParams)).toMatchObject({ fromdate: '1767571200', todate: '1767657599', order: 'desc', sort: 'creation', page: '1' });
    expect(b1).toMatchObject({ hasMore: true, reachedMs: Date.parse('2026-01-05T11:00:00Z') });
    const b2 = await c.backfill(range, b1.cursor, signal);
    expect(asked.at(-1)!.searchParams.get('page')).toBe('2');
    // The last page ends the range even though the platform asks for a backoff.
    expect(b2).toMatchObject({ hasMore: false, retryAfterMs: 10_000 });
  });

  it('declares the language of the localized Stack Overflows', async () => {
    srv.route('/search/advanced', { headers: { 'content-type': 'application/json' }, body: fixture('search-advanced-page-1.json') });
    const r = await make(srv.base, { site: 'pt.stackoverflow' }).poll(undefined, signal);
    expect(r.mentions[0]).toMatchObject({ id: 'stackexchange:pt.stackoverflow:q79000010', lang: 'pt' });
  });

  it('validates its config', () => {
    expect(stackexchangeConfigSchema.safeParse({ site: 'Stack Overflow', query: 'x' }).error!.issues[0]!.message).toMatch(/site name/);
    expect(stackexchangeConfigSchema.safeParse({ site: 'stackoverflow' }).success).toBe(false);
    expect(stackexchangeConfigSchema.safeParse({ site: 'stackoverflow', query: 'x', pageSize: 500 }).success).toBe(false);
  });
});

describeBadAnswers('stackexchange', {
  path: '/search/advanced',
  make: (base, over) => make(base, over),
  renamedWrapper: '{"data":[],"has_more":false,"quota_remaining":100}',
  hugeBody: JSON.stringify({ items: Array.from({ length: 150 }, () => JSON.parse(fixture('search-advanced-page-1.json')).items[0]), has_more: false }),
});
