import type { RawMention } from '../../core/mention.ts';
import { foldText } from '../../core/text/fold.ts';
import { mentionTokens } from '../../core/text/analyse.ts';
import { urlHost } from '../../core/text/url.ts';

/** A hashtag or handle of a mention, with its first and last word positions. */
export interface DocTag {
  value: string;
  pos: number;
  end: number;
}

/**
 * A mention prepared once for matching every watch query: folded words in order, hashtags and
 * handles with their word spans, and the values the field filters look at.
 */
export interface MatchDoc {
  words: readonly string[];
  /**
   * Word → first position, with `next[p]` the next position of the same word (-1 at the end).
   * Built only for long texts: on a tweet, scanning 20 words for the few queries evaluated is
   * cheaper than hashing every word into a map.
   */
  index: { first: Map<string, number>; next: Int32Array } | undefined;
  /** Folded hashtags without `#`. */
  hashtags: readonly DocTag[];
  /** Folded handles without `@` (Mastodon `user@instance` whole). */
  handles: readonly DocTag[];
  lang: string | undefined;
  /** Folded source kind and name. */
  sources: string[];
  /** Folded author handle without `@`, and its user part for Mastodon handles. */
  authors: string[];
  /** Host of the mention URL, lowercase, without `www.`. */
  host: string | undefined;
}

/** Texts with more words than this get a word index (see {@link MatchDoc.index}). */
const INDEX_FROM = 64;

/** First position of `w` at or after `from`, or -1. */
export function findWord(d: MatchDoc, w: string, from = 0): number {
  const words = d.words;
  if (d.index !== undefined) {
    let p = d.index.first.get(w) ?? -1;
    while (p !== -1 && p < from) p = d.index.next[p]!;
    return p;
  }
  for (let i = from; i < words.length; i++) if (words[i] === w) return i;
  return -1;
}

/** Next position of the word at `p` after `p`, or -1. */
export function nextWord(d: MatchDoc, p: number): number {
  return d.index !== undefined ? d.index.next[p]! : findWord(d, d.words[p]!, p + 1);
}

function buildIndex(words: readonly string[]): MatchDoc['index'] {
  const first = new Map<string, number>();
  const next = new Int32Array(words.length);
  // Backwards, so each chain comes out in ascending order.
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (w === '') continue;
    next[i] = first.get(w) ?? -1;
    first.set(w, i);
  }
  return { first, next };
}

/** Which mention fields the compiled queries look at; the others are not computed. */
export interface DocNeeds {
  source: boolean;
  author: boolean;
  site: boolean;
}
const ALL: DocNeeds = { source: true, author: true, site: true };

/** Builds the match document of a mention; `lang` overrides the language the source declared. */
export function buildDoc(m: Readonly<RawMention>, lang?: string, needs: DocNeeds = ALL): MatchDoc {
  const t = mentionTokens(m);
  const sources: string[] = [];
  if (needs.source) {
    sources.push(foldText(m.source.kind));
    if (m.source.name) sources.push(foldText(m.source.name));
  }
  const authors: string[] = [];
  const handle = needs.author ? m.author?.handle : undefined;
  if (handle) {
    const a = foldText(handle.replace(/^@/, ''));
    authors.push(a);
    const at = a.indexOf('@');
    if (at > 0) authors.push(a.slice(0, at));
  }
  return {
    words: t.words,
    index: t.words.length > INDEX_FROM ? buildIndex(t.words) : undefined,
    hashtags: t.hashtags.map((h) => ({ value: h.tag, pos: h.pos, end: h.end })),
    handles: t.handles.map((h) => ({ value: h.handle, pos: h.pos, end: h.end })),
    lang: (lang ?? m.lang)?.toLowerCase(),
    sources,
    authors,
    host: needs.site ? urlHost(m.url) : undefined,
  };
}
