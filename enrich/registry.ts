import type { ComponentContext, ComponentDef, Enricher } from '../core/contracts.ts';
import type { Enrichment } from '../core/mention.ts';
import { dedup, type DedupConfig } from './dedup/index.ts';
import { entities } from './entities/index.ts';
import { influence, type InfluenceConfig } from './influence/index.ts';
import { languageEnricher } from './language/index.ts';
import { sentimentEnricher } from './sentiment/index.ts';
import { watch, type WatchEntry } from './watch/index.ts';

/** What the enrich stage needs from the config file. */
export interface EnrichConfig {
  languages: string[];
  watch: WatchEntry[];
  dropUnmatched: boolean;
  dedup?: Partial<DedupConfig>;
  influence?: InfluenceConfig;
}

/** An enricher definition and the part of the config file it reads (validated by its schema). */
interface Registered {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  def: ComponentDef<any, Enricher<keyof Enrichment>>;
  input: (cfg: EnrichConfig) => unknown;
}

/** Every enricher, in the order they run (each sees the fields before it); listed here and nowhere else. */
const registered: readonly Registered[] = [
  { def: languageEnricher, input: (c) => ({ languages: c.languages }) },
  { def: sentimentEnricher, input: () => ({}) },
  { def: watch, input: (c) => ({ entries: c.watch, dropUnmatched: c.dropUnmatched }) },
  { def: influence, input: (c) => c.influence ?? {} },
  { def: entities, input: () => ({}) },
  { def: dedup, input: (c) => c.dedup ?? {} },
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
