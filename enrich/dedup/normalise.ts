import { WordKind, type Tokens } from '../../core/text/tokenize.ts';

/** The words two copies of one post share: no URLs, no @handles, no `RT @x:` or trailing `via`. */
export interface DedupText {
  words: string[];
  /** The text was an explicit retweet (`RT @x: ...`). */
  retweet: boolean;
}

const TRAILING = new Set(['via', 'cc', 'par']);

/**
 * Normalises tokens for near-duplicate detection: URLs are already out of the words; handle
 * words and boundaries are dropped (a retweet adds `RT @x:`, a cross-post adds `via @x`), then a
 * leading `rt` before a handle and a trailing `via`/`cc`/`par` that introduced a handle are removed. Case, accents and
 * punctuation are gone by tokenization; hashtag words stay (they are part of what was written).
 */
export function dedupText(t: Tokens): DedupText {
  const words: string[] = [];
  // Words that introduced a handle (`via @x`): dropped if nothing else follows them.
  let credits = 0;
  let retweet = false;
  for (let i = 0; i < t.words.length; i++) {
    const k = t.kinds[i]!;
    if (k === WordKind.Handle || k === WordKind.Boundary) continue;
    const w = t.words[i]!;
    if (words.length === 0 && w === 'rt' && t.kinds[i + 1] === WordKind.Handle) {
      retweet = true;
      continue;
    }
    words.push(w);
    credits = TRAILING.has(w) && t.kinds[i + 1] === WordKind.Handle ? credits + 1 : 0;
  }
  if (credits > 0) words.length -= credits;
  return { words, retweet };
}
