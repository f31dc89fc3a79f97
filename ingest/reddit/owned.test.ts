import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { redditConfigSchema } from './config.ts';
import type { RedditConnector } from './connector.ts';
import { reddit } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=UTF-8' };
const OVERVIEW = '/user/BrulerieBoreale/overview.json';

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route('/api/v1/access_token', { headers: JSON_TYPE, body: fixture('token.json') });
  srv.route('/r/quebec/comments.json', { headers: JSON_TYPE, body: fixture('comments.json') });
  srv.route(OVERVIEW, { headers: { ...JSON_TYPE, 'x-ratelimit-remaining': '97.0', 'x-ratelimit-used': '3', 'x-ratelimit-reset': '300' }, body: fixture('user-overview.json') });
});

function make() {
  const cfg = redditConfigSchema.parse({ subreddit: 'quebec', comments: true, oauth: { clientId: 'cid', clientSecret: 'csecret' }, redditUsername: 'brulerie_veille', appId: 'ca.brulerie.vigie', oauthBaseUrl: srv.base, tokenUrl: `${srv.base}/api/v1/access_token`, allowPrivate: true });
  const source = { ...cfg, name: 'r-quebec', kind: 'reddit', interval: 60_000, enabled: true };
  return { source, connector: reddit.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as RedditConnector };
}

describe('reddit: owned accounts', () => {
  it('reads /user/{name}/overview.json sorted by new on the OAuth host with the source token and User-Agent', async () => {
    await make().connector.pollOwned('u/BrulerieBoreale', undefined, signal);
    const call = srv.requests.find((r) => r.path.startsWith(OVERVIEW))!;
    expect(new URL(call.path, srv.base).searchParams.get('sort')).toBe('new');
    expect(new URL(call.path, srv.base).searchParams.get('raw_json')).toBe('1');
    expect(call.headers.authorization).toBe('bearer eyJhbGciOi-test-token');
    expect(call.headers['user-agent']).toMatch(/:ca\.brulerie\.vigie:v.+ \(by \/u\/brulerie_veille\)$/);
  });

  it('through the runner: the owned comment answers the comment it replies to, in its post; the cursor is saved per account', async () => {
    const { source, connector } = make();
    const t = await ownedRunner(source, connector, { reddit: ['BrulerieBoreale'] });
    await t.runner.runOnce();
    const out = t.published();
    const parent = out.find((m) => m.id === 'reddit:t1_kx00002')!;
    const reply = out.find((m) => m.id === 'reddit:t1_kx00031')!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.threadId).toBe('reddit:t3_1hq0005');
    expect(reply.author).toMatchObject({ handle: 'BrulerieBoreale', id: 't2_brul42' });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    expect(out.some((m) => m.id === 'reddit:t3_1hq0009')).toBe(true);
    const saved = JSON.parse((await t.cursors.get(t.key('BrulerieBoreale')))!);
    expect(saved).toMatchObject({ high: 1767615100000, seen: ['reddit:t1_kx00031', 'reddit:t3_1hq0009'] });
    await t.runner.runOnce();
    expect(t.published()).toHaveLength(out.length);
  });

  it('a spent rate-limit window pauses the source; a name that is not a username is refused', async () => {
    srv.route(OVERVIEW, { headers: { ...JSON_TYPE, 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '42' }, body: fixture('user-overview.json') });
    expect((await make().connector.pollOwned('BrulerieBoreale', undefined, signal)).retryAfterMs).toBe(42_000);
    await expect(make().connector.pollOwned('Brûlerie Boréale!', undefined, signal)).rejects.toMatchObject({ code: 'ERR_OWNED_ACCOUNT_UNKNOWN' });
  });
});
