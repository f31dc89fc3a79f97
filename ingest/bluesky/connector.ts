import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { callJson, schemaError } from '../kit/connector/client.ts';
import { newestFirstCursorSchema, newestFirstStep, type Keyed } from '../kit/connector/newest-first.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import type { RawMention } from '../../core/mention.ts';
import { readCursor, rememberIds } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { MappingError, optObject, optString } from '../kit/connector/read.ts';
import { redactUrl } from '../kit/http/fetch.ts';
import type { StreamEmit, StreamingConnector } from '../kit/stream/types.ts';
import { readWebSocket } from '../kit/stream/websocket.ts';
import { BlueskySession, classifyXrpcError } from './session.ts';
import { blueskyConfigProblems, type BlueskyConfig } from './config.ts';
import { jetstreamToMention, postMentionId, postViewToMention, readJetstreamEvent, sortAtMs, termMatcher } from './map.ts';

/**
 * One cursor for both modes, so a source can switch between them: `high` (ms) is the newest
 * `sortAt` polled, `timeUs` the firehose position; each mode starts from the other's when its
 * own is missing.
 */
const cursorSchema = z.object({
  high: z.number().optional(),
  seen: z.array(z.string()).default([]),
  /** A searchPosts walk towards older pages: the next page token and the newest sortAt of the walk. */
  scan: z.object({ next: z.string(), top: z.number() }).optional(),
  timeUs: z.number().optional(),
});
type BlueskyCursor = z.infer<typeof cursorSchema>;
const backfillCursorSchema = z.object({ next: z.string() });

export type BlueskyConnectorConfig = BlueskyConfig & { name?: string };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Polls `app.bsky.feed.searchPosts` (sort=latest, `since` = newest seen minus the overlap,
 * paged with `cursor` towards older posts until the walk is done), follows the Jetstream
 * firehose filtered by the watch terms (cursor = time_us, resumed `rewind` earlier), and reads
 * history with `since`/`until`.
 */
export class BlueskyConnector implements StreamingConnector, BackfillCapable, OwnedReader {
  private readonly matches: (text: string) => boolean;
  private readonly session: BlueskySession | undefined;

  constructor(
    private readonly cfg: BlueskyConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    const problems = blueskyConfigProblems(cfg);
    if (problems.length) throw new VigieError('ERR_CONFIG_INVALID', `bluesky source ${cfg.name ?? ''}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.matches = termMatcher(cfg.terms ?? []);
    this.session =
      cfg.identifier && cfg.appPassword
        ? new BlueskySession({ service: cfg.service, identifier: cfg.identifier, appPassword: cfg.appPassword, appview: cfg.appview, http: cfg, clock: ctx.clock, logger: ctx.logger })
        : undefined;
  }

  private searchParams(): URLSearchParams {
    const q = new URLSearchParams();
    q.set('q', this.cfg.query ?? (this.cfg.terms ?? []).join(' '));
    q.set('sort', 'latest');
    q.set('limit', String(this.cfg.limit));
    if (this.cfg.lang) q.set('lang', this.cfg.lang);
    return q;
  }

  /** searchPosts through the account's PDS (proxied to the AppView); it refuses logged-out calls. */
  private async search(params: URLSearchParams, signal: AbortSignal) {
    if (!this.session) throw new VigieError('ERR_CONFIG_INVALID', `bluesky source ${this.cfg.name ?? ''}: identifier and appPassword are required to search posts (polling, backfill): Bluesky refuses searchPosts without login`);
    const { url, answer: res } = await this.session.query('app.bsky.feed.searchPosts', params, signal);
    const answer = res.data as { posts?: unknown; cursor?: unknown; hitsTotal?: unknown };
    if (!Array.isArray(answer?.posts)) throw schemaError('bluesky', url, 'no "posts" array');
    const sourceUrl = `https://bsky.app/search?q=${encodeURIComponent(params.get('q') ?? '')}`;
    const fetchedAt = iso(this.ctx.clock.now());
    const { mentions } = mapItems(answer.posts, (p) => postViewToMention(p, { sourceName: this.cfg.name, sourceUrl, fetchedAt }), 'bluesky', this.ctx);
    const keys = answer.posts.map(sortAtMs).filter((k): k is number => k !== undefined);
    return { posts: answer.posts, mentions, keys, next: optString(answer.cursor), total: typeof answer.hitsTotal === 'number' ? answer.hitsTotal : undefined };
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const saved = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'bluesky');
    const now = this.ctx.clock.now();
    // After streaming, the firehose position is newer than the last poll's `high`.
    const fromStream = saved?.timeUs !== undefined ? Math.floor(saved.timeUs / 1000) : undefined;
    const high = saved?.high === undefined ? fromStream : Math.max(saved.high, fromStream ?? -Infinity);
    // `since` is inclusive and posts are indexed late: re-ask an overlap, drop the repeats by id.
    const sinceMs = high !== undefined ? high - this.cfg.overlap : now - this.cfg.lookback;
    const params = this.searchParams();
    params.set('since', iso(sinceMs));
    if (saved?.scan) params.set('cursor', saved.scan.next);
    const page = await this.search(params, signal);
    const seen = new Set(saved?.seen ?? []);
    const fresh = page.mentions.filter((m) => !seen.has(m.id));
    const top = Math.max(saved?.scan?.top ?? -Infinity, ...page.keys);
    const next: BlueskyCursor = { high, seen: rememberIds(saved?.seen ?? [], fresh.map((m) => m.id)), ...(saved?.timeUs !== undefined ? { timeUs: saved.timeUs } : {}) };
    if (page.next && page.posts.length > 0) next.scan = { next: page.next, top };
    else if (Number.isFinite(top)) next.high = Math.max(high ?? -Infinity, top);
    return { mentions: fresh, cursor: JSON.stringify(next), hasMore: next.scan !== undefined };
  }

  /**
   * What one of the brand's accounts (a DID or handle) posted, replies included:
   * `app.bsky.feed.getAuthorFeed?filter=posts_with_replies`, newest first, paged with `cursor`
   * towards older posts until the last poll's newest post (first poll: `lookback`). Reposts are
   * passed over (the post is someone else's). Through the logged-in session when there is one,
   * else the public AppView (`publicApi`), which serves author feeds without login. One call per
   * account and interval when nothing new, under the AppView's per-address rate limit.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const saved = readCursor(rawCursor, newestFirstCursorSchema, this.ctx.logger, 'bluesky');
    const params = new URLSearchParams({ actor: account.replace(/^@/, ''), filter: 'posts_with_replies', limit: String(this.cfg.limit) });
    if (saved?.scan) params.set('cursor', saved.scan.next);
    const { url, data } = await this.appView('app.bsky.feed.getAuthorFeed', params, signal);
    const answer = data as { feed?: unknown; cursor?: unknown };
    if (!Array.isArray(answer?.feed)) throw schemaError('bluesky', url, 'no "feed" array');
    const sourceUrl = `https://bsky.app/profile/${params.get('actor')}`;
    const fetchedAt = iso(this.ctx.clock.now());
    const items: Array<Keyed<RawMention | undefined>> = [];
    for (const entry of answer.feed) {
      const e = optObject(entry);
      const key = sortAtMs(e?.post);
      const uri = optString(optObject(e?.post)?.uri);
      if (key === undefined || !uri) continue;
      // A repost's place in the feed is its own time, not the post's.
      const repostAt = Date.parse(optString(optObject(e?.reason)?.indexedAt) ?? '');
      const repost = e?.reason !== undefined;
      const { mentions } = repost ? { mentions: [] } : mapItems([e!.post], (p) => postViewToMention(p, { sourceName: this.cfg.name, sourceUrl, fetchedAt }), 'bluesky', this.ctx);
      const at = repost && !Number.isNaN(repostAt) ? repostAt : key;
      items.push({ item: mentions[0], id: repost ? `repost:${uri}:${at}` : postMentionId(uri), key: at, timeMs: at });
    }
    const step = newestFirstStep(saved, { items, next: optString(answer.cursor) }, this.ctx.clock.now(), this.cfg.lookback);
    return { mentions: step.fresh.filter((m): m is RawMention => m !== undefined), cursor: JSON.stringify(step.cursor), hasMore: step.hasMore };
  }

  /** An AppView query through the logged-in session, else logged out through the public AppView. */
  private async appView(nsid: string, params: URLSearchParams, signal: AbortSignal): Promise<{ url: string; data: unknown }> {
    if (this.session) {
      const r = await this.session.query(nsid, params, signal);
      return { url: r.url, data: r.answer.data };
    }
    const url = `${this.cfg.publicApi.replace(/\/+$/, '')}/xrpc/${nsid}?${params.toString()}`;
    return { url, data: (await callJson(this.cfg, url, signal, { classifyError: classifyXrpcError })).data };
  }

  async backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const saved = readCursor(rawCursor, backfillCursorSchema, this.ctx.logger, 'bluesky');
    const params = this.searchParams();
    params.set('since', iso(range.sinceMs));
    params.set('until', iso(range.untilMs));
    if (saved) params.set('cursor', saved.next);
    const page = await this.search(params, signal);
    const more = page.next !== undefined && page.posts.length > 0;
    return {
      mentions: page.mentions,
      cursor: more ? JSON.stringify({ next: page.next }) : undefined,
      hasMore: more,
      ...(page.keys.length ? { reachedMs: Math.min(...page.keys) } : {}),
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  }

  /**
   * Follows Jetstream, keeping the posts that contain a watch term. Every event, kept or not,
   * moves the time cursor (emitted without mentions), so a quiet brand does not hold the
   * position back. Resumes `rewind` before the saved time_us; repeats keep their id.
   */
  async stream(rawCursor: string | undefined, signal: AbortSignal, emit: StreamEmit): Promise<void> {
    const saved = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'bluesky') ?? { seen: [] };
    const from = saved.timeUs ?? (saved.high !== undefined ? saved.high * 1000 : undefined);
    const url = new URL(`${this.cfg.jetstreamUrl.replace(/\/+$/, '')}/subscribe`);
    url.searchParams.set('wantedCollections', 'app.bsky.feed.post');
    if (from !== undefined) url.searchParams.set('cursor', String(Math.max(0, Math.floor(from - this.cfg.rewind * 1000))));
    const sourceUrl = redactUrl(`${this.cfg.jetstreamUrl.replace(/\/+$/, '')}/subscribe`);
    let timeUs = from;
    let unreadable = 0;
    for await (const text of readWebSocket(url.toString(), { signal, allowPrivate: this.cfg.allowPrivate, userAgent: this.cfg.userAgent, connectTimeoutMs: this.cfg.timeout })) {
      let ev: ReturnType<typeof readJetstreamEvent>;
      try {
        ev = readJetstreamEvent(JSON.parse(text));
      } catch (e) {
        if (!(e instanceof SyntaxError) && !(e instanceof MappingError)) throw e;
        // One unreadable event must not stop the firehose; it is counted and reported in bulk.
        if (unreadable++ % 100 === 0) this.ctx.logger.warn({ code: 'ERR_STREAM_BAD_EVENT', unreadable, reason: e.message }, 'unreadable Jetstream event skipped');
        this.ctx.metrics.dropped.inc({ stage: 'ingest', component: 'bluesky', reason: 'unmappable' });
        await emit({ mentions: [] });
        continue;
      }
      if (ev.timeUs !== undefined && (timeUs === undefined || ev.timeUs > timeUs)) timeUs = ev.timeUs;
      // Written for every event: kept small (no seen ids; the firehose does not need them).
      const cursor = timeUs !== undefined ? JSON.stringify({ ...(saved.high !== undefined ? { high: saved.high } : {}), seen: [], timeUs }) : undefined;
      const text2 = ev.post && typeof ev.post.record.text === 'string' ? ev.post.record.text : '';
      if (!ev.post || !this.matches(text2)) {
        await emit({ mentions: [], ...(cursor ? { cursor } : {}) });
        continue;
      }
      const post = ev.post;
      const { mentions } = mapItems([post], () => jetstreamToMention(post, { sourceName: this.cfg.name, sourceUrl, fetchedAt: iso(this.ctx.clock.now()) }), 'bluesky', this.ctx);
      await emit({ mentions, ...(cursor ? { cursor } : {}) });
    }
    throw new VigieError('ERR_STREAM_DISCONNECTED', `${sourceUrl}: Jetstream closed the connection`, { retriable: true, details: { url: sourceUrl } });
  }
}
