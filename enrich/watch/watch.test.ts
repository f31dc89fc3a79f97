import { describe, expect, it } from 'vitest';
import type { RawMention } from '../../core/mention.ts';
import { VigieError } from '../../core/errors.ts';
import { compileWatch, watch, watchConfigSchema, type WatchEntry } from './index.ts';

function mention(text: string, extra: Partial<RawMention> = {}): RawMention {
  return { schemaVersion: 1, id: `t:${Math.random()}`, source: { kind: 'twitter' }, publishedAt: '2026-01-05T12:00:00Z', text, ...extra };
}

/** True when `query` matches `text` (a fresh matcher each time). */
function hits(query: string, text: string, extra: Partial<RawMention> = {}, lang?: string): boolean {
  return compileWatch([{ name: 'q', role: 'brand', query }]).match(mention(text, extra), lang).length === 1;
}

function syntaxError(query: string, name = 'acme', index = 0): VigieError {
  const entries: WatchEntry[] = [];
  for (let i = 0; i < index; i++) entries.push({ name: `ok${i}`, role: 'industry', query: 'fine' });
  entries.push({ name, role: 'brand', query });
  try {
    compileWatch(entries);
  } catch (e) {
    expect(e).toBeInstanceOf(VigieError);
    return e as VigieError;
  }
  throw new Error(`query ${query} compiled`);
}

describe('watch queries: terms', () => {
  it('matches whole words only', () => {
    expect(hits('apple', 'I ate an apple today')).toBe(true);
    expect(hits('apple', 'pineapple juice')).toBe(false);
    expect(hits('apple', 'apples are good')).toBe(false);
    expect(hits('apple', 'Apple.')).toBe(true);
  });
  it('is case- and accent-insensitive both ways', () => {
    expect(hits('Québec', 'vive le QUEBEC libre')).toBe(true);
    expect(hits('quebec', 'Ville de Québec')).toBe(true);
    expect(hits('cœur', 'mon coeur')).toBe(true);
    expect(hits('oeuvre', "L'Œuvre")).toBe(true);
    expect(hits('"l’Oréal"', "Chez L'OREAL Paris")).toBe(true);
  });
  it('finds a plain word inside hashtags and handles but not inside URLs', () => {
    expect(hits('acme', 'love #Acme')).toBe(true);
    expect(hits('acme', 'ping @acme_support please')).toBe(true);
    expect(hits('acme', 'see https://acme.com/x')).toBe(false);
  });
  it('treats operators in lowercase as words', () => {
    expect(hits('or', "c'est de l'or")).toBe(true);
    expect(hits('acme or', 'acme')).toBe(false);
  });
  it('splits hyphenated and apostrophe terms into phrases', () => {
    expect(hits('coca-cola', 'I drink Coca Cola')).toBe(true);
    expect(hits('coca-cola', 'cola and coca')).toBe(false);
  });
});

describe('watch queries: Boolean operators', () => {
  it('AND, explicit and implicit', () => {
    expect(hits('acme AND phone', 'my acme phone')).toBe(true);
    expect(hits('acme AND phone', 'my acme tablet')).toBe(false);
    expect(hits('acme phone', 'phone by acme')).toBe(true);
    expect(hits('acme phone', 'acme only')).toBe(false);
  });
  it('OR', () => {
    expect(hits('acme OR globex', 'globex rocks')).toBe(true);
    expect(hits('acme OR globex', 'initech rocks')).toBe(false);
  });
  it('NOT, including a query made only of NOT', () => {
    expect(hits('acme NOT job', 'acme is great')).toBe(true);
    expect(hits('acme NOT job', 'acme job offer')).toBe(false);
    expect(hits('acme AND NOT (job OR hiring)', 'acme hiring now')).toBe(false);
    expect(hits('NOT spam', 'hello')).toBe(true);
    expect(hits('NOT spam', 'spam here')).toBe(false);
  });
  it('precedence: NOT > AND > OR, parentheses override', () => {
    expect(hits('a OR b c', 'a')).toBe(true);
    expect(hits('a OR b c', 'b')).toBe(false);
    expect(hits('(a OR b) c', 'a')).toBe(false);
    expect(hits('(a OR b) c', 'b c')).toBe(true);
    expect(hits('NOT a b', 'b')).toBe(true);
    expect(hits('NOT (a b)', 'a')).toBe(true);
    expect(hits('NOT (a b)', 'a b')).toBe(false);
  });
});

describe('watch queries: phrases, NEAR, wildcards', () => {
  it('"exact phrases" need consecutive words, punctuation ignored', () => {
    expect(hits('"service client"', 'Le Service-Client est nul')).toBe(true);
    expect(hits('"service client"', 'le service du client')).toBe(false);
    expect(hits('"service client"', 'client service')).toBe(false);
  });
  it('phrases do not straddle the title and the text', () => {
    expect(hits('"news acme"', 'acme launches', { title: 'Big news' })).toBe(false);
    expect(hits('news acme', 'acme launches', { title: 'Big news' })).toBe(true);
  });
  it('NEAR/n: at most n words between, either order', () => {
    expect(hits('acme NEAR/3 panne', 'acme encore une grosse panne')).toBe(true);
    expect(hits('acme NEAR/2 panne', 'acme encore une grosse panne')).toBe(false);
    expect(hits('acme NEAR/3 panne', 'panne chez acme')).toBe(true);
    expect(hits('acme NEAR/0 panne', 'panne acme')).toBe(true);
    expect(hits('acme NEAR/0 panne', 'panne chez acme')).toBe(false);
  });
  it('NEAR with phrases, OR groups, hashtags and chains', () => {
    expect(hits('"service client" NEAR/2 (nul OR horrible)', 'service client vraiment horrible')).toBe(true);
    expect(hits('"service client" NEAR/2 (nul OR horrible)', 'horrible journée, et le service client')).toBe(false);
    expect(hits('#acme NEAR/1 down', '#Acme is down')).toBe(true);
    expect(hits('a NEAR/1 b NEAR/1 c', 'a x b c')).toBe(true);
    expect(hits('a NEAR/1 b NEAR/1 c', 'a x b x x x c')).toBe(false);
    expect(hits('acme NEAR/3 acme', 'acme')).toBe(false);
  });
  it('trailing wildcards match word prefixes only', () => {
    expect(hits('boycott*', 'on boycotte Acme')).toBe(true);
    expect(hits('boycott*', 'BOYCOTT!')).toBe(true);
    expect(hits('boycott*', 'pro-boycott')).toBe(true);
    expect(hits('boycott*', 'antiboycott')).toBe(false);
    expect(hits('boycott* NEAR/2 acme', 'boycottez vite Acme')).toBe(true);
    expect(hits('écolo*', 'les ECOLOGISTES')).toBe(true);
  });
});

describe('watch queries: hashtags, handles, field filters', () => {
  it('#hashtags match hashtags only, folded, with optional wildcard', () => {
    expect(hits('#Québec', 'Vive #quebec!')).toBe(true);
    expect(hits('#quebec', 'Vive quebec')).toBe(false);
    expect(hits('#boycott*', '#BoycottAcme now')).toBe(true);
    expect(hits('#acme', 'email foo#acme')).toBe(false);
  });
  it('@handles match mentions, including Mastodon user@instance', () => {
    expect(hits('@acme', 'hey @Acme help')).toBe(true);
    expect(hits('@acme', 'hey acme help')).toBe(false);
    expect(hits('@acme', 'cc @acme@mastodon.social')).toBe(true);
    expect(hits('@acme@mastodon.social', 'cc @acme@mastodon.social')).toBe(true);
    expect(hits('@acme@mastodon.social', 'cc @acme@other.social')).toBe(false);
    expect(hits('@acme', 'write to support@acme.com')).toBe(false);
  });
  it('lang: uses the detected language, else the declared one', () => {
    expect(hits('acme lang:fr', 'acme est top', {}, 'fr')).toBe(true);
    expect(hits('acme lang:fr', 'acme is great', {}, 'en')).toBe(false);
    expect(hits('acme lang:fr', 'acme est top', { lang: 'fr-CA' })).toBe(true);
    expect(hits('acme lang:fr', 'acme est top')).toBe(false);
  });
  it('source: matches the source kind or name', () => {
    expect(hits('acme source:reddit', 'acme', { source: { kind: 'reddit', name: 'r/quebec' } })).toBe(true);
    expect(hits('acme source:"Mon Blogue"', 'acme', { source: { kind: 'rss', name: 'Mon blogue' } })).toBe(true);
    expect(hits('acme source:reddit', 'acme')).toBe(false);
  });
  it('author: matches the author handle, with or without @', () => {
    expect(hits('author:@Zoé', 'hi', { author: { handle: '@zoe' } })).toBe(true);
    expect(hits('author:zoe', 'hi', { author: { handle: 'zoe@mastodon.social' } })).toBe(true);
    expect(hits('author:zoe', 'hi', { author: { handle: 'zoey' } })).toBe(false);
  });
  it('site: matches the domain of the mention URL and its subdomains', () => {
    expect(hits('site:example.com', 'x', { url: 'https://www.example.com/a' })).toBe(true);
    expect(hits('site:example.com', 'x', { url: 'https://news.example.com/a' })).toBe(true);
    expect(hits('site:example.com', 'x', { url: 'https://badexample.com/a' })).toBe(false);
    expect(hits('site:https://Example.com/path', 'x', { url: 'http://EXAMPLE.com' })).toBe(true);
    expect(hits('site:example.com', 'x')).toBe(false);
  });
});

describe('watch matcher', () => {
  const entries: WatchEntry[] = [
    { name: 'acme', role: 'brand', query: 'acme OR @acme OR #acme' },
    { name: 'globex', role: 'competitor', query: 'globex' },
    { name: 'telecom', role: 'industry', query: '(forfait OR réseau) NEAR/4 (cher OR panne)' },
    { name: 'not-spam', role: 'industry', query: 'NOT (casino OR crypto) lang:en' },
  ];
  const m = compileWatch(entries);
  it('returns every matched entry with its role, in config order', () => {
    expect(m.match(mention('Acme vs Globex: le réseau est en panne'), 'fr')).toEqual([
      { name: 'acme', role: 'brand' },
      { name: 'globex', role: 'competitor' },
      { name: 'telecom', role: 'industry' },
    ]);
    expect(m.match(mention('nothing here'), 'fr')).toEqual([]);
    expect(m.match(mention('nothing here'), 'en')).toEqual([{ name: 'not-spam', role: 'industry' }]);
  });
  it('gives the same answers as evaluating each query alone, over many queries', () => {
    const words = ['acme', 'globex', 'panne', 'réseau', 'cher', 'quebec', 'boycott', 'super', 'nul', 'forfait'];
    const qs: WatchEntry[] = [];
    for (let i = 0; i < 200; i++) {
      const a = words[i % 10]!;
      const b = words[(i * 7 + 3) % 10]!;
      const ops = [`${a} ${b}`, `${a} OR ${b}`, `${a} NOT ${b}`, `${a} NEAR/2 ${b}`, `"${a} ${b}"`, `${a.slice(0, 3)}* AND ${b}`, `NOT ${a}`];
      qs.push({ name: `q${i}`, role: 'industry', query: ops[i % ops.length]! });
    }
    const all = compileWatch(qs);
    const texts = ['Acme panne réseau', 'super forfait pas cher chez Globex', 'boycott acme', 'quebec nul', 'rien', 'acme globex acme'];
    for (const t of texts) {
      const expected = qs.filter((q) => hits(q.query, t)).map((q) => q.name);
      expect(all.match(mention(t)).map((r) => r.name)).toEqual(expected);
    }
  });
  it('matches long texts (word index) like short ones', () => {
    const filler = Array.from({ length: 120 }, (_, i) => `mot${i}`).join(' ');
    const text = `${filler} le service client de Acme est nul ${filler} boycottez Acme`;
    const cases: Array<[string, boolean]> = [
      ['"service client"', true],
      ['acme NEAR/3 nul', true],
      ['acme NEAR/0 boycott*', true],
      ['"client service"', false],
      ['mot5 NEAR/0 mot7', false],
      ['mot5 NEAR/1 mot7', true],
    ];
    for (const [q, expected] of cases) expect(hits(q, text), q).toBe(expected);
  });
  it('returns [] when there are no entries', () => {
    expect(compileWatch([]).match(mention('acme'))).toEqual([]);
  });
});

describe('watch query errors', () => {
  it('names the entry and the 1-based column', () => {
    const e = syntaxError('(acme OR foo) )', 'acme', 2);
    expect(e.code).toBe('ERR_WATCH_QUERY_SYNTAX');
    expect(e.message).toBe("watch[2] (acme): unexpected ')' at column 15");
    expect(e.details).toEqual({ problems: [{ index: 2, name: 'acme', column: 15 }] });
  });
  it.each([
    ['', 'empty query at column 1'],
    ['acme AND', "unexpected end of query after 'AND' at column 9"],
    ['(acme OR b', "missing ')' to close the '(' opened at column 1"],
    ['acme OR OR b', "unexpected 'OR' at column 9"],
    ['acme ()', 'empty parentheses at column 6'],
    ['"acme', 'unterminated phrase (missing closing ") at column 1'],
    ['a NEAR b', "'NEAR' is not a valid NEAR operator (write NEAR/n, e.g. NEAR/3) at column 3"],
    ['(a b) NEAR/2 c', 'NEAR/2 needs words, "phrases", #hashtags or @handles on both sides (or OR-groups of them) at column 7'],
    ['acme bo*ycott', 'only a trailing * wildcard is supported at column 8'],
    ['b*', "wildcard 'b*' is too broad (at least 2 letters before *) at column 1"],
    ['"acme boy*"', 'wildcards are not supported inside "phrases" at column 10'],
    ['foo:bar', "unknown field 'foo:' (fields are lang:, source:, author:, site:; put the text in quotes to search for it) at column 1"],
    ['acme lang:', "'lang:' needs a value at column 6"],
    ['acme lang:french1', "lang: expects a language code such as fr or en, got 'french1' at column 6"],
    ['acme -job', "'-job': write NOT job to exclude a word at column 6"],
    ['acme 🔥', "'🔥' has no letters or digits to match at column 6"],
    ['#', "'#' is not a valid hashtag at column 1"],
  ])('%s → %s', (q, msg) => {
    expect(syntaxError(q).message).toBe(`watch[0] (acme): ${msg}`);
  });
  it('refuses pathological queries instead of overflowing the stack', () => {
    expect(syntaxError('('.repeat(1000) + 'a' + ')'.repeat(1000)).message).toBe('watch[0] (acme): operators nested deeper than 64 at column 65');
    expect(syntaxError('NOT '.repeat(2000) + 'a').message).toBe('watch[0] (acme): operators nested deeper than 64 at column 257');
    expect(syntaxError('a '.repeat(6000)).message).toBe('watch[0] (acme): query longer than 10000 characters at column 10001');
  });
  it('reports every bad entry at once, and duplicate names', () => {
    const entries: WatchEntry[] = [
      { name: 'a', role: 'brand', query: 'x AND' },
      { name: 'b', role: 'brand', query: 'fine' },
      { name: 'c', role: 'brand', query: ')' },
    ];
    expect(() => compileWatch(entries)).toThrow("watch[0] (a): unexpected end of query after 'AND' at column 6; watch[2] (c): unexpected ')' at column 1");
    try {
      compileWatch([{ name: 'a', role: 'brand', query: 'x' }, { name: 'a', role: 'brand', query: 'y' }]);
      expect.unreachable();
    } catch (e) {
      expect((e as VigieError).code).toBe('ERR_WATCH_DUPLICATE_NAME');
      expect((e as VigieError).message).toBe('watch[1] (a): duplicate name, already used by watch[0]');
    }
  });
  it('the config schema reports syntax errors and duplicates with their paths', () => {
    const r = watchConfigSchema.safeParse({ entries: [{ name: 'a', role: 'brand', query: 'x )' }, { name: 'a', role: 'brand', query: 'y' }] });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(["entries.0.query: unexpected ')' at column 3", "entries.1.name: duplicate watch name 'a', already used by watch[0]"]);
  });
});

describe('watch entry organisation', () => {
  it('is accepted on brands and competitors, and changes nothing to matching', () => {
    const cfg = watchConfigSchema.parse({
      entries: [
        { name: 'Acme', role: 'brand', query: 'acme' },
        { name: 'Acme Phone', role: 'brand', query: '"acme phone"', organisation: ' Acme ' },
        { name: 'Zenith', role: 'competitor', query: 'zenith' },
      ],
    });
    expect(cfg.entries[1]!.organisation).toBe('Acme');
    const e = watch.create(cfg, undefined as never);
    expect(e.enrich(mention('Acme Phone battery fires, Acme silent'), {})).toEqual([
      { name: 'Acme', role: 'brand' },
      { name: 'Acme Phone', role: 'brand' },
    ]);
  });
  it('is refused on an industry topic, empty, or across entries that disagree, with every path', () => {
    const r = watchConfigSchema.safeParse({
      entries: [
        { name: 'Telecom', role: 'industry', query: 'telecom', organisation: 'Acme' },
        { name: 'Acme', role: 'brand', query: 'acme', organisation: '  ' },
        { name: 'Zenith', role: 'competitor', query: 'zenith' },
        { name: 'Acme Watch', role: 'brand', query: '"acme watch"', organisation: 'zénith' },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'entries.0.organisation: an industry topic belongs to no organisation (rules never count it as one): remove organisation, or give the entry role brand or competitor',
      'entries.1.organisation: must not be empty (omit it: the entry is then its own organisation)',
      'entries.3.organisation: organisation "zénith" would hold this brand and the competitor watch[2] (Zenith): an organisation is yours (brand) or a competitor\'s, not both; fix the role or the organisation',
    ]);
  });
});

describe('watch component', () => {
  it('creates a matches enricher that uses the detected language', () => {
    const cfg = watchConfigSchema.parse({ entries: [{ name: 'acme-fr', role: 'brand', query: 'acme lang:fr' }] });
    expect(cfg.dropUnmatched).toBe(true);
    const e = watch.create(cfg, undefined as never);
    expect(e.field).toBe('matches');
    expect(e.enrich(mention('acme est top'), { lang: { code: 'fr', confidence: 0.9 } })).toEqual([{ name: 'acme-fr', role: 'brand' }]);
    expect(e.enrich(mention('acme est top'), { lang: { code: 'en', confidence: 0.9 } })).toEqual([]);
  });
});
