import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { callJson, longerWait, rateLimited, schemaError } from '../kit/connector/client.ts';
import { dropSeen, readCursor, sinceStart } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { isObject, optString } from '../kit/connector/read.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import type { StackexchangeConfig } from './config.ts';
import { questionToMention } from './map.ts';

/** Below this many calls left today, every poll logs a warning. */
export const LOW_QUOTA = 20;

const cursorSchema = z.object({
  /** Unix seconds: newest creation date emitted; the next window starts at `since - overlap`. */
  since: z.number(),
  seen: z.array(z.string()),
  /** A window being paged (ascending creation date, so new items never shift earlier pages). */
  scan: z.object({ from: z.number(), page: z.number().int().positive(), high: z.number() }).optional(),
});
export type StackexchangeCursor = z.infer<typeof cursorSchema>;

export type StackexchangeConnectorConfig = StackexchangeConfig & { name?: string };

/** Milliseconds to the next UTC midnight, when the daily quota is restored. */
function untilUtcMidnight(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - now;
}

/**
 * Stack Exchange reports errors in its own wrapper (`error_id`, `error_name`, `error_message`),
 * often with HTTP 400: a `throttle_violation` is a rate limit whose message says how many
 * seconds remain.
 */
export const classifyStackexchangeError: ErrorClassifier = (status, body, _headers, url) => {
  if (!isObject(body) || body.error_id === undefined) return undefined;
  const name = optString(body.error_name) ?? 'error';
  const message = optString(body.error_message) ?? '';
  if (name === 'throttle_violation' || body.error_id === 502) {
    const secs = /(\d+)\s*seconds?/.exec(message)?.[1];
    return rateLimited(url, `Stack Exchange throttle_violation: ${message}`, secs ? Number(secs) * 1000 : undefined, { status, errorId: body.error_id });
  }
  return undefined;
};

/**
 * Polls `search/advanced` on one site, sorted by creation date ascending, from the last
 * creation date seen (minus an overlap). Honours the wrapper's `backoff` (seconds to wait before
 * calling the same method again) and `quota_remaining` (0 = wait for the daily reset).
 */
export class StackexchangeConnector implements BackfillCapable {
  constructor(
    private readonly cfg: StackexchangeConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'stackexchange');
    const { since, seen, from } = sinceStart(saved, now, this.cfg);
    const scan = saved?.scan ?? { from, page: 1, high: since };
    const { mentions, answer } = await this.search({ fromdate: String(scan.from), order: 'asc', page: String(scan.page) }, now, signal);
    const { fresh, seen: nextSeen } = dropSeen(seen, mentions);
    const high = Math.max(scan.high, ...mentions.map((m) => Math.floor(Date.parse(m.publishedAt) / 1000)));
    const next: StackexchangeCursor = { since, seen: nextSeen };
    if (answer.has_more) next.scan = { from: scan.from, page: scan.page + 1, high };
    else next.since = high;

    const retryAfterMs = this.platformWait(answer, now);
    // The platform asked for a pause: the next page waits for it rather than following at once.
    return { mentions: fresh, cursor: JSON.stringify(next), hasMore: next.scan !== undefined && retryAfterMs === undefined, retryAfterMs };
  }

  /**
   * History for `vigie backfill`: the range's questions by creation date, newest first
   * (`fromdate`/`todate` fixed, so pages do not shift). A platform wait keeps the range open.
   */
  async backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const now = this.ctx.clock.now();
    const page = readCursor(rawCursor, z.object({ page: z.number().int().positive() }), this.ctx.logger, 'stackexchange')?.page ?? 1;
    const { mentions, answer } = await this.search(
      { fromdate: String(Math.ceil(range.sinceMs / 1000)), todate: String(Math.ceil(range.untilMs / 1000) - 1), order: 'desc', page: String(page) },
      now,
      signal,
    );
    const times = mentions.map((m) => Date.parse(m.publishedAt));
    return {
      mentions,
      cursor: JSON.stringify({ page: page + 1 }),
      hasMore: answer.has_more,
      retryAfterMs: this.platformWait(answer, now),
      reachedMs: times.length ? Math.min(...times) : undefined,
    };
  }

  /** One `search/advanced` call sorted by creation; checks the wrapper and maps the questions. */
  private async search(window: Record<string, string>, now: number, signal: AbortSignal) {
    const url = new URL(`${this.cfg.baseUrl.replace(/\/$/, '')}/search/advanced`);
    const params: Record<string, string | undefined> = {
      site: this.cfg.site,
      q: this.cfg.query,
      tagged: this.cfg.tagged?.join(';'),
      fromdate: window.fromdate,
      todate: window.todate,
      sort: 'creation',
      order: window.order,
      filter: this.cfg.filter,
      pagesize: String(this.cfg.pageSize),
      page: window.page,
      key: this.cfg.key,
    };
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const { data } = await callJson(this.cfg, url.toString(), signal, { classifyError: classifyStackexchangeError });
    const answer = data as { items?: unknown; has_more?: unknown; backoff?: unknown; quota_remaining?: unknown; quota_max?: unknown };
    if (!isObject(answer) || !Array.isArray(answer.items)) throw schemaError('stackexchange', url.toString(), 'no "items" array in the wrapper');
    if (typeof answer.has_more !== 'boolean') throw schemaError('stackexchange', url.toString(), 'no "has_more" boolean in the wrapper');
    const source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/search/advanced?site=${this.cfg.site}&q=${encodeURIComponent(this.cfg.query)}` };
    const { mentions } = mapItems(answer.items, (q) => questionToMention(q, this.cfg.site, source, new Date(now).toISOString()), 'stackexchange', this.ctx);
    return { mentions, answer: answer as typeof answer & { has_more: boolean } };
  }

  /** The wait the wrapper asks for: `backoff` seconds, or the daily reset when the quota is spent. */
  private platformWait(answer: { backoff?: unknown; quota_remaining?: unknown; quota_max?: unknown }, now: number): number | undefined {
    let retryAfterMs: number | undefined;
    if (typeof answer.backoff === 'number' && answer.backoff > 0) retryAfterMs = answer.backoff * 1000;
    if (typeof answer.quota_remaining === 'number') {
      if (answer.quota_remaining <= 0) retryAfterMs = longerWait(retryAfterMs, untilUtcMidnight(now));
      if (answer.quota_remaining < LOW_QUOTA) this.ctx.logger.warn({ kind: 'stackexchange', quotaRemaining: answer.quota_remaining, quotaMax: answer.quota_max }, 'Stack Exchange daily quota nearly used up (set a key to raise it)');
    }
    if (retryAfterMs !== undefined) this.ctx.logger.info({ kind: 'stackexchange', retryAfterMs, backoff: answer.backoff, quotaRemaining: answer.quota_remaining }, 'Stack Exchange asks to wait before the next call');
    return retryAfterMs;
  }
}
