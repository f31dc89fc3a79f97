import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { mastodonConfigSchema } from './config.ts';
import type { MastodonConnector } from './connector.ts';
import { mastodon } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const json = { 'content-type': 'application/json; charset=utf-8' };
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:00:00Z');
const STATUSES = '/api/v1/accounts/110442000000000001/statuses';

let srv: FeedServer;
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route('/api/v1/accounts/lookup', { headers: json, body: fixture('account-lookup.json') });
  srv.route(STATUSES, { headers: json, body: fixture('account-statuses.json') });
  srv.route('/api/v1/timelines/tag/BrulerieBoreale', { headers: json, body: fixture('tag-timeline.json') });
});

function make(over: Record<string, unknown> = {}) {
  const cfg = mastodonConfigSchema.parse({ baseUrl: srv.base, tag: 'BrulerieBoreale', token: 'tok-123', allowPrivate: true, timeout: '2s', ...over });
  const source = { ...cfg, name: 'masto', kind: 'mastodon', interval: 60_000, enabled: true };
  return { source, connector: mastodon.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as MastodonConnector };
}

describe('mastodon: owned accounts', () => {
  it('looks the account up once, then reads its statuses without boosts, with the token', async () => {
    const { connector } = make();
    await connector.pollOwned('@brulerie', undefined, signal);
    await connector.pollOwned('@brulerie', JSON.stringify({ sinceId: '115012345678901400' }), signal);
    const paths = srv.requests.map((r) => r.path);
    expect(paths).toEqual([
      '/api/v1/accounts/lookup?acct=brulerie',
      `${STATUSES}?exclude_reblogs=true&limit=40`,
      `${STATUSES}?exclude_reblogs=true&limit=40&min_id=115012345678901400`,
    ]);
    expect(srv.requests.every((r) => r.headers.authorization === 'Bearer tok-123')).toBe(true);
  });

  it('through the runner: the reply carries its parent (the id the timeline gave that status) and the owned author; the cursor is saved per account', async () => {
    const { source, connector } = make();
    const handle = `brulerie@${new URL(srv.base).host}`;
    const t = await ownedRunner(source, connector, { mastodon: [handle] });
    await t.runner.runOnce();
    const out = t.published();
    const parent = out.find((m) => m.text.includes('J’adore'))!;
    const reply = out.find((m) => m.text.includes('Merci Marie'))!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.author).toMatchObject({ id: '110442000000000001', handle });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    expect(t.ownerOf(parent)).toBeUndefined();
    expect(await t.cursors.get(t.key(handle))).toBe(JSON.stringify({ sinceId: '115012345678901400' }));
    expect(out.every((m) => m.source.name === 'masto')).toBe(true);
  });

  it('an account the instance does not know is a clear error, and the rate-limit headers of the instance are honoured', async () => {
    srv.route('/api/v1/accounts/lookup', { status: 404, headers: json, body: '{"error":"Record not found"}' });
    await expect(make().connector.pollOwned('ghost@far.example', undefined, signal)).rejects.toMatchObject({ code: 'ERR_OWNED_ACCOUNT_UNKNOWN', message: expect.stringContaining('watch[].owned.mastodon') });
    srv.route('/api/v1/accounts/lookup', { headers: json, body: fixture('account-lookup.json') });
    srv.route(STATUSES, { headers: { ...json, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(NOW + 90_000).toISOString() }, body: fixture('account-statuses.json') });
    const r = await make().connector.pollOwned('brulerie', undefined, signal);
    expect(r.retryAfterMs).toBe(90_000);
  });
});
