import { z } from 'zod';
import type { ComponentContext, Connector, PollResult } from '../../core/contracts.ts';
import { schemaError } from '../kit/connector/client.ts';
import { readCursor } from '../kit/connector/cursor.ts';
import { mapItems } from '../kit/connector/map-items.ts';
import { newestFirstCursorSchema, newestFirstStep } from '../kit/connector/newest-first.ts';
import { optObject, optString } from '../kit/connector/read.ts';
import type { InstagramConfig } from './config.ts';
import { graphGet, graphList, usageWait } from './graph.ts';
import { mediaToMention, type Source } from './map.ts';

export const MEDIA_FIELDS = 'id,caption,media_type,permalink,timestamp,like_count,comments_count';

const cursorSchema = z.object({
  /** The hashtag's id, kept: each lookup counts against the 30-hashtags-per-week limit. */
  hashtagId: z.string().optional(),
  media: newestFirstCursorSchema.optional(),
});
export type InstagramCursor = z.infer<typeof cursorSchema>;

export type InstagramConnectorConfig = InstagramConfig & { name?: string };

/**
 * Polls the recent media of an Instagram hashtag (the last 24 hours, as the API serves them):
 * `ig_hashtag_search` once for the hashtag id, then `/{hashtag-id}/recent_media`, newest first,
 * walked with the `after` cursor.
 */
export class InstagramConnector implements Connector {
  constructor(
    private readonly cfg: InstagramConnectorConfig,
    private readonly ctx: ComponentContext,
  ) {}

  async poll(rawCursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    const now = this.ctx.clock.now();
    const cursor = readCursor(rawCursor, cursorSchema, this.ctx.logger, 'instagram') ?? {};
    let hashtagId = cursor.hashtagId;
    if (!hashtagId) {
      const { data, url } = await graphGet(this.cfg, '/ig_hashtag_search', { user_id: this.cfg.userId, q: this.cfg.hashtag }, signal, 'instagram');
      const found = graphList(data, url, 'instagram').items;
      hashtagId = optString(optObject(found[0])?.id);
      if (!hashtagId) throw schemaError('instagram', url, `no id for hashtag #${this.cfg.hashtag}`);
    }
    const src: Source = { name: this.cfg.name, url: `https://www.instagram.com/explore/tags/${encodeURIComponent(this.cfg.hashtag)}/`, fetchedAt: new Date(now).toISOString() };
    const { data, url, usage } = await graphGet(this.cfg, `/${hashtagId}/recent_media`, { user_id: this.cfg.userId, fields: MEDIA_FIELDS, limit: '50', after: cursor.media?.scan?.next }, signal, 'instagram');
    const list = graphList(data, url, 'instagram');
    const { mentions } = mapItems(list.items, (m) => mediaToMention(m, src), 'instagram', this.ctx);
    const keyed = mentions.map((m) => ({ item: m, id: m.id, key: Date.parse(m.publishedAt), timeMs: Date.parse(m.publishedAt) }));
    const step = newestFirstStep(cursor.media, { items: keyed, next: list.after }, now, this.cfg.lookback);
    const retryAfterMs = usageWait(usage, this.cfg.usageLimit, this.ctx.logger, 'instagram');
    return { mentions: step.fresh, cursor: JSON.stringify({ hashtagId, media: step.cursor }), hasMore: step.hasMore && retryAfterMs === undefined, retryAfterMs };
  }
}
