import { z } from 'zod';
import { zodProblems, type ConfigProblem } from '../core/config.ts';
import { connectors } from '../ingest/registry.ts';
import { sourceCommon, type ValidatedSource } from '../ingest/kit/source-common.ts';

export type { ValidatedSource };

/**
 * Validates each source against the common fields plus its connector's own strict schema,
 * so `sources[2].url` errors name the source, and unknown keys are errors.
 */
export function validateSources(items: unknown[], problems: ConfigProblem[]): ValidatedSource[] {
  const out: ValidatedSource[] = [];
  const names = new Map<string, number>();
  items.forEach((item, i) => {
    const label = item && typeof item === 'object' && 'name' in item ? ` (${String((item as { name: unknown }).name)})` : '';
    const kind = item && typeof item === 'object' ? (item as { kind?: unknown }).kind : undefined;
    const def = connectors.find((c) => c.kind === kind);
    if (!def) {
      problems.push({ path: `sources[${i}]${label}.kind`, message: `must be one of ${connectors.map((c) => c.kind).join(', ')}, got ${JSON.stringify(kind ?? null)}` });
      return;
    }
    const schema = sourceCommon.extend((def.config as z.ZodObject).shape).strict();
    const r = schema.safeParse(item);
    if (!r.success) {
      for (const p of zodProblems(r.error.issues, [], item)) problems.push({ path: `sources[${i}]${label}${p.path === '(root)' ? '' : `.${p.path}`}`, message: p.message });
      return;
    }
    // `.shape` keeps the fields but not the connector's cross-field refinements (e.g. "mode:
    // search needs a query"): run its own schema on its own fields too.
    const own = Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([k]) => !(k in sourceCommon.shape)));
    const r2 = def.config.safeParse(own);
    if (!r2.success) {
      const issues = r2.error.issues.filter((x) => x.code !== 'unrecognized_keys');
      for (const p of zodProblems(issues, [], own)) problems.push({ path: `sources[${i}]${label}${p.path === '(root)' ? '' : `.${p.path}`}`, message: p.message });
      if (issues.length) return;
    }
    const src = r.data as ValidatedSource;
    const prev = names.get(src.name);
    if (prev !== undefined) problems.push({ path: `sources[${i}].name`, message: `"${src.name}" is already the name of sources[${prev}]; names must be unique (cursors are keyed by name)` });
    names.set(src.name, i);
    out.push(src);
  });
  return out;
}
