/** Query parameters that only track the click and never change what the page is. */
const TRACKING = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|yclid|igshid|_hsenc|_hsmi|mkt_tok)$/i;

/**
 * Canonical form of a link, used to build ids when a source gives none: absolute (resolved
 * against `base`), lower-case scheme and host, no default port, no fragment, no tracking
 * parameters. Returns undefined for anything that is not an http(s) URL.
 */
export function canonicalUrl(link: string, base?: string): string | undefined {
  let u: URL;
  try {
    u = base === undefined ? new URL(link.trim()) : new URL(link.trim(), base);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
  // URLSearchParams re-encodes the query; only touch it when something was removed.
  if ([...u.searchParams.keys()].length === 0) u.search = '';
  return u.toString();
}
