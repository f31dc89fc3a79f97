import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention, spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('influential_negative', () => {
  it('pages on one influential negative mention, escalates on a more influential one, resolves later', () => {
    const { engine, clock } = backtestEngine([{ kind: 'influential_negative', name: 'vip', minInfluence: 70, criticalInfluence: 90, window: '1h', resolveAfter: '15m' }]);
    const ms = [
      ...spread(T0, 30 * MIN, 50, { sentiment: -0.8, influence: 40 }),
      mention(T0 + 10 * MIN, { sentiment: 0.8, influence: 99, author: 'fan' }),
      mention(T0 + 20 * MIN, { sentiment: -0.6, influence: 80, author: 'journalist' }),
      mention(T0 + 25 * MIN, { sentiment: -0.9, influence: 95, author: 'star' }),
    ];
    const alerts = run(engine, clock, ms, T0 + 120 * MIN);
    expect(alerts.map((a) => [a.type, a.severity])).toEqual([
      ['opened', 'warning'],
      ['escalated', 'critical'],
      ['resolved', 'critical'],
    ]);
    expect(alerts[0]!.evidence.samples[0]!.author).toBe('@journalist');
    expect(alerts[1]!.evidence.samples[0]!.author).toBe('@star');
    // Opens at the first grid point after the mention.
    expect(alerts[0]!.eventTime).toBe(new Date(T0 + 21 * MIN).toISOString());
    expect(Date.parse(alerts[2]!.eventTime)).toBeGreaterThanOrEqual(T0 + 25 * MIN + 60 * MIN + 15 * MIN);
  });
});
