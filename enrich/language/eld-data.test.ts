import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { eldLanguageIds, forEachEldNgram } from './eld-data.ts';
import { eldNgramFile } from './eld-model.ts';

interface EldNgramData {
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

describe('ELD n-gram data scanner', () => {
  it('reads exactly what evaluating the module gives: every language id, n-gram key and score', () => {
    const source = readFileSync(eldNgramFile(), 'utf8');
    // The reference: the module evaluated as JavaScript, as the detector did before the scanner.
    const context: Record<string, unknown> = {};
    vm.runInNewContext(source.replace('export const ngramsData', 'var ngramsData'), context);
    const data = context.ngramsData as EldNgramData;

    expect(Object.fromEntries([...eldLanguageIds(source)].map(([id, code]) => [String(id), code]))).toEqual(data.languages);

    let seen = 0;
    const mismatches: string[] = [];
    forEachEldNgram(source, (keyOf, ids, scores, count) => {
      seen++;
      const key = keyOf();
      const expected = data.ngrams[key];
      const got = Object.fromEntries(Array.from(ids.subarray(0, count), (id, i) => [String(id), scores[i]]));
      if (!expected || JSON.stringify(Object.entries(got).sort()) !== JSON.stringify(Object.entries(expected).sort())) mismatches.push(key);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // As many n-grams as the object has keys: no key read twice (a repeated key keeps its last value in JavaScript).
    expect(seen).toBe(Object.keys(data.ngrams).length);
  }, 30_000);

  it('unescapes quoted keys and reads bare identifier and integer keys', () => {
    const got: Array<[string, number[]]> = [];
    forEachEldNgram(`x={ngrams:{'a\\'b':{1:2,3:40},L_QL:{0:1},5656:{7:0}}}`, (keyOf, ids, scores, count) => {
      got.push([keyOf(), [...ids.subarray(0, count), ...scores.subarray(0, count)]]);
    });
    expect(got).toEqual([["a'b", [1, 3, 2, 40]], ['L_QL', [0, 1]], ['5656', [7, 0]]]);
  });

  it('rejects what it does not understand rather than misreading it', () => {
    for (const bad of [`{ngrams:{'a\\nb':{1:2}}}`, `{ngrams:{0123:{1:2}}}`, `{ngrams:{'ab':{1:-2}}}`, `{ngrams:{'ab`, `{languages:[]}`]) {
      expect(() => forEachEldNgram(bad, () => {}), bad).toThrow(expect.objectContaining({ code: 'ERR_ENRICH_MODEL_MISSING' }));
    }
  });
});
