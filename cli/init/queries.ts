/**
 * Watch queries for a name a user types in `vigie init`: the phrase, the hashtag and handle forms,
 * and, offered separately, common misspellings. Matching already ignores case and accents
 * (core/text fold), so "Café Brio" also finds "cafe brio" and "CAFÉ BRIO": no accent variants.
 */
import { foldText } from '../../core/text/fold.ts';

/** Letters and digits of a name, folded, joined: "Café Brio" -> "cafebrio" (a hashtag or handle). */
export function joined(name: string): string {
  return foldText(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** One query term for a name: a single word as is, several words as a phrase. */
function term(name: string): string {
  const words = name.trim().split(/\s+/);
  const clean = name.replace(/"/g, '').trim();
  return words.length > 1 || /[^\p{L}\p{N}]/u.test(clean) ? `"${clean}"` : clean.toLowerCase();
}

/**
 * Misspellings people commonly type for a name: a doubled letter single or a single letter
 * doubled (only consonants often doubled, after a vowel), two adjacent letters swapped, and the
 * words run together. Folded, deduplicated, never the name itself; short names (under 5
 * letters) get none: their typos are other words.
 */
export function misspellings(name: string, max = 6): string[] {
  const base = foldText(name).toLowerCase().trim();
  const letters = base.replace(/[^\p{L}]/gu, '');
  if (letters.length < 5) return [];
  const out = new Set<string>();
  // Run together ("Tim Hortons" -> "timhortons"); hyphenated or spaced forms need nothing: a
  // phrase already ignores the punctuation between its words.
  const words = base.split(/[\s-]+/);
  if (words.length > 1) out.add(words.join(''));
  for (let i = 1; i < base.length; i++) {
    const a = base[i - 1]!;
    const b = base[i]!;
    if (a === b && /\p{L}/u.test(a)) out.add(base.slice(0, i) + base.slice(i + 1));
    // A consonant often doubled, after a vowel: "cafe" -> "caffe", "brulerie" -> "brullerie".
    else if (/[lmnpstrcf]/.test(b) && /[aeiouy]/.test(a) && base[i + 1] !== b) out.add(base.slice(0, i + 1) + b + base.slice(i + 1));
  }
  // Swapped letters inside a word only: people rarely mistype a word's first letter.
  for (let i = 2; i < base.length; i++) {
    const a = base[i - 1]!;
    const b = base[i]!;
    if (a !== b && /\p{L}/u.test(base[i - 2]!) && /\p{L}/u.test(a) && /\p{L}/u.test(b)) out.add(base.slice(0, i - 1) + b + a + base.slice(i + 1));
  }
  out.delete(base);
  return [...out].filter((v) => v.replace(/[^\p{L}]/gu, '').length >= 4).slice(0, max);
}

/** The watch query of a name, with its handles and the misspellings the user accepted. */
export function watchQuery(name: string, o: { handles?: string[]; misspellings?: string[] } = {}): string {
  const parts = [term(name)];
  const tag = joined(name);
  if (tag.length >= 2) parts.push(`#${tag}`);
  for (const h of o.handles ?? []) parts.push(`@${h.replace(/^@/, '')}`);
  if (!o.handles?.length && tag.length >= 2) parts.push(`@${tag}`);
  for (const m of o.misspellings ?? []) parts.push(term(m));
  return [...new Set(parts)].join(' OR ');
}
