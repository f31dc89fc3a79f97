import { describe, expect, it } from 'vitest';
import { isoWeekOf, lastFullWeek, parseIsoWeek, reportWeek, shiftWeek, weekContaining, zonedToUtc } from './week.ts';

describe('report weeks in a time zone', () => {
  it('2026-W46 in Montréal is Monday Nov 9 05:00Z to Monday Nov 16 05:00Z', () => {
    const w = parseIsoWeek('2026-W46', 'America/Montreal');
    expect(w.start.toISOString()).toBe('2026-11-09T05:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-16T05:00:00.000Z');
    expect(w.days).toEqual(['2026-11-09', '2026-11-10', '2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']);
  });

  it('a week with the fall-back DST change lasts 169 hours', () => {
    const w = reportWeek(2026, 44, 'America/Montreal'); // Oct 26 .. Nov 1 (DST ends Nov 1)
    expect(w.start.toISOString()).toBe('2026-10-26T04:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-11-02T05:00:00.000Z');
    expect((w.end.getTime() - w.start.getTime()) / 3_600_000).toBe(169);
  });

  it('the same ISO week in Paris starts 6 hours earlier', () => {
    expect(parseIsoWeek('2026w46', 'Europe/Paris').start.toISOString()).toBe('2026-11-08T23:00:00.000Z');
  });

  it('ISO years: 2026 has 53 weeks, W01 of 2027 starts Jan 4, 2021-W53 does not exist', () => {
    expect(parseIsoWeek('2026-W53', 'UTC').days[0]).toBe('2026-12-28');
    expect(parseIsoWeek('2027-W01', 'UTC').days[0]).toBe('2027-01-04');
    expect(() => parseIsoWeek('2021-W53', 'UTC')).toThrow(/weeks 1 to 52/);
    expect(isoWeekOf({ year: 2027, month: 1, day: 1 })).toEqual({ isoYear: 2026, isoWeek: 53 });
  });

  it('rejects malformed weeks and unknown zones with the expected form', () => {
    expect(() => parseIsoWeek('2026-46', 'UTC')).toThrow(/ISO week such as 2026-W46/);
    expect(() => parseIsoWeek('2026-W00', 'UTC')).toThrow(/weeks 1 to 53/);
    expect(() => parseIsoWeek('2026-W46', 'Mars/Olympus')).toThrow(/IANA/);
  });

  it('the default week is the last full week in the zone', () => {
    // 2026-11-16T08:00Z is Monday 03:00 in Montréal: W46 has ended.
    expect(lastFullWeek(Date.parse('2026-11-16T08:00:00Z'), 'America/Montreal').id).toBe('2026-W46');
    // 2026-11-16T03:00Z is Sunday Nov 15 22:00 in Montréal: W46 is not over yet.
    expect(lastFullWeek(Date.parse('2026-11-16T03:00:00Z'), 'America/Montreal').id).toBe('2026-W45');
    expect(weekContaining(Date.parse('2026-11-16T03:00:00Z'), 'UTC').id).toBe('2026-W47');
    expect(shiftWeek(parseIsoWeek('2027-W01', 'UTC'), 1).id).toBe('2026-W53');
  });

  it('maps skipped and ambiguous local times', () => {
    // Spring forward 2026-03-08 02:30 does not exist in Montréal.
    expect(zonedToUtc(2026, 3, 8, 2, 30, 'America/Montreal').exact).toBe(false);
    // Fall back 2026-11-01 01:30 happens twice: the first one (EDT, 05:30Z).
    expect(zonedToUtc(2026, 11, 1, 1, 30, 'America/Montreal')).toEqual({ t: Date.parse('2026-11-01T05:30:00Z'), exact: true });
    expect(zonedToUtc(2026, 10, 25, 2, 30, 'Europe/Paris')).toEqual({ t: Date.parse('2026-10-25T00:30:00Z'), exact: true });
  });
});
