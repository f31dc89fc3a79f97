import type { RawMention } from '../../core/mention.ts';
import { foldText } from '../text/fold.ts';
import { mentionTokens } from '../text/analyse.ts';
import { urlHost } from '../text/url.ts';

/**
 * A mention prepared once for matching every watch query: folded words with their positions,
 * hashtags and handles, and the values the field filters look at.
 */
export interface MatchDoc {
  words: readonly string[];
  /** word → its first position; further positions follow through {@link MatchDoc.next}. */
  first: Map<string, number>;
  /** position → next position of the same word, or -1 (ascending chains, no array per word). */
  next: Int32Array;
  /** hashtag → flat [start, end, start, end...] word spans. */
  tags: Map<string, number[]>;
  /** handle (`user@instance` and its bare `user`) → flat word spans. */
  handles: Map<string, number[]>;
  lang: string | undefined;
  /** Folded source kind and name. */
  sources: string[];
  /** Folded author handle without `@`, and its user part for Mastodon handles. */
  authors: string[];
  /** Host of the mention URL, lowercase, without `www.`. */
  host: string | undefined;
}

const PART_SEP = /[^\p{L}\p{N}]+/u;

function parts(s: string): number {
  // Most tags are a single word; only split when a separator is present.
  return /[^\p{L}\p{N}]/u.test(s) ? s.split(PART_SEP).filter(Boolean).length : 1;
}

function add(map: Map<string, number[]>, key: string, start: number, end: number): void {
  const l = map.get(key);
  if (l === undefined) map.set(key, [start, end]);
  else l.push(start, end);
}

/** Builds the match document of a mention; `lang` overrides the language the source declared. */
export function buildDoc(m: Readonly<RawMention>, lang?: string): MatchDoc {
  const t = mentionTokens(m);
  const n = t.words.length;
  const first = new Map<string, number>();
  const next = new Int32Array(n);
  // Backwards, so each chain comes out in ascending order.
  for (let i = n - 1; i >= 0; i--) {
    const w = t.words[i]!;
    if (w === '') continue;
    next[i] = first.get(w) ?? -1;
    first.set(w, i);
  }
  const tags = new Map<string, number[]>();
  for (const h of t.hashtags) add(tags, h.tag, h.pos, h.pos + parts(h.tag) - 1);
  const handles = new Map<string, number[]>();
  for (const h of t.handles) {
    const at = h.handle.indexOf('@');
    const user = at === -1 ? h.handle : h.handle.slice(0, at);
    const end = h.pos + Math.max(parts(user.split('.')[0]!), 1) - 1;
    add(handles, h.handle, h.pos, end);
    if (at !== -1) add(handles, user, h.pos, end);
  }
  const sources = [foldText(m.source.kind)];
  if (m.source.name) sources.push(foldText(m.source.name));
  const authors: string[] = [];
  const handle = m.author?.handle;
  if (handle) {
    const a = foldText(handle.replace(/^@/, ''));
    authors.push(a);
    const at = a.indexOf('@');
    if (at > 0) authors.push(a.slice(0, at));
  }
  return { words: t.words, first, next, tags, handles, lang: (lang ?? m.lang)?.toLowerCase(), sources, authors, host: urlHost(m.url) };
}
