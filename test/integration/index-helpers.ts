import type { Client } from '@elastic/elasticsearch';
import { createEsClient } from '../../index/elasticsearch/client.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import { elasticsearchUrl, uniqueName } from '../helpers/services.ts';

/** Shared by the Elasticsearch-only integration tests (cleanup: `deleteByPrefix` in test/helpers/es-cleanup.ts). */
export function testClient(node = elasticsearchUrl()): Client {
  return createEsClient({ node, requestTimeoutMs: 10_000 });
}

/** A fresh `test-<uuid>` prefix for the indices and templates of one test. */
export function testPrefix(): string {
  return uniqueName();
}

/** Polls until `predicate` holds, or fails with the last value seen. */
export async function waitFor<T>(fn: () => Promise<T>, predicate: (v: T) => boolean, timeoutMs = 30_000, stepMs = 200): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!predicate(last)) {
    if (Date.now() > end) throw new Error(`waitFor timed out; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, stepMs));
    last = await fn();
  }
  return last;
}

/** A valid enriched mention with overridable fields. */
export function mention(id: string, over: Partial<EnrichedMention> = {}): EnrichedMention {
  return {
    schemaVersion: 1,
    id,
    source: { kind: 'rss', name: 'fixture' },
    url: `https://example.com/${encodeURIComponent(id)}`,
    publishedAt: '2026-01-15T10:00:00.000Z',
    text: `mention ${id}`,
    lang: { code: 'fr', confidence: 0.9 },
    sentiment: { score: 0, label: 'neutral', method: 'test' },
    matches: [{ name: 'Acme', role: 'brand' }],
    enrichedAt: '2026-01-15T10:00:01.000Z',
    ...over,
  };
}
