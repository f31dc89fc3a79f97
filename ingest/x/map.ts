import { SCHEMA_VERSION, type RawMentionInput } from '../../core/mention.ts';
import { isObject, needIsoDate, needObject, needString, optArray, optBool, optCount, optObject, optString, MappingError, type Json } from '../kit/connector/read.ts';
import { isNumericId } from '../kit/stream/ids.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';

/** The fields, expansions and user fields every X request asks for. */
export const TWEET_PARAMS: Record<string, string> = {
  // `tweet.fields`, not the OpenAPI's `post.fields`: both are accepted, this one is the name the
  // Fields guide and the stream routes document, and the one whose answer keys the mapper reads
  // (it also reads the post.fields keys, referenced_posts and note_post, should X switch).
  'tweet.fields': 'created_at,public_metrics,lang,conversation_id,in_reply_to_user_id,referenced_tweets,geo,author_id,note_tweet',
  expansions: 'author_id,geo.place_id',
  'user.fields': 'username,name,verified,public_metrics',
  'place.fields': 'full_name,country_code,geo',
};

/** Users and places of an answer's `includes`, by id. */
export interface Includes {
  users: Map<string, Json>;
  places: Map<string, Json>;
}

export function readIncludes(raw: unknown): Includes {
  const inc = optObject(raw);
  const byId = (list: unknown) => new Map((optArray(list) ?? []).filter(isObject).map((o) => [String(o.id), o] as [string, Json]));
  return { users: byId(inc?.users), places: byId(inc?.places) };
}

export function tweetMentionId(id: string): string {
  return `x:${id}`;
}

function geoOf(tweet: Json, inc: Includes): RawMentionInput['geo'] {
  const geo = optObject(tweet.geo);
  if (!geo) return undefined;
  const place = inc.places.get(String(geo.place_id ?? ''));
  const extra = { ...(optString(place?.country_code) ? { country: optString(place?.country_code) } : {}), ...(optString(place?.full_name) ? { place: optString(place?.full_name) } : {}) };
  const point = optArray(optObject(geo.coordinates)?.coordinates);
  // GeoJSON order: [longitude, latitude].
  if (point && typeof point[0] === 'number' && typeof point[1] === 'number' && Math.abs(point[1]) <= 90 && Math.abs(point[0]) <= 180) return { lat: point[1], lon: point[0], ...extra };
  const bbox = optArray(optObject(place?.geo)?.bbox);
  if (bbox && bbox.length === 4 && bbox.every((n) => typeof n === 'number')) {
    const [w, s, e, n] = bbox as number[];
    return { lat: (s! + n!) / 2, lon: (w! + e!) / 2, ...extra };
  }
  return undefined;
}

/** Maps an X API v2 Tweet object (with the answer's includes) to a raw mention. */
export function tweetToMention(raw: unknown, inc: Includes, ctx: { sourceName?: string; sourceUrl: string; fetchedAt: string }): RawMentionInput {
  const t = needObject(raw, 'tweet');
  // Ids are strings on purpose (64-bit); a number would have lost precision already.
  const id = needString(t.id, 'tweet.id');
  if (typeof t.id !== 'string' || !isNumericId(id)) throw new MappingError(`tweet.id is not a numeric string (got ${JSON.stringify(t.id)?.slice(0, 40)})`);
  const authorId = optString(t.author_id);
  const user = authorId ? inc.users.get(authorId) : undefined;
  const username = optString(user?.username);
  const metrics = optObject(t.public_metrics);
  const userMetrics = optObject(user?.public_metrics);
  const retweets = optCount(metrics?.retweet_count);
  const quotes = optCount(metrics?.quote_count);
  const shares = retweets === undefined && quotes === undefined ? undefined : (retweets ?? 0) + (quotes ?? 0);
  const likes = optCount(metrics?.like_count);
  const replies = optCount(metrics?.reply_count);
  const views = optCount(metrics?.impression_count);
  const parent = (optArray(t.referenced_tweets) ?? optArray(t.referenced_posts) ?? []).map(optObject).find((r) => r?.type === 'replied_to');
  // Posts longer than 280 characters carry their full text in note_tweet (note_post).
  const full = optString(optObject(t.note_tweet)?.text) ?? optString(optObject(t.note_post)?.text);
  const conversation = optString(t.conversation_id);
  const lang = normalizeLanguageTag(optString(t.lang));
  const geo = geoOf(t, inc);
  const followers = optCount(userMetrics?.followers_count);
  const verified = optBool(user?.verified);
  const name = optString(user?.name);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: tweetMentionId(id),
    source: { kind: 'x', ...(ctx.sourceName ? { name: ctx.sourceName } : {}), url: ctx.sourceUrl },
    url: username ? `https://x.com/${username}/status/${id}` : `https://x.com/i/web/status/${id}`,
    publishedAt: needIsoDate(t.created_at, 'tweet.created_at'),
    fetchedAt: ctx.fetchedAt,
    // The API escapes &, < and > in text as entities; decode them, keep line breaks.
    text: htmlToText((full ?? (typeof t.text === 'string' ? t.text : '')).replace(/\n/g, '<br>'), { maxLength: 20_000 }),
    ...(authorId
      ? {
          author: {
            id: authorId,
            ...(username ? { handle: username, url: `https://x.com/${username}` } : {}),
            ...(name ? { name } : {}),
            ...(followers !== undefined ? { followers } : {}),
            ...(verified !== undefined ? { verified } : {}),
          },
        }
      : {}),
    ...(likes !== undefined || shares !== undefined || replies !== undefined || views !== undefined
      ? { engagement: { ...(likes !== undefined ? { likes } : {}), ...(shares !== undefined ? { shares } : {}), ...(replies !== undefined ? { replies } : {}), ...(views !== undefined ? { views } : {}) } }
      : {}),
    ...(parent && optString(parent.id) ? { parentId: tweetMentionId(optString(parent.id)!) } : {}),
    ...(conversation && conversation !== id ? { threadId: tweetMentionId(conversation) } : {}),
    ...(lang ? { lang } : {}),
    ...(geo ? { geo } : {}),
  };
}
