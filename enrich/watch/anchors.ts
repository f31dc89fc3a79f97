import type { QueryNode } from './parse.ts';

/** Which lookup table of a mention an anchor key lives in. */
export type AnchorTable = 'word' | 'prefix' | 'tag' | 'tagPrefix' | 'handle' | 'field';

/** A key that must be present in a mention for a query to have any chance to match. */
export interface Anchor {
  table: AnchorTable;
  key: string;
}

/** Prefix anchors are indexed by this many leading characters (fewer for shorter prefixes). */
export const PREFIX_KEY = 3;

// Rough selectivity: a word is rare, `lang:fr` is half the stream. Used to pick, under an AND,
// the operand whose anchors reject the most mentions.
const COST: Record<AnchorTable, number> = { word: 1, tag: 1, handle: 1, prefix: 4, tagPrefix: 4, field: 3 };
const FIELD_COST: Record<string, number> = { lang: 50, source: 20, author: 1, site: 2 };

function cost(as: Anchor[]): number {
  let c = 0;
  for (const a of as) c += a.table === 'field' ? FIELD_COST[a.key.slice(0, a.key.indexOf(':'))] ?? COST.field : COST[a.table];
  return c;
}

/**
 * A disjunction of anchors: the query can match a mention only if at least one of them is
 * present. `undefined` when no such set exists (a query that is only `NOT x` can match anything).
 */
export function anchorsOf(n: QueryNode): Anchor[] | undefined {
  switch (n.kind) {
    case 'word':
      return [{ table: 'word', key: n.word }];
    case 'phrase': {
      // Every word of the phrase is required; the longest is usually the rarest.
      const w = n.words.reduce((a, b) => (b.length > a.length ? b : a));
      return [{ table: 'word', key: w }];
    }
    case 'prefix':
      return [{ table: 'prefix', key: n.prefix.slice(0, PREFIX_KEY) }];
    case 'hashtag':
      return [n.prefix ? { table: 'tagPrefix', key: n.tag.slice(0, PREFIX_KEY) } : { table: 'tag', key: n.tag }];
    case 'handle':
      return [{ table: 'handle', key: n.handle }];
    case 'field':
      return [{ table: 'field', key: `${n.field}:${n.value}` }];
    case 'not':
      return undefined;
    case 'or': {
      const all: Anchor[] = [];
      for (const c of n.children) {
        const a = anchorsOf(c);
        if (a === undefined) return undefined;
        all.push(...a);
      }
      return all;
    }
    case 'and':
    case 'near': {
      const kids = n.kind === 'and' ? n.children : [n.left, n.right];
      let best: Anchor[] | undefined;
      for (const c of kids) {
        const a = anchorsOf(c);
        if (a !== undefined && (best === undefined || cost(a) < cost(best))) best = a;
      }
      return best;
    }
  }
}
