import type { Client } from '@elastic/elasticsearch';
import { VigieError } from '../../core/errors.ts';
import { toIndexError } from './errors.ts';
import { classifyBulkResponse, type BulkResponseLike } from './bulk-result.ts';
import { DEFAULT_PREFIX, indexNames } from './names.ts';

export interface ForgetOptions {
  /** `<platform>:<author id>` as stored in `author.key` (or the raw `author.id`). */
  author: string;
  prefix?: string;
  /** Count only. */
  dryRun?: boolean;
  pageSize?: number;
}

export interface ForgetReport {
  author: string;
  found: number;
  deleted: number;
  byIndex: Record<string, number>;
}

/**
 * Right to erasure: deletes every mention of one author from every monthly index. The core-only
 * distribution has no `_delete_by_query`, so ids are collected with `search_after` (sorted on
 * the `id` keyword) and deleted with bulk `delete` operations; then the count is checked again.
 */
export async function forgetAuthor(client: Client, opts: ForgetOptions): Promise<ForgetReport> {
  if (!/^[^:\s]+:\S+$/.test(opts.author)) throw new VigieError('ERR_USAGE', `--author must be <platform>:<id>, got ${JSON.stringify(opts.author)}`);
  const n = indexNames(opts.prefix ?? DEFAULT_PREFIX);
  const query = { bool: { should: [{ term: { 'author.key': opts.author } }, { term: { 'author.id': opts.author } }], minimum_should_match: 1 } };
  const target = { index: n.mentionsPattern, ignore_unavailable: true, allow_no_indices: true };
  const hits: Array<{ index: string; id: string }> = [];
  let after: unknown[] | undefined;
  for (;;) {
    const page = await client
      .search({ ...target, query, size: opts.pageSize ?? 1000, _source: false, sort: [{ id: 'asc' }, { _index: 'asc' }], ...(after ? { search_after: after as never } : {}) })
      .catch((e) => { throw toIndexError(e, 'search author mentions'); });
    for (const h of page.hits.hits) hits.push({ index: h._index, id: h._id! });
    if (page.hits.hits.length < (opts.pageSize ?? 1000)) break;
    after = page.hits.hits[page.hits.hits.length - 1]!.sort;
  }
  const byIndex: Record<string, number> = {};
  for (const h of hits) byIndex[h.index] = (byIndex[h.index] ?? 0) + 1;
  if (opts.dryRun || hits.length === 0) return { author: opts.author, found: hits.length, deleted: 0, byIndex };

  let deleted = 0;
  for (let i = 0; i < hits.length; i += 1000) {
    const chunk = hits.slice(i, i + 1000);
    const resp = (await client
      .bulk({ operations: chunk.map((h) => ({ delete: { _index: h.index, _id: h.id } })), refresh: 'wait_for' })
      .catch((e) => { throw toIndexError(e, 'bulk delete'); })) as BulkResponseLike;
    const c = classifyBulkResponse(resp, chunk.map((h) => h.id));
    deleted += c.ok.length;
    // A 404 means already gone (deleted concurrently): that is the outcome we want.
    const real = c.failed.filter((f) => !/not_found|HTTP 404/.test(f.reason));
    deleted += c.failed.length - real.length;
    if (real.length || c.retry.length) {
      throw new VigieError('ERR_INDEX_FORGET', `could not delete ${real.length + c.retry.length} of ${chunk.length} documents; run the command again`, { retriable: true, details: { failed: real.slice(0, 5).map((f) => f.reason) } });
    }
  }
  const left = await client.count({ ...target, query }).catch((e) => { throw toIndexError(e, 'count after delete'); });
  if (left.count > 0) throw new VigieError('ERR_INDEX_FORGET', `${left.count} documents of the author remain (written while deleting?); run the command again`, { retriable: true });
  return { author: opts.author, found: hits.length, deleted, byIndex };
}
