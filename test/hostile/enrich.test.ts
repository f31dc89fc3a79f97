/**
 * Hostile raw mentions through the enrich stage's own code (`processRaw` with the pipeline the
 * worker runs): broken JSON, wrong types, prototype keys, lone surrogates, control, zero-width
 * and bidi characters, markup injection, huge texts and words, deep nesting. All in one batch
 * with good mentions between them: each hostile one is enriched, dropped or dead-lettered with a
 * code, nothing crashes, memory stays bounded, and every good mention still comes out.
 */
process.env.DOTENV_CONFIG_QUIET = 'true';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { parseEnrichedMention } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { createEnrichPipeline } from '../../enrich/pipeline.ts';
import { processRaw } from '../../enrich/worker.ts';
import { WATCH } from '../chaos/lib/pipeline.ts';
import { measure } from './measure.ts';

interface MentionCase {
  name: string;
  line: string;
  expect: 'enriched' | 'enriched-or-dropped' | `dlq:${string}`;
  /** What the case attacks (documentation). */
  attacks?: string;
  /** Strings the enriched output must not hold (a dropped javascript: link...). */
  absent?: string[];
}
const fixtures = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hostile', 'mentions', 'cases.json'), 'utf8')) as MentionCase[];

const base = { schemaVersion: 1, source: { kind: 'rss', name: 'h' }, publishedAt: '2026-11-17T14:00:00Z' };
const line = (id: string, extra: Record<string, unknown>) => JSON.stringify({ ...base, id, text: 'Acme', ...extra });
/** Large cases, generated rather than committed. */
const generated: MentionCase[] = [
  { name: 'text-2mb', line: line('g:2mb', { text: `Acme ${'great coffee and awful service '.repeat(64_000)}` }), expect: 'enriched' },
  { name: 'word-500k', line: line('g:word', { text: `Acme ${'x'.repeat(500_000)} good` }), expect: 'enriched' },
  { name: 'line-no-spaces-1mb', line: line('g:nospace', { text: `Acme,${'a,b;c.'.repeat(170_000)}` }), expect: 'enriched' },
  { name: 'hashtags-10k', line: line('g:tags', { text: `Acme ${Array.from({ length: 10_000 }, (_, i) => `#t${i}`).join(' ')}` }), expect: 'enriched' },
  { name: 'urls-10k', line: line('g:urls', { text: `Acme ${Array.from({ length: 10_000 }, (_, i) => `https://u${i}.example/p?q=${i}`).join(' ')}` }), expect: 'enriched' },
  { name: 'handles-10k', line: line('g:handles', { text: `Acme ${Array.from({ length: 10_000 }, (_, i) => `@user${i}`).join(' ')}` }), expect: 'enriched' },
  { name: 'title-1mb', line: line('g:title', { title: 'T'.repeat(1_000_000) }), expect: 'enriched' },
  { name: 'json-nested-100k', line: `{"id":"g:deep","source":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, expect: 'dlq:ERR_SCHEMA_INVALID' },
  { name: 'huge-numbers', line: line('g:nums', { engagement: { likes: 1e308, shares: 9007199254740993 }, author: { followers: 1e300 } }), expect: 'dlq:ERR_SCHEMA_INVALID' },
  { name: 'repeated-punctuation', line: line('g:punct', { text: `Acme ${'!?'.repeat(200_000)}` }), expect: 'enriched' },
  { name: 'emoji-flood', line: line('g:emoji', { text: `Acme ${'😡🔥👍🏽🇨🇦'.repeat(50_000)}` }), expect: 'enriched' },
  { name: 'whitespace-flood', line: line('g:ws', { text: `Acme${' \t\n\u00a0\u3000'.repeat(200_000)}end` }), expect: 'enriched' },
];
const cases = [...fixtures, ...generated];

describe('hostile raw mentions through the enrich stage (one batch)', () => {
  const pipeline = createEnrichPipeline(
    { languages: ['fr', 'en'], watch: WATCH as never, dropUnmatched: true },
    { logger: silentLogger(), clock: systemClock, metrics: new Metrics() },
  );
  const results = new Map<string, ReturnType<typeof processRaw>>();
  const goods: string[] = [];

  const cost = new Map<string, { ms: number; peakMb: number; keptMb: number }>();

  it('processes the whole batch: no throw, bounded time and memory per mention', async () => {
    for (const [i, c] of cases.entries()) {
      const r = await measure(() => processRaw({ key: c.name, value: c.line }, pipeline));
      expect(r.error, c.name).toBeUndefined();
      results.set(c.name, r.value!);
      cost.set(c.name, { ms: r.ms, peakMb: r.peakMb, keptMb: r.keptMb });
      // A good mention after every hostile one: it must come out whatever came before.
      const g = `good:${i}`;
      goods.push(g);
      results.set(g, processRaw({ key: g, value: line(g, { text: `Acme coffee is great, mention ${i}` }) }, pipeline));
    }
    const heavy = [...cost].filter(([, x]) => x.ms > 1000 || x.peakMb > 100);
    if (heavy.length) console.log(`heavy hostile mentions: ${heavy.map(([n, x]) => `${n} ${Math.round(x.ms)} ms, peak ${Math.round(x.peakMb)} MB`).join('; ')}`);
    for (const [n, x] of cost) {
      expect(x.ms, n).toBeLessThan(5_000);
      // The largest input is 2 MB of text. Language and sentiment read only the first few
      // thousand characters; before that cap, 5 MB of text cost 380 MB of heap and 5 s.
      expect(x.peakMb, n).toBeLessThan(200);
      // What stays is the enriched copy kept by this test, plus the dedup memory of recent texts.
      expect(x.keptMb, n).toBeLessThan(40);
    }
  }, 90_000);

  it('every good mention between the hostile ones is enriched', () => {
    for (const g of goods) expect(results.get(g)?.out, g).toBeDefined();
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = results.get(c.name)!;
    expect(r, 'processed').toBeDefined();
    if (c.expect.startsWith('dlq:')) {
      expect(r.dlq, 'dead-lettered').toBeDefined();
      const dl = JSON.parse(r.dlq!.value) as { stage: string; code: string; reason: string; payload: string };
      expect(dl.stage).toBe('enrich');
      expect(dl.code).toBe(c.expect.slice(4));
      expect(dl.reason.length).toBeGreaterThan(5);
      // The dead letter is bounded whatever the payload (1 MB cap).
      expect(r.dlq!.value.length).toBeLessThan(2_100_000);
      return;
    }
    expect(r.dlq && JSON.parse(r.dlq.value), 'not dead-lettered').toBeUndefined();
    if (c.expect === 'enriched') expect(r.out, 'enriched').toBeDefined();
    else expect(r.out !== undefined || r.dropped !== undefined).toBe(true);
    for (const a of c.absent ?? []) expect(r.out?.value ?? '').not.toContain(a);
    if (r.out) {
      // What enrich emits, the indexer must accept.
      const m = parseEnrichedMention(JSON.parse(r.out.value));
      expect(m.id).toBe((JSON.parse(c.line) as { id: string }).id);
      expect(['negative', 'neutral', 'positive']).toContain(m.sentiment.label);
      expect(m.sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(m.sentiment.score).toBeLessThanOrEqual(1);
    }
  });

  it('prototype keys in a mention pollute nothing', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});
