export { compileWatch, checkWatchEntries, checkWatchQuery, formatWatchProblem } from './compile.ts';
export type { WatchEntry, WatchMatch, WatchMatcher, WatchProblem } from './compile.ts';
export { watchConfigSchema, watchEntriesSchema, watchEntrySchema, type WatchConfig } from './config.ts';
export { createWatchEnricher, watch } from './enricher.ts';
export { parseQuery, type QueryNode } from './parse.ts';
export { buildDoc, type MatchDoc } from './doc.ts';
