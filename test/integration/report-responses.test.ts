import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnrichedMention } from '../../core/mention.ts';
import { AnswerStore } from '../../index/answers/index.ts';
import { toDocument } from '../../index/elasticsearch/document.ts';
import { indexNames, monthlyIndex } from '../../index/elasticsearch/names.ts';
import { searchAll } from '../../index/read.ts';
import { setupIndices } from '../../index/elasticsearch/setup.ts';
import { fetchReportData } from '../../reports/queries.ts';
import { renderHtml } from '../../reports/render/html.ts';
import { renderMarkdown } from '../../reports/render/markdown.ts';
import { parseIsoWeek } from '../../reports/week.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { mention, testClient, testPrefix } from './index-helpers.ts';

/**
 * The report's response section on real Elasticsearch: mentions and owned replies stored by the
 * index stage's own code (documents, then the AnswerStore marking parents answered), desk states
 * in the desk index, and every figure compared with values written out here by hand.
 */

const client = testClient();
const prefix = testPrefix();
const at = (iso: string, plusSeconds = 0) => new Date(Date.parse(iso) + plusSeconds * 1000).toISOString();
const W46 = '2026-11-10T15:00:00.000Z'; // Tuesday of 2026-W46, Montréal
const W45 = '2026-11-03T15:00:00.000Z';

function needing(id: string, kind: string, publishedAt: string, label: 'negative' | 'neutral', over: Partial<EnrichedMention> = {}): EnrichedMention {
  return mention(id, {
    source: { kind, name: `${kind}-fixture` },
    publishedAt,
    author: { id: `u-${id}`, handle: `@${id}`, url: `https://${kind}.example/@${id}` },
    sentiment: { score: label === 'negative' ? -0.7 : 0, label, method: 'fixture' },
    reply: { needed: true, reasons: ['question'] },
    ...over,
  });
}

function ownedReply(id: string, parent: EnrichedMention, afterSeconds: number): EnrichedMention {
  return mention(id, {
    source: parent.source,
    publishedAt: at(parent.publishedAt, afterSeconds),
    parentId: parent.id,
    author: { id: 'acme-support', handle: 'acme_support' },
    matches: [],
    reply: { needed: false, reasons: [], owner: 'Acme' },
  });
}

// This week: reddit r1-r6, mastodon m1-m3; last week: reddit p1-p3.
const r = [0, 1, 2, 3, 4, 5].map((i) => needing(`r${i + 1}`, 'reddit', at(W46, i * 3600), i === 4 ? 'negative' : 'neutral'));
const m = [needing('m1', 'mastodon', at(W46, 100), 'neutral'), needing('m2', 'mastodon', at(W46, -86_400), 'negative'), needing('m3', 'mastodon', at(W46, 200), 'negative')];
const p = [1, 2, 3].map((i) => needing(`p${i}`, 'reddit', at(W45, i * 60), 'neutral'));
const excluded = [
  needing('x-rss', 'rss', at(W46, 50), 'negative'), // no owned account on rss: no answer can be seen
  needing('x-dup', 'reddit', at(W46, 60), 'negative', { duplicateOf: 'r1' }),
  needing('x-globex', 'reddit', at(W46, 70), 'negative', { matches: [{ name: 'Globex', role: 'competitor' }] }),
  mention('x-not-needed', { source: { kind: 'reddit', name: 'reddit-fixture' }, publishedAt: at(W46, 80), reply: { needed: false, reasons: [] } }),
];
const replies = [
  ownedReply('a-r1', r[0]!, 60),
  ownedReply('a-r1-late', r[0]!, 5000), // a second answer: the first one counts
  ownedReply('a-r2', r[1]!, 600),
  ownedReply('a-r3', r[2]!, 3600),
  ownedReply('a-r4', r[3]!, 7200),
  ownedReply('a-m1', m[0]!, 300),
  ownedReply('a-p1', p[0]!, 120),
  ownedReply('a-p2', p[1]!, 240),
];

beforeAll(async () => {
  await setupIndices(client, { prefix, now: Date.parse(W45) });
  // Replies first, in one batch, then the parents: the order the answers store must not care about.
  for (const batch of [replies, [...r, ...m, ...p, ...excluded]]) {
    const ops = batch.flatMap((x) => [{ index: { _index: monthlyIndex(prefix, x.publishedAt), _id: x.id } }, toDocument(x)]);
    const res = await client.bulk({ operations: ops, refresh: true });
    expect(res.errors).toBe(false);
    await new AnswerStore(client, prefix).afterWrite(batch);
  }
  const desk = indexNames(prefix).desk;
  await client.index({ index: desk, id: 'r6', document: { mentionId: 'r6', state: 'handled', updatedAt: W46 } });
  await client.index({ index: desk, id: 'm3', document: { mentionId: 'm3', state: 'snoozed', snoozedUntil: '2099-01-01T00:00:00.000Z', updatedAt: W46 } });
  await client.indices.refresh({ index: `${prefix}-*` });
});

afterAll(async () => {
  await deleteByPrefix(client, prefix);
  await client.close();
});

describe('the report response section from real Elasticsearch', () => {
  const week = parseIsoWeek('2026-W46', 'America/Montreal');
  const now = Date.parse('2026-11-17T12:00:00Z');
  const opts = { prefix, brand: 'Acme', competitors: ['Globex'], week, now, ownedPlatforms: ['mastodon', 'reddit'] };

  it('rate, exact median and p90, by platform and against last week; critics waiting oldest first', async () => {
    const d = await fetchReportData(client, opts);
    const s = d.responses!;
    expect(s.ownedPlatforms).toEqual(['mastodon', 'reddit']);
    // Needed: r1-r6, m1-m3. Answered: r1 60 s (not 5000), r2 600, r3 3600, r4 7200, m1 300.
    expect(s.current).toEqual({ needed: 9, answered: 5, handled: 1, waiting: 3, rate: 5 / 9, medianSeconds: 600, p90Seconds: 3600 + 0.6 * 3600 });
    expect(s.previous).toEqual({ needed: 3, answered: 2, handled: 0, waiting: 1, rate: 2 / 3, medianSeconds: 180, p90Seconds: 120 + 0.9 * 120 });
    expect(s.platforms.map((x) => [x.key, x.current.needed, x.current.answered, x.current.medianSeconds, x.previous.needed])).toEqual([
      ['reddit', 6, 4, 2100, 3],
      ['mastodon', 3, 1, 300, 0],
    ]);
    // r5 (negative, waiting), m2 (negative, the oldest), m3 (negative, snoozed: still waiting); r6 handled.
    expect(s.critics.map((c) => c.id)).toEqual(['m2', 'm3', 'r5']);
    expect(s.criticsWaiting).toBe(3);
    expect(s.critics[0]).toMatchObject({ platform: 'mastodon', author: '@m2', authorUrl: 'https://mastodon.example/@m2', url: 'https://example.com/m2', waitingSeconds: (now - Date.parse(m[1]!.publishedAt)) / 1000 });
    for (const locale of ['fr', 'en'] as const) {
      expect(renderHtml(d, locale)).not.toMatch(/NaN|Infinity|undefined/);
      expect(renderMarkdown(d, locale)).toContain(locale === 'fr' ? '## Réponses de la marque' : '## Brand responses');
    }
  });

  it('searchAll walks every page in order and says when it stopped at its maximum', async () => {
    const params = { index: `${prefix}-mentions`, query: { term: { 'source.kind': 'reddit' } }, sort: [{ '@timestamp': 'asc' }, { id: 'asc' }], _source: ['id'] };
    const all = await searchAll<{ id: string }>(client, params, { what: 'test', pageSize: 2 });
    const reddit = [...r, ...p, ...excluded, ...replies].filter((x) => x.source.kind === 'reddit');
    expect(all.complete).toBe(true);
    expect(all.hits.map((h) => h.id)).toEqual([...reddit].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id)).map((x) => x.id));
    const cut = await searchAll<{ id: string }>(client, params, { what: 'test', pageSize: 2, max: 3 });
    expect(cut).toMatchObject({ complete: false });
    expect(cut.hits.map((h) => h.id)).toEqual(all.hits.slice(0, 4).map((h) => h.id));
    expect(await searchAll(client, { ...params, index: `${prefix}-nothing-here` }, { what: 'test' })).toEqual({ hits: [], complete: true });
  });

  it('without owned accounts there is no response section; a week with nothing to answer has no rate', async () => {
    expect((await fetchReportData(client, { ...opts, ownedPlatforms: [] })).responses).toBeNull();
    const empty = await fetchReportData(client, { ...opts, week: parseIsoWeek('2026-W30', 'America/Montreal') });
    expect(empty.responses!.current).toEqual({ needed: 0, answered: 0, handled: 0, waiting: 0, rate: null, medianSeconds: null, p90Seconds: null });
    expect(empty.responses!.critics).toEqual([]);
  });
});
