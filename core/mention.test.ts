import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { enrichedMentionSchema, fastEnrichedMention, fastRawMention, parseEnrichedMention, parseRawMention, rawMentionSchema } from './mention.ts';

const raw = {
  schemaVersion: 1, id: 'rss:1', source: { kind: 'rss', name: 'n', url: 'https://f.example/feed' }, url: 'https://f.example/1',
  publishedAt: '2026-03-01T09:00:00Z', fetchedAt: '2026-03-01T09:01:00.000Z', title: 'T', text: 'Acme 👍',
  author: { id: 'u', handle: 'h', name: 'N', url: 'https://f.example/u', followers: 10, verified: false },
  engagement: { likes: 0, shares: 2, replies: 3, views: 9_007_199_254_740_991 }, parentId: 'rss:0', threadId: 'rss:0', lang: 'fr',
  geo: { lat: -90, lon: 180, country: 'CA', place: 'Québec' },
};
const { lang: _l, ...rawNoLang } = raw;
const enriched = {
  ...rawNoLang, declaredLang: 'fr', lang: { code: 'fr', confidence: 1, method: 'm' }, sentiment: { score: -1, label: 'negative', confidence: 0, method: 's' },
  matches: [{ name: 'Acme', role: 'brand' }, { name: 'B', role: 'industry' }], influence: { score: 100, reach: 0 },
  entities: { hashtags: ['a'], handles: [], urls: ['https://x.example'], domains: ['x.example'] }, duplicateOf: 'rss:0', enrichedAt: '2026-03-01T09:02:00Z',
};
const minimal = { schemaVersion: 1, id: 'x', source: { kind: 'k' }, publishedAt: '2026-03-01T00:00:00Z', text: '' };
const minimalEnriched = { ...minimal, lang: { code: 'und', confidence: 0 }, sentiment: { score: 0, label: 'neutral', method: 's' }, matches: [], enrichedAt: '2026-03-01T00:00:00Z' };

const WEIRD: unknown[] = [
  undefined, null, '', 'x', 'x'.repeat(513), 'not a date', '2026-13-45T00:00:00Z', 0, -0, -1, 1.5, 101, -91, 91, 181, 2 ** 60, Number.NaN, Infinity, -Infinity, 1e308,
  true, [], {}, ['a', 1], [{ name: 'a', role: 'boss' }], [{ name: 'a', role: 'brand', extra: 1 }], new Date(), Object.create({ kind: 'rss' }),
];

/** Every value reachable in `v`, as a path of keys. */
function paths(v: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof v !== 'object' || v === null) return [at];
  const own = Array.isArray(v) ? v.map((_, i) => i) : Object.keys(v);
  return [at, ...own.flatMap((k) => paths((v as Record<string | number, unknown>)[k], [...at, k]))];
}

/** `base` with the value at `path` replaced (or deleted, or given an unknown sibling). */
function mutate(base: unknown, path: Array<string | number>, how: { set: unknown } | 'delete' | 'extra'): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (path.length === 0) return how === 'extra' ? { ...copy, unknownKey: 1 } : typeof how === 'object' ? how.set : copy;
  let o = copy;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (how === 'delete') delete o[last];
  else if (how === 'extra') {
    const t = o[last];
    if (t && typeof t === 'object' && !Array.isArray(t)) (t as Record<string, unknown>).unknownKey = 1;
  } else o[last] = how.set;
  return copy;
}

/** The fast path may only accept what zod accepts, and then zod's output equals the value itself. */
function compare(name: string, schema: z.ZodType, fast: (v: unknown) => boolean, bases: unknown[]): { accepted: number; tried: number } {
  let accepted = 0;
  let tried = 0;
  for (const base of bases) {
    expect(fast(base), `${name}: the valid base mention takes the fast path`).toBe(true);
    for (const p of paths(base)) {
      for (const how of ['delete', 'extra', ...WEIRD.map((set) => ({ set }))] as const) {
        const v = mutate(base, p, how);
        const z = schema.safeParse(structuredClone(v));
        const f = fast(v);
        tried++;
        if (!f) continue;
        accepted++;
        const label = `${name} ${p.join('.')} ${typeof how === 'object' ? String(how.set) : how}`;
        expect(z.success, label).toBe(true);
        expect(z.data, label).toStrictEqual(v);
      }
    }
  }
  return { accepted, tried };
}

describe('mention validation fast path', () => {
  it('raw: accepts only what the schema accepts, returning the same value', () => {
    const r = compare('raw', rawMentionSchema, fastRawMention, [raw, minimal]);
    expect(r.accepted).toBeGreaterThan(10);
    expect(r.accepted).toBeLessThan(r.tried);
  });

  it('enriched: accepts only what the schema accepts, returning the same value', () => {
    const r = compare('enriched', enrichedMentionSchema, fastEnrichedMention, [enriched, minimalEnriched]);
    expect(r.accepted).toBeGreaterThan(10);
    expect(r.accepted).toBeLessThan(r.tried);
  });

  it('parse functions: the fast path returns the value, the slow path fills defaults and throws with every problem', () => {
    expect(parseRawMention(raw)).toBe(raw);
    expect(parseEnrichedMention(enriched)).toBe(enriched);
    const { schemaVersion: _v, ...noVersion } = minimal;
    expect(parseRawMention(noVersion)).toEqual(minimal);
    expect(parseRawMention({ ...minimal, extra: 1 })).toEqual(minimal);
    expect(() => parseRawMention({ ...minimal, id: '', publishedAt: 'no' })).toThrow(/id: .*; publishedAt: must be an ISO-8601 date/);
    expect(() => parseEnrichedMention({ ...minimalEnriched, matches: [{ name: 'a', role: 'boss' }] })).toThrow(/ERR_SCHEMA_INVALID|invalid enriched mention: matches\.0\.role/);
  });
});
