import { findWord, nextWord, type DocTag, type MatchDoc } from './doc.ts';
import type { QueryNode } from './parse.ts';

/** A compiled query node: `test` decides; `spans` (positional nodes only) lists flat [start, end...] word spans. */
export interface Evaluator {
  test(d: MatchDoc): boolean;
  spans?(d: MatchDoc): number[];
}

const NONE: number[] = [];

function wordSpans(d: MatchDoc, w: string): number[] {
  let out: number[] | undefined;
  for (let p = findWord(d, w); p !== -1; p = nextWord(d, p)) (out ??= []).push(p, p);
  return out ?? NONE;
}

function hasPrefix(d: MatchDoc, prefix: string): boolean {
  for (const w of d.words) if (w.startsWith(prefix)) return true;
  return false;
}

function prefixSpans(d: MatchDoc, prefix: string): number[] {
  let out: number[] | undefined;
  const words = d.words;
  for (let p = 0; p < words.length; p++) if (words[p]!.startsWith(prefix)) (out ??= []).push(p, p);
  return out ?? NONE;
}

/** `@user` also matches Mastodon `user@instance`. */
function handleIs(h: string, q: string): boolean {
  return h === q || (h.length > q.length && h.charCodeAt(q.length) === 64 && h.startsWith(q));
}

function tagSpans(tags: readonly DocTag[], test: (v: string) => boolean): number[] {
  let out: number[] | undefined;
  for (const t of tags) if (test(t.value)) (out ??= []).push(t.pos, t.end);
  return out ?? NONE;
}

function phraseSpans(d: MatchDoc, words: readonly string[]): number[] {
  let out: number[] | undefined;
  outer: for (let p = findWord(d, words[0]!); p !== -1; p = nextWord(d, p)) {
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

/** Rough evaluation cost of a node, to order the operands of AND. */
function cost(n: QueryNode): number {
  switch (n.kind) {
    case 'word':
    case 'hashtag':
    case 'handle':
    case 'field':
      return n.kind === 'hashtag' && n.prefix ? 3 : 1;
    case 'prefix':
      return 3;
    case 'phrase':
      return 2;
    case 'near':
      return 4 + cost(n.left) + cost(n.right);
    case 'not':
      return cost(n.child);
    case 'and':
    case 'or':
      return n.children.reduce((s, c) => s + cost(c), 0);
  }
}

function fromSpans(spans: (d: MatchDoc) => number[]): Evaluator {
  return { spans, test: (d) => spans(d).length > 0 };
}

/** Compiles a parsed query into closures evaluated against a {@link MatchDoc}. */
export function compileNode(n: QueryNode): Evaluator {
  switch (n.kind) {
    case 'word': {
      const w = n.word;
      return { test: (d) => findWord(d, w) !== -1, spans: (d) => wordSpans(d, w) };
    }
    case 'prefix': {
      const p = n.prefix;
      return { test: (d) => hasPrefix(d, p), spans: (d) => prefixSpans(d, p) };
    }
    case 'phrase': {
      const words = n.words;
      return fromSpans((d) => phraseSpans(d, words));
    }
    case 'hashtag': {
      const t = n.tag;
      const is = n.prefix ? (v: string): boolean => v.startsWith(t) : (v: string): boolean => v === t;
      return { test: (d) => d.hashtags.some((x) => is(x.value)), spans: (d) => tagSpans(d.hashtags, is) };
    }
    case 'handle': {
      const h = n.handle;
      const is = (v: string): boolean => handleIs(v, h);
      return { test: (d) => d.handles.some((x) => is(x.value)), spans: (d) => tagSpans(d.handles, is) };
    }
    case 'field':
      return { test: fieldTest(n.field, n.value) };
    case 'not': {
      const c = compileNode(n.child);
      return { test: (d) => !c.test(d) };
    }
    case 'and': {
      // AND is commutative: test the cheap operands first so most mentions are rejected early.
      const cs = [...n.children].sort((a, b) => cost(a) - cost(b)).map(compileNode);
      return {
        test: (d) => {
          for (let i = 0; i < cs.length; i++) if (!cs[i]!.test(d)) return false;
          return true;
        },
      };
    }
    case 'or': {
      const cs = n.children.map(compileNode);
      const test = (d: MatchDoc): boolean => {
        for (let i = 0; i < cs.length; i++) if (cs[i]!.test(d)) return true;
        return false;
      };
      // The parser only lets an OR under NEAR when all its children are positional.
      if (!cs.every((c) => c.spans)) return { test };
      return {
        test,
        spans: (d) => {
          let out: number[] | undefined;
          for (const c of cs) {
            const sp = c.spans!(d);
            if (sp.length > 0) out = out === undefined ? sp : out.concat(sp);
          }
          return out ?? NONE;
        },
      };
    }
    case 'near': {
      const l = compileNode(n.left);
      const r = compileNode(n.right);
      const dist = n.distance;
      return fromSpans((d) => {
        // Cheap presence tests first: most candidates lack one side entirely.
        if (!r.test(d)) return NONE;
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
