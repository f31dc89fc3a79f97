import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention, spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;

describe('flatline', () => {
  it('pages when a source goes silent, resolves when it speaks again', () => {
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', silentFor: '30m', resolveAfter: '5m' }]);
    const ms = [...spread(T0, 60 * MIN, 60, { source: 'rss-a' }), ...spread(T0, 120 * MIN, 120, { source: 'rss-b' })];
    const first = run(engine, clock, ms, T0 + 120 * MIN);
    expect(first.map((a) => [a.type, a.scope])).toEqual([['opened', 'source:rss-a']]);
    expect(Date.parse(first[0]!.eventTime)).toBe(T0 + 89 * MIN);
    const back = run(engine, clock, [mention(T0 + 121 * MIN, { source: 'rss-a' })], T0 + 140 * MIN);
    expect(back.map((a) => a.type)).toEqual(['resolved']);
  });

  it('watches declared watch entries before their first mention', () => {
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', scope: { names: ['Acme', 'Zed'] }, silentFor: '30m' }]);
    const alerts = run(engine, clock, spread(T0, 60 * MIN, 60, { brand: 'Acme' }), T0 + 60 * MIN);
    expect(alerts.map((a) => [a.type, a.scope])).toEqual([['opened', 'entry:Zed']]);
  });
});
