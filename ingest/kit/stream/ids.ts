/** Platform ids that are decimal integers too large for a double (Mastodon, X snowflakes). */
const DIGITS = /^\d{1,40}$/;

export function isNumericId(s: unknown): s is string {
  return typeof s === 'string' && DIGITS.test(s);
}

/** The larger of two numeric ids (undefined counts as smallest). */
export function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}

/** The smaller of two numeric ids (undefined counts as largest). */
export function minId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return BigInt(a) <= BigInt(b) ? a : b;
}

/** True when `a` is strictly after `b`. */
export function isAfter(a: string, b: string): boolean {
  return BigInt(a) > BigInt(b);
}

/**
 * Parses an RFC 8288 `Link` header (`<url>; rel="next", <url>; rel="prev"`) into rel → URL,
 * resolving relative URLs against `base`.
 */
export function parseLinkHeader(header: string | undefined, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!m) continue;
    const rel = /rel\s*=\s*"?([^";]+)"?/i.exec(m[2]!)?.[1];
    if (!rel) continue;
    try {
      for (const r of rel.trim().split(/\s+/)) out[r.toLowerCase()] = new URL(m[1]!, base).toString();
    } catch {
      // An unparseable link is ignored: paging then stops, which the caller reports.
    }
  }
  return out;
}
