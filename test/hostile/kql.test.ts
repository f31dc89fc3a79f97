/**
 * (Here, not beside alerts/kql.ts: it holds the alerts stage to the index mapping and the Kibana objects.)
 * Every KQL Vigie writes parses with Kibana's own grammar (built with peggy from the vendored
 * kuery.peggy) and searches what the rule matched: the folded fields, with folded terms, prefix
 * terms as wildcards, everything else as quoted phrases.
 */
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../core/metrics.ts';
import { silentLogger } from '../../core/logger.ts';
import { FakeClock } from '../../core/clock.ts';
import { mappedFields, mentionMappings } from '../../index/elasticsearch/templates.ts';
import { buildSavedObjects } from '../../index/kibana/saved-objects.ts';
import { kqlLeaves, parseKql } from '../helpers/kibana-kql.ts';
import { mention, spread } from '../fixtures/alerts/make-mention.ts';
import type { Trigger } from '../../alerts/contracts.ts';
import { anyValueKql, keywordValue, kqlEscape, kqlQuote } from '../../alerts/kql.ts';
import { buildRules, ruleConfigSchema } from '../../alerts/registry.ts';
import { kibanaLinkWithin } from '../../alerts/render.ts';
import { foldText as fold } from '../../core/text/fold.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

/** Terms that broke Discover: KQL special characters, keywords, elisions, accents, emoji. */
const HOSTILE_TERMS = [
  "c'est*", 'c:est*', 'foo(bar*', 'x"y*', '{promo}*', 'québécois', '"intoxication alimentaire"', 'and', 'or*', 'not x*', 'a:b',
  'back\\slash', 'Ça*', '#boy*', '@acme*', '"l’été indien*"', 'fête 🎉', 'x*y', '*', '<b>*', 'tab\there', 'NOT', 'x) or (y*', 'é\\*',
];
const NAMES = ['Acme "Inc" \\ (x)', 'B:c* or d', 'Café Olé'];

function triggers(rules: unknown[], mentions: ReturnType<typeof mention>[], at: number): Trigger[] {
  const clock = new FakeClock(at);
  const built = buildRules(rules.map((r) => ruleConfigSchema.parse(r)), { logger: silentLogger(), clock, metrics: new Metrics() });
  for (const m of mentions) for (const r of built) r.rule.observe(m);
  return built.flatMap((r) => r.rule.evaluate(new Date(at)));
}

// Fields of the mentions mapping on the core-only distribution (no .fr/.en multi-fields there).
const FIELDS = new Set(mappedFields(mentionMappings(false)).keys());

function checkLeaves(kql: string) {
  const leaves = kqlLeaves(parseKql(kql));
  for (const l of leaves) {
    expect(FIELDS.has(String(l.field)), `${String(l.field)} in ${kql}`).toBe(true);
    expect(l.field).not.toBe('text');
    if (l.field === 'text_folded' || l.field === 'title_folded') {
      // What the index holds: folded text; wildcards only after a folded stem of letters/digits.
      expect(String(l.value)).toBe(fold(String(l.value)));
      if (l.wildcard) expect(String(l.value)).toMatch(/^[\p{L}\p{N}]+\*$/u);
      else expect(l.phrase).toBe(true);
    }
  }
  return leaves;
}

describe('KQL of the alert rules parses with Kibana\'s grammar', () => {
  it('keywords: hostile terms and scope names', () => {
    const texts = ["C'est fou", 'québécois', 'Intoxication alimentaire ici', 'Ça va', 'boycott #boycott', 'fête 🎉'];
    const ms = spread(T0 - 10 * MIN, 9 * MIN, 30, { brand: NAMES[0] }).map((m, i) => ({ ...m, text: texts[i % texts.length]!, matches: NAMES.map((name) => ({ name, role: 'brand' as const })) }));
    for (const split of [true, false]) {
      // Each mention names all three entries: `shared: include` keeps them (the default leaves out
      // a mention that names another watched organisation, which is every one here).
      const ts = triggers([{ kind: 'keywords', name: 'kw', terms: HOSTILE_TERMS, minCount: 2, shared: 'include', scope: { names: NAMES, split } }], ms, T0);
      expect(ts.length).toBeGreaterThan(0);
      for (const t of ts) {
        const leaves = checkLeaves(t.kql);
        const folded = leaves.filter((l) => l.field === 'text_folded');
        expect(folded.map((l) => l.value)).toEqual(expect.arrayContaining(['est*', 'quebecois', 'intoxication alimentaire', 'ca*', 'boy*', 'acme*', 'ete', 'indien*', 'fete']));
        expect(leaves.filter((l) => l.field === 'matches.name').map((l) => l.value)).toEqual(expect.arrayContaining(split ? [t.scope.slice(6)] : NAMES));
        expect(t.kqlBroad !== undefined && t.kql.startsWith(t.kqlBroad)).toBe(true);
      }
    }
  });

  it('new_term: folded words on the folded fields, hashtags on entities.hashtags', () => {
    const ms = [
      ...spread(T0 - 120 * MIN, 60 * MIN, 20, { text: 'rien de neuf' }),
      ...spread(T0 - 20 * MIN, 15 * MIN, 12, { text: 'Les Québécois disent: "non" (vraiment)', hashtags: ['#ÉtéChaud'] }),
    ];
    const ts = triggers([{ kind: 'new_term', name: 'nt', terms: 'both', learnFor: '30m', minCount: 5, window: '1h' }], ms, T0);
    expect(ts.map((t) => t.scope)).toEqual(expect.arrayContaining(['all/quebecois', 'all/#etechaud']));
    for (const t of ts) {
      const leaves = checkLeaves(t.kql);
      if (t.scope === 'all/quebecois') expect(leaves).toEqual([{ field: 'text_folded', value: 'quebecois', wildcard: false, phrase: true }, { field: 'title_folded', value: 'quebecois', wildcard: false, phrase: true }]);
      if (t.scope === 'all/#etechaud') expect(leaves).toEqual([{ field: 'entities.hashtags', value: 'etechaud', wildcard: false, phrase: true }]);
    }
  });

  it('the other rules and the shipped saved objects', () => {
    const ms = spread(T0 - 10 * MIN, 9 * MIN, 40, { brand: NAMES[1], sentiment: -0.9, influence: 95, source: 'flux "a" (b)' });
    const ts = triggers([
      { kind: 'negative_share', name: 'ns', scope: { names: [NAMES[1]] }, minCount: 5 },
      { kind: 'influential_negative', name: 'in', scope: { roles: ['brand'], split: false } },
    ], ms, T0);
    expect(ts.length).toBeGreaterThan(1);
    for (const t of ts) checkLeaves(t.kql);
    for (const o of buildSavedObjects()) {
      const src = (o.attributes.kibanaSavedObjectMeta as { searchSourceJSON?: string } | undefined)?.searchSourceJSON;
      if (src) expect(() => parseKql(JSON.parse(src).query.query)).not.toThrow();
    }
  });

  it('escapes any value: random strings survive quoting (and words unquoted escaping) unchanged', () => {
    const alphabet = ['a', 'é', ' ', '\\', '"', '*', ':', '(', ')', '<', '>', '{', '}', 'and', 'or', 'not', '\t', '\n', '🎉', '|', "'"];
    let seed = 7;
    const rnd = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) {
      const v = `x${Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')}x`;
      expect(kqlLeaves(parseKql(`f:${kqlQuote(v)}`))[0]!.value).toBe(v);
      const word = v.replace(/ /g, '');
      const unq = kqlLeaves(parseKql(`f:${kqlEscape(word)}*`))[0]!;
      expect(unq.wildcard).toBe(true);
      expect(unq.value).toBe(`${word}*`);
    }
  });

  it('prefix terms are never written unquoted unescaped (the Discover syntax errors)', () => {
    for (const t of ['c:est*', 'foo(bar*', 'x"y*', '{promo}*']) expect(() => parseKql(`text:${t}`)).toThrow();
    for (const t of HOSTILE_TERMS) expect(() => parseKql(anyValueKql(['text_folded'], [keywordValue(t)]) || '*')).not.toThrow();
  });
});

describe('Kibana links', () => {
  it('stay under 3,000 characters: the exact query, else the scope, else the time range', () => {
    const base = 'https://kibana.example.org';
    const terms = Array.from({ length: 500 }, (_, i) => `terme-très-long-numéro-${i}*`);
    const kql = `matches.name:"Acme" and ${anyValueKql(['text_folded', 'title_folded'], terms.map(keywordValue))}`;
    const link = kibanaLinkWithin(base, [kql, 'matches.name:"Acme"'], '2026-01-05T12:00:00Z', '2026-01-05T13:00:00Z', 'vigie-mentions-view')!;
    expect(link.length).toBeLessThanOrEqual(3000);
    const q = /query:'((?:[^'!]|!.)*)'/.exec(decodeURIComponent(link))![1]!.replace(/!(.)/g, '$1');
    expect(q).toBe('matches.name:"Acme"');
    expect(decodeURIComponent(link)).toContain("dataViewId:'vigie-mentions-view'");
    const short = kibanaLinkWithin(base, ['matches.name:"Acme" and text_folded:"x"'], '2026-01-05T12:00:00Z', '2026-01-05T13:00:00Z')!;
    expect(decodeURIComponent(short)).toContain(`query:'matches.name:\"Acme\" and text_folded:\"x\"'`);
  });
});
