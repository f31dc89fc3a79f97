import type { Enricher } from '../../core/contracts.ts';
import { compileWatch, type WatchEntry, type WatchMatcher } from './compile.ts';

/** The `matches` enricher: every watch entry the mention matched; language from the `lang` enricher when it ran first. */
export function createWatchEnricher(entries: readonly WatchEntry[]): Enricher<'matches'> & { readonly matcher: WatchMatcher } {
  const matcher = compileWatch(entries);
  return {
    field: 'matches',
    matcher,
    enrich: (m, done) => matcher.match(m, done.lang?.code === 'und' ? undefined : done.lang?.code),
  };
}
