import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention } from '../../../test/fixtures/alerts/make-mention.ts';
import { compileTerms } from './match.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('keywords', () => {
  it('matches prefixes, phrases and words without regard to case, accents or elisions', () => {
    const m = compileTerms(['boycott*', '"intoxication alimentaire"', 'rappel']);
    expect(m('On BOYCOTTE Acme!')).toBe('boycott*');
    expect(m("cas d'Intoxication   Alimentaire à Laval")).toBe('"intoxication alimentaire"');
    expect(m('RAPPÉL de produits')).toBe('rappel');
    expect(m('boycot')).toBeUndefined();
    expect(m('intoxication, alimentaire')).toBe('"intoxication alimentaire"');
    expect(m('rappels')).toBeUndefined();
  });

  it('opens when matching mentions reach the count in the window', () => {
    const { engine, clock } = backtestEngine([{ kind: 'keywords', name: 'kw', terms: ['boycott*', 'rappel'], minCount: 3, window: '15m' }]);
    const ms = [
      mention(T0, { text: 'Rien à voir' }),
      mention(T0 + MIN, { text: 'Boycottons Acme' }),
      mention(T0 + 2 * MIN, { text: 'rappel de lait' }),
      mention(T0 + 40 * MIN, { text: 'boycott encore' }),
      mention(T0 + 41 * MIN, { text: 'boycott toujours' }),
      mention(T0 + 42 * MIN, { text: 'Rappel massif' }),
    ];
    const alerts = run(engine, clock, ms, T0 + 50 * MIN);
    expect(alerts.map((a) => a.type)).toEqual(['opened']);
    expect(alerts[0]!.eventTime).toBe(new Date(T0 + 43 * MIN).toISOString());
    expect(alerts[0]!.evidence.count).toBe(3);
  });
});

describe('mentions naming another watched organisation (shared)', () => {
  const passing = (t: number, text: string) => ({ ...mention(t, { text }), matches: [{ name: 'Zenith', role: 'competitor' as const }, { name: 'Acme', role: 'brand' as const }] });
  const zenithCrisis = Array.from({ length: 20 }, (_, i) => passing(T0 + i * 30_000, `Rappel Zenith, au moins Acme n'est pas touché ${i}`));

  it('a competitor crisis naming the brand in passing does not page the brand (exclude, the default)', () => {
    const { engine, clock } = backtestEngine([{ kind: 'keywords', name: 'kw', scope: { names: ['Acme'] }, terms: ['rappel'], minCount: 10 }]);
    expect(run(engine, clock, zenithCrisis, T0 + 20 * MIN)).toEqual([]);
  });

  it('counts them with shared: include, and a brand-only crisis either way', () => {
    const inc = backtestEngine([{ kind: 'keywords', name: 'kw', scope: { names: ['Acme'] }, terms: ['rappel'], minCount: 10, shared: 'include' }]);
    expect(run(inc.engine, inc.clock, zenithCrisis, T0 + 20 * MIN).map((a) => a.type)[0]).toBe('opened');
    const own = backtestEngine([{ kind: 'keywords', name: 'kw', scope: { names: ['Acme'] }, terms: ['rappel'], minCount: 10 }]);
    const acme = Array.from({ length: 20 }, (_, i) => mention(T0 + i * 30_000, { brand: 'Acme', text: `Rappel Acme ${i}` }));
    expect(run(own.engine, own.clock, acme, T0 + 20 * MIN).map((a) => a.type)[0]).toBe('opened');
  });

  it('a rule on the competitor counts its own crisis', () => {
    const { engine, clock } = backtestEngine([{ kind: 'keywords', name: 'kw', scope: { roles: ['competitor'], split: false }, terms: ['rappel'], minCount: 10 }]);
    // Pooled on competitors, a mention also naming Acme (a brand, outside the scope) is shared too.
    expect(run(engine, clock, zenithCrisis, T0 + 20 * MIN)).toEqual([]);
    const { engine: e2, clock: c2 } = backtestEngine([{ kind: 'keywords', name: 'kw', scope: { names: ['Zenith'] }, terms: ['rappel'], minCount: 10, shared: 'include' }]);
    expect(run(e2, c2, zenithCrisis, T0 + 20 * MIN).map((a) => a.type)[0]).toBe('opened');
  });
});
