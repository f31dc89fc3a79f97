import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention, spread } from '../../../test/fixtures/alerts/make-mention.ts';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

/** One mention an hour (at a random minute, seeded) from `from` for `hours`. */
function hourly(from: number, hours: number, source: string, perHour = 1): ReturnType<typeof mention>[] {
  let x = 7;
  const rnd = (): number => ((x = (x * 48271) % 2147483647) / 2147483647);
  const out = [];
  for (let h = 0; h < hours; h++) for (let k = 0; k < perHour; k++) out.push(mention(from + h * HOUR + Math.floor(rnd() * HOUR), { source }));
  return out;
}

describe('flatline', () => {
  it('pages when a busy source goes silent, resolves when it speaks again; not before a day of watching', () => {
    const young = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', silentFor: '30m' }]);
    expect(run(young.engine, young.clock, spread(T0, HOUR, 60, { source: 'rss-a' }), T0 + 3 * HOUR)).toEqual([]);
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', silentFor: '30m', resolveAfter: '5m' }]);
    // A day at a mention a minute (rss-a) and the same day and two hours more (rss-b).
    const D = 24 * HOUR;
    const ms = [...spread(T0, D, 1440, { source: 'rss-a' }), ...spread(T0, D + 2 * HOUR, 1560, { source: 'rss-b' })];
    const first = run(engine, clock, ms, T0 + D + 2 * HOUR);
    expect(first.map((a) => [a.type, a.scope])).toEqual([['opened', 'source:rss-a']]);
    // 60 mentions an hour, then silent: learned from one day only, it pages within 45 minutes.
    expect(Date.parse(first[0]!.eventTime)).toBeGreaterThanOrEqual(T0 + D + 29 * MIN);
    expect(Date.parse(first[0]!.eventTime)).toBeLessThanOrEqual(T0 + D + 45 * MIN);
    expect(first[0]!.evidence.metrics.expected).toBeGreaterThan(20);
    const back = run(engine, clock, [mention(T0 + D + 121 * MIN, { source: 'rss-a' })], T0 + D + 140 * MIN);
    expect(back.map((a) => a.type)).toEqual(['resolved']);
  });

  it('a source at one mention an hour silent 3 hours is not an outage; silent half a day, it is', () => {
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', silentFor: '30m' }]);
    const week = hourly(T0, 7 * 24, 'small');
    const last = Date.parse(week.at(-1)!.publishedAt);
    expect(run(engine, clock, week, last + 3 * HOUR)).toEqual([]);
    const later = run(engine, clock, [], last + 16 * HOUR);
    expect(later.map((a) => [a.type, a.scope])).toEqual([['opened', 'source:small']]);
    // About 10 mentions must be missing for 1 false page a month at 1 an hour (720 gaps a month).
    const after = (Date.parse(later[0]!.eventTime) - last) / HOUR;
    expect(after).toBeGreaterThan(9);
    expect(after).toBeLessThan(13);
    expect(later[0]!.evidence.metrics.chance).toBeLessThanOrEqual(later[0]!.evidence.metrics.threshold!);
  });

  it('learns the hour of day: quiet nights do not page, the same silence by day does', () => {
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', silentFor: '30m' }]);
    // 6 mentions an hour from 13:00 to 01:00 UTC (8:00 to 20:00 in Montréal), none at night, for a week.
    const days = Array.from({ length: 7 }, (_, d) => hourly(T0 + HOUR + d * 24 * HOUR, 12, 'daytime', 6)).flat();
    const nights = run(engine, clock, days, T0 + 7 * 24 * HOUR);
    expect(nights).toEqual([]);
    // The eighth day: it speaks for two hours, then falls silent at 15:00 UTC.
    const day8 = T0 + 7 * 24 * HOUR + HOUR;
    const out = run(engine, clock, spread(day8, 2 * HOUR, 12, { source: 'daytime' }), day8 + 6 * HOUR);
    expect(out.map((a) => a.type)).toEqual(['opened']);
    // 6 an hour by day: about 14 missing mentions are needed (1 false page a month among its gaps).
    expect(Date.parse(out[0]!.eventTime) - (day8 + 2 * HOUR)).toBeLessThanOrEqual(3 * HOUR);
  });

  it('a stricter budget waits longer', () => {
    const at = (falsePages: string): number => {
      const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', groupBy: 'source', falsePages }]);
      const week = hourly(T0, 7 * 24, 'small', 3);
      const out = run(engine, clock, week, Date.parse(week.at(-1)!.publishedAt) + 24 * HOUR);
      return Date.parse(out[0]!.eventTime);
    };
    expect(at('1/year')).toBeGreaterThan(at('1/week'));
  });

  it('a declared entry never heard from pages after a day, not after half an hour', () => {
    const { engine, clock } = backtestEngine([{ kind: 'flatline', name: 'quiet', scope: { names: ['Acme', 'Zed'] }, silentFor: '30m' }]);
    expect(run(engine, clock, spread(T0, 60 * MIN, 60, { brand: 'Acme' }), T0 + 60 * MIN)).toEqual([]);
    const day = run(engine, clock, spread(T0 + HOUR, 24 * HOUR, 24 * 60, { brand: 'Acme' }), T0 + 25 * HOUR);
    expect(day.map((a) => [a.type, a.scope])).toEqual([['opened', 'entry:Zed']]);
    // Watched from the first evaluation (T0 + 1 min), silent a day since.
    expect(Date.parse(day[0]!.eventTime)).toBe(T0 + 24 * HOUR + MIN);
  });
});
