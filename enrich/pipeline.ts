import type { ComponentContext, Enricher } from '../core/contracts.ts';
import type { EnrichedMention, Enrichment, RawMention } from '../core/mention.ts';
import { SCHEMA_VERSION } from '../core/mention.ts';
import { buildEnrichers, type EnrichConfig } from './registry.ts';

export type { EnrichConfig };

/** What enriching one raw mention gave: the enriched mention, or why it was dropped. */
export interface EnrichResult {
  mention?: EnrichedMention;
  dropped?: string;
}

export interface EnrichPipeline {
  enrich(raw: RawMention): EnrichResult;
}

/**
 * Runs the enrichers in their fixed order (language, sentiment, watch, influence, entities,
 * dedup), each seeing the fields computed before it. The same code serves the Kafka worker and
 * `vigie enrich --input` so offline results equal what the worker writes.
 */
export function createEnrichPipeline(cfg: EnrichConfig, ctx: ComponentContext, now: () => number = () => ctx.clock.now()): EnrichPipeline {
  const enrichers = buildEnrichers(cfg, ctx) as Array<Enricher<keyof Enrichment>>;
  const watchActive = cfg.watch.length > 0 && cfg.dropUnmatched;
  return {
    enrich(raw) {
      const done: Partial<Enrichment> = {};
      for (const e of enrichers) {
        // Skip the work after watch when the mention is going to be dropped anyway.
        (done as Record<string, unknown>)[e.field] = e.enrich(raw, done);
        if (e.field === 'matches' && watchActive && done.matches!.length === 0) return { dropped: 'no_watch_match' };
      }
      const { lang: declaredLang, ...rest } = raw;
      const mention: EnrichedMention = {
        ...rest,
        schemaVersion: SCHEMA_VERSION,
        ...(declaredLang ? { declaredLang } : {}),
        // The registry always runs language, sentiment and watch: these are set.
        lang: done.lang!,
        sentiment: done.sentiment!,
        matches: done.matches!,
        ...(done.influence ? { influence: done.influence } : {}),
        ...(done.entities ? { entities: done.entities } : {}),
        ...(done.duplicateOf ? { duplicateOf: done.duplicateOf } : {}),
        enrichedAt: new Date(now()).toISOString(),
      };
      return { mention };
    },
  };
}
