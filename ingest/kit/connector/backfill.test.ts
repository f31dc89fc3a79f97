import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../core/logger.ts';
import type { RawMention } from '../../../core/mention.ts';
import { newestFirstBackfill } from './backfill.ts';
import type { Keyed } from './newest-first.ts';

const at = (iso: string): Keyed<RawMention> => ({ item: { id: `k:${iso}`, source: { kind: 'k' }, publishedAt: iso, text: '', schemaVersion: 1 }, id: `k:${iso}`, key: Date.parse(iso), timeMs: Date.parse(iso) });
const pages: Record<string, { items: Array<Keyed<RawMention>>; next: string | undefined }> = {
  first: { items: [at('2026-01-05T12:00:00Z'), at('2026-01-04T12:00:00Z')], next: 'p2' },
  p2: { items: [at('2026-01-03T12:00:00Z'), at('2026-01-02T12:00:00Z')], next: 'p3' },
  p3: { items: [at('2026-01-01T12:00:00Z')], next: 'p4' },
};

describe('newestFirstBackfill', () => {
  it('walks down to the range start and keeps only what falls in the range', async () => {
    const range = { sinceMs: Date.parse('2026-01-02T00:00:00Z'), untilMs: Date.parse('2026-01-04T00:00:00Z') };
    const fetch = async (t: string | undefined) => pages[t ?? 'first']!;
    const b1 = await newestFirstBackfill(range, undefined, fetch, silentLogger(), 'k');
    expect(b1).toMatchObject({ mentions: [], hasMore: true, reachedMs: Date.parse('2026-01-04T12:00:00Z') });
    const b2 = await newestFirstBackfill(range, b1.cursor, fetch, silentLogger(), 'k');
    expect(b2.mentions.map((m) => m.id)).toEqual(['k:2026-01-03T12:00:00Z', 'k:2026-01-02T12:00:00Z']);
    expect(b2.hasMore).toBe(true);
    const b3 = await newestFirstBackfill(range, b2.cursor, fetch, silentLogger(), 'k');
    expect(b3).toMatchObject({ mentions: [], hasMore: false, reachedMs: range.sinceMs });
  });
});
