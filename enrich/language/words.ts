import { readFileSync } from 'node:fs';
import { VigieError } from '../../core/errors.ts';

/**
 * Word evidence for language identification: how frequent a whole word is in each candidate
 * language, from words.txt (the 20,000 most frequent words of de, en, es, fr, it, nl, pt in
 * wordfreq 3.1.1, made by build-words.py; 1.2 MB, CC-BY-SA 4.0). ELD's n-grams see pieces of
 * words; on two-word texts Spanish and Portuguese pieces look alike while the words' frequencies
 * differ ("todos" vs "todas", "tambem"): measured on the dev sets, adding this evidence takes word
 * pairs from 92.1% to 94.5% and tweets from 98.4% to 98.7%, and leaves sentences at 99.9%.
 */
export interface WordModel {
  /** ISO 639-1 codes, in column order. */
  readonly codes: readonly string[];
  /** Row offset in `weights` of the lowercase UTF-8 word in bytes [from, to), or -1. */
  lookup(bytes: Uint8Array, from: number, to: number): number;
  /**
   * `codes.length` columns per row: the word's Zipf frequency in tenths above the language's
   * floor, 0 when the word is not among that language's 20,000.
   */
  readonly weights: Uint8Array;
}

/**
 * A word missing from a language's list is rarer there than its 20,000th word: it is scored as
 * 2 Zipf units (100 times) rarer than that word. The one tuned parameter, with the list size
 * (measured on the dev sets; 1 and 3 are both within 0.3 point on word pairs).
 */
const FLOOR_BELOW_LAST = 20;

const FILE = new URL('./words.txt', import.meta.url);

/**
 * words.txt → language → word → Zipf frequency in tenths. Read again for each candidate set (once
 * per process in practice) rather than kept: the strings weigh ~20 MB of heap, the table ~4 MB.
 */
function readBands(): Map<string, Map<string, number>> {
  const bands = new Map<string, Map<string, number>>();
  let text: string;
  try {
    text = readFileSync(FILE, 'utf8');
  } catch (e) {
    throw new VigieError('ERR_ENRICH_MODEL_MISSING', 'language word table enrich/language/words.txt cannot be read; rebuild it with enrich/language/build-words.py', { cause: e });
  }
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const [lang, band, ...words] = line.split(' ');
    let byWord = bands.get(lang!);
    if (!byWord) bands.set(lang!, (byWord = new Map()));
    for (const w of words) byWord.set(w, Number(band));
  }
  return bands;
}

let h1 = 0;
let h2 = 0;

/**
 * Two 32-bit FNV-1a hashes (different primes) of bytes [from, to); `ß` counts as `ss`, as
 * wordfreq case-folds it. Sets h1/h2 rather than returning a pair: no garbage on the hot path.
 */
function hashWord(bytes: Uint8Array, from: number, to: number): void {
  let a = 0x811c9dc5;
  let b = 0x2545f491;
  for (let i = from; i < to; i++) {
    let c = bytes[i]!;
    if (c === 0xc3 && bytes[i + 1] === 0x9f && i + 1 < to) {
      a = Math.imul(a ^ 0x73, 0x01000193);
      b = Math.imul(b ^ 0x73, 0x27d4eb2f);
      c = 0x73;
      i++;
    }
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x27d4eb2f);
  }
  h1 = a | 0;
  h2 = (b ^ (b >>> 15)) | 0;
}

/** Every word of the candidates' lists, and its row of weights (same order). */
function collectRows(codes: readonly string[], all: Map<string, Map<string, number>>): { words: string[]; weights: Uint8Array } {
  const k = codes.length;
  const rowOf = new Map<string, number>();
  const chunks: number[] = [];
  codes.forEach((code, col) => {
    const byWord = all.get(code)!;
    const floor = Math.min(...byWord.values()) - FLOOR_BELOW_LAST;
    for (const [w, band] of byWord) {
      let row = rowOf.get(w);
      if (row === undefined) {
        row = chunks.length;
        rowOf.set(w, row);
        for (let i = 0; i < k; i++) chunks.push(0);
      }
      chunks[row + col] = band - floor;
    }
  });
  return { words: [...rowOf.keys()], weights: Uint8Array.from(chunks) };
}

/** The word table for one candidate set, or undefined when words.txt lacks one of them. */
export function compileWordModel(codes: readonly string[]): WordModel | undefined {
  // No closure here but `lookup`: V8 would keep alive, for as long as `lookup` lives, every
  // variable of this scope that another closure refers to (the ~10 MB of word strings).
  const all = readBands();
  for (const c of codes) if (!all.has(c)) return undefined;
  const { words, weights } = collectRows(codes, all);
  let cap = 1;
  while (cap < words.length * 2) cap <<= 1;
  const mask = cap - 1;
  // Slot i is [hash 1, hash 2, row] at 3i: a probe reads one cache line, not three arrays.
  const slots = new Int32Array(3 * cap);
  for (let i = 2; i < slots.length; i += 3) slots[i] = -1;
  const encoder = new TextEncoder();
  for (let i = 0; i < words.length; i++) {
    const bytes = encoder.encode(words[i]);
    hashWord(bytes, 0, bytes.length);
    let slot = h1 & mask;
    while (slots[3 * slot + 2] !== -1) slot = (slot + 1) & mask;
    slots[3 * slot] = h1;
    slots[3 * slot + 1] = h2;
    slots[3 * slot + 2] = i * codes.length;
  }
  return {
    codes: [...codes],
    weights,
    lookup(bytes, from, to) {
      hashWord(bytes, from, to);
      let at = 3 * (h1 & mask);
      for (;;) {
        const row = slots[at + 2]!;
        if (row === -1) return -1;
        if (slots[at] === h1 && slots[at + 1] === h2) return row;
        at = at + 3 === slots.length ? 0 : at + 3;
      }
    },
  };
}
