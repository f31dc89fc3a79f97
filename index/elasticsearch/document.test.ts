import { describe, expect, it } from 'vitest';
import { toDocument } from './document.ts';
import { mappedFields, mentionMappings } from './templates.ts';
import type { EnrichedMention } from '../../core/mention.ts';

const full: EnrichedMention = {
  schemaVersion: 1,
  id: 'mastodon:1',
  source: { kind: 'mastodon', name: 'qc', url: 'https://mastodon.example/api' },
  url: 'https://mastodon.example/@marie/1',
  publishedAt: '2026-01-31T23:59:59.000Z',
  fetchedAt: '2026-02-01T00:00:05.000Z',
  title: 'Été à Québec',
  text: "L'hiver à Québec, c’est long",
  author: { id: '42', handle: '@marie', name: 'Marie', followers: 1200, verified: false },
  engagement: { likes: 3, shares: 2, replies: 1, views: 100 },
  parentId: 'mastodon:0',
  declaredLang: 'fr',
  geo: { lat: 46.8, lon: -71.2, country: 'CA' },
  lang: { code: 'fr', confidence: 0.98 },
  sentiment: { score: -0.4, label: 'negative', method: 'lexicon' },
  matches: [{ name: 'Acme', role: 'brand' }, { name: 'Globex', role: 'competitor' }, { name: 'Acme', role: 'brand' }],
  influence: { score: 71, reach: 1200 },
  entities: { hashtags: ['hiver'], handles: [], urls: [], domains: ['mastodon.example'] },
  enrichedAt: '2026-02-01T00:00:06.000Z',
};

function paths(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    if (Array.isArray(o) && o.length && typeof o[0] === 'object') return o.flatMap((x) => paths(x, prefix));
    return [prefix.slice(0, -1)];
  }
  if (prefix === 'geo.location.') return ['geo.location'];
  return Object.entries(o).flatMap(([k, v]) => paths(v, `${prefix}${k}.`));
}

describe('toDocument', () => {
  it('computes timestamp, folded text, role arrays, author key, engagement total, geo point', () => {
    const d = toDocument(full, new Date('2026-02-01T00:00:07Z'));
    expect(d['@timestamp']).toBe('2026-01-31T23:59:59.000Z');
    expect(d.text_folded).toBe('hiver a quebec, est long');
    expect(d.title_folded).toBe('ete a quebec');
    expect(d.brand).toEqual(['Acme']);
    expect(d.competitor).toEqual(['Globex']);
    expect(d.industry).toEqual([]);
    expect(d.voice).toEqual(['Acme', 'Globex']);
    expect(d.site).toBe('mastodon.example');
    expect(d.author).toMatchObject({ key: 'mastodon:42', handle: '@marie' });
    expect(d.engagement).toEqual({ likes: 3, shares: 2, replies: 1, views: 100, total: 6 });
    expect(d.geo).toEqual({ location: { lat: 46.8, lon: -71.2 }, country: 'CA' });
    expect(d.ingestedAt).toBe('2026-02-01T00:00:07.000Z');
  });

  it('produces only mapped fields (the mapping is dynamic: strict)', () => {
    const mapped = mappedFields(mentionMappings(false));
    for (const p of paths(toDocument(full))) expect(mapped.has(p), p).toBe(true);
  });

  it('leaves absent optional parts out rather than null', () => {
    const { title, author, engagement, geo, influence, entities, fetchedAt, parentId, declaredLang, ...minimal } = full;
    const d = toDocument(minimal as EnrichedMention);
    expect(Object.keys(d)).not.toContain('author');
    expect(Object.keys(d)).not.toContain('title_folded');
    expect(Object.values(d)).not.toContain(undefined);
  });
});
