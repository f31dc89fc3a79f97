import type { ComponentContext, Enricher } from '../core/contracts.ts';
import type { Enrichment } from '../core/mention.ts';
import { dedup, dedupConfigSchema, type DedupConfig } from './dedup/index.ts';
import { entities } from './entities/index.ts';
import { influence, influenceConfigSchema, type InfluenceConfig } from './influence/index.ts';
import { languageEnricher } from './language/index.ts';
import { sentimentEnricher, type SentimentConfig } from './sentiment/index.ts';
import { watch, type WatchEntry } from './watch/index.ts';

/** What the enrich stage needs from the config file. */
export interface EnrichConfig {
  languages: string[];
  watch: WatchEntry[];
  dropUnmatched: boolean;
  dedup?: Partial<DedupConfig>;
  influence?: InfluenceConfig;
  /** `enrich.sentiment`: which mentions get the accurate tier, and where its encoder is. */
  sentiment?: Partial<SentimentConfig>;
}

/**
 * Every enricher, in the order they run; listed here and nowhere else. Watch runs before
 * sentiment: the accurate sentiment tier is for the mentions that match a watch entry, and a
 * mention about to be dropped as unmatched costs no sentiment at all.
 */
export const enrichers = [languageEnricher, watch, sentimentEnricher, influence, entities, dedup] as const;

/** Builds the enrichers of the pipeline from the config, in order (each sees the fields before it). */
export function buildEnrichers(cfg: EnrichConfig, ctx: ComponentContext): Array<Enricher<keyof Enrichment>> {
  return [
    languageEnricher.create(languageEnricher.config.parse({ languages: cfg.languages }), ctx),
    watch.create({ entries: cfg.watch, dropUnmatched: cfg.dropUnmatched }, ctx),
    sentimentEnricher.create(sentimentEnricher.config.parse(cfg.sentiment ?? {}), ctx),
    influence.create(influenceConfigSchema.parse(cfg.influence ?? {}), ctx),
    entities.create({}, ctx),
    dedup.create(dedupConfigSchema.parse(cfg.dedup ?? {}), ctx),
  ] as Array<Enricher<keyof Enrichment>>;
}

export function listEnrichers(): Array<{ kind: string; summary: string }> {
  return enrichers.map((e) => ({ kind: e.kind, summary: e.summary }));
}
