/**
 * The one text folding of Vigie, shared by the watch queries, near-duplicate detection and the
 * normalized copy of the text indexed in Elasticsearch (the core-only distribution has no
 * `asciifolding` or `elision` filter, so Vigie computes the copy itself): a query and the text
 * it searches must fold the same way or accents would make matches silently disappear.
 */

/** Combining marks left by NFKD (accents, cedillas, Arabic harakat...). */
const MARKS = /\p{M}+/gu;
/** Typographic apostrophes and look-alikes, all made ASCII so `l’été` = `l'été`. */
const APOSTROPHES = new Set(['\u2019', '\u2018', '\u201b', '\u02bc', '\u00b4', '\u2032', '`']);
/** Letters NFKD does not decompose, spelled the way people type them without a keyboard layout. */
const LETTERS: Record<string, string> = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss', 'ø': 'o', 'ł': 'l', 'đ': 'd', 'ð': 'd', 'þ': 'th', 'ı': 'i' };
/**
 * French elided articles and pronouns (`l'`, `d'`, `qu'`...) at the start of a word: dropped so
 * that `l'Oréal` folds to `oreal` and `d'Hydro` to `hydro`. Apostrophes elsewhere (`o'neil`) stay.
 */
const ELISION = /(^|[^\p{L}\p{N}])(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/gu;
const NON_ASCII = /[^\x00-\x7f]/u;

// NFKD decomposes each character on its own (canonical reordering only moves marks, which are
// dropped), so folding character by character equals folding the whole string; the per-character
// cache makes the common case (a few accents in ASCII text) far cheaper than normalising it all.
const charCache = new Map<string, string>();

/** Folds one already-lowercased non-ASCII character (or surrogate pair). */
function foldChar(c: string): string {
  let f = charCache.get(c);
  if (f === undefined) {
    if (APOSTROPHES.has(c)) f = "'";
    else {
      f = c.normalize('NFKD').replace(MARKS, '').toLowerCase();
      f = f.replace(/[œæßøłđðþı]/g, (x) => LETTERS[x] ?? x);
    }
    if (charCache.size < 65_536) charCache.set(c, f);
  }
  return f;
}

/** Replaces each non-ASCII character by its folded form; a manual scan beats a regex callback here. */
function foldNonAscii(t: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c < 128) continue;
    const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < t.length;
    const ch = pair ? t.slice(i, i + 2) : t[i]!;
    const f = foldChar(ch);
    if (f !== ch) {
      out += t.slice(last, i) + f;
      last = i + ch.length;
    }
    if (pair) i++;
  }
  return last === 0 ? t : out + t.slice(last);
}

/**
 * Folds text for matching: lowercase, accents and other combining marks removed (NFKD),
 * compatibility forms unified (`ﬁ` → `fi`, full-width → ASCII), `œ` → `oe`, `æ` → `ae`,
 * `ß` → `ss`, typographic apostrophes → `'`, French elisions dropped (`l'été` → `ete`).
 * Word boundaries are kept, so the result can be tokenized or indexed like the original.
 *
 * @example foldText("L’Œuvre de Québec") === "oeuvre de quebec"
 */
export function foldText(s: string): string {
  let t = s.toLowerCase();
  if (NON_ASCII.test(t)) t = foldNonAscii(t);
  return t.includes("'") ? t.replace(ELISION, '$1') : t;
}
