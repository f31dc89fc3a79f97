import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { facebookConfigSchema, instagramConfigSchema } from './config.ts';
import type { FacebookConnector } from './facebook.ts';
import type { InstagramConnector } from './instagram.ts';
import { facebook, instagram } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const PAGE = '104000000000001';
const RIVAL = '200000000000001';
const IG = '17841400000000001';
const ctx = () => ({ logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() });

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route(`/v21.0/${PAGE}/posts`, { headers: JSON_TYPE, body: fixture('facebook/posts.json') });
  srv.route(`/v21.0/${RIVAL}/posts`, { headers: JSON_TYPE, body: '{"data":[]}' });
  srv.route('/v21.0/104000000000001_900000000000003/comments', { headers: JSON_TYPE, body: fixture('facebook/owned-comments.json') });
  srv.route(`/v21.0/${IG}/media`, { headers: { ...JSON_TYPE, 'x-app-usage': '{"call_count":12,"total_cputime":3,"total_time":4}' }, body: fixture('instagram/owned-media.json') });
  srv.route('/v21.0/17900000000000101/comments', { headers: JSON_TYPE, body: fixture('instagram/media-comments.json') });
});

function fb(pageId: string) {
  const cfg = facebookConfigSchema.parse({ pageId, accessToken: 'EAAB-page-token', baseUrl: srv.base, allowPrivate: true, commentsOnLatest: 1 });
  const source = { ...cfg, name: 'fb-watch', kind: 'facebook', interval: 60_000, enabled: true };
  return { source, connector: facebook.create(source, ctx()) as FacebookConnector };
}
function ig(over: Record<string, unknown> = {}) {
  const cfg = instagramConfigSchema.parse({ userId: IG, hashtag: 'briotelecom', accessToken: 'IGQ-token', baseUrl: srv.base, allowPrivate: true, ...over });
  const source = { ...cfg, name: 'ig-watch', kind: 'instagram', interval: 60_000, enabled: true };
  return { source, connector: instagram.create(source, ctx()) as InstagramConnector };
}

describe('facebook: owned Pages', () => {
  it('the source own Page costs nothing more: its poll already reads the Page replies', async () => {
    expect(await fb(PAGE).connector.pollOwned(PAGE, undefined, signal)).toEqual({ mentions: [], cursor: undefined });
    expect(srv.requests).toHaveLength(0);
  });

  it('another owned Page: its posts, then the comments of its latest post with the Page reply (from = Page, parent = the comment), with the token', async () => {
    const { source, connector } = fb(RIVAL);
    const t = await ownedRunner(source, connector, { facebook: [PAGE] });
    await t.runner.runOnce();
    const paths = srv.requests.map((r) => r.path.split('?')[0]);
    expect(paths).toEqual(expect.arrayContaining([`/v21.0/${RIVAL}/posts`, `/v21.0/${PAGE}/posts`, '/v21.0/104000000000001_900000000000003/comments']));
    expect(srv.requests.every((r) => r.headers.authorization === 'Bearer EAAB-page-token')).toBe(true);
    const comments = new URL(srv.requests.find((r) => r.path.includes('/comments'))!.path, srv.base).searchParams;
    expect(comments.get('filter')).toBe('stream');
    const out = t.published();
    const reply = out.find((m) => m.id === 'facebook:900000000000003_500000000000012')!;
    const parent = out.find((m) => m.id === 'facebook:900000000000003_500000000000011')!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.threadId).toBe('facebook:104000000000001_900000000000003');
    expect(reply.author?.id).toBe(PAGE);
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    expect(t.ownerOf(parent)).toBeUndefined();
    expect(JSON.parse((await t.cursors.get(t.key(PAGE)))!).commentsSeen).toContain(reply.id);
  });
});

describe('instagram: owned business accounts', () => {
  it('latest media, then comments with replies of the media that have comments; the reply answers the comment and is the account own', async () => {
    const { source, connector } = ig({ ownedMedia: 2 });
    srv.route('/v21.0/ig_hashtag_search', { headers: JSON_TYPE, body: fixture('instagram/hashtag-search.json') });
    srv.route('/v21.0/17843853986012965/recent_media', { headers: JSON_TYPE, body: '{"data":[]}' });
    const t = await ownedRunner(source, connector, { instagram: [IG] });
    await t.runner.runOnce();
    const media = new URL(srv.requests.find((r) => r.path.startsWith(`/v21.0/${IG}/media`))!.path, srv.base).searchParams;
    expect(media.get('limit')).toBe('2');
    expect(media.get('fields')).toContain('comments_count');
    const comments = srv.requests.filter((r) => r.path.includes('/comments'));
    expect(comments.map((r) => r.path.split('?')[0])).toEqual(['/v21.0/17900000000000101/comments']);
    expect(new URL(comments[0]!.path, srv.base).searchParams.get('fields')).toContain('replies{');
    const out = t.published();
    const reply = out.find((m) => m.id === 'instagram:17870000000000202')!;
    const question = out.find((m) => m.id === 'instagram:17870000000000201')!;
    expect(reply.parentId).toBe(question.id);
    expect(question.parentId).toBe('instagram:17900000000000101');
    expect(reply.author).toMatchObject({ id: IG, handle: 'briotelecom' });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    expect(t.ownerOf(out.find((m) => m.id === 'instagram:17900000000000101')!)).toBe('Brûlerie Boréale');
    expect(t.ownerOf(question)).toBeUndefined();
    const before = out.length;
    await t.runner.runOnce();
    expect(t.published()).toHaveLength(before);
  });

  it('Graph usage near the limit pauses the read before the comments calls', async () => {
    srv.route(`/v21.0/${IG}/media`, { headers: { ...JSON_TYPE, 'x-app-usage': '{"call_count":96,"total_cputime":3,"total_time":4}' }, body: fixture('instagram/owned-media.json') });
    const r = await ig().connector.pollOwned(IG, undefined, signal);
    expect(r.retryAfterMs).toBeGreaterThan(0);
    expect(srv.requests.filter((q) => q.path.includes('/comments'))).toHaveLength(0);
  });
});
