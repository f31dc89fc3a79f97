import type { Analysis } from './analyse.ts';
import { Kind } from './tokenize.ts';

/** Token kinds as plain constants: read through the module binding on every token they cost a getter call under tsx. */
const EMOJI = Kind.Emoji;
const EMOTICON = Kind.Emoticon;
const PUNCT = Kind.Punct;
const HASH_WORD = Kind.HashWord;

/**
 * Sparse features of one text for the linear model, hashed into `2^bits` buckets (FNV-1a).
 * Bigrams and `charGrams` character n-grams are tagged with the language; `sharedCharGrams`
 * n-grams and the lexicon-polarity buckets are shared (all languages learn them together); words,
 * emoji, punctuation and the dense cues (lexicon rules, links, @handles) exist both shared and
 * tagged, so a language with no training data (Dutch) still gets the shared part.
 */
export interface Features {
  /** Bucket of each feature; only the first `length` entries are meaningful. */
  idx: Int32Array;
  val: Float32Array;
  length: number;
}

export interface FeatureSpec {
  bits: number;
  /** Character n-gram lengths taken inside words (with word-boundary marks). */
  charGrams: readonly number[];
  bigrams: boolean;
  /** Shared per-word lexicon polarity buckets. */
  lexBuckets?: boolean;
  /**
   * Character n-gram lengths taken without the language tag, so that cognates share weights
   * across languages ("excelente", "excellent", "eccellente").
   */
  sharedCharGrams?: readonly number[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const LEX_SEED = 0x2f6b1a3d;
const LT = 0x3c; // '<' before a word in its character n-grams
const GT = 0x3e; // '>' after it

function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Names of the dense cues from the lexicon rules, in the order `denseValues` fills them. */
const DENSE = ['pos', 'neg', 'emo+', 'emo-', 'rule', 't+', 't-', 'hits', 'neghits', '!', '?', 'caps', 'elong', 'contrast', 'bias', 'url', 'handle'];
const denseValues = new Float64Array(DENSE.length);

/** Dense cues, scaled to about [0, 1] or [-1, 1]. */
function fillDense(a: Analysis): void {
  const words = Math.max(1, a.tokens.length);
  const d = denseValues;
  d[0] = a.pos;
  d[1] = a.neg;
  d[2] = a.emojiPos;
  d[3] = a.emojiNeg;
  d[4] = a.ruleScore;
  d[5] = a.tPos;
  d[6] = a.tNeg;
  d[7] = Math.min(a.hits, 5) / 5;
  d[8] = Math.min(a.negatedHits, 3) / 3;
  d[9] = Math.min(a.exclamations, 3) / 3;
  d[10] = Math.min(a.questions, 3) / 3;
  d[11] = Math.min(a.capsWords / words, 1);
  d[12] = Math.min(a.elongatedWords, 3) / 3;
  d[13] = a.contrast ? 1 : 0;
  d[14] = 1;
  // Links and @handles are dropped from the tokens, but whether a post has them says something (news vs replies).
  d[15] = a.urls > 0 ? 1 : 0;
  d[16] = Math.min(a.handles, 3) / 3;
}

interface Seeds {
  lang: number;
  word: number;
  shared: number;
  bigram: number;
  chars: number;
  sharedChars: number;
  hashtag: number;
  token: number;
  sharedToken: number;
  /** Shared then per-language hash of each dense cue. */
  denseShared: Int32Array;
  denseLang: Int32Array;
}

const seedCache = new Map<string, Seeds>();

/** Hash prefixes of one language, computed once: the per-mention work only folds in the token. */
function seedsFor(lang: string): Seeds {
  let s = seedCache.get(lang);
  if (!s) {
    const l = fnv(FNV_OFFSET, `${lang}|`);
    s = {
      lang: l,
      word: fnv(l, 'w|'),
      shared: fnv(FNV_OFFSET, 'W|'),
      bigram: fnv(l, 'b|'),
      chars: fnv(l, 'c|'),
      sharedChars: fnv(FNV_OFFSET, 'C|'),
      hashtag: fnv(l, 'h|'),
      token: fnv(l, 'd|t|'),
      sharedToken: fnv(FNV_OFFSET, 'd|t|'),
      denseShared: Int32Array.from(DENSE, (name) => fnv(FNV_OFFSET, `d|${name}`)),
      denseLang: Int32Array.from(DENSE, (name) => fnv(l, `d|${name}`)),
    };
    seedCache.set(lang, s);
  }
  return s;
}

/** Output buffers, reused across calls and grown on demand: extraction allocates nothing. */
let out: Features = { idx: new Int32Array(1024), val: new Float32Array(1024), length: 0 };
let mask = 0;

function push(h: number, v: number): void {
  if (out.length === out.idx.length) {
    const idx = new Int32Array(out.idx.length * 2);
    const val = new Float32Array(out.val.length * 2);
    idx.set(out.idx);
    val.set(out.val);
    out = { idx, val, length: out.length };
  }
  out.idx[out.length] = (h >>> 0) & mask;
  out.val[out.length] = v;
  out.length++;
}

/** Folds a '~' into a word's hash when the word is in a negation's scope. */
function markNegated(h: number, negated: boolean): number {
  return negated ? Math.imul(h ^ 0x7e, FNV_PRIME) : h;
}

/** Character n-gram lengths of the spec last used, as a lookup table (bit 1: tagged, bit 2: shared), and the longest. */
let gramsOf: FeatureSpec | undefined;
const TAGGED = 1;
const SHARED = 2;
const gramWanted = new Uint8Array(16);
let maxGram = 0;

function setGrams(spec: FeatureSpec): void {
  gramWanted.fill(0);
  maxGram = 0;
  const mark = (grams: readonly number[], bit: number): void => {
    for (const g of grams) {
      if (g >= 1 && g < gramWanted.length) {
        gramWanted[g]! |= bit;
        maxGram = Math.max(maxGram, g);
      }
    }
  };
  mark(spec.charGrams, TAGGED);
  mark(spec.sharedCharGrams ?? [], SHARED);
  gramsOf = spec;
}

/** Character n-grams of one word (with boundary marks), tagged with the language and shared, in one pass. */
function pushCharGrams(text: string, seeds: Seeds): void {
  // One rolling FNV pass per start position yields every n-gram length from there.
  const len = text.length + 2;
  for (let s = 0; s < len; s++) {
    let h = seeds.chars;
    let hs = seeds.sharedChars;
    const end = Math.min(len, s + maxGram);
    for (let e = s; e < end; e++) {
      const c = e === 0 ? LT : e === len - 1 ? GT : text.charCodeAt(e - 1);
      h = Math.imul(h ^ c, FNV_PRIME);
      hs = Math.imul(hs ^ c, FNV_PRIME);
      const g = e - s + 1;
      const wanted = gramWanted[g]!;
      if (wanted & TAGGED) push(h, 1 / g);
      if (wanted & SHARED) push(hs, 1 / g);
    }
  }
}

/**
 * The features of one analysed text. The result is a view on buffers reused by the next call:
 * read it (or copy it) before extracting again.
 */
export function extractFeatures(a: Analysis, lang: string, spec: FeatureSpec): Features {
  mask = (1 << spec.bits) - 1;
  out.length = 0;
  const seeds = seedsFor(lang);
  fillDense(a);
  for (let d = 0; d < DENSE.length; d++) {
    const v = denseValues[d]!;
    if (v === 0) continue;
    push(seeds.denseShared[d]!, v);
    push(seeds.denseLang[d]!, v);
  }

  const { tokens, negated, polarity } = a;
  if (spec !== gramsOf) setGrams(spec);
  let prev = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const text = t.text;
    if (t.kind === EMOJI || t.kind === EMOTICON || t.kind === PUNCT) {
      push(fnv(seeds.sharedToken, text), 1);
      push(fnv(seeds.token, text), 1);
      prev = t.kind === PUNCT ? -1 : fnv(FNV_OFFSET, text);
      continue;
    }
    // A word in a negation's scope is another feature than the same word outside it ('~' folded in).
    const neg = negated[i] === 1;
    const wordHash = markNegated(fnv(FNV_OFFSET, text), neg);
    const hw = markNegated(fnv(seeds.word, text), neg);
    push(hw, 1);
    push(markNegated(fnv(seeds.shared, text), neg), 1);
    if (t.kind === HASH_WORD) push(Math.imul(hw ^ 0x23, FNV_PRIME), 1);
    if (spec.bigrams && prev !== -1) push(Math.imul(seeds.bigram ^ prev, FNV_PRIME) ^ wordHash, 1);
    prev = wordHash;
    // Lexicon polarity bucket, shared by all languages: what one language learns about
    // "a strongly negative word" carries to the others.
    const pol = polarity[i]!;
    if (spec.lexBuckets && pol !== 0) push(Math.imul(LEX_SEED ^ (Math.round(pol * 4) + 8), FNV_PRIME), 1);
    if (maxGram > 0 && text.length > 2) {
      pushCharGrams(text, seeds);
    }
  }
  for (const h of a.hashtags) push(fnv(seeds.hashtag, h), 1);
  return out;
}

/** A copy of features that outlives the next extraction (training keeps every example's). */
export function copyFeatures(f: Features): Features {
  return { idx: f.idx.slice(0, f.length), val: f.val.slice(0, f.length), length: f.length };
}
