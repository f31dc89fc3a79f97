import type { RawMentionInput } from '../../core/mention.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';
import { needIsoDate, needObject, needString, optCount, optObject, optString, type Json } from '../kit/connector/read.ts';

const WATCH = 'https://www.youtube.com/watch?v=';

export interface Source {
  name?: string;
  url: string;
  fetchedAt: string;
}

/** The video id of a search result (`id: {kind: "youtube#video", videoId}`); undefined for channels/playlists. */
export function searchVideoId(item: unknown): string | undefined {
  const id = optObject(optObject(item)?.id);
  return id?.kind === 'youtube#video' ? optString(id.videoId) : undefined;
}

function geoOf(video: Json | undefined): RawMentionInput['geo'] {
  const loc = optObject(optObject(video?.recordingDetails)?.location);
  const lat = loc?.latitude;
  const lon = loc?.longitude;
  if (typeof lat !== 'number' || typeof lon !== 'number' || Math.abs(lat) > 90 || Math.abs(lon) > 180) return undefined;
  return { lat, lon, place: optString(optObject(video?.recordingDetails)?.locationDescription) };
}

/**
 * Maps a search result, completed by its videos.list resource when there is one (full
 * description, statistics, declared language, recording location).
 */
export function videoToMention(item: unknown, video: Json | undefined, src: Source): RawMentionInput {
  const result = needObject(item, 'search result');
  const id = needString(optObject(result.id)?.videoId, 'id.videoId');
  const snippet = { ...needObject(result.snippet, 'snippet'), ...(optObject(video?.snippet) ?? {}) };
  const stats = optObject(video?.statistics);
  const channelId = optString(snippet.channelId);
  const title = optString(snippet.title);
  // search.list escapes HTML in titles and descriptions ("&#39;"); videos.list does not, and plain text survives htmlToText.
  const description = optString(snippet.description);
  return {
    id: `youtube:${id}`,
    source: { kind: 'youtube', name: src.name, url: src.url },
    url: `${WATCH}${id}`,
    publishedAt: needIsoDate(snippet.publishedAt, 'snippet.publishedAt'),
    fetchedAt: src.fetchedAt,
    title: title ? htmlToText(title, { singleLine: true }) : undefined,
    text: description ? htmlToText(description.replace(/\n/g, '<br>')) : title ? htmlToText(title, { singleLine: true }) : '',
    author: channelId ? { id: channelId, name: optString(snippet.channelTitle), url: `https://www.youtube.com/channel/${channelId}` } : undefined,
    engagement: { likes: optCount(stats?.likeCount), replies: optCount(stats?.commentCount), views: optCount(stats?.viewCount) },
    lang: normalizeLanguageTag(optString(snippet.defaultLanguage) ?? optString(snippet.defaultAudioLanguage)),
    geo: geoOf(video),
  };
}

/** Maps one comment resource (top-level or reply) to a mention. */
export function commentToMention(raw: unknown, videoId: string | undefined, replies: number | undefined, src: Source): RawMentionInput {
  const c = needObject(raw, 'comment');
  const id = needString(c.id, 'comment id');
  const s = needObject(c.snippet, 'comment snippet');
  const video = optString(s.videoId) ?? videoId;
  const display = optString(s.authorDisplayName);
  const parent = optString(s.parentId);
  return {
    id: `youtube:${id}`,
    source: { kind: 'youtube', name: src.name, url: src.url },
    url: video ? `${WATCH}${video}&lc=${id}` : undefined,
    publishedAt: needIsoDate(s.publishedAt, 'snippet.publishedAt'),
    fetchedAt: src.fetchedAt,
    text: htmlToText(needString(s.textDisplay ?? s.textOriginal, 'snippet.textDisplay')),
    author: {
      id: optString(optObject(s.authorChannelId)?.value),
      // Display names are "@handle" since handles replaced custom names.
      handle: display?.startsWith('@') ? display.slice(1) : undefined,
      name: display,
      url: optString(s.authorChannelUrl),
    },
    engagement: { likes: optCount(s.likeCount), replies },
    parentId: parent ? `youtube:${parent}` : video ? `youtube:${video}` : undefined,
    threadId: video ? `youtube:${video}` : undefined,
  };
}
