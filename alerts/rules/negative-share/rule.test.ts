import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('negative_share', () => {
  it('opens at the share threshold, escalates when critical, resolves when the tone recovers', () => {
    const { engine, clock } = backtestEngine([{ kind: 'negative_share', name: 'neg', scope: { roles: ['brand'] }, window: '15m', minCount: 20, share: 0.5, criticalShare: 0.75, escalateFactor: 3 }]);
    const ms = [
      ...spread(T0, 15 * MIN, 30, { brand: 'Acme', sentiment: 0.1 }),
      ...spread(T0 + 15 * MIN, 10 * MIN, 40, { brand: 'Acme', sentiment: -0.7 }),
      ...spread(T0 + 25 * MIN, 10 * MIN, 60, { brand: 'Acme', sentiment: -0.8 }),
      ...spread(T0 + 35 * MIN, 60 * MIN, 120, { brand: 'Acme', sentiment: 0.3 }),
      // Another brand is judged on its own: neutral, never pages.
      ...spread(T0, 90 * MIN, 200, { brand: 'Other', sentiment: 0 }),
    ];
    const alerts = run(engine, clock, ms, T0 + 100 * MIN);
    expect(alerts.map((a) => [a.type, a.severity, a.scope])).toEqual([
      ['opened', 'warning', 'entry:Acme'],
      ['escalated', 'critical', 'entry:Acme'],
      ['resolved', 'critical', 'entry:Acme'],
    ]);
    expect(alerts[0]!.evidence.metrics.negativeShare).toBeGreaterThanOrEqual(0.5);
  });

  it('never alerts under the minimum count', () => {
    const { engine, clock } = backtestEngine([{ kind: 'negative_share', name: 'neg', minCount: 20 }]);
    expect(run(engine, clock, spread(T0, 60 * MIN, 15, { sentiment: -0.9 }), T0 + 70 * MIN)).toEqual([]);
  });
});
