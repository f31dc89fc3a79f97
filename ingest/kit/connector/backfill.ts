import { z } from 'zod';
import type { Logger } from '../../../core/logger.ts';
import type { RawMention } from '../../../core/mention.ts';
import type { BackfillPage, BackfillRange } from '../backfill-types.ts';
import { readCursor } from './cursor.ts';
import type { Keyed } from './newest-first.ts';

const cursorSchema = z.object({ next: z.string().optional(), reachedMs: z.number().optional() });

/**
 * `backfill` for a newest-first listing: walks its pages from the newest until one reaches
 * items older than the range, keeping the items published inside it. `timeMs` of each item
 * decides when to stop (bump time for topics), `publishedAt` whether it is kept.
 */
export async function newestFirstBackfill(
  range: BackfillRange,
  rawCursor: string | undefined,
  fetchPage: (token: string | undefined) => Promise<{ items: Array<Keyed<RawMention>>; next: string | undefined }>,
  logger: Logger,
  kind: string,
): Promise<BackfillPage> {
  const saved = readCursor(rawCursor, cursorSchema, logger, kind);
  const page = await fetchPage(saved?.next);
  const mentions = page.items
    .map((k) => k.item)
    .filter((m) => {
      const t = Date.parse(m.publishedAt);
      return t >= range.sinceMs && t < range.untilMs;
    });
  const times = page.items.map((k) => k.timeMs);
  const oldest = times.length ? Math.min(...times) : undefined;
  const hasMore = page.next !== undefined && oldest !== undefined && oldest >= range.sinceMs;
  const reachedMs = oldest !== undefined ? Math.max(oldest, range.sinceMs) : saved?.reachedMs;
  return { mentions, cursor: JSON.stringify({ next: page.next, reachedMs }), hasMore, reachedMs };
}
