/**
 * How implausible a decoded text looks, as a cost per character: the measure both the encoding
 * detector and the mojibake repair use to decide that one reading is clearly better than
 * another. It knows no language's vocabulary; it looks at what every mis-decoding produces and
 * real text almost never contains (chardetng's and ftfy's idea): control characters, letters of
 * two scripts glued in one word, symbols inside words, upper case after lower case, runs of
 * accented Latin letters, Thai marks out of order, Hebrew final letters mid-word, rare
 * ideographs, kana in Chinese, Chinese without any kana read as Japanese.
 */

/** Script of a letter, coarse. */
type Script = 'latin' | 'cyrillic' | 'greek' | 'hebrew' | 'arabic' | 'thai' | 'hangul' | 'kana' | 'han' | 'other';

function scriptOf(cp: number): Script {
  if (cp < 0x250 || (cp >= 0x1e00 && cp < 0x1f00)) return 'latin';
  if (cp >= 0x370 && cp < 0x400) return 'greek';
  if (cp >= 0x400 && cp < 0x530) return 'cyrillic';
  if (cp >= 0x590 && cp < 0x600) return 'hebrew';
  if ((cp >= 0x600 && cp < 0x700) || (cp >= 0xfb50 && cp < 0xff00 && cp >= 0xfe70)) return 'arabic';
  if (cp >= 0xe00 && cp < 0xe80) return 'thai';
  if ((cp >= 0xac00 && cp < 0xd7b0) || (cp >= 0x1100 && cp < 0x1200) || (cp >= 0x3130 && cp < 0x3190)) return 'hangul';
  if ((cp >= 0x3040 && cp < 0x3100) || (cp >= 0x31f0 && cp < 0x3200) || (cp >= 0xff66 && cp < 0xffa0)) return 'kana';
  if ((cp >= 0x4e00 && cp < 0xa000) || (cp >= 0x3400 && cp < 0x4dc0) || (cp >= 0xf900 && cp < 0xfb00) || (cp >= 0x20000 && cp < 0x30000)) return 'han';
  return 'other';
}

const isAsciiLetter = (cp: number) => (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a;
const F_LETTER = 1;
const F_MARK = 2;
const F_UPPER = 4;
const F_LOWER = 8;
const F_BAD = 16;
const F_SYMBOL = 32;
const F_KNOWN = 128;
/** Unicode properties of each BMP code point, worked out once (regex tests are the hot spot). */
const FLAGS = new Uint8Array(0x10000);
function flags(cp: number): number {
  const cached = cp < 0x10000 ? FLAGS[cp]! : 0;
  if (cached) return cached;
  const ch = String.fromCodePoint(cp);
  const f =
    F_KNOWN |
    (/\p{L}/u.test(ch) ? F_LETTER : 0) |
    (/\p{M}/u.test(ch) ? F_MARK : 0) |
    (/\p{Lu}/u.test(ch) ? F_UPPER : 0) |
    (/\p{Ll}/u.test(ch) ? F_LOWER : 0) |
    (/[\p{Cn}\p{Co}]/u.test(ch) ? F_BAD : 0) |
    (/[\p{So}\p{Sm}]/u.test(ch) ? F_SYMBOL : 0);
  if (cp < 0x10000) FLAGS[cp] = f;
  return f;
}
const isLetterCp = (cp: number) => (cp < 0x80 ? isAsciiLetter(cp) : (flags(cp) & F_LETTER) !== 0);
const isMarkCp = (cp: number) => cp >= 0x80 && (flags(cp) & F_MARK) !== 0;

/** Accented Latin letters common in European languages (lower and upper case). */
const COMMON_LATIN = new Set([...'àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿœßąćęłńśźżčďěňřšťůžőűăîșțşğıðþÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝŒĄĆĘŁŃŚŹŻČĎĚŇŘŠŤŮŽŐŰĂȘȚŞĞİÐÞ']);
/** Punctuation that legitimately sits between two letters. */
const IN_WORD = new Set([...'’\'‘·‐‑\u00AD\u200C\u200D\u05F3\u05F4\u0E46']);
/** Symbols real text rarely uses, and mis-decodings produce often. */
const RARE_SYMBOL = new Set([...'¤¦¨´¸¯¬‰‡†ˆ˜ƒ‹›¹³¾µ¶ªº÷¢¬']);
/** Symbols common in news text; any other symbol costs a little. */
const COMMON_SYMBOL = new Set([...'©®°™•€£¥§±×·½¼²']);
/** Vowels of the alphabets whose words (nearly) always hold one. */
const CYRILLIC_VOWELS = new Set([...'аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ']);
const GREEK_VOWELS = new Set([...'αεηιουωάέήίόύώϊϋΐΰΑΕΗΙΟΥΩΆΈΉΊΌΎΏ']);
const THAI_CONSONANT = (cp: number) => cp >= 0xe01 && cp <= 0xe2e;
const THAI_LEADING_VOWEL = (cp: number) => cp >= 0xe40 && cp <= 0xe44;
const THAI_COMBINING = (cp: number) => cp === 0xe31 || (cp >= 0xe34 && cp <= 0xe3a) || (cp >= 0xe47 && cp <= 0xe4e);
const HEBREW_FINAL = new Set([0x5da, 0x5dd, 0x5df, 0x5e3, 0x5e5]);

let common: Map<string, Set<number>> | undefined;

/**
 * The ideographs each CJK encoding puts in its "frequent" block, read from the decoders
 * themselves: GB2312 level 1, Big5 frequently-used, JIS X 0208 level 1. A text read through the
 * wrong CJK decoder lands mostly outside its block.
 */
function commonIdeographs(): Map<string, Set<number>> {
  if (common) return common;
  const block = (enc: string, leads: [number, number], trails: Array<[number, number]>): Set<number> => {
    const bytes: number[] = [];
    for (let l = leads[0]; l <= leads[1]; l++) for (const [a, b] of trails) for (let t = a; t <= b; t++) bytes.push(l, t);
    const set = new Set<number>();
    for (const ch of new TextDecoder(enc).decode(new Uint8Array(bytes))) {
      const cp = ch.codePointAt(0)!;
      if (scriptOf(cp) === 'han') set.add(cp);
    }
    return set;
  };
  common = new Map([
    ['zh-hans', block('gbk', [0xb0, 0xd7], [[0xa1, 0xfe]])],
    ['zh-hant', block('big5', [0xa4, 0xc6], [[0x40, 0x7e], [0xa1, 0xfe]])],
    ['ja', block('euc-jp', [0xb0, 0xcf], [[0xa1, 0xfe]])],
  ]);
  return common;
}

/** Which writing system a CJK reading is judged as: decides what counts as rare. */
export type CjkFlavour = 'zh-hans' | 'zh-hant' | 'ja' | 'ko' | undefined;

export interface Plausibility {
  /** Sum of the costs of every non-ASCII character (0 = nothing odd). */
  cost: number;
  /** Non-ASCII characters looked at. */
  chars: number;
}

/**
 * Scores a text: the higher the cost, the less it looks like real writing. Only non-ASCII
 * characters cost anything, so a reading's cost divided by the number of non-ASCII bytes can be
 * compared between encodings.
 */
export function plausibility(text: string, flavour?: CjkFlavour): Plausibility {
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  let cost = 0;
  let chars = 0;
  let kana = 0;
  let han = 0;
  let hanRare = 0;
  const commonSet = flavour && flavour !== 'ko' ? commonIdeographs().get(flavour) : undefined;
  // Word-level state: runs of accented Latin letters (Cyrillic read as Latin-1 is all accents),
  // Cyrillic or Greek words without a vowel (Hebrew or Arabic read as Cyrillic or Greek).
  let wordLetters = 0;
  let wordAccented = 0;
  let alphaLetters = 0;
  let alphaVowels = 0;
  let alphaUpper = 0;
  let hangulRun = 0;
  // Korean puts spaces between words: a long run of Hangul without one is Chinese read as Korean.
  const endHangulRun = () => {
    if (hangulRun > 8) cost += hangulRun - 8;
    hangulRun = 0;
  };
  const closeWord = () => {
    if (wordAccented >= 3 && wordAccented * 5 >= wordLetters * 4) cost += 3 * wordAccented;
    // A two-letter word of two accented letters (`ïî`, Cyrillic `по` read as Latin-1) is no European word.
    else if (wordAccented === 2 && wordLetters === 2) cost += 3;
    if (alphaLetters >= 2 && alphaVowels === 0) cost += 2 * alphaLetters;
    // Cyrillic or Greek in capitals throughout is rare outside acronyms; KOI8-R read as
    // windows-1251 (and back) swaps the cases. A small cost: it decides only short texts.
    if (alphaLetters >= 4 && alphaUpper === alphaLetters) cost += 1;
    wordLetters = 0;
    wordAccented = 0;
    alphaLetters = 0;
    alphaVowels = 0;
    alphaUpper = 0;
  };
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i]!;
    if (cp < 0x80) {
      // ASCII: only ends or continues a word; it costs nothing.
      if (isAsciiLetter(cp)) wordLetters++;
      else closeWord();
      endHangulRun();
      continue;
    }
    const ch = String.fromCodePoint(cp);
    const f = flags(cp);
    const isLetter = (f & F_LETTER) !== 0;
    if (isLetter && (cp < 0x250 || (cp >= 0x1e00 && cp < 0x1f00))) {
      wordLetters++;
      if (cp >= 0x80) wordAccented++;
    } else if (isLetter && cp >= 0x370 && cp < 0x530) {
      alphaLetters++;
      if (CYRILLIC_VOWELS.has(ch) || GREEK_VOWELS.has(ch)) alphaVowels++;
      if (f & F_UPPER) alphaUpper++;
    } else if (!(f & F_MARK)) closeWord();
    if (scriptOf(cp) === 'hangul') hangulRun++;
    else endHangulRun();
    chars++;
    const prev = i > 0 ? cps[i - 1]! : 0x20;
    const next = i + 1 < cps.length ? cps[i + 1]! : 0x20;
    if ((cp >= 0x80 && cp < 0xa0) || f & F_BAD) {
      cost += 10;
      continue;
    }
    // Only a lenient UTF-8 reading has U+FFFD (the strict decoders refuse): one lost character.
    if (cp === 0xfffd) {
      cost += 4;
      continue;
    }
    if (cp >= 0xff61 && cp <= 0xff9f) {
      // Half-width katakana: Shift_JIS's reading of EUC-JP bytes, rare in modern text.
      cost += 2;
      continue;
    }
    const prevLetter = isLetterCp(prev);
    const nextLetter = isLetterCp(next);
    if (!isLetter && !(f & F_MARK)) {
      const cjk = (c: number) => ['han', 'kana', 'hangul'].includes(scriptOf(c));
      // A symbol (or a run of them) glued between two letters: "Montr√©al", "QuŽbec".
      const around = (step: number): number => {
        let k = i + step;
        while (k >= 0 && k < cps.length && cps[k]! >= 0x80 && !isLetterCp(cps[k]!) && !isMarkCp(cps[k]!)) k += step;
        return k >= 0 && k < cps.length ? cps[k]! : 0x20;
      };
      const before = around(-1);
      const after = around(1);
      if (!IN_WORD.has(ch) && isLetterCp(before) && isLetterCp(after) && !cjk(before) && !cjk(after)) cost += 4;
      if (RARE_SYMBOL.has(ch)) cost += 1.5;
      // Box drawing and shapes: what DOS code pages make of other scripts' letters.
      else if (cp >= 0x2500 && cp < 0x2600) cost += 4;
      // Squared units and katakana (㎏ ㌻): Shift_JIS's NEC row, what it makes of Mac Roman accents.
      else if (cp >= 0x3300 && cp < 0x3400) cost += 3;
      else if (f & F_SYMBOL && !COMMON_SYMBOL.has(ch)) cost += 1;
      continue;
    }
    const script = scriptOf(cp);
    const prevScript = prevLetter ? scriptOf(prev) : undefined;
    // Two scripts glued in one word; Han and kana mix in Japanese, ASCII Latin sits beside anything in CJK.
    if (prevScript && prevScript !== script) {
      const cjk = (s: Script) => s === 'han' || s === 'kana' || s === 'hangul';
      if (!(cjk(script) && cjk(prevScript)) && !(cjk(script) && prev < 0x80) && !(cjk(prevScript) && cp < 0x80)) cost += 5;
    }
    if (f & F_UPPER && (prev < 0x80 ? prev >= 0x61 && prev <= 0x7a : flags(prev) & F_LOWER) && (script === 'latin' || script === 'cyrillic' || script === 'greek')) cost += 3;
    switch (script) {
      case 'latin':
        if (!COMMON_LATIN.has(ch)) cost += 1;
        break;
      case 'greek':
        if (cp === 0x3c2 && nextLetter) cost += 3;
        break;
      case 'hebrew':
        if (HEBREW_FINAL.has(cp) && nextLetter && scriptOf(next) === 'hebrew') cost += 3;
        break;
      case 'thai':
        if (THAI_COMBINING(cp) && !(THAI_CONSONANT(prev) || THAI_COMBINING(prev) || prev === 0xe2d || prev === 0xe30)) cost += 4;
        if (THAI_LEADING_VOWEL(cp) && !THAI_CONSONANT(next)) cost += 4;
        break;
      case 'kana':
        kana++;
        if (isAsciiLetter(prev) && isAsciiLetter(next)) cost += 4;
        if (flavour === 'zh-hans' || flavour === 'zh-hant') cost += 4;
        break;
      case 'han':
        han++;
        // An ideograph inside a Latin word ("Montr矇al") is a multi-byte reading of accented Latin.
        if (isAsciiLetter(prev) && isAsciiLetter(next)) cost += 4;
        // Glued to a Latin word on one side only ("Jap溶", Mac Roman read as Shift_JIS): happens
        // in real CJK ("iPhone発売") but is cheap there among many ideographs.
        else if (isAsciiLetter(prev) || isAsciiLetter(next)) cost += 2;
        if (flavour === 'ko') cost += 1;
        else if (commonSet && !commonSet.has(cp)) {
          hanRare++;
          cost += 2;
        }
        // Chinese and Japanese put no spaces between words; Korean does (EUC-KR read as EUC-JP or GBK).
        if ((flavour === 'zh-hans' || flavour === 'zh-hant' || flavour === 'ja') && (prev === 0x20 || next === 0x20)) cost += 1;
        break;
      default:
        break;
    }
  }
  closeWord();
  endHangulRun();
  // Japanese is mostly kana: ideographs with (almost) no kana are Chinese read as Japanese.
  if (flavour === 'ja' && han >= 8 && kana * 10 < han) cost += han;
  void hanRare;
  return { cost, chars };
}
