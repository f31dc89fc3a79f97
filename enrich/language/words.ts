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

/** words.txt's bytes. */
function readTable(): Buffer {
  try {
    return readFileSync(FILE);
  } catch (e) {
    throw new VigieError('ERR_ENRICH_MODEL_MISSING', 'language word table enrich/language/words.txt cannot be read; rebuild it with enrich/language/build-words.py', { cause: e });
  }
}

const NEWLINE = 0x0a;
const SPACE = 0x20;

/**
 * Calls `line` for each data line of words.txt (`<lang> <zipf x 10> <word> <word>...`) with its
 * language, band and the byte offset where its words start and the line ends. Works on the bytes:
 * the words are hashed where they lie, never made strings (108,000 of them, ~20 MB of heap that
 * the process would keep as RSS after they are freed).
 */
function forEachLine(bytes: Buffer, line: (lang: string, band: number, from: number, end: number) => void): void {
  for (let at = 0; at < bytes.length; ) {
    let end = bytes.indexOf(NEWLINE, at);
    if (end < 0) end = bytes.length;
    if (end > at && bytes[at] !== 0x23) {
      const lang = bytes.toString('latin1', at, at + 2);
      let band = 0;
      let i = at + 3;
      for (; i < end && bytes[i] !== SPACE; i++) band = band * 10 + bytes[i]! - 0x30;
      line(lang, band, i + 1, end);
    }
    at = end + 1;
  }
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

/** Inserts the word hashed (a, b) → `row` in an open-addressing table of [hash 1, hash 2, row] slots. */
function insert(slots: Int32Array, mask: number, a: number, b: number, row: number): void {
  let slot = a & mask;
  while (slots[3 * slot + 2] !== -1) slot = (slot + 1) & mask;
  slots[3 * slot] = a;
  slots[3 * slot + 1] = b;
  slots[3 * slot + 2] = row;
}

function emptySlots(words: number): { slots: Int32Array; mask: number } {
  let cap = 1;
  while (cap < words * 2) cap <<= 1;
  // Slot i is [hash 1, hash 2, row] at 3i: a probe reads one cache line, not three arrays.
  const slots = new Int32Array(3 * cap);
  for (let i = 2; i < slots.length; i += 3) slots[i] = -1;
  return { slots, mask: cap - 1 };
}

/** Row offset of the word whose hashes are h1/h2, or -1. */
function find(slots: Int32Array, mask: number): number {
  let at = 3 * (h1 & mask);
  for (;;) {
    const row = slots[at + 2]!;
    if (row === -1) return -1;
    if (slots[at] === h1 && slots[at + 1] === h2) return row;
    at = at + 3 === slots.length ? 0 : at + 3;
  }
}

interface Table {
  weights: Uint8Array;
  slots: Int32Array;
  mask: number;
}

/** The weights and hash table of the candidates' words, or undefined when words.txt lacks one of them. */
function buildTable(codes: readonly string[]): Table | undefined {
  const bytes = readTable();
  const k = codes.length;
  // A language's floor: its list's last (lowest) band minus FLOOR_BELOW_LAST; bands descend.
  const last = new Map<string, number>();
  let entries = 0;
  forEachLine(bytes, (lang, band, from, end) => {
    last.set(lang, band);
    if (codes.includes(lang)) for (let i = from; i <= end; i++) if (i === end || bytes[i] === SPACE) entries++;
  });
  for (const c of codes) if (!last.has(c)) return undefined;
  // Built at the size the words would need if no two languages shared one, then copied at the size they need.
  let { slots, mask } = emptySlots(entries);
  let weights = new Uint8Array(entries * k);
  let rows = 0;
  forEachLine(bytes, (lang, band, from, end) => {
    const col = codes.indexOf(lang);
    if (col < 0) return;
    const weight = band - (last.get(lang)! - FLOOR_BELOW_LAST);
    for (let i = from; i <= end; i++) {
      if (i < end && bytes[i] !== SPACE) continue;
      if (i > from) {
        hashWord(bytes, from, i);
        let row = find(slots, mask);
        if (row < 0) {
          row = rows;
          rows += k;
          insert(slots, mask, h1, h2, row);
        }
        weights[row + col] = weight;
      }
      from = i + 1;
    }
  });
  weights = weights.slice(0, rows);
  const big = slots;
  ({ slots, mask } = emptySlots(rows / k));
  for (let i = 0; i < big.length; i += 3) if (big[i + 2] !== -1) insert(slots, mask, big[i]!, big[i + 1]!, big[i + 2]!);
  return { weights, slots, mask };
}

/** The word table for one candidate set, or undefined when words.txt lacks one of them. */
export function compileWordModel(codes: readonly string[]): WordModel | undefined {
  // Built in another function: `lookup` would otherwise keep alive every variable of this scope
  // that some other closure refers to (the file's bytes, used by buildTable's callbacks).
  const table = buildTable(codes);
  if (!table) return undefined;
  const { weights, slots, mask } = table;
  return {
    codes: [...codes],
    weights,
    lookup(word, from, to) {
      hashWord(word, from, to);
      return find(slots, mask);
    },
  };
}
