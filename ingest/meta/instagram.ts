import { z } from 'zod';
import type { ComponentContext, Connector, PollResult } from '../../core/contracts.ts';
import type { RawMention } from '../../core/mention.ts';
import { longerWait, schemaError } from '../kit/connector/client.ts';
import { readCursor, rememberIds } from '../kit/connector/cursor.ts';
import { VigieError } from '../../core/errors.ts';
import type { OwnedReader } from '../kit/owned/types.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { optObject, optString } from '../kit/connector/read.ts';
import type { InstagramConfig } from './config.ts';
import { graphGet, graphList, usageWait } from './graph.ts';
import { igCommentToMention, mediaToMention, ownMediaToMention, type Source } from './map.ts';

export const MEDIA_FIELDS = 'id,caption,media_type,permalink,timestamp,like_count,comments_count';
export const IG_COMMENT_FIELDS = 'id,text,timestamp,username,from,like_count';

/** recent_media serves the last 24 hours; ids are remembered a little longer than that. */
const WINDOW_MS = 24 * 3_600_000;
const SEEN_KEEP_MS = WINDOW_MS + 3_600_000;
/** Upper bound of remembered ids, so the cursor stays small (about 150 kB); past it, the oldest are forgotten and may be re-emitted (same id, collapsed downstream). */
const SEEN_MAX = 5_000;

const cursorSchema = z.object({
  /** The hashtag's id, kept: each lookup counts against the 30-hashtags-per-week limit. */
  hashtagId: z.string().optional(),
  /** Media already emitted: [id, publication time in epoch seconds], pruned past the window. */
  seen: z.array(z.tuple([z.string(), z.number()])).default([]),
});
export type InstagramCursor = z.infer<typeof cursorSchema>;
/** An owned account's read: the ids of media, comments and replies already emitted. */
const ownedCursorSchema = z.object({ seen: z.array(z.string()) });

export type InstagramConnectorConfig = InstagramConfig & { name?: string };

/**
 * Polls the recent media of an Instagram hashtag: `ig_hashtag_search` once for the hashtag id,
 * then `/{hashtag-id}/recent_media`. Meta documents that these answers are not always in
 * chronological order and that the `after` cursor may repeat, so no walk can stop at "the first
 * older item": every poll reads the whole 24-hour window (up to `maxPages` pages) and emits the
 * media whose id it has not emitted before.
 */
export class InstagramConnector implements Connector, OwnedReader {
  constructor(
    private readonly cfg: InstagramConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  /**
   * What one of the brand's business accounts (its id) posted and the replies it gave: its
   * latest `ownedMedia` media (`/{ig-user-id}/media`), then the comments on each that has some,
   * with their replies (`/{ig-media-id}/comments?fields=...,replies{...}`). Instagram has no list
   * of an account's comments: its replies live under the comments on its own media, and no
   * hashtag read returns those comments, so they are emitted too (the comments it answers, and
   * those waiting for it). Comments are not in a documented order, so the window is read whole
   * each poll and ids already emitted are dropped. Same token and usage headers as the source;
   * 1 + (media with comments) calls per interval and account.
   */
  async pollOwned(account: string, rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    if (!/^\d+$/.test(account)) throw new VigieError('ERR_OWNED_ACCOUNT_UNKNOWN', `instagram: owned account ${JSON.stringify(account)} must be the numeric Instagram business account id`, { details: { account } });
    const now = this.ctx.clock.now();
    const saved = readCursor(rawCursor, ownedCursorSchema, this.ctx.logger, 'instagram');
    const seen = new Set(saved?.seen ?? []);
    const src: Source = { name: this.cfg.name, url: `${this.cfg.baseUrl}/${account}/media`, fetchedAt: new Date(now).toISOString() };
    const { data, url, usage } = await graphGet(this.cfg, `/${account}/media`, { fields: `${MEDIA_FIELDS},username`, limit: String(this.cfg.ownedMedia) }, signal, 'instagram');
    const media = graphList(data, url, 'instagram').items.slice(0, this.cfg.ownedMedia);
    const owner = { id: account, username: optString(optObject(media[0])?.username) };
    const out = [...mapItems(media, (m) => ownMediaToMention(m, owner, src), 'instagram', this.ctx).mentions];
    let retryAfterMs = usageWait(usage, this.cfg.usageLimit, this.ctx.logger, 'instagram');
    for (const m of media) {
      const mediaId = optString(optObject(m)?.id);
      if (!mediaId || retryAfterMs !== undefined || !(Number(optObject(m)?.comments_count) > 0)) continue;
      const c = await graphGet(this.cfg, `/${mediaId}/comments`, { fields: `${IG_COMMENT_FIELDS},replies{${IG_COMMENT_FIELDS}}`, limit: '50' }, signal, 'instagram');
      for (const comment of graphList(c.data, c.url, 'instagram').items) {
        const commentId = optString(optObject(comment)?.id);
        const replies = optObject(optObject(comment)?.replies)?.data;
        out.push(...mapItems([comment], (x) => igCommentToMention(x, mediaId, mediaId, owner, src), 'instagram', this.ctx).mentions);
        if (commentId && Array.isArray(replies)) out.push(...mapItems(replies, (x) => igCommentToMention(x, mediaId, commentId, owner, src), 'instagram', this.ctx).mentions);
      }
      retryAfterMs = longerWait(retryAfterMs, usageWait(c.usage, this.cfg.usageLimit, this.ctx.logger, 'instagram'));
    }
    const fresh = out.filter((m) => !seen.has(m.id));
    return { mentions: fresh, cursor: JSON.stringify({ seen: rememberIds(saved?.seen ?? [], fresh.map((m) => m.id), SEEN_MAX) }), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'instagram') ?? { seen: [] };
    let hashtagId = cursor.hashtagId;
    if (!hashtagId) {
      const { data, url } = await graphGet(this.cfg, '/ig_hashtag_search', { user_id: this.cfg.userId, q: this.cfg.hashtag }, signal, 'instagram');
      const found = graphList(data, url, 'instagram').items;
      hashtagId = optString(optObject(found[0])?.id);
      if (!hashtagId) throw schemaError('instagram', url, `no id for hashtag #${this.cfg.hashtag}`);
    }
    const src: Source = { name: this.cfg.name, url: `https://www.instagram.com/explore/tags/${encodeURIComponent(this.cfg.hashtag)}/`, fetchedAt: new Date(now).toISOString() };
    const floor = now - Math.min(WINDOW_MS, this.cfg.lookback);
    const seen = new Map(cursor.seen.filter(([, t]) => t * 1000 >= now - SEEN_KEEP_MS));
    const walk = new Set<string>();
    const fresh: RawMention[] = [];
    let after: string | undefined;
    let retryAfterMs: number | undefined;
    for (let page = 0; page < this.cfg.maxPages; page++) {
      const { data, url, usage } = await graphGet(this.cfg, `/${hashtagId}/recent_media`, { user_id: this.cfg.userId, fields: MEDIA_FIELDS, limit: '50', after }, signal, 'instagram');
      const list = graphList(data, url, 'instagram');
      const { mentions } = mapItems(list.items, (m) => mediaToMention(m, src), 'instagram', this.ctx);
      let added = 0;
      for (const m of mentions) {
        if (walk.has(m.id)) continue;
        walk.add(m.id);
        added++;
        const t = Date.parse(m.publishedAt);
        if (seen.has(m.id) || t < floor) continue;
        seen.set(m.id, Math.floor(t / 1000));
        fresh.push(m);
      }
      retryAfterMs = longerWait(retryAfterMs, usageWait(usage, this.cfg.usageLimit, this.ctx.logger, 'instagram'));
      // The end of the window, a pause, or a page that brought nothing new (a repeating cursor).
      if (!list.after || retryAfterMs !== undefined || added === 0) break;
      if (page + 1 === this.cfg.maxPages) this.ctx.logger.warn({ code: 'ERR_CONNECTOR_PAGE_CAP', kind: 'instagram', pages: this.cfg.maxPages }, 'the 24-hour window of this hashtag is longer than maxPages pages: media beyond them are not read (raise maxPages)');
      after = list.after;
    }
    const kept = [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, SEEN_MAX);
    return { mentions: fresh, cursor: JSON.stringify({ hashtagId, seen: kept }), hasMore: false, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
}
