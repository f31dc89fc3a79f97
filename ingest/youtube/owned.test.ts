import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { youtubeConfigSchema } from './config.ts';
import type { YoutubeConnector } from './connector.ts';
import { youtube } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const UNTIL_RESET = Date.parse('2026-01-06T08:00:00Z') - NOW;
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const CHANNEL = 'UCbrioQCchannel000000001';

let srv: FeedServer;
function threads(req: http.IncomingMessage, res: http.ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  res.writeHead(200, JSON_TYPE).end(fixture(q.get('allThreadsRelatedToChannelId') ? 'comment-threads-owned.json' : 'comment-threads.json'));
}
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route('/commentThreads', threads);
});

function make(over: Record<string, unknown> = {}) {
  const cfg = youtubeConfigSchema.parse({ apiKey: 'AIza-test-key', read: 'comments', videoId: 'aaaaaaaaaa1', baseUrl: srv.base, allowPrivate: true, ...over });
  const source = { ...cfg, name: 'yt-brio', kind: 'youtube', interval: 60_000, enabled: true };
  return { source, connector: youtube.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as YoutubeConnector };
}

describe('youtube: owned channels', () => {
  it('commentThreads.list on the channel with its replies, newest first, with the API key header', async () => {
    await make().connector.pollOwned(CHANNEL, undefined, signal);
    expect(Object.fromEntries(srv.queries('/commentThreads')[0]!)).toEqual({ part: 'snippet,replies', allThreadsRelatedToChannelId: CHANNEL, order: 'time', maxResults: '100', textFormat: 'html' });
    expect(srv.requests[0]!.headers['x-goog-api-key']).toBe('AIza-test-key');
  });

  it('through the runner: only the channel own replies, parent = the comment answered (as the comments source wrote it); re-reads drop what was emitted', async () => {
    const { source, connector } = make();
    const t = await ownedRunner(source, connector, { youtube: [CHANNEL] });
    await t.runner.runOnce();
    const out = t.published();
    const parent = out.find((m) => m.id === 'youtube:UgzThread0000000000001')!;
    const replies = out.filter((m) => m.author?.id === CHANNEL);
    expect(replies.map((m) => m.id)).toEqual(['youtube:UgzThread0000000000001.reply00002']);
    expect(replies[0]!.parentId).toBe(parent.id);
    expect(replies[0]!.threadId).toBe('youtube:aaaaaaaaaa1');
    expect(t.ownerOf(replies[0]!)).toBe('Brûlerie Boréale');
    expect(JSON.parse((await t.cursors.get(t.key(CHANNEL)))!)).toEqual({ seen: ['youtube:UgzThread0000000000001.reply00002'] });
    const before = t.published().length;
    await t.runner.runOnce();
    expect(t.published().filter((m) => m.author?.id === CHANNEL)).toHaveLength(1);
    expect(t.published().length).toBe(before);
  });

  it('owned reads spend the source daily quota: once it is used up, neither the source nor the owned read calls', async () => {
    const { connector } = make({ dailyQuota: 2 });
    const first = await connector.poll(undefined, signal);
    await connector.pollOwned(CHANNEL, undefined, signal);
    expect(srv.queries('/commentThreads')).toHaveLength(2);
    expect((await connector.pollOwned(CHANNEL, undefined, signal)).retryAfterMs).toBe(UNTIL_RESET);
    expect((await connector.poll(first.cursor, signal)).retryAfterMs).toBe(UNTIL_RESET);
    expect(srv.queries('/commentThreads')).toHaveLength(2);
  });

  it('a handle instead of a channel id is refused with the fix', async () => {
    await expect(make().connector.pollOwned('@BrioQuebec', undefined, signal)).rejects.toMatchObject({ code: 'ERR_OWNED_ACCOUNT_UNKNOWN', message: expect.stringContaining('channel id') });
  });
});
