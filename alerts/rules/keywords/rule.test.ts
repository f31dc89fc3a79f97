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
