import { describe, expect, it } from 'vitest';
import { nextFire, parseCron } from './cron.ts';

const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

describe('cron', () => {
  it('parses lists, ranges, steps, names and Sunday as 7', () => {
    const c = parseCron('*/15 8-10 1,15 jan-mar mon-fri');
    expect([...c.minutes]).toEqual([0, 15, 30, 45]);
    expect([...c.hours]).toEqual([8, 9, 10]);
    expect([...c.months]).toEqual([1, 2, 3]);
    expect([...c.weekdays]).toEqual([1, 2, 3, 4, 5]);
    expect([...parseCron('0 0 * * 7').weekdays]).toEqual([0]);
    expect([...parseCron('@weekly').weekdays]).toEqual([0]);
  });

  it('says which field is wrong', () => {
    expect(() => parseCron('0 8 * *')).toThrow(/4 fields instead of 5/);
    expect(() => parseCron('60 8 * * 1')).toThrow(/minute: "60" is outside 0-59/);
    expect(() => parseCron('0 8 * * funday')).toThrow(/day-of-week: "funday" is not a number/);
    expect(() => parseCron('*/0 8 * * 1')).toThrow(/step must be at least 1/);
  });

  it('Mondays 08:00 in Montréal, across the DST change', () => {
    const c = parseCron('0 8 * * 1');
    expect(iso(nextFire(c, Date.parse('2026-11-18T12:00:00Z'), 'America/Montreal'))).toBe('2026-11-23T13:00:00.000Z');
    expect(iso(nextFire(c, Date.parse('2026-10-27T12:00:00Z'), 'America/Montreal'))).toBe('2026-11-02T13:00:00.000Z');
    expect(iso(nextFire(c, Date.parse('2026-10-20T12:00:00Z'), 'America/Montreal'))).toBe('2026-10-26T12:00:00.000Z');
    // Exactly at a fire time: the next one, a week later.
    expect(iso(nextFire(c, Date.parse('2026-11-23T13:00:00Z'), 'America/Montreal'))).toBe('2026-11-30T13:00:00.000Z');
  });

  it('skips a time that does not exist (spring forward) and fires an ambiguous one once', () => {
    const c = parseCron('30 2 * * *');
    expect(iso(nextFire(c, Date.parse('2026-03-07T12:00:00Z'), 'America/Montreal'))).toBe('2026-03-09T06:30:00.000Z');
    const amb = parseCron('30 1 1 11 *');
    const first = nextFire(amb, Date.parse('2026-10-31T12:00:00Z'), 'America/Montreal')!;
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextFire(amb, first, 'America/Montreal'))).toBe('2027-11-01T05:30:00.000Z');
  });

  it('day-of-month OR day-of-week when both are set; never for Feb 31', () => {
    const c = parseCron('0 9 13 * 5'); // the 13th or any Friday
    expect(iso(nextFire(c, Date.parse('2026-11-10T00:00:00Z'), 'UTC'))).toBe('2026-11-13T09:00:00.000Z');
    expect(iso(nextFire(c, Date.parse('2026-11-13T10:00:00Z'), 'UTC'))).toBe('2026-11-20T09:00:00.000Z');
    expect(nextFire(parseCron('0 0 31 2 *'), Date.parse('2026-01-01T00:00:00Z'), 'UTC')).toBeUndefined();
  });
});
