process.env.DOTENV_CONFIG_QUIET = 'true';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { parseRawMention, type RawMentionInput } from '../../core/mention.ts';
import { Metrics } from '../../core/metrics.ts';
import { createEnrichPipeline } from '../pipeline.ts';
import { questionOrComplaint } from './detect.ts';
import { measure, readLabelled } from './measure.ts';

const ctx = { logger: silentLogger(), clock: new FakeClock(Date.parse('2026-03-01T10:00:00Z')), metrics: new Metrics() };
const watch = [
  { name: 'Voltix', role: 'brand' as const, query: 'voltix OR @voltix', owned: { x: ['111'], mastodon: ['voltix@mastodon.social'] } },
  { name: 'Rival', role: 'competitor' as const, query: 'rival' },
];
let n = 0;
const raw = (over: Partial<RawMentionInput>): ReturnType<typeof parseRawMention> =>
  parseRawMention({ id: `x:${++n}`, source: { kind: 'x' }, publishedAt: '2026-03-01T09:00:00Z', text: '', author: { id: `u${n}`, handle: `user${n}` }, ...over });

describe('needs a reply', () => {
  const pipeline = () => createEnrichPipeline({ languages: ['fr', 'en'], watch, dropUnmatched: true }, ctx);

  it('waits for questions and complaints about the brand, in French and English', () => {
    const p = pipeline();
    expect(p.enrich(raw({ text: 'Est-ce que Voltix livre à Sherbrooke le samedi' })).mention!.reply).toEqual({ needed: true, reasons: ['question'] });
    expect(p.enrich(raw({ text: 'Still waiting for my Voltix refund, unacceptable' })).mention!.reply).toEqual({ needed: true, reasons: ['complaint'] });
    expect(p.enrich(raw({ text: 'Chu tanné, ça marche-tu votre appli Voltix?' })).mention!.reply!.reasons).toEqual(['question', 'complaint']);
    expect(p.enrich(raw({ text: 'Voltix opens a new warehouse in Lévis' })).mention!.reply).toEqual({ needed: false, reasons: [] });
  });

  it('waits when addressed to the brand by handle, even without a question', () => {
    const p = createEnrichPipeline({ languages: ['fr', 'en'], watch: [{ ...watch[0]!, owned: { x: ['voltix'] } }], dropUnmatched: true }, ctx);
    expect(p.enrich(raw({ text: 'Merci @Voltix pour la livraison de ce matin' })).mention!.reply).toEqual({ needed: true, reasons: ['addressed'] });
  });

  it('a reply to a brand post waits although it does not name the brand, and is kept past the watch drop', () => {
    const p = pipeline();
    const post = p.enrich(raw({ id: 'x:900', text: 'Nos magasins ouvrent à 8 h demain', author: { id: '111', handle: 'voltix' } })).mention!;
    expect(post.reply).toEqual({ needed: false, reasons: [], owner: 'Voltix' });
    expect(post.matches).toEqual([]);
    // Naming the brand does not make the brand's own answer a mention of it (volume, alerts).
    const named = p.enrich(raw({ text: 'Voltix ici: désolés, on vous écrit en privé', author: { id: '111', handle: 'voltix' }, parentId: 'x:42' })).mention!;
    expect(named.matches).toEqual([]);
    expect(named.reply).toEqual({ needed: false, reasons: [], owner: 'Voltix' });
    const answer = p.enrich(raw({ text: 'Et celui de Laval aussi', parentId: 'x:900' })).mention!;
    expect(answer.matches).toEqual([{ name: 'Voltix', role: 'brand' }]);
    expect(answer.reply).toEqual({ needed: true, reasons: ['addressed'] });
    expect(p.enrich(raw({ text: 'Et celui de Laval aussi', parentId: 'x:901' })).dropped).toBe('no_watch_match');
  });

  it('never waits for the brand itself, a competitor-only question, or a near-duplicate of one waiting', () => {
    const p = pipeline();
    expect(p.enrich(raw({ text: 'Why is Voltix down again?', author: { id: '111' } })).mention!.reply!.needed).toBe(false);
    expect(p.enrich(raw({ text: 'Why is Rival down again?' })).mention!.reply!.needed).toBe(false);
    const text = 'Does anyone know if Voltix ships to Nunavut this winter or only in the summer months';
    expect(p.enrich(raw({ text })).mention!.reply!.needed).toBe(true);
    const copy = p.enrich(raw({ text: `RT ${text}` })).mention!;
    expect(copy.duplicateOf).toBeDefined();
    expect(copy.reply!.needed).toBe(false);
  });

  it('an owned handle counts on its own platform only', () => {
    const p = pipeline();
    const onMastodon = p.enrich(raw({ id: 'mastodon:1', source: { kind: 'mastodon' }, text: 'Voltix: pourquoi ce délai?', author: { id: '111' } })).mention!;
    // Its reasons also depend on the sentiment tier (a fused model may call it a complaint too).
    expect(onMastodon.reply).toMatchObject({ needed: true, reasons: expect.arrayContaining(['question']) });
  });

  it('ignores the question mark of a URL', () => {
    expect(questionOrComplaint('Voltix sale https://voltix.example/p?id=3', 0)).toEqual([]);
  });
});

describe('question and complaint detection on the labelled set (labelled.tsv, see README.md)', () => {
  it('prints precision and recall; floors well under the measured figures', () => {
    const lines = readLabelled(fileURLToPath(new URL('./labelled.tsv', import.meta.url)));
    expect(lines.length).toBeGreaterThanOrEqual(150);
    const r = measure(lines);
    const f = (s: { precision: number; recall: number }) => `P ${s.precision.toFixed(3)} R ${s.recall.toFixed(3)}`;
    console.log(`reply detection on ${lines.length} lines: question ${f(r.question)}; complaint ${f(r.complaint)}; either (waits) ${f(r.either)}`);
    expect(r.either.precision).toBeGreaterThan(0.85);
    expect(r.either.recall).toBeGreaterThan(0.85);
    expect(r.question.recall).toBeGreaterThan(0.85);
    expect(r.complaint.recall).toBeGreaterThan(0.8);
  });
});
