import type { Client } from '@elastic/elasticsearch';
import PQueue from 'p-queue';
import type { ItemFailure, Sink } from '../../core/contracts.ts';
import type { EnrichedMention } from '../../core/mention.ts';
import type { Logger } from '../../core/logger.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { VigieError } from '../../core/errors.ts';
import { backoffDelay, retry, sleep } from '../../core/retry.ts';
import { classifyBulkResponse, type BulkResponseLike } from './bulk-result.ts';
import { documentJson, sourceOf, toDocument } from './document.ts';
import { toIndexError } from './errors.ts';
import { DEFAULT_PREFIX, monthlyIndex } from './names.ts';

export interface ElasticsearchSinkOptions {
  client: Client;
  logger: Logger;
  /** Index name prefix; default `vigie`. */
  prefix?: string;
  /** Largest number of documents in one bulk request (default 1000). */
  flushCount?: number;
  /** Largest bulk request body in bytes (default 5 MiB). */
  flushBytes?: number;
  /**
   * How long documents may wait for others before a bulk request leaves (default 0: each write
   * is flushed at once). Lets small batches from several partitions share one request.
   */
  flushIntervalMs?: number;
  /** Bulk requests in flight at once (default 2). */
  concurrency?: number;
  /** Retries of a whole bulk request on 429/5xx/timeouts/connection errors before write() throws (default 5). */
  requestRetries?: number;
  /** Rounds of resending items rejected with 429/503 before they are returned as retriable failures (default 5). */
  itemRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** `wait_for` in tests so that documents are searchable when write() resolves. */
  refresh?: boolean | 'wait_for';
  clock?: Clock;
  /** close() also closes the client (when the sink created it). */
  closeClient?: boolean;
}

/** The parts of a bulk response that classifyBulkResponse reads. */
const BULK_FILTER = 'errors,items.*.status,items.*.error';

interface Pending {
  id: string;
  lines: string;
  bytes: number;
  /** Set while `lines` may hold a document spliced into the mention's source text. */
  spliced: EnrichedMention | undefined;
  settle: (f: ItemFailure | null) => void;
  fail: (e: unknown) => void;
}

/**
 * Writes enriched mentions with bulk `index` operations: `_id` = mention id, index = the monthly
 * index of the publication time, full document. Whole requests are retried on transient
 * failures; items rejected with 429/503 are resent; mapping errors come back as ItemFailures.
 */
export class ElasticsearchSink implements Sink {
  private readonly o: Required<Omit<ElasticsearchSinkOptions, 'refresh'>> & { refresh: boolean | 'wait_for' };
  private readonly queue: PQueue;
  private readonly closing = new AbortController();
  private buffer: Pending[] = [];
  private bufferBytes = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(opts: ElasticsearchSinkOptions) {
    this.o = {
      prefix: DEFAULT_PREFIX,
      flushCount: 1000,
      flushBytes: 5 * 1024 * 1024,
      flushIntervalMs: 0,
      concurrency: 2,
      requestRetries: 5,
      itemRetries: 5,
      retryBaseMs: 200,
      retryMaxMs: 30_000,
      refresh: false,
      clock: systemClock,
      closeClient: false,
      ...opts,
    };
    this.queue = new PQueue({ concurrency: this.o.concurrency });
  }

  async write(batch: readonly EnrichedMention[], signal: AbortSignal): Promise<ItemFailure[]> {
    if (signal.aborted) throw new VigieError('ERR_ABORTED', 'aborted');
    if (this.closing.signal.aborted) throw new VigieError('ERR_INDEX_CLOSED', 'sink closed');
    const now = new Date(this.o.clock.now());
    const results = batch.map(
      (m) =>
        new Promise<ItemFailure | null>((settle, fail) => {
          const source = sourceOf(m);
          const lines = `${this.action(m)}${documentJson(m, now, source)}`;
          const bytes = Buffer.byteLength(lines) + 1;
          this.buffer.push({ id: m.id, lines, bytes, settle, fail, spliced: source === undefined ? undefined : m });
          this.bufferBytes += bytes;
        }),
    );
    this.schedule();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new VigieError('ERR_ABORTED', 'aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const all = await Promise.race([Promise.all(results), aborted]);
      return all.filter((f): f is ItemFailure => f !== null);
    } finally {
      signal.removeEventListener('abort', onAbort!);
    }
  }

  /** The bulk action line, by hand: the index name is ours and safe, the id is JSON-escaped. */
  private action(m: EnrichedMention): string {
    return `{"index":{"_index":${JSON.stringify(monthlyIndex(this.o.prefix, m.publishedAt))},"_id":${JSON.stringify(m.id)}}}\n`;
  }

  private schedule(): void {
    if (this.o.flushIntervalMs <= 0 || this.buffer.length >= this.o.flushCount || this.bufferBytes >= this.o.flushBytes) {
      this.drain();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.drain(), this.o.flushIntervalMs);
    }
  }

  /** Cuts the buffer into requests of at most flushCount items / flushBytes bytes. */
  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const items = this.buffer;
    this.buffer = [];
    this.bufferBytes = 0;
    let chunk: Pending[] = [];
    let bytes = 0;
    const send = (c: Pending[]) => {
      void this.queue.add(() => this.sendChunk(c)).catch((e) => c.forEach((p) => p.fail(e)));
    };
    for (const p of items) {
      if (chunk.length && (chunk.length >= this.o.flushCount || bytes + p.bytes > this.o.flushBytes)) {
        send(chunk);
        chunk = [];
        bytes = 0;
      }
      chunk.push(p);
      bytes += p.bytes;
    }
    if (chunk.length) send(chunk);
  }

  private async bulk(items: Pending[]): Promise<BulkResponseLike> {
    const signal = this.closing.signal;
    return retry(
      async () => {
        try {
          // Only what classifyBulkResponse reads: Elasticsearch serialises and the client
          // parses ~25 bytes per item instead of ~200 (index, version, shards, seq_no...).
          return (await this.client.bulk({ operations: items.map((p) => p.lines), refresh: this.o.refresh, filter_path: BULK_FILTER }, { signal })) as BulkResponseLike;
        } catch (e) {
          throw toIndexError(e, 'bulk request');
        }
      },
      {
        retries: this.o.requestRetries,
        baseMs: this.o.retryBaseMs,
        maxMs: this.o.retryMaxMs,
        signal,
        onRetry: (e, attempt, delayMs) => this.o.logger.warn({ code: (e as VigieError).code, err: (e as Error).message, attempt, delayMs, items: items.length }, 'bulk request failed, retrying'),
      },
    );
  }

  private get client(): Client {
    return this.o.client;
  }

  private async sendChunk(items: Pending[]): Promise<void> {
    let todo = items;
    for (let round = 0; todo.length; round++) {
      const resp = await this.bulk(todo);
      const c = classifyBulkResponse(resp, todo.map((p) => p.id));
      for (const pos of c.ok) todo[pos]!.settle(null);
      const again: Pending[] = [];
      for (const f of c.failed) {
        const { position, ...failure } = f;
        const p = todo[position]!;
        // A document spliced into its source text that Elasticsearch refuses (a source with a
        // duplicate key, say, which JSON.parse forgave) goes again, serialised from the parsed
        // mention as before; only a refusal of that one is final.
        if (p.spliced) again.push({ ...p, lines: `${this.action(p.spliced)}${JSON.stringify(toDocument(p.spliced, new Date(this.o.clock.now())))}`, spliced: undefined });
        else p.settle(failure);
      }
      if (again.length) this.o.logger.warn({ items: again.length }, 'spliced documents refused, resending them serialised');
      let retry = c.retry.map((r) => todo[r.position]!);
      if (retry.length && round >= this.o.itemRetries) {
        for (const r of c.retry) todo[r.position]!.settle({ id: todo[r.position]!.id, code: 'ERR_INDEX_BUSY', reason: r.reason, retriable: true });
        retry = [];
      }
      if (retry.length) {
        this.o.logger.warn({ items: retry.length, round: round + 1 }, 'bulk items rejected (cluster busy), resending');
        await sleep(backoffDelay(round, this.o.retryBaseMs, this.o.retryMaxMs, Math.random), this.closing.signal);
      }
      todo = [...again, ...retry];
    }
  }

  /** Flushes what is buffered, waits for requests in flight, then refuses new writes. */
  async close(): Promise<void> {
    if (this.buffer.length) this.drain();
    await this.queue.onIdle();
    this.closing.abort();
    if (this.o.closeClient) await this.client.close();
  }

  /** Aborts requests in flight and retry sleeps (shutdown without waiting). */
  abort(): void {
    this.closing.abort();
    this.buffer.forEach((p) => p.fail(new VigieError('ERR_ABORTED', 'sink aborted')));
    this.buffer = [];
  }
}
