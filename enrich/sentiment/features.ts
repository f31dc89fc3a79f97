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

export function extractFeatures(a: Analysis, lang: string, spec: FeatureSpec): Features {
  const mask = (1 << spec.bits) - 1;
  const idx: number[] = [];
  const val: number[] = [];
  const langSeed = fnv(FNV_OFFSET, `${lang}|`);
  const push = (h: number, v: number): void => {
    idx.push((h >>> 0) & mask);
    val.push(v);
  };
  const both = (name: string, v: number): void => {
    if (v === 0) return;
    push(fnv(FNV_OFFSET, `d|${name}`), v);
    push(fnv(langSeed, `d|${name}`), v);
  };
  for (const [name, v] of dense(a)) both(name, v);

  const { tokens, negated } = a;
  let prev = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === Kind.Emoji || t.kind === Kind.Emoticon || t.kind === Kind.Punct) {
      both(`t|${t.text}`, 1);
      prev = t.kind === Kind.Punct ? '' : t.text;
      continue;
    }
    const word = negated[i] ? `${t.text}~` : t.text;
    const hw = fnv(fnv(langSeed, 'w|'), word);
    push(hw, 1);
    // The same word shared across languages: names, loanwords, cognates, and Dutch (no training data).
    push(fnv(fnv(FNV_OFFSET, 'W|'), word), 1);
    if (t.kind === Kind.HashWord) push(fnv(hw, '#'), 1);
    if (spec.bigrams && prev) push(fnv(fnv(fnv(langSeed, 'b|'), prev), `|${word}`), 1);
    prev = word;
    if (spec.charGrams.length > 0 && t.text.length > 2) {
      const marked = `<${t.text}>`;
      const cSeed = fnv(langSeed, 'c|');
      for (const g of spec.charGrams) {
        for (let s = 0; s + g <= marked.length; s++) push(fnv(cSeed, marked, s, s + g), 1 / g);
      }
    }
  }
  for (const h of a.hashtags) push(fnv(fnv(langSeed, 'h|'), h), 1);
  return { idx, val };
}
