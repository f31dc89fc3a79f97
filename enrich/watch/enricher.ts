import type { ComponentDef, Enricher } from '../../core/contracts.ts';
import { compileWatch, type WatchEntry, type WatchMatcher } from './compile.ts';
import { watchConfigSchema, type WatchConfig } from './config.ts';

/** The `matches` enricher: every watch entry the mention matched; language from the `lang` enricher when it ran first. */
export function createWatchEnricher(entries: readonly WatchEntry[]): Enricher<'matches'> & { readonly matcher: WatchMatcher } {
  const matcher = compileWatch(entries);
  return {
    field: 'matches',
    matcher,
    enrich: (m, done) => matcher.match(m, done.lang?.code === 'und' ? undefined : done.lang?.code),
  };
}

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
