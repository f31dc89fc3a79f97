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

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const emoticonAlternatives = Object.keys(EMOTICONS)
  .sort((a, b) => b.length - a.length)
  .map((e) => (/^\p{L}/u.test(e) ? `(?<![\\p{L}\\p{N}])${escapeRe(e)}` : escapeRe(e)) + (/\p{L}$/u.test(e) ? '(?![\\p{L}\\p{N}])' : ''))
  .join('|');

/**
 * One pass over the text. Groups: 1 URL, 2 handle, 3 hashtag body, 4 emoticon, 5 emoji, 6 word,
 * 7 punctuation. Emoticons come before words so `xD` and `:p` are not read as words.
 */
const TOKEN = new RegExp(
  [
    '((?:https?:\\/\\/|www\\.)\\S+|\\bhttps?\\b)',
    '(?<![\\p{L}\\p{N}_])(@[\\p{L}\\p{N}_]+)',
    '[#＃]([\\p{L}\\p{N}_]+)',
    `(${emoticonAlternatives})`,
    '(\\p{Extended_Pictographic}(?:\\ufe0f|\\p{Emoji_Modifier}|\\u200d\\p{Extended_Pictographic})*)',
    "([\\p{L}\\p{N}]+(?:['’][\\p{L}\\p{N}]+)*)",
    '([!?]+|\\.{2,}|…|[.,;:])',
  ].join('|'),
  'gu',
);

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

/** Lowercase, accents removed, Arabic alef and yeh variants unified, apostrophes dropped. */
export function fold(word: string): string {
  if (isFoldedAscii(word)) return word;
  let t = word.toLowerCase();
  if (isFoldedAscii(t)) return t;
  if (NON_ASCII.test(t)) {
    t = t.normalize('NFKD').replace(MARKS, '');
    if (t.includes('ى') || ARABIC_ALEF.test(t)) t = t.replace(ARABIC_ALEF, 'ا').replaceAll('ى', 'ي');
    t = t.replace(/ـ/g, '');
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
  for (const m of src.matchAll(TOKEN)) {
    if (m[1] !== undefined) out.urls++;
    else if (m[2] !== undefined) out.handles++;
    else if (m[3] !== undefined) {
      const tag = m[3];
      out.hashtags.push(fold(tag));
      const parts = tag.includes('_') || /\p{Ll}\p{Lu}/u.test(tag) ? tag.replace(/_/g, ' ').match(HASH_PARTS) ?? [tag] : [tag];
      for (const p of parts) pushWord(out.tokens, p, Kind.HashWord, true);
    } else if (m[4] !== undefined) out.tokens.push({ text: m[4], kind: Kind.Emoticon, caps: false, elongated: false });
    else if (m[5] !== undefined) {
      out.tokens.push({ text: m[5].replace(/[\ufe0f\u{1F3FB}-\u{1F3FF}]/gu, ''), kind: Kind.Emoji, caps: false, elongated: false });
    } else if (m[6] !== undefined) {
      const word = m[6];
      const el = splitElision && (word.includes("'") || word.includes('’')) ? ELISION.exec(word) : null;
      if (el) {
        pushWord(out.tokens, el[1]!, Kind.Word, shouting);
        pushWord(out.tokens, el[2]!, Kind.Word, shouting);
      } else {
        pushWord(out.tokens, word, Kind.Word, shouting);
      }
    } else if (m[7] !== undefined) {
      const p = m[7];
      const text = p[0] === '!' || p[0] === '?' ? (p.length > 1 ? `${p[0]}${p[0]}` : p[0]!) : p[0] === '.' && p.length > 1 ? '...' : p === '…' ? '...' : p;
      out.tokens.push({ text, kind: Kind.Punct, caps: false, elongated: false });
    }
  }
  return out;
}
