import { foldText } from '../../core/text/fold.ts';

export interface FoldedQueryOptions {
  /**
   * Match word families: a bare word of 4+ letters also matches as a prefix, so "québec" finds
   * "Québécois". Default true. Quoted phrases and words with `*` are left as typed.
   */
  wordFamilies?: boolean;
  fields?: string[];
}

/**
 * A query on the folded copies (`text_folded`, `title_folded`) that is insensitive to case,
 * accents and French elisions on every distribution: the input is folded exactly as the
 * documents were. Syntax is Elasticsearch's simple_query_string (`+ | - "phrase" word*`),
 * all words required by default.
 */
export function foldedTextQuery(input: string, opts: FoldedQueryOptions = {}): Record<string, unknown> {
  const folded = foldText(input);
  const query = opts.wordFamilies === false ? folded : expandWords(folded);
  return {
    simple_query_string: {
      query,
      fields: opts.fields ?? ['text_folded', 'title_folded'],
      default_operator: 'and',
    },
  };
}

/** `quebec` → `(quebec|quebec*)`, outside quotes only. */
function expandWords(q: string): string {
  return q
    .split(/("[^"]*")/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/(^|[\s(+|-])([\p{L}\p{N}]{4,})(?=$|[\s)|])/gu, '$1($2|$2*)')))
    .join('');
}
