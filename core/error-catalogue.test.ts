import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const LAYERS = ['core', 'ingest', 'enrich', 'index', 'alerts', 'reports', 'cli', 'stack'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  it('docs/errors.md documents every error code the code can raise or log', () => {
    const used = new Set<string>();
    for (const f of LAYERS.flatMap((l) => sources(join(ROOT, l)))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/'(ERR_[A-Z0-9_]+)'/g)) used.add(m[1]!);
    }
    const doc = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    const documented = new Set([...doc.matchAll(/`(ERR_[A-Z0-9_]+)`/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(50);
    expect([...used].filter((c) => !documented.has(c)).sort()).toEqual([]);
  });
});
