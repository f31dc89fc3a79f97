import type { RawMentionInput } from '../../core/mention.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { needEpochSeconds, needIsoDate, needObject, needString, optCount, optString } from '../kit/connector/read.ts';

const HN = 'https://news.ycombinator.com';

/** Maps one Algolia HN hit (story, comment, poll...) to a mention. */
export function hitToMention(raw: unknown, source: { name?: string; url: string }, fetchedAt: string): RawMentionInput {
  const hit = needObject(raw, 'hit');
  const id = needString(hit.objectID, 'objectID');
  const publishedAt = hit.created_at_i !== undefined ? needEpochSeconds(hit.created_at_i, 'created_at_i') : needIsoDate(hit.created_at, 'created_at');
  const tags = Array.isArray(hit._tags) ? hit._tags : [];
  const isComment = tags.includes('comment') || optString(hit.comment_text) !== undefined;
  const title = optString(hit.title) ? htmlToText(String(hit.title), { singleLine: true }) : undefined;
  const body = optString(isComment ? hit.comment_text : hit.story_text);
  const text = body ? htmlToText(body) : (title ?? '');
  const author = optString(hit.author);
  const storyId = optString(hit.story_id);
  const parentId = optString(hit.parent_id);
  return {
    id: `hackernews:${id}`,
    source: { kind: 'hackernews', name: source.name, url: source.url },
    url: `${HN}/item?id=${encodeURIComponent(id)}`,
    publishedAt,
    fetchedAt,
    title: isComment ? undefined : title,
    text,
    author: author ? { id: author, handle: author, url: `${HN}/user?id=${encodeURIComponent(author)}` } : undefined,
    engagement: { likes: optCount(hit.points), replies: optCount(hit.num_comments) },
    parentId: isComment && parentId ? `hackernews:${parentId}` : undefined,
    threadId: storyId && storyId !== id ? `hackernews:${storyId}` : undefined,
  };
}
