import type { ComponentContext, Connector, PollResult } from '../../core/contracts.ts';
import type { Logger } from '../../core/logger.ts';
import { safeFetch, redactUrl } from '../kit/http/fetch.ts';
import type { RssConfig } from './config.ts';
import { readFeed, type FeedReading } from './read-feed.ts';

/** Ids remembered in the cursor, so a re-poll does not emit the same items again. */
export const SEEN_LIMIT = 1000;

/** What the `rss` connector stores between polls (as JSON). */
export interface RssCursor {
  etag?: string;
  lastModified?: string;
  /** Ids already emitted, newest first, bounded. */
  seen: string[];
  /** Next page to read (RFC 5005 / JSON Feed paging) during a catch-up. */
  next?: string;
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/** Reads a saved cursor; a corrupt one is reported and replaced, never fatal. */
export function parseRssCursor(raw: string | undefined, logger?: Logger): RssCursor {
  if (!raw) return { seen: [] };
  try {
    const c = JSON.parse(raw) as Partial<RssCursor>;
    return {
      etag: typeof c.etag === 'string' ? c.etag : undefined,
      lastModified: typeof c.lastModified === 'string' ? c.lastModified : undefined,
      seen: Array.isArray(c.seen) ? c.seen.filter((s): s is string => typeof s === 'string') : [],
      next: typeof c.next === 'string' ? c.next : undefined,
    };
  } catch {
    logger?.warn({ code: 'ERR_CURSOR_INVALID' }, 'saved rss cursor is not JSON; starting without it');
    return { seen: [] };
  }
}

/** Config the connector needs: its own fields plus the source name given by the loader. */
export type RssConnectorConfig = RssConfig & { name?: string };

/** Polls one feed: conditional GET, decoding, parsing, cleaning, stable ids, no re-emission. */
export class RssConnector implements Connector {
  /** The last reading, for `vigie sources test` and diagnostics. */
  lastReading: FeedReading | undefined;

  constructor(
    private readonly cfg: RssConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const cursor = parseRssCursor(rawCursor, this.ctx.logger);
    const target = cursor.next ?? this.cfg.url;
    const res = await safeFetch(target, {
      timeoutMs: this.cfg.timeout,
      maxBytes: this.cfg.maxBytes,
      userAgent: this.cfg.userAgent,
      headers: this.cfg.headers,
      // The configured feed's origin, not the page's: a next-page link or a redirect elsewhere
      // never receives the source's headers unless the config lists that origin.
      credentialOrigins: [new URL(this.cfg.url).origin, ...(this.cfg.credentialOrigins ?? [])],
      allowPrivate: this.cfg.allowPrivate,
      accept: ACCEPT,
      signal,
      // Validators belong to the first page; a follow-up page is always read whole.
      etag: cursor.next ? undefined : cursor.etag,
      lastModified: cursor.next ? undefined : cursor.lastModified,
    });
    if (res.notModified) return { mentions: [], cursor: undefined };
    const reading = readFeed(res, {
      feedUrl: this.cfg.url,
      sourceName: this.cfg.name,
      fetchedAt: new Date(this.ctx.clock.now()).toISOString(),
    });
    this.lastReading = reading;
    const { report } = reading;
    if (report.warnings.length) {
      this.ctx.logger.warn({ url: redactUrl(target), skipped: report.skipped.length, undated: report.undated, withoutGuid: report.withoutGuid, warnings: report.warnings }, 'feed read with warnings');
    }
    const seen = new Set(cursor.seen);
    const fresh = reading.mentions.filter((m) => !seen.has(m.id));
    const ids = reading.mentions.map((m) => m.id);
    const next: RssCursor = {
      etag: cursor.next ? cursor.etag : res.etag,
      lastModified: cursor.next ? cursor.lastModified : res.lastModified,
      seen: [...new Set([...ids, ...cursor.seen])].slice(0, Math.max(SEEN_LIMIT, ids.length)),
    };
    // Follow older pages only while they bring something new: a catch-up, not a re-read.
    if (reading.feed.next && fresh.length > 0 && reading.feed.next !== target) next.next = reading.feed.next;
    return { mentions: fresh, cursor: JSON.stringify(next), hasMore: next.next !== undefined };
  }
}
