import { describe, expect, it } from 'vitest';
import { onsetOf } from './replay-summary.ts';

const MIN = 60_000;
const T0 = Date.parse('2026-11-07T12:00:00Z');

/** `perHour` mentions an hour, evenly, over [from, to). */
function steady(from: number, to: number, perHour: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += (60 * MIN) / perHour) out.push(Math.round(t));
  return out;
}

describe('first mention of an incident (onset)', () => {
  it('finds the start of a burst over a calm day, to the 5-minute bucket', () => {
    const start = T0 + 24 * 60 * MIN + 7 * MIN;
    // 18 an hour, then 5 → 12 → 50 in the first 5 / 10 / 20 minutes; the page comes 9 minutes in.
    const burst = [...steady(start, start + 5 * MIN, 60), ...steady(start + 5 * MIN, start + 10 * MIN, 84), ...steady(start + 10 * MIN, start + 20 * MIN, 228)];
    const times = [...steady(T0, start + 60 * MIN, 18), ...burst].sort((a, b) => a - b);
    const page = start + 9 * MIN;
    const first = onsetOf(times, page)!;
    expect(first).toBeGreaterThanOrEqual(start - 5 * MIN);
    expect(first).toBeLessThanOrEqual(start);
  });

  it('a brand with one mention an hour: the burst, not the last calm mention', () => {
    const start = T0 + 30 * 60 * MIN;
    const times = [...steady(T0, start, 1), ...steady(start, start + 15 * MIN, 40)];
    expect(onsetOf(times, start + 12 * MIN)).toBe(start);
  });

  it('nothing stands out at the page (one influential post): undefined', () => {
    const times = steady(T0, T0 + 30 * 60 * MIN, 18);
    expect(onsetOf(times, T0 + 29 * 60 * MIN)).toBeUndefined();
  });
});
