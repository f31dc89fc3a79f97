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
  let out = '';
  let used = 0;
  for (const g of segmenter.segment(s)) {
    const e = encode(g.segment);
    const n = measure(e);
    if (used + n > room) break;
    out += e;
    used += n;
  }
  // Do not leave a dangling space or a bidi control before the ellipsis.
  return `${out.replace(/[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+$/u, '')}${encode(ELLIPSIS)}`;
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
