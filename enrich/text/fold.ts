/**
 * The one text folding of Vigie, shared by the watch queries, near-duplicate detection and the
 * normalized copy of the text indexed in Elasticsearch (the core-only distribution has no
 * `asciifolding` or `elision` filter, so Vigie computes the copy itself): a query and the text
 * it searches must fold the same way or accents would make matches silently disappear.
 */

/** Combining marks left by NFKD (accents, cedillas, Arabic harakat...). */
const MARKS = /\p{M}+/gu;
/** Typographic apostrophes and look-alikes, all made ASCII so `l’été` = `l'été`. */
const APOSTROPHES = /[\u2019\u2018\u201b\u02bc\u00b4\u2032`]/g;
/** Letters NFKD does not decompose, spelled the way people type them without a keyboard layout. */
const LETTERS: Record<string, string> = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };
const SPECIAL = /[œæßøłđðþı]/g;
/**
 * French elided articles and pronouns (`l'`, `d'`, `qu'`...) at the start of a word: dropped so
 * that `l'Oréal` folds to `oreal` and `d'Hydro` to `hydro`. Apostrophes elsewhere (`o'neil`) stay.
 */
const ELISION = /(^|[^\p{L}\p{N}])(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/gu;
// Fast path: most mentions are plain ASCII and need neither NFKD nor the letter map.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Folds text for matching: lowercase, accents and other combining marks removed (NFKD),
 * compatibility forms unified (`ﬁ` → `fi`, full-width → ASCII), `œ` → `oe`, `æ` → `ae`,
 * `ß` → `ss`, typographic apostrophes → `'`, French elisions dropped (`l'été` → `ete`).
 * Word boundaries are kept, so the result can be tokenized or indexed like the original.
 *
 * @example foldText("L’Œuvre de Québec") === "oeuvre de quebec"
 */
export function foldText(s: string): string {
  let t = s;
  if (NON_ASCII.test(t)) {
    t = t.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(APOSTROPHES, "'").replace(SPECIAL, (c) => LETTERS[c] ?? c);
  } else {
    t = t.toLowerCase();
  }
  return t.includes("'") ? t.replace(ELISION, '$1') : t;
}
