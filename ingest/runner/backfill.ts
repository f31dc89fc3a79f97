import { systemClock } from '../../core/clock.ts';
import type { Connector, PollResult } from '../../core/contracts.ts';
import { VigieError } from '../../core/errors.ts';
import { backoffDelay, sleep } from '../../core/retry.ts';
import { canBackfill, type BackfillPage, type BackfillRange } from '../kit/backfill-types.ts';
import type { CursorStore } from './cursor-store.ts';
import { getConnector } from '../registry.ts';
import { IngestRunner, type IngestRunnerOptions } from './runner.ts';
import type { ValidatedSource } from '../kit/source-common.ts';

export type { BackfillRange, BackfillPage, BackfillCapable } from '../kit/backfill-types.ts';

/** Saved as the backfill cursor once the whole range was published: a re-run has nothing to do. */
export const BACKFILL_DONE = '__done__';

/** Where a backfill keeps its progress: never the live cursor of the source. */
export function backfillKey(source: string, range: BackfillRange): string {
  return `backfill:${source}:${new Date(range.sinceMs).toISOString()}-${new Date(range.untilMs).toISOString()}`;
}

/** Progress of a backfill, reported after every acknowledged page. */
export interface BackfillProgress {
  source: string;
  key: string;
  /** Mentions published (acknowledged) by this run. */
  items: number;
  deadLettered: number;
  pages: number;
  elapsedMs: number;
  /** Mentions per second over this run. */
  rate: number;
  /** Share of the range covered, 0..1, when knowable (time reached, or a total from the platform). */
  fraction?: number;
  etaMs?: number;
  /** Oldest publication time reached. */
  reachedAt?: string;
  done: boolean;
  /** The range had already been completed by an earlier run. */
  alreadyDone?: boolean;
}

/** The runner's own options are passed through unchanged: the backfill publishes through an IngestRunner. */
export interface BackfillOptions extends Pick<IngestRunnerOptions, 'bus' | 'topic' | 'dlqTopic' | 'cursors' | 'logger' | 'metrics' | 'clock'> {
  source: ValidatedSource;
  range: BackfillRange;
  /** Default: the registry's connector for the source's kind. */
  connector?: Connector;
  onProgress?: (p: BackfillProgress) => void;
  /** Aborting stops after the page in flight: what was fetched is published and its cursor saved. */
  signal?: AbortSignal;
  /** Smallest spacing between two requests (ms). Default 250. */
  requestIntervalMs?: number;
  /** Failed rounds retried before giving up (retriable errors only). Default 5. */
  retries?: number;
}

/**
 * Reads a source's history over a time range into the raw topic, page by page, through the
 * IngestRunner (same validation, dead letters, and "cursor only after the broker acked"), with
 * its own cursor under `backfill:<source>:<since>-<until>`. Interrupting it loses nothing: the
 * same call resumes from the last acknowledged page. Connectors with `backfill()` page by time
 * range; others are polled from scratch, following their own paging, keeping what is in range.
 */
export async function runBackfill(opts: BackfillOptions): Promise<BackfillProgress> {
  const clock = opts.clock ?? systemClock;
  const { range, source } = opts;
  if (!(range.sinceMs < range.untilMs)) throw new VigieError('ERR_BACKFILL_RANGE', `backfill range is empty: since ${new Date(range.sinceMs).toISOString()} is not before until ${new Date(range.untilMs).toISOString()}`);
  const key = backfillKey(source.name, range);
  const inner = opts.connector ?? getConnector(source.kind).create(source, { logger: opts.logger.child({ source: source.name, kind: source.kind }), clock, metrics: opts.metrics });
  const started = clock.now();
  const progress: BackfillProgress = { source: source.name, key, items: 0, deadLettered: 0, pages: 0, elapsedMs: 0, rate: 0, done: false };
  let total: number | undefined;
  let reachedMs: number | undefined;
  let finished = false;

  const wrapped: Connector = {
    async poll(cursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
      if (cursor === BACKFILL_DONE) {
        finished = true;
        progress.alreadyDone = true;
        return { mentions: [], cursor: undefined, hasMore: false };
      }
      let page: BackfillPage;
      if (canBackfill(inner)) page = await inner.backfill(range, cursor, signal);
      else {
        // No time-range API: follow the connector's own paging and keep what falls in range.
        page = await inner.poll(cursor, signal);
        const times = page.mentions.map((m) => Date.parse(m.publishedAt));
        page = { ...page, mentions: page.mentions.filter((m, i) => times[i]! >= range.sinceMs && times[i]! < range.untilMs), ...(times.length ? { reachedMs: Math.min(...times) } : {}) };
      }
      if (page.total !== undefined) total = page.total;
      if (page.reachedMs !== undefined) reachedMs = Math.min(reachedMs ?? Infinity, page.reachedMs);
      if (!page.hasMore) {
        finished = true;
        // The last page's cursor is replaced by the done marker, saved once it is acknowledged.
        return { ...page, cursor: BACKFILL_DONE };
      }
      return page;
    },
    close: () => inner.close?.() ?? Promise.resolve(),
  };

  // Progress is reported from the cursor store: a page counts once its cursor is saved, i.e.
  // once its mentions were acknowledged by the broker.
  const report = () => {
    const now = clock.now();
    const h = runner.health()[0]!;
    progress.items = h.items;
    progress.deadLettered = h.deadLettered;
    progress.elapsedMs = now - started;
    progress.rate = progress.elapsedMs > 0 ? Math.round((progress.items / progress.elapsedMs) * 100_000) / 100 : 0;
    if (reachedMs !== undefined) progress.reachedAt = new Date(Math.max(reachedMs, range.sinceMs)).toISOString();
    let fraction: number | undefined;
    if (finished) fraction = 1;
    else if (total !== undefined && total > 0) fraction = Math.min(1, progress.items / total);
    else if (reachedMs !== undefined) fraction = Math.min(1, Math.max(0, (range.untilMs - reachedMs) / (range.untilMs - range.sinceMs)));
    if (fraction !== undefined) progress.fraction = Math.round(fraction * 1000) / 1000;
    if (fraction !== undefined && fraction > 0 && fraction < 1) progress.etaMs = Math.round((progress.elapsedMs * (1 - fraction)) / fraction);
    else delete progress.etaMs;
    progress.done = finished;
    opts.onProgress?.({ ...progress });
  };
  const cursors: CursorStore = {
    get: () => opts.cursors.get(key),
    set: async (_name, cursor) => {
      await opts.cursors.set(key, cursor);
      progress.pages++;
      report();
    },
  };
  const runner = new IngestRunner({
    sources: [{ ...source, enabled: true, mode: 'poll' }],
    bus: opts.bus,
    topic: opts.topic,
    dlqTopic: opts.dlqTopic,
    cursors,
    logger: opts.logger,
    metrics: opts.metrics,
    clock,
    createConnector: () => wrapped,
    hostIntervalMs: opts.requestIntervalMs ?? 250,
    maxPagesPerPoll: 20,
    healthLogIntervalMs: 0,
  });
  const onAbort = () => void runner.stop();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let failures = 0;
    while (!finished && !opts.signal?.aborted) {
      const [r] = await runner.runOnce();
      if (r!.ok) {
        failures = 0;
        continue;
      }
      if (opts.signal?.aborted) break;
      const err = r!.error!;
      if (!err.retriable || ++failures > (opts.retries ?? 5)) throw err;
      const delay = backoffDelay(failures - 1, 1000, 60_000, Math.random, r!.retryAfterMs);
      opts.logger.warn({ code: err.code, reason: err.message, attempt: failures, delayMs: delay }, 'backfill page failed, retrying');
      try {
        await sleep(delay, opts.signal);
      } catch {
        break;
      }
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await runner.stop();
  }
  report();
  return { ...progress };
}
