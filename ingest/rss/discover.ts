import { parseShallow } from '../kit/text/parse-shallow.ts';

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|rdf\+xml|json)$|^text\/xml$/i;

/** The feeds an HTML page advertises with `<link rel="alternate" type="application/rss+xml" href>`. */
export function findFeedLinks(html: string, pageUrl: string): Array<{ url: string; type: string; title?: string }> {
  const out: Array<{ url: string; type: string; title?: string }> = [];
  // Any nesting depth, in linear time: a hostile page must not cost minutes of CPU.
  parseShallow(html, {
    onopentag(name, attrs) {
      if (name !== 'link' || !attrs.href || !attrs.type) return;
      const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
      if (!rels.includes('alternate') || !FEED_TYPES.test(attrs.type.trim())) return;
      try {
        const parsed = new URL(attrs.href, pageUrl);
        // Only what the rss connector can fetch is offered: a javascript: or data: "feed" is a trap.
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return;
        const url = parsed.toString();
        if (!out.some((l) => l.url === url)) out.push({ url, type: attrs.type.trim(), ...(attrs.title ? { title: attrs.title } : {}) });
      } catch {
        // An unparseable href is not a feed we can offer; the others still are.
      }
    },
  }, {});
  return out;
}

/** A platform recognised from its URL, for which a dedicated connector would do better than the page. */
export interface PlatformHint {
  platform: 'reddit' | 'mastodon' | 'discourse' | 'youtube';
  /** The platform's own RSS/Atom feed for the same content, readable by the `rss` connector. */
  feedUrl?: string;
}

/**
 * Recognises Reddit, Mastodon tag, Discourse and YouTube channel URLs that are not feeds
 * themselves, and names the feed the same platform publishes.
 */
export function platformHint(rawUrl: string): PlatformHint | undefined {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return undefined;
  }
  const path = u.pathname.replace(/\/+$/, '');
  if (/\.(rss|xml|atom|json)$/i.test(path) || u.searchParams.has('feed')) return undefined;
  const withPath = (p: string) => {
    const v = new URL(u.toString());
    v.pathname = p;
    return v.toString();
  };
  if (/(^|\.)reddit\.com$/i.test(u.hostname) && /^\/(r|user|u)\//.test(path)) return { platform: 'reddit', feedUrl: withPath(`${path}/.rss`) };
  if (/^\/tags\/[^/]+$/.test(path)) return { platform: 'mastodon', feedUrl: withPath(`${path}.rss`) };
  if (/^\/(latest|top|c\/.+|t\/.+)$/.test(path)) return { platform: 'discourse', feedUrl: withPath(`${path}.rss`) };
  const channel = /^\/channel\/([A-Za-z0-9_-]+)$/.exec(path);
  if (/(^|\.)youtube\.com$/i.test(u.hostname) && channel) return { platform: 'youtube', feedUrl: `https://www.youtube.com/feeds/videos.xml?channel_id=${channel[1]}` };
  return undefined;
}
