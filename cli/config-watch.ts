import type { ConfigProblem } from '../core/config.ts';
import { checkWatchEntries, type WatchEntry } from '../enrich/watch/index.ts';

/**
 * Parses every watch query once at load, so a syntax error is a config problem naming the entry
 * and the column (the message already says "at column N").
 */
export function validateWatch(entries: readonly WatchEntry[], problems: ConfigProblem[]): boolean {
  const found = checkWatchEntries(entries);
  for (const p of found) problems.push({ path: `watch[${p.index}] (${p.name}).${p.column === undefined ? 'name' : 'query'}`, message: p.message });
  return found.length === 0;
}
