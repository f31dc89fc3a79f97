import type { RawMention } from '../../core/mention.ts';
import { mentionTokens } from '../../core/text/analyse.ts';
import { BANDS, bandKeys as bandKeysImport, exactOf, K, minhash as minhashImport, wordHashes } from './fingerprint.ts';

// Hot path: bind imports once (tsx compiles imports to getter calls).
const minhash = minhashImport;
const bandKeys = bandKeysImport;
import { dedupText } from './normalise.ts';
import { FingerprintStore } from './store.ts';

export interface DedupOptions {
  /** Most fingerprints kept (oldest evicted first). Default 100,000. */
  maxEntries?: number;
  /** Time horizon in ms on `publishedAt`: copies further apart are not duplicates. Default 72 h. */
  windowMs?: number;
  /** Estimated Jaccard similarity (words and word pairs) at or above which texts are near-duplicates. Default 0.7. */
  threshold?: number;
  /** Texts with fewer words are only matched exactly. Default 10: one changed word in a short text often changes its meaning ("love" → "hate").  */
  nearMinWords?: number;
  /** Texts with fewer words are never marked, unless they are explicit retweets. Default 3. */
  exactMinWords?: number;
}

/** Words of a text that feed its MinHash signature (all words feed the exact hash). */
const NEAR_MAX_WORDS = 400;

export const DEDUP_DEFAULTS = { maxEntries: 100_000, windowMs: 72 * 3_600_000, threshold: 0.7, nearMinWords: 10, exactMinWords: 3 } as const;

/**
 * Finds retweets, cross-posts and syndicated copies: same words give or take URLs, handles,
 * punctuation, case, accents and small edits. Returns the id of the first mention seen with that
 * text, or undefined for a first occurrence (which is then remembered).
 *
 * State is per process: copies handled by different workers are only caught within one worker.
 * A re-delivered mention (same id) is never marked a duplicate of itself.
 */
export class DuplicateDetector {
  readonly store: FingerprintStore;
  private readonly opts: Required<DedupOptions>;
  private wh: Uint32Array = new Uint32Array(256);
  private readonly mins = new Uint32Array(K);
  private readonly keys = new Uint32Array(BANDS);
  private readonly minEqual: number;

  constructor(opts: DedupOptions = {}) {
    this.opts = { ...DEDUP_DEFAULTS, ...opts };
    this.store = new FingerprintStore(this.opts.maxEntries);
    // Signatures keep one byte per value, so unrelated values agree 1 time in 256: correct for it.
    this.minEqual = Math.ceil(K * (this.opts.threshold * (1 - 1 / 256) + 1 / 256));
  }

  check(m: Readonly<Pick<RawMention, 'id' | 'title' | 'text' | 'publishedAt'>>): string | undefined {
    const { words, retweet } = dedupText(mentionTokens(m));
    const n = words.length;
    if (n === 0 || (n < this.opts.exactMinWords && !retweet)) return undefined;
    const time = Date.parse(m.publishedAt);
    const { windowMs } = this.opts;
    const st = this.store;
    st.expire(time - windowMs);
    this.wh = wordHashes(words, this.wh);
    const { h1, h2 } = exactOf(this.wh, n);
    const e = st.findExact(h1, h2);
    if (e >= 0) {
      if (Math.abs(st.timeOf(e) - time) <= windowMs) return st.idOf(e) === m.id ? undefined : st.idOf(e);
      // Same text, but too far apart in time: the new one starts a new story.
      st.forget(e);
    }
    if (n < this.opts.nearMinWords) {
      st.add(m.id, time, h1, h2);
      return undefined;
    }
    // The opening of a long article is enough to recognise a syndicated copy, and keeps the cost bounded.
    minhash(this.wh, Math.min(n, NEAR_MAX_WORDS), this.mins);
    bandKeys(this.mins, this.keys);
    const found = st.findNear(this.mins, this.keys, time - windowMs, time + windowMs, this.minEqual);
    // A re-delivery with an edited text is still the same mention, not a copy of itself.
    if (found >= 0) return st.idOf(found) === m.id ? undefined : st.idOf(found);
    st.add(m.id, time, h1, h2, this.mins, this.keys);
    return undefined;
  }
}
