import { describe, expect, it } from 'vitest';
import { foldedTextQuery } from './search.ts';

const q = (s: string, o = {}) => (foldedTextQuery(s, o).simple_query_string as { query: string }).query;

describe('foldedTextQuery', () => {
  it('folds the input like the documents and expands words to their family', () => {
    expect(q("L'hiver à Québec")).toBe('(hiver|hiver*) a (quebec|quebec*)');
  });
  it('leaves phrases, short words and explicit wildcards alone', () => {
    expect(q('"Hydro-Québec" -pub café* -Montréal')).toBe('"hydro-quebec" -pub cafe* -(montreal|montreal*)');
  });
  it('can match exact words only', () => {
    expect(q('Québec', { wordFamilies: false })).toBe('quebec');
  });
});
