import { z } from 'zod';
import { rememberIds } from './cursor.ts';

/**
 * Cursor of a listing served newest first and paged towards older items (Discourse
 * `before=<post id>`, Reddit `after=<fullname>`, Graph API `after`, YouTube `pageToken`).
 */
export const newestFirstCursorSchema = z.object({
  /** Ordering key (post id, or creation time in ms) of the newest item emitted. */
  high: z.number().optional(),
  /** Ids emitted recently, to drop repeats at the boundary (equal keys, re-polled pages). */
  seen: z.array(z.string()),
  /**
   * A walk towards older pages in progress: the token of the next page, the newest key of the
   * walk (`high` once it ends) and, on a first poll, the oldest creation time wanted (ms).
   */
  scan: z.object({ next: z.string(), top: z.number(), floor: z.number().optional() }).optional(),
});
export type NewestFirstCursor = z.infer<typeof newestFirstCursorSchema>;

/** One mapped item of a page, with its ordering key and creation time. */
export interface Keyed<T> {
  item: T;
  id: string;
  key: number;
  timeMs: number;
}

export interface NewestFirstStep<T> {
  fresh: T[];
  cursor: NewestFirstCursor;
  /** Another older page must be read to close the gap since the last poll. */
  hasMore: boolean;
}

/**
 * One step of the walk: keeps the items newer than the last poll (or, on a first poll, newer
 * than `lookbackMs`), and decides whether older pages must be read. The walk ends when a page
 * reaches an item already known (or older than the lookback), is empty, or has no next page;
 * only then does `high` move, so an interrupted walk resumes from its saved page token and a
 * restart neither skips nor re-emits.
 */
export function newestFirstStep<T>(
  cursor: NewestFirstCursor | undefined,
  page: { items: Keyed<T>[]; next: string | undefined },
  nowMs: number,
  lookbackMs: number,
): NewestFirstStep<T> {
  const high = cursor?.high;
  const seen = new Set(cursor?.seen ?? []);
  const floor = cursor?.scan?.floor ?? (high === undefined ? nowMs - lookbackMs : undefined);
  const isKnown = (k: Keyed<T>) => high !== undefined && (k.key < high || (k.key === high && seen.has(k.id)));
  const tooOld = (k: Keyed<T>) => floor !== undefined && k.timeMs < floor;
  const fresh = page.items.filter((k) => !isKnown(k) && !tooOld(k) && !seen.has(k.id));
  const top = cursor?.scan?.top ?? Math.max(high ?? -Infinity, ...page.items.map((k) => k.key));
  const ended = page.items.length === 0 || page.next === undefined || page.items.some((k) => isKnown(k) || tooOld(k));
  const nextSeen = rememberIds(cursor?.seen ?? [], fresh.map((k) => k.id));
  if (!ended) {
    return { fresh: fresh.map((k) => k.item), cursor: { high, seen: nextSeen, scan: { next: page.next!, top, floor } }, hasMore: true };
  }
  return { fresh: fresh.map((k) => k.item), cursor: { high: Number.isFinite(top) ? top : high, seen: nextSeen }, hasMore: false };
}
