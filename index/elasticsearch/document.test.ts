import { describe, expect, it } from 'vitest';
import { documentJson, fromDocument, keepSource, sourceOf, toDocument } from './document.ts';
import { mappedFields, mentionMappings } from './templates.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import { foldText } from '../../core/text/fold.ts';

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

// The implementation before it was made cheap (keys deleted from copies, role names filtered five
// times): the documents written must not change by a byte.
function referenceDocument(m: EnrichedMention, ingestedAt: Date): Record<string, unknown> {
  const compact = <T extends Record<string, unknown>>(o: T): T => {
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    return o;
  };
  const named = (role: string) => [...new Set(m.matches.filter((x) => x.role === role).map((x) => x.name))];
  let site: string | undefined;
  try {
    site = m.url ? new URL(m.url).hostname.replace(/^www\./, '') || undefined : undefined;
  } catch {
    site = undefined;
  }
  const e = m.engagement;
  const total = e ? (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0) : undefined;
  return compact({
    '@timestamp': m.publishedAt, id: m.id, schemaVersion: m.schemaVersion, source: compact({ ...m.source }), url: m.url,
    publishedAt: m.publishedAt, fetchedAt: m.fetchedAt, enrichedAt: m.enrichedAt, ingestedAt: ingestedAt.toISOString(),
    title: m.title, title_folded: m.title === undefined ? undefined : foldText(m.title), text: m.text, text_folded: foldText(m.text),
    author: m.author ? compact({ ...m.author, key: m.author.id === undefined ? undefined : `${m.source.kind}:${m.author.id}` }) : undefined,
    engagement: e ? compact({ ...e, total }) : undefined, parentId: m.parentId, threadId: m.threadId, declaredLang: m.declaredLang,
    lang: m.lang, sentiment: m.sentiment, matches: m.matches, brand: named('brand'), competitor: named('competitor'),
    industry: named('industry'), voice: [...new Set([...named('brand'), ...named('competitor')])], site, influence: m.influence,
    entities: m.entities, duplicateOf: m.duplicateOf,
    geo: m.geo ? compact({ location: { lat: m.geo.lat, lon: m.geo.lon }, country: m.geo.country, place: m.geo.place }) : undefined,
  });
}

/** Mentions with every subset of the optional parts dropped, and odd values in the rest. */
function variedMentions(): EnrichedMention[] {
  const optional = ['title', 'url', 'author', 'engagement', 'geo', 'influence', 'entities', 'fetchedAt', 'parentId', 'declaredLang', 'threadId', 'duplicateOf'] as const;
  const matchSets: EnrichedMention['matches'][] = [
    [],
    [{ name: 'Acme', role: 'industry' }],
    [{ name: 'Globex', role: 'competitor' }, { name: 'Acme', role: 'brand' }, { name: 'Globex', role: 'brand' }, { name: 'Globex', role: 'competitor' }],
    [{ name: 'Café', role: 'industry' }, { name: 'Initech', role: 'competitor' }, { name: 'Café', role: 'industry' }, { name: 'Acme', role: 'brand' }],
  ];
  const urls = [undefined, 'https://www.example.com/a', 'not a url', 'https://WWW.Exemple.QC.ca:8443/x?y#z', 'https://www./', 'http://[::1]/p'];
  const authors: EnrichedMention['author'][] = [undefined, { handle: '@anon' }, { id: '7', name: 'Zoé' }, { id: '', handle: 'h', followers: 0, verified: true }];
  const engagements: EnrichedMention['engagement'][] = [undefined, {}, { views: 9 }, { likes: 1, replies: 4 }];
  const geos: EnrichedMention['geo'][] = [undefined, { lat: 0, lon: 0 }, { lat: -33.9, lon: 151.2, place: 'Sydney' }];
  const out: EnrichedMention[] = [];
  for (let mask = 0; mask < 1 << optional.length; mask += 7) {
    const m: Record<string, unknown> = { ...full, threadId: 'mastodon:t', duplicateOf: 'mastodon:0', text: mask % 3 ? 'ÉTÉ «chaud» à Montréal 🔥' : '' };
    optional.forEach((k, i) => {
      if (mask & (1 << i)) delete m[k];
    });
    if (m.url) m.url = urls[mask % urls.length];
    if (m.author) m.author = authors[mask % authors.length];
    if (m.engagement) m.engagement = engagements[mask % engagements.length];
    if (m.geo) m.geo = geos[mask % geos.length];
    m.matches = matchSets[mask % matchSets.length];
    out.push(m as EnrichedMention);
  }
  return out;
}

describe('toDocument output', () => {
  it('is byte for byte the reference implementation on varied mentions', () => {
    const at = new Date('2026-02-01T00:00:07Z');
    const mentions = variedMentions();
    expect(mentions.length).toBeGreaterThan(500);
    for (const m of mentions) {
      const d = toDocument(m, at);
      expect(JSON.stringify(d)).toBe(JSON.stringify(referenceDocument(m, at)));
      expect(Object.values(d)).not.toContain(undefined);
    }
  });

  it('stamps each call with its own date', () => {
    expect(toDocument(full, new Date('2026-02-01T00:00:07Z')).ingestedAt).toBe('2026-02-01T00:00:07.000Z');
    expect(toDocument(full, new Date('2026-02-01T00:00:08Z')).ingestedAt).toBe('2026-02-01T00:00:08.000Z');
  });
});

describe('documentJson', () => {
  const at = new Date('2026-02-01T00:00:07Z');

  it('spliced into the mention\'s own JSON, has the fields and values of toDocument on varied mentions', () => {
    for (const m of variedMentions()) {
      const spliced = documentJson(m, at, JSON.stringify(m));
      // Same fields and values; only the order of the top-level keys differs.
      expect(JSON.parse(spliced)).toEqual(JSON.parse(JSON.stringify(toDocument(m, at))));
      expect(spliced).not.toBe(JSON.stringify(toDocument(m, at)));
    }
  });

  it('keeps the source text as it came and trailing whitespace out', () => {
    const source = `${JSON.stringify(full)} \n`;
    const d = documentJson(full, at, source);
    const own = JSON.stringify(full);
    expect(d.startsWith(own.slice(0, own.indexOf('"author"')))).toBe(true);
    expect(d.endsWith('}')).toBe(true);
    expect(JSON.parse(d)).toEqual(JSON.parse(JSON.stringify(toDocument(full, at))));
  });

  it('falls back to serialising toDocument when the text is spelled another way or absent', () => {
    const expected = JSON.stringify(toDocument(full, at));
    expect(documentJson(full, at)).toBe(expected);
    expect(documentJson(full, at, JSON.stringify(full, null, 1))).toBe(expected);
    // An escape JSON.stringify does not use, inside an object the document changes.
    expect(documentJson(full, at, JSON.stringify(full).replace('"handle":"@marie"', '"handle":"\\u0040marie"'))).toBe(expected);
    const noGeo = { ...full, geo: undefined };
    expect(documentJson(noGeo, at, JSON.stringify(noGeo).replace('"engagement":{', '"engagement": {'))).toBe(JSON.stringify(toDocument(noGeo, at)));
  });

  it('keeps the source text out of serialisations and copies of the mention', () => {
    const m = { ...full };
    keepSource(m, JSON.stringify(full));
    expect(sourceOf(m)).toBe(JSON.stringify(full));
    expect(JSON.stringify(m)).toBe(JSON.stringify(full));
    expect(sourceOf({ ...m, text: 'changed' })).toBeUndefined();
    expect(Object.keys(m)).toEqual(Object.keys(full));
  });

  it('adds author.key and engagement.total to empty-looking objects without a stray comma', () => {
    const m = { ...full, author: { id: '' }, engagement: {}, geo: undefined };
    const d = JSON.parse(documentJson(m, at, JSON.stringify(m)));
    expect(d.author).toEqual({ id: '', key: 'mastodon:' });
    expect(d.engagement).toEqual({ total: 0 });
  });
});

describe('fromDocument', () => {
  it('gives back the mention a document was made from (history replays read it)', () => {
    expect(fromDocument(JSON.parse(JSON.stringify(toDocument(full))))).toEqual(full);
    const { geo: _g, author: _a, ...bare } = full;
    expect(fromDocument(JSON.parse(documentJson(bare, new Date())))).toEqual(bare);
  });
  it('refuses a document that is no longer a valid mention', () => {
    expect(() => fromDocument({ id: 'x', text: 'y' })).toThrow();
  });
});
