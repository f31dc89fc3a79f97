import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('new_term', () => {
  it('pages on a hashtag never seen for the brand that grows fast, not on known ones', () => {
    const { engine, clock } = backtestEngine([{ kind: 'new_term', name: 'nt', scope: { names: ['Acme'] }, learnFor: '1h', minCount: 10, window: '30m' }]);
    const ms = [
      ...spread(T0, 60 * MIN, 60, { brand: 'Acme', hashtags: ['#Acme', '#promo'] }),
      ...spread(T0 + 60 * MIN, 30 * MIN, 100, { brand: 'Acme', hashtags: ['#promo'] }),
      ...spread(T0 + 70 * MIN, 10 * MIN, 12, { brand: 'Acme', hashtags: ['#BoycottAcme'] }),
      // Slow newcomer: 3 mentions, under the count.
      ...spread(T0 + 70 * MIN, 30 * MIN, 3, { brand: 'Acme', hashtags: ['#calme'] }),
    ];
    const alerts = run(engine, clock, ms, T0 + 100 * MIN).filter((a) => a.type !== 'resolved');
    // The incident is the brand's; the rule's own scope names the term.
    expect(alerts.map((a) => [a.type, a.scope, a.rules.map((r) => r.scope)])).toEqual([['opened', 'entry:Acme', ['entry:Acme/#boycottacme']]]);
    expect(alerts[0]!.evidence.count).toBeGreaterThanOrEqual(10);
  });

  it('learns first: nothing is new during the learning period', () => {
    const { engine, clock } = backtestEngine([{ kind: 'new_term', name: 'nt', learnFor: '1d', minCount: 5 }]);
    expect(run(engine, clock, spread(T0, 60 * MIN, 50, { hashtags: ['#x'] }), T0 + 70 * MIN)).toEqual([]);
  });
});

describe('new_term and declared peaks', () => {
  const launch = { from: new Date(T0 + 60 * MIN).toISOString(), to: new Date(T0 + 240 * MIN).toISOString() };
  const ms = () => [...spread(T0, 60 * MIN, 60, { brand: 'Acme', hashtags: ['#acme'] }), ...spread(T0 + 70 * MIN, 30 * MIN, 60, { brand: 'Acme', hashtags: ['#AcmeX'] })];

  it('a declared launch hashtag is vocabulary, not news', () => {
    const { engine, clock } = backtestEngine([{ kind: 'new_term', name: 'nt', scope: { names: ['Acme'] }, learnFor: '1h', minCount: 10, window: '30m', expected: [{ ...launch, names: ['Acme'] }] }]);
    expect(run(engine, clock, ms(), T0 + 300 * MIN)).toEqual([]);
  });

  it('the same hashtag pages without the declaration, or when the peak names another entry', () => {
    for (const expected of [[], [{ ...launch, names: ['Zenith'] }]]) {
      const { engine, clock } = backtestEngine([{ kind: 'new_term', name: 'nt', scope: { names: ['Acme'] }, learnFor: '1h', minCount: 10, window: '30m', expected }]);
      expect(run(engine, clock, ms(), T0 + 300 * MIN).filter((a) => a.type === 'opened').length).toBe(1);
    }
  });
});
