import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { describeBadAnswers, pollError } from '../kit/connector/bad-answers-suite.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { redditConfigSchema } from './config.ts';
import type { RedditConnector } from './connector.ts';
import { reddit } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };

const OAUTH = { clientId: 'cid', clientSecret: 'csecret' };
function make(base: string, over: Record<string, unknown> = {}, clock = new FakeClock(NOW), metrics = new Metrics()): RedditConnector {
  const cfg = redditConfigSchema.parse({ subreddit: 'quebec', oauth: OAUTH, redditUsername: 'brulerie_veille', appId: 'ca.brulerie.vigie', oauthBaseUrl: base, tokenUrl: `${base}/api/v1/access_token`, allowPrivate: true, ...over });
  return reddit.create({ ...cfg, name: 'r-quebec' }, { logger: silentLogger(), clock, metrics }) as RedditConnector;
}

let srv: FeedServer;
let remaining = '99.0';
beforeAll(async () => {
  srv = await startFeedServer();
  const listing = (req: { url?: string }, res: import('node:http').ServerResponse) => {
    const after = new URL(req.url!, srv.base).searchParams.get('after');
    const body = after === null ? fixture('new.json') : after === 't3_1hq0003' ? fixture('new-after.json') : '{"kind":"Listing","data":{"after":null,"children":[]}}';
    res.writeHead(200, { ...JSON_TYPE, 'x-ratelimit-remaining': remaining, 'x-ratelimit-used': '1', 'x-ratelimit-reset': '342' }).end(body);
  };
  srv.route('/r/quebec/new.json', listing);
  srv.route('/r/quebec/comments.json', { headers: JSON_TYPE, body: fixture('comments.json') });
  srv.route('/r/quebec/search.json', { headers: JSON_TYPE, body: fixture('new.json') });
  srv.route('/api/v1/access_token', { headers: JSON_TYPE, body: fixture('token.json') });
});
afterAll(() => srv.close());

describe('reddit connector', () => {
  it('maps new posts: fullname ids, permalink, author, score, comments, crossposts; removed posts left out', async () => {
    const r = await make(srv.base).poll(undefined, signal);
    expect(srv.requests.at(-1)!.path).toBe('/r/quebec/new.json?limit=100&raw_json=1');
    expect(r.mentions.map((m) => m.id)).toEqual(['reddit:t3_1hq0005', 'reddit:t3_1hq0004']);
    expect(r.mentions[0]).toMatchObject({
      source: { kind: 'reddit', name: 'r-quebec' },
      url: 'https://www.reddit.com/r/quebec/comments/1hq0005/panne_brio_a_sherbrooke/',
      publishedAt: '2026-01-05T12:00:00.000Z',
      title: 'Panne Brio à Sherbrooke?',
      text: 'Depuis ce matin, plus rien chez Brio à Sherbrooke.\nVous aussi ?',
      author: { id: 't2_abc123', handle: 'sherb_guy', url: 'https://www.reddit.com/user/sherb_guy', verified: true },
      engagement: { likes: 57, replies: 23, shares: 1 },
    });
    // A link post without text: the title is the text; a deleted account is no author.
    expect(r.mentions[1]).toMatchObject({ text: 'Brio hausse ses prix de 8 $', engagement: { likes: 12, replies: 4 } });
    expect(r.mentions[1]!.author).toBeUndefined();
    expect(r).toMatchObject({ hasMore: true });
    expect(JSON.parse(r.cursor!).scan).toMatchObject({ next: 't3_1hq0003' });
  });

  it('pages with after=<fullname>, skips broken children with a count, then emits only newer posts', async () => {
    const metrics = new Metrics();
    const c = make(srv.base, {}, new FakeClock(NOW), metrics);
    const p1 = await c.poll(undefined, signal);
    const p2 = await c.poll(p1.cursor, signal);
    expect(srv.requests.at(-1)!.path).toBe('/r/quebec/new.json?limit=100&raw_json=1&after=t3_1hq0003');
    expect(p2.mentions.map((m) => m.id)).toEqual(['reddit:t3_1hq0002']);
    expect(await metrics.registry.getSingleMetricAsString('vigie_mentions_dropped_total')).toMatch(/component="reddit",reason="unmappable"} 2/);
    expect(p2.hasMore).toBe(false);
    expect(JSON.parse(p2.cursor!).high).toBe(Date.parse('2026-01-05T12:00:00Z'));
    expect((await c.poll(p2.cursor, signal)).mentions).toEqual([]);
  });

  it('pauses when x-ratelimit-remaining reaches 0, for x-ratelimit-reset seconds, without following the next page', async () => {
    remaining = '0.0';
    try {
      const r = await make(srv.base).poll(undefined, signal);
      expect(r).toMatchObject({ retryAfterMs: 342_000, hasMore: false });
      expect(r.mentions).toHaveLength(2);
    } finally {
      remaining = '99.0';
    }
  });

  it('reads a 429 without Retry-After through x-ratelimit-reset', async () => {
    const s = await startFeedServer({ '/r/quebec/new.json': { status: 429, headers: { ...JSON_TYPE, 'x-ratelimit-reset': '55' }, body: '{"message": "Too Many Requests", "error": 429}' }, '/api/v1/access_token': { headers: JSON_TYPE, body: fixture('token.json') } });
    expect(await pollError(make(s.base))).toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED', retryAfterMs: 55_000 });
    await s.close();
  });

  it('backfills a time range by walking the listing back to its start', async () => {
    const c = make(srv.base);
    const range = { sinceMs: Date.parse('2026-01-05T11:00:00Z'), untilMs: Date.parse('2026-01-05T12:00:00Z') };
    const b1 = await c.backfill(range, undefined, signal);
    expect(b1.mentions.map((m) => m.id)).toEqual(['reddit:t3_1hq0004']);
    expect(b1).toMatchObject({ hasMore: true, reachedMs: Date.parse('2026-01-05T11:30:00Z') });
    const b2 = await c.backfill(range, b1.cursor, signal);
    expect(srv.requests.at(-1)!.path).toContain('after=t3_1hq0003');
    expect(b2.mentions.map((m) => m.id)).toEqual(['reddit:t3_1hq0002']);
    expect(b2.hasMore).toBe(false);
  });

  it('maps comments with parent and thread', async () => {
    const r = await make(srv.base, { comments: true }).poll(undefined, signal);
    expect(r.mentions).toHaveLength(1);
    expect(r.mentions[0]).toMatchObject({
      id: 'reddit:t1_kx00002',
      text: 'Même chose à Montréal. Le service client de Brio ne répond pas.',
      parentId: 'reddit:t1_kx00001',
      threadId: 'reddit:t3_1hq0005',
      engagement: { likes: 9 },
      url: 'https://www.reddit.com/r/quebec/comments/1hq0005/panne_brio_a_sherbrooke/kx00002/',
    });
    expect(r.mentions[0]!.title).toBeUndefined();
  });

  it('searches a subreddit sorted by new', async () => {
    await make(srv.base, { query: 'brio OR nordik' }).poll(undefined, signal);
    const u = new URL(srv.requests.at(-1)!.path, srv.base);
    expect(u.pathname).toBe('/r/quebec/search.json');
    expect(Object.fromEntries(u.searchParams)).toMatchObject({ q: 'brio OR nordik', sort: 'new', restrict_sr: '1', type: 'link' });
  });

  it('with an OAuth app: client-credentials token, bearer calls on the OAuth host, token cached and renewed on 401', async () => {
    const s = await startFeedServer();
    let tokens = 0;
    let reject = false;
    s.route('/api/v1/access_token', (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        tokens++;
        expect(req.method).toBe('POST');
        expect(body).toBe('grant_type=client_credentials');
        expect(req.headers.authorization).toBe(`Basic ${Buffer.from('cid:csecret').toString('base64')}`);
        res.writeHead(200, JSON_TYPE).end(fixture('token.json'));
      });
    });
    s.route('/oauth/r/quebec/new.json', (req, res) => {
      if (reject || req.headers.authorization !== 'bearer eyJhbGciOi-test-token') {
        reject = false;
        return void res.writeHead(401, JSON_TYPE).end('{"message": "Unauthorized", "error": 401}');
      }
      res.writeHead(200, JSON_TYPE).end(fixture('new.json'));
    });
    const c = make(s.base, { oauthBaseUrl: `${s.base}/oauth` });
    expect((await c.poll(undefined, signal)).mentions).toHaveLength(2);
    await c.poll(undefined, signal);
    expect(tokens).toBe(1);
    reject = true;
    expect((await c.poll(undefined, signal)).mentions).toHaveLength(2);
    expect(tokens).toBe(2);
    s.route('/api/v1/access_token', { headers: JSON_TYPE, body: '{"error": "invalid_grant"}' });
    const fresh = make(s.base, { oauthBaseUrl: `${s.base}/oauth`, oauth: { clientId: 'cid', clientSecret: 'wrong' } });
    const e = await pollError(fresh);
    expect(e).toMatchObject({ code: 'ERR_CONNECTOR_AUTH' });
    expect(e.message).not.toContain('wrong');
    await s.close();
  });

  it('validates its config', () => {
    const auth = { oauth: OAUTH, redditUsername: 'brulerie_veille' };
    expect(redditConfigSchema.safeParse(auth).error!.issues[0]!.message).toMatch(/subreddit or a query/);
    expect(redditConfigSchema.safeParse({ ...auth, subreddit: 'r/quebec' }).success).toBe(false);
    expect(redditConfigSchema.safeParse({ ...auth, subreddit: 'quebec', query: 'x', comments: true }).success).toBe(false);
    expect(redditConfigSchema.safeParse({ ...auth, query: 'brio' }).success).toBe(true);
  });

  it('requires OAuth credentials and a contact for the User-Agent, with the fix in the message', () => {
    const noAuth = redditConfigSchema.safeParse({ subreddit: 'quebec' });
    expect(noAuth.error!.issues[0]).toMatchObject({ path: ['oauth'], message: expect.stringMatching(/needs OAuth.*prefs\/apps/) });
    expect(redditConfigSchema.safeParse({ subreddit: 'quebec', oauth: OAUTH }).error!.issues[0]).toMatchObject({ path: ['redditUsername'] });
    expect(redditConfigSchema.safeParse({ subreddit: 'quebec', oauth: { clientId: 'cid' }, redditUsername: 'x_y' }).error!.issues[0]).toMatchObject({ path: ['oauth', 'clientSecret'] });
    expect(redditConfigSchema.safeParse({ subreddit: 'quebec', oauth: { clientId: 'cid', grant: 'installed_client' }, redditUsername: 'x_y' }).success).toBe(true);
    expect(redditConfigSchema.safeParse({ subreddit: 'quebec', oauth: { ...OAUTH, grant: 'password' }, redditUsername: 'x_y' }).error!.issues[0]!.message).toMatch(/username and password/);
    expect(redditConfigSchema.safeParse({ subreddit: 'quebec', oauth: OAUTH, userAgent: 'Mozilla/5.0' }).error!.issues[0]).toMatchObject({ path: ['userAgent'], message: expect.stringMatching(/<platform>:<app ID>/) });
    // The config loader drops refinements: the connector checks again.
    expect(() => reddit.create({ ...redditConfigSchema.parse({ subreddit: 'quebec', oauth: OAUTH, redditUsername: 'x_y' }), oauth: undefined }, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() })).toThrow(/needs OAuth/);
  });

  it('calls only the OAuth host, with the User-Agent Reddit asks for', async () => {
    const before = srv.requests.length;
    await make(srv.base).poll(undefined, signal);
    const calls = srv.requests.slice(before);
    expect(calls.map((q) => q.path.split('?')[0])).toEqual(['/api/v1/access_token', '/r/quebec/new.json']);
    for (const q of calls) expect(q.headers['user-agent']).toMatch(/^[a-z0-9]+:ca\.brulerie\.vigie:v\d+\.\d+\.\d+ \(by \/u\/brulerie_veille\)$/);
    expect(calls[1]!.headers.authorization).toBe('bearer eyJhbGciOi-test-token');
  });

  it('script apps get a password-grant token; installed apps an installed_client token with a device id', async () => {
    const s = await startFeedServer({ '/r/quebec/new.json': { headers: JSON_TYPE, body: fixture('new.json') } });
    const bodies: string[] = [];
    s.route('/api/v1/access_token', (req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        res.writeHead(200, JSON_TYPE).end(fixture('token.json'));
      });
    });
    try {
      await make(s.base, { oauth: { ...OAUTH, grant: 'password', username: 'brulerie_bot', password: 'pw&=x' }, redditUsername: undefined }).poll(undefined, signal);
      expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toEqual({ grant_type: 'password', username: 'brulerie_bot', password: 'pw&=x' });
      expect(s.requests.at(-1)!.headers['user-agent']).toMatch(/\(by \/u\/brulerie_bot\)$/);
      await make(s.base, { oauth: { clientId: 'cid', grant: 'installed_client' } }).poll(undefined, signal);
      const installed = Object.fromEntries(new URLSearchParams(bodies[1]));
      expect(installed).toMatchObject({ grant_type: 'https://oauth.reddit.com/grants/installed_client' });
      expect(installed.device_id).toMatch(/^[0-9a-f]{20,30}$/);
    } finally {
      await s.close();
    }
  });
});

describeBadAnswers('reddit', {
  path: '/r/quebec/new.json',
  routes: { '/api/v1/access_token': fixture('token.json') },
  make: (base, over) => make(base, over),
  renamedWrapper: '{"kind":"Listing","data":{"items":[]}}',
  hugeBody: JSON.stringify({ kind: 'Listing', data: { after: null, children: Array.from({ length: 150 }, () => JSON.parse(fixture('new.json')).data.children[0]) } }),
});
