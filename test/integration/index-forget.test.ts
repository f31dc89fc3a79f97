import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgetAuthor } from '../../index/elasticsearch/forget.ts';
import { ElasticsearchSink } from '../../index/elasticsearch/sink.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { silentLogger } from '../../core/logger.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';

const client = testClient();
const prefix = testPrefix();

beforeAll(async () => {
  await setupIndices(client, { prefix });
  const sink = new ElasticsearchSink({ client, prefix, logger: silentLogger(), refresh: 'wait_for' });
  const marie = { id: '42', handle: '@marie' };
  const failures = await sink.write(
    [
      mention('mastodon:1', { source: { kind: 'mastodon' }, author: marie, publishedAt: '2026-01-03T00:00:00Z' }),
      mention('mastodon:2', { source: { kind: 'mastodon' }, author: marie, publishedAt: '2026-02-03T00:00:00Z' }),
      mention('mastodon:3', { source: { kind: 'mastodon' }, author: marie, publishedAt: '2026-02-04T00:00:00Z' }),
      mention('mastodon:4', { source: { kind: 'mastodon' }, author: { id: '43', handle: '@paul' } }),
      // Same native id on another platform: a different person.
      mention('reddit:5', { source: { kind: 'reddit' }, author: { id: '42' } }),
    ],
    new AbortController().signal,
  );
  expect(failures).toEqual([]);
  await sink.close();
});
afterAll(async () => { await deleteByPrefix(client, prefix); await client.close(); });

describe('forgetAuthor (right to erasure) on real Elasticsearch', () => {
  it('counts, deletes across monthly indices, and leaves other authors alone', async () => {
    const dry = await forgetAuthor(client, { author: 'mastodon:42', prefix, dryRun: true, pageSize: 2 });
    expect(dry).toEqual({ author: 'mastodon:42', found: 3, deleted: 0, byIndex: { [`${prefix}-mentions-2026.01`]: 1, [`${prefix}-mentions-2026.02`]: 2 } });
    const r = await forgetAuthor(client, { author: 'mastodon:42', prefix, pageSize: 2 });
    expect(r.deleted).toBe(3);
    const left = await client.search({ index: `${prefix}-mentions`, size: 10 });
    expect(left.hits.hits.map((h) => h._id).sort()).toEqual(['mastodon:4', 'reddit:5']);
    expect((await forgetAuthor(client, { author: 'mastodon:42', prefix })).deleted).toBe(0);
  });

  it('refuses an author without a platform', async () => {
    await expect(forgetAuthor(client, { author: '42', prefix })).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });
});
