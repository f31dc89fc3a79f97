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
  /** Folded hashtags without `#`, with the positions of their first and last words, in text order. */
  hashtags: Array<{ tag: string; pos: number; end: number }>;
  /** Folded handles without `@` (`user` or Mastodon `user@instance`), with their first and last word positions. */
  handles: Array<{ handle: string; pos: number; end: number }>;
  /** URLs as written (case kept), in text order, trailing punctuation removed. */
  urls: string[];
}

export function emptyTokens(): Tokens {
  return { words: [], kinds: [], hashtags: [], handles: [], urls: [] };
}

const URL_TRAIL = /[.,;:!?'’"…]+$/u;
// Character classes, cached per UTF-16 unit: a hand-written scanner over them is several times
// faster than a Unicode regex with captures, and tokenization runs on every mention.
const WORD = 1;
const UNDERSCORE = 2;
const OTHER = 3;
const classes = new Uint8Array(0x10000);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const HAS_LETTER = /\p{L}/u;
const PART_SEP = /[^\p{L}\p{N}]+/u;
const SIMPLE = /^[a-z0-9]+$/;

function classOf(c: number): number {
  let k = classes[c]!;
  if (k === 0) {
    k = c === 95 ? UNDERSCORE : c >= 0xd800 && c < 0xe000 ? OTHER : LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? WORD : OTHER;
    classes[c] = k;
  }
  return k;
}

/** Length (1 or 2 units) of the word character at `i`, or 0 when it is not one. Handles astral letters. */
function wordAt(s: string, i: number, underscore: boolean): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c >= 0xe000) {
    const k = classOf(c);
    return k === WORD || (underscore && k === UNDERSCORE) ? 1 : 0;
  }
  if (c < 0xdc00 && i + 1 < s.length) return LETTER_OR_DIGIT.test(s.slice(i, i + 2)) ? 2 : 0;
  return 0;
}

/** End of a run of word characters (and `_` if asked) starting at `i`. */
function runEnd(s: string, i: number, underscore: boolean): number {
  let n: number;
  while (i < s.length && (n = wordAt(s, i, underscore)) > 0) i += n;
  return i;
}

/** End of a handle body at `i`: `user`, `first.last`, `alice.bsky.social`, then optional `@instance.tld`. */
function handleEnd(s: string, i: number): number {
  let j = runEnd(s, i, true);
  if (j === i) return i;
  while ((s[j] === '.' || s[j] === '-') && wordAt(s, j + 1, true) > 0) j = runEnd(s, j + 1, true);
  if (s[j] === '@') {
    // Mastodon: @user@instance.tld — the instance needs at least one dot.
    let k = j + 1;
    let labels = 0;
    for (;;) {
      const e = runEnd(s, k, false);
      if (e === k) break;
      let d = e;
      while (s[d] === '-' && wordAt(s, d + 1, false) > 0) d = runEnd(s, d + 1, false);
      labels++;
      k = d;
      if (s[k] !== '.' || wordAt(s, k + 1, false) === 0) break;
      k++;
    }
    if (labels >= 2) j = k;
  }
  return j;
}

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

const URL_START = /https?:\/\/|www\./gi;
const URL_STOP = /[\s<>"“”«»]/u;
const BEFORE_WWW = /[\p{L}\p{N}_@.\/-]/u;

/** Extracts URLs (case kept) and returns the text with each replaced by a space. */
function takeUrls(text: string, urls: string[]): string {
  URL_START.lastIndex = 0;
  let m = URL_START.exec(text);
  if (m === null) return text;
  let out = '';
  let last = 0;
  while (m !== null) {
    const start = m.index;
    const prev = start > 0 ? text[start - 1]! : ' ';
    // `xhttp://` or `foo.www.bar` are not URL starts.
    const isUrl = m[0].length === 4 ? !BEFORE_WWW.test(prev) : !/[\p{L}\p{N}]/u.test(prev);
    let end = start + m[0].length;
    if (isUrl) {
      while (end < text.length && !URL_STOP.test(text[end]!)) end++;
      const u = trimUrl(text.slice(start, end));
      if (u.length > m[0].length + 1) {
        urls.push(u);
        out += text.slice(last, start) + ' ';
        last = start + u.length;
      }
    }
    URL_START.lastIndex = Math.max(end, start + 1);
    m = URL_START.exec(text);
  }
  return out + text.slice(last);
}

/** Pushes the word parts of a tag; returns the position of the last one (or of the first, if none). */
function pushParts(out: Tokens, s: string, kind: WordKind): number {
  const start = out.words.length;
  for (const p of SIMPLE.test(s) ? [s] : s.split(PART_SEP)) {
    if (p) {
      out.words.push(p);
      out.kinds.push(kind);
    }
  }
  return Math.max(start, out.words.length - 1);
}

/**
 * Tokenizes raw (unfolded) text: URLs are taken out first (kept as written), the rest is folded
 * with {@link foldText} and cut into words, hashtags and handles. Appends to `into` when given,
 * so a title and a text can share one token stream.
 */
export function tokenize(text: string, into: Tokens = emptyTokens()): Tokens {
  const t = foldText(takeUrls(text, into.urls));
  const n = t.length;
  let i = 0;
  while (i < n) {
    const w = wordAt(t, i, false);
    if (w > 0) {
      const e = runEnd(t, i + w, false);
      into.words.push(t.slice(i, e));
      into.kinds.push(WordKind.Text);
      i = e;
      continue;
    }
    const c = t.charCodeAt(i);
    // `C#`, `foo#bar` and e-mail addresses are not tags: their `#`/`@` is then just a separator.
    if ((c === 35 || c === 64) && (i === 0 || wordAt(t, i - 1, true) === 0)) {
      const e = c === 35 ? runEnd(t, i + 1, true) : handleEnd(t, i + 1);
      const body = t.slice(i + 1, e);
      if (c === 35 && e > i + 1 && HAS_LETTER.test(body)) {
        const pos = into.words.length;
        into.hashtags.push({ tag: body, pos, end: pushParts(into, body, WordKind.Hashtag) });
        i = e;
        continue;
      }
      if (c === 64 && e > i + 1) {
        const pos = into.words.length;
        // Only the user part makes words: `@acme_support@mastodon.social` → acme, support.
        into.handles.push({ handle: body, pos, end: pushParts(into, body.split(/[.@]/, 1)[0]!, WordKind.Handle) });
        i = e;
        continue;
      }
    }
    i++;
  }
  return into;
}

/** Appends a boundary word (never equal to a query word) between two texts of one mention. */
export function pushBoundary(t: Tokens): void {
  t.words.push('');
  t.kinds.push(WordKind.Boundary);
}
