import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { instagramConfigSchema } from './config.ts';
import { instagram } from './index.ts';
import type { InstagramConnector } from './instagram.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/instagram/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const TAG = '17841593698074073';

function make(base: string, over: Record<string, unknown> = {}): InstagramConnector {
  const cfg = instagramConfigSchema.parse({ userId: '17841400000000001', hashtag: 'briotelecom', accessToken: 'IGQ-token', baseUrl: base, allowPrivate: true, ...over });
  return instagram.create({ ...cfg, name: 'ig-brio' }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as InstagramConnector;
}

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer({
    '/v21.0/ig_hashtag_search': { headers: JSON_TYPE, body: fixture('hashtag-search.json') },
    [`/v21.0/${TAG}/recent_media`]: { headers: JSON_TYPE, body: fixture('recent-media.json') },
  });
});
afterAll(() => srv.close());

describe('instagram connector', () => {
  it('looks the hashtag up once, then reads its recent media', async () => {
    const c = make(srv.base);
    const r = await c.poll(undefined, signal);
    const paths = srv.requests.map((q) => new URL(q.path, srv.base));
    expect(Object.fromEntries(paths[0]!.searchParams)).toEqual({ user_id: '17841400000000001', q: 'briotelecom' });
    expect(paths[1]!.pathname).toBe(`/v21.0/${TAG}/recent_media`);
    expect(paths[1]!.searchParams.get('fields')).toBe('id,caption,media_type,permalink,timestamp,like_count,comments_count');
    // The media without timestamp is skipped; the others go through.
    expect(r.mentions.map((m) => m.id)).toEqual(['instagram:18030000000000002', 'instagram:18030000000000001']);
    expect(r.mentions[0]).toMatchObject({
      source: { kind: 'instagram', name: 'ig-brio', url: 'https://www.instagram.com/explore/tags/briotelecom/' },
      url: 'https://www.instagram.com/p/C0aaaaaaaa2/',
      publishedAt: '2026-01-05T12:05:00.000Z',
      text: 'Enfin la fibre 🎉 #briotelecom #quebec',
      engagement: { likes: 31, replies: 2 },
    });
    // Hidden like count and no caption.
    expect(r.mentions[1]).toMatchObject({ text: '', engagement: { replies: 0 } });
    expect(r.mentions[1]!.engagement!.likes).toBeUndefined();
    const cur = JSON.parse(r.cursor!);
    expect(cur.hashtagId).toBe(TAG);
    // No paging.next: the walk ends even with an after cursor.
    expect(r.hasMore).toBe(false);
    const before = srv.requests.length;
    const again = await c.poll(r.cursor, signal);
    expect(srv.requests.length).toBe(before + 1);
    expect(again.mentions).toEqual([]);
  });

  it('says so when the hashtag is unknown', async () => {
    const s = await startFeedServer({ '/v21.0/ig_hashtag_search': { headers: JSON_TYPE, body: '{"data":[]}' } });
    expect(await pollError(make(s.base))).toMatchObject({ code: 'ERR_CONNECTOR_SCHEMA', message: expect.stringMatching(/#briotelecom/) });
    await s.close();
  });

  it('validates its config', () => {
    expect(instagramConfigSchema.safeParse({ userId: '1', hashtag: '#brio', accessToken: 't' }).error!.issues[0]!.message).toMatch(/without "#"/);
    expect(instagramConfigSchema.safeParse({ userId: '1', hashtag: 'québec', accessToken: 't' }).success).toBe(true);
  });
});

describe('instagram: recent_media is not in chronological order', () => {
  const media = (id: string, iso: string) => ({ id, caption: `#briotelecom ${id}`, media_type: 'IMAGE', permalink: `https://www.instagram.com/p/${id}/`, timestamp: iso, like_count: 1, comments_count: 0 });
  it('reads the whole 24-hour window every poll and emits each media once, whatever the order', async () => {
    const s = await startFeedServer({ '/v21.0/ig_hashtag_search': { headers: JSON_TYPE, body: fixture('hashtag-search.json') } });
    let answers: Array<Record<string, unknown>> = [];
    const calls: Array<string | null> = [];
    s.route(`/v21.0/${TAG}/recent_media`, (req, res) => {
      const after = new URL(req.url!, s.base).searchParams.get('after');
      calls.push(after);
      // Meta documents that the after cursor may be the same on every page: pages go by call order.
      const page = answers[calls.length - 1] ?? { data: [] };
      res.writeHead(200, JSON_TYPE).end(JSON.stringify(page));
    });
    try {
      const c = make(s.base);
      answers = [{ data: [media('m-a', '2026-01-05T12:00:00+0000')] }];
      const first = await c.poll(undefined, signal);
      expect(first.mentions.map((m) => m.id)).toEqual(['instagram:m-a']);
      // Next poll: a newer media, then one published before m-a but served only now, on two pages
      // with the same after cursor; then a repeat and a media older than 24 hours.
      calls.length = 0;
      answers = [
        { data: [media('m-c', '2026-01-05T12:20:00+0000'), media('m-b', '2026-01-05T11:50:00+0000')], paging: { cursors: { after: 'SAME' }, next: `${s.base}/v21.0/${TAG}/recent_media?after=SAME` } },
        { data: [media('m-a', '2026-01-05T12:00:00+0000'), media('m-d', '2026-01-05T09:15:00+0000'), media('m-old', '2026-01-04T10:00:00+0000')], paging: { cursors: { after: 'SAME' }, next: `${s.base}/v21.0/${TAG}/recent_media?after=SAME` } },
        { data: [media('m-d', '2026-01-05T09:15:00+0000')], paging: { cursors: { after: 'SAME' }, next: `${s.base}/v21.0/${TAG}/recent_media?after=SAME` } },
      ];
      const second = await c.poll(first.cursor, signal);
      expect(second.mentions.map((m) => m.id).sort()).toEqual(['instagram:m-b', 'instagram:m-c', 'instagram:m-d']);
      // The third page brought nothing new: the walk stopped there instead of looping on "SAME".
      expect(calls).toEqual([null, 'SAME', 'SAME']);
      expect(second.hasMore).toBe(false);
    } finally {
      await s.close();
    }
  });
});

describeBadAnswers('instagram', {
  path: `/v21.0/${TAG}/recent_media`,
  routes: { '/v21.0/ig_hashtag_search': fixture('hashtag-search.json') },
  make: (base, over) => make(base, over),
  renamedWrapper: '{"media":[]}',
  hugeBody: JSON.stringify({ data: Array.from({ length: 400 }, () => JSON.parse(fixture('recent-media.json')).data[0]) }),
});
