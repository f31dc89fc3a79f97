import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { callJson, longerWait, rateLimited, schemaError } from '../kit/connector/client.ts';
import { readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { optArray, optObject, optString } from '../kit/connector/read.ts';
import { parseRetryAfter, redactUrl } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import { openHttpStream, readLines } from '../kit/stream/http-stream.ts';
import { isNumericId, maxId } from '../kit/stream/ids.ts';
import type { StreamEmit, StreamingConnector } from '../kit/stream/types.ts';
import { X_TIERS, xConfigProblems, type XConfig, type XTier } from './config.ts';
import { xReconnectDelayMs } from './reconnect.ts';
import { readIncludes, TWEET_PARAMS, tweetToMention } from './map.ts';

/** The live cursor of both modes: the newest tweet id published (`since_id`), and a walk in progress. */
const cursorSchema = z.object({
  sinceId: z.string().regex(/^\d+$/).optional(),
  /** A recent-search walk: the next_token and the newest id of the walk (`sinceId` once done). */
  scan: z.object({ next: z.string(), top: z.string().regex(/^\d+$/) }).optional(),
});
type XCursor = z.infer<typeof cursorSchema>;
const backfillCursorSchema = z.object({ next: z.string() });

/** Recent search only reaches this far back. */
const RECENT_WINDOW_MS = 7 * 24 * 3_600_000;

export type XConnectorConfig = XConfig & { name?: string };

/** `x-rate-limit-remaining: 0` → the wait until `x-rate-limit-reset` (epoch seconds). */
export function xRateLimitWait(headers: Record<string, string>, now: number, force = false): number | undefined {
  if (!force && headers['x-rate-limit-remaining'] !== '0') return undefined;
  const reset = Number(headers['x-rate-limit-reset']);
  return Number.isFinite(reset) && reset > 0 ? Math.max(0, reset * 1000 - now) : undefined;
}

const classify =
  (now: () => number): ErrorClassifier =>
  (status, body, headers, url) => {
    const doc = optObject(body);
    const detail = optString(doc?.detail) ?? optString(doc?.title);
    if (status === 429) return rateLimited(url, `HTTP 429 ${detail ?? 'Too Many Requests'}`, longerWait(parseRetryAfter(headers['retry-after']), xRateLimitWait(headers, now(), true)), { status });
    if (status === 401 || status === 403) {
      return new VigieError('ERR_X_AUTH', `${redactUrl(url)}: HTTP ${status}${detail ? ` (${detail.slice(0, 300)})` : ''}: check the bearer token and the app's access level`, { details: { url: redactUrl(url), status, type: optString(doc?.type) } });
    }
    return undefined;
  };

/**
 * X API v2: recent search polled with `since_id` and paged with `next_token` (the same
 * since_id for every page of a walk, as the API requires), the filtered stream with its rules
 * synchronised from the config, and history by `start_time`/`end_time` (last 7 days).
 * Rate-limit headers are honoured: a spent budget pushes the next call to the reset time.
 */
export class XConnector implements StreamingConnector, BackfillCapable, OwnedReader {
  private readonly base: string;
  private readonly classifyError: ErrorClassifier;
  /** Tag prefix of the stream rules this source owns; rules of other tags are left alone. */
  private readonly tagPrefix: string;

  constructor(
    private readonly cfg: XConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    const problems = xConfigProblems(cfg);
    if (problems.length) throw new VigieError('ERR_CONFIG_INVALID', `x source ${cfg.name ?? ''}: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`);
    this.base = cfg.baseUrl.replace(/\/+$/, '');
    this.classifyError = classify(() => ctx.clock.now());
    this.tagPrefix = `vigie:${cfg.name ?? 'x'}`;
  }

  private auth(): Record<string, string> {
    return { authorization: `Bearer ${this.cfg.bearerToken}` };
  }

  private searchUrl(): URL {
    const url = new URL(`${this.base}/2/tweets/search/recent`);
    url.searchParams.set('query', this.cfg.query ?? '');
    url.searchParams.set('max_results', String(this.cfg.maxResults));
    for (const [k, v] of Object.entries(TWEET_PARAMS)) url.searchParams.set(k, v);
    return url;
  }

  private async search(url: URL, signal: AbortSignal, sourceUrl = `${this.base}/2/tweets/search/recent`) {
    const { data, response } = await callJson(this.cfg, url.toString(), signal, { headers: this.auth(), classifyError: this.classifyError });
    const answer = optObject(data);
    const meta = optObject(answer?.meta);
    // No `data` is how X says "no result" (meta.result_count = 0); no meta either means a new shape.
    if (!answer || (!Array.isArray(answer.data) && !meta)) throw schemaError('x', url.toString(), 'neither "data" nor "meta"');
    if (answer.data !== undefined && !Array.isArray(answer.data)) throw schemaError('x', url.toString(), '"data" is not an array');
    const tweets = (answer.data as unknown[] | undefined) ?? [];
    assertFieldsHonoured(tweets, url.toString());
    const inc = readIncludes(answer.includes);
    const fetchedAt = new Date(this.ctx.clock.now()).toISOString();
    const { mentions } = mapItems(tweets, (t) => tweetToMention(t, inc, { sourceName: this.cfg.name, sourceUrl, fetchedAt }), 'x', this.ctx);
    const ids = tweets.map((t) => optString(optObject(t)?.id)).filter(isNumericId);
    const newest = optString(meta?.newest_id) ?? ids.reduce<string | undefined>((a, b) => maxId(a, b), undefined);
    return { mentions, ids, newest, next: optString(meta?.next_token), retryAfterMs: xRateLimitWait(response.headers, this.ctx.clock.now()) };
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    return this.walk(this.searchUrl(), 'next_token', rawCursor, signal);
  }

  /**
   * What one of the brand's accounts (an X user id, or a username looked up once) posted, replies included: `GET
   * /2/users/:id/tweets` with the search's fields, retweets excluded, walked like the search
   * (`since_id` kept for every page, `pagination_token` for the next). The same bearer token and
   * rate-limit headers (this endpoint has its own 15-minute window); one call per account and
   * interval when nothing new, billed per post read on pay-per-use.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const id = await this.userId(account, signal);
    const url = new URL(`${this.base}/2/users/${id}/tweets`);
    url.searchParams.set('max_results', String(this.cfg.maxResults));
    url.searchParams.set('exclude', 'retweets');
    for (const [k, v] of Object.entries(TWEET_PARAMS)) url.searchParams.set(k, v);
    return this.walk(url, 'pagination_token', rawCursor, signal, `${this.base}/2/users/${id}/tweets`);
  }

  private readonly userIds = new Map<string, string>();

  /** A user id as configured, or the id of a username (`GET /2/users/by/username/:username`, once per process). */
  private async userId(account: string, signal: AbortSignal): Promise<string> {
    const name = account.replace(/^@/, '');
    if (/^\d{1,20}$/.test(name)) return name;
    const known = this.userIds.get(name.toLowerCase());
    if (known) return known;
    if (!/^\w{1,15}$/.test(name)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `x: owned account ${JSON.stringify(account)} is neither a user id nor a username`, { details: { account } });
    const url = `${this.base}/2/users/by/username/${name}`;
    const { data } = await callJson(this.cfg, url, signal, { headers: this.auth(), classifyError: this.classifyError });
    const id = optString(optObject(optObject(data)?.data)?.id);
    if (!id || !isNumericId(id)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `x: no user named ${JSON.stringify(name)} (GET /2/users/by/username answered without data.id): check watch[].owned.x`, { details: { account } });
    this.userIds.set(name.toLowerCase(), id);
    return id;
  }

  /** One page of a newest-first listing walked with `since_id` and a page token (`pageParam`). */
  private async walk(url: URL, pageParam: string, rawCursor: string | undefined, signal: AbortSignal, sourceUrl?: string): Promise<PollResult> {
    const saved: XCursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'x') ?? {};
    const now = this.ctx.clock.now();
    if (saved.sinceId) url.searchParams.set('since_id', saved.sinceId);
    // start_time must lie within the last 7 days (a few seconds of margin for clock skew).
    else url.searchParams.set('start_time', new Date(now - Math.min(this.cfg.lookback, RECENT_WINDOW_MS - 60_000)).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    if (saved.scan) url.searchParams.set(pageParam, saved.scan.next);
    const page = await this.search(url, signal, sourceUrl);
    const top = maxId(saved.scan?.top, page.newest);
    const next: XCursor = { ...(saved.sinceId ? { sinceId: saved.sinceId } : {}) };
    if (page.next && top) next.scan = { next: page.next, top };
    else if (top) next.sinceId = maxId(saved.sinceId, top);
    return {
      mentions: page.mentions,
      cursor: next.sinceId || next.scan ? JSON.stringify(next) : undefined,
      hasMore: next.scan !== undefined && page.retryAfterMs === undefined,
      ...(page.retryAfterMs !== undefined ? { retryAfterMs: page.retryAfterMs } : {}),
    };
  }

  async backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const saved = readCursor(rawCursor, backfillCursorSchema, this.ctx.logger, 'x');
    const now = this.ctx.clock.now();
    const floor = now - RECENT_WINDOW_MS + 60_000;
    if (range.untilMs <= floor) throw new VigieError('ERR_BACKFILL_RANGE', `x recent search only reaches the last 7 days; ${new Date(range.untilMs).toISOString()} is older (full-archive search needs another access level)`);
    const url = this.searchUrl();
    const fmt = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    url.searchParams.set('start_time', fmt(Math.max(range.sinceMs, floor)));
    // end_time must be at least 10 seconds before the request.
    url.searchParams.set('end_time', fmt(Math.min(range.untilMs, now - 10_000)));
    if (saved) url.searchParams.set('next_token', saved.next);
    const page = await this.search(url, signal);
    const times = page.mentions.map((m) => Date.parse(m.publishedAt));
    return {
      mentions: page.mentions,
      cursor: page.next ? JSON.stringify({ next: page.next }) : undefined,
      hasMore: page.next !== undefined,
      ...(times.length ? { reachedMs: Math.min(...times) } : {}),
      ...(page.retryAfterMs !== undefined ? { retryAfterMs: page.retryAfterMs } : {}),
    };
  }

  /** Desired stream rules, each tagged `vigie:<source>` (+ `:<tag>`). */
  private desiredRules(): Array<{ value: string; tag: string }> {
    const rules = this.cfg.rules ?? [{ value: this.cfg.query! }];
    return rules.map((r) => ({ value: r.value, tag: 'tag' in r && r.tag ? `${this.tagPrefix}:${r.tag}` : this.tagPrefix }));
  }

  /** X's documented reconnection schedule (see reconnect.ts). */
  reconnectDelayMs(error: VigieError | undefined, attempt: number): number {
    return xReconnectDelayMs(error, attempt);
  }

  /**
   * Makes the app's rules tagged for this source equal the config: deletes the stale ones, adds
   * the missing ones. Rules with other tags (other tools, other sources) are never touched. The
   * app's total after the change is checked against its access level's rule count first.
   */
  async syncRules(signal: AbortSignal): Promise<{ added: number; deleted: number }> {
    const url = `${this.base}/2/tweets/search/stream/rules`;
    const { data } = await callJson(this.cfg, url, signal, { headers: this.auth(), classifyError: this.classifyError });
    const list = optArray(optObject(data)?.data) ?? [];
    const current = list.map(optObject).filter((r) => r && optString(r.id) && typeof r.value === 'string') as Array<{ id: string; value: string; tag?: string }>;
    const mine = current.filter((r) => r.tag === this.tagPrefix || (r.tag ?? '').startsWith(`${this.tagPrefix}:`));
    const want = this.desiredRules();
    const key = (r: { value: string; tag?: string }) => `${r.tag ?? ''}\u0000${r.value}`;
    const wantKeys = new Set(want.map(key));
    const haveKeys = new Set(mine.map(key));
    const stale = mine.filter((r) => !wantKeys.has(key(r))).map((r) => r.id);
    const missing = want.filter((r) => !haveKeys.has(key(r)));
    const limit = this.cfg.maxRules ?? X_TIERS[this.cfg.accessTier as XTier].rules;
    const total = current.length - stale.length + missing.length;
    if (total > limit) {
      throw new VigieError('ERR_X_RULES', `x stream rules: the app would have ${total} rules (${current.length - mine.length} of other tools or sources, ${want.length} of this one); it may hold ${limit}: remove rules or merge them`, { details: { total, others: current.length - mine.length, mine: want.length, limit } });
    }
    const post = async (body: unknown) => {
      const { data: answer } = await callJson(this.cfg, url, signal, { method: 'POST', body: JSON.stringify(body), headers: { ...this.auth(), 'content-type': 'application/json' }, classifyError: this.classifyError });
      const errors = optArray(optObject(answer)?.errors);
      if (errors?.length) {
        const first = optObject(errors[0]);
        throw new VigieError('ERR_X_RULES', `x stream rules refused: ${optString(first?.title) ?? ''} ${optString(first?.details) ?? optString(first?.value) ?? ''}`.trim(), { details: { errors: errors.length } });
      }
    };
    if (stale.length) await post({ delete: { ids: stale } });
    if (missing.length) await post({ add: missing });
    if (stale.length || missing.length) this.ctx.logger.info({ added: missing.length, deleted: stale.length }, 'x stream rules synchronised');
    return { added: missing.length, deleted: stale.length };
  }

  /**
   * Follows the filtered stream (one JSON object per line, an empty line as a keep-alive every
   * 20 s). The connection is opened first; with a saved cursor and a query, recent search then
   * reads what was posted while disconnected, before the stream (waiting in the socket) is read.
   */
  async stream(rawCursor: string | undefined, signal: AbortSignal, emit: StreamEmit): Promise<void> {
    if (this.cfg.syncRules) await this.syncRules(signal);
    const url = new URL(`${this.base}/2/tweets/search/stream`);
    for (const [k, v] of Object.entries(TWEET_PARAMS)) url.searchParams.set(k, v);
    const res = await openHttpStream(url.toString(), {
      headers: this.auth(),
      accept: 'application/json',
      userAgent: this.cfg.userAgent,
      allowPrivate: this.cfg.allowPrivate,
      connectTimeoutMs: this.cfg.timeout,
      classifyError: this.classifyError,
      signal,
    });
    const safe = redactUrl(url.toString());
    try {
      let sinceId = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'x')?.sinceId;
      const caughtUp = new Set<string>();
      if (sinceId && this.cfg.catchUp && this.cfg.query) {
        let cursor: string | undefined = JSON.stringify({ sinceId });
        for (let more = true; more && !signal.aborted; ) {
          const page = await this.poll(cursor, signal);
          cursor = page.cursor ?? cursor;
          for (const m of page.mentions) caughtUp.add(m.id);
          await emit({ mentions: page.mentions, cursor: page.cursor });
          more = page.hasMore === true;
        }
        sinceId = (JSON.parse(cursor!) as XCursor).sinceId ?? sinceId;
      }
      const sourceUrl = `${this.base}/2/tweets/search/stream`;
      for await (const line of readLines(res, safe, signal)) {
        if (line.trim() === '') {
          await emit({ mentions: [] });
          continue;
        }
        let msg: Record<string, unknown> | undefined;
        try {
          msg = optObject(JSON.parse(line));
        } catch {
          msg = undefined;
        }
        if (!msg) {
          this.ctx.logger.warn({ code: 'ERR_STREAM_BAD_EVENT', bytes: line.length }, 'x stream line is not a JSON object; skipped');
          this.ctx.metrics.dropped.inc({ stage: 'ingest', component: 'x', reason: 'unmappable' });
          continue;
        }
        if (!msg.data && Array.isArray(msg.errors)) {
          // Operational disconnect messages come in-band before X closes the connection.
          const first = optObject(msg.errors[0]);
          throw new VigieError('ERR_STREAM_DISCONNECTED', `${safe}: ${optString(first?.title) ?? 'stream error'}${optString(first?.detail) ? `: ${optString(first?.detail)}` : ''}`, { retriable: true, details: { url: safe, type: optString(first?.type) } });
        }
        const inc = readIncludes(msg.includes);
        const fetchedAt = new Date(this.ctx.clock.now()).toISOString();
        const mapped = mapItems([msg.data], (t) => tweetToMention(t, inc, { sourceName: this.cfg.name, sourceUrl, fetchedAt }), 'x', this.ctx);
        const id = optString(optObject(msg.data)?.id);
        if (isNumericId(id)) sinceId = maxId(sinceId, id);
        const mentions = mapped.mentions.filter((m) => !caughtUp.delete(m.id));
        await emit({ mentions, ...(sinceId ? { cursor: JSON.stringify({ sinceId }) } : {}) });
      }
    } finally {
      res.destroy();
    }
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    throw new VigieError('ERR_STREAM_DISCONNECTED', `${safe}: the server closed the stream`, { retriable: true, details: { url: safe } });
  }
}

/**
 * X documents two names for the post fields parameter: `tweet.fields` (Fields guide, stream
 * routes, every example) and `post.fields` (the OpenAPI of the REST routes). The server accepts
 * both and silently ignores a parameter or value it does not know, answering 200 with bare posts.
 * Every post lacking `created_at` means the request's fields were ignored: that is an API change
 * to report, not a page of posts to skip one by one.
 */
function assertFieldsHonoured(tweets: unknown[], url: string): void {
  if (tweets.length === 0) return;
  if (tweets.some((t) => optObject(t)?.created_at !== undefined)) return;
  throw schemaError('x', url, `none of the ${tweets.length} posts has created_at: the server ignored the tweet.fields parameter (renamed post.fields?)`);
}