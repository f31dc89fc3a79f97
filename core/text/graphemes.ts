/**
 * Cutting user text without breaking what a reader sees: cuts fall between grapheme clusters
 * (`Intl.Segmenter`), so an emoji with its skin tone or ZWJ family, a flag, a letter with its
 * combining accents, or a surrogate pair is kept whole or dropped whole, never halved.
 *
 * Lengths are UTF-16 code units (`String.length`) unless a measure is given: that is what
 * JavaScript receivers count, and it is never below the number of code points other receivers
 * count, so a text that fits here fits there too.
 */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The grapheme clusters of a text, in order. */
export function graphemes(s: string): string[] {
  const out: string[] = [];
  for (const g of segmenter.segment(s)) out.push(g.segment);
  return out;
}

/** Longest grapheme cluster expected at a cut (a ZWJ family emoji is 11 UTF-16 units). */
const CLUSTER_SLACK = 64;

/** Ellipsis appended to a cut text. */
export const ELLIPSIS = '…';

/**
 * Cuts `s` so that its measure (after `encode`, e.g. an escaping function, applied per
 * grapheme) is at most `max`, ending with `…` when something was cut. Cutting before encoding
 * means an escape sequence (`&amp;`, `\*`) is never split; encoding each grapheme alone is exact
 * for the character-by-character escapings Vigie uses.
 */
export function cutGraphemes(s: string, max: number, encode: (g: string) => string = (g) => g, measure: (t: string) => number = (t) => t.length): string {
  const whole = encode(s);
  if (measure(whole) <= max) return whole;
  const room = max - measure(encode(ELLIPSIS));
  if (room < 0) return '';
  // Intl.Segmenter costs microseconds per cluster: the text up to a known boundary near the
  // cut is taken without it, then only the rest is segmented (see safeStart).
  let out = '';
  let used = 0;
  const start = safeStart(s, room, encode, measure);
  if (start > 0) {
    out = encode(s.slice(0, start));
    used = measure(out);
  }
  // Escapings never shorten and measures never count less than UTF-16 units, so no more than
  // `room - used` more units can fit; the slice's last cluster may be partial, so it is never
  // taken unless the slice reaches the end of the text.
  const endAt = start + (room - used) + CLUSTER_SLACK;
  const slice = s.slice(start, endAt);
  const segs = [...segmenter.segment(slice)];
  if (endAt < s.length) segs.pop();
  for (const g of segs) {
    const e = encode(g.segment);
    const n = measure(e);
    if (used + n > room) break;
    out += e;
    used += n;
  }
  // Do not leave a dangling space or a bidi control before the ellipsis.
  return `${out.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/u, '')}${encode(ELLIPSIS)}`;
}

/** Characters that attach to the one before them (marks and spacing marks, joiners, emoji modifiers, tags). */
const EXTENDS = /[\p{M}\u0e33\u0eb3\u200c\u200d\uff9e\uff9f\p{Emoji_Modifier}\u{e0020}-\u{e007f}]/u;

/**
 * A position before the cut that is certainly a grapheme boundary: after an ASCII printable
 * character and before one that does not attach to it (no Unicode rule joins those). Positions
 * are searched within 256 units before the last one that could fit; 0 when there is none.
 */
function safeStart(s: string, room: number, encode: (g: string) => string, measure: (t: string) => number): number {
  // The last index whose encoded prefix fits: encode per code point (exact for per-character escapings).
  let used = 0;
  let q = 0;
  for (const cp of s) {
    const n = measure(encode(cp));
    if (used + n > room) break;
    used += n;
    q += cp.length;
  }
  for (let i = q; i > 0 && i >= q - 256; i--) {
    const prev = s.charCodeAt(i - 1);
    if (prev >= 0x20 && prev <= 0x7e && i < s.length && !EXTENDS.test(String.fromCodePoint(s.codePointAt(i)!))) return i;
  }
  return 0;
}

/** Collapses whitespace to single spaces and trims: one line of display text. */
export function collapseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** UTF-8 size of a string in bytes (what byte-limited receivers count). */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Whether a string holds a lone surrogate (a halved astral character), which no receiver renders. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

const BIDI_OPEN_EMBED = /[\u202a\u202b\u202d\u202e]/;
const BIDI_OPEN_ISOLATE = /[\u2066-\u2068]/;

/**
 * Closes the bidi embeddings, overrides and isolates a user text leaves open (U+202A-E need a
 * PDF, U+2066-8 a PDI), so a right-to-left override in a post, or one whose closing character
 * was cut off, cannot reverse the labels and links that follow it on the page.
 */
export function closeBidi(s: string): string {
  if (!/[\u202a-\u202e\u2066-\u2069]/.test(s)) return s;
  let embeds = 0;
  let isolates = 0;
  for (const c of s) {
    if (BIDI_OPEN_EMBED.test(c)) embeds++;
    else if (c === '\u202c') embeds = Math.max(0, embeds - 1);
    else if (BIDI_OPEN_ISOLATE.test(c)) isolates++;
    else if (c === '\u2069') isolates = Math.max(0, isolates - 1);
  }
  return s + '\u202c'.repeat(embeds) + '\u2069'.repeat(isolates);
}
