// Plain JavaScript: read by cli/bin.js before anything is compiled, and by scripts/build.ts.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders compiled into dist/ (tsconfig.build.json lists the same). */
export const PRODUCT_DIRS = ['core', 'notify', 'ingest', 'enrich', 'index', 'alerts', 'reports', 'desk', 'cli', 'stack'];

/**
 * The newest modification time (ms) of the TypeScript sources under the product folders: a
 * dist/ older than this is stale. About 400 stats, a few milliseconds.
 */
export function newestSource(root) {
  let newest = 0;
  for (const top of PRODUCT_DIRS) {
    let entries;
    try {
      entries = readdirSync(join(root, top), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const f of entries) {
      if (f.isFile() && f.name.endsWith('.ts') && !f.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(f.parentPath, f.name)).mtimeMs);
    }
  }
  return newest;
}
