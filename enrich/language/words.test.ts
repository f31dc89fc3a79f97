import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWordModel } from './words.ts';

// words.txt is generated (build-words.py); these are the properties words.ts relies on, so a hand
// edit or a changed wordfreq export that breaks them fails here rather than skewing scores.
describe('words.txt', () => {
  const lines = readFileSync(new URL('./words.txt', import.meta.url), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

  it('has the 20,000 most frequent words of each of the 7 languages, bands descending, no repeats', () => {
    const perLang = new Map<string, { words: Set<string>; last: number }>();
    for (const line of lines) {
      const [lang, band, ...words] = line.split(' ');
      expect(lang, line.slice(0, 20)).toMatch(/^[a-z]{2}$/);
      const zipf = Number(band);
      expect(Number.isInteger(zipf) && zipf > 0 && zipf < 90, line.slice(0, 20)).toBe(true);
      const entry = perLang.get(lang!) ?? { words: new Set<string>(), last: Infinity };
      expect(zipf, `${lang} bands descending`).toBeLessThan(entry.last);
      entry.last = zipf;
      for (const w of words) {
        expect(entry.words.has(w), `${lang} ${w} twice`).toBe(false);
        entry.words.add(w);
      }
      perLang.set(lang!, entry);
    }
    expect([...perLang.keys()].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'nl', 'pt']);
    for (const [lang, { words }] of perLang) expect(words.size, lang).toBe(20000);
  });

  it('holds lowercase, NFC, letter-only words (what the detector looks up)', () => {
    const bad = lines.flatMap((l) => l.split(' ').slice(2)).filter((w) => !/^\p{L}+$/u.test(w) || w !== w.toLowerCase() || w !== w.normalize('NFC'));
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('compiles, for every word and language, its band above the floor (20 below the last band), 0 when absent', () => {
    const codes = ['nl', 'fr', 'pt', 'de'];
    const expected = new Map<string, number[]>();
    const last = new Map<string, number>();
    for (const line of lines) last.set(line.split(' ')[0]!, Number(line.split(' ')[1]));
    for (const line of lines) {
      const [lang, band, ...words] = line.split(' ');
      const col = codes.indexOf(lang!);
      if (col < 0) continue;
      for (const w of words) {
        const row = expected.get(w) ?? codes.map(() => 0);
        row[col] = Number(band) - (last.get(lang!)! - 20);
        expected.set(w, row);
      }
    }
    const model = compileWordModel(codes)!;
    expect(model.weights.length).toBe(expected.size * codes.length);
    const encoder = new TextEncoder();
    const wrong: string[] = [];
    for (const [w, weights] of expected) {
      const bytes = encoder.encode(w);
      const row = model.lookup(bytes, 0, bytes.length);
      if (row < 0 || codes.some((_, c) => model.weights[row + c] !== weights[c])) wrong.push(w);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    for (const absent of ['vigie', 'zzzq', 'xqjw']) expect(model.lookup(encoder.encode(absent), 0, absent.length), absent).toBe(-1);
  });
});
