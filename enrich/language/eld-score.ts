import { eldDictionary, type EldModel } from './eld-model.ts';

/** Non-letter runs, except an apostrophe inside a word ("don't", "l'îlot"), as ELD splits words. */
const SEPARATORS = /[^\p{L}]+(?<![\x27\x60\u2019])/gu;
/** ELD stops reading after this many UTF-8 bytes (at the next space past the soft limit). */
const SOFT_CUT_BYTES = 350;
const HARD_CUT_BYTES = 380;

/** Per-candidate sums of ELD n-gram scores for one text, and how many distinct n-grams it had. */
export interface EldScores {
  readonly sums: Float64Array;
  readonly ngrams: number;
}

/**
 * Splits text into words written as ELD's byte strings (a port of ELD 2.1.0 `textProcessor`
 * and `strToUtf8Bytes`, Apache-2.0).
 */
function byteWords(text: string): string[] {
  const dict = eldDictionary();
  const str = text.replace(SEPARATORS, ' ').trim().toLowerCase();
  const words: string[] = [];
  let word = '';
  let bytes = 0;
  for (let i = 0; i < str.length; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 32) {
        if (word !== '') words.push(word);
        word = '';
        if (bytes > SOFT_CUT_BYTES) break;
      } else {
        word += str[i];
      }
      bytes++;
    } else if (c < 0x800) {
      word += dict[0xc0 | (c >> 6)]! + dict[0x80 | (c & 0x3f)]!;
      bytes += 2;
    } else if (c < 0xd800 || c >= 0xe000) {
      word += dict[0xe0 | (c >> 12)]! + dict[0x80 | ((c >> 6) & 0x3f)]! + dict[0x80 | (c & 0x3f)]!;
      bytes += 3;
    } else {
      i++;
      c = 0x10000 + (((c & 0x3ff) << 10) | (str.charCodeAt(i) & 0x3ff));
      word += dict[0xf0 | (c >> 18)]! + dict[0x80 | ((c >> 12) & 0x3f)]! + dict[0x80 | ((c >> 6) & 0x3f)]! + dict[0x80 | (c & 0x3f)]!;
      bytes += 4;
    }
    if (bytes > HARD_CUT_BYTES) break;
  }
  if (word !== '') words.push(word);
  return words;
}

/**
 * Scores a text against every candidate of the model: 4-byte n-grams with a 3-byte stride, a
 * leading space marking a word start and a trailing one its end, each distinct n-gram counted once
 * (ELD 2.1.0 `getByteNgrams` + `calculateScores`).
 */
export function eldScores(model: EldModel, text: string): EldScores {
  const k = model.codes.length;
  const sums = new Float64Array(k);
  const seen = new Set<string>();
  for (const word of byteWords(text)) {
    const len = Math.min(word.length, 70);
    let j = 0;
    for (; j + 4 < len; j += 3) seen.add((j === 0 ? ' ' : '') + word.substring(j, j + 4));
    seen.add((j === 0 ? ' ' : '') + word.substring(len !== 3 ? len - 4 : 0) + ' ');
  }
  const { rows, weights } = model;
  for (const ngram of seen) {
    const row = rows.get(ngram);
    if (row === undefined) continue;
    for (let c = 0; c < k; c++) sums[c]! += weights[row + c]!;
  }
  return { sums, ngrams: seen.size };
}
