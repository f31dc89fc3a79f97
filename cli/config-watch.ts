import type { ConfigProblem } from '../core/config.ts';
import { checkWatchEntries, type WatchEntry } from '../enrich/watch/index.ts';

/** Compiles every watch query once at load, so a syntax error is a config problem with its column. */
export function validateWatch(entries: readonly WatchEntry[], problems: ConfigProblem[]): boolean {
  const found = checkWatchEntries(entries);
  for (const p of found) problems.push({ path: `watch[${p.index}] (${p.name}).query`, message: p.column !== undefined ? `${p.message} (column ${p.column})` : p.message });
  return found.length === 0;
}
