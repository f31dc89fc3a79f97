import { z } from 'zod';
import type { ComponentContext, Connector, PollResult } from '../../core/contracts.ts';
import { callJson, schemaError } from '../connector-kit/client.ts';
import { readCursor, rememberIds } from '../connector-kit/cursor.ts';
import { mapItems } from '../connector-kit/map-items.ts';
import type { HackernewsConfig } from './config.ts';
import { hitToMention } from './map.ts';

/** Algolia serves at most this many hits of one query, whatever the page. */
const ALGOLIA_MAX_HITS = 1000;

const cursorSchema = z.object({
  /** Unix seconds: the next poll asks for items created at or after `since - overlap`. */
  since: z.number(),
  /** Ids already emitted near `since`, newest first, bounded. */
  seen: z.array(z.string()),
  /**
   * A window being paged: its query upper bound `top` (unix seconds), the newest item of the
   * window `high` (the next `since` once the window is read) and the next page.
   */
  scan: z.object({ top: z.number(), high: z.number(), page: z.number().int().nonnegative() }).optional(),
});
export type HackernewsCursor = z.infer<typeof cursorSchema>;

export type HackernewsConnectorConfig = HackernewsConfig & { name?: string };

/**
 * Polls Algolia HN Search `search_by_date` with `numericFilters=created_at_i>=X`. A window
 * with more than one page is paged with a fixed upper bound (`created_at_i<=top`) so that new
 * items do not shift the pages; past Algolia's 1000-hit limit the window is narrowed instead.
 */
export class HackernewsConnector implements Connector {
  constructor(
    private readonly cfg: HackernewsConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'hackernews');
    const since = saved?.since ?? Math.floor((now - this.cfg.lookback) / 1000);
    const seen = saved?.seen ?? [];
    const scan = saved?.scan;
    const from = Math.max(0, since - Math.floor(this.cfg.overlap / 1000));
    const filters = [`created_at_i>=${from}`, ...(scan ? [`created_at_i<=${scan.top}`] : [])];
    const url = new URL(`${this.cfg.baseUrl.replace(/\/$/, '')}/search_by_date`);
    url.searchParams.set('query', this.cfg.query);
    url.searchParams.set('tags', `(${this.cfg.types.join(',')})`);
    url.searchParams.set('numericFilters', filters.join(','));
    url.searchParams.set('hitsPerPage', String(this.cfg.hitsPerPage));
    url.searchParams.set('page', String(scan?.page ?? 0));

    const { data } = await callJson(this.cfg, url.toString(), signal);
    const answer = data as { hits?: unknown; nbPages?: unknown; page?: unknown };
    if (!Array.isArray(answer?.hits)) throw schemaError('hackernews', url.toString(), 'no "hits" array');
    if (typeof answer.nbPages !== 'number') throw schemaError('hackernews', url.toString(), 'no "nbPages" number');
    const hits = answer.hits;
    const source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/search_by_date?query=${encodeURIComponent(this.cfg.query)}` };
    const { mentions } = mapItems(hits, (h) => hitToMention(h, source, new Date(now).toISOString()), 'hackernews', this.ctx);
    const seenSet = new Set(seen);
    const fresh = mentions.filter((m) => !seenSet.has(m.id));
    // Only items that mapped count: a broken date must not move the window.
    const times = mentions.map((m) => Math.floor(Date.parse(m.publishedAt) / 1000));
    const high = scan?.high ?? (times.length ? Math.max(...times) : undefined);
    const page = scan?.page ?? 0;
    const next: HackernewsCursor = { since, seen: rememberIds(seen, mentions.map((m) => m.id)) };
    if (high !== undefined && page + 1 < answer.nbPages) {
      const top = scan?.top ?? high;
      // Algolia cannot page past 1000 hits: restart at page 0 below the oldest hit read.
      const reachable = (page + 1) * this.cfg.hitsPerPage < ALGOLIA_MAX_HITS;
      next.scan = reachable ? { top, high, page: page + 1 } : { top: times.length ? Math.min(...times) : top, high, page: 0 };
    } else if (high !== undefined) {
      next.since = Math.max(since, high);
    }
    return { mentions: fresh, cursor: JSON.stringify(next), hasMore: next.scan !== undefined };
  }
}
