import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { VigieError } from '../../core/errors.ts';
import { eldLanguageIds, forEachEldNgram } from './eld-data.ts';

/**
 * Byte 4-gram scores of the Efficient Language Detector (npm `eld` 2.1.0, Apache-2.0, by Nito T.M.),
 * compiled for one candidate set. ELD measured best of the npm detectors on the dev sets (see
 * bench/accuracy.ts); we reuse its data but score only the candidates, in typed arrays, which is
 * several times faster than `eld.detect()` + `setLanguageSubset()` (that scores all 60 languages).
 */
export interface EldModel {
  /** ISO 639-1 codes, in column order. */
  readonly codes: readonly string[];
  /**
   * Row offset in `weights` of an n-gram key (see `ngramKey`), or -1; `hash` is
   * `ngramKeyHash(lo, meta)`, which the caller has computed already.
   */
  lookup(lo: number, meta: number, hash: number): number;
  /** Distinct n-grams in the table. */
  readonly size: number;
  /** `codes.length` columns per row; 0 = n-gram unseen for that language, else ELD score + 53. */
  readonly weights: Uint8Array;
}

/** Languages ELD's data covers (ISO 639-1; ELD's `no` stands for Norwegian Bokmål). */
export const ELD_LANGUAGES: readonly string[] = [
  'am', 'ar', 'az', 'be', 'bg', 'bn', 'ca', 'cs', 'da', 'de', 'el', 'en', 'es', 'et', 'eu', 'fa', 'fi', 'fr', 'gu',
  'he', 'hi', 'hr', 'hu', 'hy', 'is', 'it', 'ja', 'ka', 'kn', 'ko', 'ku', 'lo', 'lt', 'lv', 'ml', 'mr', 'ms', 'nl',
  'no', 'or', 'pa', 'pl', 'pt', 'ro', 'ru', 'sk', 'sl', 'sq', 'sr', 'sv', 'ta', 'te', 'th', 'tl', 'tr', 'uk', 'ur',
  'vi', 'yo', 'zh',
];

/** ELD subtracted this from every stored score to shrink its files; adding it back is part of its scoring. */
const BASE_SCORE = 53;

function findEldSource(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', 'eld', 'src');
    if (existsSync(join(candidate, 'ngrams', 'large.js'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new VigieError('ERR_ENRICH_MODEL_MISSING', 'language model data not found: the npm package eld (2.1.0) is not installed; run npm ci');
    }
    dir = parent;
  }
}

/**
 * Evaluates one of ELD's small data modules (`export const name = <object literal>`) in an
 * isolated context: the package's exports map hides these files. Only for the 1.7 KB dictionary;
 * the 4.4 MB n-gram table is scanned (eld-data.ts).
 */
function readEldData(file: string, name: string): unknown {
  const source = readFileSync(file, 'utf8').replace(`export const ${name}`, `var ${name}`);
  const context: Record<string, unknown> = {};
  vm.runInNewContext(source, context, { filename: file });
  return context[name];
}

let dictionary: readonly string[] | undefined;
let ids: Uint8Array | undefined;

/**
 * UTF-8 byte → the character id it has in ELD's keys: ELD writes bytes ≥ 0x80 with its
 * dictionary, which maps the bytes it never expects (lead bytes of rare scripts, of 4-byte
 * characters...) to a space; those are the same key character as a word boundary, as in ELD.
 */
export function byteIds(): Uint8Array {
  if (!ids) {
    const dict = eldDictionary();
    ids = new Uint8Array(256);
    for (let b = 0; b < 256; b++) ids[b] = b >= 0x80 && dict[b] === ' ' ? 0x20 : b;
  }
  return ids;
}

/** Mixes an n-gram key (first 4 character ids packed in `lo`; the rest and the length in `meta`). */
export function ngramKeyHash(lo: number, meta: number): number {
  let h = Math.imul(lo ^ Math.imul(meta, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const KEY_ASCII = /^[a-z'` ]$/;

/** An ELD key string → [lo, meta] over character ids (ASCII as itself, other characters as their byte). */
function ngramKey(key: string, byteOf: ReadonlyMap<string, number>): [number, number] | undefined {
  if (key.length > 6) return undefined;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    // Text reaches ELD lowercased with only letters and apostrophes: any other ASCII character
    // in a key ('M', '2', '{'...) is how ELD's dictionary writes a byte >= 0x80.
    const id = KEY_ASCII.test(ch) ? ch.charCodeAt(0) : byteOf.get(ch);
    if (id === undefined) return undefined;
    if (i < 4) lo = (lo << 8) | id;
    else hi = (hi << 8) | id;
  }
  return [lo | 0, (hi << 3) | key.length];
}

/** ELD's byte → character table: its n-grams are UTF-8 bytes written with these characters. */
export function eldDictionary(): readonly string[] {
  dictionary ??= readEldData(join(findEldSource(), 'dictionary.js'), 'dictionary') as string[];
  return dictionary;
}

/** Where ELD's 'large' n-gram table is (a module the package's exports map hides). */
export function eldNgramFile(): string {
  return join(findEldSource(), 'ngrams', 'large.js');
}

/**
 * The n-grams any of `codes` has (their keys) and their scores, `codes.length` per row. Apart from
 * compileEldModel: the scan's callback would otherwise keep `keys` and `chunks` alive in the
 * context `lookup` closes over.
 */
function readRows(codes: readonly string[]): { keys: Array<[number, number]>; chunks: number[] } {
  // Scanned, not evaluated: see eld-data.ts (RSS +282 MB when evaluated).
  const source = readFileSync(eldNgramFile(), 'utf8');
  const columnOf = new Int32Array(256).fill(-1);
  for (const [id, code] of eldLanguageIds(source)) {
    const col = codes.indexOf(code);
    if (col >= 0 && id < columnOf.length) columnOf[id] = col;
  }
  const k = codes.length;
  const dict = eldDictionary();
  const byteOf = new Map<string, number>();
  for (let b = 0x80; b < 256; b++) if (dict[b] !== ' ') byteOf.set(dict[b]!, b);
  const keys: Array<[number, number]> = [];
  const chunks: number[] = [];
  forEachEldNgram(source, (keyOf, ids, scores, count) => {
    let row: number | undefined;
    for (let i = 0; i < count; i++) {
      const col = ids[i]! < columnOf.length ? columnOf[ids[i]!]! : -1;
      if (col < 0) continue;
      if (row === undefined) {
        const key = ngramKey(keyOf(), byteOf);
        if (!key) return;
        row = chunks.length;
        for (let j = 0; j < k; j++) chunks.push(0);
        keys.push(key);
      }
      chunks[row + col] = scores[i]! + BASE_SCORE;
    }
  });
  return { keys, chunks };
}

/** Builds the candidate-restricted table; `codes` must all be in ELD_LANGUAGES. */
export function compileEldModel(codes: readonly string[]): EldModel {
  const { keys, chunks } = readRows(codes);
  const k = codes.length;
  // Open addressing at load factor <= 0.5: a miss costs one or two probes.
  let cap = 1;
  while (cap < keys.length * 2) cap <<= 1;
  const tLo = new Int32Array(cap);
  const tMeta = new Int32Array(cap);
  const tRow = new Int32Array(cap);
  const mask = cap - 1;
  keys.forEach(([lo, meta], i) => {
    let slot = ngramKeyHash(lo, meta) & mask;
    while (tMeta[slot] !== 0) slot = (slot + 1) & mask;
    tLo[slot] = lo;
    tMeta[slot] = meta;
    tRow[slot] = i * k;
  });
  return {
    codes: [...codes],
    size: keys.length,
    weights: Uint8Array.from(chunks),
    lookup(lo, meta, hash) {
      let slot = hash & mask;
      for (;;) {
        const m = tMeta[slot]!;
        if (m === 0) return -1;
        if (m === meta && tLo[slot] === lo) return tRow[slot]!;
        slot = (slot + 1) & mask;
      }
    },
  };
}
