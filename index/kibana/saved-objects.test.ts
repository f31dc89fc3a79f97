import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertMappings, mappedFields, mentionMappings } from '../elasticsearch/templates.ts';
import { buildSavedObjects, toNdjson, type SavedObject } from './saved-objects.ts';

const file = readFileSync(new URL('./objects.ndjson', import.meta.url), 'utf8');
const lines = file.split('\n').filter((l) => l.trim() !== '');
const objects = lines.map((l) => JSON.parse(l) as SavedObject);
const byKey = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';

// Fields of the core-only mapping: what every cluster has (the `.fr`/`.en` subfields are not used).
const fieldsByView = new Map<string, Map<string, string>>([
  ['vigie-mentions-view', mappedFields(mentionMappings(false))],
  ['vigie-alerts-view', mappedFields(alertMappings())],
]);

function searchSource(o: SavedObject): { query: { query: string; language: string }; indexRefName?: string } {
  return JSON.parse((o.attributes.kibanaSavedObjectMeta as { searchSourceJSON: string }).searchSourceJSON);
}

/** Field names a KQL query mentions (`field:value`, `field >= 70`). */
function kqlFields(q: string): string[] {
  return [...q.matchAll(/([A-Za-z@_][\w.@]*)\s*(?::|>=|<=|>|<)/g)].map((m) => m[1]!);
}

function fieldsUsed(o: SavedObject): string[] {
  const out: string[] = [];
  if (o.type === 'search') {
    out.push(...(o.attributes.columns as string[]), ...(o.attributes.sort as string[][]).map((s) => s[0]!));
  }
  if (o.type === 'visualization') {
    const vs = JSON.parse(o.attributes.visState as string) as { aggs: Array<{ params: { field?: string } }> };
    for (const a of vs.aggs) if (a.params.field) out.push(a.params.field);
  }
  if (o.type === 'search' || o.type === 'visualization') out.push(...kqlFields(searchSource(o).query.query));
  if (o.type === 'index-pattern') {
    out.push(o.attributes.timeFieldName as string, ...Object.keys(JSON.parse(o.attributes.fieldFormatMap as string)));
  }
  return out;
}

describe('Kibana saved objects (index/kibana/objects.ndjson)', () => {
  it('is exactly what the generator produces', () => {
    expect(file).toBe(toNdjson(buildSavedObjects()));
  });

  it('has one valid object per line with type, id, attributes, references and migration versions', () => {
    expect(lines.length).toBe(23);
    for (const o of objects) {
      expect(['index-pattern', 'search', 'visualization', 'dashboard']).toContain(o.type);
      expect(o.id).toMatch(/^[a-z0-9-]+$/);
      expect(typeof o.attributes.title).toBe('string');
      expect(Array.isArray(o.references)).toBe(true);
      expect(o.coreMigrationVersion).toMatch(/^8\.\d+\.\d+$/);
      expect(o.typeMigrationVersion).toMatch(/^8\.\d+\.\d+$/);
    }
    expect(byKey.size).toBe(objects.length);
  });

  it('every reference resolves to an object of the file, and every object that needs one has it', () => {
    for (const o of objects) {
      for (const r of o.references) expect(byKey.has(`${r.type}:${r.id}`), `${o.id} → ${r.type}:${r.id}`).toBe(true);
      if (o.type === 'search' || o.type === 'visualization') {
        expect(searchSource(o).indexRefName).toBe(INDEX_REF);
        expect(o.references.filter((r) => r.name === INDEX_REF && r.type === 'index-pattern')).toHaveLength(1);
      }
    }
    const dashboards = objects.filter((o) => o.type === 'dashboard');
    expect(dashboards.map((d) => d.id)).toEqual(['vigie-overview', 'vigie-response-desk']);
    for (const [dash, count] of [[dashboards[0]!, 10], [dashboards[1]!, 4]] as const) {
      const panels = JSON.parse(dash.attributes.panelsJSON as string) as Array<{ panelIndex: string; panelRefName: string; type: string; gridData: { x: number; w: number } }>;
      expect(panels).toHaveLength(count);
      for (const p of panels) {
        const ref = dash.references.find((r) => r.name === `${p.panelIndex}:${p.panelRefName}`);
        expect(ref, p.panelRefName).toBeDefined();
        expect(ref!.type).toBe(p.type);
        expect(p.gridData.x + p.gridData.w).toBeLessThanOrEqual(48);
      }
    }
  });

  it('every field it names exists in the mapping of its data view', () => {
    let checked = 0;
    for (const o of objects) {
      if (o.type === 'dashboard') continue;
      const viewId = o.type === 'index-pattern' ? o.id : o.references.find((r) => r.name === INDEX_REF)!.id;
      const fields = fieldsByView.get(viewId)!;
      for (const f of fieldsUsed(o)) {
        expect(fields.has(f), `${o.id}: field ${f}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('aggregates only on aggregatable fields (keyword, numbers, dates)', () => {
    for (const o of objects.filter((x) => x.type === 'visualization')) {
      const fields = fieldsByView.get(o.references[0]!.id)!;
      const vs = JSON.parse(o.attributes.visState as string) as { aggs: Array<{ params: { field?: string } }> };
      for (const a of vs.aggs) if (a.params.field) expect(['keyword', 'date', 'float', 'long', 'double', 'integer'], `${o.id}: ${a.params.field}`).toContain(fields.get(a.params.field));
    }
  });

  it('data views cover the monthly indices and the alias; the dashboard shows what analysts asked for', () => {
    const views = objects.filter((o) => o.type === 'index-pattern').map((o) => [o.id, o.attributes.title, o.attributes.timeFieldName]);
    expect(views).toEqual([['vigie-mentions-view', 'vigie-mentions*', '@timestamp'], ['vigie-alerts-view', 'vigie-alerts', '@timestamp']]);
    const formats = JSON.parse(byKey.get('index-pattern:vigie-mentions-view')!.attributes.fieldFormatMap as string);
    expect(formats.url.id).toBe('url');
    expect(formats['sentiment.score'].id).toBe('color');
    expect(formats['lang.confidence'].id).toBe('percent');
    const titles = objects.map((o) => o.attributes.title as string);
    for (const t of ['Volume over time by brand and competitor', 'Sentiment over time', 'Share of voice', 'Top platforms and sources', 'Top authors by influence', 'Top hashtags', 'Language split', 'Incidents on a timeline', 'Vigie · incidents', 'Vigie · negative mentions of the brand']) {
      expect(titles).toContain(t);
    }
  });

  it('the response desk: the queue of waiting mentions by priority, response times, answered and waiting per platform', () => {
    const queue = byKey.get('search:vigie-reply-queue')!;
    expect(searchSource(queue).query).toEqual({ query: 'reply.needed:true and not response.answeredAt:*', language: 'kuery' });
    // Priority order as far as stored fields allow: influence, then negativity, then the oldest.
    expect(queue.attributes.sort).toEqual([['influence.score', 'desc'], ['sentiment.score', 'asc'], ['@timestamp', 'asc']]);
    expect(queue.attributes.columns).toEqual(expect.arrayContaining(['author.handle', 'source.kind', 'url', 'text', 'reply.reasons']));
    const visState = (id: string) => JSON.parse(byKey.get(`visualization:${id}`)!.attributes.visState as string) as { type: string; aggs: Array<{ type: string; params: Record<string, unknown> }> };
    const time = visState('vigie-response-time');
    expect(time.type).toBe('line');
    expect(time.aggs[0]).toMatchObject({ type: 'percentiles', params: { field: 'response.seconds', percents: [50, 90] } });
    expect(searchSource(byKey.get('visualization:vigie-response-time')!).query.query).toBe('response.answeredAt:*');
    expect(visState('vigie-reply-waiting').type).toBe('metric');
    expect(searchSource(byKey.get('visualization:vigie-reply-waiting')!).query.query).toBe(searchSource(queue).query.query);
    const byPlatform = visState('vigie-response-by-platform');
    expect(byPlatform.aggs.map((a) => a.type)).toEqual(['count', 'terms', 'filters', 'median']);
    // The filters split every mention needing a reply into exactly the answered and the waiting.
    const filters = (byPlatform.aggs[2]!.params.filters as Array<{ input: { query: string } }>).map((f) => f.input.query);
    expect(filters).toEqual(['response.answeredAt:*', 'not response.answeredAt:*']);
    for (const q of filters) for (const f of kqlFields(q)) expect(fieldsByView.get('vigie-mentions-view')!.has(f), f).toBe(true);
    expect(fieldsByView.get('vigie-mentions-view')!.get('response.seconds')).toBe('long');
    expect(fieldsByView.get('vigie-mentions-view')!.get('reply.needed')).toBe('boolean');
  });

  it('follows the index prefix', () => {
    const objs = buildSavedObjects('acme');
    expect(objs[0]!.attributes.title).toBe('acme-mentions*');
    expect(objs.every((o) => o.id.startsWith('acme-'))).toBe(true);
  });
});
