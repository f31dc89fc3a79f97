import type { RawMentionInput } from '../../core/mention.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { needEpochSeconds, needObject, needString, optCount, optObject, optString } from '../kit/connector/read.ts';

/** Sites written in one language (the localized Stack Overflows). */
const SITE_LANG: Record<string, string> = { 'pt.stackoverflow': 'pt', 'es.stackoverflow': 'es', 'ru.stackoverflow': 'ru', 'ja.stackoverflow': 'ja' };

/** Maps one question of `search/advanced` to a mention; titles and names arrive HTML-escaped. */
export function questionToMention(raw: unknown, site: string, source: { name?: string; url: string }, fetchedAt: string): RawMentionInput {
  const q = needObject(raw, 'item');
  const id = needString(q.question_id, 'question_id');
  const title = optString(q.title) ? htmlToText(String(q.title), { singleLine: true }) : undefined;
  const body = optString(q.body);
  const owner = optObject(q.owner);
  // Deleted accounts come back as user_type "does_not_exist" without a user_id.
  const ownerId = optString(owner?.user_id);
  const ownerName = optString(owner?.display_name);
  return {
    id: `stackexchange:${site}:q${id}`,
    source: { kind: 'stackexchange', name: source.name, url: source.url },
    url: optString(q.link),
    publishedAt: needEpochSeconds(q.creation_date, 'creation_date'),
    fetchedAt,
    title,
    text: body ? htmlToText(body) : (title ?? ''),
    author: owner && (ownerId || ownerName) ? { id: ownerId, name: ownerName ? htmlToText(ownerName, { singleLine: true }) : undefined, url: optString(owner.link) } : undefined,
    // A score can be negative; a mention's counts cannot, so a negative score is left unknown.
    engagement: { likes: optCount(q.score), replies: optCount(q.answer_count), views: optCount(q.view_count) },
    lang: SITE_LANG[site],
  };
}
