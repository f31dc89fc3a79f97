import type { EnrichedMention } from '../../core/mention.ts';
import { foldText } from '../../enrich/text/fold.ts';

/** The stored document of one mention (fields in templates.ts `mentionMappings`). */
export type MentionDocument = Record<string, unknown>;

function namesWithRole(m: EnrichedMention, role: string): string[] {
  return [...new Set(m.matches.filter((x) => x.role === role).map((x) => x.name))];
}

function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '') || undefined;
  } catch {
    // Not a URL (some sources give an opaque permalink): no site rather than a wrong one.
    return undefined;
  }
}

function compact<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * Turns an enriched mention into its Elasticsearch document. The whole document is written on
 * every delivery (bulk `index`, not `update`), so a re-delivered mention with new engagement
 * numbers replaces the earlier one: one document, latest numbers.
 *
 * Computed here: `@timestamp` (= publishedAt), `text_folded`/`title_folded` (Vigie's folding,
 * because the core-only cluster cannot fold accents), `brand`/`competitor`/`industry` keyword
 * arrays (matches is an object array, so `matches.name` and `matches.role` are not correlated),
 * `voice` (brand and competitor names: share of voice without industry topics), `site` (host
 * of the mention's URL, without `www.`), `author.key` (`<source kind>:<author id>`, what
 * `vigie forget --author` takes),
 * `engagement.total`, `geo.location`, and `ingestedAt` (when the indexer wrote it).
 */
export function toDocument(m: EnrichedMention, ingestedAt: Date = new Date()): MentionDocument {
  const e = m.engagement;
  const total = e ? (e.likes ?? 0) + (e.shares ?? 0) + (e.replies ?? 0) : undefined;
  return compact({
    '@timestamp': m.publishedAt,
    id: m.id,
    schemaVersion: m.schemaVersion,
    source: compact({ ...m.source }),
    url: m.url,
    publishedAt: m.publishedAt,
    fetchedAt: m.fetchedAt,
    enrichedAt: m.enrichedAt,
    ingestedAt: ingestedAt.toISOString(),
    title: m.title,
    title_folded: m.title === undefined ? undefined : foldText(m.title),
    text: m.text,
    text_folded: foldText(m.text),
    author: m.author ? compact({ ...m.author, key: m.author.id === undefined ? undefined : `${m.source.kind}:${m.author.id}` }) : undefined,
    engagement: e ? compact({ ...e, total }) : undefined,
    parentId: m.parentId,
    threadId: m.threadId,
    declaredLang: m.declaredLang,
    lang: m.lang,
    sentiment: m.sentiment,
    matches: m.matches,
    brand: namesWithRole(m, 'brand'),
    competitor: namesWithRole(m, 'competitor'),
    industry: namesWithRole(m, 'industry'),
    voice: [...new Set([...namesWithRole(m, 'brand'), ...namesWithRole(m, 'competitor')])],
    site: siteOf(m.url),
    influence: m.influence,
    entities: m.entities,
    duplicateOf: m.duplicateOf,
    geo: m.geo ? compact({ location: { lat: m.geo.lat, lon: m.geo.lon }, country: m.geo.country, place: m.geo.place }) : undefined,
  });
}
