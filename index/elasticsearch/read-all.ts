import type { Client } from '@elastic/elasticsearch';
import { toIndexError } from './errors.ts';

type Json = Record<string, unknown>;

/**
 * Every hit of a search, page after page (`search_after` on the caller's sort, which must end
 * on a unique field such as `id`), for readers that need each value and not an approximation
 * (exact percentiles of response times). `max` bounds the memory: past it the walk stops and
 * `complete` is false. Missing indices give no hits.
 */
export async function searchAll<T>(
  client: Client,
  params: { index: string; query: Json; sort: Json[]; _source: string[] },
  o: { what: string; pageSize?: number; max?: number; signal?: AbortSignal },
): Promise<{ hits: T[]; complete: boolean }> {
  const pageSize = o.pageSize ?? 5000;
  const max = o.max ?? 200_000;
  const hits: T[] = [];
  let after: unknown[] | undefined;
  for (;;) {
    const res = await client
      .search<T>(
        { index: params.index, ignore_unavailable: true, allow_no_indices: true, size: pageSize, track_total_hits: false, query: params.query, sort: params.sort as never, _source: params._source, ...(after ? { search_after: after as never } : {}) },
        o.signal ? { signal: o.signal } : undefined,
      )
      .catch((e) => {
        throw toIndexError(e, o.what);
      });
    const page = res.hits.hits;
    for (const h of page) if (h._source) hits.push(h._source);
    if (page.length < pageSize) return { hits, complete: true };
    if (hits.length >= max) return { hits, complete: false };
    after = page[page.length - 1]!.sort as unknown[];
  }
}

/** What the community manager did with a mention on the desk (`<prefix>-desk`, `_id` = mention id). */
export interface DeskState {
  mentionId: string;
  state?: 'handled' | 'snoozed' | null;
  snoozedUntil?: string | null;
  assignee?: string;
  updatedAt: string;
  by?: string;
}

/** The desk state of each mention that has one (no desk index yet: none). */
export async function readDeskStates(client: Client, index: string, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, DeskState>> {
  const out = new Map<string, DeskState>();
  // mget in slices: a week can hold thousands of waiting mentions.
  for (let i = 0; i < ids.length; i += 1000) {
    const res = await client.mget<DeskState>({ index, ids: ids.slice(i, i + 1000) }, signal ? { signal } : undefined).catch((e) => {
      if ((e as { statusCode?: number }).statusCode === 404) return { docs: [] };
      throw toIndexError(e, 'read the desk state');
    });
    for (const d of res.docs) if ('found' in d && d.found && d._source) out.set(d._id, d._source);
  }
  return out;
}
