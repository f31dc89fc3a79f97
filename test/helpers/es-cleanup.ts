import type { Client } from '@elastic/elasticsearch';

/**
 * Deletes every index and template a test created under `prefix`. Elasticsearch 8 refuses
 * wildcard deletes (`action.destructive_requires_name`), so names are resolved first.
 */
export async function deleteByPrefix(es: Client, prefix: string): Promise<void> {
  const indices = Object.keys(await es.indices.get({ index: `${prefix}-*`, expand_wildcards: 'all' }).catch(() => ({})));
  if (indices.length) await es.indices.delete({ index: indices });
  const its = await es.indices.getIndexTemplate({ name: `${prefix}-*` }).catch(() => ({ index_templates: [] }));
  for (const t of its.index_templates) await es.indices.deleteIndexTemplate({ name: t.name });
  const cts = await es.cluster.getComponentTemplate({ name: `${prefix}-*` }).catch(() => ({ component_templates: [] }));
  for (const t of cts.component_templates) await es.cluster.deleteComponentTemplate({ name: t.name });
}
