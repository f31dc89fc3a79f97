import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { newestFirstBackfill } from '../kit/connector/backfill.ts';
import type { RawMention } from '../../core/mention.ts';
import { callJson, longerWait, rateLimited, schemaError } from '../kit/connector/client.ts';
import { readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { newestFirstCursorSchema, newestFirstStep, type Keyed } from '../kit/connector/newest-first.ts';
import { isObject, optCount, optString, type Json } from '../kit/connector/read.ts';
import { parseRetryAfter } from '../kit/http/fetch.ts';
import type { ErrorClassifier } from '../kit/http/json.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import { discourseConfigProblems, type DiscourseConfig } from './config.ts';
import { VigieError } from '../../core/errors.ts';
import { actionAsPost, forumOf, postToMention, topicToMention, type Forum } from './map.ts';

export type DiscourseConnectorConfig = DiscourseConfig & { name?: string };

/**
 * Discourse answers a rate limit with 429, a Retry-After header and a JSON body whose
 * `extras.wait_seconds` says the same; the longer of the two is kept.
 */
export const classifyDiscourseError: ErrorClassifier = (status, body, headers, url) => {
  if (status !== 429) return undefined;
  const extras = isObject(body) && isObject(body.extras) ? body.extras : undefined;
  const wait = optCount(extras?.wait_seconds);
  return rateLimited(url, 'Discourse rate limit (HTTP 429)', longerWait(parseRetryAfter(headers['retry-after']), wait !== undefined ? wait * 1000 : undefined), { status });
};

interface Page {
  items: Array<Keyed<RawMention>>;
  next: string | undefined;
  /** Topics mode: pinned topics stay on top whatever their age, so they are judged apart. */
  pinned?: RawMention[];
}

/**
 * Polls a Discourse forum: every new post (/posts.json, walked back with `before=<post id>`),
 * new topics (/latest.json, by bump time, `page=N`) or search results (/search.json with
 * `order:latest`, `page=N`). All three share one newest-first cursor.
 */
export class DiscourseConnector implements BackfillCapable, OwnedReader {
  private readonly mode: 'posts' | 'topics' | 'search';
  /** Ids of the last page read, to notice a forum that ignores `page` (see `page`). */
  private lastPage = new Set<string>();

  constructor(
    private readonly cfg: DiscourseConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {
    const problem = discourseConfigProblems(cfg)[0];
    if (problem) throw new VigieError('ERR_CONFIG_INVALID', `discourse source ${JSON.stringify(cfg.name ?? cfg.url)}: ${problem.path.join('.')} ${problem.message}`);
    this.mode = cfg.mode ?? (cfg.query ? 'search' : 'posts');
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, newestFirstCursorSchema, this.ctx.logger, 'discourse');
    const forum = forumOf(this.cfg.url, this.cfg.name, this.cfg.url, new Date(now).toISOString());
    const page = await this.page(forum, cursor?.scan?.next, signal);
    const step = newestFirstStep(cursor, page, now, this.cfg.lookback);
    let fresh = step.fresh;
    if (this.mode === 'topics') {
      // The walk goes by bump time; only topics created since the last poll are new.
      const mark = cursor?.high ?? now - this.cfg.lookback;
      const seen = new Set(cursor?.seen ?? []);
      const pinned = (page.pinned ?? []).filter((m) => !seen.has(m.id));
      fresh = [...pinned, ...fresh].filter((m) => Date.parse(m.publishedAt) >= mark);
      step.cursor.seen = [...new Set([...pinned.map((m) => m.id), ...step.cursor.seen])].slice(0, step.cursor.seen.length + pinned.length);
    }
    return { mentions: fresh, cursor: JSON.stringify(step.cursor), hasMore: step.hasMore };
  }

  /**
   * What one of the brand's accounts (a username) posted: `/user_actions.json?filter=4,5` (its
   * new topics and replies, newest first, paged with `offset`), walked to the last poll. Each
   * action carries `topic_id`, `post_number` and `reply_to_post_number`, so a reply gets the same
   * parent and thread ids as the post it answers; its text is the action's excerpt. Same API
   * key (if any) and rate limit as the source; one call per account and interval when nothing new.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const username = account.replace(/^@/, '');
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, newestFirstCursorSchema, this.ctx.logger, 'discourse');
    const forum = forumOf(this.cfg.url, this.cfg.name, this.cfg.url, new Date(now).toISOString());
    const offset = cursor?.scan?.next;
    const { data, url } = await this.get('/user_actions.json', { username, filter: '4,5', offset }, signal);
    if (!Array.isArray(data.user_actions)) throw schemaError('discourse', url, 'no "user_actions" array');
    const actions = data.user_actions as unknown[];
    const mentions = this.map(actions, (a) => postToMention(actionAsPost(a), forum));
    const items = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const next = actions.length ? String(Number(offset ?? 0) + actions.length) : undefined;
    const step = newestFirstStep(cursor, { items, next }, now, this.cfg.lookback);
    return { mentions: step.fresh, cursor: JSON.stringify(step.cursor), hasMore: step.hasMore };
  }

  /** History for `vigie backfill`: the same listing, walked back to the range start. */
  backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const forum = forumOf(this.cfg.url, this.cfg.name, this.cfg.url, new Date(this.ctx.clock.now()).toISOString());
    return newestFirstBackfill(range, rawCursor, (token) => this.page(forum, token, signal), this.ctx.logger, 'discourse');
  }

  /**
   * One page of the listing. `page=N` on /latest.json and /search.json, `more_topics_url` and
   * `grouped_search_result` work on every Discourse but are not in its OpenAPI, so each is used
   * with a fallback: no `more_topics_url` or "more" flag ends the walk after the page; a `page`
   * answered with the very items of the page before (a forum or proxy that ignores it) ends the
   * walk too, with a warning, instead of walking the same page forever.
   */
  private async page(forum: Forum, token: string | undefined, signal: AbortSignal): Promise<Page> {
    if (this.mode === 'posts') return this.posts(forum, token, signal);
    const page = this.mode === 'topics' ? await this.topics(forum, token, signal) : await this.search(forum, token, signal);
    const ids = [...page.items.map((k) => k.id), ...(page.pinned ?? []).map((m) => m.id)];
    if (token !== undefined && ids.length > 0 && ids.every((id) => this.lastPage.has(id))) {
      this.ctx.logger.warn({ kind: 'discourse', mode: this.mode, page: token }, 'the forum answered `page` with the items of the page before (it ignores the parameter): the walk ends here');
      page.next = undefined;
    }
    this.lastPage = new Set(ids);
    return page;
  }

  private headers(): Record<string, string> | undefined {
    return this.cfg.auth ? { 'api-key': this.cfg.auth.apiKey, 'api-username': this.cfg.auth.apiUsername } : undefined;
  }

  private async get(path: string, params: Record<string, string | undefined>, signal: AbortSignal): Promise<{ data: Json; url: string }> {
    const url = new URL(`${this.cfg.url.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const { data } = await callJson(this.cfg, url.toString(), signal, { headers: this.headers(), classifyError: classifyDiscourseError });
    if (!isObject(data)) throw schemaError('discourse', url.toString(), 'the answer is not a JSON object');
    return { data, url: url.toString() };
  }

  private map(items: unknown[], fn: (item: unknown) => ReturnType<typeof postToMention>): RawMention[] {
    return mapItems(items, fn, 'discourse', this.ctx).mentions;
  }

  private async posts(f: Forum, before: string | undefined, signal: AbortSignal): Promise<Page> {
    const { data, url } = await this.get('/posts.json', { before }, signal);
    if (!Array.isArray(data.latest_posts)) throw schemaError('discourse', url, 'no "latest_posts" array');
    const raw = data.latest_posts as unknown[];
    // The post id orders the listing and is what `before` takes, so it is the key.
    const idOf = new Map<string, number>();
    const mentions = this.map(raw, (p) => {
      const m = postToMention(p, f);
      if (m && isObject(p) && typeof p.id === 'number') idOf.set(m.id, p.id);
      return m;
    });
    const items = mentions.filter((m) => idOf.has(m.id)).map((m) => ({ item: m, id: m.id, key: idOf.get(m.id)!, timeMs: Date.parse(m.publishedAt) }));
    const ids = raw.map((p) => (isObject(p) && typeof p.id === 'number' ? p.id : undefined)).filter((n): n is number => n !== undefined);
    return { items, next: ids.length ? String(Math.min(...ids)) : undefined };
  }

  private async topics(f: Forum, pageNo: string | undefined, signal: AbortSignal): Promise<Page> {
    const { data, url } = await this.get('/latest.json', { page: pageNo, order: 'activity' }, signal);
    const list = isObject(data.topic_list) ? data.topic_list : undefined;
    if (!list || !Array.isArray(list.topics)) throw schemaError('discourse', url, 'no "topic_list.topics" array');
    const users = new Map<string, Json>();
    for (const u of Array.isArray(data.users) ? data.users : []) if (isObject(u) && u.id !== undefined) users.set(String(u.id), u);
    const bumped = new Map<string, number>();
    const pinnedIds = new Set<string>();
    const mentions = this.map(list.topics as unknown[], (t) => {
      const m = topicToMention(t, f, users);
      const topic = t as Json;
      if (topic.pinned === true || topic.pinned_globally === true) pinnedIds.add(m.id);
      const b = Date.parse(optString(topic.bumped_at) ?? '');
      bumped.set(m.id, Number.isNaN(b) ? Date.parse(m.publishedAt as string) : b);
      return m;
    });
    const items = mentions.filter((m) => !pinnedIds.has(m.id)).map((m) => ({ item: m, id: m.id, key: bumped.get(m.id)!, timeMs: bumped.get(m.id)! }));
    const next = optString(list.more_topics_url) ? String(Number(pageNo ?? 0) + 1) : undefined;
    return { items, next, pinned: mentions.filter((m) => pinnedIds.has(m.id)) };
  }

  private async search(f: Forum, pageNo: string | undefined, signal: AbortSignal): Promise<Page> {
    const { data, url } = await this.get('/search.json', { q: `${this.cfg.query} order:latest`, page: pageNo }, signal);
    if (!Array.isArray(data.posts)) throw schemaError('discourse', url, 'no "posts" array');
    const topics = new Map<string, Json>();
    for (const t of Array.isArray(data.topics) ? data.topics : []) if (isObject(t) && t.id !== undefined) topics.set(String(t.id), t);
    const mentions = this.map(data.posts as unknown[], (p) => postToMention(p, f, topics));
    const items = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const grouped = isObject(data.grouped_search_result) ? data.grouped_search_result : {};
    const more = grouped.more_full_page_results === true || grouped.more_posts === true;
    return { items, next: more ? String(Number(pageNo ?? 1) + 1) : undefined };
  }
}
