/**
 * Judges one of feedparser's expectations against what Vigie read from the same feed.
 *
 * Rules (printed with the figures, so nobody has to trust them blindly):
 * - Vigie has no `bozo` flag: a `bozo` / `not bozo` conjunct is dropped and the rest judged.
 * - Fields Vigie keeps: the feed's title; per item its title, link, text (feedparser's
 *   `summary`, `description`, `content[0].value`), its one date (`published`, `updated` and
 *   their `_parsed` tuples, same instant), its author (name, url), its language; the detected
 *   encoding; the number of items (`len(entries)`). Anything else (ids, enclosures, tags,
 *   `*_detail.type/base/language`, feed subtitle, iTunes, geo...) is **not applicable**, and so
 *   is an expectation that reads no field at all (`Expect: 1`).
 * - A mention without a title or author has an empty one (feedparser's `''` once markup is removed).
 * - A kept field that Vigie does not have (the feed was lost, the item is missing) fails.
 * - Texts are compared as text: equal when Vigie's text equals the expected value or the text
 *   of the expected HTML (`<b>x</b>` is `x`), whitespace collapsed; Vigie turns HTML into text.
 *   Links are equal when they are the same URL; encodings when they name the same WHATWG
 *   encoding (feedparser's `iso-8859-1` is windows-1252 for browsers and Vigie);
 *   languages after the same normalisation.
 */
import type { RawMention } from '../../core/mention.ts';
import { htmlToText } from '../../ingest/kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../../ingest/kit/text/language-tag.ts';
import { normalizeEncoding } from '../../ingest/kit/http/decode.ts';
import { ebcdicPage } from '../../ingest/kit/http/ebcdic.ts';
import { legacyCodePage } from '../../ingest/kit/http/encoding-labels.ts';
import type { Node } from './python-expr.ts';

/** A field Vigie does not model: the expectation (or its conjunct) is not applicable. */
const NA = Symbol('not applicable');
/** A field Vigie models but does not have here: Python would raise, the expectation fails. */
const ERR = Symbol('missing');

type Kept = { k: 'text' | 'url' | 'enc' | 'lang'; v: string } | { k: 'date'; ms: number };
type Obj = { k: 'obj'; get: (key: string) => Value };
type Value = typeof NA | typeof ERR | Kept | Obj | Value[] | string | number | boolean | null | ((args: Value[]) => Value);

/** What Vigie read from one feed: `sources test --json`'s summary and mentions. */
export interface VigieReading {
  /** Undefined when the feed was lost (not read at all). */
  title?: string;
  encoding?: string;
  mentions: RawMention[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const kept = (k: 'text' | 'url' | 'enc' | 'lang', v: string | undefined): Value => (v === undefined ? ERR : { k, v });
const obj = (fields: Record<string, () => Value>): Obj => ({ k: 'obj', get: (key) => fields[key]?.() ?? NA });

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return a === b;
  }
}

const encodingName = (label: string) => normalizeEncoding(label) ?? ebcdicPage(label) ?? legacyCodePage(label)?.replace(/^iconv:/, '') ?? label.toLowerCase();

/** struct_time as feedparser gives it: (y, m, d, H, M, S, weekday Monday=0, day of year, 0). */
function timeTuple(ms: number): number[] {
  const d = new Date(ms);
  const yday = Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), (d.getUTCDay() + 6) % 7, yday, 0];
}

function keptEquals(a: Kept, b: Value): boolean {
  if (a.k === 'date') {
    if (Array.isArray(b)) return b.length >= 6 && timeTuple(a.ms).slice(0, 6).every((x, i) => x === b[i]);
    return typeof b === 'string' && Date.parse(b) === a.ms;
  }
  if (typeof b !== 'string') return false;
  if (a.k === 'url') return sameUrl(a.v, b);
  if (a.k === 'enc') return encodingName(b) === a.v;
  if (a.k === 'lang') return a.v === (normalizeLanguageTag(b) ?? b.toLowerCase());
  const mine = norm(a.v.replace(/…$/, ''));
  return mine === norm(b) || mine === norm(htmlToText(b));
}

function equals(a: Value, b: Value): boolean {
  if (a && typeof a === 'object' && !Array.isArray(a) && a.k !== 'obj') return keptEquals(a, b);
  if (b && typeof b === 'object' && !Array.isArray(b) && b.k !== 'obj') return keptEquals(b, a);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equals(x, b[i]!));
  return a === b;
}

function truthy(v: Value): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object' && 'k' in v) return v.k === 'obj' || v.k === 'date' || v.v.length > 0;
  return Boolean(v);
}

function contains(container: Value, x: Value): boolean {
  if (Array.isArray(container)) return container.some((c) => equals(c, x));
  if (container && typeof container === 'object' && 'k' in container && 'v' in container && typeof x === 'string') return norm(container.v).includes(norm(htmlToText(x))) || norm(container.v).includes(norm(x));
  if (typeof container === 'string' && typeof x === 'string') return container.includes(x);
  return false;
}

function compare(a: Value, op: string, b: Value): boolean {
  switch (op) {
    case '==':
    case 'is':
      return equals(a, b);
    case '!=':
    case 'is not':
      return !equals(a, b);
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    default:
      if (typeof a === 'number' && typeof b === 'number') return op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
      return false;
  }
}

const special = (v: Value): v is typeof NA | typeof ERR => v === NA || v === ERR;

/** An entry Vigie made no mention of: every kept field is missing, the others stay not applicable. */
const NO_MENTION = { title: undefined, text: undefined, publishedAt: 'missing' } as unknown as RawMention;

function mentionFields(m: RawMention): Obj {
  // A mention without a title is an empty title (feedparser's '' when all the markup was removed).
  const present = (v: string | undefined) => () => (m === NO_MENTION ? ERR : kept('text', v ?? ''));
  const title = present(m.title);
  const text = present(m.text);
  const date = (): Value => (m === NO_MENTION ? ERR : { k: 'date', ms: Date.parse(m.publishedAt) });
  const detail = (value: () => Value) => () => obj({ value });
  const author = present(m.author?.name);
  return obj({
    title,
    title_detail: detail(title),
    link: () => kept('url', m.url),
    summary: text,
    description: text,
    summary_detail: detail(text),
    content: () => [obj({ value: text })],
    published: date,
    updated: date,
    issued: date,
    modified: date,
    date,
    published_parsed: date,
    updated_parsed: date,
    issued_parsed: date,
    modified_parsed: date,
    date_parsed: date,
    author,
    author_detail: () => obj({ name: author, href: () => kept('url', m.author?.url), url: () => kept('url', m.author?.url) }),
    language: () => kept('lang', m.lang),
  });
}

/** The names an expectation may read, bound to Vigie's reading of the feed. */
function bind(r: VigieReading, literal: (s: string) => string): (n: Node) => Value {
  const entries: Value[] = r.mentions.map(mentionFields);
  const names: Record<string, () => Value> = {
    feed: () => obj({ title: () => kept('text', r.title), title_detail: () => obj({ value: () => kept('text', r.title) }) }),
    entries: () => entries,
    encoding: () => kept('enc', r.encoding),
    len: () => (args: Value[]) => (Array.isArray(args[0]) ? args[0].length : special(args[0]!) ? args[0]! : NA),
  };
  const ev = (n: Node): Value => {
    switch (n.t) {
      case 'lit':
        return typeof n.v === 'string' ? literal(n.v) : (n.v as Value);
      case 'name':
        return names[n.id]?.() ?? NA;
      case 'tuple':
        return n.items.map(ev);
      case 'dict':
        return NA;
      case 'neg': {
        const x = ev(n.x);
        return typeof x === 'number' ? -x : NA;
      }
      case 'add': {
        const xs = n.xs.map(ev);
        if (xs.some(special)) return xs.find(special)!;
        if (xs.every((x) => typeof x === 'string')) return xs.join('');
        return xs.every((x) => typeof x === 'number') ? (xs as number[]).reduce((a, b) => a + b, 0) : NA;
      }
      case 'sub':
      case 'attr': {
        const of = ev(n.of);
        if (special(of)) return of;
        const key = n.t === 'attr' ? n.name : ev(n.key);
        if (special(key)) return key;
        // Past the last mention is an entry Vigie did not keep: its unkept fields stay not applicable.
        if (Array.isArray(of)) return typeof key === 'number' ? (of.at(key) ?? (of === entries ? mentionFields(NO_MENTION) : ERR)) : NA;
        if (of && typeof of === 'object' && 'k' in of && of.k === 'obj' && typeof key === 'string') return of.get(key);
        return NA;
      }
      case 'call': {
        const fn = ev(n.fn);
        return typeof fn === 'function' ? fn(n.args.map(ev)) : special(fn) ? fn : NA;
      }
      case 'not': {
        const x = ev(n.x);
        return special(x) ? x : !truthy(x);
      }
      case 'bool': {
        const xs = n.xs.map(ev);
        if (n.op === 'or') return xs.includes(NA) ? NA : xs.includes(ERR) ? ERR : xs.some(truthy);
        const judged = xs.filter((x) => x !== NA);
        if (!judged.length) return NA;
        return judged.includes(ERR) ? ERR : judged.every(truthy);
      }
      case 'cmp': {
        let left = ev(n.first);
        let ok = true;
        for (const [op, right] of n.ops) {
          const r2 = ev(right);
          if (left === NA || r2 === NA) return NA;
          if (left === ERR || r2 === ERR) return ERR;
          ok &&= compare(left, op, r2);
          left = r2;
        }
        return ok;
      }
    }
  };
  return ev;
}

export type Verdict = 'met' | 'not met' | 'not applicable';

/**
 * Judges an expectation; `literal` rewrites the expectation's strings first (the port of
 * feedparser's test server, 8097, becomes the port the feeds are served on).
 */
export function judge(expectation: Node, r: VigieReading, literal: (s: string) => string = (s) => s): Verdict {
  // `Expect: 1` (feedparser checks those tests in code: HTTP statuses, crashes) reads no field.
  if (!JSON.stringify(expectation).includes('"t":"name"')) return 'not applicable';
  const v = bind(r, literal)(expectation);
  if (v === NA) return 'not applicable';
  return v !== ERR && truthy(v) ? 'met' : 'not met';
}
