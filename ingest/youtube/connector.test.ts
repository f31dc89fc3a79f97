import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { youtubeConfigSchema } from './config.ts';
import type { YoutubeConnector, YoutubeCursor } from './connector.ts';
import { youtube } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const UNTIL_RESET = Date.parse('2026-01-06T08:00:00Z') - NOW;

function make(base: string, over: Record<string, unknown> = {}, clock = new FakeClock(NOW)): YoutubeConnector {
  const cfg = youtubeConfigSchema.parse({ apiKey: 'AIza-test-key', query: 'brio', baseUrl: base, allowPrivate: true, ...over });
  return youtube.create({ ...cfg, name: 'yt-brio' }, { logger: silentLogger(), clock, metrics: new Metrics() }) as YoutubeConnector;
}

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
  srv.route('/search', (req, res) => {
    const token = new URL(req.url!, srv.base).searchParams.get('pageToken');
    res.writeHead(200, JSON_TYPE).end(fixture(token === 'CAIQAA' ? 'search-page-2.json' : 'search.json'));
  });
  srv.route('/videos', { headers: JSON_TYPE, body: fixture('videos.json') });
  srv.route('/commentThreads', { headers: JSON_TYPE, body: fixture('comment-threads.json') });
});
afterAll(() => srv.close());
const lastQuery = (path: string) => {
  const r = [...srv.requests].reverse().find((q) => q.path.startsWith(path))!;
  return { params: Object.fromEntries(new URL(r.path, srv.base).searchParams), headers: r.headers };
};

describe('youtube connector: videos', () => {
  it('searches by date, completes with videos.list, and maps statistics, language and location', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    const search = lastQuery('/search');
    expect(search.params).toMatchObject({ part: 'snippet', type: 'video', order: 'date', q: 'brio', publishedAfter: '2026-01-04T12:20:00.000Z' });
    // The key travels in a header, never in a URL that could be logged.
    expect(search.headers['x-goog-api-key']).toBe('AIza-test-key');
    expect(search.params.key).toBeUndefined();
    expect(lastQuery('/videos').params).toEqual({ part: 'snippet,statistics,recordingDetails', id: 'aaaaaaaaaa1,aaaaaaaaaa2' });
    expect(r.mentions.map((m) => m.id)).toEqual(['youtube:aaaaaaaaaa1', 'youtube:aaaaaaaaaa2']);
    expect(r.mentions[0]).toMatchObject({
      source: { kind: 'youtube', name: 'yt-brio' },
      url: 'https://www.youtube.com/watch?v=aaaaaaaaaa1',
      publishedAt: '2026-01-05T12:00:00.000Z',
      title: "Test du forfait Brio Fibre 1 Gb/s : ça vaut l'argent ?",
      text: 'Je teste la fibre de Brio pendant un mois.\nRésultat : 940 Mb/s en moyenne.',
      author: { id: 'UCbrioQCchannel000000001', name: 'Techno Québec', url: 'https://www.youtube.com/channel/UCbrioQCchannel000000001' },
      engagement: { likes: 812, replies: 96, views: 15230 },
      lang: 'fr',
      geo: { lat: 46.8139, lon: -71.208, place: 'Québec, QC' },
    });
    expect(r.mentions[1]).toMatchObject({ lang: 'en', engagement: { views: 301, replies: 4 } });
    expect(r.mentions[1]!.geo).toBeUndefined();
    expect(r.hasMore).toBe(true);
    // search.list counts one call in its own bucket; videos.list one unit in the shared one.
    expect(JSON.parse(r.cursor!)).toMatchObject({ quota: { day: '2026-01-05', used: 1, searches: 1 }, videos: { scan: { next: 'CAIQAA' } } });
  });

  it('pages with pageToken, maps a result without videos.list details, skips a bad date, then moves the window', async () => {
    const c = make(srv.base);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    expect(lastQuery('/search').params).toMatchObject({ pageToken: 'CAIQAA', publishedAfter: '2026-01-04T12:20:00.000Z' });
    // videos.list does not know aaaaaaaaaa3: the search snippet alone is used.
    expect(p2.mentions.map((m) => m.id)).toEqual(['youtube:aaaaaaaaaa3']);
    expect(p2.mentions[0]).toMatchObject({ text: 'Brio unboxing', engagement: {} });
    expect(p2.hasMore).toBe(false);
    const cur = JSON.parse(p2.cursor!) as YoutubeCursor;
    expect(cur.videos).toMatchObject({ since: Date.parse('2026-01-05T12:00:00Z') });
    expect(cur.quota).toMatchObject({ used: 2, searches: 2 });
    const p3 = await c.poll(p2.cursor, signal);
    expect(lastQuery('/search').params.publishedAfter).toBe('2026-01-05T11:50:00.000Z');
    expect(p3.mentions).toEqual([]);
  });

  it('search.list has its own bucket of calls: stops at dailySearches and waits for the Pacific-midnight reset; a new day starts over', async () => {
    const clock = new FakeClock(NOW);
    const c = make(srv.base, { dailySearches: 100 });
    const before = srv.requests.length;
    const spent = JSON.stringify({ quota: { day: '2026-01-05', used: 60, searches: 100 } });
    const r = await c.poll(spent, signal);
    expect(srv.requests.length).toBe(before);
    expect(r).toMatchObject({ mentions: [], retryAfterMs: UNTIL_RESET, hasMore: false });
    expect(JSON.parse(r.cursor!).quota).toEqual({ day: '2026-01-05', used: 60, searches: 100 });
    // Yesterday's calls do not count.
    const c2 = make(srv.base, {}, clock);
    clock.advance(86_400_000);
    const r2 = await c2.poll(spent, signal);
    expect(r2.mentions.length).toBeGreaterThan(0);
    expect(JSON.parse(r2.cursor!).quota).toEqual({ day: '2026-01-06', used: 1, searches: 1 });
  });

  it('a search costs no units of the shared bucket: 99 searches left and 150 units spent still search', async () => {
    // Under the old model (100 units a search) a 200-unit budget with 150 spent could not search.
    const r = await make(srv.base, { dailyQuota: 200 }).poll(JSON.stringify({ quota: { day: '2026-01-05', used: 150, searches: 1 } }), signal);
    expect(r.mentions.length).toBeGreaterThan(0);
    expect(JSON.parse(r.cursor!).quota).toEqual({ day: '2026-01-05', used: 151, searches: 2 });
    // With the shared units spent, search.list still runs but videos.list is skipped: no statistics.
    const r3 = await make(srv.base, { dailyQuota: 150 }).poll(JSON.stringify({ quota: { day: '2026-01-05', used: 150, searches: 0 } }), signal);
    expect(JSON.parse(r3.cursor!).quota).toEqual({ day: '2026-01-05', used: 150, searches: 1 });
    expect(r3.mentions[0]!.engagement).toEqual({});
  });

  it('reads quotaExceeded as a rate limit until the reset, and names other reasons', async () => {
    const s = await startFeedServer({ '/search': { status: 403, headers: JSON_TYPE, body: fixture('quota-exceeded.json') }, '/commentThreads': { status: 403, headers: JSON_TYPE, body: fixture('comments-disabled.json') } });
    expect(await pollError(make(s.base))).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retryAfterMs: UNTIL_RESET });
    const e = await pollError(make(s.base, { read: 'comments', query: undefined, videoId: 'aaaaaaaaaa1' }));
    expect(e).toMatchObject({ code: 'ERR_FETCH_HTTP', retriable: false, details: { reason: 'commentsDisabled' } });
    await s.close();
  });
});

describe('youtube connector: comments', () => {
  it('maps comment threads and their embedded replies, one unit per call', async () => {
    const r = await make(srv.base, { read: 'comments', query: undefined, videoId: 'aaaaaaaaaa1' }).poll(undefined, signal);
    expect(lastQuery('/commentThreads').params).toMatchObject({ part: 'snippet,replies', order: 'time', videoId: 'aaaaaaaaaa1', textFormat: 'html' });
    expect(r.mentions.map((m) => m.id)).toEqual(['youtube:UgzThread0000000000001', 'youtube:UgzThread0000000000001.reply00001', 'youtube:UgzThread0000000000002']);
    expect(r.mentions[0]).toMatchObject({
      url: 'https://www.youtube.com/watch?v=aaaaaaaaaa1&lc=UgzThread0000000000001',
      text: "J'ai eu la même vitesse chez Brio.\nMais le support est lent.",
      author: { id: 'UCsylvie000000000000000001', handle: 'sylvie_qc', name: '@sylvie_qc', url: 'http://www.youtube.com/@sylvie_qc' },
      engagement: { likes: 14, replies: 1 },
      parentId: 'youtube:aaaaaaaaaa1',
      threadId: 'youtube:aaaaaaaaaa1',
    });
    expect(r.mentions[1]).toMatchObject({ parentId: 'youtube:UgzThread0000000000001', threadId: 'youtube:aaaaaaaaaa1', author: { handle: 'marc' } });
    expect(r.mentions[2]!.author).toMatchObject({ name: 'Old Style Name' });
    expect(r.mentions[2]!.author!.handle).toBeUndefined();
    expect(JSON.parse(r.cursor!).quota.used).toBe(1);
    // Polled again: the same threads are known.
    expect((await make(srv.base, { read: 'comments', query: undefined, videoId: 'aaaaaaaaaa1' }).poll(r.cursor, signal)).mentions).toEqual([]);
  });

  it('uses allThreadsRelatedToChannelId for a channel', async () => {
    await make(srv.base, { read: 'comments', query: undefined, channelId: 'UCbrioQCchannel000000001' }).poll(undefined, signal);
    expect(lastQuery('/commentThreads').params).toMatchObject({ allThreadsRelatedToChannelId: 'UCbrioQCchannel000000001' });
  });

  it('validates its config', () => {
    expect(youtubeConfigSchema.safeParse({ apiKey: 'k' }).error!.issues[0]!.message).toMatch(/query or a channelId/);
    expect(youtubeConfigSchema.safeParse({ apiKey: 'k', read: 'comments', videoId: 'aaaaaaaaaa1', channelId: 'UCbrioQCchannel000000001' }).success).toBe(false);
    expect(youtubeConfigSchema.safeParse({ apiKey: 'k', read: 'comments', videoId: 'short' }).success).toBe(false);
    expect(youtubeConfigSchema.safeParse({ query: 'x' }).success).toBe(false);
  });
});

describeBadAnswers('youtube', {
  path: '/search',
  make: (base, over) => make(base, over),
  renamedWrapper: '{"kind":"youtube#searchListResponse","results":[]}',
  hugeBody: JSON.stringify({ kind: 'youtube#searchListResponse', items: Array.from({ length: 200 }, () => JSON.parse(fixture('search.json')).items[0]) }),
});
