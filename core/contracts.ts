import type { z } from 'zod';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { Metrics } from './metrics.ts';
import type { RawMention, EnrichedMention, Enrichment } from './mention.ts';

/** What every component receives when it is created. */
export interface ComponentContext {
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
}

/**
 * A component's single declaration: its kind, a one-line summary, its config schema (whose
 * descriptions are the user documentation) and a factory. Registries list these explicitly.
 */
export interface ComponentDef<Cfg, T> {
  kind: string;
  summary: string;
  config: z.ZodType<Cfg>;
  create(cfg: Cfg, ctx: ComponentContext): T;
}

/** What one poll of a connector returns. */
export interface PollResult {
  mentions: RawMention[];
  /** Cursor to save once the mentions are acknowledged by the broker; undefined = unchanged. */
  cursor: string | undefined;
  /** The platform asked us to wait this long before the next poll. */
  retryAfterMs?: number;
  /** More pages are available right now (backfill and catch-up). */
  hasMore?: boolean;
}

/** Pulls mentions from one source. Knows nothing of Kafka and does not store its cursor. */
export interface Connector {
  poll(cursor: string | undefined, signal: AbortSignal): Promise<PollResult>;
  close?(): Promise<void>;
}

/**
 * Adds one field to a mention. Pure and synchronous where it can be. Enrichers run in a fixed
 * order and each sees the fields computed before it (`sentiment` sees `lang`).
 */
export interface Enricher<K extends keyof Enrichment> {
  readonly field: K;
  enrich(m: Readonly<RawMention>, done: Readonly<Partial<Enrichment>>): Enrichment[K];
}

/** One item a sink could not store, with the reason. */
export interface ItemFailure {
  id: string;
  code: string;
  reason: string;
  retriable: boolean;
}

export interface Sink {
  write(batch: readonly EnrichedMention[], signal: AbortSignal): Promise<ItemFailure[]>;
  close(): Promise<void>;
}
