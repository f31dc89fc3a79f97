import type { ItemFailure } from '../../core/contracts.ts';

/** One item of a bulk response (`items[i].index`). */
export interface BulkResponseItem {
  _id?: string | null;
  status: number;
  error?: { type?: string; reason?: string | null; caused_by?: { type?: string; reason?: string | null } };
}

export interface BulkResponseLike {
  errors: boolean;
  items: Array<Partial<Record<string, BulkResponseItem>>>;
}

/** What became of each item of one bulk request, by position in the request. */
export interface BulkClassification {
  /** Positions stored (2xx). */
  ok: number[];
  /** Positions worth sending again: 429, es_rejected_execution_exception, 5xx, missing from the response. */
  retry: Array<{ position: number; reason: string }>;
  /** Items that will never succeed as they are: dead-letter them. */
  failed: Array<ItemFailure & { position: number }>;
}

/** Error types that mean the document itself does not fit the mapping. */
const MAPPING_ERRORS = new Set([
  'mapper_parsing_exception',
  'document_parsing_exception',
  'strict_dynamic_mapping_exception',
  'illegal_argument_exception',
  'mapper_exception',
]);

function describe(item: BulkResponseItem): string {
  const e = item.error;
  if (!e) return `HTTP ${item.status}`;
  const cause = e.caused_by ? ` (caused by ${e.caused_by.type}: ${e.caused_by.reason ?? ''})` : '';
  return `${e.type ?? 'error'}: ${e.reason ?? ''}${cause}`;
}

/**
 * Classifies a bulk response item by item. `ids[i]` is the mention id sent at position i.
 * Mapping errors get ERR_INDEX_MAPPING, other 4xx ERR_INDEX_REJECTED; both are final.
 */
export function classifyBulkResponse(resp: BulkResponseLike, ids: readonly string[]): BulkClassification {
  const out: BulkClassification = { ok: [], retry: [], failed: [] };
  ids.forEach((id, position) => {
    const entry = resp.items[position];
    const item = entry ? Object.values(entry)[0] : undefined;
    if (!item) {
      out.retry.push({ position, reason: 'missing from the bulk response' });
      return;
    }
    const type = item.error?.type ?? '';
    if (item.status >= 200 && item.status < 300 && !item.error) out.ok.push(position);
    else if (item.status === 429 || item.status >= 500 || type === 'es_rejected_execution_exception') out.retry.push({ position, reason: describe(item) });
    else {
      const code = MAPPING_ERRORS.has(type) ? 'ERR_INDEX_MAPPING' : 'ERR_INDEX_REJECTED';
      out.failed.push({ position, id, code, reason: describe(item), retriable: false });
    }
  });
  return out;
}
