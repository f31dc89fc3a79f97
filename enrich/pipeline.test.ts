process.env.DOTENV_CONFIG_QUIET = 'true';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/clock.ts';
import { silentLogger } from '../core/logger.ts';
import { parseEnrichedMention, parseRawMention } from '../core/mention.ts';
import { Metrics } from '../core/metrics.ts';
import { createEnrichPipeline } from './pipeline.ts';
import { fetchEncoder } from './sentiment/encoder/fetch.ts';

const ctx = { logger: silentLogger(), clock: new FakeClock(Date.parse('2026-03-01T10:00:00Z')), metrics: new Metrics() };
const watch = [{ name: 'acme', role: 'brand' as const, query: 'acme' }];

describe('enrich pipeline: the enriched mention', () => {
  it('keeps every raw field, renames the declared language and adds each enrichment', () => {
    const p = createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: false }, ctx);
    const raw = parseRawMention({
      id: 'rss:1', source: { kind: 'rss', name: 'n' }, url: 'https://x.example/1', publishedAt: '2026-03-01T09:00:00Z', fetchedAt: '2026-03-01T09:01:00Z',
      title: 'T', text: 'I love Acme coffee #acme @bob https://acme.example/a', author: { handle: 'bob', followers: 10 }, engagement: { likes: 2 },
      parentId: 'rss:0', threadId: 'rss:0', lang: 'en', geo: { lat: 45.5, lon: -73.6 },
    });
    const m = p.enrich(raw).mention!;
    const { lang: declared, ...rest } = raw;
    expect(m).toMatchObject(rest);
    expect(m.declaredLang).toBe(declared);
    expect(m.lang.code).toBe('en');
    expect(m.matches).toEqual([{ name: 'acme', role: 'brand' }]);
    expect(m.entities?.hashtags).toEqual(['acme']);
    expect(m.influence).toBeDefined();
    expect(m.enrichedAt).toBe('2026-03-01T10:00:00.000Z');
    expect(Object.keys(m).sort()).toEqual([...Object.keys(rest), 'declaredLang', 'lang', 'sentiment', 'matches', 'influence', 'entities', 'reply', 'enrichedAt'].sort());
    expect(parseEnrichedMention(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('adds no declaredLang or duplicateOf when there is none, and marks the copy', () => {
    const p = createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: false }, ctx);
    const text = 'Acme a encore augmenté ses prix ce matin, vraiment pas correct pour les clients fidèles';
    const first = p.enrich(parseRawMention({ id: 'x:1', source: { kind: 'x' }, publishedAt: '2026-03-01T09:00:00Z', text })).mention!;
    const copy = p.enrich(parseRawMention({ id: 'x:2', source: { kind: 'x' }, publishedAt: '2026-03-01T09:05:00Z', text: `RT @a: ${text}` })).mention!;
    expect('declaredLang' in first).toBe(false);
    expect('duplicateOf' in first).toBe(false);
    expect(copy.duplicateOf).toBe('x:1');
  });

  it('drops a mention no watch entry matches when asked to', () => {
    const p = createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: true }, ctx);
    expect(p.enrich(parseRawMention({ id: 'x:3', source: { kind: 'x' }, publishedAt: '2026-03-01T09:00:00Z', text: 'nothing here' }))).toEqual({ dropped: 'no_watch_match' });
  });
});

describe('enrich pipeline: two sentiment tiers', () => {
  const FAST = 'vigie-sentiment-lr@1.2.0';
  const FUSED = 'vigie-sentiment-fused@1.2.0';
  const mention = (id: string, text: string) => parseRawMention({ id, source: { kind: 'x' }, publishedAt: '2026-03-01T09:00:00Z', text });
  const texts: Array<[string, string]> = [
    ['t:1', "J'adore Acme, le service est impeccable et l'équipe super gentille"],
    ['t:2', 'Acme has the worst support ever, still no refund after three weeks'],
    ['t:3', 'Le train de 8 h est encore en retard, quelle horreur'],
    ['t:4', 'What a beautiful morning in Montréal, loving it'],
  ];
  const run = (accurate: 'matched' | 'all' | 'off', logger = silentLogger(), encoderFile?: string) => {
    const p = createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: false, sentiment: { accurate, encoderFile } }, { ...ctx, logger });
    return texts.map(([id, t]) => p.enrich(mention(id, t)).mention!.sentiment);
  };

  // The real encoder: downloaded and converted on the first run, as the worker does.
  beforeAll(async () => {
    await fetchEncoder();
  }, 600_000);

  it('matched mentions get the fused label, the others the fast one; sentiment.method tells them apart', () => {
    const s = run('matched');
    expect(s.map((x) => x.method)).toEqual([FUSED, FUSED, FAST, FAST]);
    expect(s.map((x) => x.label)).toEqual(['positive', 'negative', 'negative', 'positive']);
    expect(run('all').map((x) => x.method)).toEqual([FUSED, FUSED, FUSED, FUSED]);
    expect(run('off').map((x) => x.method)).toEqual([FAST, FAST, FAST, FAST]);
    // The fused score differs from the fast one: the encoder weighed in.
    expect(run('all')[0]!.score).not.toBe(run('off')[0]!.score);
  });

  it('with no encoder file, every mention gets the fast label and the stage logs one warning, no error', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const s = run('all', logger, '/nonexistent/encoder.bin');
    expect(s.map((x) => x.method)).toEqual([FAST, FAST, FAST, FAST]);
    expect(s.map((x) => x.label)).toEqual(['positive', 'negative', 'negative', 'positive']);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, code: 'ERR_ENRICH_MODEL_MISSING', msg: expect.stringMatching(/npm run build:models.*fast model only/) });
  });
});
