import { describe, expect, it } from 'vitest';
import { findSink } from './registry.ts';

describe('sink registry', () => {
  it('lists the elasticsearch sink with a strict config and defaults', () => {
    const def = findSink('elasticsearch')!;
    expect(def.summary).toMatch(/Elasticsearch/);
    const cfg = def.config.parse({ node: 'http://127.0.0.1:9200', flushInterval: '50ms', retention: '400d' }) as Record<string, unknown>;
    expect(cfg).toMatchObject({ indexPrefix: 'vigie', flushCount: 1000, flushInterval: 50, retention: 400 * 86_400_000, concurrency: 2 });
    const bad = def.config.safeParse({ node: 'es:9200', flushCount: 0, extra: 1, auth: { username: 'u' } });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.') || i.message);
    expect(paths).toEqual(expect.arrayContaining(['node', 'flushCount', 'auth']));
    expect(JSON.stringify(bad.error!.issues)).toMatch(/extra/);
  });
  it('has no other kinds', () => {
    expect(findSink('nope')).toBeUndefined();
  });
});
