import { VigieError } from '../../core/errors.ts';
import type { RawMention } from '../../core/mention.ts';
import { decodeBody, stripLeadingJunk, type DecodedText } from '../kit/http/decode.ts';
import type { SafeResponse } from '../kit/http/fetch.ts';
import type { ParsedFeed } from './feed.ts';
import { parseJsonFeed } from './json-feed.ts';
import { feedToMentions, type FeedReport, type MapOptions } from './to-mentions.ts';
import { parseXmlFeed } from './xml-feed.ts';

/** Everything learnt from one feed document: how it was decoded, what it holds, the mentions. */
export interface FeedReading {
  decoded: Omit<DecodedText, 'text'>;
  feed: ParsedFeed;
  mentions: RawMention[];
  report: FeedReport;
}

/** Decodes and parses a feed body, whatever its format (RSS, RDF, Atom, JSON Feed). */
export function parseFeedText(text: string, contentType: string | undefined, feedUrl: string): ParsedFeed {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new VigieError('ERR_FEED_EMPTY', 'the feed is empty (no content in the response body)');
  const type = (contentType ?? '').toLowerCase();
  if (trimmed.startsWith('{') || trimmed.startsWith('[') || /[/+]json\b/.test(type)) return parseJsonFeed(trimmed, feedUrl);
  return parseXmlFeed(stripLeadingJunk(trimmed), feedUrl);
}

/** Reads a fetched feed response into mentions, with the decoding and parsing report. */
export function readFeed(res: Pick<SafeResponse, 'body' | 'contentType'>, opts: MapOptions): FeedReading {
  const { text, ...decoded } = decodeBody(res.body, res.contentType);
  const feed = parseFeedText(text, res.contentType, opts.feedUrl);
  const { mentions, report } = feedToMentions(feed, opts);
  if (decoded.warning) report.warnings.unshift(`encoding: ${decoded.warning}`);
  return { decoded, feed, mentions, report };
}
