import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('sentiment_drop', () => {
  it('pages when the mean falls well below the baseline, not on a small dip', () => {
    const { engine, clock } = backtestEngine([{ kind: 'sentiment_drop', name: 'drop', window: '30m', baselineWindows: 4, drop: 0.3, criticalDrop: 0.6 }]);
    const ms = [
      ...spread(T0, 120 * MIN, 240, { sentiment: 0.5 }),
      ...spread(T0 + 120 * MIN, 30 * MIN, 60, { sentiment: 0.35 }),
      ...spread(T0 + 150 * MIN, 30 * MIN, 60, { sentiment: -0.3 }),
    ];
    const alerts = run(engine, clock, ms, T0 + 180 * MIN);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]!.type).toBe('opened');
    expect(Date.parse(alerts[0]!.eventTime)).toBeGreaterThan(T0 + 150 * MIN);
    expect(alerts.some((a) => a.severity === 'critical')).toBe(true);
    expect(alerts[0]!.evidence.metrics.drop).toBeGreaterThanOrEqual(0.3);
  });
});

describe('sentiment_drop and declared peaks', () => {
  // Neutral-positive days, an enthusiastic launch for two hours, then the usual mood again.
  const ms = () => [...spread(T0, 120 * MIN, 240, { sentiment: 0.1 }), ...spread(T0 + 120 * MIN, 120 * MIN, 480, { sentiment: 0.8 }), ...spread(T0 + 240 * MIN, 60 * MIN, 120, { sentiment: 0.1 })];
  const rule = { kind: 'sentiment_drop', name: 'drop', window: '30m', baselineWindows: 4, drop: 0.3 };

  it('the usual mood after a declared launch is no drop: the launch is left out of the baseline', () => {
    const { engine, clock } = backtestEngine([{ ...rule, expected: [{ from: new Date(T0 + 120 * MIN).toISOString(), to: new Date(T0 + 240 * MIN).toISOString() }] }]);
    expect(run(engine, clock, ms(), T0 + 300 * MIN)).toEqual([]);
  });

  it('without the declaration the end of the launch reads as a drop', () => {
    const { engine, clock } = backtestEngine([rule]);
    expect(run(engine, clock, ms(), T0 + 300 * MIN).map((a) => a.type)).toContain('opened');
  });
});
