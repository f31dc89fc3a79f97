/** What a pass over the bytes found, read as UTF-8. */
export interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  multibyte: number;
  /** Ill-formed sequences (each maximal subpart counts once, as the WHATWG decoder sees them). */
  invalid: number;
}

/**
 * Length of the well-formed sequence starting at `i` (1 for ASCII), or the negative length of
 * its maximal ill-formed subpart (Unicode §3.9, what one U+FFFD replaces).
 */
function sequenceAt(buf: Uint8Array, i: number): number {
  const b = buf[i]!;
  if (b < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lo = 0xa0;
    if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lo = 0x90;
    if (b === 0xf4) hi = 0x8f;
  } else return -1;
  for (let k = 1; k <= need; k++) {
    const c = buf[i + k];
    if (c === undefined || c < lo || c > hi) return -k;
    lo = 0x80;
    hi = 0xbf;
  }
  return need + 1;
}

export function scanUtf8(buf: Uint8Array): Utf8Scan {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < buf.length; ) {
    if (buf[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(buf, i);
    if (n > 0) multibyte++;
    else invalid++;
    i += Math.abs(n);
  }
  return { multibyte, invalid };
}

const isAsciiLetter = (b: number | undefined) => b !== undefined && ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a);
/** Windows-1252 punctuation a stray byte most often is (’ ‘ “ ” – — … € • « » ° NBSP). */
const PUNCTUATION = new Set([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xa0, 0xab, 0xb0, 0xbb]);
const cp1252 = new TextDecoder('windows-1252');

/**
 * Decodes UTF-8 that has a few ill-formed sequences. Each becomes U+FFFD in place, except a lone
 * byte that is, in Windows-1252, a letter touching an ASCII letter (`Qu\xE9bec`) or common
 * punctuation (`don\x92t`): a fragment pasted from a legacy page, read as it was meant. Â and Ã
 * (0xC2, 0xC3) stay U+FFFD: alone, they are far more often a UTF-8 character cut in two.
 */
export function decodeUtf8Lenient(buf: Uint8Array): { text: string; replaced: number; recovered: number } {
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let replaced = 0;
  let recovered = 0;
  let start = 0;
  for (let i = 0; i < buf.length; ) {
    if (buf[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    parts.push(utf8.decode(buf.subarray(start, i)));
    const b = buf[i]!;
    const letterByte = b >= 0xc0 && b !== 0xc2 && b !== 0xc3 && b !== 0xd7 && b !== 0xf7;
    if (n === -1 && ((letterByte && (isAsciiLetter(buf[i - 1]) || isAsciiLetter(buf[i + 1]))) || PUNCTUATION.has(b))) {
      parts.push(cp1252.decode(buf.subarray(i, i + 1)));
      recovered++;
    } else {
      parts.push('\uFFFD');
      replaced++;
    }
    i += -n;
    start = i;
  }
  parts.push(utf8.decode(buf.subarray(start)));
  return { text: parts.join(''), replaced, recovered };
}
