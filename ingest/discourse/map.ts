import type { RawMentionInput } from '../../core/mention.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { MappingError, needIsoDate, needObject, needString, optCount, optString, type Json } from '../kit/connector/read.ts';

/** Where a mention comes from, and how to build forum links and ids. */
export interface Forum {
  /** Base URL without trailing slash. */
  base: string;
  /** Host and sub-folder, the namespace of ids: forums number their posts independently. */
  ns: string;
  sourceName?: string;
  sourceUrl: string;
  fetchedAt: string;
}

export function forumOf(url: string, sourceName: string | undefined, sourceUrl: string, fetchedAt: string): Forum {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  return { base: `${u.origin}${path}`, ns: `${u.host}${path}`, sourceName, sourceUrl, fetchedAt };
}

/**
 * Ids are `discourse:<host>:<topic id>/<post number>`: the same post has the same id whether
 * it came from /posts.json, /search.json or /latest.json (a topic is its post number 1), and a
 * reply's parent id can be written without another call.
 */
export function postId(f: Forum, topicId: string, postNumber: string | number): string {
  return `discourse:${f.ns}:${topicId}/${postNumber}`;
}

/** An opening `<aside>` tag; `[^<>]` keeps a match inside one tag, so a failed try costs little. */
const ASIDE_OPEN = /<aside\b[^<>]*>/gi;
const QUOTE_CLASS = /\bclass="[^"]*\b(?:quote|onebox)\b/i;

/**
 * Quotes repeat another post and oneboxes show another page: neither is this author's text.
 * One regex for the whole quote backtracked: it rescanned the rest of the post from every
 * unclosed quote, and a long unclosed tag from every `class=` in it (a 1 MB post took minutes).
 * This scan reads the post once.
 */
export function cookedToText(cooked: string): string {
  const lower = cooked.toLowerCase();
  let out = '';
  let from = 0;
  ASIDE_OPEN.lastIndex = 0;
  for (let m = ASIDE_OPEN.exec(cooked); m; m = ASIDE_OPEN.exec(cooked)) {
    if (!QUOTE_CLASS.test(m[0])) continue;
    const end = lower.indexOf('</aside>', m.index);
    // Never closed: nothing after it is a quote's end, so the rest is kept as it is.
    if (end < 0) break;
    out += `${cooked.slice(from, m.index)} `;
    from = end + '</aside>'.length;
    ASIDE_OPEN.lastIndex = from;
  }
  return htmlToText(out + cooked.slice(from));
}

function likesOf(p: Json): number | undefined {
  const direct = optCount(p.like_count);
  if (direct !== undefined) return direct;
  // Older serializers only give likes in actions_summary (post action type 2 = like).
  const like = Array.isArray(p.actions_summary) ? (p.actions_summary as Json[]).find((a) => a?.id === 2) : undefined;
  return optCount(like?.count);
}

/** Post types that are not somebody's words: small actions ("closed the topic") and whispers. */
const NOT_CONTENT = new Set([3, 4]);

/** Maps a post of /posts.json (`cooked` HTML) or /search.json (`blurb` text) to a mention. */
export function postToMention(raw: unknown, f: Forum, topics: ReadonlyMap<string, Json> = new Map()): RawMentionInput | undefined {
  const p = needObject(raw, 'post');
  if (NOT_CONTENT.has(p.post_type as number) || p.hidden === true || optString(p.deleted_at)) return undefined;
  const topicId = needString(p.topic_id, 'topic_id');
  const number = needString(p.post_number, 'post_number');
  const username = optString(p.username);
  // Search results carry the topic's title and slug in a separate `topics` list.
  const topic = topics.get(topicId);
  const slug = optString(p.topic_slug) ?? optString(topic?.slug) ?? 'topic';
  const title = optString(p.topic_title) ?? optString(topic?.title);
  const body = optString(p.cooked) !== undefined ? cookedToText(String(p.cooked)) : optString(p.blurb) !== undefined ? htmlToText(String(p.blurb)) : undefined;
  if (body === undefined) throw new MappingError('cooked (or blurb) is missing');
  const replyTo = optString(p.reply_to_post_number);
  const isFirst = number === '1';
  return {
    id: postId(f, topicId, number),
    source: { kind: 'discourse', name: f.sourceName, url: f.sourceUrl },
    url: `${f.base}/t/${slug}/${topicId}/${number}`,
    publishedAt: needIsoDate(p.created_at, 'created_at'),
    fetchedAt: f.fetchedAt,
    title: isFirst && title ? htmlToText(title, { singleLine: true }) : undefined,
    text: body ?? '',
    author: username
      ? { id: optString(p.user_id), handle: username, name: optString(p.name) ?? optString(p.display_username), url: `${f.base}/u/${encodeURIComponent(username)}` }
      : undefined,
    engagement: { likes: likesOf(p), replies: optCount(p.reply_count), views: optCount(p.reads) },
    parentId: isFirst ? undefined : postId(f, topicId, replyTo ?? 1),
    threadId: isFirst ? undefined : postId(f, topicId, 1),
  };
}

/** Maps a topic of /latest.json to the mention of its first post (title + excerpt). */
export function topicToMention(raw: unknown, f: Forum, users: ReadonlyMap<string, Json>): RawMentionInput {
  const t = needObject(raw, 'topic');
  const topicId = needString(t.id, 'id');
  const title = htmlToText(optString(t.fancy_title) ?? needString(t.title, 'title'), { singleLine: true });
  const posters = Array.isArray(t.posters) ? (t.posters as Json[]) : [];
  const op = posters.find((p) => typeof p?.description === 'string' && p.description.includes('Original Poster'));
  const user = op ? users.get(String(op.user_id)) : undefined;
  const username = optString(user?.username);
  const excerpt = optString(t.excerpt);
  return {
    id: postId(f, topicId, 1),
    source: { kind: 'discourse', name: f.sourceName, url: f.sourceUrl },
    url: `${f.base}/t/${optString(t.slug) ?? 'topic'}/${topicId}`,
    publishedAt: needIsoDate(t.created_at, 'created_at'),
    fetchedAt: f.fetchedAt,
    title,
    text: excerpt ? htmlToText(excerpt) : title,
    author: username ? { id: optString(user?.id), handle: username, name: optString(user?.name), url: `${f.base}/u/${encodeURIComponent(username)}` } : undefined,
    // reply_count counts replies to replies too; posts_count - 1 is every post after the first.
    engagement: { likes: optCount(t.like_count), replies: optCount(typeof t.posts_count === 'number' ? t.posts_count - 1 : undefined), views: optCount(t.views) },
  };
}

/**
 * A `/user_actions.json` entry (a new topic or a reply) in the shape of a post: the action's
 * `excerpt` as text, its topic slug and title, `acting_username` as the author (who wrote it).
 */
export function actionAsPost(raw: unknown): Json {
  const a = needObject(raw, 'user_action');
  return {
    topic_id: a.topic_id,
    post_number: a.post_number,
    reply_to_post_number: a.reply_to_post_number,
    created_at: a.created_at,
    username: a.acting_username ?? a.username,
    user_id: a.acting_user_id ?? a.user_id,
    name: a.acting_name ?? a.name,
    blurb: typeof a.excerpt === 'string' ? a.excerpt : '',
    topic_slug: a.slug,
    topic_title: a.title,
    post_type: a.post_type,
    hidden: a.hidden,
    deleted_at: a.deleted === true ? 'deleted' : undefined,
  };
}
