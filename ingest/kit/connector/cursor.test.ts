import { describe, expect, it } from 'vitest';
import { dropSeen, rememberIds, sinceStart } from './cursor.ts';

describe('sinceStart', () => {
  const cfg = { lookback: 86_400_000, overlap: 600_000 };
  it('starts lookback ago on a first poll, from the saved since afterwards, overlap earlier', () => {
    const now = Date.parse('2026-01-05T12:00:00Z');
    expect(sinceStart(undefined, now, cfg)).toEqual({ since: now / 1000 - 86_400, seen: [], from: now / 1000 - 86_400 - 600 });
    expect(sinceStart({ since: 1000, seen: ['a'] }, now, cfg)).toEqual({ since: 1000, seen: ['a'], from: 400 });
    // Never before the epoch.
    expect(sinceStart({ since: 100, seen: [] }, now, cfg).from).toBe(0);
  });
});

describe('dropSeen', () => {
  it('keeps the unseen mentions in order and remembers every id of the page, newest first', () => {
    const page = [{ id: 'c' }, { id: 'a' }, { id: 'd' }];
    expect(dropSeen(['a', 'b'], page)).toEqual({ fresh: [{ id: 'c' }, { id: 'd' }], seen: ['c', 'a', 'd', 'b'] });
    expect(dropSeen([], [])).toEqual({ fresh: [], seen: [] });
  });
  it('stays bounded like rememberIds', () => {
    const many = Array.from({ length: 600 }, (_, i) => ({ id: `x${i}` }));
    expect(dropSeen(['old'], many).seen).toEqual(rememberIds(['old'], many.map((m) => m.id)));
    expect(dropSeen(['old'], many).seen).toHaveLength(500);
  });
});
