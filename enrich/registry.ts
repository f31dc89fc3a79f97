import type { ComponentContext, ComponentDef, Enricher } from '../core/contracts.ts';
import type { Enrichment } from '../core/mention.ts';
import { dedup, type DedupConfig } from './dedup/index.ts';
import { entities } from './entities/index.ts';
import { influence, type InfluenceConfig } from './influence/index.ts';
import { languageEnricher } from './language/index.ts';
import { reply } from './reply/index.ts';
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

/** An enricher definition and the part of the config file it reads (validated by its schema). */
interface Registered {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  def: ComponentDef<any, Enricher<keyof Enrichment>>;
  input: (cfg: EnrichConfig) => unknown;
}

/**
 * Every enricher, in the order they run (each sees the fields before it); listed here and nowhere
 * else. Watch runs before sentiment: the accurate sentiment tier is for the mentions that match a
 * watch entry, and a mention about to be dropped as unmatched costs no sentiment at all.
 */
const registered: readonly Registered[] = [
  { def: languageEnricher, input: (c) => ({ languages: c.languages }) },
  { def: watch, input: (c) => ({ entries: c.watch, dropUnmatched: c.dropUnmatched }) },
  { def: sentimentEnricher, input: (c) => c.sentiment ?? {} },
  { def: influence, input: (c) => c.influence ?? {} },
  { def: entities, input: () => ({}) },
  { def: dedup, input: (c) => c.dedup ?? {} },
  { def: reply, input: (c) => ({ brands: c.watch.filter((w) => w.role === 'brand').map((w) => ({ name: w.name, owned: w.owned })) }) },
];

/** The enricher definitions, in order. */
export const enrichers = registered.map((r) => r.def);

/** Builds the enrichers of the pipeline from the config, in order. */
export function buildEnrichers(cfg: EnrichConfig, ctx: ComponentContext): Array<Enricher<keyof Enrichment>> {
  return registered.map(({ def, input }) => def.create(def.config.parse(input(cfg)), ctx));
}

export function listEnrichers(): Array<{ kind: string; summary: string }> {
  return enrichers.map((e) => ({ kind: e.kind, summary: e.summary }));
}
