import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { spread } from '../../../test/fixtures/alerts/make-mention.ts';
import type { EnrichedMention } from '../../../core/mention.ts';
import { seededRandom } from '../../../core/random.ts';
import { learnLevel, levelResidual, levelSpread, levelTail, levelWarmUp, type LevelTrack } from './level.ts';
import { studentUpper } from './stats.ts';
import { VolumeSurgeRule } from './rule.ts';
import { volumeSurgeConfig } from './config.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 00:00 in Montréal (UTC-5). */
const T0 = Date.parse('2026-01-05T05:00:00Z');
const rule = (extra: Record<string, unknown> = {}) => ({ kind: 'volume_surge', name: 'surge', scope: { names: ['Acme'] }, timeZone: 'America/Montreal', ...extra });

function track(residuals: number[]): LevelTrack {
  return { residuals, next: 0 };
}

/**
 * Seeded traffic with a day/night rhythm and a level that strays from day to day (each local day
 * × a log-normal factor of spread `daySpread`), Poisson counts per minute; `boost(t)` multiplies
 * the rate (a rise).
 */
function noisyDays(seed: number, days: number, perHour: number, daySpread: number, boost: (t: number) => number = () => 1): EnrichedMention[] {
  const r = seededRandom(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(r() || 1e-12)) * Math.cos(2 * Math.PI * r());
  const out: EnrichedMention[] = [];
  let dayFactor = 1;
  for (let h = 0; h < days * 24; h++) {
    if (h % 24 === 0) dayFactor = Math.exp(daySpread * normal());
    const t = T0 + h * HOUR;
    const rate = perHour * (h % 24 < 7 ? 0.3 : 1.4) * dayFactor * boost(t);
    // Poisson by inversion, per hour.
    let n = 0;
    for (let p = r(), c = Math.exp(-rate), term = c; p > c && n < 10 * rate + 20; ) {
      n += 1;
      term *= rate / n;
      c += term;
    }
    out.push(...spread(t, HOUR, n, { brand: 'Acme' }));
  }
  return out;
}

describe('volume_surge: level track', () => {
  it('judges only after a week of residuals, by Student\'s t on their median and spread', () => {
    expect(levelWarmUp(12 * HOUR)).toBe(14);
    expect(levelWarmUp(DAY)).toBe(7);
    const few = track([0, 0.1, -0.1]);
    expect(levelTail(few, 5, 14)).toBe(1);
    const xs = Array.from({ length: 20 }, (_, i) => ((i % 5) - 2) / 10);
    const t = track(xs);
    const { centre, spread } = levelSpread(t);
    expect(centre).toBeCloseTo(0, 12);
    // MAD of {0.2, 0.1, 0, 0.1, 0.2 ...} is 0.1: the spread is 0.148.
    expect(spread).toBeCloseTo(0.14826, 5);
    // The MAD's spread is worth 0.37 of a standard deviation's degrees of freedom.
    expect(levelTail(t, 0.5, 14)).toBeCloseTo(studentUpper(0.5 / (spread * Math.sqrt(1 + 1 / 20)), 0.37 * 19), 12);
    expect(levelTail(t, 0, 14)).toBeCloseTo(0.5, 12);
    // A spread of zero cannot be judged: no page.
    expect(levelTail(track(Array(20).fill(0.2)), 3, 14)).toBe(1);
  });

  it('a past crisis among the residuals does not make the next rise look ordinary', () => {
    const calm = Array.from({ length: 28 }, (_, i) => ((i % 7) - 3) / 20);
    const after = track([...calm, 2.5, 2.2]);
    expect(levelTail(after, 0.8, 14)).toBeLessThan(3 * levelTail(track(calm), 0.8, 14));
    expect(levelTail(after, 0.8, 14)).toBeLessThan(1e-3);
  });

  it('keeps the last residuals only, and gives a sparse scope\'s zero a finite residual', () => {
    const t = track([]);
    for (let i = 0; i < 10; i++) learnLevel(t, i, 4);
    expect(t.residuals).toEqual([6, 7, 8, 9]);
    expect(levelResidual(0, 0.02)).toBeCloseTo(Math.log(0.5 / 0.52), 12);
    expect(levelResidual(30, 10)).toBeCloseTo(Math.log(30.5 / 10.5), 12);
  });

  it('takes its share of the budget as one more test of 12 hours', () => {
    const r = new VolumeSurgeRule(volumeSurgeConfig.parse(rule()));
    const { tail } = r.thresholds;
    expect(tail.length).toBe(5);
    // 1 page a month over 5 tests; 60 twelve-hour windows a month, three times for overlap.
    expect(tail[4]).toBeCloseTo(0.2 / (60 * 3), 12);
    expect(tail[0]).toBeCloseTo(0.2 / (8640 * 3), 14);
    const off = new VolumeSurgeRule(volumeSurgeConfig.parse(rule({ levelWindow: 'off' })));
    expect(off.thresholds.tail.length).toBe(4);
    expect(off.thresholds.tail[0]).toBeCloseTo(0.25 / (8640 * 3), 14);
    expect(volumeSurgeConfig.safeParse(rule({ levelWindow: '90m' })).success).toBe(false);
    expect(volumeSurgeConfig.safeParse(rule({ levelWindow: '2d' })).success).toBe(false);
  });

  it('quiet over four weeks whose level strays from day to day; then pages on a day-long rise no window sees', () => {
    const days = 28;
    const calm = noisyDays(7, days, 20, 0.1);
    const { engine, clock } = backtestEngine([rule()]);
    expect(run(engine, clock, calm, T0 + days * DAY).filter((a) => a.type !== 'resolved')).toEqual([]);
    // The next day, from 08:00 local, 1.7 times the usual rate for 12 hours: about 24 voices an
    // hour more, never sharp enough for a window of 3 hours or less.
    const start = T0 + days * DAY + 8 * HOUR;
    const rise = noisyDays(8, 1, 20, 0, (t) => (t >= start - days * DAY && t < start - days * DAY + 12 * HOUR ? 1.7 : 1)).map((m) => ({ ...m, publishedAt: new Date(Date.parse(m.publishedAt) + days * DAY).toISOString() }));
    const pages = run(engine, clock, rise, T0 + (days + 1) * DAY).filter((a) => a.type === 'opened');
    const metrics = pages[0]?.evidence.metrics ?? {};
    expect(metrics.levelSpread).toBeGreaterThan(0.05);
    expect(metrics.pValue).toBeLessThanOrEqual(metrics.threshold!);
    expect(pages.length).toBe(1);
    expect(pages[0]!.reason.en).toMatch(/in 12 h.*level of the day/);
    expect(pages[0]!.reason.fr).toMatch(/niveau de la journée/);
    expect(Date.parse(pages[0]!.eventTime)).toBeLessThanOrEqual(start + 12 * HOUR);
    // Without the level track the same day passes unnoticed.
    const off = backtestEngine([rule({ levelWindow: 'off' })]);
    expect(run(off.engine, off.clock, [...calm, ...rise], T0 + (days + 1) * DAY).filter((a) => a.type === 'opened')).toEqual([]);
  }, 120_000);

  it('keeps its hysteresis across a restart in the middle of a rise: one opening, as without the restart', () => {
    const days = 28;
    const start = T0 + days * DAY + 8 * HOUR;
    const rise = noisyDays(8, 1, 20, 0, (t) => (t >= start - days * DAY && t < start - days * DAY + 12 * HOUR ? 1.7 : 1)).map((m) => ({ ...m, publishedAt: new Date(Date.parse(m.publishedAt) + days * DAY).toISOString() }));
    const ms = [...noisyDays(7, days, 20, 0.1), ...rise];
    const end = T0 + (days + 1) * DAY;
    const opened = (xs: ReturnType<typeof run>) => xs.filter((a) => a.type === 'opened').map((a) => a.eventTime);
    const whole = backtestEngine([rule()]);
    const expected = opened(run(whole.engine, whole.clock, ms, end));
    expect(expected.length).toBe(1);
    // Cut in the next hour, whose verdict is over only by the hysteresis (its p-value lies between
    // the two thresholds): the restarted rule recomputes that hour's verdict and must hold it.
    const cut = Date.parse(expected[0]!) + 90 * MIN;
    const first = backtestEngine([rule()]);
    run(first.engine, first.clock, ms.filter((m) => Date.parse(m.publishedAt) < cut), cut);
    const second = backtestEngine([rule()]);
    for (const rec of first.engine.takeChanges()) second.engine.restore(JSON.parse(JSON.stringify(rec)));
    second.clock.set(cut);
    const after = run(second.engine, second.clock, ms.filter((m) => Date.parse(m.publishedAt) >= cut), end);
    expect(opened(after)).toEqual([]);
  }, 120_000);
});
