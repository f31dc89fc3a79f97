import { errors, type Client } from '@elastic/elasticsearch';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import { keepSource, toDocument } from './document.ts';
import { ElasticsearchSink, type ElasticsearchSinkOptions } from './sink.ts';

function mention(id: string, publishedAt = '2026-01-15T10:00:00Z'): EnrichedMention {
  return {
    schemaVersion: 1, id, source: { kind: 'rss' }, publishedAt, text: 'texte', lang: { code: 'fr', confidence: 1 },
    sentiment: { score: 0, label: 'neutral', method: 't' }, matches: [], enrichedAt: '2026-01-15T10:00:01Z',
  };
}

type Item = { status: number; error?: { type: string; reason: string } };
/** A fake client whose bulk() answers from a script: a function of the request's ids, or an error. */
function fakeClient(script: Array<(ids: string[]) => Item[] | Error>, keepDocs = false) {
  const requests: Array<{ ids: string[]; indices: string[]; docs?: string[] }> = [];
  const client = {
    async bulk(params: { operations: string[] }) {
      const actions = params.operations.map((l) => JSON.parse(l.split('\n')[0]!) as { index: { _index: string; _id: string } });
      const ids = actions.map((a) => a.index._id);
      requests.push({ ids, indices: actions.map((a) => a.index._index), ...(keepDocs ? { docs: params.operations.map((l) => l.split('\n')[1]!) } : {}) });
      const step = script.shift() ?? ((xs: string[]) => xs.map(() => ({ status: 201 })));
      const r = step(ids);
      if (r instanceof Error) throw r;
      return { errors: r.some((x) => x.status >= 300), items: r.map((x) => ({ index: x })) };
    },
    async close() {},
  };
  return { client: client as unknown as Client, requests };
}

const opts = (client: Client, extra: Partial<ElasticsearchSinkOptions> = {}): ElasticsearchSinkOptions => ({ client, logger: silentLogger(), retryBaseMs: 1, retryMaxMs: 2, ...extra });
const signal = new AbortController().signal;
const responseError = (status: number) =>
  new errors.ResponseError({ statusCode: status, body: { error: { type: 'x' } }, headers: {}, warnings: null, meta: {} as never });

describe('ElasticsearchSink (fake client)', () => {
  it('targets the monthly index of the publication time with _id = mention id', async () => {
    const { client, requests } = fakeClient([]);
    const sink = new ElasticsearchSink(opts(client, { prefix: 'p' }));
    expect(await sink.write([mention('a', '2026-01-31T23:59:59Z'), mention('b', '2026-02-01T00:00:00Z')], signal)).toEqual([]);
    expect(requests).toEqual([{ ids: ['a', 'b'], indices: ['p-mentions-2026.01', 'p-mentions-2026.02'] }]);
  });

  it('escapes ids in the action line (quotes, backslashes, line separators)', async () => {
    const { client, requests } = fakeClient([]);
    const sink = new ElasticsearchSink(opts(client, { prefix: 'p' }));
    const id = 'x:"a\\b\u2028c\nd"';
    expect(await sink.write([mention(id)], signal)).toEqual([]);
    expect(requests[0]!.ids).toEqual([id]);
  });

  it('splices documents into their source text, and resends one Elasticsearch refuses serialised before a dead letter', async () => {
    const refused = (ids: string[]) => ids.map((id) => (id === 'b' ? { status: 400, error: { type: 'x_content_parse_exception', reason: 'Duplicate field' } } : { status: 201 }));
    const { client, requests } = fakeClient([refused, refused], true);
    const at = new Date('2026-02-01T00:00:00Z');
    const sink = new ElasticsearchSink(opts(client, { clock: { now: () => at.getTime() } as never }));
    const [a, b, c] = ['a', 'b', 'c'].map((id) => mention(id));
    for (const m of [a!, b!]) keepSource(m, JSON.stringify(m));
    const failures = await sink.write([a!, b!, c!], signal);
    expect(requests.map((r) => r.ids)).toEqual([['a', 'b', 'c'], ['b']]);
    const serialised = (m: EnrichedMention) => JSON.stringify(toDocument(m, at));
    // a and b spliced (the mention's own fields first), c serialised; b again, serialised.
    expect(requests[0]!.docs![0]!.startsWith(JSON.stringify(a).slice(0, -1))).toBe(true);
    expect(JSON.parse(requests[0]!.docs![0]!)).toEqual(JSON.parse(serialised(a!)));
    expect(requests[0]!.docs![2]).toBe(serialised(c!));
    expect(requests[1]!.docs).toEqual([serialised(b!)]);
    expect(failures).toEqual([{ id: 'b', code: 'ERR_INDEX_REJECTED', reason: 'x_content_parse_exception: Duplicate field', retriable: false }]);
  });

  it('splits by flushCount and flushBytes', async () => {
    const { client, requests } = fakeClient([]);
    const sink = new ElasticsearchSink(opts(client, { flushCount: 3 }));
    await sink.write(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => mention(id)), signal);
    expect(requests.map((r) => r.ids.length)).toEqual([3, 3, 1]);
    const small = fakeClient([]);
    const bySize = new ElasticsearchSink(opts(small.client, { flushBytes: 1200 }));
    await bySize.write(['a', 'b', 'c', 'd'].map((id) => mention(id)), signal);
    expect(small.requests.map((r) => r.ids.length)).toEqual([2, 2]);
  });

  it('coalesces writes that arrive within flushInterval into one request', async () => {
    const { client, requests } = fakeClient([]);
    const sink = new ElasticsearchSink(opts(client, { flushIntervalMs: 30 }));
    const r = await Promise.all([sink.write([mention('a')], signal), sink.write([mention('b'), mention('c')], signal)]);
    expect(r).toEqual([[], []]);
    expect(requests.map((x) => x.ids)).toEqual([['a', 'b', 'c']]);
  });

  it('retries the whole request on 503 and connection errors', async () => {
    const { client, requests } = fakeClient([() => responseError(503), () => new errors.ConnectionError('ECONNREFUSED')]);
    const sink = new ElasticsearchSink(opts(client));
    expect(await sink.write([mention('a')], signal)).toEqual([]);
    expect(requests).toHaveLength(3);
  });

  it('throws a retriable ERR_INDEX_UNAVAILABLE once request retries are spent, and a final error on 401', async () => {
    const down = fakeClient(Array.from({ length: 10 }, () => () => new errors.TimeoutError('timeout')));
    await expect(new ElasticsearchSink(opts(down.client, { requestRetries: 2 })).write([mention('a')], signal)).rejects.toMatchObject({ code: 'ERR_INDEX_UNAVAILABLE', retriable: true });
    expect(down.requests).toHaveLength(3);
    const denied = fakeClient([() => responseError(401)]);
    await expect(new ElasticsearchSink(opts(denied.client)).write([mention('a')], signal)).rejects.toMatchObject({ code: 'ERR_INDEX_REQUEST', retriable: false });
    expect(denied.requests).toHaveLength(1);
  });

  it('resends only items rejected with 429, returns mapping errors, and gives up on busy items after itemRetries', async () => {
    const busy = { status: 429, error: { type: 'es_rejected_execution_exception', reason: 'queue full' } };
    const { client, requests } = fakeClient([
      () => [{ status: 201 }, busy, { status: 400, error: { type: 'mapper_parsing_exception', reason: 'bad likes' } }],
      () => [{ status: 201 }],
    ]);
    const failures = await new ElasticsearchSink(opts(client)).write([mention('a'), mention('b'), mention('c')], signal);
    expect(requests.map((r) => r.ids)).toEqual([['a', 'b', 'c'], ['b']]);
    expect(failures).toEqual([{ id: 'c', code: 'ERR_INDEX_MAPPING', reason: 'mapper_parsing_exception: bad likes', retriable: false }]);

    const always = fakeClient(Array.from({ length: 10 }, () => () => [busy]));
    const f = await new ElasticsearchSink(opts(always.client, { itemRetries: 2 })).write([mention('x')], signal);
    expect(always.requests).toHaveLength(3);
    expect(f).toEqual([{ id: 'x', code: 'ERR_INDEX_BUSY', reason: 'es_rejected_execution_exception: queue full', retriable: true }]);
  });

  it('rejects at once when the caller aborts', async () => {
    const { client } = fakeClient(Array.from({ length: 1000 }, () => () => responseError(503)));
    const sink = new ElasticsearchSink(opts(client, { requestRetries: 1000, retryBaseMs: 50, retryMaxMs: 50 }));
    const ac = new AbortController();
    const p = sink.write([mention('a')], ac.signal);
    setTimeout(() => ac.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    sink.abort();
  });
});
