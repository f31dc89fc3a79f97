import { describe, expect, it } from 'vitest';
import { classifyBulkResponse } from './bulk-result.ts';

describe('classifyBulkResponse', () => {
  it('sorts items into ok, retry and final failures by position', () => {
    const resp = {
      errors: true,
      items: [
        { index: { _id: 'a', status: 201 } },
        { index: { _id: 'b', status: 200 } },
        { index: { _id: 'c', status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } } },
        {
          index: {
            _id: 'd',
            status: 400,
            error: { type: 'document_parsing_exception', reason: "[1:20] failed to parse field [engagement.likes] of type [long]", caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "lots"' } },
          },
        },
        { index: { _id: 'e', status: 400, error: { type: 'strict_dynamic_mapping_exception', reason: 'mapping set to strict, dynamic introduction of [foo] within [_doc] is not allowed' } } },
        { index: { _id: 'f', status: 503, error: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' } } },
        { index: { _id: 'g', status: 403, error: { type: 'cluster_block_exception', reason: 'index [x] blocked by: [FORBIDDEN/8/index write (api)]' } } },
      ],
    };
    const r = classifyBulkResponse(resp, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    expect(r.ok).toEqual([0, 1]);
    expect(r.retry.map((x) => x.position)).toEqual([2, 5]);
    expect(r.failed).toEqual([
      { position: 3, id: 'd', code: 'ERR_INDEX_MAPPING', retriable: false, reason: 'document_parsing_exception: [1:20] failed to parse field [engagement.likes] of type [long] (caused by illegal_argument_exception: For input string: "lots")' },
      { position: 4, id: 'e', code: 'ERR_INDEX_MAPPING', retriable: false, reason: 'strict_dynamic_mapping_exception: mapping set to strict, dynamic introduction of [foo] within [_doc] is not allowed' },
      { position: 6, id: 'g', code: 'ERR_INDEX_REJECTED', retriable: false, reason: 'cluster_block_exception: index [x] blocked by: [FORBIDDEN/8/index write (api)]' },
    ]);
  });

  it('retries items missing from a truncated response', () => {
    const r = classifyBulkResponse({ errors: false, items: [{ index: { status: 201 } }] }, ['a', 'b']);
    expect(r.ok).toEqual([0]);
    expect(r.retry).toEqual([{ position: 1, reason: 'missing from the bulk response' }]);
  });
});
