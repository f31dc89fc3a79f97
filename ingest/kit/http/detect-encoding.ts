import { plausibility, type CjkFlavour } from '../text/plausibility.ts';
import { decodeAs, isSingleByte } from './encoding-labels.ts';

/**
 * Encodings a feed without a usable declaration may be in, with the languages they are written
 * for (a feed's `<language>` or `xml:lang` narrows the field) and how a CJK reading is judged.
 */
const CANDIDATES: Array<{ encoding: string; langs: string[]; flavour?: CjkFlavour }> = [
  { encoding: 'windows-1252', langs: ['fr', 'en', 'es', 'de', 'pt', 'it', 'nl', 'ca', 'da', 'sv', 'no', 'nb', 'nn', 'fi', 'is', 'ga', 'eu', 'gl', 'af', 'sq', 'id', 'ms'] },
  { encoding: 'iso-8859-15', langs: ['fr', 'es', 'de', 'pt', 'it', 'nl', 'fi', 'et', 'ca'] },
  { encoding: 'macintosh', langs: ['fr', 'en', 'es', 'de', 'pt', 'it', 'nl'] },
  { encoding: 'windows-1250', langs: ['pl', 'cs', 'sk', 'hu', 'sl', 'hr', 'ro', 'bs', 'sr'] },
  { encoding: 'iso-8859-2', langs: ['pl', 'cs', 'sk', 'hu', 'sl', 'hr', 'ro', 'bs'] },
  { encoding: 'windows-1251', langs: ['ru', 'uk', 'bg', 'be', 'sr', 'mk', 'kk'] },
  { encoding: 'koi8-r', langs: ['ru', 'bg'] },
  { encoding: 'koi8-u', langs: ['uk'] },
  { encoding: 'iso-8859-5', langs: ['ru', 'bg', 'mk', 'sr'] },
  { encoding: 'ibm866', langs: ['ru'] },
  { encoding: 'x-mac-cyrillic', langs: ['ru', 'uk', 'bg'] },
  { encoding: 'windows-1253', langs: ['el'] },
  { encoding: 'iso-8859-7', langs: ['el'] },
  { encoding: 'windows-1254', langs: ['tr', 'az'] },
  { encoding: 'windows-1255', langs: ['he', 'yi', 'iw'] },
  { encoding: 'iso-8859-8', langs: ['he', 'iw'] },
  { encoding: 'windows-1256', langs: ['ar', 'fa', 'ur'] },
  { encoding: 'iso-8859-6', langs: ['ar'] },
  { encoding: 'windows-1257', langs: ['lt', 'lv', 'et'] },
  { encoding: 'iso-8859-13', langs: ['lt', 'lv'] },
  { encoding: 'windows-1258', langs: ['vi'] },
  { encoding: 'windows-874', langs: ['th'] },
  { encoding: 'shift_jis', langs: ['ja'], flavour: 'ja' },
  { encoding: 'euc-jp', langs: ['ja'], flavour: 'ja' },
  { encoding: 'iso-2022-jp', langs: ['ja'], flavour: 'ja' },
  { encoding: 'gbk', langs: ['zh'], flavour: 'zh-hans' },
  { encoding: 'big5', langs: ['zh'], flavour: 'zh-hant' },
  { encoding: 'euc-kr', langs: ['ko'], flavour: 'ko' },
];

/**
 * How unlikely an encoding is before the text is read, in plausibility cost for the whole
 * sample (divided by the non-ASCII bytes, so it decides only when the text is short): the
 * web's usual legacy encodings (one or two per script) cost nothing, the rest more. Not used when the feed
 * declares its language (the candidates are then few and all plausible).
 */
const PRIOR: Record<string, number> = Object.fromEntries(['windows-1252', 'iso-8859-15', 'windows-1251', 'windows-1250', 'koi8-r', 'gbk', 'big5', 'shift_jis', 'euc-jp', 'euc-kr'].map((e) => [e, 0]));
/** Two odd characters' worth: ISO-8859-x, Mac, DOS, Greek, Hebrew, Arabic, Thai... need that much more evidence. ISO-8859-15 is free: it reads as windows-1252 but for eight rare symbols, which then decide. */
const PRIOR_OTHER = 2;

/** How a CJK reading is judged for an encoding (undefined for alphabetic ones). */
export function flavourOf(encoding: string, lang?: string): CjkFlavour {
  const c = CANDIDATES.find((x) => x.encoding === encoding);
  if (encoding === 'gb18030') return 'zh-hans';
  if (c?.flavour === 'zh-hans' && /^zh-(tw|hk|mo|hant)/i.test(lang ?? '')) return 'zh-hant';
  return c?.flavour;
}

/** Largest sample, in bytes, the detector reads: enough text, bounded time on huge feeds. */
export const SAMPLE_BYTES = 16 * 1024;

/**
 * The text nodes that hold non-ASCII bytes, cut at `<` and `>` (below 0x40, so never inside a
 * multi-byte character of any candidate encoding), joined by newlines, up to SAMPLE_BYTES.
 * Markup and ASCII-only lines say nothing about the encoding and would only dilute the scores.
 */
export function sampleOf(buf: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  let start = 0;
  let high = false;
  for (let i = 0; i <= buf.length && size < SAMPLE_BYTES; i++) {
    const b = i < buf.length ? buf[i]! : 0x3c;
    if (b === 0x3c || b === 0x3e) {
      if (high && i > start) {
        parts.push(buf.subarray(start, Math.min(i, start + SAMPLE_BYTES - size)), Uint8Array.of(0x0a));
        size += i - start + 1;
      }
      start = i + 1;
      high = false;
    } else if (b >= 0x80 || b === 0x1b) high = true;
  }
  const out = new Uint8Array(Math.min(size, SAMPLE_BYTES + 1));
  let at = 0;
  for (const p of parts) {
    if (at + p.length > out.length) break;
    out.set(p, at);
    at += p.length;
  }
  return out.subarray(0, at);
}

export interface Reading {
  encoding: string;
  /** Implausibility per non-ASCII byte of the sample (0 = reads like real text). */
  cost: number;
}

/** Counts the bytes a reading is judged on. */
export function highBytes(sample: Uint8Array): number {
  let n = 0;
  for (const b of sample) if (b >= 0x80 || b === 0x1b) n++;
  return n;
}

/** Scores one reading of the sample; undefined when a multi-byte decoder refuses the bytes. */
export function scoreReading(sample: Uint8Array, encoding: string, lang?: string, high = highBytes(sample)): Reading | undefined {
  let text: string;
  try {
    text = decodeAs(sample, encoding, !isSingleByte(encoding));
  } catch {
    return undefined;
  }
  // ISO-2022-JP is 7-bit: without its escape sequences it is only ASCII, and proves nothing.
  if (encoding === 'iso-2022-jp' && !sample.includes(0x1b)) return undefined;
  const { cost } = plausibility(text, flavourOf(encoding, lang));
  return { encoding, cost: cost / Math.max(1, high) };
}

export interface Detection {
  /** Readings from the most plausible, at most 5. */
  ranked: Reading[];
  /** Candidates the feed's language left in the race (all when it declares none). */
  considered: number;
}

/**
 * Ranks the encodings the bytes can be in. Multi-byte candidates whose decoder refuses the bytes
 * are out; the rest are scored on how plausible their reading is. A declared language keeps
 * the encodings written for it, and when it names none of them, all of them.
 */
export function detectEncoding(buf: Uint8Array, lang?: string): Detection {
  const sample = sampleOf(buf);
  const high = highBytes(sample);
  const primary = lang?.toLowerCase().split(/[-_]/)[0];
  const forLang = primary ? CANDIDATES.filter((c) => c.langs.includes(primary)) : [];
  const pool = forLang.length ? forLang : CANDIDATES;
  const prior = (e: string) => (primary ? 0 : (PRIOR[e] ?? PRIOR_OTHER)) / Math.max(1, high);
  const ranked = pool
    .map((c) => scoreReading(sample, c.encoding, lang, high))
    .filter((r): r is Reading => r !== undefined)
    // The prior weighs as much as a few odd characters: it decides short texts, not long ones.
    // Stable: on a tie the candidate listed first (the more common encoding) wins.
    .sort((a, b) => a.cost + prior(a.encoding) - (b.cost + prior(b.encoding)));
  if (!ranked.length && forLang.length) return detectEncoding(buf);
  return { ranked: ranked.slice(0, 5), considered: pool.length };
}
