import { z } from 'zod';
import type { ComponentContext, PollResult } from '../../core/contracts.ts';
import type { BackfillCapable, BackfillPage, BackfillRange } from '../kit/backfill-types.ts';
import { newestFirstBackfill } from '../kit/connector/backfill.ts';
import type { RawMention } from '../../core/mention.ts';
import { longerWait } from '../kit/connector/client.ts';
import { readCursor, rememberIds } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { newestFirstCursorSchema, newestFirstStep } from '../kit/connector/newest-first.ts';
import { VigieError } from '../../core/errors.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import type { FacebookConfig } from './config.ts';
import { graphGet, graphList, usageWait } from './graph.ts';
import { commentToMention, postToMention, type Source } from './map.ts';

export const POST_FIELDS = 'id,message,story,created_time,permalink_url,from{id,name},shares,reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),place{name,location{latitude,longitude,country}}';
export const COMMENT_FIELDS = 'id,message,created_time,permalink_url,from{id,name},like_count,comment_count,parent{id}';

const cursorSchema = z.object({
  posts: newestFirstCursorSchema.optional(),
  /** Unix seconds: comments created at or after this are asked for (`since`), repeats dropped by id. */
  commentsSince: z.number().optional(),
  commentsSeen: z.array(z.string()).default([]),
});
export type FacebookCursor = z.infer<typeof cursorSchema>;

export type FacebookConnectorConfig = FacebookConfig & { name?: string };

/** Comments arriving late in the index are caught by re-asking this far back. */
const COMMENT_OVERLAP_S = 600;

/**
 * Polls a Facebook Page through the Graph API: its posts, newest first, walked with the
 * `after` cursor; then, once the posts are caught up, the new comments (`since`, filter=stream,
 * replies included) on its `commentsOnLatest` latest posts. Usage headers pause the source
 * before Meta throttles it.
 */
export class FacebookConnector implements BackfillCapable, OwnedReader {
  /** One reader per owned Page other than this source's own, each with the source's token and limits. */
  private readonly ownedPages = new Map<string, FacebookConnector>();

  constructor(
    private readonly cfg: FacebookConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  /**
   * What one of the brand's Pages (a Page id) posted and the replies it gave. The Graph API
   * lists no Page's comments across other Pages; a Page's replies are comments on its own posts
   * (`from` = the Page, `parent` = the comment answered), which the comments read of this
   * connector already returns. So: the source's own Page costs nothing more (its poll reads them);
   * another owned Page is read the same way, `/{page-id}/posts` then `/{post-id}/comments`
   * (filter=stream) on its `commentsOnLatest` latest posts, so the comments it answers come with
   * the replies. Same token (it must be allowed to read that Page), usage headers and pauses;
   * 1 + `commentsOnLatest` calls per interval and owned Page.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    if (!/^\d+$/.test(account)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `facebook: owned account ${JSON.stringify(account)} must be the numeric Page id`, { details: { account } });
    if (account === this.cfg.pageId) return { mentions: [], cursor: undefined };
    let reader = this.ownedPages.get(account);
    if (!reader) {
      reader = new FacebookConnector({ ...this.cfg, pageId: account }, this.ctx);
      this.ownedPages.set(account, reader);
    }
    return reader.poll(rawCursor, signal);
  }

  /** History of the Page's posts for `vigie backfill` (comments are not backfilled). */
  backfill(range: BackfillRange, rawCursor: string | undefined, signal: AbortSignal): Promise<BackfillPage> {
    const src: Source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/${this.cfg.pageId}/posts`, fetchedAt: new Date(this.ctx.clock.now()).toISOString() };
    return newestFirstBackfill(range, rawCursor, async (after) => {
      // `until` narrows the listing to the range's end, so the walk starts there.
      const { data, url } = await graphGet(this.cfg, `/${this.cfg.pageId}/posts`, { fields: POST_FIELDS, limit: '100', until: String(Math.floor(range.untilMs / 1000)), after }, signal, 'facebook');
      const list = graphList(data, url, 'facebook');
      const { mentions } = mapItems(list.items, (p) => postToMention(p, src), 'facebook', this.ctx);
      return { items: mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) })), next: list.after };
    }, this.ctx.logger, 'facebook');
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'facebook') ?? { commentsSeen: [] };
    const src: Source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/${this.cfg.pageId}/posts`, fetchedAt: new Date(now).toISOString() };
    const walking = cursor.posts?.scan !== undefined;
    const { data, url, usage } = await graphGet(this.cfg, `/${this.cfg.pageId}/posts`, { fields: POST_FIELDS, limit: '25', after: cursor.posts?.scan?.next }, signal, 'facebook');
    const list = graphList(data, url, 'facebook');
    const { mentions } = mapItems(list.items, (p) => postToMention(p, src), 'facebook', this.ctx);
    const keyed = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const step = newestFirstStep(cursor.posts, { items: keyed, next: list.after }, now, this.cfg.lookback);
    let retryAfterMs = usageWait(usage, this.cfg.usageLimit, this.ctx.logger, 'facebook');
    const next: FacebookCursor = { ...cursor, posts: step.cursor };
    const out: RawMention[] = [...step.fresh];
    // Comments are read from the first page only (the latest posts), not while walking older pages.
    if (!walking && this.cfg.commentsOnLatest > 0 && retryAfterMs === undefined) {
      const since = cursor.commentsSince ?? Math.floor((now - this.cfg.lookback) / 1000);
      const seen = new Set(cursor.commentsSeen);
      const fresh: RawMention[] = [];
      let complete = true;
      posts: for (const post of mentions.slice(0, this.cfg.commentsOnLatest)) {
        const postId = post.id.slice('facebook:'.length);
        // Every page of the window (paging.next / cursors.after), not only the first 100.
        let after: string | undefined;
        for (let page = 0; ; page++) {
          const c = await graphGet(this.cfg, `/${postId}/comments`, { fields: COMMENT_FIELDS, filter: 'stream', order: 'reverse_chronological', since: String(Math.max(0, since - COMMENT_OVERLAP_S)), limit: '100', after }, signal, 'facebook');
          const list = graphList(c.data, c.url, 'facebook');
          const comments = mapItems(list.items, (x) => commentToMention(x, postId, src), 'facebook', this.ctx).mentions;
          const before = fresh.length;
          for (const m of comments) if (!seen.has(m.id) && !fresh.some((f) => f.id === m.id)) fresh.push(m);
          retryAfterMs = longerWait(retryAfterMs, usageWait(c.usage, this.cfg.usageLimit, this.ctx.logger, 'facebook'));
          if (retryAfterMs !== undefined) {
            complete = false;
            break posts;
          }
          if (!list.after || list.after === after) break;
          // A page of repeats only means the cursor is not moving: stop rather than loop.
          if (page > 0 && fresh.length === before) break;
          if (page + 1 >= this.cfg.commentPages) {
            // A safety net against runaway paging: what lies beyond is not read, and said so.
            this.ctx.logger.warn({ code: 'ERR_CONNECTOR_PAGE_CAP', kind: 'facebook', post: postId, pages: this.cfg.commentPages }, 'more new comments on one post than commentPages pages: the older ones of this poll window are not read (raise commentPages or poll more often)');
            break;
          }
          after = list.after;
        }
      }
      out.push(...fresh);
      // Cut short by a pause: the same window is asked again next time; the seen ids drop repeats.
      if (complete) next.commentsSince = Math.floor(now / 1000);
      next.commentsSeen = rememberIds(cursor.commentsSeen, fresh.map((m) => m.id));
    }
    return { mentions: out, cursor: JSON.stringify(next), hasMore: step.hasMore && retryAfterMs === undefined, retryAfterMs };
  }
}
