import type { Enrichment, RawMention } from '../../core/mention.ts';
import { mentionTokens } from '../../core/text/analyse.ts';
import { registrableDomain, urlHost } from '../../core/text/url.ts';

export type Entities = Enrichment['entities'];

function unique(xs: Iterable<string>): string[] {
  return [...new Set(xs)];
}

/**
 * Entities of a mention's title and text: hashtags (folded, without `#`), handles (folded,
 * without `@`; Mastodon `user@instance` kept whole), URLs (as written; the mention's own `url`
 * first; bare `www.` links get `http://`) and the registrable domains of those URLs.
 */
export function extractEntities(m: Readonly<Pick<RawMention, 'title' | 'text' | 'url'>>): Entities {
  const t = mentionTokens(m);
  const urls = unique([...(m.url ? [m.url] : []), ...t.urls.map((u) => (/^www\./i.test(u) ? `http://${u}` : u))]);
  const domains: string[] = [];
  for (const u of urls) {
    const h = urlHost(u);
    if (h) domains.push(registrableDomain(h));
  }
  return {
    hashtags: unique(t.hashtags.map((h) => h.tag)),
    handles: unique(t.handles.map((h) => h.handle)),
    urls,
    domains: unique(domains),
  };
}
