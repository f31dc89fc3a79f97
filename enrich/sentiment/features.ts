import type { Analysis } from './analyse.ts';
import { Kind } from './tokenize.ts';

/**
 * Sparse features of one text for the linear model, hashed into `2^bits` buckets (FNV-1a).
 * Word, bigram and character n-gram features are tagged with the language; emoji, punctuation and
 * the lexicon-rule features exist both shared and per language, so a language with no training
 * data (Dutch) still gets the shared part.
 */
export interface Features {
  idx: number[];
  val: number[];
}

export interface FeatureSpec {
  bits: number;
  /** Character n-gram lengths taken inside words (with word-boundary marks). */
  charGrams: readonly number[];
  bigrams: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Dense cues from the lexicon rules, with their scaling. */
function dense(a: Analysis): Array<[string, number]> {
  const words = Math.max(1, a.tokens.length);
  return [
    ['pos', a.pos],
    ['neg', a.neg],
    ['emo+', a.emojiPos],
    ['emo-', a.emojiNeg],
    ['rule', a.ruleScore],
    ['hits', Math.min(a.hits, 5) / 5],
    ['neghits', Math.min(a.negatedHits, 3) / 3],
    ['!', Math.min(a.exclamations, 3) / 3],
    ['?', Math.min(a.questions, 3) / 3],
    ['caps', Math.min(a.capsWords / words, 1)],
    ['elong', Math.min(a.elongatedWords, 3) / 3],
    ['contrast', a.contrast ? 1 : 0],
    ['bias', 1],
  ];
}

interface Seeds {
  lang: number;
  word: number;
  shared: number;
  bigram: number;
  chars: number;
  hashtag: number;
  token: number;
  sharedToken: number;
  dense: Map<string, [number, number]>;
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
      hashtag: fnv(l, 'h|'),
      token: fnv(l, 'd|t|'),
      sharedToken: fnv(FNV_OFFSET, 'd|t|'),
      dense: new Map(),
    };
    seedCache.set(lang, s);
  }
  return s;
}

export function extractFeatures(a: Analysis, lang: string, spec: FeatureSpec): Features {
  const mask = (1 << spec.bits) - 1;
  const idx: number[] = [];
  const val: number[] = [];
  const seeds = seedsFor(lang);
  const push = (h: number, v: number): void => {
    idx.push((h >>> 0) & mask);
    val.push(v);
  };
  for (const [name, v] of dense(a)) {
    if (v === 0) continue;
    let h = seeds.dense.get(name);
    if (!h) {
      h = [fnv(FNV_OFFSET, `d|${name}`), fnv(seeds.lang, `d|${name}`)];
      seeds.dense.set(name, h);
    }
    push(h[0], v);
    push(h[1], v);
  }

  const { tokens, negated } = a;
  let prev = -1;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === Kind.Emoji || t.kind === Kind.Emoticon || t.kind === Kind.Punct) {
      push(fnv(seeds.sharedToken, t.text), 1);
      push(fnv(seeds.token, t.text), 1);
      prev = t.kind === Kind.Punct ? -1 : fnv(FNV_OFFSET, t.text);
      continue;
    }
    // A word in a negation's scope is another feature than the same word outside it.
    const mark = negated[i] ? '~' : '';
    const wordHash = fnv(fnv(FNV_OFFSET, t.text), mark);
    const hw = fnv(fnv(seeds.word, t.text), mark);
    push(hw, 1);
    push(fnv(fnv(seeds.shared, t.text), mark), 1);
    if (t.kind === Kind.HashWord) push(fnv(hw, '#'), 1);
    if (spec.bigrams && prev !== -1) push(Math.imul(seeds.bigram ^ prev, FNV_PRIME) ^ wordHash, 1);
    prev = wordHash;
    if (spec.charGrams.length > 0 && t.text.length > 2) {
      const marked = `<${t.text}>`;
      for (const g of spec.charGrams) {
        for (let s = 0; s + g <= marked.length; s++) push(fnv(seeds.chars, marked, s, s + g), 1 / g);
      }
    }
  }
  for (const h of a.hashtags) push(fnv(seeds.hashtag, h), 1);
  return { idx, val };
}
