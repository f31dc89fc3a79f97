import { createHash } from 'node:crypto';
import { FUTURE_SLACK_MS, SCHEMA_VERSION, type RawMention } from '../../core/mention.ts';
import { canonicalUrl } from '../kit/http/canonical-url.ts';
import { htmlToText } from '../kit/text/html-to-text.ts';
import { normalizeLanguageTag } from '../kit/text/language-tag.ts';
import { repairMojibake } from '../kit/text/mojibake.ts';
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
  /** Fields whose mojibake was repaired, by kind. */
  repairs: { doubleEncoded: number; c1Controls: number };
  /** Items kept from a broken document (cut off, malformed), with what was kept. */
  recovered: ParsedFeed['recovered'];
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
    skipped: [...feed.skipped],
    undated: 0,
    withoutGuid: 0,
    repairs: { doubleEncoded: 0, c1Controls: 0 },
    recovered: feed.recovered,
    warnings: [...feed.warnings],
  };
  // Mojibake is repaired per field, so one double-encoded title does not decide for the body.
  // It runs on the raw field (an NBSP inside a mojibake sequence survives only there) and
  // again on the text (mojibake written as entities, &Atilde;&copy;); one field counts once.
  const repair = (raw: string, toText: (s: string) => string): string => {
    const first = repairMojibake(raw);
    const second = repairMojibake(toText(first.text));
    const kind = first.kind ?? second.kind;
    if (kind === 'double-encoded') report.repairs.doubleEncoded++;
    else if (kind === 'c1-controls') report.repairs.c1Controls++;
    return second.text;
  };
  let badDates = 0;
  // A date further than a day ahead of the fetch is a wrong clock or a placeholder ("2199"):
  // such an item is skipped with its reason rather than dated in a future month no retention reaches.
  const latest = fetchedMs + FUTURE_SLACK_MS;
  const dated = feed.items.filter((item, index) => {
    const at = parseFeedDate(item.date);
    if (at === undefined || Date.parse(at) <= latest) return true;
    report.skipped.push({ index, reason: `dated in the future (${at.slice(0, 10)}, after the fetch time + 1 day)` });
    return false;
  });
  let markupOnly = 0;
  const all = dated.map((item): RawMention => {
    const title = item.title ? repair(item.title, (t) => htmlToText(item.titleIsText ? escapeText(t) : t, { singleLine: true, maxLength: 1000 })) : undefined;
    let markup = false;
    let body = item.bodyHtml
      ? repair(item.bodyHtml, (html) => {
          const read = bodyText(html, item.bodyIsText, maxTextLength);
          markup = read.markupOnly;
          return read.text;
        })
      : '';
    if (markup) markupOnly++;
    // A cut-off item keeps what could be read, ended by an ellipsis so a reader sees it is partial.
    if (item.partial && body && !body.endsWith('…')) body = `${body}…`;
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
    const authorName = item.author?.name ? repair(item.author.name, (n) => htmlToText(n, { singleLine: true, maxLength: 200 })) : undefined;
    // The same for the author's link (Atom <uri>, JSON Feed author.url): http(s) only.
    const authorUrl = item.author?.url ? canonicalUrl(item.author.url) : undefined;
    const author = authorName || authorUrl ? { ...(authorName ? { name: authorName } : {}), ...(authorUrl ? { url: authorUrl } : {}) } : undefined;
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
  const { doubleEncoded, c1Controls } = report.repairs;
  if (doubleEncoded || c1Controls) {
    report.warnings.push(`mojibake repaired in ${doubleEncoded + c1Controls} field(s)${doubleEncoded ? `: ${doubleEncoded} double-encoded UTF-8 (Ã© for é)` : ''}${c1Controls ? `${doubleEncoded ? ',' : ':'} ${c1Controls} with C1 controls read as Windows-1252 (\\x92 for ’)` : ''}`);
  }
  if (markupOnly) report.warnings.push(`${markupOnly} item(s) whose content is only markup (escaped tags): the markup is kept as their text`);
  if (report.recovered.length) report.warnings.push(`${report.recovered.length} item(s) recovered from broken XML: ${[...new Set(report.recovered.map((r) => r.reason))].join('; ')}`);
  if (report.withoutGuid) report.warnings.push(`${report.withoutGuid} item(s) without guid/id: ids derived from the link or title`);
  return { mentions, report };
}

/**
 * The text of an item's body. A body whose HTML holds no text at all but is not blank (a feed
 * about HTML whose description is `&lt;br /&gt;`) is the markup itself, kept as text rather
 * than an empty mention.
 */
function bodyText(html: string, isText: boolean | undefined, maxLength: number): { text: string; markupOnly: boolean } {
  if (isText) return { text: htmlToText(escapeText(html), { maxLength }), markupOnly: false };
  const text = htmlToText(html, { maxLength });
  if (text || !html.trim() || /<(img|iframe|video|audio|embed|object|svg|math)\b/i.test(html)) return { text, markupOnly: false };
  return { text: htmlToText(escapeText(html), { maxLength }), markupOnly: true };
}

/** Plain text must not be read as HTML: escape it so htmlToText only collapses whitespace. */
function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
