import { SCHEMA_VERSION, type RawMentionInput } from '../../core/mention.ts';
import { foldText } from '../../core/text/fold.ts';
import { MappingError, needIsoDate, needObject, needString, optArray, optCount, optObject, optString } from '../kit/connector/read.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';

const POST_URI = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/;

/** Mention id of a post: its AT URI, the same from searchPosts and from the firehose. */
export function postMentionId(uri: string): string {
  return `bluesky:${uri}`;
}

/** The web address of a post (bsky.app accepts a handle or a DID). */
export function postWebUrl(actor: string, rkey: string): string {
  return `https://bsky.app/profile/${actor}/post/${rkey}`;
}

interface Common {
  sourceName?: string;
  sourceUrl: string;
  fetchedAt: string;
}

function replyIds(record: Record<string, unknown>): { parentId?: string; threadId?: string } {
  const reply = optObject(record.reply);
  const parent = optString(optObject(reply?.parent)?.uri);
  const root = optString(optObject(reply?.root)?.uri);
  return { ...(parent ? { parentId: postMentionId(parent) } : {}), ...(root ? { threadId: postMentionId(root) } : {}) };
}

function langOf(record: Record<string, unknown>): string | undefined {
  return normalizeLanguageTag(optString(optArray(record.langs)?.[0]));
}

/** Posts are sorted by `sortAt`, the earlier of createdAt and indexedAt (a post can be back-dated). */
export function sortAtMs(post: unknown): number | undefined {
  const p = optObject(post);
  const created = Date.parse(optString(optObject(p?.record)?.createdAt) ?? '');
  const indexed = Date.parse(optString(p?.indexedAt) ?? '');
  const both = [created, indexed].filter((n) => !Number.isNaN(n));
  return both.length ? Math.min(...both) : undefined;
}

/** Maps an app.bsky.feed.defs#postView (searchPosts) to a raw mention. */
export function postViewToMention(raw: unknown, ctx: Common): RawMentionInput {
  const post = needObject(raw, 'post');
  const uri = needString(post.uri, 'post.uri');
  const m = POST_URI.exec(uri);
  if (!m) throw new MappingError(`post.uri is not a post AT URI (got ${JSON.stringify(uri.slice(0, 80))})`);
  const author = needObject(post.author, 'post.author');
  const did = needString(author.did, 'post.author.did');
  const handle = optString(author.handle);
  const record = needObject(post.record, 'post.record');
  const name = optString(author.displayName);
  const verification = optString(optObject(author.verification)?.verifiedStatus);
  const likes = optCount(post.likeCount);
  const reposts = optCount(post.repostCount);
  const quotes = optCount(post.quoteCount);
  const replies = optCount(post.replyCount);
  const shares = reposts === undefined && quotes === undefined ? undefined : (reposts ?? 0) + (quotes ?? 0);
  const lang = langOf(record);
  const actor = handle && handle !== 'handle.invalid' ? handle : did;
  return {
    schemaVersion: SCHEMA_VERSION,
    id: postMentionId(uri),
    source: { kind: 'bluesky', ...(ctx.sourceName ? { name: ctx.sourceName } : {}), url: ctx.sourceUrl },
    url: postWebUrl(actor, m[2]!),
    publishedAt: needIsoDate(record.createdAt ?? post.indexedAt, 'post.record.createdAt'),
    fetchedAt: ctx.fetchedAt,
    text: typeof record.text === 'string' ? record.text : '',
    author: {
      id: did,
      ...(handle ? { handle } : {}),
      ...(name ? { name } : {}),
      url: `https://bsky.app/profile/${actor}`,
      ...(verification ? { verified: verification === 'valid' } : {}),
    },
    ...(likes !== undefined || shares !== undefined || replies !== undefined
      ? { engagement: { ...(likes !== undefined ? { likes } : {}), ...(shares !== undefined ? { shares } : {}), ...(replies !== undefined ? { replies } : {}) } }
      : {}),
    ...replyIds(record),
    ...(lang ? { lang } : {}),
  };
}

/** A Jetstream commit event reduced to what the connector needs, or undefined for anything but a post create/update. */
export interface JetstreamPost {
  timeUs: number;
  did: string;
  rkey: string;
  record: Record<string, unknown>;
}

/** Reads a Jetstream event; throws MappingError on a malformed post event. */
export function readJetstreamEvent(raw: unknown): { timeUs?: number; post?: JetstreamPost } {
  const ev = optObject(raw);
  const timeUs = typeof ev?.time_us === 'number' && Number.isSafeInteger(ev.time_us) ? ev.time_us : undefined;
  if (!ev || ev.kind !== 'commit') return { timeUs };
  const commit = optObject(ev.commit);
  if (!commit || commit.collection !== 'app.bsky.feed.post') return { timeUs };
  if (commit.operation !== 'create' && commit.operation !== 'update') return { timeUs };
  if (timeUs === undefined) throw new MappingError('time_us is missing');
  return { timeUs, post: { timeUs, did: needString(ev.did, 'did'), rkey: needString(commit.rkey, 'commit.rkey'), record: needObject(commit.record, 'commit.record') } };
}

/** Maps a firehose post (no handle, no counts: the firehose only has the record). */
export function jetstreamToMention(p: JetstreamPost, ctx: Common): RawMentionInput {
  const uri = `at://${p.did}/app.bsky.feed.post/${p.rkey}`;
  const lang = langOf(p.record);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: postMentionId(uri),
    source: { kind: 'bluesky', ...(ctx.sourceName ? { name: ctx.sourceName } : {}), url: ctx.sourceUrl },
    url: postWebUrl(p.did, p.rkey),
    publishedAt: needIsoDate(p.record.createdAt, 'commit.record.createdAt'),
    fetchedAt: ctx.fetchedAt,
    text: typeof p.record.text === 'string' ? p.record.text : '',
    author: { id: p.did, url: `https://bsky.app/profile/${p.did}` },
    ...replyIds(p.record),
    ...(lang ? { lang } : {}),
  };
}

/**
 * A matcher for the watch terms: any term, as whole words, after the same folding as the watch
 * queries (case, accents, elisions), so "Brûlerie Boréale" matches "brulerie boreale".
 */
export function termMatcher(terms: readonly string[]): (text: string) => boolean {
  const folded = terms.map((t) => foldText(t).trim()).filter(Boolean);
  const escaped = folded.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  const re = new RegExp(`(?:^|[^\\p{L}\\p{N}_])(?:${escaped.join('|')})(?=$|[^\\p{L}\\p{N}_])`, 'u');
  return (text) => folded.length > 0 && re.test(foldText(text));
}
