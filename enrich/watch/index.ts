import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { watchConfigSchema, type WatchConfig } from './config.ts';
import { createWatchEnricher } from './enricher.ts';

export { compileWatch, checkWatchEntries, checkWatchQuery, formatWatchProblem } from './compile.ts';
export type { WatchEntry, WatchMatch, WatchMatcher, WatchProblem } from './compile.ts';
export { watchConfigSchema, watchEntriesSchema, watchEntrySchema, type WatchConfig } from './config.ts';
export { createWatchEnricher } from './enricher.ts';
export { parseQuery, type QueryNode } from './parse.ts';
export { buildDoc, type MatchDoc } from './doc.ts';

/**
 * The `watch` enricher. It returns every matched entry ([] when none); dropping unmatched
 * mentions (`dropUnmatched`) is the pipeline's job, so it can count the drops.
 */
export const watch: ComponentDef<WatchConfig, Enricher<'matches'>> = {
  kind: 'watch',
  summary: 'Boolean watch queries (brand, competitors, industry): matches[] with name and role',
  config: watchConfigSchema,
  create: (cfg) => createWatchEnricher(cfg.entries),
};
