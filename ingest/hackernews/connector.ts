import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import type { RawMention } from '../../core/mention.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { callJson, schemaError } from '../kit/connector/client.ts';
import { dropSeen, readCursor, sinceStart } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
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

const backfillCursorSchema = z.object({
  /** Upper bound (unix seconds, inclusive) of what is left to read, and the next page under it. */
  top: z.number(),
  page: z.number().int().nonnegative(),
  seen: z.array(z.string()),
  reachedMs: z.number().optional(),
});
type BackfillCursor = z.infer<typeof backfillCursorSchema>;

export type HackernewsConnectorConfig = HackernewsConfig & { name?: string };

/**
 * Polls Algolia HN Search `search_by_date` with `numericFilters=created_at_i>=X`. A window
 * with more than one page is paged with a fixed upper bound (`created_at_i<=top`) so that new
 * items do not shift the pages; past Algolia's 1000-hit limit the window is narrowed instead.
 */
export class HackernewsConnector implements BackfillCapable {
  constructor(
    private readonly cfg: HackernewsConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'hackernews');
    const { since, seen, from } = sinceStart(saved, now, this.cfg);
    const scan = saved?.scan;
    const filters = [`created_at_i>=${from}`, ...(scan ? [`created_at_i<=${scan.top}`] : [])];
    const { mentions, nbPages } = await this.search(filters, scan?.page ?? 0, now, signal);
    const { fresh, seen: nextSeen } = dropSeen(seen, mentions);
    // Only items that mapped count: a broken date must not move the window.
    const times = mentions.map((m) => Math.floor(Date.parse(m.publishedAt) / 1000));
    const high = scan?.high ?? (times.length ? Math.max(...times) : undefined);
    const page = scan?.page ?? 0;
    const next: HackernewsCursor = { since, seen: nextSeen };
    if (high !== undefined && page + 1 < nbPages) {
      const top = scan?.top ?? high;
      // Algolia cannot page past 1000 hits: restart at page 0 below the oldest hit read.
      const reachable = (page + 1) * this.cfg.hitsPerPage < ALGOLIA_MAX_HITS;
      next.scan = reachable ? { top, high, page: page + 1 } : { top: times.length ? Math.min(...times) : top, high, page: 0 };
    } else if (high !== undefined) {
      next.since = Math.max(since, high);
    }
    return { mentions: fresh, cursor: JSON.stringify(next), hasMore: next.scan !== undefined };
  }

  /**
   * Reads a time range of history for `vigie backfill`, newest first: the range's upper bound
   * is fixed, pages follow one another, and past Algolia's 1000-hit limit the bound moves down
   * to the oldest hit read. The cursor is the backfill's own.
   */
  async backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, backfillCursorSchema, this.ctx.logger, 'hackernews');
    const sinceS = Math.ceil(range.sinceMs / 1000);
    const top = saved?.top ?? Math.ceil(range.untilMs / 1000) - 1;
    const page = saved?.page ?? 0;
    const { mentions, nbPages, nbHits } = await this.search([`created_at_i>=${sinceS}`, `created_at_i<=${top}`], page, now, signal);
    const { fresh, seen } = dropSeen(saved?.seen ?? [], mentions);
    const times = mentions.map((m) => Math.floor(Date.parse(m.publishedAt) / 1000));
    const oldest = times.length ? Math.min(...times) : undefined;
    let next: BackfillCursor | undefined;
    if (oldest !== undefined && page + 1 < nbPages) {
      const reachable = (page + 1) * this.cfg.hitsPerPage < ALGOLIA_MAX_HITS;
      next = { top: reachable ? top : oldest, page: reachable ? page + 1 : 0, seen, reachedMs: oldest * 1000 };
    }
    return {
      mentions: fresh,
      cursor: JSON.stringify(next ?? { top, page, seen: [], reachedMs: range.sinceMs }),
      hasMore: next !== undefined,
      reachedMs: oldest !== undefined ? oldest * 1000 : saved?.reachedMs,
      total: page === 0 && saved === undefined ? nbHits : undefined,
    };
  }

  /** One `search_by_date` call with numeric filters; checks the wrapper and maps the hits. */
  private async search(filters: string[], page: number, now: number, signal: AbortSignal): Promise<{ mentions: RawMention[]; nbPages: number; nbHits: number | undefined }> {
    const url = new URL(`${this.cfg.baseUrl.replace(/\/$/, '')}/search_by_date`);
    url.searchParams.set('query', this.cfg.query);
    url.searchParams.set('tags', `(${this.cfg.types.join(',')})`);
    url.searchParams.set('numericFilters', filters.join(','));
    url.searchParams.set('hitsPerPage', String(this.cfg.hitsPerPage));
    url.searchParams.set('page', String(page));
    const { data } = await callJson(this.cfg, url.toString(), signal);
    const answer = data as { hits?: unknown; nbPages?: unknown; nbHits?: unknown };
    if (!Array.isArray(answer?.hits)) throw schemaError('hackernews', url.toString(), 'no "hits" array');
    if (typeof answer.nbPages !== 'number') throw schemaError('hackernews', url.toString(), 'no "nbPages" number');
    const source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/search_by_date?query=${encodeURIComponent(this.cfg.query)}` };
    const { mentions } = mapItems(answer.hits, (h) => hitToMention(h, source, new Date(now).toISOString()), 'hackernews', this.ctx);
    return { mentions, nbPages: answer.nbPages, nbHits: typeof answer.nbHits === 'number' ? answer.nbHits : undefined };
  }
}
