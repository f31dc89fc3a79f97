import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepSource, toDocument } from '../../index/elasticsearch/document.ts';
import { ElasticsearchSink } from '../../index/elasticsearch/sink.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { foldedTextQuery } from '../../index/elasticsearch/search.ts';
import { silentLogger } from '../../core/logger.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';

const client = testClient();
const prefix = testPrefix();
const signal = new AbortController().signal;
let sink: ElasticsearchSink;

beforeAll(async () => {
  await setupIndices(client, { prefix });
  sink = new ElasticsearchSink({ client, prefix, logger: silentLogger(), refresh: 'wait_for' });
});
afterAll(async () => {
  await sink.close();
  await deleteByPrefix(client, prefix);
  await client.close();
});

describe('ElasticsearchSink on real Elasticsearch', () => {
  it('a mention delivered three times leaves one document with the last numbers, in its month index', async () => {
    for (const likes of [1, 5, 42]) {
      const failures = await sink.write([mention('rss:same', { publishedAt: '2026-01-31T23:30:00Z', engagement: { likes, shares: likes * 2 } })], signal);
      expect(failures).toEqual([]);
    }
    const r = await client.search({ index: `${prefix}-mentions`, query: { term: { id: 'rss:same' } } });
    expect(r.hits.hits).toHaveLength(1);
    expect(r.hits.hits[0]!._index).toBe(`${prefix}-mentions-2026.01`);
    expect(r.hits.hits[0]!._id).toBe('rss:same');
    expect((r.hits.hits[0]!._source as { engagement: unknown }).engagement).toEqual({ likes: 42, shares: 84, total: 126 });
  });

  it('finds "québec" in Quebec, québécois and QUÉBEC through the folded field, not in Montréal', async () => {
    const docs: EnrichedMention[] = [
      mention('rss:q1', { text: 'Big snow in Quebec City today' }),
      mention('rss:q2', { text: "Le gouvernement québécois annonce l'aide" }),
      mention('rss:q3', { text: "Grève à l’Hydro-QUÉBEC, d'après le syndicat" }),
      mention('rss:q4', { text: 'Montréal sous la neige' }),
    ];
    expect(await sink.write(docs, signal)).toEqual([]);
    const ids = async (q: Record<string, unknown>) =>
      (await client.search({ index: `${prefix}-mentions`, query: q, size: 10 })).hits.hits.map((h) => h._id).sort();
    expect(await ids(foldedTextQuery('québec'))).toEqual(['rss:q1', 'rss:q2', 'rss:q3']);
    // Exact words only: the family member "québécois" no longer matches.
    expect(await ids(foldedTextQuery('Québec', { wordFamilies: false }))).toEqual(['rss:q1', 'rss:q3']);
    // Elision: "l’Hydro" was folded to "hydro"; "d'après" to "apres".
    expect(await ids(foldedTextQuery('hydro apres', { wordFamilies: false }))).toEqual(['rss:q3']);
    // The plain text field (standard analyzer on core-only) keeps accents apart.
    expect(await ids({ match: { text: 'quebec' } })).toEqual(['rss:q1']);
  });

  it('stores the good documents of a batch and reports the bad one with its reason', async () => {
    const bad = mention('rss:bad', { engagement: { likes: 'lots' as unknown as number } });
    const failures = await sink.write([mention('rss:g1'), bad, mention('rss:g2')], signal);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ id: 'rss:bad', code: 'ERR_INDEX_MAPPING', retriable: false });
    expect(failures[0]!.reason).toMatch(/engagement\.likes/);
    const r = await client.mget({ index: `${prefix}-mentions-2026.01`, ids: ['rss:g1', 'rss:bad', 'rss:g2'] });
    expect(r.docs.map((d) => ('found' in d ? d.found : false))).toEqual([true, false, true]);
  });

  it('stores a document spliced into its source text as the serialised one, and resends a refused one serialised', async () => {
    const m = mention('rss:spliced', { author: { id: '7', handle: '@zoe' }, engagement: { likes: 2, replies: 1 }, geo: { lat: 46.8, lon: -71.2, place: 'Québec' } });
    keepSource(m, JSON.stringify(m));
    // The same fields twice: JSON.parse keeps the last, Elasticsearch refuses the text.
    const dup = mention('rss:dup', { text: 'second' });
    keepSource(dup, `${JSON.stringify(dup).slice(0, -1)},"text":"second"}`);
    expect(await sink.write([m, dup], signal)).toEqual([]);
    const r = await client.mget({ index: `${prefix}-mentions-2026.01`, ids: ['rss:spliced', 'rss:dup'] });
    const stored = r.docs.map((d) => ('_source' in d ? (d._source as Record<string, unknown>) : undefined));
    const at = (d: Record<string, unknown> | undefined) => new Date(d!.ingestedAt as string);
    expect(stored[0]).toEqual(JSON.parse(JSON.stringify(toDocument(m, at(stored[0])))));
    expect(stored[1]).toEqual(JSON.parse(JSON.stringify(toDocument(dup, at(stored[1])))));
    const hit = await client.search({ index: `${prefix}-mentions`, query: { bool: { filter: [{ term: { 'author.key': 'rss:7' } }, { term: { 'engagement.total': 3 } }, { geo_distance: { distance: '1km', 'geo.location': { lat: 46.8, lon: -71.2 } } }] } } });
    expect(hit.hits.hits.map((h) => h._id)).toEqual(['rss:spliced']);
  });

  it('splits large writes into several bulk requests by count and bytes', async () => {
    const small = new ElasticsearchSink({ client, prefix, logger: silentLogger(), flushCount: 7, flushBytes: 4000, concurrency: 3, refresh: 'wait_for' });
    const batch = Array.from({ length: 50 }, (_, i) => mention(`rss:split-${i}`, { text: 'x'.repeat(i * 20), publishedAt: `2026-0${1 + (i % 3)}-10T00:00:00Z` }));
    expect(await small.write(batch, signal)).toEqual([]);
    await small.close();
    const c = await client.count({ index: `${prefix}-mentions`, query: { prefix: { id: 'rss:split-' } } });
    expect(c.count).toBe(50);
    const months = await client.search({ index: `${prefix}-mentions`, size: 0, query: { prefix: { id: 'rss:split-' } }, aggs: { i: { terms: { field: '_index' } } } });
    expect((months.aggregations!.i as { buckets: Array<{ key: string; doc_count: number }> }).buckets.map((b) => [b.key, b.doc_count]).sort()).toEqual([
      [`${prefix}-mentions-2026.01`, 17],
      [`${prefix}-mentions-2026.02`, 17],
      [`${prefix}-mentions-2026.03`, 16],
    ]);
  });
});
