import { createHash } from 'node:crypto';
import { SCHEMA_VERSION, type RawMention } from '../../core/mention.ts';
import { canonicalUrl } from '../kit/http/canonical-url.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';
import { parseFeedDate } from './dates.ts';
import type { FeedItem, ParsedFeed } from './feed.ts';

export interface MapOptions {
  /** The configured feed URL: ids derive from it, not from where redirects led. */
  feedUrl: string;
  sourceName?: string;
  /** ISO-8601 time of the fetch. */
  fetchedAt: string;
  /** Longest `text` kept, in characters. */
  maxTextLength?: number;
}

/** What mapping a feed found worth telling the operator. */
export interface FeedReport {
  format: ParsedFeed['format'];
  version: string;
  title?: string;
  /** Entries in the document, readable or not. */
  itemCount: number;
  skipped: ParsedFeed['skipped'];
  /** Items without a date, or with an unreadable one: dated with the feed's date or the fetch time. */
  undated: number;
  /** Items without guid/id: their id comes from the link or a hash of title and link. */
  withoutGuid: number;
  /** Human-readable warnings (one per kind of problem, with counts). */
  warnings: string[];
}

const sha1 = (s: string): string => createHash('sha1').update(s).digest('hex');

/**
 * Stable id of a feed item: the guid (scoped to the feed URL, as guids are only unique per
 * feed), else the canonical link (so the same article in two feeds collapses), else a hash of
 * title and link.
 */
export function feedItemId(item: Pick<FeedItem, 'guid' | 'link' | 'title'>, feedUrl: string, text = ''): string {
  if (item.guid) return `rss:${sha1(`${feedUrl}\n${item.guid}`)}`;
  const canonical = item.link ? canonicalUrl(item.link) : undefined;
  if (canonical) return `rss:url:${sha1(canonical)}`;
  return `rss:h:${sha1(`${feedUrl}\n${item.title ?? ''}\n${item.link ?? ''}\n${item.title ? '' : text.slice(0, 500)}`)}`;
}

/** Maps a parsed feed to raw mentions (not yet validated: the runner validates at the boundary). */
export function feedToMentions(feed: ParsedFeed, opts: MapOptions): { mentions: RawMention[]; report: FeedReport } {
  const maxTextLength = opts.maxTextLength ?? 20_000;
  const fetchedMs = Date.parse(opts.fetchedAt);
  const feedDate = parseFeedDate(feed.date);
  // A feed date in the future is not a plausible publication date for its items.
  const fallbackDate = feedDate && Date.parse(feedDate) <= fetchedMs ? feedDate : opts.fetchedAt;
  const feedLang = normalizeLanguageTag(feed.lang);
  const report: FeedReport = {
    format: feed.format,
    version: feed.version,
    title: feed.title ? htmlToText(feed.title, { singleLine: true, maxLength: 500 }) : undefined,
    itemCount: feed.items.length + feed.skipped.length,
    skipped: feed.skipped,
    undated: 0,
    withoutGuid: 0,
    warnings: [...feed.warnings],
  };
  let badDates = 0;
  const all = feed.items.map((item): RawMention => {
    const title = item.title ? htmlToText(item.titleIsText ? escapeText(item.title) : item.title, { singleLine: true, maxLength: 1000 }) : undefined;
    const body = item.bodyHtml ? (item.bodyIsText ? htmlToText(escapeText(item.bodyHtml), { maxLength: maxTextLength }) : htmlToText(item.bodyHtml, { maxLength: maxTextLength })) : '';
    let publishedAt = parseFeedDate(item.date);
    if (!publishedAt) {
      report.undated++;
      if (item.date) badDates++;
      publishedAt = fallbackDate;
    }
    if (!item.guid) report.withoutGuid++;
    // Only http(s) links become the mention's url: a javascript: or data: link would later be
    // a clickable link in Kibana, alerts and reports.
    const link = item.link ? canonicalUrl(item.link) : undefined;
    const authorName = item.author?.name ? htmlToText(item.author.name, { singleLine: true, maxLength: 200 }) : undefined;
    const author = authorName || item.author?.url ? { ...(authorName ? { name: authorName } : {}), ...(item.author?.url ? { url: item.author.url } : {}) } : undefined;
    const lang = normalizeLanguageTag(item.lang) ?? feedLang;
    return {
      schemaVersion: SCHEMA_VERSION,
      id: feedItemId(item, opts.feedUrl, body),
      source: { kind: 'rss', ...(opts.sourceName ? { name: opts.sourceName } : {}), url: opts.feedUrl },
      ...(link ? { url: link } : {}),
      publishedAt,
      fetchedAt: opts.fetchedAt,
      ...(title ? { title } : {}),
      // An item with a title and no body (link blogs, some alerts) is still a mention: its title is its text.
      text: body || title || '',
      ...(author ? { author } : {}),
      ...(lang ? { lang } : {}),
    };
  });
  // A feed that lists an item twice (an update republished with its guid) gives one mention:
  // the first copy, which feeds put first because it is the newest.
  const ids = new Set<string>();
  const mentions = all.filter((m) => !ids.has(m.id) && ids.add(m.id) !== undefined);
  if (mentions.length < all.length) report.warnings.push(`${all.length - mentions.length} item(s) listed twice in the feed: kept once`);
  if (report.skipped.length) report.warnings.push(`${report.skipped.length} item(s) skipped: ${[...new Set(report.skipped.map((s) => s.reason))].join('; ')}`);
  if (report.undated) {
    report.warnings.push(`${report.undated} item(s) without a usable date${badDates ? ` (${badDates} unreadable)` : ''}: dated ${fallbackDate === opts.fetchedAt ? 'with the fetch time' : "with the feed's date"}`);
  }
  if (report.withoutGuid) report.warnings.push(`${report.withoutGuid} item(s) without guid/id: ids derived from the link or title`);
  return { mentions, report };
}

/** Plain text must not be read as HTML: escape it so htmlToText only collapses whitespace. */
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
