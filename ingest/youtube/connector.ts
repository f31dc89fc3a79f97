import { z } from 'zod';
import type { ComponentContext, Connector, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import type { RawMention } from '../../core/mention.ts';
import { callJson, rateLimited, schemaError } from '../kit/connector/client.ts';
import { dropSeen, readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { newestFirstCursorSchema, newestFirstStep } from '../kit/connector/newest-first.ts';
import { isObject, optCount, optObject, optString, type Json } from '../kit/connector/read.ts';
import { parseRetryAfter, redactUrl } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import { youtubeConfigProblems, type YoutubeConfig } from './config.ts';
import { commentToMention, searchVideoId, videoToMention, type Source } from './map.ts';
import { QuotaMeter, untilQuotaReset, type QuotaMethod, type QuotaUse } from './quota.ts';
import type { OwnedReader } from '../kit/owned/types.ts';

const cursorSchema = z.object({
  quota: z.object({ day: z.string(), used: z.number(), searches: z.number().optional() }).optional(),
  /** read: videos — window start (ms), ids seen in the overlap, and the page being read. */
  videos: z.object({ since: z.number(), seen: z.array(z.string()), scan: z.object({ next: z.string(), high: z.number() }).optional() }).optional(),
  /** read: comments — newest-first walk over comment threads. */
  comments: newestFirstCursorSchema.optional(),
});
export type YoutubeCursor = z.infer<typeof cursorSchema>;
/** An owned channel's read: the reply ids already emitted (the newest threads are read whole each time). */
const ownedCursorSchema = z.object({ seen: z.array(z.string()) });

export type YoutubeConnectorConfig = YoutubeConfig & { name?: string };

const METHOD_PATH: Record<QuotaMethod, string> = { 'search.list': '/search', 'videos.list': '/videos', 'commentThreads.list': '/commentThreads' };

/**
 * Google APIs put the reason in `error.errors[0].reason`: `quotaExceeded` (403) lasts until
 * the daily reset, `rateLimitExceeded`/`userRateLimitExceeded` are short; anything else keeps
 * its HTTP classification with the reason in the message (commentsDisabled, keyInvalid...).
 */
export function classifyYoutubeError(now: () => number): ErrorClassifier {
  return (status, body, headers, url) => {
    const err = isObject(body) ? optObject(body.error) : undefined;
    if (!err) return undefined;
    const first = Array.isArray(err.errors) ? optObject(err.errors[0]) : undefined;
    const reason = optString(first?.reason) ?? optString(err.status) ?? 'unknown';
    const message = optString(err.message) ?? '';
    if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') return rateLimited(url, `YouTube quota exceeded: ${message}`, untilQuotaReset(now()), { status, reason });
    if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || status === 429) return rateLimited(url, `YouTube rate limit (${reason})`, parseRetryAfter(headers['retry-after']) ?? 60_000, { status, reason });
    const retriable = status >= 500;
    return new VigieError('ERR_FETCH_HTTP', `${redactUrl(url)}: HTTP ${status} ${reason}: ${message}`, { retriable, retryAfterMs: retriable ? parseRetryAfter(headers['retry-after']) : undefined, details: { url: redactUrl(url), status, reason } });
  };
}

/**
 * Polls the YouTube Data API v3: new videos (search.list ordered by date with publishedAfter,
 * completed by videos.list for statistics, language and location) or comment threads of a
 * video or channel (commentThreads.list, newest first, pageToken). Every call is counted in
 * quota units against `dailyQuota`; a call that would exceed it is not made and the source
 * waits for the Pacific-midnight reset.
 */
export class YoutubeConnector implements Connector, OwnedReader {
  private readonly classify: ErrorClassifier;

  constructor(
    private readonly cfg: YoutubeConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    const problem = youtubeConfigProblems(cfg)[0];
    if (problem) throw new VigieError('ERR_CONFIG_INVALID', `youtube source ${JSON.stringify(cfg.name ?? '')}: ${problem.path.join('.')} ${problem.message}`);
    this.classify = classifyYoutubeError(() => ctx.clock.now());
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'youtube') ?? {};
    const meter = this.meter(cursor.quota, now);
    const src: Source = { name: this.cfg.name, url: `${this.cfg.baseUrl}${this.cfg.read === 'videos' ? '/search' : '/commentThreads'}`, fetchedAt: new Date(now).toISOString() };
    const first: QuotaMethod = this.cfg.read === 'videos' ? 'search.list' : 'commentThreads.list';
    if (!meter.allows(first)) {
      const retryAfterMs = untilQuotaReset(now);
      this.ctx.logger.warn({ code: 'ERR_CONNECTOR_QUOTA', kind: 'youtube', method: first, used: meter.state.used, searches: meter.state.searches, dailyQuota: this.cfg.dailyQuota, dailySearches: this.cfg.dailySearches, retryAfterMs }, 'YouTube daily quota of this source reached; waiting for the reset');
      return { mentions: [], cursor: JSON.stringify({ ...cursor, quota: meter.state }), retryAfterMs, hasMore: false };
    }
    let r: { mentions: RawMention[]; cursor: YoutubeCursor; hasMore: boolean };
    try {
      r = this.cfg.read === 'videos' ? await this.videos(cursor, meter, src, now, signal) : await this.comments(cursor, meter, src, now, signal);
    } finally {
      this.quota = meter.state;
    }
    return { mentions: r.mentions, cursor: JSON.stringify({ ...r.cursor, quota: meter.state }), hasMore: r.hasMore };
  }

  /**
   * Replies of one of the brand's channels (a channel id) to comments on its own videos. The Data
   * API has no list of a channel's comments elsewhere: `commentThreads.list
   * ?allThreadsRelatedToChannelId=<channel>&part=snippet,replies&order=time` gives the newest 100
   * threads on its videos with the replies they embed, and those written by the channel
   * (`authorChannelId`) are emitted, parent = the comment they answer. The page is read whole
   * every poll (a reply can land in an old thread; ids already emitted are dropped), so replies in
   * threads older than the newest 100, or beyond the few replies a thread embeds, are not seen.
   * 1 quota unit per account and interval, from the source's own daily budget.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    if (!/^UC[\w-]{22}$/.test(account)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `youtube: owned account ${JSON.stringify(account)} must be a channel id ("UC" and 22 characters), not a handle`, { details: { account } });
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, ownedCursorSchema, this.ctx.logger, 'youtube');
    const meter = this.meter(undefined, now);
    if (!meter.allows('commentThreads.list')) return { mentions: [], cursor: undefined, retryAfterMs: untilQuotaReset(now) };
    const src: Source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/commentThreads`, fetchedAt: new Date(now).toISOString() };
    let data: Json;
    try {
      ({ data } = await this.call('commentThreads.list', { part: 'snippet,replies', allThreadsRelatedToChannelId: account, order: 'time', maxResults: '100', textFormat: 'html' }, meter, signal));
    } finally {
      this.quota = meter.state;
    }
    const mine: unknown[] = [];
    for (const t of data.items as unknown[]) {
      const thread = optObject(t);
      const top = optObject(optObject(thread?.snippet)?.topLevelComment);
      const embedded = optObject(thread?.replies)?.comments;
      for (const c of [top, ...(Array.isArray(embedded) ? embedded : [])]) {
        if (optString(optObject(optObject(optObject(c)?.snippet)?.authorChannelId)?.value) === account) mine.push(c);
      }
    }
    const { mentions } = mapItems(mine, (c) => commentToMention(c, undefined, undefined, src), 'youtube', this.ctx);
    const { fresh, seen } = dropSeen(saved?.seen ?? [], mentions);
    return { mentions: fresh, cursor: JSON.stringify({ seen }) };
  }

  /** What this source spent today, shared by its own poll and its owned reads (kept in memory). */
  private quota: QuotaUse | undefined;

  /** A meter over today's budget from the larger of the saved and the in-memory use. */
  private meter(saved: YoutubeCursor['quota'], now: number): QuotaMeter {
    const budget = { units: this.cfg.dailyQuota, searches: this.cfg.dailySearches };
    const a = new QuotaMeter(budget, saved, now).state;
    const b = new QuotaMeter(budget, this.quota, now).state;
    return new QuotaMeter(budget, { day: a.day, used: Math.max(a.used, b.used), searches: Math.max(a.searches, b.searches) }, now);
  }

  private async call(method: QuotaMethod, params: Record<string, string | undefined>, meter: QuotaMeter, signal: AbortSignal): Promise<{ data: Json; url: string }> {
    const url = new URL(`${this.cfg.baseUrl.replace(/\/+$/, '')}${METHOD_PATH[method]}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    // Spent before the answer: Google counts a call even when it fails.
    meter.spend(method);
    const { data } = await callJson(this.cfg, url.toString(), signal, { headers: { 'x-goog-api-key': this.cfg.apiKey }, classifyError: this.classify });
    if (!isObject(data) || !Array.isArray(data.items)) throw schemaError('youtube', url.toString(), 'no "items" array');
    return { data, url: url.toString() };
  }

  private async videos(cursor: YoutubeCursor, meter: QuotaMeter, src: Source, now: number, signal: AbortSignal) {
    const state = cursor.videos ?? { since: now - this.cfg.lookback, seen: [] };
    const after = new Date(Math.max(0, state.since - this.cfg.overlap)).toISOString();
    const { data } = await this.call('search.list', {
      part: 'snippet', type: 'video', order: 'date', maxResults: '50', publishedAfter: after,
      q: this.cfg.query, channelId: this.cfg.channelId, pageToken: state.scan?.next,
    }, meter, signal);
    const items = data.items as unknown[];
    const ids = items.map(searchVideoId).filter((id): id is string => id !== undefined);
    const details = new Map<string, Json>();
    if (ids.length && meter.allows('videos.list')) {
      // No maxResults: videos.list does not support it together with id (at most 50 ids anyway).
      const { data: v } = await this.call('videos.list', { part: 'snippet,statistics,recordingDetails', id: ids.join(',') }, meter, signal);
      for (const video of v.items as unknown[]) if (isObject(video) && typeof video.id === 'string') details.set(video.id, video);
    }
    const { mentions } = mapItems(items.filter((i) => searchVideoId(i) !== undefined), (i) => videoToMention(i, details.get(searchVideoId(i)!), src), 'youtube', this.ctx);
    const { fresh, seen } = dropSeen(state.seen, mentions);
    const high = Math.max(state.scan?.high ?? state.since, ...mentions.map((m) => Date.parse(m.publishedAt)));
    const next = optString(data.nextPageToken);
    const videos = { since: next ? state.since : high, seen, scan: next ? { next, high } : undefined };
    return { mentions: fresh, cursor: { videos }, hasMore: next !== undefined };
  }

  private async comments(cursor: YoutubeCursor, meter: QuotaMeter, src: Source, now: number, signal: AbortSignal) {
    const { data } = await this.call('commentThreads.list', {
      part: 'snippet,replies', order: 'time', maxResults: '100', textFormat: 'html',
      videoId: this.cfg.videoId, allThreadsRelatedToChannelId: this.cfg.videoId ? undefined : this.cfg.channelId,
      pageToken: cursor.comments?.scan?.next,
    }, meter, signal);
    const replies = new Map<string, RawMention[]>();
    const { mentions } = mapItems(data.items as unknown[], (t) => {
      const thread = optObject(t);
      const snippet = optObject(thread?.snippet);
      const videoId = optString(snippet?.videoId);
      const top = commentToMention(snippet?.topLevelComment, videoId, optCount(snippet?.totalReplyCount), src);
      // Only the replies embedded in the thread (a few at most); the rest needs comments.list.
      const embedded = Array.isArray(optObject(thread?.replies)?.comments) ? (optObject(thread?.replies)!.comments as unknown[]) : [];
      replies.set(top.id, mapItems(embedded, (c) => commentToMention(c, videoId, undefined, src), 'youtube', this.ctx).mentions);
      return top;
    }, 'youtube', this.ctx);
    const keyed = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const step = newestFirstStep(cursor.comments, { items: keyed, next: optString(data.nextPageToken) }, now, this.cfg.lookback);
    const out = step.fresh.flatMap((m) => [m, ...(replies.get(m.id) ?? [])]);
    return { mentions: out, cursor: { comments: step.cursor }, hasMore: step.hasMore };
  }
}
