import { randomUUID } from 'node:crypto';
import type { Client } from '@elastic/elasticsearch';
import { createEsClient } from '../../index/elasticsearch/client.ts';
import type { EnrichedMention } from '../../core/mention.ts';

/** Shared by the index-* integration tests: a client on ELASTICSEARCH_URL and a unique prefix. */
export function esUrl(): string {
  const url = process.env.ELASTICSEARCH_URL;
  if (!url) throw new Error('ELASTICSEARCH_URL is not set (the global setup provides it)');
  return url;
}

export function testClient(node = esUrl()): Client {
  return createEsClient({ node, requestTimeoutMs: 10_000 });
}

export function testPrefix(): string {
  return `test-${randomUUID()}`;
}

/** Deletes every index and template a test created under its prefix. */
export async function cleanup(client: Client, prefix: string): Promise<void> {
  // The cluster refuses wildcard deletes (action.destructive_requires_name): list, then delete by name.
  const rows = await client.cat.indices({ index: `${prefix}-*`, format: 'json', h: 'index', expand_wildcards: ['open', 'closed'] });
  const names = rows.map((r) => String(r.index));
  if (names.length) await client.indices.delete({ index: names.join(',') });
  for (const name of [`${prefix}-mentions`, `${prefix}-alerts`, `${prefix}-responses`, `${prefix}-desk`]) await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
  for (const name of [`${prefix}-mentions-settings`, `${prefix}-mentions-mappings`]) await client.cluster.deleteComponentTemplate({ name }).catch(() => undefined);
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
