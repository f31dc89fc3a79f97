import type { RawMentionInput } from '../../core/mention.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { needEpochSeconds, needObject, needString, optBool, optCount, optString } from '../kit/connector/read.ts';

const WWW = 'https://www.reddit.com';

/** Accounts that are gone: their name is a placeholder, not an author. */
const NO_AUTHOR = new Set(['[deleted]', '[removed]']);

/** Maps one listing child (`{kind: "t3"|"t1", data}`) to a mention; other kinds are left out. */
export function thingToMention(raw: unknown, source: { name?: string; url: string }, fetchedAt: string): RawMentionInput | undefined {
  const thing = needObject(raw, 'listing child');
  const kind = needString(thing.kind, 'kind');
  if (kind !== 't3' && kind !== 't1') return undefined;
  const d = needObject(thing.data, 'data');
  // Removed by moderators or spam filters: the text is a placeholder.
  if (optString(d.removed_by_category)) return undefined;
  const name = optString(d.name) ?? `${kind}_${needString(d.id, 'id')}`;
  const author = optString(d.author);
  const permalink = optString(d.permalink);
  const base = {
    id: `reddit:${name}`,
    source: { kind: 'reddit', name: source.name, url: source.url },
    url: permalink ? `${WWW}${permalink}` : undefined,
    publishedAt: needEpochSeconds(d.created_utc, 'created_utc'),
    fetchedAt,
    author:
      author && !NO_AUTHOR.has(author)
        ? { id: optString(d.author_fullname), handle: author, url: `${WWW}/user/${encodeURIComponent(author)}`, verified: optBool(d.author_is_verified) }
        : undefined,
  };
  if (kind === 't3') {
    const title = needString(d.title, 'title');
    const html = optString(d.selftext_html);
    const self = optString(d.selftext);
    return {
      ...base,
      title,
      text: html ? htmlToText(html) : (self ?? title),
      engagement: { likes: optCount(d.score), replies: optCount(d.num_comments), shares: optCount(d.num_crossposts), views: optCount(d.view_count) },
    };
  }
  const html = optString(d.body_html);
  return {
    ...base,
    text: html ? htmlToText(html) : needString(d.body, 'body'),
    engagement: { likes: optCount(d.score) },
    parentId: optString(d.parent_id) ? `reddit:${d.parent_id as string}` : undefined,
    threadId: optString(d.link_id) ? `reddit:${d.link_id as string}` : undefined,
  };
}
