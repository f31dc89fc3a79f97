import { VigieError } from '../../core/errors.ts';

/** The syndication formats the `rss` connector reads. */
export type FeedFormat = 'rss' | 'rdf' | 'atom' | 'json';

/** One entry of a feed, fields as the feed gave them (text already cleaned). */
export interface FeedItem {
  /** guid / Atom id / rdf:about / JSON Feed id. */
  guid?: string;
  /** Absolute link to the item. */
  link?: string;
  title?: string;
  /** The title is plain text (Atom type="text"): `<` in it is a character, not a tag. */
  titleIsText?: boolean;
  /** HTML or text body, not cleaned yet. */
  bodyHtml?: string;
  /** The body is plain text (Atom type="text", JSON Feed content_text): do not parse tags. */
  bodyIsText?: boolean;
  /** Raw date string as written (parsed later, so a bad one can be reported). */
  date?: string;
  author?: { name?: string; url?: string };
  categories: string[];
  /** Declared language tag (not normalised). */
  lang?: string;
  /** The item was cut off: its text is what could be read, ended by an ellipsis. */
  partial?: boolean;
}

/** A parsed feed, before mapping to mentions. */
export interface ParsedFeed {
  format: FeedFormat;
  /** Human version label ("RSS 2.0", "Atom 1.0", "RSS 1.0 (RDF)", "JSON Feed 1.1"). */
  version: string;
  title?: string;
  link?: string;
  lang?: string;
  date?: string;
  /** Next page (RFC 5005 `rel="next"`, JSON Feed `next_url`). */
  next?: string;
  items: FeedItem[];
  /** Items that could not be read (cut off, empty), with why. */
  skipped: Array<{ index: number; reason: string }>;
  /** Items kept from broken XML (cut off, malformed): what could be read, marked partial when cut. */
  recovered: Array<{ index: number; reason: string }>;
  warnings: string[];
}

export function notAFeed(message: string, details?: Record<string, unknown>): VigieError {
  return new VigieError('ERR_FEED_NOT_A_FEED', message, { details });
}

export function malformed(message: string, details?: Record<string, unknown>): VigieError {
  return new VigieError('ERR_FEED_MALFORMED', message, { details });
}
