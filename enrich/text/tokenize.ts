import { foldText } from './fold.ts';

/** Where a word token came from: plain text, part of a #hashtag, part of an @handle, or a boundary. */
export const enum WordKind {
  Text = 0,
  Hashtag = 1,
  Handle = 2,
  /** An empty word between title and text, so phrases and NEAR never straddle them. */
  Boundary = 3,
}

/**
 * A text cut into folded tokens. `words[i]` is the i-th word position; hashtags and handles also
 * contribute their parts as words (`#Acme_Fail` → `acme`, `fail`) so a plain word query finds them.
 */
export interface Tokens {
  words: string[];
  kinds: WordKind[];
  /** Folded hashtags without `#`, with the position of their first word, in text order. */
  hashtags: Array<{ tag: string; pos: number }>;
  /** Folded handles without `@` (`user` or Mastodon `user@instance`), with their first word position. */
  handles: Array<{ handle: string; pos: number }>;
  /** URLs as written (case kept), in text order, trailing punctuation removed. */
  urls: string[];
}

export function emptyTokens(): Tokens {
  return { words: [], kinds: [], hashtags: [], handles: [], urls: [] };
}

const URL_RE = /(?:\bhttps?:\/\/|(?<![\p{L}\p{N}_@.-])www\.)[^\s<>"“”«»]+/giu;
const URL_TRAIL = /[.,;:!?'’"…]+$/u;
/**
 * A hashtag (`#` then letters, digits or `_`), a handle (`@user`, `@first.last`, Bluesky
 * `@alice.bsky.social`, Mastodon `@user@instance.tld`) or a word (letters and digits; every
 * other character, apostrophe included, separates words).
 */
const TOKEN_RE = /[#＃]([\p{L}\p{N}_]+)|@([\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)|[\p{L}\p{N}]+/gu;
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const HAS_LETTER = /\p{L}/u;
const PART_SEP = /[^\p{L}\p{N}]+/u;

function count(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/** Cuts a URL off at trailing punctuation and at a `)` that closes a parenthesis opened before the URL. */
function trimUrl(u: string): string {
  let t = u.replace(URL_TRAIL, '');
  while (t.endsWith(')') && count(t, ')') > count(t, '(')) t = t.slice(0, -1).replace(URL_TRAIL, '');
  return t;
}

/** Extracts URLs (case kept) and returns the text with each replaced by a space. */
function takeUrls(text: string, urls: string[]): string {
  if (!text.includes('http') && !text.includes('HTTP') && !/www\./i.test(text)) return text;
  return text.replace(URL_RE, (raw) => {
    const u = trimUrl(raw);
    if (u.length > 8) urls.push(u);
    return ' ' + raw.slice(u.length);
  });
}

function pushParts(out: Tokens, s: string, kind: WordKind): void {
  for (const p of s.split(PART_SEP)) {
    if (p) {
      out.words.push(p);
      out.kinds.push(kind);
    }
  }
}

/**
 * Tokenizes raw (unfolded) text: URLs are taken out first (kept as written), the rest is folded
 * with {@link foldText} and cut into words, hashtags and handles. Appends to `into` when given,
 * so a title and a text can share one token stream.
 */
export function tokenize(text: string, into: Tokens = emptyTokens()): Tokens {
  const folded = foldText(takeUrls(text, into.urls));
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(folded)) !== null) {
    const tag = m[1];
    const handle = m[2];
    if (tag === undefined && handle === undefined) {
      into.words.push(m[0]);
      into.kinds.push(WordKind.Text);
      continue;
    }
    // `C#`, `foo#bar` and e-mail addresses are not tags: rescan from the next character as words.
    const prev = m.index > 0 ? folded[m.index - 1]! : ' ';
    if (WORD_CHAR.test(prev) || (tag !== undefined && !HAS_LETTER.test(tag))) {
      TOKEN_RE.lastIndex = m.index + 1;
      continue;
    }
    const pos = into.words.length;
    if (tag !== undefined) {
      into.hashtags.push({ tag, pos });
      pushParts(into, tag, WordKind.Hashtag);
    } else {
      const h = handle!;
      into.handles.push({ handle: h, pos });
      // Only the user part makes words: `@acme_support@mastodon.social` → acme, support.
      pushParts(into, h.split(/[.@]/, 1)[0]!, WordKind.Handle);
    }
  }
  return into;
}

/** Appends a boundary word (never equal to a query word) between two texts of one mention. */
export function pushBoundary(t: Tokens): void {
  t.words.push('');
  t.kinds.push(WordKind.Boundary);
}
