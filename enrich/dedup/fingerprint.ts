import { constants, fmix32 as fmix32Import, hashString as hashStringImport } from './hash.ts';

// Hot loops: bind imported functions once (tsx compiles imports to getter calls).
const fmix32 = fmix32Import;
const hashString = hashStringImport;

/** MinHash values per text. */
export const K = 48;
/** LSH bands of {@link ROWS} values each: 12 × 4 = 48. */
export const BANDS = 12;
export const ROWS = K / BANDS;

const A = constants(K, 0x5eed_a, true);
const B = constants(K, 0x5eed_b);
const BAND_SALT = constants(BANDS, 0x5eed_c);

/** Exact fingerprint: two independent 32-bit hashes of the word sequence (64 bits together). */
export interface Exact {
  h1: number;
  h2: number;
}

/** Hashes of each word (used for both the exact fingerprint and the MinHash features). */
export function wordHashes(words: readonly string[], out: Uint32Array): Uint32Array {
  const wh = out.length >= words.length ? out : new Uint32Array(words.length * 2);
  for (let i = 0; i < words.length; i++) wh[i] = hashString(words[i]!);
  return wh;
}

export function exactOf(wh: Uint32Array, n: number): Exact {
  let h1 = 0x9747b28c ^ n;
  let h2 = 0x2545f491 + n;
  for (let i = 0; i < n; i++) {
    const w = wh[i]!;
    h1 = fmix32(Math.imul(h1, 0x01000193) ^ w);
    h2 = fmix32((Math.imul(h2, 0x0000ff2b) + Math.imul(w, 0x27d4eb2d)) | 0);
  }
  return { h1, h2 };
}

/**
 * MinHash signature over words and word pairs (`mins` receives K values): one word edited in a
 * 20-word text keeps a Jaccard similarity around 0.85, while reordering whole texts is still
 * noticed through the pairs. Each of the K functions is an affine permutation of the feature hash
 * followed by an xor-shift, also a permutation.
 */
export function minhash(wh: Uint32Array, n: number, mins: Uint32Array): void {
  mins.fill(0xffffffff);
  const a = A;
  const b = B;
  const k0 = K;
  for (let i = 0; i < 2 * n - 1; i++) {
    const f = i < n ? wh[i]! : fmix32(Math.imul(wh[i - n]!, 0x9e3779b1) ^ wh[i - n + 1]!);
    for (let k = 0; k < k0; k++) {
      let v = (Math.imul(f, a[k]!) + b[k]!) | 0;
      v = (v ^ (v >>> 15)) >>> 0;
      if (v < mins[k]!) mins[k] = v;
    }
  }
}

/** Hash of each LSH band (ROWS consecutive MinHash values) into `keys` (BANDS values). */
export function bandKeys(mins: Uint32Array, keys: Uint32Array): void {
  for (let b = 0; b < BANDS; b++) {
    let h = BAND_SALT[b]!;
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ mins[b * ROWS + r]!, 0x01000193);
    keys[b] = fmix32(h);
  }
}
