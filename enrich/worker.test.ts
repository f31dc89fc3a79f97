process.env.DOTENV_CONFIG_QUIET = 'true';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { parseRawMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { createEnrichPipeline } from './pipeline.ts';
import { processRaw } from './worker.ts';

const watch = [{ name: 'acme', role: 'brand' as const, query: 'acme' }];
const pipeline = () =>
  createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: false }, { logger: silentLogger(), clock: new FakeClock(Date.parse('2026-03-01T10:00:00Z')), metrics: new Metrics() });

const base = { schemaVersion: 1, id: 'rss:1', source: { kind: 'rss', name: 'n' }, publishedAt: '2026-03-01T09:00:00Z', text: "J'adore le café d'Acme #acme @bob https://acme.example/a" };
const raws: Array<Record<string, unknown>> = [
  base,
  { ...base, id: 'rss:2', url: 'https://x.example/2', title: 'Été', author: { id: '7', handle: 'bob', followers: 10 }, engagement: { likes: 2 }, geo: { lat: 45.5, lon: -73.6 } },
  { ...base, id: 'rss:3', lang: 'fr', fetchedAt: '2026-03-01T09:01:00Z', parentId: 'rss:0', threadId: 'rss:0' },
  // The same text as rss:1: a duplicateOf.
  { ...base, id: 'rss:4', text: `RT @a: ${base.text}` },
  { ...base, id: 'rss:5', text: 'Acme « chaud » 🔥 \u2028 "quoted" \\ back', schemaVersion: undefined },
];

describe('processRaw', () => {
  it('writes the enriched mention with the same fields and values as serialising it, whatever the raw text looks like', () => {
    const spliced = pipeline();
    const serialised = pipeline();
    const texts = raws.flatMap((r) => [JSON.stringify(r), `${JSON.stringify(r, null, 2)}\n`]);
    for (const text of texts) {
      const out = processRaw({ key: null, value: text }, spliced).out!;
      const expected = serialised.enrich(parseRawMention(JSON.parse(text))).mention!;
      expect(out.key).toBe(expected.id);
      expect(JSON.parse(out.value)).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it('appends the enrichment to the raw text when it has exactly the schema fields, and serialises otherwise', () => {
    const p = pipeline();
    const text = JSON.stringify(base);
    expect(processRaw({ key: null, value: text }, p).out!.value.startsWith(text.slice(0, -1))).toBe(true);
    // A declared language is renamed, an unknown field stripped, a default filled: serialised.
    for (const r of [{ ...base, id: 'x:1', lang: 'fr' }, { ...base, id: 'x:2', extra: 1 }, { ...base, id: 'x:3', schemaVersion: undefined }]) {
      const value = processRaw({ key: null, value: JSON.stringify(r) }, p).out!.value;
      expect(value.startsWith('{"schemaVersion":1,"id":')).toBe(true);
      expect(value).not.toContain('"extra"');
      expect(value).not.toContain('"lang":"fr"');
    }
  });
});
