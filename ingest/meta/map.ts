import { createHash } from 'node:crypto';
import type { RawMentionInput } from '../../core/mention.ts';
import { needIsoDate, needObject, needString, optCount, optObject, optString, type Json } from '../kit/connector/read.ts';

export interface Source {
  name?: string;
  url: string;
  fetchedAt: string;
}

/** Graph summaries: `reactions: {data: [], summary: {total_count}}`. */
function total(edge: unknown): number | undefined {
  return optCount(optObject(optObject(edge)?.summary)?.total_count);
}

function geoOf(place: Json | undefined): RawMentionInput['geo'] {
  const loc = optObject(place?.location);
  const lat = loc?.latitude;
  const lon = loc?.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number' || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon, country: optString(loc?.country), place: optString(place?.name) };
}

function fromOf(from: unknown): RawMentionInput['author'] {
  const f = optObject(from);
  const id = optString(f?.id);
  if (!id) return undefined;
  return { id, name: optString(f?.name), url: `https://www.facebook.com/${id}` };
}

/**
 * The fields every Graph object maps alike: the prefixed id, the source, its link and its
 * creation time (the field names differ between Facebook and Instagram).
 */
function graphFields(o: Json, kind: 'facebook' | 'instagram', src: Source, linkField: string, timeField: string) {
  return {
    id: `${kind}:${needString(o.id, 'id')}`,
    source: { kind, name: src.name, url: src.url },
    url: optString(o[linkField]),
    publishedAt: needIsoDate(o[timeField], timeField),
    fetchedAt: src.fetchedAt,
  };
}

/** Maps a Page post (`/{page-id}/posts` with the fields asked for in `POST_FIELDS`). */
export function postToMention(raw: unknown, src: Source): RawMentionInput {
  const p = needObject(raw, 'post');
  return {
    ...graphFields(p, 'facebook', src, 'permalink_url', 'created_time'),
    // A post without a message (a shared photo, a cover change) has its `story` line.
    text: optString(p.message) ?? optString(p.story) ?? '',
    author: fromOf(p.from),
    engagement: { likes: total(p.reactions), shares: optCount(optObject(p.shares)?.count), replies: total(p.comments) },
    geo: geoOf(optObject(p.place)),
  };
}

/**
 * The id of a comment. Since Graph API v11, `id` is left out for apps reading Pages they cannot
 * moderate (Page Public Content Access), so it is rebuilt: from `permalink_url`'s `comment_id`
 * (`<post object id>_<comment id>`, the form Meta uses), else as a stable digest of the post,
 * creation time, author and text, so a comment re-read later keeps the same id.
 */
export function commentId(c: Json, postId: string): string {
  const id = optString(c.id);
  if (id) return id;
  const link = optString(c.permalink_url);
  let fromLink: string | null = null;
  try {
    fromLink = link ? new URL(link).searchParams.get('comment_id') : null;
  } catch {
    fromLink = null;
  }
  if (fromLink && /^\d+$/.test(fromLink)) return `${postId.split('_').pop()}_${fromLink}`;
  const created = needIsoDate(c.created_time, 'created_time');
  const digest = createHash('sha256').update([postId, created, optString(optObject(c.from)?.id) ?? '', optString(c.message) ?? ''].join('\u0000')).digest('hex').slice(0, 20);
  return `${postId}:c${digest}`;
}

/** Maps a comment of `/{post-id}/comments` (filter=stream: replies come flat, with `parent`). */
export function commentToMention(raw: unknown, postId: string, src: Source): RawMentionInput {
  const c = needObject(raw, 'comment');
  const parent = optString(optObject(c.parent)?.id);
  return {
    ...graphFields({ ...c, id: commentId(c, postId) }, 'facebook', src, 'permalink_url', 'created_time'),
    text: optString(c.message) ?? '',
    author: fromOf(c.from),
    engagement: { likes: optCount(c.like_count), replies: optCount(c.comment_count) },
    parentId: `facebook:${parent ?? postId}`,
    threadId: `facebook:${postId}`,
  };
}

/** Maps a media of `/{hashtag-id}/recent_media`; the API gives no owner for hashtag media. */
export function mediaToMention(raw: unknown, src: Source): RawMentionInput {
  const m = needObject(raw, 'media');
  return {
    ...graphFields(m, 'instagram', src, 'permalink', 'timestamp'),
    text: optString(m.caption) ?? '',
    // like_count is absent when the owner hides likes.
    engagement: { likes: optCount(m.like_count), replies: optCount(m.comments_count) },
  };
}

/** An Instagram account as the owned read knows it: the id configured and its username. */
export interface IgOwner {
  id: string;
  username?: string;
}

/** The author of an IG comment (`from {id, username}`, or `username` alone); the owner's own by id. */
function igAuthor(c: Json, owner: IgOwner): RawMentionInput['author'] {
  const username = optString(optObject(c.from)?.username) ?? optString(c.username);
  const id = username !== undefined && username === owner.username ? owner.id : optString(optObject(c.from)?.id);
  if (!id && !username) return undefined;
  return { id, handle: username, url: username ? `https://www.instagram.com/${encodeURIComponent(username)}/` : undefined };
}

/** Maps a media of the owned account's `/{ig-user-id}/media`: the account is its author. */
export function ownMediaToMention(raw: unknown, owner: IgOwner, src: Source): RawMentionInput {
  const m = needObject(raw, 'media');
  return { ...mediaToMention(m, src), author: { id: owner.id, handle: owner.username ?? optString(m.username), url: optString(m.permalink) } };
}

/**
 * Maps a comment of `/{ig-media-id}/comments` (parent = the media) or one of its `replies`
 * (parent = the comment). Replies written by the owned account get its id as author.
 */
export function igCommentToMention(raw: unknown, mediaId: string, parentId: string, owner: IgOwner, src: Source): RawMentionInput {
  const c = needObject(raw, 'comment');
  return {
    ...graphFields(c, 'instagram', src, 'permalink', 'timestamp'),
    text: optString(c.text) ?? '',
    author: igAuthor(c, owner),
    engagement: { likes: optCount(c.like_count) },
    parentId: `instagram:${parentId}`,
    threadId: `instagram:${mediaId}`,
  };
}
