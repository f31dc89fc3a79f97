/**
 * Finds the readable feeds of a brand's website for `vigie init`: the feeds the home page
 * advertises (<link rel="alternate">), else the usual paths of common CMSs; each one fetched and
 * read with the connector's own code, so only feeds Vigie can read are proposed.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { toVigieError } from '../../core/errors.ts';
import { decodeBody } from '../../ingest/kit/http/decode.ts';
import { safeFetch } from '../../ingest/kit/http/fetch.ts';
import { isPrivateAddress } from '../../ingest/kit/http/ip-guard.ts';
import { findFeedLinks } from '../../ingest/rss/discover.ts';
import { readFeed } from '../../ingest/rss/read-feed.ts';

export interface FoundFeed {
  url: string;
  title?: string;
  items: number;
}

/** WordPress, Ghost, Hugo, Jekyll, Drupal and the like put their feed at one of these. */
const USUAL_PATHS = ['/feed', '/rss.xml', '/feed.xml', '/atom.xml', '/index.xml', '/rss', '/feed/'];

/**
 * True when the site is on this machine or a private network: the user typed it, so init may
 * read it, and the source it writes then needs `allowPrivate: true` (the connector refuses
 * private addresses otherwise).
 */
export async function isPrivateSite(url: string): Promise<boolean> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host);
  const addrs = await lookup(host, { all: true }).catch(() => []);
  return addrs.length > 0 && addrs.every((a) => isPrivateAddress(a.address));
}

async function tryFeed(url: string, allowPrivate: boolean): Promise<FoundFeed | undefined> {
  try {
    const res = await safeFetch(url, { timeoutMs: 10_000, allowPrivate });
    const r = readFeed(res, { feedUrl: res.url, fetchedAt: new Date().toISOString() });
    return { url: res.url, ...(r.report.title ? { title: r.report.title } : {}), items: r.mentions.length };
  } catch {
    return undefined;
  }
}

/** The readable feeds of `site`, at most `max`; `problem` says why none was found when the site itself failed. */
export async function discoverFeeds(site: string, o: { allowPrivate: boolean; max?: number }): Promise<{ feeds: FoundFeed[]; problem?: string }> {
  const max = o.max ?? 3;
  let candidates: string[];
  try {
    const res = await safeFetch(site, { timeoutMs: 10_000, allowPrivate: o.allowPrivate });
    const direct = await tryFeed(res.url, o.allowPrivate);
    if (direct) return { feeds: [direct] };
    const { text } = decodeBody(res.body, res.contentType);
    candidates = findFeedLinks(text, res.url).map((l) => l.url);
    if (candidates.length === 0) candidates = USUAL_PATHS.map((p) => new URL(p, res.url).href);
  } catch (e) {
    return { feeds: [], problem: toVigieError(e).message };
  }
  const feeds: FoundFeed[] = [];
  for (const c of [...new Set(candidates)]) {
    if (feeds.length >= max) break;
    const f = await tryFeed(c, o.allowPrivate);
    if (f && !feeds.some((x) => x.url === f.url)) feeds.push(f);
  }
  return { feeds };
}
