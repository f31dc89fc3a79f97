import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { xConfigSchema } from './config.ts';
import type { XConnector } from './connector.ts';
import { x } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = { 'content-type': 'application/json' };
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:00:00Z');
const TOKEN = '7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4';

let srv: FeedServer;
/** The user timeline: page 1, then (pagination_token) page 2; after since_id, nothing new. */
function timeline(req: http.IncomingMessage, res: http.ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  if (q.get('since_id') && !q.get('pagination_token')) return res.writeHead(200, json).end(JSON.stringify({ meta: { result_count: 0 } }));
  res.writeHead(200, { ...json, 'x-rate-limit-remaining': '899', 'x-rate-limit-reset': String(NOW / 1000 + 900) }).end(fixture(q.get('pagination_token') === TOKEN ? 'user-tweets-page-2.json' : 'user-tweets.json'));
}
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route('/2/users/4242/tweets', timeline);
  srv.route('/2/tweets/search/recent', { headers: json, body: fixture('search-recent.json') });
});

function make() {
  const cfg = xConfigSchema.parse({ query: '"brulerie boreale"', bearerToken: 'AAAA-secret', baseUrl: srv.base, allowPrivate: true, timeout: '2s', maxResults: 100 });
  const source = { ...cfg, name: 'x-brand', kind: 'x', interval: 60_000, enabled: true };
  return { source, connector: x.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as XConnector };
}

describe('x: owned accounts', () => {
  it('reads GET /2/users/:id/tweets with the bearer token, the search fields, no retweets, from the lookback', async () => {
    const { connector } = make();
    const r = await connector.pollOwned('4242', undefined, signal);
    const q = srv.queries('/2/users/4242/tweets')[0]!;
    expect(q.get('exclude')).toBe('retweets');
    expect(q.get('max_results')).toBe('100');
    expect(q.get('tweet.fields')).toContain('referenced_tweets');
    expect(q.get('tweet.fields')).toContain('conversation_id');
    expect(q.get('expansions')).toContain('author_id');
    expect(q.get('start_time')).toBe('2026-01-04T12:00:00Z');
    expect(srv.requests[0]!.headers.authorization).toBe('Bearer AAAA-secret');
    // A next_token: the walk goes on with pagination_token, keeping the walk's newest id.
    expect(r.hasMore).toBe(true);
    expect(JSON.parse(r.cursor!)).toEqual({ scan: { next: TOKEN, top: '1876000000000000420' } });
  });

  it('through the runner: the reply has its parent and thread ids and the owned author; the account cursor moves after the walk', async () => {
    const { source, connector } = make();
    const t = await ownedRunner(source, connector, { x: ['4242'] });
    await t.runner.runOnce();
    const out = t.published();
    const reply = out.find((m) => m.id === 'x:1876000000000000420')!;
    const parent = out.find((m) => m.id === 'x:1876000000000000200')!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.threadId).toBe(parent.id);
    expect(reply.author).toMatchObject({ id: '4242', handle: 'BrulerieBoreale' });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    expect(t.ownerOf(parent)).toBeUndefined();
    expect(out.some((m) => m.id === 'x:1876000000000000410')).toBe(true);
    expect(srv.queries('/2/users/4242/tweets').map((q) => q.get('pagination_token'))).toEqual([null, TOKEN]);
    expect(await t.cursors.get(t.key('4242'))).toBe(JSON.stringify({ sinceId: '1876000000000000420' }));
    await t.runner.runOnce();
    expect(srv.queries('/2/users/4242/tweets').at(-1)!.get('since_id')).toBe('1876000000000000420');
  });

  it('a username is looked up once (GET /2/users/by/username); an unknown one is a clear error; a spent window pushes the next call to its reset', async () => {
    srv.route('/2/users/by/username/BrulerieBoreale', { headers: json, body: '{"data":{"id":"4242","name":"Brûlerie Boréale","username":"BrulerieBoreale"}}' });
    srv.route('/2/users/by/username/ghost', { headers: json, body: '{"errors":[{"value":"ghost","detail":"Could not find user with username: [ghost].","title":"Not Found Error","resource_type":"user","parameter":"username","resource_id":"ghost","type":"https://api.twitter.com/2/problems/resource-not-found"}]}' });
    const { connector } = make();
    await connector.pollOwned('@BrulerieBoreale', undefined, signal);
    await connector.pollOwned('@BrulerieBoreale', undefined, signal);
    expect(srv.requests.map((r) => r.path.split('?')[0])).toEqual(['/2/users/by/username/BrulerieBoreale', '/2/users/4242/tweets', '/2/users/4242/tweets']);
    await expect(connector.pollOwned('ghost', undefined, signal)).rejects.toMatchObject({ code: 'ERR_OWNED_ACCOUNT_UNKNOWN', message: expect.stringContaining('watch[].owned.x') });
    srv.route('/2/users/4242/tweets', { status: 429, headers: { ...json, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(NOW / 1000 + 300) }, body: '{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}' });
    await expect(make().connector.pollOwned('4242', undefined, signal)).rejects.toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retryAfterMs: 300_000 });
  });
});
