import { afterAll, describe, expect, it } from 'vitest';
import { setupIndices, pruneIndices } from '../../index/elasticsearch/setup.ts';
import { deleteByPrefix } from '../helpers/es-cleanup.ts';
import { testClient, testPrefix } from './index-helpers.ts';

const client = testClient();
const prefix = testPrefix();
afterAll(async () => { await deleteByPrefix(client, prefix); await client.close(); });

describe('setupIndices on real Elasticsearch', () => {
  it('creates everything once, then is a no-op', async () => {
    const now = Date.parse('2026-03-10T00:00:00Z');
    const first = await setupIndices(client, { prefix, retentionMs: 90 * 86_400_000, now });
    expect(first.changed).toBe(true);
    expect(first.steps.every((s) => s.action === 'created')).toBe(true);
    // The dev cluster is the core-only distribution.
    expect(first.capabilities).toEqual({ languageAnalyzers: false, ilm: false });
    expect(first.retention).toMatchObject({ mode: 'prune', olderThanDays: 90 });

    const second = await setupIndices(client, { prefix, retentionMs: 90 * 86_400_000, now });
    expect(second.changed).toBe(false);
    expect(second.steps.map((s) => s.action)).toEqual(first.steps.map(() => 'unchanged'));

    const alias = await client.indices.getAlias({ name: `${prefix}-mentions` });
    expect(Object.keys(alias)).toEqual([`${prefix}-mentions-2026.03`]);
    const mapping = await client.indices.getMapping({ index: `${prefix}-mentions-2026.03` });
    const m = mapping[`${prefix}-mentions-2026.03`]!.mappings;
    expect(m.dynamic).toBe('strict');
    expect(m.properties?.text_folded).toEqual({ type: 'text', analyzer: 'standard' });
  });

  it('updates a template whose content drifted, and only that one', async () => {
    await client.cluster.putComponentTemplate({ name: `${prefix}-mentions-settings`, template: { settings: { number_of_shards: 1 } }, version: 1 });
    const r = await setupIndices(client, { prefix, retentionMs: 90 * 86_400_000, now: Date.parse('2026-03-10T00:00:00Z') });
    expect(r.steps.filter((s) => s.action !== 'unchanged').map((s) => s.name)).toEqual([`${prefix}-mentions-settings`]);
  });

  it('adds new fields of an updated mapping to existing monthly indices', async () => {
    const name = `${prefix}-mentions-mappings`;
    const got = await client.cluster.getComponentTemplate({ name });
    const tpl = got.component_templates[0]!.component_template;
    const props = { ...(tpl.template.mappings!.properties as Record<string, unknown>) };
    delete props.site;
    // An older template without `site`, and an index created from it.
    await client.cluster.putComponentTemplate({ name, template: { mappings: { ...tpl.template.mappings, properties: props } as never }, version: 1 });
    await client.indices.create({ index: `${prefix}-mentions-2025.09` });
    const before = await client.indices.getMapping({ index: `${prefix}-mentions-2025.09` });
    expect(before[`${prefix}-mentions-2025.09`]!.mappings.properties!.site).toBeUndefined();
    const r = await setupIndices(client, { prefix, retentionMs: 90 * 86_400_000, now: Date.parse('2026-03-10T00:00:00Z') });
    expect(r.steps.find((s) => s.kind === 'existing_mappings')).toMatchObject({ action: 'updated' });
    const after = await client.indices.getMapping({ index: `${prefix}-mentions-2025.09` });
    expect(after[`${prefix}-mentions-2025.09`]!.mappings.properties!.site).toEqual({ type: 'keyword', ignore_above: 1024 });
    await client.indices.delete({ index: `${prefix}-mentions-2025.09` });
  });

  it('prunes whole monthly indices older than the retention', async () => {
    for (const m of ['2025.10', '2025.11', '2025.12']) await client.indices.create({ index: `${prefix}-mentions-${m}` });
    const now = Date.parse('2026-03-10T00:00:00Z');
    const dry = await pruneIndices(client, { prefix, olderThanMs: 90 * 86_400_000, now, dryRun: true });
    // cutoff 2025-12-10: October and November are entirely older; December is not.
    expect(dry.deleted).toEqual([`${prefix}-mentions-2025.10`, `${prefix}-mentions-2025.11`]);
    const real = await pruneIndices(client, { prefix, olderThanMs: 90 * 86_400_000, now });
    expect(real.deleted).toEqual(dry.deleted);
    const left = await client.cat.indices({ index: `${prefix}-mentions-*`, format: 'json', h: 'index' });
    expect(left.map((r) => r.index).sort()).toEqual([`${prefix}-mentions-2025.12`, `${prefix}-mentions-2026.03`]);
  });
});
