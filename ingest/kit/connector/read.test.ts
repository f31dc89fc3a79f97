import { describe, expect, it } from 'vitest';
import { MappingError, needEpochSeconds, needIsoDate, optCount } from './read.ts';

describe('platform value readers', () => {
  it('reads ISO dates, Graph API offsets and epoch seconds', () => {
    expect(needIsoDate('2026-01-05T12:00:00+0000', 'd')).toBe('2026-01-05T12:00:00.000Z');
    expect(needIsoDate('2026-01-05T07:00:00.5-05:00', 'd')).toBe('2026-01-05T12:00:00.500Z');
    expect(needEpochSeconds(1767614400, 'd')).toBe('2026-01-05T12:00:00.000Z');
    expect(needEpochSeconds('1767614400', 'd')).toBe('2026-01-05T12:00:00.000Z');
  });

  it('refuses what V8 would happily misread, and absurd dates', () => {
    for (const bad of ['le 5 janvier', 'yesterday', '2026-13-45T00:00:00Z', '', 12]) expect(() => needIsoDate(bad, 'created_at')).toThrow(MappingError);
    for (const bad of [-5, 0, 'soon', null, 9e12]) expect(() => needEpochSeconds(bad, 'created_utc')).toThrow(/created_utc/);
  });

  it('reads counts given as numbers or numeric strings, and nothing else', () => {
    expect([optCount(3), optCount('42'), optCount(2.0), optCount(-1), optCount('many'), optCount(null)]).toEqual([3, 42, 2, undefined, undefined, undefined]);
  });
});
