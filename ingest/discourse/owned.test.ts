import { readFileSync } from 'node:fs';
import type http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { Metrics } from '../../core/metrics.ts';
import { ownedRunner } from '../kit/owned/testing.ts';
import { startFeedServer, type FeedServer } from '../kit/testing/feed-server.ts';
import { discourseConfigSchema } from './config.ts';
import type { DiscourseConnector } from './connector.ts';
import { discourse } from './index.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const signal = new AbortController().signal;
const NOW = Date.parse('2026-01-05T12:30:00Z');
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' };

let srv: FeedServer;
/** The activity of brio_support: two actions, then (offset=2) an empty page. */
function actions(req: http.IncomingMessage, res: http.ServerResponse) {
  const q = new URL(req.url!, 'http://x').searchParams;
  res.writeHead(200, JSON_TYPE).end(q.get('offset') ? '{"user_actions":[]}' : fixture('user-actions.json'));
}
beforeAll(async () => {
  srv = await startFeedServer();
});
afterAll(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.route('/user_actions.json', actions);
  srv.route('/posts.json', { headers: JSON_TYPE, body: fixture('posts-latest.json') });
});

function make(over: Record<string, unknown> = {}) {
  const cfg = discourseConfigSchema.parse({ url: srv.base, allowPrivate: true, ...over });
  const source = { ...cfg, name: 'forum-qc', kind: 'discourse', interval: 60_000, enabled: true };
  return { source, connector: discourse.create(source, { logger: silentLogger(), clock: new FakeClock(NOW), metrics: new Metrics() }) as DiscourseConnector };
}

describe('discourse: owned accounts', () => {
  it('reads /user_actions.json with filter 4,5 (topics and replies) for the username, with the source API key', async () => {
    await make({ auth: { apiKey: 'k-123', apiUsername: 'system' } }).connector.pollOwned('@brio_support', undefined, signal);
    expect(Object.fromEntries(srv.queries('/user_actions.json')[0]!)).toEqual({ username: 'brio_support', filter: '4,5' });
    expect(srv.requests[0]!.headers['api-key']).toBe('k-123');
  });

  it('through the runner: the reply answers post 3 of topic 301 (the id /posts.json gave it), by the owned author; offset paging ends the walk', async () => {
    const { source, connector } = make();
    const t = await ownedRunner(source, connector, { discourse: ['brio_support'] });
    await t.runner.runOnce();
    const out = t.published();
    const parent = out.find((m) => m.text.length > 0 && m.author?.handle === 'marie_t')!;
    const reply = out.find((m) => m.author?.handle === 'brio_support' && m.text.includes('Bonjour Marie'))!;
    expect(reply.parentId).toBe(parent.id);
    expect(reply.threadId).toBe(parent.threadId);
    expect(reply.author).toMatchObject({ id: '42', name: 'Soutien Brio' });
    expect(t.ownerOf(reply)).toBe('Brûlerie Boréale');
    const topic = out.find((m) => m.title === 'Entretien planifié le 8 janvier')!;
    expect(topic.parentId).toBeUndefined();
    expect(srv.queries('/user_actions.json').map((q) => q.get('offset'))).toEqual([null, '2']);
    const saved = JSON.parse((await t.cursors.get(t.key('brio_support')))!);
    expect(saved).toMatchObject({ high: Date.parse('2026-01-05T12:10:00.000Z') });
    expect(saved.scan).toBeUndefined();
  });

  it('a rate limit answers with the forum wait', async () => {
    srv.route('/user_actions.json', { status: 429, headers: { ...JSON_TYPE, 'retry-after': '5' }, body: fixture('rate-limit.json') });
    await expect(make().connector.pollOwned('brio_support', undefined, signal)).rejects.toMatchObject({ code: 'ERR_FETCH_RATE_LIMITED' });
  });
});
