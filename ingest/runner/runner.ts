import PQueue from 'p-queue';
import type { Bus, OutMessage } from '../../core/bus.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Connector, PollResult } from '../../core/contracts.ts';
import { deadLetter, type DeadLetter } from '../../core/dead-letter.ts';
import { isVigieError, toVigieError, VigieError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { parseRawMention, type RawMention } from '../../core/mention.ts';
import type { Metrics } from '../../core/metrics.ts';
import { backoffDelay, retry, sleep } from '../../core/retry.ts';
import type { CursorStore } from './cursor-store.ts';
import { CursorGuard, DEFAULT_CURSOR_REFUSALS } from './cursor-guard.ts';
import { healthMetrics, RateMeter, type HealthMetrics } from './health.ts';
import { soleOwner, type SourceLease } from './lease.ts';
import { getConnector } from '../registry.ts';
import type { ValidatedSource } from '../kit/source-common.ts';
import { canReadOwned, planOwnedReads, type OwnedReader } from '../kit/owned/types.ts';
import { StreamBatcher } from '../kit/stream/batcher.ts';
import { canStream, type StreamingConnector } from '../kit/stream/types.ts';

/** A signal that never aborts, for the steps stop() must let finish. */
const NEVER = new AbortController().signal;

/** The dead-letter topic of every stage (docs/architecture.md, "Delivery guarantees"). */
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
  /** `poll`, or `stream` for a source configured with `mode: stream`. */
  mode: 'poll' | 'stream';
  /** Mentions published per minute, averaged over the last 5 minutes. */
  itemsPerMinute: number;
  lastItemAt?: string;
  /**
   * Silent for longer than expected: no mention for `expectSilenceAfter` when configured, else
   * no successful poll (or stream activity) for 3 x interval. Alert rules use it.
   */
  silent: boolean;
  /** False when another ingest process holds this source's lease. */
  owned: boolean;
  /** Streams only: connected now, and reconnections since start. */
  connected?: boolean;
  /** Reads of an owned account (`watch[].owned`): the account, as configured. */
  account?: string;
  reconnects?: number;
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
  /**
   * Longest Retry-After honoured between polls (default 1 day, or the source's interval when
   * longer); a longer one is not believed: the source waits its usual delay, with a warning.
   */
  maxRetryAfterMs?: number;
  /** Who may poll which source (several ingest processes); default: this process polls all. */
  lease?: SourceLease;
  /** Streamed mentions published at once, and the longest a streamed mention waits. Default 100 / 500 ms. */
  streamBatchItems?: number;
  streamBatchDelayMs?: number;
  /** First and longest wait before reconnecting a stream. Default 1 s / 5 min. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** A stream silent this long (no event, no keep-alive) is restarted, unless the source sets `silenceTimeout`. Default 90 s. */
  silenceTimeoutMs?: number;
  /** Time between two health summaries in the log (and metric refreshes). Default 60 s; 0 = never. */
  healthLogIntervalMs?: number;
  /** Polls in a row a platform may refuse one saved cursor before it is dropped (see cursor-guard.ts). Default 3. */
  cursorRefusals?: number;
  /**
   * The brand's own accounts per platform (`watch[].owned`, merged): each is read by one source
   * of that kind whose connector can (see planOwnedReads), on that source's interval.
   */
  ownedAccounts?: ReadonlyMap<string, readonly string[]>;
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
  /** The source's name, or `<source>/owned/<account>` for the read of an owned account: cursor key, health and metrics label. */
  name: string;
  connector: Connector;
  host: string;
  health: SourceHealth;
  log: Logger;
  rate: RateMeter;
  /** Last successful poll or stream event (ms), for the silence flag. */
  lastActivity: number;
  lastItem: number | undefined;
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
  /** Earliest start of the next request to each host (ms). */
  private readonly nextSlot = new Map<string, number>();
  private readonly clock: Clock;
  private readonly dlqTopic: string;
  private readonly lease: SourceLease;
  private readonly hm: HealthMetrics;
  private readonly cursorGuard: CursorGuard;
  private loops: Promise<void>[] = [];
  private abort = new AbortController();
  private healthTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: IngestRunnerOptions) {
    this.clock = opts.clock ?? systemClock;
    this.dlqTopic = opts.dlqTopic ?? DEFAULT_DLQ_TOPIC;
    this.lease = opts.lease ?? soleOwner;
    this.hm = healthMetrics(opts.metrics);
    this.cursorGuard = new CursorGuard(opts.cursorRefusals ?? DEFAULT_CURSOR_REFUSALS);
    const create = opts.createConnector ?? ((s: ValidatedSource) => getConnector(s.kind).create(s, { logger: opts.logger.child({ source: s.name, kind: s.kind }), clock: this.clock, metrics: opts.metrics }));
    const now = this.clock.now();
    const newState = (source: ValidatedSource, connector: Connector, name: string, mode: 'poll' | 'stream', account?: string): SourceState => ({
      source,
      name,
      connector,
      host: hostOf(source),
      health: { source: name, kind: source.kind, consecutiveFailures: 0, items: 0, deadLettered: 0, mode, itemsPerMinute: 0, silent: false, owned: true, ...(mode === 'stream' ? { connected: false, reconnects: 0 } : {}), ...(account !== undefined ? { account } : {}) },
      log: opts.logger.child({ source: source.name, kind: source.kind, ...(account !== undefined ? { account } : {}) }),
      rate: new RateMeter(now),
      lastActivity: now,
      lastItem: undefined,
    });
    this.states = opts.sources
      .filter((s) => s.enabled)
      .map((source) => {
        const connector = create(source);
        return newState(source, connector, source.name, source.mode === 'stream' && canStream(connector) ? 'stream' : 'poll');
      });
    // The owned accounts' reads: polled (whatever the source's mode) through the source's own
    // connector, so they share its host queue, spacing, retry helper and platform budget.
    const bySource = new Map(this.states.map((s) => [s.source, s.connector]));
    const reads = planOwnedReads(opts.sources, opts.ownedAccounts ?? new Map(), (s) => bySource.has(s) && canReadOwned(bySource.get(s)!));
    for (const [platform, accounts] of opts.ownedAccounts ?? []) {
      if (!reads.some((r) => r.source.kind === platform)) opts.logger.warn({ platform, accounts: accounts.length }, 'owned accounts on a platform no enabled source reads (or every source of it sets readOwned: false): their replies are seen only if another source returns them');
    }
    for (const read of reads) {
      const parent = bySource.get(read.source) as Connector & OwnedReader;
      const connector: Connector = { poll: (cursor, signal) => parent.pollOwned(read.account, cursor, signal) };
      this.states.push(newState(read.source, connector, read.name, 'poll', read.account));
    }
  }

  /** Current health of every enabled source (rates and silence computed now). */
  health(): SourceHealth[] {
    const now = this.clock.now();
    return this.states.map((s) => {
      this.refreshHealth(s, now);
      return { ...s.health };
    });
  }

  private refreshHealth(s: SourceState, now: number): void {
    const h = s.health;
    h.itemsPerMinute = s.rate.perMinute(now);
    h.owned = this.lease.holds(s.source.name);
    const expect = typeof s.source.expectSilenceAfter === 'number' ? s.source.expectSilenceAfter : undefined;
    // Only the owner can be silent: another process polls a source this one does not hold.
    h.silent = h.owned && (expect !== undefined ? now - (s.lastItem ?? s.lastActivity) > expect : now - s.lastActivity > 3 * s.source.interval);
    const labels = { source: s.name };
    this.hm.itemsPerMinute.set(labels, h.itemsPerMinute);
    this.hm.silent.set(labels, h.silent ? 1 : 0);
    if (h.mode === 'stream') this.hm.streamConnected.set(labels, h.connected ? 1 : 0);
  }

  /** Polls every source once (following pages), waits for all of them, and reports each. */
  async runOnce(): Promise<RoundResult[]> {
    return Promise.all(this.states.map((s) => this.round(s, this.abort.signal)));
  }

  /** Starts one loop per source: polling on its interval, or following its stream. */
  start(): void {
    if (this.loops.length) return;
    this.abort = new AbortController();
    const now = this.clock.now();
    for (const s of this.states) s.lastActivity = now;
    this.opts.logger.info({ sources: this.states.length, topic: this.opts.topic }, 'ingest runner started');
    this.loops = this.states.map((s) => this.owned(s, this.abort.signal));
    const every = this.opts.healthLogIntervalMs ?? 60_000;
    if (every > 0) {
      this.healthTimer = setInterval(() => this.logHealth(), every);
      this.healthTimer.unref();
    }
  }

  /** Logs one health line per source; silent sources at warn so they stand out. */
  private logHealth(): void {
    for (const h of this.health()) {
      if (!h.owned) continue;
      const { source: _s, kind: _k, ...rest } = h;
      const s = this.states.find((x) => x.name === h.source)!;
      s.log[h.silent ? 'warn' : 'info'](rest, h.silent ? 'source silent for longer than expected' : 'source health');
    }
  }

  /**
   * Runs a source's loop only while this process holds its lease; losing the lease aborts the
   * loop's in-flight fetch (published mentions still get their cursor) and waits to get it back.
   */
  private async owned(s: SourceState, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.lease.acquired(s.source.name, signal);
      } catch {
        break;
      }
      s.lastActivity = this.clock.now();
      s.log.info('source lease held: polling');
      const held = new AbortController();
      const onStop = () => held.abort();
      signal.addEventListener('abort', onStop, { once: true });
      const off = this.lease.onLost(s.source.name, () => {
        s.log.info('source lease lost: stopping');
        held.abort();
      });
      try {
        await (s.health.mode === 'stream' ? this.streamLoop(s, held.signal) : this.loop(s, held.signal));
      } finally {
        off();
        signal.removeEventListener('abort', onStop);
      }
    }
  }

  /**
   * Stops polling. A fetch in progress is aborted (nothing was published from it, so nothing is
   * lost); mentions already fetched are still published and their cursor saved.
   */
  async stop(): Promise<void> {
    clearInterval(this.healthTimer);
    this.abort.abort();
    await Promise.all(this.loops);
    this.loops = [];
    await Promise.all([...this.queues.values()].map((q) => q.onIdle()));
    for (const s of this.states) if (s.name === s.source.name) await s.connector.close?.();
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
      if (r.retryAfterMs !== undefined) delay = this.honourRetryAfter(s, delay, r.retryAfterMs);
      try {
        await sleep(delay, signal);
      } catch {
        break;
      }
    }
  }

  /**
   * The wait after a round whose server asked for Retry-After: honoured up to `maxRetryAfterMs`
   * (default one day, or the interval when longer). Beyond that the answer is not believable (a
   * misconfigured proxy, a hostile server): the source waits its usual delay, never less, and a
   * warning says so, rather than going silent for years or overflowing the timer into a storm.
   */
  private honourRetryAfter(s: SourceState, delay: number, retryAfterMs: number): number {
    const ceiling = Math.max(s.source.interval, this.opts.maxRetryAfterMs ?? 86_400_000);
    if (retryAfterMs <= ceiling) return Math.max(delay, retryAfterMs);
    s.log.warn({ retryAfterMs, waitMs: delay }, 'server asked to wait longer than the Retry-After ceiling: waiting until the next interval instead');
    return delay;
  }

  /**
   * Follows a source's stream: connects from the saved cursor, batches what it emits (publish,
   * broker ack, then cursor), restarts it when it has been silent for `silenceTimeout`, and
   * reconnects with exponential backoff and jitter when it ends or fails. The backoff resets
   * once a connection delivered something.
   */
  private async streamLoop(s: SourceState, signal: AbortSignal): Promise<void> {
    const connector = s.connector as StreamingConnector;
    const silenceMs = typeof s.source.silenceTimeout === 'number' ? s.source.silenceTimeout : (this.opts.silenceTimeoutMs ?? 90_000);
    const baseMs = this.opts.reconnectBaseMs ?? 1000;
    const maxMs = this.opts.reconnectMaxMs ?? 300_000;
    let attempt = 0;
    while (!signal.aborted) {
      const conn = new AbortController();
      const onStop = () => conn.abort();
      signal.addEventListener('abort', onStop, { once: true });
      let lastEvent = this.clock.now();
      let delivered = false;
      let silent = false;
      const watchdog = setInterval(() => {
        if (this.clock.now() - lastEvent > silenceMs) {
          silent = true;
          conn.abort();
        }
      }, Math.max(5, Math.min(1000, Math.floor(silenceMs / 4))));
      const batcher = new StreamBatcher({
        maxItems: this.opts.streamBatchItems,
        maxDelayMs: this.opts.streamBatchDelayMs,
        flush: async (mentions, cursor) => {
          const r = await this.deliver(s, mentions);
          // Only now, with the batch acknowledged by the broker, may the stream cursor move.
          if (cursor !== undefined) await this.withRetry(() => this.opts.cursors.set(s.name, cursor), NEVER, s, 'save cursor');
          if (r.published || r.deadLettered) s.log.debug({ published: r.published, deadLettered: r.deadLettered }, 'stream batch published');
        },
        // A batch that could not be published ends the connection: resuming from the last saved
        // cursor re-reads it, where going on would save a later cursor over the gap.
        onFailure: () => conn.abort(),
      });
      let error: VigieError | undefined;
      let sent: string | undefined;
      try {
        const cursor = await this.opts.cursors.get(s.name);
        sent = cursor;
        s.health.connected = true;
        await connector.stream(cursor, conn.signal, (ev) => {
          lastEvent = this.clock.now();
          s.lastActivity = lastEvent;
          if (ev.mentions.length) delivered = true;
          return batcher.add(ev);
        });
      } catch (e) {
        if (!isAbort(e)) error = toVigieError(e, 'ERR_STREAM_DISCONNECTED', true);
      } finally {
        clearInterval(watchdog);
        signal.removeEventListener('abort', onStop);
        s.health.connected = false;
      }
      // What was received before the end is still published and its cursor saved.
      try {
        await batcher.drain();
        if (delivered && !error) this.recordSuccess(s, { source: s.name, ok: true, published: 0, deadLettered: 0, pages: 0 }, false);
      } catch (e) {
        error ??= toVigieError(e, 'ERR_BUS_PUBLISH', true);
      }
      if (signal.aborted) break;
      if (silent && !error) error = new VigieError('ERR_STREAM_SILENT', `stream silent for more than ${silenceMs} ms: restarting it`, { retriable: true, details: { silenceTimeoutMs: silenceMs } });
      if (error) this.recordFailure(s, error);
      else s.log.info('stream ended by the server: reconnecting');
      // A stream resumed from a cursor the platform refuses (a catch-up page, a resume token) would
      // reconnect with it forever: the same guard as for polls drops it.
      if (delivered) this.cursorGuard.succeeded(s.name);
      else if (error && this.cursorGuard.failed(s.name, sent, error)) {
        await this.dropCursor(s, error).catch((e: unknown) => s.log.error({ code: toVigieError(e).code, reason: toVigieError(e).message }, 'could not drop the refused cursor'));
      }
      attempt = delivered ? 0 : attempt + 1;
      s.health.reconnects = (s.health.reconnects ?? 0) + 1;
      this.hm.reconnects.inc({ source: s.name });
      // A platform's documented schedule (X) wins over the generic backoff; a server's Retry-After
      // is honoured up to the ceiling (see honourRetryAfter).
      const platform = connector.reconnectDelayMs?.(error, attempt);
      const backoff = platform ?? backoffDelay(Math.max(0, attempt - 1), baseMs, maxMs, Math.random);
      const delay = error?.retryAfterMs !== undefined ? this.honourRetryAfter(s, backoff, error.retryAfterMs) : backoff;
      try {
        await sleep(platform !== undefined || attempt > 0 ? delay : Math.min(delay, baseMs), signal);
      } catch {
        break;
      }
    }
  }

  private queueFor(host: string): PQueue {
    let q = this.queues.get(host);
    if (!q) {
      q = new PQueue({ concurrency: this.opts.hostConcurrency ?? 2 });
      this.queues.set(host, q);
    }
    return q;
  }

  /**
   * Waits for the host's next request slot: request starts to one host are at least
   * `hostIntervalMs` apart. (p-queue's own `interval` counts starts per fixed window, which lets
   * two requests start a few ms apart across a window boundary.)
   */
  private async spaced(host: string, signal: AbortSignal): Promise<void> {
    const gap = this.opts.hostIntervalMs ?? 250;
    if (gap <= 0) return;
    const now = this.clock.now();
    const at = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, at + gap);
    if (at > now) await sleep(at - now, signal);
  }

  /** One round of a source: poll, publish, save cursor, as many pages as it has (bounded). */
  private async round(s: SourceState, signal: AbortSignal): Promise<RoundResult> {
    const result: RoundResult = { source: s.name, ok: true, published: 0, deadLettered: 0, pages: 0 };
    const maxPages = this.opts.maxPagesPerPoll ?? 10;
    let sent: string | undefined;
    try {
      for (let page = 0; page < maxPages && !signal.aborted; page++) {
        const cursor = await this.opts.cursors.get(s.name);
        sent = cursor;
        const polled = await this.poll(s, cursor, signal);
        result.pages++;
        if (polled.retryAfterMs !== undefined) result.retryAfterMs = polled.retryAfterMs;
        const { published, deadLettered } = await this.deliver(s, polled.mentions);
        result.published += published;
        result.deadLettered += deadLettered;
        // Only now, with every mention acknowledged by the broker, may the cursor move.
        // Not cancelled by stop(): the mentions are already published, their cursor must follow.
        if (polled.cursor !== undefined) await this.withRetry(() => this.opts.cursors.set(s.name, polled.cursor!), NEVER, s, 'save cursor');
        if (!polled.hasMore) break;
      }
      if (signal.aborted && result.pages === 0) return result;
      this.cursorGuard.succeeded(s.name);
      this.recordSuccess(s, result);
    } catch (e) {
      // Stopping aborts fetches and queued polls: that is not a failure of the source.
      if (signal.aborted && isAbort(e)) return result;
      const err = toVigieError(e, 'ERR_INGEST_POLL');
      result.ok = false;
      result.error = err;
      if (err.retryAfterMs !== undefined) result.retryAfterMs = err.retryAfterMs;
      this.recordFailure(s, err);
      if (this.cursorGuard.failed(s.name, sent, err)) {
        await this.dropCursor(s, err).catch((e: unknown) => s.log.error({ code: toVigieError(e).code, reason: toVigieError(e).message }, 'could not drop the refused cursor'));
      }
    }
    return result;
  }

  /**
   * Forgets a saved cursor the platform keeps refusing: the next poll starts from the
   * connector's lookback instead of repeating the same refused request forever.
   */
  private async dropCursor(s: SourceState, err: VigieError): Promise<void> {
    await this.withRetry(() => this.opts.cursors.set(s.name, ''), NEVER, s, 'drop cursor');
    this.hm.cursorDropped.inc({ source: s.name });
    s.log.warn({ code: 'ERR_CURSOR_DROPPED', refusedWith: err.code, status: err.details?.status, refusals: this.opts.cursorRefusals ?? DEFAULT_CURSOR_REFUSALS }, 'saved cursor refused repeatedly by the platform: dropped, the next poll starts from the lookback');
  }

  private async poll(s: SourceState, cursor: string | undefined, signal: AbortSignal): Promise<PollResult> {
    return this.withRetry(
      () =>
        this.queueFor(s.host).add(
          async () => {
            await this.spaced(s.host, signal);
            return s.connector.poll(cursor, signal);
          },
          { signal },
        ) as Promise<PollResult>,
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
    if (good.length) {
      const now = this.clock.now();
      s.rate.add(good.length, now);
      s.lastItem = now;
      s.health.lastItemAt = new Date(now).toISOString();
      this.hm.lastItem.set({ source: s.name }, Math.floor(now / 1000));
    }
    return { published: good.length, deadLettered: dead.length };
  }

  private recordSuccess(s: SourceState, r: RoundResult, log = true): void {
    const now = this.clock.now();
    s.health.lastSuccessAt = new Date(now).toISOString();
    s.health.consecutiveFailures = 0;
    s.lastActivity = now;
    this.opts.metrics.sourceLastSuccess.set({ source: s.name }, Math.floor(now / 1000));
    this.refreshHealth(s, now);
    if (log) s.log.info({ published: r.published, deadLettered: r.deadLettered, pages: r.pages, items: s.health.items, itemsPerMinute: s.health.itemsPerMinute }, 'source polled');
  }

  private recordFailure(s: SourceState, err: VigieError): void {
    s.health.lastErrorAt = new Date(this.clock.now()).toISOString();
    s.health.lastError = { code: err.code, message: err.message };
    s.health.consecutiveFailures++;
    this.opts.metrics.sourceErrors.inc({ source: s.name, code: err.code });
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
  for (const url of [source.url, source.baseUrl, source.service]) {
    if (typeof url !== 'string') continue;
    try {
      return new URL(url).host;
    } catch {
      // Validated config always has a parseable URL; fall through for connectors without one.
    }
  }
  return `kind:${source.kind}`;
}

