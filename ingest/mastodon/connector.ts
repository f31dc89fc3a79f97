import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { callJson, longerWait, rateLimited, schemaError } from '../kit/connector/client.ts';
import { readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { optString } from '../kit/connector/read.ts';
import { parseRetryAfter, redactUrl } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import { openHttpStream, readLines, readSse } from '../kit/stream/http-stream.ts';
import { parseLinkHeader } from '../kit/stream/ids.ts';
import type { StreamEmit, StreamingConnector } from '../kit/stream/types.ts';
import { mastodonConfigProblems, type MastodonConfig } from './config.ts';
import { httpBaseOf, readInstance, streamingByRedirect, type FeedAccess, type InstanceInfo } from './instance.ts';
import { isLaterId, statusId, statusToMention } from './map.ts';

/**
 * The live cursor: the id to ask `min_id` from next. Ids are opaque strings (the Status entity:
 * "cast from an integer, but not guaranteed to be a number"; other server software uses other
 * forms), so they are never parsed: the next `min_id` comes from the `Link: rel="prev"` header,
 * else the first (newest) status of the page.
 */
const cursorSchema = z.object({ sinceId: z.string().min(1) });
/** The backfill cursor: the `max_id` of the next older page. */
const backfillCursorSchema = z.object({ maxId: z.string().min(1) });

export type MastodonConnectorConfig = MastodonConfig & { name?: string };

/** Re-read the instance document (streaming host, timelines access) at most this often. */
const INSTANCE_TTL_MS = 3_600_000;

/**
 * Mastodon's rate-limit headers (`X-RateLimit-Remaining`, `X-RateLimit-Reset` as an ISO date):
 * the wait until the reset when the budget is spent.
 */
export function rateLimitWait(headers: Record<string, string>, now: number): number | undefined {
  if (headers['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Date.parse(headers['x-ratelimit-reset'] ?? '');
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - now);
}

const classify =
  (now: () => number): ErrorClassifier =>
  (status, body, headers, url) => {
    if (status === 429) {
      const wait = longerWait(parseRetryAfter(headers['retry-after']), rateLimitWait({ ...headers, 'x-ratelimit-remaining': '0' }, now()));
      return rateLimited(url, 'HTTP 429 Too Many Requests', wait, { status });
    }
    if (status === 401 || status === 403) {
      const why = optString((body as { error?: unknown } | undefined)?.error);
      return new VigieError('ERR_MASTODON_AUTH', `${redactUrl(url)}: HTTP ${status}${why ? ` (${why.slice(0, 200)})` : ''}: check the token and its read scope`, { details: { url: redactUrl(url), status } });
    }
    return undefined;
  };

/**
 * Polls a Mastodon hashtag or public timeline forward with `min_id` (the page right after the
 * saved id, so a burst larger than one page is read in order, never skipped), streams it through
 * the streaming API (SSE), and reads history backwards with `max_id` (`Link: rel="next"`).
 */
export class MastodonConnector implements StreamingConnector, BackfillCapable, OwnedReader {
  private readonly base: string;
  private readonly host: string;
  private readonly classifyError: ErrorClassifier;
  private instance: { info: InstanceInfo; at: number } | undefined;
  private streamingBase: string | undefined;

  constructor(
    private readonly cfg: MastodonConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    // The config loader merges schemas with `.extend()`, which drops cross-field checks: repeat them.
    const problems = mastodonConfigProblems(cfg);
    if (problems.length) throw new VigieError('ERR_CONFIG_INVALID', `mastodon source ${cfg.name ?? ''}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.base = cfg.baseUrl.replace(/\/+$/, '');
    this.host = new URL(cfg.baseUrl).host;
    this.classifyError = classify(() => ctx.clock.now());
  }

  /** The REST timeline endpoint of this source, without paging parameters. */
  timelineUrl(): URL {
    const url = this.cfg.timeline === 'tag' ? new URL(`${this.base}/api/v1/timelines/tag/${encodeURIComponent(this.cfg.tag!)}`) : new URL(`${this.base}/api/v1/timelines/public`);
    if (this.cfg.local) url.searchParams.set('local', 'true');
    if (this.cfg.remote) url.searchParams.set('remote', 'true');
    return url;
  }

  /** The streaming endpoint of this source, on the streaming host (`base`, default this instance). */
  streamUrl(base = this.base): URL {
    const scope = this.cfg.local ? '/local' : this.cfg.remote && this.cfg.timeline === 'public' ? '/remote' : '';
    const url = new URL(`${base}/api/v1/streaming/${this.cfg.timeline === 'tag' ? 'hashtag' : 'public'}${scope}`);
    if (this.cfg.timeline === 'tag') url.searchParams.set('tag', this.cfg.tag!);
    return url;
  }

  private headers(): Record<string, string> {
    return this.cfg.token ? { authorization: `Bearer ${this.cfg.token}` } : {};
  }

  /** The instance document, cached for an hour. */
  private async instanceInfo(signal: AbortSignal): Promise<InstanceInfo> {
    const now = this.ctx.clock.now();
    if (this.instance && now - this.instance.at < INSTANCE_TTL_MS) return this.instance.info;
    const info = await readInstance(this.base, this.cfg, this.headers(), signal, this.ctx.logger);
    this.instance = { info, at: now };
    return info;
  }

  /**
   * Where the streaming API lives ("Hostname discovery"): `streamingUrl` when configured, else
   * the instance document's streaming URL, else where `/api/v1/streaming` redirects, else this
   * host. mastodon.social, for one, streams from streaming.mastodon.social.
   */
  async discoverStreaming(signal: AbortSignal): Promise<string> {
    if (this.streamingBase) return this.streamingBase;
    let found = httpBaseOf(this.cfg.streamingUrl) ?? (await this.instanceInfo(signal)).streaming;
    if (!found) {
      try {
        found = await streamingByRedirect(this.base, this.cfg, signal);
      } catch (e) {
        if (signal.aborted) throw e;
        found = undefined;
      }
    }
    this.streamingBase = found ?? this.base;
    if (this.streamingBase !== this.base) this.ctx.logger.info({ kind: 'mastodon', streaming: this.streamingBase }, 'Mastodon streaming served by another host');
    return this.streamingBase;
  }

  /**
   * An empty timeline may be silence, or (Mastodon 4.5+) a feed the admins disabled or reserved
   * to logged-in users, which also answers `[]`. The instance's `timelines_access` tells them
   * apart; a disabled or unreachable feed is an error an operator must see, not endless silence.
   */
  private async checkFeedAccess(signal: AbortSignal): Promise<void> {
    const access = (await this.instanceInfo(signal)).timelinesAccess;
    const feed = this.cfg.timeline === 'tag' ? access?.hashtag_feeds : access?.live_feeds;
    if (!feed) return;
    const scopes: Array<'local' | 'remote'> = this.cfg.local ? ['local'] : this.cfg.remote ? ['remote'] : ['local', 'remote'];
    const levels = scopes.map((s) => (feed[s] ?? 'public') as FeedAccess);
    const what = `${this.cfg.timeline === 'tag' ? 'hashtag' : 'live'} feeds (${scopes.join(' and ')})`;
    if (levels.every((l) => l === 'disabled')) {
      throw new VigieError('ERR_MASTODON_FEED_DISABLED', `${this.host} has disabled its ${what} (instance configuration.timelines_access): this source reads nothing there; use another instance or timeline`, { details: { host: this.host, access: feed } });
    }
    if (!this.cfg.token && levels.every((l) => l !== 'public')) {
      throw new VigieError('ERR_MASTODON_AUTH', `${this.host} serves its ${what} to logged-in users only (timelines_access "authenticated"): set token`, { details: { host: this.host, access: feed } });
    }
    const partial = scopes.filter((_, i) => levels[i] === 'disabled' || (levels[i] === 'authenticated' && !this.cfg.token));
    if (partial.length) this.ctx.logger.warn({ kind: 'mastodon', host: this.host, unreadable: partial, access: feed }, 'part of this Mastodon feed is not served to Vigie; only the rest is read');
  }

  private async page(url: URL, signal: AbortSignal, sourceUrl = this.timelineUrl().toString()) {
    const { data, response } = await callJson(this.cfg, url.toString(), signal, { headers: this.headers(), classifyError: this.classifyError });
    if (!Array.isArray(data)) throw schemaError('mastodon', url.toString(), 'expected an array of statuses');
    const fetchedAt = new Date(this.ctx.clock.now()).toISOString();
    const { mentions } = mapItems(data, (s) => statusToMention(s, { instanceHost: this.host, sourceName: this.cfg.name, sourceUrl, fetchedAt, excludeBots: this.cfg.excludeBots }), 'mastodon', this.ctx);
    // Ids of every status, mappable or not: a broken status must not hold the cursor back.
    const ids = data.map((s) => optString((s as { id?: unknown } | null)?.id)).filter((id): id is string => id !== undefined);
    return { data, mentions, ids, headers: response.headers, links: parseLinkHeader(response.headers.link, url.toString()) };
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    return this.readForward(this.timelineUrl(), rawCursor, signal, true);
  }

  /**
   * What one of the brand's accounts posted, its replies included: `GET
   * /api/v1/accounts/:id/statuses?exclude_reblogs=true` on this source's instance, read forward
   * with `min_id` like the timeline. Read here, not on the account's home server: status ids
   * (and so `parentId`) are per instance, and the mentions it answers were read here. The id
   * comes from `GET /api/v1/accounts/lookup?acct=` once per process. One call per account and
   * interval, under the instance's rate limit (300 calls per 5 minutes per token or address).
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const id = await this.accountId(account, signal);
    const url = new URL(`${this.base}/api/v1/accounts/${encodeURIComponent(id)}/statuses`);
    url.searchParams.set('exclude_reblogs', 'true');
    return this.readForward(url, rawCursor, signal, false);
  }

  private readonly accountIds = new Map<string, string>();

  private async accountId(account: string, signal: AbortSignal): Promise<string> {
    const acct = account.replace(/^@/, '');
    const known = this.accountIds.get(acct);
    if (known !== undefined) return known;
    const url = new URL(`${this.base}/api/v1/accounts/lookup`);
    url.searchParams.set('acct', acct);
    let data: unknown;
    try {
      ({ data } = await callJson(this.cfg, url.toString(), signal, { headers: this.headers(), classifyError: this.classifyError }));
    } catch (e) {
      if (e instanceof VigieError && e.details?.status === 404) {
        throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `${this.host} does not know the owned account ${JSON.stringify(acct)} (accounts/lookup answered 404): check watch[].owned.mastodon ("user@instance"); a remote account is known once someone on ${this.host} follows it`, { details: { host: this.host, account: acct }, cause: e });
      }
      throw e;
    }
    const id = optString((data as { id?: unknown } | null)?.id);
    if (!id) throw schemaError('mastodon', url.toString(), 'an Account without "id"');
    this.accountIds.set(acct, id);
    return id;
  }

  /** One page forward from the saved `min_id` of a timeline served newest first. */
  private async readForward(endpoint: URL, rawCursor: string | undefined, signal: AbortSignal, timeline: boolean): Promise<PollResult> {
    const cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'mastodon');
    const url = new URL(endpoint);
    url.searchParams.set('limit', String(this.cfg.limit));
    // min_id (not since_id): the page just after the cursor, so a gap larger than a page is read in order.
    if (cursor) url.searchParams.set('min_id', cursor.sinceId);
    const { data, mentions, ids, headers, links } = await this.page(url, signal, endpoint.toString());
    if (timeline && data.length === 0) await this.checkFeedAccess(signal);
    // Link rel="prev" carries the min_id of the page after this one; the newest status (first:
    // timelines are served newest first) is the fallback. No id is compared or parsed.
    const newest = data.length ? (linkParam(links.prev, 'min_id') ?? ids[0] ?? cursor?.sinceId) : cursor?.sinceId;
    const retryAfterMs = rateLimitWait(headers, this.ctx.clock.now());
    return {
      mentions,
      cursor: newest ? JSON.stringify({ sinceId: newest }) : undefined,
      // A full page after a cursor means more may follow; the first poll only takes the latest page.
      hasMore: cursor !== undefined && data.length >= this.cfg.limit && retryAfterMs === undefined,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }

  async backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const cursor = readCursor(rawCursor, backfillCursorSchema, this.ctx.logger, 'mastodon');
    const url = this.timelineUrl();
    url.searchParams.set('limit', String(this.cfg.limit));
    // No id is built from a date (that only works for Mastodon's own ids): the walk starts at the
    // newest status and keeps what falls in the range.
    if (cursor) url.searchParams.set('max_id', cursor.maxId);
    const { data, mentions, ids, headers, links } = await this.page(url, signal);
    const inRange = mentions.filter((m) => {
      const t = Date.parse(m.publishedAt);
      return t >= range.sinceMs && t < range.untilMs;
    });
    const times = mentions.map((m) => Date.parse(m.publishedAt));
    const reachedMs = times.length ? Math.min(...times) : undefined;
    // Link rel="next" carries the max_id of the older page; the last (oldest) status is the fallback.
    const nextMax = linkParam(links.next, 'max_id') ?? ids.at(-1);
    const done = data.length === 0 || !nextMax || (reachedMs !== undefined && reachedMs < range.sinceMs);
    const retryAfterMs = rateLimitWait(headers, this.ctx.clock.now());
    return {
      mentions: inRange,
      cursor: nextMax ? JSON.stringify({ maxId: nextMax }) : undefined,
      hasMore: !done,
      ...(reachedMs !== undefined ? { reachedMs } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }

  /**
   * Streams the timeline. The SSE connection is opened first; when there is a cursor, the REST
   * timeline is then read from it (min_id pages) while the stream waits in the socket, so what
   * was posted while disconnected is caught up and nothing posted meanwhile is missed. The
   * cursor only ever grows; statuses seen twice keep their id and collapse downstream.
   */
  async stream(rawCursor: string | undefined, signal: AbortSignal, emit: StreamEmit): Promise<void> {
    const url = this.streamUrl(await this.discoverStreaming(signal)).toString();
    const res = await openHttpStream(url, {
      headers: this.headers(),
      accept: 'text/event-stream',
      userAgent: this.cfg.userAgent,
      allowPrivate: this.cfg.allowPrivate,
      connectTimeoutMs: this.cfg.timeout,
      classifyError: this.classifyError,
      signal,
    });
    try {
      let cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'mastodon')?.sinceId;
      // Ids the catch-up emitted: the stream may deliver them again. Only those are skipped, not
      // every id below the cursor: a late federated status can carry an older id.
      const caughtUp = new Set<string>();
      if (cursor && this.cfg.catchUp) {
        for (let more = true; more && !signal.aborted; ) {
          const page = await this.poll(JSON.stringify({ sinceId: cursor }), signal);
          cursor = page.cursor ? (JSON.parse(page.cursor) as { sinceId: string }).sinceId : cursor;
          for (const m of page.mentions) caughtUp.add(m.id);
          await emit({ mentions: page.mentions, cursor: page.cursor });
          more = page.hasMore === true;
        }
      }
      const sourceUrl = this.timelineUrl().toString();
      for await (const msg of readSse(readLines(res, redactUrl(url), signal))) {
        if ('comment' in msg) {
          await emit({ mentions: [] });
          continue;
        }
        // `update` is a new status, `status.update` an edit (same id: the newer text wins downstream).
        if (msg.event !== 'update' && msg.event !== 'status.update') {
          await emit({ mentions: [] });
          continue;
        }
        let status: unknown;
        try {
          status = JSON.parse(msg.data);
        } catch {
          this.ctx.logger.warn({ code: 'ERR_STREAM_BAD_EVENT', event: msg.event, bytes: msg.data.length }, 'mastodon stream event is not JSON; skipped');
          this.ctx.metrics.dropped.inc({ stage: 'ingest', component: 'mastodon', reason: 'unmappable' });
          continue;
        }
        const fetchedAt = new Date(this.ctx.clock.now()).toISOString();
        const mapped = mapItems([status], (s) => statusToMention(s, { instanceHost: this.host, sourceName: this.cfg.name, sourceUrl, fetchedAt, excludeBots: this.cfg.excludeBots }), 'mastodon', this.ctx);
        const mentions = msg.event === 'update' ? mapped.mentions.filter((m) => !caughtUp.delete(m.id)) : mapped.mentions;
        let id: string | undefined;
        try {
          id = statusId(status);
        } catch {
          id = undefined;
        }
        // An edit of an old status must not move the cursor backwards, nor a late federated one.
        if (msg.event === 'update' && id !== undefined && (cursor === undefined || isLaterId(id, cursor))) cursor = id;
        await emit({ mentions, ...(cursor ? { cursor: JSON.stringify({ sinceId: cursor }) } : {}) });
      }
    } finally {
      res.destroy();
    }
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    throw new VigieError('ERR_STREAM_DISCONNECTED', `${redactUrl(url)}: the server closed the stream`, { retriable: true, details: { url: redactUrl(url) } });
  }
}

/** A query parameter of a Link header URL, if any. */
function linkParam(link: string | undefined, name: string): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}
