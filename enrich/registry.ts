import type { ComponentContext, Enricher } from '../core/contracts.ts';
import type { Enrichment } from '../core/mention.ts';
import { dedup, dedupConfigSchema, type DedupConfig } from './dedup/index.ts';
import { entities } from './entities/index.ts';
import { influence, influenceConfigSchema, type InfluenceConfig } from './influence/index.ts';
import { languageEnricher } from './language/index.ts';
import { sentimentEnricher } from './sentiment/index.ts';
import { reply } from './reply/index.ts';
import { watch, type WatchEntry } from './watch/index.ts';

/** What the enrich stage needs from the config file. */
export interface EnrichConfig {
  languages: string[];
  watch: WatchEntry[];
  dropUnmatched: boolean;
  dedup?: Partial<DedupConfig>;
  influence?: InfluenceConfig;
}

/** Every enricher, in the order they run; listed here and nowhere else. */
export const enrichers = [languageEnricher, sentimentEnricher, watch, influence, entities, dedup, reply] as const;

/** Builds the enrichers of the pipeline from the config, in order (each sees the fields before it). */
export function buildEnrichers(cfg: EnrichConfig, ctx: ComponentContext): Array<Enricher<keyof Enrichment>> {
  return [
    languageEnricher.create(languageEnricher.config.parse({ languages: cfg.languages }), ctx),
    sentimentEnricher.create(sentimentEnricher.config.parse({}), ctx),
    watch.create({ entries: cfg.watch, dropUnmatched: cfg.dropUnmatched }, ctx),
    influence.create(influenceConfigSchema.parse(cfg.influence ?? {}), ctx),
    entities.create({}, ctx),
    dedup.create(dedupConfigSchema.parse(cfg.dedup ?? {}), ctx),
    reply.create({ brands: cfg.watch.filter((w) => w.role === 'brand'), rememberPosts: 100_000 }, ctx),
  ] as Array<Enricher<keyof Enrichment>>;
}

export function listEnrichers(): Array<{ kind: string; summary: string }> {
  return enrichers.map((e) => ({ kind: e.kind, summary: e.summary }));
}
