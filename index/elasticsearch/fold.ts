/**
 * Vigie's own text folding for the `*_folded` fields: the core-only Elasticsearch distribution
 * has no `asciifolding` or `elision` filter, so the indexer stores a normalized copy it computes
 * itself and queries fold their input the same way.
 *
 * Stand-in until `enrich/text/fold.ts` (same rules, shared with the watch queries) lands; then
 * this file re-exports it.
 */

const ELISION = /(^|[^\p{L}\p{N}])(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)'(?=\p{L})/gu;

/** Lowercase, accents and other combining marks removed, typographic apostrophes made ASCII, French elisions dropped. */
export function foldText(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2019\u2018\u02bc\u00b4`]/g, "'")
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(ELISION, '$1');
}
