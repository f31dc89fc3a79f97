import PQueue from 'p-queue';
import type { Bus, OutMessage } from '../core/bus.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Connector, PollResult } from '../core/contracts.ts';
import { deadLetter, type DeadLetter } from '../core/dead-letter.ts';
import { isVigieError, toVigieError, type VigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { parseRawMention, type RawMention } from '../core/mention.ts';
import type { Metrics } from '../core/metrics.ts';
import { retry, sleep } from '../core/retry.ts';
import type { CursorStore } from './cursor-store.ts';
import { getConnector } from './registry.ts';
import type { ValidatedSource } from './source-common.ts';

/** A signal that never aborts, for the steps stop() must let finish. */
const NEVER = new AbortController().signal;

/** The dead-letter topic of every stage (DESIGN.md). */
export const DEFAULT_DLQ_TOPIC = 'vigie.mentions.dlq';

/** A dead letter of the ingest stage: the shared one (core/dead-letter.ts) plus the source name. */
export type IngestDeadLetter = DeadLetter & { sourceName: string };

/** What the runner knows about one source's health (logged and exported as metrics). */
export interface SourceHealth {
  source: string;
  kind: string;
  lastSuccessAt?: string;
  lastErrorAt?: string;
  lastError?: { code: string; message: string };
  consecutiveFailures: number;
  /** Mentions published since start. */
  items: number;
  /** Mentions sent to the dead-letter topic since start. */
  deadLettered: number;
}

export interface IngestRunnerOptions {
  sources: readonly ValidatedSource[];
  bus: Bus;
  /** Raw mentions topic, e.g. `vigie.mentions.raw`. */
  topic: string;
  dlqTopic?: string;
  cursors: CursorStore;
  logger: Logger;
  metrics: Metrics;
  clock?: Clock;
  /** Builds a source's connector; default: the registry's definition for its kind. */
  createConnector?: (source: ValidatedSource) => Connector;
  /** Polls running at once against one host. Default 2. */
  hostConcurrency?: number;
  /** Smallest spacing between two requests to one host, in ms. Default 250. */
  hostIntervalMs?: number;
  /** Pages followed in one round when a connector says it has more. Default 10. */
  maxPagesPerPoll?: number;
  /** Immediate retries of a retriable poll or publish failure. Default 2. */
  retries?: number;
  retryBaseMs?: number;
  /** A Retry-After longer than this is not waited for in place: the next poll is pushed back instead. */
  maxRetryWaitMs?: number;
  /** Longest wait between polls of a failing source. Default 1 hour. */
  maxBackoffMs?: number;
}

/** Outcome of one round of a source (all pages). */
export interface RoundResult {
  source: string;
  ok: boolean;
  published: number;
  deadLettered: number;
  pages: number;
  error?: VigieError;
  retryAfterMs?: number;
}

interface SourceState {
  source: ValidatedSource;
  connector: Connector;
  host: string;
  health: SourceHealth;
  log: Logger;
}

/**
 * Polls every source on its interval, publishes what it returns to the raw topic (key = mention
 * id), dead-letters what fails validation, and saves a source's cursor only once the broker
 * acknowledged the mentions: a crash at any point re-reads, never skips. Requests to one host go
 * through one p-queue; one failing source never blocks the others.
 */
export class IngestRunner {
  private readonly states: SourceState[];
  private readonly queues = new Map<string, PQueue>();
  private readonly clock: Clock;
  private readonly dlqTopic: string;
  private loops: Promise<void>[] = [];
  private abort = new AbortController();

  constructor(private readonly opts: IngestRunnerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.dlqTopic = opts.dlqTopic ?? DEFAULT_DLQ_TOPIC;
    const create = opts.createConnector ?? ((s: ValidatedSource) => getConnector(s.kind).create(s, { logger: opts.logger.child({ source: s.name, kind: s.kind }), clock: this.clock, metrics: opts.metrics }));
    this.states = opts.sources
      .filter((s) => s.enabled)
      .map((source) => ({
        source,
        connector: create(source),
        host: hostOf(source),
        health: { source: source.name, kind: source.kind, consecutiveFailures: 0, items: 0, deadLettered: 0 },
        log: opts.logger.child({ source: source.name, kind: source.kind }),
      }));
  }

  /** Current health of every enabled source. */
  health(): SourceHealth[] {
    return this.states.map((s) => ({ ...s.health }));
  }

  /** Polls every source once (following pages), waits for all of them, and reports each. */
  async runOnce(): Promise<RoundResult[]> {
    return Promise.all(this.states.map((s) => this.round(s, this.abort.signal)));
  }

  /** Starts one polling loop per source. */
  start(): void {
    if (this.loops.length) return;
    this.abort = new AbortController();
    this.opts.logger.info({ sources: this.states.length, topic: this.opts.topic }, 'ingest runner started');
    this.loops = this.states.map((s) => this.loop(s, this.abort.signal));
  }

  /**
   * Stops polling. A fetch in progress is aborted (nothing was published from it, so nothing is
   * lost); mentions already fetched are still published and their cursor saved.
   */
  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
    for (const s of this.states) await s.connector.close?.();
    this.opts.logger.info({ health: this.health() }, 'ingest runner stopped');
  }

  private async loop(s: SourceState, signal: AbortSignal): Promise<void> {
    const interval = s.source.interval;
    while (!signal.aborted) {
      const r = await this.round(s, signal);
      if (signal.aborted) break;
      let delay = interval;
      if (!r.ok) {
        // Consecutive failures double the wait, capped; the server's Retry-After wins if longer.
        const cap = Math.max(interval, this.opts.maxBackoffMs ?? 3_600_000);
        delay = Math.min(cap, interval * 2 ** Math.max(0, s.health.consecutiveFailures - 1));
      }
      if (r.retryAfterMs !== undefined) delay = Math.max(delay, r.retryAfterMs);
      try {
        await sleep(delay, signal);
      } catch {
        break;
      }
    }
  }

  private queueFor(host: string): PQueue {
    let q = this.queues.get(host);
    if (!q) {
      q = new PQueue({ concurrency: this.opts.hostConcurrency ?? 2, interval: this.opts.hostIntervalMs ?? 250, intervalCap: 1 });
      this.queues.set(host, q);
    }
    return q;
  }

  /** One round of a source: poll, publish, save cursor, as many pages as it has (bounded). */
  private async round(s: SourceState, signal: AbortSignal): Promise<RoundResult> {
    const result: RoundResult = { source: s.source.name, ok: true, published: 0, deadLettered: 0, pages: 0 };
    const maxPages = this.opts.maxPagesPerPoll ?? 10;
    try {
      for (let page = 0; page < maxPages && !signal.aborted; page++) {
        const cursor = await this.opts.cursors.get(s.source.name);
        const polled = await this.poll(s, cursor, signal);
        result.pages++;
        if (polled.retryAfterMs !== undefined) result.retryAfterMs = polled.retryAfterMs;
        const { published, deadLettered } = await this.deliver(s, polled.mentions);
        result.published += published;
        result.deadLettered += deadLettered;
        // Only now, with every mention acknowledged by the broker, may the cursor move.
        // Not cancelled by stop(): the mentions are already published, their cursor must follow.
        if (polled.cursor !== undefined) await this.withRetry(() => this.opts.cursors.set(s.source.name, polled.cursor!), NEVER, s, 'save cursor');
        if (!polled.hasMore) break;
      }
      if (signal.aborted && result.pages === 0) return result;
      this.recordSuccess(s, result);
    } catch (e) {
      // Stopping aborts fetches and queued polls: that is not a failure of the source.
      if (signal.aborted && isAbort(e)) return result;
      const err = toVigieError(e, 'ERR_INGEST_POLL');
      result.ok = false;
      result.error = err;
      if (err.retryAfterMs !== undefined) result.retryAfterMs = err.retryAfterMs;
      this.recordFailure(s, err);
    }
    return result;
  }

  private async poll(s: SourceState, cursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    return this.withRetry(
      () => this.queueFor(s.host).add(() => s.connector.poll(cursor, signal), { signal }) as Promise<PollResult>,
      signal,
      s,
      'poll',
    );
  }

  private withRetry<T>(fn: () => Promise<T>, signal: AbortSignal, s: SourceState, what: string): Promise<T> {
    const maxWait = this.opts.maxRetryWaitMs ?? 60_000;
    return retry(fn, {
      retries: this.opts.retries ?? 2,
      baseMs: this.opts.retryBaseMs ?? 500,
      maxMs: maxWait,
      signal,
      isRetriable: (e) => isVigieError(e) && e.retriable && (e.retryAfterMs ?? 0) <= maxWait,
      onRetry: (e, attempt, delayMs) => s.log.warn({ code: toVigieError(e).code, err: toVigieError(e).message, attempt, delayMs }, `${what} failed, retrying`),
    });
  }

  /** Validates, publishes valid mentions and dead-letters the others; resolves once all are acknowledged. */
  private async deliver(s: SourceState, mentions: RawMention[]): Promise<{ published: number; deadLettered: number }> {
    const { metrics } = this.opts;
    const labels = { stage: 'ingest', component: s.source.kind };
    metrics.received.inc(labels, mentions.length);
    const good: OutMessage[] = [];
    const dead: OutMessage[] = [];
    for (const m of mentions) {
      // The runner, not each connector, guarantees the configured source name is on every mention.
      const withName = m && typeof m === 'object' ? { ...m, source: { ...(m.source ?? {}), name: m.source?.name ?? s.source.name } } : m;
      try {
        const valid = parseRawMention(withName);
        good.push({ key: valid.id, value: JSON.stringify(valid) });
      } catch (e) {
        const err = toVigieError(e, 'ERR_SCHEMA_INVALID');
        const id = (m as { id?: unknown } | null)?.id;
        const msg = deadLetter('ingest', err, JSON.stringify(m), typeof id === 'string' ? id : null);
        // The shared dead letter, plus the source it came from (the payload alone may not say).
        dead.push({ ...msg, value: JSON.stringify({ ...(JSON.parse(msg.value) as object), sourceName: s.source.name }), headers: { ...msg.headers, 'vigie-source': s.source.name } });
        metrics.failed.inc({ ...labels, code: err.code });
        s.log.warn({ code: err.code, reason: err.message, id: typeof id === 'string' ? id : undefined }, 'invalid mention dead-lettered');
      }
    }
    // Publishing is not cancelled by stop(): an in-flight batch finishes so its cursor can be saved.
    if (good.length) await this.withRetry(() => this.opts.bus.publish(this.opts.topic, good), NEVER, s, 'publish');
    if (dead.length) await this.withRetry(() => this.opts.bus.publish(this.dlqTopic, dead), NEVER, s, 'publish dead letters');
    metrics.emitted.inc(labels, good.length);
    s.health.items += good.length;
    s.health.deadLettered += dead.length;
    return { published: good.length, deadLettered: dead.length };
  }

  private recordSuccess(s: SourceState, r: RoundResult): void {
    const now = this.clock.now();
    s.health.lastSuccessAt = new Date(now).toISOString();
    s.health.consecutiveFailures = 0;
    this.opts.metrics.sourceLastSuccess.set({ source: s.source.name }, Math.floor(now / 1000));
    s.log.info({ published: r.published, deadLettered: r.deadLettered, pages: r.pages, items: s.health.items }, 'source polled');
  }

  private recordFailure(s: SourceState, err: VigieError): void {
    s.health.lastErrorAt = new Date(this.clock.now()).toISOString();
    s.health.lastError = { code: err.code, message: err.message };
    s.health.consecutiveFailures++;
    this.opts.metrics.sourceErrors.inc({ source: s.source.name, code: err.code });
    // error: an operator must look (bad URL, 404, not a feed); warn: transient, will retry.
    const level = err.retriable ? 'warn' : 'error';
    s.log[level]({ code: err.code, reason: err.message, retriable: err.retriable, consecutiveFailures: s.health.consecutiveFailures, details: err.details }, 'source poll failed');
  }
}

function isAbort(e: unknown): boolean {
  return (isVigieError(e) && e.code === 'ERR_ABORTED') || (e instanceof Error && e.name === 'AbortError');
}

/** Rate limits apply per host; a source without a URL gets a queue of its own kind. */
function hostOf(source: ValidatedSource): string {
  const url = source.url;
  if (typeof url === 'string') {
    try {
      return new URL(url).host;
    } catch {
      // Validated config always has a parseable URL; fall through for connectors without one.
    }
  }
  return `kind:${source.kind}`;
}

