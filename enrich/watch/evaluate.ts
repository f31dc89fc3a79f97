import type { MatchDoc } from './doc.ts';
import type { QueryNode } from './parse.ts';

/** A compiled query node: `test` decides; `spans` (positional nodes only) lists flat [start, end...] word spans. */
export interface Evaluator {
  test(d: MatchDoc): boolean;
  spans?(d: MatchDoc): number[];
}

const NONE: number[] = [];

function pointSpans(positions: number[] | undefined): number[] {
  if (positions === undefined) return NONE;
  const out = new Array<number>(positions.length * 2);
  for (let i = 0; i < positions.length; i++) out[2 * i] = out[2 * i + 1] = positions[i]!;
  return out;
}

function prefixSpans(map: Map<string, number[]>, prefix: string, flat: boolean): number[] {
  let out: number[] | undefined;
  for (const [k, v] of map) {
    if (k.startsWith(prefix)) (out ??= []).push(...(flat ? v : pointSpans(v)));
  }
  return out ?? NONE;
}

function hasPrefix(map: Map<string, number[]>, prefix: string): boolean {
  for (const k of map.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

function phraseSpans(d: MatchDoc, words: readonly string[]): number[] {
  const starts = d.pos.get(words[0]!);
  if (starts === undefined) return NONE;
  let out: number[] | undefined;
  outer: for (const p of starts) {
    for (let i = 1; i < words.length; i++) if (d.words[p + i] !== words[i]) continue outer;
    (out ??= []).push(p, p + words.length - 1);
  }
  return out ?? NONE;
}

/**
 * Spans where one side ends at most `n` words before the other starts (either order), as the
 * span covering both, so NEAR chains (`a NEAR/2 b NEAR/2 c`) keep measuring from the group.
 */
function nearSpans(a: number[], b: number[], n: number): number[] {
  let out: number[] | undefined;
  for (let i = 0; i < a.length; i += 2) {
    const as = a[i]!;
    const ae = a[i + 1]!;
    for (let j = 0; j < b.length; j += 2) {
      const bs = b[j]!;
      const be = b[j + 1]!;
      const gap = bs > ae ? bs - ae - 1 : as > be ? as - be - 1 : -1;
      if (gap >= 0 && gap <= n) (out ??= []).push(Math.min(as, bs), Math.max(ae, be));
    }
  }
  return out ?? NONE;
}

function fromSpans(spans: (d: MatchDoc) => number[]): Evaluator {
  return { spans, test: (d) => spans(d).length > 0 };
}

/** Compiles a parsed query into closures evaluated against a {@link MatchDoc}. */
export function compileNode(n: QueryNode): Evaluator {
  switch (n.kind) {
    case 'word': {
      const w = n.word;
      return { test: (d) => d.pos.has(w), spans: (d) => pointSpans(d.pos.get(w)) };
    }
    case 'prefix': {
      const p = n.prefix;
      return { test: (d) => hasPrefix(d.pos, p), spans: (d) => prefixSpans(d.pos, p, false) };
    }
    case 'phrase': {
      const words = n.words;
      return fromSpans((d) => phraseSpans(d, words));
    }
    case 'hashtag': {
      const t = n.tag;
      if (n.prefix) return { test: (d) => hasPrefix(d.tags, t), spans: (d) => prefixSpans(d.tags, t, true) };
      return { test: (d) => d.tags.has(t), spans: (d) => d.tags.get(t) ?? NONE };
    }
    case 'handle': {
      const h = n.handle;
      return { test: (d) => d.handles.has(h), spans: (d) => d.handles.get(h) ?? NONE };
    }
    case 'field':
      return { test: fieldTest(n.field, n.value) };
    case 'not': {
      const c = compileNode(n.child);
      return { test: (d) => !c.test(d) };
    }
    case 'and': {
      const cs = n.children.map(compileNode);
      return { test: (d) => cs.every((c) => c.test(d)) };
    }
    case 'or': {
      const cs = n.children.map(compileNode);
      const test = (d: MatchDoc): boolean => cs.some((c) => c.test(d));
      // The parser only lets an OR under NEAR when all its children are positional.
      if (!cs.every((c) => c.spans)) return { test };
      return { test, spans: (d) => cs.flatMap((c) => c.spans!(d)) };
    }
    case 'near': {
      const l = compileNode(n.left);
      const r = compileNode(n.right);
      const dist = n.distance;
      return fromSpans((d) => {
        const a = l.spans!(d);
        return a.length === 0 ? NONE : nearSpans(a, r.spans!(d), dist);
      });
    }
  }
}

function fieldTest(field: string, v: string): (d: MatchDoc) => boolean {
  switch (field) {
    case 'lang':
      return (d) => d.lang !== undefined && (d.lang === v || d.lang.startsWith(v + '-'));
    case 'source':
      return (d) => d.sources.includes(v);
    case 'author':
      return (d) => d.authors.includes(v);
    default:
      return (d) => d.host !== undefined && (d.host === v || d.host.endsWith('.' + v));
  }
}
