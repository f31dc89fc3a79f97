import { EMOTICONS } from './lexicon-extra.ts';

/** What a sentiment token is. */
export const enum Kind {
  Word = 0,
  /** A word inside a #hashtag (split at case changes, `_` and digits). */
  HashWord = 1,
  Emoji = 2,
  Emoticon = 3,
  /** `!`, `?`, `...` runs, and clause breaks `.`, `,`, `;`, `:`. */
  Punct = 4,
}

export interface Token {
  /** Folded form: lowercase, no accents, letters repeated at most twice ("trooop" → "troop"). */
  text: string;
  kind: Kind;
  /** Written in capitals (a word of 3+ letters, or 2+ in a text that is not all capitals). */
  caps: boolean;
  /** Had a letter repeated three times or more. */
  elongated: boolean;
}

export interface Tokenized {
  tokens: Token[];
  /** Whole hashtags, folded, without `#`. */
  hashtags: string[];
  urls: number;
  handles: number;
}

/** Emoticons longest first (so `:-)` wins over `:-`), grouped by their first character. */
const EMOTICONS_BY_FIRST = new Map<number, Array<{ e: string; letterStart: boolean; letterEnd: boolean }>>();
for (const e of Object.keys(EMOTICONS).sort((a, b) => b.length - a.length)) {
  const list = EMOTICONS_BY_FIRST.get(e.charCodeAt(0)) ?? [];
  list.push({ e, letterStart: /^\p{L}/u.test(e), letterEnd: /\p{L}$/u.test(e) });
  EMOTICONS_BY_FIRST.set(e.charCodeAt(0), list);
}

/** Character classes the scanner needs, as bit flags. */
const F_LETTER = 1;
const F_NUMBER = 2;
const F_PICTO = 4;
const F_MODIFIER = 8;
const F_SPACE = 16;
const F_WORD = F_LETTER | F_NUMBER;

function classify(ch: string): number {
  return (
    (/\p{L}/u.test(ch) ? F_LETTER : 0) |
    (/\p{N}/u.test(ch) ? F_NUMBER : 0) |
    (/\p{Extended_Pictographic}/u.test(ch) ? F_PICTO : 0) |
    (/\p{Emoji_Modifier}/u.test(ch) ? F_MODIFIER : 0) |
    (/\s/u.test(ch) ? F_SPACE : 0)
  );
}

let bmpFlags: Uint8Array | undefined;
const astralFlags = new Map<number, number>();

/** Flags of a code point: a table for the BMP (built once), a cache for the others (emoji). */
function flagsOf(cp: number): number {
  if (cp < 0x10000) {
    if (!bmpFlags) {
      bmpFlags = new Uint8Array(0x10000);
      for (let c = 0; c < 0x10000; c++) if (c < 0xd800 || c >= 0xe000) bmpFlags[c] = classify(String.fromCharCode(c));
    }
    return bmpFlags[cp]!;
  }
  let f = astralFlags.get(cp);
  if (f === undefined) {
    f = classify(String.fromCodePoint(cp));
    astralFlags.set(cp, f);
  }
  return f;
}

function codePointAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d < 0xe000) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return c;
}

/** Code point ending just before `i` (-1 at the start). */
function codePointBefore(s: string, i: number): number {
  if (i <= 0) return -1;
  const d = s.charCodeAt(i - 1);
  if (d >= 0xdc00 && d < 0xe000 && i >= 2) {
    const c = s.charCodeAt(i - 2);
    if (c >= 0xd800 && c < 0xdc00) return 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
  }
  return d;
}

const width = (cp: number): number => (cp > 0xffff ? 2 : 1);
const isAsciiWordChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isTagChar = (cp: number): boolean => (flagsOf(cp) & F_WORD) !== 0 || cp === 95;

/** End of a run of characters satisfying `test` from `i`. */
function runEnd(s: string, i: number, test: (cp: number) => boolean): number {
  while (i < s.length) {
    const cp = codePointAt(s, i);
    if (!test(cp)) break;
    i += width(cp);
  }
  return i;
}

const isWordChar = (cp: number): boolean => (flagsOf(cp) & F_WORD) !== 0;
const isNotSpace = (cp: number): boolean => (flagsOf(cp) & F_SPACE) === 0;

/** What the scanner found at one position; the body of a hashtag is [groupStart, end). */
const enum Found {
  None,
  Url,
  Handle,
  Hashtag,
  Emoticon,
  Emoji,
  Word,
  Punct,
}
let foundEnd = 0;

/**
 * The token starting at `i`, tried in this order (the first that fits wins): URL (`http://`,
 * `https://`, `www.` then non-spaces; or a bare `http`/`https` word, as in anonymised tweets),
 * @handle (not inside a word), #hashtag, emoticon (one starting or ending with a letter must not
 * touch a letter or digit there), emoji with its modifiers and joined parts, word (letters and
 * digits, inner apostrophes), punctuation (`!?` runs, `..` runs, `…`, `.,;:`). Sets `foundEnd`.
 */
function scanAt(s: string, i: number, cp: number): Found {
  const n = s.length;
  const c = s.charCodeAt(i);
  if (c === 0x68 || c === 0x77) {
    const prefix = s.startsWith('http://', i) ? 7 : s.startsWith('https://', i) ? 8 : s.startsWith('www.', i) ? 4 : 0;
    if (prefix > 0) {
      const e = runEnd(s, i + prefix, isNotSpace);
      if (e > i + prefix) {
        foundEnd = e;
        return Found.Url;
      }
    }
    if (c === 0x68 && s.startsWith('http', i) && (i === 0 || !isAsciiWordChar(s.charCodeAt(i - 1)))) {
      if (s.charCodeAt(i + 4) === 0x73 && !isAsciiWordChar(s.charCodeAt(i + 5))) {
        foundEnd = i + 5;
        return Found.Url;
      }
      if (!isAsciiWordChar(s.charCodeAt(i + 4))) {
        foundEnd = i + 4;
        return Found.Url;
      }
    }
  }
  if (c === 0x40) {
    const before = codePointBefore(s, i);
    if (before < 0 || !isTagChar(before)) {
      const e = runEnd(s, i + 1, isTagChar);
      if (e > i + 1) {
        foundEnd = e;
        return Found.Handle;
      }
    }
  }
  if (c === 0x23 || c === 0xff03) {
    const e = runEnd(s, i + 1, isTagChar);
    if (e > i + 1) {
      foundEnd = e;
      return Found.Hashtag;
    }
  }
  const emoticons = EMOTICONS_BY_FIRST.get(c);
  if (emoticons) {
    for (const { e, letterStart, letterEnd } of emoticons) {
      if (!s.startsWith(e, i)) continue;
      if (letterStart) {
        const before = codePointBefore(s, i);
        if (before >= 0 && isWordChar(before)) continue;
      }
      if (letterEnd && i + e.length < n && isWordChar(codePointAt(s, i + e.length))) continue;
      foundEnd = i + e.length;
      return Found.Emoticon;
    }
  }
  const f = flagsOf(cp);
  if (f & F_PICTO) {
    let e = i + width(cp);
    while (e < n) {
      const next = codePointAt(s, e);
      if (next === 0xfe0f || flagsOf(next) & F_MODIFIER) e += width(next);
      else if (next === 0x200d && e + 1 < n && flagsOf(codePointAt(s, e + 1)) & F_PICTO) e += 1 + width(codePointAt(s, e + 1));
      else break;
    }
    foundEnd = e;
    return Found.Emoji;
  }
  if (f & F_WORD) {
    let e = runEnd(s, i, isWordChar);
    while (e + 1 < n) {
      const a = s.charCodeAt(e);
      if ((a !== 0x27 && a !== 0x2019) || !isWordChar(codePointAt(s, e + 1))) break;
      e = runEnd(s, e + 1, isWordChar);
    }
    foundEnd = e;
    return Found.Word;
  }
  if (c === 0x21 || c === 0x3f) {
    let e = i + 1;
    while (e < n && (s.charCodeAt(e) === 0x21 || s.charCodeAt(e) === 0x3f)) e++;
    foundEnd = e;
    return Found.Punct;
  }
  if (c === 0x2e || c === 0x2c || c === 0x3b || c === 0x3a || c === 0x2026) {
    let e = i + 1;
    if (c === 0x2e) while (e < n && s.charCodeAt(e) === 0x2e) e++;
    foundEnd = e;
    return Found.Punct;
  }
  return Found.None;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const ENTITY = /&(?:amp|lt|gt|quot|apos|#39);/g;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const ELONGATED = /(\p{L})\1{2,}/u;
const ELONGATION = /(\p{L})\1{2,}/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;
const ARABIC_ALEF = /[أإآٱ]/g;
const HASH_PARTS = /\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\p{Lo}+|\p{N}+/gu;
/** French and Italian elided words: `n'est` → `n` + `est`, `l'acqua` → `l` + `acqua`. */
const ELISION = /^(l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|un|quell|quest)['’](.+)$/iu;

/** Most letters are capitals (the whole text is shouted, so capitals stop marking single words). */
function isShouting(s: string): boolean {
  let letters = 0;
  let uppers = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      uppers++;
    } else if ((c >= 97 && c <= 122) || c >= 0xc0) {
      letters++;
      if (c >= 0xc0 && c < 0x250 && s[i] !== s[i]!.toLowerCase()) uppers++;
    }
  }
  return letters > 8 && uppers / letters > 0.6;
}

/** Lowercase ASCII letters and digits only: already folded (most words of most mentions). */
function isFoldedAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** Folds of non-ASCII words; cleared when full, which bounds memory on an endless stream. */
const foldCache = new Map<string, string>();
const FOLD_CACHE_LIMIT = 20_000;

/** Lowercase, accents removed, Arabic alef and yeh variants unified, apostrophes dropped. */
export function fold(word: string): string {
  if (isFoldedAscii(word)) return word;
  let t = word.toLowerCase();
  if (isFoldedAscii(t)) return t;
  if (NON_ASCII.test(t)) {
    // Unicode normalisation is the slow part; accented words recur, so their folds are kept.
    const known = foldCache.get(t);
    if (known !== undefined) return known;
    const key = t;
    t = t.normalize('NFKD').replace(MARKS, '');
    if (t.includes('ى') || ARABIC_ALEF.test(t)) t = t.replace(ARABIC_ALEF, 'ا').replaceAll('ى', 'ي');
    t = t.replace(/ـ/g, '').replace(/['’]/g, '');
    if (foldCache.size >= FOLD_CACHE_LIMIT) foldCache.clear();
    foldCache.set(key, t);
    return t;
  }
  return t.replace(/['’]/g, '');
}

/** Some letter three times in a row (checked on char codes before the Unicode regex confirms). */
function mayBeElongated(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === s.charCodeAt(i - 1) && c === s.charCodeAt(i - 2)) return true;
  }
  return false;
}

/** All capitals: an uppercase letter and no lowercase one (ASCII answered without regex). */
function isAllCaps(s: string): boolean {
  let upper = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 0x80) return UPPER.test(s) && !LOWER.test(s);
  }
  return upper;
}

function pushWord(out: Token[], raw: string, kind: Kind, shouting: boolean): void {
  const elongated = raw.length >= 3 && mayBeElongated(raw) && ELONGATED.test(raw);
  const caps = raw.length >= (shouting ? 3 : 2) && isAllCaps(raw);
  const text = fold(elongated ? raw.replace(ELONGATION, '$1$1') : raw);
  if (text) out.push({ text, kind, caps, elongated });
}

/**
 * Cuts a mention into sentiment tokens. URLs and handles are counted and dropped, hashtags give
 * their words (`#PasContent` → `pas`, `content`), emoticons and emoji are kept whole, elided French
 * and Italian words are split (`n'est` → `n`, `est`; English `don't` → `dont`).
 */
export function tokenize(text: string, lang: string): Tokenized {
  const src = text.includes('&') ? text.replace(ENTITY, (e) => ENTITIES[e] ?? e) : text;
  const shouting = isShouting(src);
  const out: Tokenized = { tokens: [], hashtags: [], urls: 0, handles: 0 };
  const splitElision = lang !== 'en';
  const n = src.length;
  for (let i = 0; i < n; ) {
    const cp = codePointAt(src, i);
    const found = scanAt(src, i, cp);
    if (found === Found.None) {
      i += width(cp);
      continue;
    }
    const start = i;
    i = foundEnd;
    if (found === Found.Url) out.urls++;
    else if (found === Found.Handle) out.handles++;
    else if (found === Found.Hashtag) {
      const tag = src.slice(start + 1, i);
      out.hashtags.push(fold(tag));
      const parts = tag.includes('_') || /\p{Ll}\p{Lu}/u.test(tag) ? tag.replace(/_/g, ' ').match(HASH_PARTS) ?? [tag] : [tag];
      for (const p of parts) pushWord(out.tokens, p, Kind.HashWord, true);
    } else if (found === Found.Emoticon) out.tokens.push({ text: src.slice(start, i), kind: Kind.Emoticon, caps: false, elongated: false });
    else if (found === Found.Emoji) {
      out.tokens.push({ text: src.slice(start, i).replace(/[\ufe0f\u{1F3FB}-\u{1F3FF}]/gu, ''), kind: Kind.Emoji, caps: false, elongated: false });
    } else if (found === Found.Word) {
      const word = src.slice(start, i);
      const el = splitElision && (word.includes("'") || word.includes('’')) ? ELISION.exec(word) : null;
      if (el) {
        pushWord(out.tokens, el[1]!, Kind.Word, shouting);
        pushWord(out.tokens, el[2]!, Kind.Word, shouting);
      } else {
        pushWord(out.tokens, word, Kind.Word, shouting);
      }
    } else {
      const p = src.slice(start, i);
      const text = p[0] === '!' || p[0] === '?' ? (p.length > 1 ? `${p[0]}${p[0]}` : p[0]!) : p[0] === '.' && p.length > 1 ? '...' : p === '…' ? '...' : p;
      out.tokens.push({ text, kind: Kind.Punct, caps: false, elongated: false });
    }
  }
  return out;
}
