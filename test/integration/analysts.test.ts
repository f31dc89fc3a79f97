import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichedMention } from '../../core/mention.ts';
import { silentLogger } from '../../core/logger.ts';
import { ElasticsearchSink } from '../../index/elasticsearch/sink.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { alertMappings, mappedFields, mentionMappings, type AlertRecordDoc } from '../../index/elasticsearch/templates.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';

/**
 * Runs every Query DSL request of docs/analysts.md, as written there, on fixture data and checks
 * the answers; checks that every field its KQL names exists in the mapping.
 */
const doc = readFileSync(new URL('../../docs/analysts.md', import.meta.url), 'utf8');
const cookbook = doc.slice(doc.indexOf('## Cookbook'));
const recipes = [...cookbook.matchAll(/^### (\d+)\. (.+)$/gm)].map((m, i, all) => {
  const body = cookbook.slice(m.index!, all[i + 1]?.index ?? cookbook.length);
  const kql = /```kql\n([\s\S]*?)```/.exec(body)?.[1]?.trim();
  const json = /```json\n(POST|GET) (\S+)\n([\s\S]*?)```/.exec(body);
  return { n: Number(m[1]), title: m[2]!, kql, method: json?.[1], path: json?.[2], body: json ? JSON.parse(json[3]!) : undefined };
});

const client = testClient();
const prefix = testPrefix();
const now = Date.now();
const ago = (hours: number) => new Date(now - hours * 3_600_000).toISOString();

type Over = Partial<EnrichedMention>;
const acme = [{ name: 'Acme', role: 'brand' as const }];
const neg = (score: number) => ({ score, label: 'negative' as const, method: 'fixture' });
const pos = (score: number) => ({ score, label: 'positive' as const, method: 'fixture' });
const neu = { score: 0, label: 'neutral' as const, method: 'fixture' };
const ents = (hashtags: string[]) => ({ hashtags, handles: [], urls: [], domains: [] });
const fr = { code: 'fr', confidence: 0.95 };
const en = { code: 'en', confidence: 0.95 };

const fixtures: Array<[string, Over]> = [
  ['m1', { publishedAt: ago(2), lang: fr, sentiment: neg(-0.7), matches: acme, influence: { score: 85, reach: 9000 }, source: { kind: 'mastodon' }, author: { id: '1', handle: '@bigvoice' }, url: 'https://mastodon.example/@bigvoice/1', entities: ents(['panne']), text: 'Panne chez Acme à Québec', engagement: { likes: 50, shares: 20, replies: 10 }, geo: { lat: 45.5, lon: -73.57 } }],
  ['m2', { publishedAt: ago(5), lang: fr, sentiment: neg(-0.5), matches: acme, influence: { score: 60, reach: 100 }, source: { kind: 'reddit' }, author: { id: '2', handle: '@small' }, url: 'https://www.reddit.com/r/qc/1', entities: ents(['panne']), text: 'Encore une panne Acme', engagement: { likes: 5 } }],
  ['m3', { publishedAt: ago(30), lang: fr, sentiment: neg(-0.4), matches: acme, influence: { score: 90, reach: 50000 }, source: { kind: 'rss' }, author: { id: '3', handle: '@journalist' }, url: 'https://lapresse.example/article-1', entities: ents(['quebec']), text: 'Les Québécois fâchés contre Acme', geo: { lat: 46.81, lon: -71.21 } }],
  ['m4', { publishedAt: ago(10), lang: en, sentiment: pos(0.6), matches: acme, influence: { score: 75, reach: 3000 }, source: { kind: 'mastodon' }, author: { id: '4', handle: '@fan' }, url: 'https://mastodon.example/@fan/2', entities: ents(['merci']), text: 'Acme support was great in Quebec', engagement: { likes: 30, shares: 5 }, geo: { lat: 45.57, lon: -73.69 } }],
  ['m5', { publishedAt: ago(50), lang: fr, sentiment: neu, matches: acme, influence: { score: 20, reach: 10 }, source: { kind: 'rss' }, url: 'https://lapresse.example/article-2', text: 'Acme annonce un nouveau forfait' }],
  ['m6', { publishedAt: ago(26), lang: en, sentiment: neg(-0.3), matches: [...acme, { name: 'Globex', role: 'competitor' }], influence: { score: 72, reach: 800 }, source: { kind: 'rss' }, author: { id: '6', handle: '@analyst' }, url: 'https://blog.example/compare', text: 'Acme vs Globex: Globex wins' }],
  ['m7', { publishedAt: ago(3), lang: en, sentiment: pos(0.5), matches: [{ name: 'Globex', role: 'competitor' }], influence: { score: 40, reach: 300 }, source: { kind: 'reddit' }, author: { id: '7', handle: '@techie' }, url: 'https://www.reddit.com/r/tech/2', entities: ents(['5g']), text: 'Globex 5G is fast' }],
  ['m8', { publishedAt: ago(8), lang: en, sentiment: neg(-0.6), matches: [{ name: 'Globex', role: 'competitor' }], influence: { score: 95, reach: 90000 }, source: { kind: 'mastodon' }, author: { id: '8', handle: '@critic' }, url: 'https://mastodon.example/@critic/3', entities: ents(['5g', 'panne']), text: 'Globex outage again', engagement: { likes: 20, shares: 10 } }],
  ['m9', { publishedAt: ago(12), lang: fr, sentiment: neu, matches: [{ name: 'Initech', role: 'competitor' }], influence: { score: 10, reach: 5 }, source: { kind: 'rss' }, author: { id: '9', handle: '@reporter' }, url: 'https://lapresse.example/article-3', text: 'Initech recrute' }],
  ['m10', { publishedAt: ago(1), lang: fr, sentiment: neg(-0.8), matches: acme, influence: { score: 88, reach: 9000 }, source: { kind: 'mastodon' }, author: { id: '1', handle: '@bigvoice' }, url: 'https://mastodon.example/@bigvoice/4', entities: ents(['panne']), text: 'Panne chez Acme à Québec', engagement: { likes: 2 }, duplicateOf: 'm1' }],
  ['m11', { publishedAt: ago(240), lang: fr, sentiment: neg(-0.6), matches: acme, influence: { score: 80, reach: 700 }, source: { kind: 'rss' }, author: { id: '11', handle: '@old' }, url: 'https://lapresse.example/article-0', text: 'Acme: service lent' }],
  ['m12', { publishedAt: ago(4), lang: fr, sentiment: neu, matches: [{ name: 'telecom', role: 'industry' }], influence: { score: 30, reach: 50 }, source: { kind: 'rss' }, url: 'https://lapresse.example/article-4', text: "Le marché télécom au Québec s'agite" }],
];

const alerts: AlertRecordDoc[] = [
  { '@timestamp': ago(2), alertId: 'a1', rule: 'negative-spike', episodeId: 'e1', state: 'opened', severity: 'high', eventTime: ago(2) },
  { '@timestamp': ago(1), alertId: 'a2', rule: 'negative-spike', episodeId: 'e1', state: 'escalated', severity: 'critical', eventTime: ago(1) },
  { '@timestamp': ago(0.5), alertId: 'a3', rule: 'volume-spike', episodeId: 'e2', state: 'resolved', severity: 'high', eventTime: ago(0.5) },
  { '@timestamp': ago(216), alertId: 'a4', rule: 'volume-spike', episodeId: 'e3', state: 'opened', severity: 'low', eventTime: ago(216) },
  // Incident documents (one per crisis): two this week, one older.
  { '@timestamp': ago(2), record: 'incident', incidentId: 'e1', rule: 'negative-spike', rules: ['negative-spike', 'volume-spike'], ruleCount: 2, episodeId: 'e1', state: 'escalated', status: 'open', severity: 'critical', pages: 2, openedAt: ago(2), firstPageAt: ago(2), eventTime: ago(1) },
  { '@timestamp': ago(1), record: 'incident', incidentId: 'e2', rule: 'volume-spike', rules: ['volume-spike'], ruleCount: 1, episodeId: 'e2', state: 'resolved', status: 'resolved', severity: 'high', pages: 1, openedAt: ago(1), eventTime: ago(0.5), resolvedAt: ago(0.5) },
  { '@timestamp': ago(216), record: 'incident', incidentId: 'e3', rule: 'volume-spike', rules: ['volume-spike'], ruleCount: 1, episodeId: 'e3', state: 'opened', status: 'open', severity: 'low', pages: 1, openedAt: ago(216), eventTime: ago(216) },
];

beforeAll(async () => {
  await setupIndices(client, { prefix });
  const sink = new ElasticsearchSink({ client, prefix, logger: silentLogger(), refresh: 'wait_for' });
  expect(await sink.write(fixtures.map(([id, o]) => mention(id, o)), new AbortController().signal)).toEqual([]);
  await sink.close();
  await client.bulk({ refresh: 'wait_for', operations: alerts.flatMap((a) => [{ index: { _index: `${prefix}-alerts`, _id: a.alertId ?? a.incidentId } }, a]) });
});
afterAll(async () => { await deleteByPrefix(client, prefix); await client.close(); });

async function run(n: number): Promise<Record<string, any>> {
  const r = recipes.find((x) => x.n === n)!;
  const path = '/' + r.path!.replace(/^vigie-/, `${prefix}-`);
  return (await client.transport.request({ method: r.method!, path, body: r.body })) as Record<string, any>;
}
const ids = (r: Record<string, any>) => r.hits.hits.map((h: { _id: string }) => h._id);
const buckets = (agg: { buckets: Array<{ key: string; doc_count: number }> }) => Object.fromEntries(agg.buckets.map((b) => [b.key, b.doc_count]));
/** Sums per key of a terms agg nested in date_histogram buckets. */
function perKeyOverDays(days: { buckets: Array<Record<string, any>> }, sub: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of days.buckets) for (const b of d[sub].buckets) out[b.key] = (out[b.key] ?? 0) + b.doc_count;
  return out;
}

describe('docs/analysts.md cookbook on real Elasticsearch', () => {
  it('has at least 10 recipes, each with KQL and a DSL request whose fields exist', () => {
    expect(recipes.length).toBeGreaterThanOrEqual(10);
    const mentionFields = mappedFields(mentionMappings(false));
    const alertFields = mappedFields(alertMappings());
    for (const r of recipes) {
      expect(r.kql, `recipe ${r.n}`).toBeTruthy();
      expect(r.body, `recipe ${r.n}`).toBeTruthy();
      const fields = r.path!.startsWith('vigie-alerts') ? alertFields : mentionFields;
      for (const m of r.kql!.matchAll(/([A-Za-z@_][\w.@]*)\s*(?::|>=|<=|>|<)/g)) expect(fields.has(m[1]!), `recipe ${r.n}: ${m[1]}`).toBe(true);
    }
  });

  it('1. negative brand mentions by influential authors this week', async () => {
    const r = await run(1);
    expect(ids(r)).toEqual(['m3', 'm10', 'm1', 'm6']);
  });

  it('2. share of voice by day', async () => {
    const r = await run(2);
    expect(perKeyOverDays(r.aggregations.days, 'voice')).toEqual({ Acme: 7, Globex: 3, Initech: 1 });
    expect(buckets(r.aggregations.total)).toEqual({ Acme: 7, Globex: 3, Initech: 1 });
  });

  it('3. sites that mention us most', async () => {
    const r = await run(3);
    expect(r.aggregations.sites.buckets.map((b: { key: string; doc_count: number }) => [b.key, b.doc_count])).toEqual([
      ['lapresse.example', 3], ['mastodon.example', 3], ['blog.example', 1], ['reddit.com', 1],
    ]);
  });

  it('4. brand sentiment this week', async () => {
    const r = await run(4);
    expect(buckets(r.aggregations.labels)).toEqual({ negative: 5, positive: 1, neutral: 1 });
    expect(perKeyOverDays(r.aggregations.days, 'labels')).toEqual({ negative: 5, positive: 1, neutral: 1 });
    expect(r.aggregations.score.value).toBeCloseTo(-0.3, 5);
  });

  it('5. influential authors on competitors', async () => {
    const r = await run(5);
    expect(r.aggregations.authors.buckets.map((b: any) => [b.key, b.influence.value])).toEqual([['@critic', 95], ['@analyst', 72], ['@techie', 40], ['@reporter', 10]]);
  });

  it('6. hashtags of negative brand mentions', async () => {
    expect(buckets((await run(6)).aggregations.hashtags)).toEqual({ panne: 3, quebec: 1 });
  });

  it('7. French mentions of Québec whatever the accents', async () => {
    expect(ids(await run(7)).sort()).toEqual(['m1', 'm10', 'm12', 'm3']);
  });

  it('8. language split of brand mentions', async () => {
    expect(buckets((await run(8)).aggregations.languages)).toEqual({ fr: 5, en: 2 });
  });

  it('9. most engaging mentions', async () => {
    const r = await run(9);
    expect(ids(r)).toEqual(['m1', 'm4', 'm8']);
    expect(r.hits.hits.map((h: any) => h._source.engagement.total)).toEqual([80, 35, 30]);
  });

  it('10. platforms of negative mentions', async () => {
    expect(buckets((await run(10)).aggregations.platforms)).toEqual({ mastodon: 3, rss: 2, reddit: 1 });
  });

  it('11. distinct brand stories', async () => {
    expect((await run(11)).count).toBe(6);
  });

  it('12. incidents opened this week by peak severity', async () => {
    expect(buckets((await run(12)).aggregations.severity)).toEqual({ high: 1, critical: 1 });
  });

  it('13. mentions near Montréal', async () => {
    expect(ids(await run(13)).sort()).toEqual(['m1', 'm4']);
  });

  it('14. average sentiment per competitor', async () => {
    const r = await run(14);
    const avg = Object.fromEntries(r.aggregations.competitors.buckets.map((b: any) => [b.key, b.sentiment.value]));
    expect(Object.keys(avg).sort()).toEqual(['Globex', 'Initech']);
    expect(avg.Globex).toBeCloseTo(-0.1333, 3);
    expect(avg.Initech).toBe(0);
  });
});
