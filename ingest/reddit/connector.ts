import { randomUUID } from 'node:crypto';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import type { RawMention } from '../../core/mention.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { newestFirstBackfill } from '../kit/connector/backfill.ts';
import type { Keyed } from '../kit/connector/newest-first.ts';
import { VigieError } from '../../core/errors.ts';
import { callJson, longerWait, rateLimited, schemaError } from '../kit/connector/client.ts';
import { readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { newestFirstCursorSchema, newestFirstStep } from '../kit/connector/newest-first.ts';
import { isObject, optCount, optString } from '../kit/connector/read.ts';
import { parseRetryAfter } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import { VERSION } from '../../core/version.ts';
import { redditConfigProblems, type RedditConfig } from './config.ts';
import { thingToMention } from './map.ts';

export type RedditConnectorConfig = RedditConfig & { name?: string };

/** Seconds until the rate-limit window resets, from `x-ratelimit-reset`. */
function resetMs(headers: Record<string, string>): number | undefined {
  const s = Number(headers['x-ratelimit-reset']);
  return Number.isFinite(s) && s >= 0 ? Math.ceil(s) * 1000 : undefined;
}

/** A 429 often comes without Retry-After; `x-ratelimit-reset` then says when to come back. */
export const classifyRedditError: ErrorClassifier = (status, _body, headers, url) => {
  if (status !== 429) return undefined;
  return rateLimited(url, 'Reddit rate limit (HTTP 429)', longerWait(parseRetryAfter(headers['retry-after']), resetMs(headers)), { status });
};

/** Renew the token this long before Reddit says it expires. */
const TOKEN_MARGIN_MS = 60_000;


/** The User-Agent Reddit's Data API wiki asks for: `<platform>:<app ID>:<version> (by /u/<name>)`. */
export function redditUserAgent(cfg: Pick<RedditConfig, 'appId' | 'redditUsername' | 'oauth' | 'userAgent'>, platform: string = process.platform): string {
  if (cfg.userAgent) return cfg.userAgent;
  const name = cfg.redditUsername ?? cfg.oauth?.username;
  return `${platform}:${cfg.appId}:v${VERSION} (by /u/${name})`;
}

/** Web links of mentions; the API itself is only called on the OAuth host. */
const WEB = 'https://www.reddit.com';

/**
 * Polls a subreddit's new posts or comments, or a search sorted by new, through the OAuth API
 * (oauth.reddit.com, as the Data API requires) with the User-Agent form Reddit asks for.
 * Listings are newest first and paged with `after=<fullname>`. The token (application-only, or a
 * script app's password grant) is cached until shortly before it expires and renewed once on a
 * 401. The `x-ratelimit-remaining`/`x-ratelimit-reset` headers pause the source before Reddit
 * refuses.
 */
export class RedditConnector implements BackfillCapable, OwnedReader {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly http: RedditConnectorConfig;
  /** installed_client grants name a device; one per process is enough to tell runs apart. */
  private readonly deviceId = randomUUID().replace(/-/g, '').slice(0, 30);

  constructor(
    private readonly cfg: RedditConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    const problem = redditConfigProblems(cfg)[0];
    if (problem) throw new VigieError('ERR_CONFIG_INVALID', `reddit source ${JSON.stringify(cfg.name ?? '')}: ${problem.path.join('.')} ${problem.message}`);
    this.http = { ...cfg, userAgent: redditUserAgent(cfg) };
  }

  /** Path and query of the listing, e.g. `/r/quebec/new.json`. */
  private listing(): { path: string; params: Record<string, string> } {
    const sub = this.cfg.subreddit ? `/r/${this.cfg.subreddit}` : '';
    if (this.cfg.query) return { path: `${sub}/search.json`, params: { q: this.cfg.query, sort: 'new', ...(sub ? { restrict_sr: '1' } : {}), type: 'link' } };
    return { path: `${sub}/${this.cfg.comments ? 'comments' : 'new'}.json`, params: {} };
  }

  poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    return this.walk(rawCursor, signal, this.listing());
  }

  /** One step of a newest-first listing walked with `after` (see newestFirstStep). */
  private async walk(rawCursor: string | undefined, signal: AbortSignal, listing: { path: string; params: Record<string, string> }): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, newestFirstCursorSchema, this.ctx.logger, 'reddit');
    const page = await this.page(cursor?.scan?.next, now, signal, listing);
    const step = newestFirstStep(cursor, page, now, this.cfg.lookback);
    const retryAfterMs = page.retryAfterMs;
    return { mentions: step.fresh, cursor: JSON.stringify(step.cursor), hasMore: step.hasMore && retryAfterMs === undefined, retryAfterMs };
  }

  /**
   * What one of the brand's accounts (a username) posted: `/user/{name}/overview.json?sort=new`,
   * its comments and posts in one newest-first listing, walked with `after` to the last poll
   * like the subreddit listing, on the same token and rate-limit window (100 queries per minute
   * per OAuth client). A comment keeps `parent_id` and `link_id`, so it answers the comment or
   * post it replies to. One call per account and interval when nothing new.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const name = account.replace(/^@/, '').replace(/^\/?u\//i, '');
    if (!/^[\w-]{3,20}$/.test(name)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `reddit: owned account ${JSON.stringify(account)} is not a Reddit username (3 to 20 letters, digits, "_" or "-")`, { details: { account } });
    return this.walk(rawCursor, signal, { path: `/user/${name}/overview.json`, params: { sort: 'new' } });
  }

  /** History for `vigie backfill`: the listing walked back with `after` to the range start. */
  backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    return newestFirstBackfill(range, rawCursor, (token) => this.page(token, this.ctx.clock.now(), signal), this.ctx.logger, 'reddit');
  }

  /** One listing page, newest first; `retryAfterMs` when the rate-limit window is used up. */
  private async page(after: string | undefined, now: number, signal: AbortSignal, listing = this.listing()): Promise<{ items: Array<Keyed<RawMention>>; next: string | undefined; retryAfterMs?: number }> {
    const { path, params } = listing;
    const base = this.cfg.oauthBaseUrl.replace(/\/+$/, '');
    const url = new URL(`${base}${path}`);
    // raw_json=1: text fields come without the legacy HTML escaping of <, > and &.
    for (const [k, v] of Object.entries({ ...params, limit: String(this.cfg.limit), raw_json: '1', ...(after ? { after } : {}) })) url.searchParams.set(k, v);

    const { data, response } = await this.get(url.toString(), signal);
    const answer = isObject(data) && isObject(data.data) ? data.data : undefined;
    if (!answer || !Array.isArray(answer.children)) throw schemaError('reddit', url.toString(), 'no "data.children" array in the listing');
    const source = { name: this.cfg.name, url: `${WEB}${path}` };
    const { mentions } = mapItems(answer.children, (c) => thingToMention(c, source, new Date(now).toISOString()), 'reddit', this.ctx);
    const items = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const remaining = Number(response.headers['x-ratelimit-remaining']);
    const retryAfterMs = Number.isFinite(remaining) && remaining < 1 ? resetMs(response.headers) : undefined;
    if (retryAfterMs !== undefined) this.ctx.logger.info({ kind: 'reddit', retryAfterMs, used: optCount(response.headers['x-ratelimit-used']) }, 'Reddit rate-limit window used up; pausing the source');
    return { items, next: optString(answer.after), retryAfterMs };
  }

  private async get(url: string, signal: AbortSignal) {
    try {
      return await callJson(this.http, url, signal, { classifyError: classifyRedditError, headers: { authorization: `bearer ${await this.bearer(signal)}` } });
    } catch (e) {
      // A revoked or expired token: get a new one once, then give up with the real error.
      if (!(e instanceof VigieError) || e.details?.status !== 401) throw e;
      this.token = undefined;
      return callJson(this.http, url, signal, { classifyError: classifyRedditError, headers: { authorization: `bearer ${await this.bearer(signal)}` } });
    }
  }

  /** The form body of the token request for the configured grant (OAuth2 wiki of reddit-archive). */
  private grantBody(): string {
    const o = this.cfg.oauth!;
    const form = new URLSearchParams();
    if (o.grant === 'password') {
      form.set('grant_type', 'password');
      form.set('username', o.username!);
      form.set('password', o.password!);
    } else if (o.grant === 'installed_client') {
      form.set('grant_type', 'https://oauth.reddit.com/grants/installed_client');
      form.set('device_id', this.deviceId);
    } else {
      form.set('grant_type', 'client_credentials');
    }
    return form.toString();
  }

  private async bearer(signal: AbortSignal): Promise<string> {
    const now = this.ctx.clock.now();
    if (this.token && this.token.expiresAt > now) return this.token.value;
    const { clientId, clientSecret } = this.cfg.oauth!;
    const { data } = await callJson(this.http, this.cfg.tokenUrl, signal, {
      method: 'POST',
      body: this.grantBody(),
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret ?? ''}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      classifyError: classifyRedditError,
    });
    const value = isObject(data) ? optString(data.access_token) : undefined;
    if (!value) {
      // Reddit answers bad credentials with 200 {"error": "invalid_grant"} or 401.
      const why = isObject(data) ? optString(data.error) : undefined;
      throw new VigieError('ERR_CONNECTOR_AUTH', `reddit: no access token from ${this.cfg.tokenUrl}${why ? ` (${why})` : ''}; check oauth.clientId, oauth.clientSecret (and username/password for grant "password"), and that Reddit approved the app`, { details: { error: why } });
    }
    const ttl = (optCount((data as { expires_in?: unknown }).expires_in) ?? 3600) * 1000;
    this.token = { value, expiresAt: now + Math.max(0, ttl - TOKEN_MARGIN_MS) };
    return value;
  }
}
