import { describe, expect, it } from 'vitest';
import { dedup, dedupConfigSchema, DuplicateDetector } from './index.ts';

let seq = 0;
const at = (h: number): string => new Date(Date.parse('2026-01-05T00:00:00Z') + h * 3_600_000).toISOString();
function mention(text: string, id = `m${++seq}`, hour = 0): { id: string; text: string; publishedAt: string } {
  return { id, text, publishedAt: at(hour) };
}

const ORIGINAL = 'Grosse panne du réseau Acme à Montréal ce matin, plus de 3h sans internet https://t.co/abc';

describe('near-duplicate detection', () => {
  it('marks a retweet as a duplicate of the first mention seen', () => {
    const d = new DuplicateDetector();
    expect(d.check(mention(ORIGINAL, 'orig'))).toBeUndefined();
    expect(d.check(mention(`RT @bob: ${ORIGINAL}`))).toBe('orig');
    expect(d.check(mention(`RT @alice: RT @bob: ${ORIGINAL}`))).toBe('orig');
  });
  it('ignores URLs, handles, punctuation, case and accents', () => {
    const d = new DuplicateDetector();
    d.check(mention(ORIGINAL, 'orig'));
    expect(d.check(mention('Grosse panne du réseau Acme à Montréal ce matin, plus de 3h sans internet https://acme.ca/status?id=9'))).toBe('orig');
    expect(d.check(mention('GROSSE PANNE du reseau acme a montreal ce matin... plus de 3h sans internet!!! via @acmenews'))).toBe('orig');
    expect(d.check(mention('@acme Grosse panne du réseau Acme à Montréal ce matin — plus de 3h sans internet'))).toBe('orig');
  });
  it('catches a small edit', () => {
    const d = new DuplicateDetector();
    d.check(mention(ORIGINAL, 'orig'));
    expect(d.check(mention('Grosse panne du réseau Acme à Montréal ce matin, plus de 4h sans internet'))).toBe('orig');
    expect(d.check(mention('Grosse panne du réseau Acme à Montréal ce matin, plus de 3h sans internet, vraiment nul'))).toBe('orig');
  });
  it('does not link different texts, even on the same topic', () => {
    const d = new DuplicateDetector();
    d.check(mention(ORIGINAL, 'orig'));
    expect(d.check(mention('Grosse panne du réseau Acme à Québec ce soir, plus de 3h sans téléphone'))).toBeUndefined();
    expect(d.check(mention('Acme annonce un nouveau forfait internet pas cher à Montréal'))).toBeUndefined();
    expect(d.check(mention('I love the new Acme phone so much'))).toBeUndefined();
    expect(d.check(mention('I hate the new Acme phone so much'))).toBeUndefined();
    expect(d.check(mention('Acme vient de publier ses résultats du troisième trimestre, en hausse'))).toBeUndefined();
    expect(d.check(mention('Globex vient de publier ses prévisions du quatrième trimestre, en baisse'))).toBeUndefined();
  });
  it('never marks a re-delivered mention as a duplicate of itself', () => {
    const d = new DuplicateDetector();
    expect(d.check(mention(ORIGINAL, 'orig'))).toBeUndefined();
    expect(d.check(mention(ORIGINAL, 'orig'))).toBeUndefined();
    expect(d.check(mention(ORIGINAL.replace('3h', '4h'), 'orig'))).toBeUndefined();
    expect(d.check(mention(`RT @x: ${ORIGINAL}`, 'rt1'))).toBe('orig');
    expect(d.check(mention(`RT @x: ${ORIGINAL}`, 'rt1'))).toBe('orig');
  });
  it('matches short texts only exactly, and very short ones only as retweets', () => {
    const d = new DuplicateDetector();
    expect(d.check(mention('Acme est en panne', 'a'))).toBeUndefined();
    expect(d.check(mention('acme est en PANNE!'))).toBe('a');
    expect(d.check(mention('Acme est en grosse panne'))).toBeUndefined();
    expect(d.check(mention('Merci !', 'm'))).toBeUndefined();
    expect(d.check(mention('Merci !'))).toBeUndefined();
    expect(d.check(mention('RT @acme: Merci !', 'rt'))).toBeUndefined();
    expect(d.check(mention('RT @bob: Merci !'))).toBe('rt');
    expect(d.check(mention('🔥🔥 https://t.co/x'))).toBeUndefined();
    expect(d.check(mention('🔥🔥 https://t.co/y'))).toBeUndefined();
  });
  it('reads the title with the text (syndicated articles)', () => {
    const d = new DuplicateDetector();
    const body = 'La société a annoncé mardi une panne majeure touchant des milliers de clients au Québec.';
    expect(d.check({ ...mention(body, 'a'), title: 'Panne majeure chez Acme' })).toBeUndefined();
    expect(d.check({ ...mention(body), title: 'Panne majeure chez Acme' })).toBe('a');
    expect(d.check({ ...mention(body), title: 'Résultats trimestriels de Globex en hausse nette' })).toBeUndefined();
  });
  it('forgets copies further apart than the window', () => {
    const d = new DuplicateDetector({ windowMs: 72 * 3_600_000 });
    d.check(mention(ORIGINAL, 'orig', 0));
    expect(d.check(mention(`RT @x: ${ORIGINAL}`, 'a', 71))).toBe('orig');
    expect(d.check(mention(`RT @y: ${ORIGINAL}`, 'late', 100))).toBeUndefined();
    expect(d.check(mention(`RT @z: ${ORIGINAL}`, 'b', 101))).toBe('late');
    expect(d.store.size).toBe(1);
  });
});

describe('fingerprint store bounds', () => {
  const vocab = 'acme globex panne réseau forfait cher super nul québec montréal boycott service client livraison retard prix promo qualité batterie écran téléphone appli merci bravo'.split(' ');
  /** A distinct 12-word text per i (deterministic). */
  const text = (i: number): string => {
    let s = i * 2654435761;
    const w: string[] = [String(i)];
    for (let j = 0; j < 11; j++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      w.push(vocab[(s >>> 8) % vocab.length]!);
    }
    return w.join(' ');
  };
  it('keeps at most maxEntries fingerprints, forgetting the oldest', () => {
    const d = new DuplicateDetector({ maxEntries: 1000 });
    for (let i = 0; i < 5000; i++) expect(d.check(mention(text(i), `t${i}`))).toBeUndefined();
    expect(d.store.size).toBe(1000);
    expect(d.check(mention(text(10)))).toBeUndefined();
    expect(d.check(mention(text(4990)))).toBe('t4990');
    expect(d.check(mention(text(4001)))).toBe('t4001');
  });
  it('finds every live entry exactly after many evictions (hash table deletion)', () => {
    const d = new DuplicateDetector({ maxEntries: 37 });
    for (let i = 0; i < 2000; i++) d.check(mention(`court ${i} texte`, `s${i}`));
    for (let i = 2000 - 37; i < 2000; i++) expect(d.check(mention(`COURT ${i} texte!`))).toBe(`s${i}`);
    expect(d.check(mention(`court ${2000 - 38} texte`))).toBeUndefined();
  });
  it('states its memory per entry', () => {
    const d = new DuplicateDetector({ maxEntries: 100_000 });
    // 48 signature bytes + 12 band cells + exact cell + time, hashes, flags, id reference.
    expect(d.store.bytesPerEntry).toBeCloseTo(147.4, 1);
  });
});

describe('dedup component', () => {
  it('parses its config with defaults and a duration window', () => {
    expect(dedupConfigSchema.parse({})).toEqual({ maxEntries: 100_000, window: 72 * 3_600_000, threshold: 0.7, nearMinWords: 10, exactMinWords: 3 });
    expect(dedupConfigSchema.parse({ window: '1h', maxEntries: 10 }).window).toBe(3_600_000);
    expect(dedupConfigSchema.parse({ window: 5000 }).window).toBe(5000);
    expect(dedupConfigSchema.safeParse({ window: 'soon' }).success).toBe(false);
    expect(dedupConfigSchema.safeParse({ maxEntries: 0 }).success).toBe(false);
  });
  it('creates a duplicateOf enricher', () => {
    const e = dedup.create(dedupConfigSchema.parse({ maxEntries: 10 }), undefined as never);
    expect(e.field).toBe('duplicateOf');
    const m = { schemaVersion: 1 as const, source: { kind: 'twitter' }, publishedAt: at(0), text: ORIGINAL };
    expect(e.enrich({ ...m, id: 'a' }, {})).toBeUndefined();
    expect(e.enrich({ ...m, id: 'b' }, {})).toBe('a');
  });
});
