import { describe, expect, it } from 'vitest';
import { newestFirstStep, type Keyed } from './newest-first.ts';

const k = (key: number, id = `i${key}`): Keyed<string> => ({ item: id, id, key, timeMs: key * 1000 });
const NOW = 100_000;

describe('newestFirstStep', () => {
  it('on a first poll keeps what is inside the lookback and walks older pages until past it', () => {
    const s1 = newestFirstStep(undefined, { items: [k(99), k(98)], next: 'p2' }, NOW, 5_000);
    expect(s1).toMatchObject({ fresh: ['i99', 'i98'], hasMore: true, cursor: { scan: { next: 'p2', top: 99, floor: 95_000 } } });
    expect(s1.cursor.high).toBeUndefined();
    const s2 = newestFirstStep(s1.cursor, { items: [k(96), k(94)], next: 'p3' }, NOW, 5_000);
    expect(s2).toMatchObject({ fresh: ['i96'], hasMore: false, cursor: { high: 99 } });
    expect(s2.cursor.scan).toBeUndefined();
  });

  it('emits only newer items, keeps equal keys apart by id, and walks a gap', () => {
    const base = { high: 50, seen: ['a50'] };
    const s = newestFirstStep(base, { items: [k(60), k(50, 'b50'), k(50, 'a50'), k(40)], next: 'x' }, NOW, 0);
    expect(s).toMatchObject({ fresh: ['i60', 'b50'], hasMore: false, cursor: { high: 60 } });
    const gap = newestFirstStep(base, { items: [k(70), k(65)], next: 'older' }, NOW, 0);
    expect(gap).toMatchObject({ fresh: ['i70', 'i65'], hasMore: true, cursor: { high: 50, scan: { next: 'older', top: 70 } } });
    const end = newestFirstStep(gap.cursor, { items: [k(55), k(45)], next: 'older2' }, NOW, 0);
    expect(end).toMatchObject({ fresh: ['i55'], hasMore: false, cursor: { high: 70 } });
  });

  it('ends on an empty page or the last page and keeps the mark when nothing came', () => {
    expect(newestFirstStep({ high: 5, seen: [] }, { items: [], next: undefined }, NOW, 0)).toMatchObject({ fresh: [], hasMore: false, cursor: { high: 5 } });
    expect(newestFirstStep(undefined, { items: [], next: 'x' }, NOW, 0).cursor.high).toBeUndefined();
  });
});
