import { byteIds, ngramKeyHash, type EldModel } from './eld-model.ts';
import type { WordModel } from './words.ts';

/** ELD stops reading after this many UTF-8 bytes (at the next space past the soft limit). */
const SOFT_CUT_BYTES = 350;
const HARD_CUT_BYTES = 380;
/** ELD reads at most this many bytes of one word. */
const MAX_WORD_BYTES = 70;

/** Per-candidate sums of ELD n-gram scores for one text, and how many distinct n-grams it had. */
export interface EldScores {
  /** Valid until the next call (a scratch array reused to keep the hot path allocation-free). */
  readonly sums: Float64Array;
  readonly ngrams: number;
  /** Per-candidate sums of word evidence (see words.ts); all 0 without a word model. Same lifetime as `sums`. */
  readonly words: Float64Array;
}

let letterTable: Uint8Array | undefined;
let lowerTable: Uint16Array | undefined;

/** BMP code unit → 1 if `\p{L}`, and → its lowercase (0 when lowercasing gives several units). */
function buildTables(): void {
  {
    const letters = new Uint8Array(0x10000);
    const lower = new Uint16Array(0x10000);
    const re = /\p{L}/u;
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c < 0xe000) continue;
      const ch = String.fromCharCode(c);
      letters[c] = re.test(ch) ? 1 : 0;
      const l = ch.toLowerCase();
      lower[c] = l.length === 1 ? l.charCodeAt(0) : 0;
    }
    letterTable = letters;
    lowerTable = lower;
  }
}

const ASTRAL_LETTER = /^\p{L}$/u;
const isApostrophe = (c: number): boolean => c === 0x27 || c === 0x60 || c === 0x2019;

/**
 * Scratch state of one scoring pass: the current word's UTF-8 bytes and the set of distinct
 * n-grams already counted (open addressing, cleared by bumping a stamp instead of zeroing).
 */
const word = new Uint8Array(512);
const SEEN_SIZE = 1024;
const seenKey = new Int32Array(SEEN_SIZE);
const seenMeta = new Int32Array(SEEN_SIZE);
const seenStamp = new Uint32Array(SEEN_SIZE);
let stamp = 0;
let sums = new Float64Array(0);
let wordSums = new Float64Array(0);
let vocab: WordModel | undefined;

// State of the current pass, module-level so the hot path creates no closure and no garbage.
let cur: EldModel;
let ids: Uint8Array;
let k = 0;
let distinct = 0;
let wlen = 0;
let bytes = 0;
let stop = false;

function count(lo: number, meta: number): void {
  const h = ngramKeyHash(lo, meta);
  let slot = h & (SEEN_SIZE - 1);
  while (seenStamp[slot] === stamp) {
    if (seenKey[slot] === lo && seenMeta[slot] === meta) return;
    slot = (slot + 1) & (SEEN_SIZE - 1);
  }
  if (distinct >= SEEN_SIZE >> 1) return;
  seenStamp[slot] = stamp;
  seenKey[slot] = lo;
  seenMeta[slot] = meta;
  distinct++;
  const row = cur.lookup(lo, meta, h);
  if (row < 0) return;
  const w = cur.weights;
  for (let c = 0; c < k; c++) sums[c]! += w[row + c]!;
}

/** n-gram of bytes [from, to) of the current word, with word-start/end marks (spaces in ELD's keys). */
function gram(from: number, to: number, lead: boolean, trail: boolean): void {
  let lo = 0;
  let hi = 0;
  let len = 0;
  if (lead) {
    lo = 0x20;
    len = 1;
  }
  for (let i = from; i < to; i++) {
    if (len < 4) lo = (lo << 8) | ids[word[i]!]!;
    else hi = (hi << 8) | ids[word[i]!]!;
    len++;
  }
  if (trail) {
    if (len < 4) lo = (lo << 8) | 0x20;
    else hi = (hi << 8) | 0x20;
    len++;
  }
  count(lo | 0, (hi << 3) | len);
}

/** Adds the word evidence of bytes [from, to) of the current word. */
function lookupWord(from: number, to: number): void {
  if (to - from < 1) return;
  const row = vocab!.lookup(word, from, to);
  if (row < 0) return;
  const w = vocab!.weights;
  for (let c = 0; c < k; c++) wordSums[c]! += w[row + c]!;
}

/** Looks up each apostrophe-free part of the current word ("l'homme" → "l", "homme", as wordfreq splits it). */
function lookupParts(len: number): void {
  let from = 0;
  for (let i = 0; i < len; i++) {
    const c = word[i]!;
    if (c === 0x27 || c === 0x60) {
      lookupWord(from, i);
      from = i + 1;
    } else if (c === 0xe2 && word[i + 1] === 0x80 && word[i + 2] === 0x99) {
      lookupWord(from, i);
      from = i + 3;
      i += 2;
    }
  }
  lookupWord(from, len);
}

function endWord(): void {
  if (wlen === 0) return;
  const len = Math.min(wlen, MAX_WORD_BYTES);
  if (vocab && wlen <= MAX_WORD_BYTES) lookupParts(len);
  let j = 0;
  for (; j + 4 < len; j += 3) gram(j, j + 4, j === 0, false);
  gram(len !== 3 ? Math.max(0, len - 4) : 0, len, j === 0, true);
  wlen = 0;
}

function space(): void {
  endWord();
  if (bytes > SOFT_CUT_BYTES) stop = true;
  bytes++;
  if (bytes > HARD_CUT_BYTES) stop = true;
}

function put(c: number): void {
  if (c < 0x80) {
    word[wlen++] = c;
    bytes++;
  } else if (c < 0x800) {
    word[wlen++] = 0xc0 | (c >> 6);
    word[wlen++] = 0x80 | (c & 0x3f);
    bytes += 2;
  } else if (c < 0x10000) {
    word[wlen++] = 0xe0 | (c >> 12);
    word[wlen++] = 0x80 | ((c >> 6) & 0x3f);
    word[wlen++] = 0x80 | (c & 0x3f);
    bytes += 3;
  } else {
    word[wlen++] = 0xf0 | (c >> 18);
    word[wlen++] = 0x80 | ((c >> 12) & 0x3f);
    word[wlen++] = 0x80 | ((c >> 6) & 0x3f);
    word[wlen++] = 0x80 | (c & 0x3f);
    bytes += 4;
  }
  // Only the first 70 bytes of a word count; the rest only advance the byte budget.
  if (wlen > word.length - 8) wlen = word.length - 8;
  if (bytes > HARD_CUT_BYTES) stop = true;
}

function putLower(c: number, lower: Uint16Array): void {
  const l = c < 0x10000 ? lower[c]! : 0;
  if (l !== 0) put(l);
  else for (const ch of String.fromCodePoint(c).toLowerCase()) put(ch.codePointAt(0)!);
}

/**
 * Scores a text against every candidate of the model, as ELD 2.1.0 does (a port of its
 * `textProcessor`, `strToUtf8Bytes`, `getByteNgrams` and `calculateScores`, Apache-2.0):
 * non-letter runs become one space (apostrophes ending a run stay), lowercase, UTF-8 bytes,
 * 4-byte n-grams with a 3-byte stride, a leading space marking a word start and a trailing one its
 * end, each distinct n-gram counted once. Works on char codes and integer keys: no substring,
 * no string key, no regex per call. Not reentrant (single-threaded use, as everywhere in Node).
 * With `words`, each word read is also looked up whole in that table (Vigie's addition, not ELD's).
 */
export function eldScores(model: EldModel, text: string, words?: WordModel): EldScores {
  if (!letterTable || !lowerTable) buildTables();
  const letters = letterTable!;
  const lower = lowerTable!;
  ids = byteIds();
  cur = model;
  k = model.codes.length;
  if (sums.length !== k) {
    sums = new Float64Array(k);
    wordSums = new Float64Array(k);
  }
  sums.fill(0);
  wordSums.fill(0);
  vocab = words;
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    seenStamp.fill(0);
    stamp = 1;
  }
  distinct = 0;
  wlen = 0;
  bytes = 0;
  stop = false;
  let started = false;
  // The current run of non-letters: whether it has a non-apostrophe, and where its closing
  // apostrophes start (ELD's separator regex keeps the apostrophes that end a run).
  let inRun = false;
  let runNonApos = false;
  let aposFrom = -1;
  const n = text.length;
  for (let i = 0; i < n && !stop; i++) {
    let c = text.charCodeAt(i);
    let isLetter: boolean;
    let width = 1;
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      width = 2;
      isLetter = ASTRAL_LETTER.test(String.fromCodePoint(c));
    } else {
      isLetter = letters[c] === 1;
    }
    if (!isLetter) {
      inRun = true;
      if (isApostrophe(c)) {
        if (aposFrom < 0) aposFrom = i;
      } else {
        runNonApos = true;
        aposFrom = -1;
      }
      i += width - 1;
      continue;
    }
    if (inRun) {
      if (runNonApos && started) space();
      for (let j = aposFrom; j >= 0 && j < i && !stop; j++) put(text.charCodeAt(j));
      if (aposFrom >= 0) started = true;
      inRun = false;
      runNonApos = false;
      aposFrom = -1;
      if (stop) break;
    }
    putLower(c, lower);
    started = true;
    i += width - 1;
  }
  // Closing apostrophes stay; a closing space is trimmed.
  if (!stop && inRun && aposFrom >= 0) {
    if (runNonApos && started) space();
    for (let j = aposFrom; j < n && !stop; j++) put(text.charCodeAt(j));
  }
  endWord();
  return { sums, ngrams: distinct, words: wordSums };
}
