import type { OwnedAccounts } from '../../core/owned.ts';
import { VigieError } from '../../core/errors.ts';
import type { RawMention, WatchRole } from '../../core/mention.ts';
import { anchorsOf, type AnchorTable } from './anchors.ts';
import { buildDoc, type DocNeeds, type MatchDoc } from './doc.ts';
import { compileNode, type Evaluator } from './evaluate.ts';
import { parseQuery, QuerySyntaxError, type QueryNode } from './parse.ts';

/** One configured watch entry: a brand, a competitor or an industry topic and its Boolean query. */
export interface WatchEntry {
  name: string;
  role: WatchRole;
  query: string;
  /** The brand's own accounts (role brand only). */
  owned?: OwnedAccounts | undefined;
  /** The organisation it belongs to (alert rules read it; matching does not). */
  organisation?: string | undefined;
}

/** What a mention matched: the entry's name and role. */
export interface WatchMatch {
  name: string;
  role: WatchRole;
}

/** All watch queries compiled once. */
export interface WatchMatcher {
  /** Every entry the mention matches, in configuration order; `lang` (detected) overrides `m.lang`. */
  match(m: Readonly<RawMention>, lang?: string): WatchMatch[];
  /** Same, on a document already built (lets a caller reuse one document). */
  matchDoc(d: MatchDoc): WatchMatch[];
  readonly size: number;
}

/** One problem found in the watch entries, with the 0-based entry index and 1-based column. */
export interface WatchProblem {
  index: number;
  name: string;
  column?: number;
  message: string;
}

/** Parses one entry's query; returns the tree, or the problem in the form the config loader reports. */
export function checkWatchQuery(query: string): { node: QueryNode } | { column: number; message: string } {
  try {
    return { node: parseQuery(query) };
  } catch (e) {
    if (e instanceof QuerySyntaxError) return { column: e.column, message: e.message };
    throw e;
  }
}

/** Every problem in a list of entries: query syntax errors and duplicate names. */
export function checkWatchEntries(entries: readonly WatchEntry[]): WatchProblem[] {
  const problems: WatchProblem[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, index) => {
    const r = checkWatchQuery(e.query);
    if ('column' in r) problems.push({ index, name: e.name, column: r.column, message: r.message });
    const first = seen.get(e.name);
    if (first !== undefined) problems.push({ index, name: e.name, message: `duplicate name, already used by watch[${first}]` });
    else seen.set(e.name, index);
  });
  return problems;
}

/** `watch[2] (acme): unexpected ')' at column 14` */
export function formatWatchProblem(p: WatchProblem): string {
  return `watch[${p.index}] (${p.name}): ${p.message}`;
}

type Index = Map<string, number[]>;

/** Adds the field filters a query uses, so documents skip computing the others. */
function fieldsOf(n: QueryNode, out: Set<string>): void {
  if (n.kind === 'field') out.add(n.field);
  else if (n.kind === 'and' || n.kind === 'or') for (const c of n.children) fieldsOf(c, out);
  else if (n.kind === 'not') fieldsOf(n.child, out);
}

function addTo(index: Index, key: string, q: number): void {
  const l = index.get(key);
  if (l === undefined) index.set(key, [q]);
  else if (l[l.length - 1] !== q) l.push(q);
}

/**
 * Compiles watch entries into one matcher. Queries are indexed by their anchors (words, tags,
 * handles, prefixes, field values one of which must be present), so a mention only evaluates
 * the queries that share a key with it, found by hash lookups; queries without anchors
 * (`NOT x` alone) are evaluated on every mention.
 *
 * @throws VigieError `ERR_WATCH_QUERY_SYNTAX` listing every bad entry with its column, or
 *   `ERR_WATCH_DUPLICATE_NAME`.
 */
export function compileWatch(entries: readonly WatchEntry[]): WatchMatcher {
  const problems = checkWatchEntries(entries);
  if (problems.length > 0) {
    const code = problems.some((p) => p.column !== undefined) ? 'ERR_WATCH_QUERY_SYNTAX' : 'ERR_WATCH_DUPLICATE_NAME';
    throw new VigieError(code, problems.map(formatWatchProblem).join('; '), {
      details: { problems: problems.map(({ index, name, column }) => ({ index, name, column })) },
    });
  }
  const evals: Evaluator[] = [];
  const results: WatchMatch[] = [];
  const tables: Record<AnchorTable, Index> = { word: new Map(), prefix: new Map(), tag: new Map(), tagPrefix: new Map(), handle: new Map(), field: new Map() };
  const always: number[] = [];
  const used = new Set<string>();
  entries.forEach((e, q) => {
    const node = parseQuery(e.query);
    fieldsOf(node, used);
    evals.push(compileNode(node));
    // Shared by every result that matches this entry: frozen so no consumer can alter another's.
    results.push(Object.freeze({ name: e.name, role: e.role }));
    const anchors = anchorsOf(node);
    if (anchors === undefined) always.push(q);
    else for (const a of anchors) addTo(tables[a.table], a.key, q);
  });
  const needs: DocNeeds = { source: used.has('source'), author: used.has('author'), site: used.has('site') };
  const prefixLens = [...new Set([...tables.prefix.keys()].map((k) => k.length))];
  const tagPrefixLens = [...new Set([...tables.tagPrefix.keys()].map((k) => k.length))];
  const stamp = new Uint32Array(entries.length);
  let epoch = 0;

  let cands: number[] = [];
  function mark(l: number[] | undefined): void {
    if (l === undefined) return;
    for (let i = 0; i < l.length; i++) {
      const q = l[i]!;
      if (stamp[q] !== epoch) {
        stamp[q] = epoch;
        cands.push(q);
      }
    }
  }
  const fields = tables.field;

  function matchDoc(d: MatchDoc): WatchMatch[] {
    if (++epoch === 0xffffffff) {
      stamp.fill(0);
      epoch = 1;
    }
    cands = [];
    const words = d.words;
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      mark(tables.word.get(w));
      for (const n of prefixLens) if (w.length >= n) mark(tables.prefix.get(w.slice(0, n)));
    }
    for (const { value: t } of d.hashtags) {
      mark(tables.tag.get(t));
      for (const n of tagPrefixLens) if (t.length >= n) mark(tables.tagPrefix.get(t.slice(0, n)));
    }
    for (const { value: h } of d.handles) {
      mark(tables.handle.get(h));
      const at = h.indexOf('@');
      if (at > 0) mark(tables.handle.get(h.slice(0, at)));
    }
    if (fields.size > 0) {
      if (d.lang) {
        mark(fields.get(`lang:${d.lang}`));
        const dash = d.lang.indexOf('-');
        if (dash > 0) mark(fields.get(`lang:${d.lang.slice(0, dash)}`));
      }
      for (const s of d.sources) mark(fields.get(`source:${s}`));
      for (const a of d.authors) mark(fields.get(`author:${a}`));
      for (let h = d.host; h !== undefined; ) {
        mark(fields.get(`site:${h}`));
        const dot = h.indexOf('.');
        h = dot === -1 ? undefined : h.slice(dot + 1);
      }
    }
    mark(always);
    if (cands.length === 0) return [];
    if (cands.length > 1) cands.sort((a, b) => a - b);
    const out: WatchMatch[] = [];
    for (const q of cands) if (evals[q]!.test(d)) out.push(results[q]!);
    return out;
  }

  return {
    size: entries.length,
    matchDoc,
    match: (m, lang) => (entries.length === 0 ? [] : matchDoc(buildDoc(m, lang, needs))),
  };
}

