import type { Client } from '@elastic/elasticsearch';
import type { EnrichedMention } from '../../core/mention.ts';
import { fromDocument } from './document.ts';
import { indexNames } from './names.ts';
import { toIndexError } from './errors.ts';

/** What reading history back met. */
export interface HistoryStats {
  read: number;
  /** Documents that are no longer valid mentions (skipped, with the first reasons). */
  invalid: number;
  reasons: string[];
}

/**
 * Reads the mentions published in [fromMs, toMs) back from the mentions alias, oldest first, in
 * pages (`search_after` on publishedAt then id: no scroll context to keep, works on every
 * distribution). Yields pages of enriched mentions, so a month of a busy brand is never held at once.
 */
export async function* readHistory(client: Client, prefix: string, fromMs: number, toMs: number, stats: HistoryStats, pageSize = 2000): AsyncGenerator<EnrichedMention[]> {
  const index = indexNames(prefix).mentionsAlias;
  let after: unknown[] | undefined;
  for (;;) {
    let res;
    try {
      res = await client.search({
        index,
        size: pageSize,
        query: { range: { publishedAt: { gte: new Date(fromMs).toISOString(), lt: new Date(toMs).toISOString() } } },
        sort: [{ publishedAt: 'asc' }, { id: 'asc' }],
        ...(after ? { search_after: after as never } : {}),
        ignore_unavailable: true,
        allow_no_indices: true,
      });
    } catch (e) {
      throw toIndexError(e, `GET ${index}/_search`);
    }
    const hits = res.hits.hits;
    if (hits.length === 0) return;
    const page: EnrichedMention[] = [];
    for (const h of hits) {
      try {
        page.push(fromDocument(h._source as Record<string, unknown>));
      } catch (e) {
        stats.invalid += 1;
        if (stats.reasons.length < 5) stats.reasons.push(`${h._id}: ${(e as Error).message.slice(0, 200)}`);
      }
    }
    stats.read += hits.length;
    yield page;
    after = hits.at(-1)!.sort as unknown[];
    if (hits.length < pageSize) return;
  }
}
