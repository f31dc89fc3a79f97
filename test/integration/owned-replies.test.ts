import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedServer } from '../../ingest/kit/testing/feed-server.ts';
import { waitFor } from '../helpers/services.ts';
import { startTestStages, type TestStages } from '../helpers/stages.ts';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../ingest/mastodon/fixtures/${name}`, import.meta.url), 'utf8')) as Array<Record<string, unknown>>;

/**
 * A connector's owned read end to end on real Kafka and Elasticsearch: a Mastodon source reads a
 * hashtag timeline (a fan's post about the brand) and, for the brand's owned account, its own
 * statuses (a reply that does not name the brand). Through ingest, enrich and index, the fan's
 * post gets `response` from that reply and the responses index holds the answer.
 */
describe('owned accounts read by a connector, on real Kafka and Elasticsearch', () => {
  let srv: FeedServer;
  let s: TestStages;
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();

  beforeAll(async () => {
    srv = await startFeedServer();
    // The recorded answers, dated a few minutes ago: the fan posted 20 minutes ago, the brand answered 8 minutes later.
    const timeline = fixture('tag-timeline.json').slice(0, 1).map((s) => ({ ...s, created_at: at(20) }));
    const own = fixture('account-statuses.json').map((s, i) => ({ ...s, created_at: at(i === 0 ? 12 : 40) }));
    const json = { 'content-type': 'application/json; charset=utf-8' };
    // Nothing newer than a saved min_id: the statuses above are all there is.
    const after = (list: unknown[]) => (req: { url?: string }, res: import('node:http').ServerResponse) => res.writeHead(200, json).end(JSON.stringify(new URL(req.url!, srv.base).searchParams.has('min_id') ? [] : list));
    srv.route('/api/v1/timelines/tag/BrulerieBoreale', after(timeline));
    srv.route('/api/v1/accounts/lookup', { headers: json, body: readFileSync(new URL('../../ingest/mastodon/fixtures/account-lookup.json', import.meta.url)) });
    srv.route('/api/v1/accounts/110442000000000001/statuses', after(own));
    const host = new URL(srv.base).host;
    s = await startTestStages({
      languages: ['fr', 'en'],
      sources: [{ name: 'masto-brand', kind: 'mastodon', baseUrl: srv.base, tag: 'BrulerieBoreale', allowPrivate: true, interval: '1m' }],
      watch: [{ name: 'Brûlerie Boréale', role: 'brand', query: '"brulerie boreale" OR #brulerieboreale', owned: { mastodon: [`brulerie@${host}`] } }],
      index: { flushCount: 100 },
    }, ['ingest', 'enrich', 'index'], { clientId: 'owned-test' });
  });

  afterAll(async () => {
    await s?.stop();
    await srv?.close();
  });

  it('the brand account reply, read by the connector, answers the fan post in Elasticsearch', async () => {
    const rounds = await s.running.ingest!.runOnce();
    expect(rounds.map((r) => [r.source, r.ok, r.published]).sort()).toEqual([['masto-brand', true, 1], ['masto-brand/owned/brulerie@' + new URL(srv.base).host, true, 2]].sort());
    const host = new URL(srv.base).host;
    const parentId = `mastodon:${host}:115012345678901250`;
    const replyId = `mastodon:${host}:115012345678901400`;
    await waitFor(async () => {
      await s.refresh();
      return (await s.doc(parentId))?.response !== undefined;
    }, 90_000, 'the fan post answered');
    const parent = (await s.doc(parentId))!;
    expect(parent.response).toMatchObject({ replyId, by: `brulerie@${host}`, platform: 'mastodon', seconds: 8 * 60 });
    const reply = (await s.doc(replyId))!;
    expect(reply.reply).toEqual({ needed: false, reasons: [], owner: 'Brûlerie Boréale' });
    // The brand's answer is no mention of the brand (volume, share of voice, alerts).
    expect(reply.matches).toEqual([]);
    expect(reply.source.name).toBe('masto-brand');
    // The responses index, the source of truth (a realtime GET: no refresh needed).
    const answer = await s.rt.es.get<Record<string, any>>({ index: `${s.prefix}-responses`, id: parentId });
    expect(answer._source).toMatchObject({ replyId });
    // The owned read's cursor was saved (after the broker acknowledged) under its own key: the
    // next round asks from it and publishes nothing again.
    const second = await s.running.ingest!.runOnce();
    expect(second.map((r) => [r.ok, r.published])).toEqual([[true, 0], [true, 0]]);
    expect(srv.requests.filter((q) => q.path.includes('/statuses')).at(-1)!.path).toContain('min_id=115012345678901400');
  });
});
