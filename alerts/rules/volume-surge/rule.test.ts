import { describe, expect, it } from 'vitest';
import { backtestEngine, run } from '../../testing.ts';
import { mention, spread } from '../../../test/fixtures/alerts/make-mention.ts';
import type { EnrichedMention } from '../../../core/mention.ts';
import { falsePagesSchema, thresholds } from './budget.ts';
import { fitSeason, rateAt, slotsIn } from './season.ts';
import { upperTail } from './stats.ts';
import { calibrated } from './rule.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Monday 5 January 2026, 00:00 in Montréal (UTC-5). */
const T0 = Date.parse('2026-01-05T05:00:00Z');

/** Deterministic traffic: `perHour(localHour)` mentions spread over each hour, `days` days from `start`. */
function traffic(start: number, days: number, perHour: (hod: number) => number, o: Parameters<typeof mention>[1] = {}): EnrichedMention[] {
  const out: EnrichedMention[] = [];
  for (let h = 0; h < days * 24; h++) out.push(...spread(start + h * HOUR, HOUR, perHour(h % 24), { brand: 'Acme', ...o }));
  return out;
}
const dayNight = (scale: number) => (hod: number) => Math.round(scale * (hod < 7 ? 0.3 : 1.5));
const rule = (extra: Record<string, unknown> = {}) => ({ kind: 'volume_surge', name: 'surge', scope: { names: ['Acme'] }, timeZone: 'America/Montreal', ...extra });
const opened = <A extends { type: string }>(xs: A[]): A[] => xs.filter((a) => a.type === 'opened');

describe('volume_surge: budget → threshold', () => {
  it('reads a budget in words', () => {
    expect(falsePagesSchema.parse('1/month')).toEqual({ pages: 1, periodMs: 30 * DAY });
    expect(falsePagesSchema.parse('2 per week')).toEqual({ pages: 2, periodMs: 7 * DAY });
    expect(falsePagesSchema.parse('1/mois')).toEqual({ pages: 1, periodMs: 30 * DAY });
    expect(falsePagesSchema.parse('0.5/quarters')).toEqual({ pages: 0.5, periodMs: 91 * DAY });
    expect(falsePagesSchema.safeParse('often').success).toBe(false);
    expect(falsePagesSchema.safeParse('0/month').success).toBe(false);
  });

  it('shares the budget between the windows, each by its number of chances', () => {
    const t = thresholds({ pages: 1, periodMs: 30 * DAY }, [5 * MIN, HOUR], undefined);
    // Half the budget each; a 5-minute window has 8,640 chances a month, three times for overlap.
    expect(t.tail[0]).toBeCloseTo(0.5 / (8640 * 3), 12);
    expect(t.tail[1]).toBeCloseTo(0.5 / (720 * 3), 12);
    expect(t.cusum).toBe(Infinity);
    const strict = thresholds({ pages: 1, periodMs: 365 * DAY }, [5 * MIN, HOUR], 15 * MIN);
    expect(strict.tail[0]).toBeLessThan(t.tail[0]! / 12);
    expect(strict.cusum).toBeGreaterThan(5);
  });

  it('computes negative-binomial tails (Poisson at dispersion 0, heavier above it)', () => {
    // P(X ≥ 10) for X ~ Poisson(2), summed directly.
    let cdf = 0;
    let term = Math.exp(-2);
    for (let k = 0; k < 10; k++) {
      cdf += term;
      term *= 2 / (k + 1);
    }
    expect(upperTail(10, 2, 0)).toBeCloseTo(1 - cdf, 12);
    expect(upperTail(10, 2, 0.3)).toBeGreaterThan(upperTail(10, 2, 0));
    expect(upperTail(2, 2, 0)).toBe(1);
    expect(upperTail(400, 100, 0.01)).toBeLessThan(1e-20);
  });

  it('reads the threshold on the scope\'s own tail: scale 1 trusts the model, a heavier tail needs more', () => {
    expect(calibrated(1e-8, 1)).toBeCloseTo(1e-8, 20);
    expect(calibrated(0.2, 3)).toBe(0.2);
    expect(calibrated(1e-8, 0.5)).toBe(calibrated(1e-8, 1));
    // Scale 2: a window the model puts at 1e-8 is as rare as 0.005 · (1e-8 / 0.005)^(1/2) ≈ 7e-6.
    expect(calibrated(1e-8, 2)).toBeCloseTo(0.005 * Math.sqrt(1e-8 / 0.005), 12);
    expect(calibrated(1e-8, 3)).toBeGreaterThan(calibrated(1e-8, 2));
  });

  it('a scope whose short spikes are ordinary learns its heavier tail and stops paging on them; a crisis still pages', () => {
    // 10 voices an hour, plus a 5-minute spike of 12 voices every 6 hours (retweets of an ordinary post).
    const days = 10;
    const spikes = (from: number, n: number): EnrichedMention[] => Array.from({ length: n }, (_, k) => spread(from + k * 6 * HOUR + 3 * HOUR, 5 * MIN, 12, { brand: 'Acme' })).flat();
    const ms = [...traffic(T0, days, () => 10), ...spikes(T0, days * 4)];
    const { engine, clock } = backtestEngine([rule()]);
    const pages = opened(run(engine, clock, ms, T0 + days * DAY));
    expect(pages.length).toBeGreaterThan(0);
    expect(pages.filter((a) => Date.parse(a.eventTime) >= T0 + (days - 3) * DAY)).toEqual([]);
    // What silenced them: the 5-minute window's learned tail scale, well above the model's 1.
    const state = engine.takeChanges().find((r) => r.key.startsWith('rule:surge|'))!.value as { state: { learners: Array<[number, { scale: number }]> } };
    expect(new Map(state.state.learners).get(5 * MIN)!.scale).toBeGreaterThan(1.5);
    const at = T0 + days * DAY + 14 * HOUR;
    const crisis = [...traffic(T0 + days * DAY, 1, () => 10), ...spread(at, 20 * MIN, 60, { brand: 'Acme' })];
    const later = opened(run(engine, clock, crisis, at + HOUR));
    expect(later.length).toBe(1);
    expect(Date.parse(later[0]!.eventTime) - at).toBeLessThanOrEqual(10 * MIN);
  });

  it('a stricter budget needs more evidence: the same burst pages at 1/week but not at 1/year', () => {
    const ms = [...traffic(T0, 3, () => 12), ...spread(T0 + 3 * DAY + 14 * HOUR, 15 * MIN, 12, { brand: 'Acme' })];
    const week = backtestEngine([rule({ falsePages: '1/week' })]);
    const year = backtestEngine([rule({ falsePages: '1/year' })]);
    expect(opened(run(week.engine, week.clock, ms, T0 + 3 * DAY + 15 * HOUR)).length).toBe(1);
    expect(opened(run(year.engine, year.clock, ms, T0 + 3 * DAY + 15 * HOUR)).length).toBe(0);
  });
});

describe('volume_surge: seasonal baseline', () => {
  it('learns level × hour of day in local time, across a daylight-saving change', () => {
    const slot = slotsIn('America/Montreal');
    // 1 November 2026, 02:00 EDT → 01:00 EST. Local 09:00 is 13:00Z before and 14:00Z after.
    expect(slot(Date.parse('2026-10-31T13:00:00Z') / HOUR)).toEqual([9, 6]);
    expect(slot(Date.parse('2026-11-02T14:00:00Z') / HOUR)).toEqual([9, 1]);
    const counts = new Map<number, number>();
    const from = Math.floor(Date.parse('2026-10-26T04:00:00Z') / HOUR);
    const to = from + 10 * 24;
    for (let h = from; h < to; h++) counts.set(h, slot(h)[0] >= 9 && slot(h)[0] < 21 ? 30 : 5);
    const s = fitSeason(counts, from, to, slot, () => false)!;
    const at9 = Date.parse('2026-11-05T14:00:00Z') / HOUR;
    const at3 = Date.parse('2026-11-05T08:00:00Z') / HOUR;
    expect(rateAt(s, at9, slot)).toBeGreaterThan(27);
    expect(rateAt(s, at9, slot)).toBeLessThan(33);
    expect(rateAt(s, at3, slot)).toBeGreaterThan(4);
    expect(rateAt(s, at3, slot)).toBeLessThan(7);
  });

  it('a daily peak at the same hour stops paging once learned; the same peak at night pages', () => {
    const peakAt = (h: number) => (h === 12 ? 120 : 10);
    const ms = traffic(T0, 6, peakAt);
    const { engine, clock } = backtestEngine([rule()]);
    const pages = opened(run(engine, clock, ms, T0 + 6 * DAY));
    // Day 1 is learning; the noon peak may page on day 2 while the hour profile is unsure, never later.
    expect(pages.every((a) => Date.parse(a.eventTime) < T0 + 3 * DAY)).toBe(true);
    // The same 120 at 03:00 local after six days: unusual for that hour.
    const night = spread(T0 + 6 * DAY + 3 * HOUR, HOUR, 120, { brand: 'Acme' });
    const later = opened(run(engine, clock, [...traffic(T0 + 6 * DAY, 1, (h) => (h === 3 ? 0 : peakAt(h))), ...night], T0 + 6 * DAY + 5 * HOUR));
    expect(later.length).toBe(1);
    expect(Date.parse(later[0]!.eventTime) - (T0 + 6 * DAY + 3 * HOUR)).toBeLessThanOrEqual(15 * MIN);
    expect(later[0]!.reason.en).toMatch(/expected at this hour/);
  });

  it('does not page while learning (learnFor) even on a large burst', () => {
    const { engine, clock } = backtestEngine([rule()]);
    const ms = [...traffic(T0, 0.5, () => 10), ...spread(T0 + 10 * HOUR, 10 * MIN, 300, { brand: 'Acme' })];
    expect(run(engine, clock, ms, T0 + 12 * HOUR)).toEqual([]);
  });
});

describe('volume_surge: one default for every size', () => {
  for (const [name, scale] of [['a shop (≈1 an hour)', 1], ['a bank (≈100 per 5 minutes by day)', 800]] as const) {
    it(`${name}: quiet for days, then pages once within minutes of a crisis`, () => {
      const { engine, clock } = backtestEngine([rule()]);
      const calm = traffic(T0, 3, dayNight(scale));
      expect(run(engine, clock, calm, T0 + 3 * DAY)).toEqual([]);
      const at = T0 + 3 * DAY + 14 * HOUR;
      const crisis = [...traffic(T0 + 3 * DAY, 1, dayNight(scale)), ...spread(at, 20 * MIN, Math.round(50 * (scale === 1 ? 0.4 : (scale * 1.5 / 18) ** 0.75)), { brand: 'Acme' })];
      const pages = run(engine, clock, crisis, at + 2 * HOUR).filter((a) => a.type !== 'resolved');
      expect(opened(pages).length).toBe(1);
      expect(Date.parse(pages[0]!.eventTime) - at).toBeLessThanOrEqual(10 * MIN);
    }, 180_000);
  }
});

describe('volume_surge: what it counts', () => {
  it('counts voices: copies by one account are one voice, copies by many accounts many', () => {
    const calm = traffic(T0, 2, () => 10);
    const at = T0 + 2 * DAY + 14 * HOUR;
    const orig = mention(at, { brand: 'Acme', id: 'orig', author: 'bot', sentiment: -0.8 });
    const bot = Array.from({ length: 200 }, (_, i) => mention(at + i * 3000, { brand: 'Acme', author: 'bot', duplicateOf: 'orig', sentiment: -0.8 }));
    const crowd = Array.from({ length: 200 }, (_, i) => mention(at + i * 3000, { brand: 'Acme', author: `person${i}`, duplicateOf: 'orig', sentiment: -0.8 }));
    for (const measure of ['mentions', 'negative']) {
      const a = backtestEngine([rule({ measure })]);
      expect(opened(run(a.engine, a.clock, [...calm, orig, ...bot], at + HOUR))).toEqual([]);
      const b = backtestEngine([rule({ measure })]);
      expect(opened(run(b.engine, b.clock, [...calm, orig, ...crowd], at + HOUR)).length).toBe(1);
    }
  });

  it('leaves out mentions shared with a competitor, and peaks declared in advance', () => {
    const calm = traffic(T0, 2, () => 10);
    const at = T0 + 2 * DAY + 14 * HOUR;
    const passing = spread(at, 20 * MIN, 150, { brand: 'Acme' }).map((m) => ({ ...m, matches: [{ name: 'Zenith', role: 'competitor' as const }, { name: 'Acme', role: 'brand' as const }] }));
    const a = backtestEngine([rule()]);
    expect(opened(run(a.engine, a.clock, [...calm, ...passing], at + HOUR))).toEqual([]);
    const launch = spread(at, 2 * HOUR, 300, { brand: 'Acme' });
    const declared = backtestEngine([rule({ expected: [{ from: new Date(at).toISOString(), to: new Date(at + 2 * HOUR).toISOString() }] })]);
    expect(opened(run(declared.engine, declared.clock, [...calm, ...launch], at + 6 * HOUR))).toEqual([]);
    const undeclared = backtestEngine([rule()]);
    expect(opened(run(undeclared.engine, undeclared.clock, [...calm, ...launch], at + 6 * HOUR)).length).toBe(1);
  });

  it('continues from a checkpoint: a restarted rule judges like the one that never stopped', () => {
    const ms = [...traffic(T0, 3, dayNight(20)), ...spread(T0 + 3 * DAY + 14 * HOUR, 20 * MIN, 200, { brand: 'Acme' })];
    const cut = T0 + 3 * DAY;
    const whole = backtestEngine([rule()]);
    const expected = opened(run(whole.engine, whole.clock, ms, T0 + 3 * DAY + 16 * HOUR)).map((a) => a.eventTime);
    const first = backtestEngine([rule()]);
    run(first.engine, first.clock, ms.filter((m) => Date.parse(m.publishedAt) < cut), cut);
    const second = backtestEngine([rule()]);
    for (const rec of first.engine.takeChanges()) second.engine.restore(JSON.parse(JSON.stringify(rec)));
    second.clock.set(cut);
    const after = opened(run(second.engine, second.clock, ms.filter((m) => Date.parse(m.publishedAt) >= cut), T0 + 3 * DAY + 16 * HOUR)).map((a) => a.eventTime);
    expect(expected.length).toBe(1);
    expect(after).toEqual(expected);
  });
});
