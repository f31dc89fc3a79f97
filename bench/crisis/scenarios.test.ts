import { describe, expect, it } from 'vitest';
import { generate, MAX_CALM_WEEKS, type Scenario } from './scenarios.ts';

const DAY = 86_400_000;
const one = (calmWeeks: number, name = 'bot-flood', seed = 15): Scenario => [...generate(seed, { names: [name], sizes: ['shop'] }, calmWeeks)][0]!;
const firstAt = (s: Scenario): number => Date.parse(s.mentions[0]!.publishedAt);

describe('crisis scenarios: calm weeks before the event', () => {
  it('the same seed and calm weeks give the same mentions; another seed does not', () => {
    expect(one(3).mentions).toEqual(one(3).mentions);
    expect(one(3, 'bot-flood', 16).mentions).not.toEqual(one(3).mentions);
  });

  it('extra weeks go before the first one: the event keeps its date, the calm stretch grows by whole weeks', () => {
    for (const name of ['burst', 'launch', 'dst']) {
      const a = one(1, name);
      const b = one(3, name);
      expect([b.start, b.end, b.until, b.expected]).toEqual([a.start, a.end, a.until, a.expected]);
      // Traffic starts within the first hours of the stretch (shop: a mention an hour at night is rarer).
      expect(firstAt(a) - firstAt(b)).toBeGreaterThan(14 * DAY - 12 * 3_600_000);
      expect(firstAt(a) - firstAt(b)).toBeLessThan(14 * DAY + 12 * 3_600_000);
      // About three times the calm mentions before the event (Poisson noise aside).
      const calm = (s: Scenario): number => s.mentions.filter((m) => Date.parse(m.publishedAt) < s.start).length;
      const weeks = (s: Scenario): number => (s.start - firstAt(s)) / (7 * DAY);
      expect(calm(b) / weeks(b) / (calm(a) / weeks(a))).toBeGreaterThan(0.7);
      expect(calm(b) / weeks(b) / (calm(a) / weeks(a))).toBeLessThan(1.4);
    }
  });

  it('mentions are sorted, ids unique', () => {
    const s = one(2, 'burst');
    const times = s.mentions.map((m) => m.publishedAt);
    expect(times).toEqual([...times].sort());
    expect(new Set(s.mentions.map((m) => m.id)).size).toBe(s.mentions.length);
  });

  it('refuses a calm stretch that is not a whole number of weeks from 1 to the maximum', () => {
    for (const bad of [0, -1, 1.5, NaN, MAX_CALM_WEEKS + 1]) expect(() => one(bad)).toThrow(/calm weeks must be a whole number from 1/);
  });
});
