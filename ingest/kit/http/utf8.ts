import { decodeAs } from './encoding-labels.ts';

/** What a pass over the bytes found, read as UTF-8. */
export interface Utf8Scan {
  /** Well-formed multi-byte sequences. */
  multibyte: number;
  /** Ill-formed sequences (each maximal subpart counts once, as the WHATWG decoder sees them). */
  invalid: number;
  /** Lead bytes the well-formed sequences use (index = byte value). */
  leads: Uint8Array;
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

/**
 * Calls `visit(i, n)` for each non-ASCII sequence in order: `n` > 0 for a well-formed one of `n`
 * bytes, `n` < 0 for an ill-formed one of `-n` bytes (see sequenceAt).
 */
function eachNonAscii(buf: Uint8Array, visit: (i: number, n: number) => void): void {
  for (let i = 0; i < buf.length; ) {
    if (buf[i]! < 0x80) {
      i++;
      continue;
    }
    const n = sequenceAt(buf, i);
    visit(i, n);
    i += Math.abs(n);
  }
}

export function scanUtf8(buf: Uint8Array): Utf8Scan {
  let multibyte = 0;
  let invalid = 0;
  const leads = new Uint8Array(256);
  eachNonAscii(buf, (i, n) => {
    if (n > 0) {
      multibyte++;
      leads[buf[i]!] = 1;
    } else invalid++;
  });
  return { multibyte, invalid, leads };
}

/** Windows-1252 punctuation a stray byte most often is (’ ‘ “ ” – — … € • « » ° NBSP). */
const PUNCTUATION = new Set([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0xa0, 0xab, 0xb0, 0xbb]);

/**
 * Decodes UTF-8 that has a few ill-formed sequences. Each becomes U+FFFD in place, except a lone
 * byte that is, in Windows-1252, a letter (`Qu\xE9bec`) or common punctuation (`don\x92t`): a
 * fragment pasted from a legacy page, read as it was meant. A lone byte that the document's own
 * characters use as a UTF-8 lead byte (0xC3 in French, 0xC5 in Polish, 0xE4-0xE9 in Chinese) is
 * far more often a character cut in two, and stays U+FFFD.
 */
export function decodeUtf8Lenient(buf: Uint8Array, leads = scanUtf8(buf).leads): { text: string; replaced: number; recovered: number } {
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let replaced = 0;
  let recovered = 0;
  let start = 0;
  eachNonAscii(buf, (i, n) => {
    if (n > 0) return;
    parts.push(utf8.decode(buf.subarray(start, i)));
    const b = buf[i]!;
    const letterByte = b >= 0xc0 && b !== 0xd7 && b !== 0xf7 && !leads[b];
    if (n === -1 && (letterByte || PUNCTUATION.has(b))) {
      parts.push(decodeAs(buf.subarray(i, i + 1), 'windows-1252'));
      recovered++;
    } else {
      parts.push('\uFFFD');
      replaced++;
    }
    start = i - n;
  });
  parts.push(utf8.decode(buf.subarray(start)));
  return { text: parts.join(''), replaced, recovered };
}
