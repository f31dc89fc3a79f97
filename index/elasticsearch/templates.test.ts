import { describe, expect, it } from 'vitest';
import { buildTemplates, mappedFields, mentionMappings, TEMPLATE_VERSION } from './templates.ts';

describe('buildTemplates', () => {
  it('core-only: no language subfields, no analysis settings, no ILM setting', () => {
    const t = buildTemplates({ prefix: 'vigie', languageAnalyzers: false, ilm: false });
    const settings = t.components[0]!.body.template.settings as Record<string, unknown>;
    expect(settings.analysis).toBeUndefined();
    expect(settings['index.lifecycle.name']).toBeUndefined();
    const fields = mappedFields(mentionMappings(false));
    expect(fields.has('text.fr')).toBe(false);
    expect(fields.get('text_folded')).toBe('text');
  });

  it('full distribution: .fr/.en multi-fields use analyzers defined in the settings', () => {
    const t = buildTemplates({ prefix: 'vigie', languageAnalyzers: true, ilm: true });
    const settings = t.components[0]!.body.template.settings as { analysis: { analyzer: Record<string, unknown> }; 'index.lifecycle.name': string };
    expect(settings['index.lifecycle.name']).toBe('vigie-mentions-retention');
    const mappings = t.components[1]!.body.template.mappings as { properties: Record<string, { analyzer?: string; fields?: Record<string, { analyzer: string }> }> };
    const text = mappings.properties.text!;
    expect(text.analyzer).toBe('vigie_folded');
    for (const a of [text.analyzer!, text.fields!.fr!.analyzer, text.fields!.en!.analyzer]) {
      expect(Object.keys(settings.analysis.analyzer)).toContain(a);
    }
  });

  it('names, alias, version, and a hash that changes with the content', () => {
    const a = buildTemplates({ prefix: 'test-x', languageAnalyzers: false, ilm: false });
    const b = buildTemplates({ prefix: 'test-x', languageAnalyzers: true, ilm: false });
    const mentions = a.indexTemplates[0]!;
    expect(mentions.body.index_patterns).toEqual(['test-x-mentions-*']);
    expect(mentions.body.template).toEqual({ aliases: { 'test-x-mentions': {} } });
    expect(mentions.body.version).toBe(TEMPLATE_VERSION);
    expect(a.components[0]!.body._meta.hash).not.toBe(b.components[0]!.body._meta.hash);
    expect(a.components[1]!.body._meta.hash).not.toBe(b.components[1]!.body._meta.hash);
    expect(buildTemplates({ prefix: 'test-x', languageAnalyzers: false, ilm: false })).toEqual(a);
  });

  it('maps every keyword the analysts aggregate on', () => {
    const f = mappedFields(mentionMappings(false));
    for (const k of ['id', 'source.kind', 'source.name', 'author.id', 'author.handle', 'lang.code', 'sentiment.label', 'matches.name', 'matches.role', 'brand', 'competitor', 'entities.hashtags', 'entities.domains', 'url', 'duplicateOf']) {
      expect(f.get(k), k).toBe('keyword');
    }
    expect(f.get('geo.location')).toBe('geo_point');
    expect(f.get('@timestamp')).toBe('date');
  });
});
