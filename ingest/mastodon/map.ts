import { SCHEMA_VERSION, type RawMentionInput } from '../../core/mention.ts';
import { needIsoDate, needObject, needString, optBool, optCount, optObject, optString, MappingError } from '../kit/connector/read.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';

export interface StatusContext {
  /** Host of the instance the status was read from: native ids are only unique per instance. */
  instanceHost: string;
  sourceName?: string;
  /** The timeline or stream URL (without secrets). */
  sourceUrl: string;
  fetchedAt: string;
  excludeBots: boolean;
}

/** Mention id of a status: native ids are per instance, so the instance host scopes them. */
export function statusMentionId(instanceHost: string, statusId: string): string {
  return `mastodon:${instanceHost}:${statusId}`;
}

/**
 * The native id of a status: an opaque string ("cast from an integer, but not guaranteed to be a
 * number"; Pleroma, Akkoma and GoToSocial use other forms). Only its presence is checked.
 */
export function statusId(raw: unknown): string {
  const s = optObject(raw);
  const id = s && typeof s.id === 'string' ? s.id.trim() : '';
  if (!id || id.length > 100) throw new MappingError(`status id is missing or not a string (got ${JSON.stringify(s?.id)?.slice(0, 40)})`);
  return id;
}

/**
 * True when `a` sorts after `b` the way Mastodon's own web client compares ids: the longer
 * string first, then code-point order. That is time order for Mastodon's decimal ids and for the
 * fixed-length sortable ids of other servers, without parsing either as a number.
 */
export function isLaterId(a: string, b: string): boolean {
  return a.length !== b.length ? a.length > b.length : a > b;
}

/**
 * Maps a Mastodon Status entity to a raw mention: content HTML to text, the content warning as
 * title, account (id, acct made absolute, display name, URL, followers), favourites / reblogs /
 * replies, `in_reply_to_id` as parent, declared language. A reblog is mapped as the status it
 * boosts (the same id as the original, so the two collapse). Bots are left out on request
 * (the mention schema has no bot flag).
 */
export function statusToMention(raw: unknown, ctx: StatusContext): RawMentionInput | undefined {
  const outer = needObject(raw, 'status');
  const reblog = optObject(outer.reblog);
  const s = reblog ?? outer;
  const id = statusId(s);
  const account = needObject(s.account, 'status.account');
  if (ctx.excludeBots && optBool(account.bot) === true) return undefined;
  const acct = optString(account.acct);
  const username = optString(account.username);
  // `acct` is "user" for local accounts and "user@domain" for remote ones; make it absolute.
  const handle = acct ? (acct.includes('@') ? acct : `${acct}@${ctx.instanceHost}`) : username ? `${username}@${ctx.instanceHost}` : undefined;
  const displayName = optString(account.display_name);
  const content = typeof s.content === 'string' ? s.content : '';
  const spoiler = optString(s.spoiler_text);
  const parent = optString(s.in_reply_to_id);
  const likes = optCount(s.favourites_count);
  const shares = optCount(s.reblogs_count);
  const replies = optCount(s.replies_count);
  const lang = normalizeLanguageTag(optString(s.language));
  const url = optString(s.url) ?? optString(s.uri);
  return {
    schemaVersion: SCHEMA_VERSION,
    id: statusMentionId(ctx.instanceHost, id),
    source: { kind: 'mastodon', ...(ctx.sourceName ? { name: ctx.sourceName } : {}), url: ctx.sourceUrl },
    ...(url ? { url } : {}),
    publishedAt: needIsoDate(s.created_at, 'status.created_at'),
    fetchedAt: ctx.fetchedAt,
    ...(spoiler ? { title: htmlToText(spoiler, { singleLine: true, maxLength: 500 }) } : {}),
    text: htmlToText(content, { maxLength: 20_000 }),
    author: {
      ...(optString(account.id) ? { id: needString(account.id, 'account.id') } : {}),
      ...(handle ? { handle } : {}),
      ...(displayName ? { name: htmlToText(displayName, { singleLine: true, maxLength: 200 }) } : {}),
      ...(optString(account.url) ? { url: optString(account.url) } : {}),
      ...(optCount(account.followers_count) !== undefined ? { followers: optCount(account.followers_count) } : {}),
    },
    ...(likes !== undefined || shares !== undefined || replies !== undefined
      ? { engagement: { ...(likes !== undefined ? { likes } : {}), ...(shares !== undefined ? { shares } : {}), ...(replies !== undefined ? { replies } : {}) } }
      : {}),
    ...(parent ? { parentId: statusMentionId(ctx.instanceHost, parent) } : {}),
    ...(lang ? { lang } : {}),
  };
}
