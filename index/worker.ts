import type { Bus, BusMessage, OutMessage, Subscription } from '../core/bus.ts';
import type { ItemFailure, Sink } from '../core/contracts.ts';
import { deadLetter } from '../core/dead-letter.ts';
import { VigieError, isVigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { fastEnrichedMention, parseEnrichedMentionSlow, type EnrichedMention } from '../core/mention.ts';
import { keepSource } from './elasticsearch/document.ts';
import type { Metrics } from '../core/metrics.ts';
import { backoffDelay, sleep } from '../core/retry.ts';
import { parseJson } from '../core/json.ts';

const STAGE = 'index';

export interface IndexWorkerOptions {
  bus: Bus;
  topics: { enriched: string; dlq: string };
  groupId: string;
  sink: Sink;
  logger: Logger;
  metrics: Metrics;
  /** Component label on the shared metrics (default `elasticsearch`). */
  component?: string;
  maxBatch?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** On stop, how long a write in progress may take before it is aborted (default 10 s). */
  stopGraceMs?: number;
  /**
   * Longest time one handler call holds a batch while writes fail (default 50 s). Then it throws,
   * nothing is committed and the bus delivers the same batch again. The Kafka bus heartbeats
   * while a handler runs, but a rebalance cannot complete until the handler returns: keep this
   * below the consumer's rebalance timeout (60 s) so other members are never held up longer.
   */
  maxHoldMs?: number;
  /**
   * Runs after a batch is stored, before its offsets are committed (marks answered mentions,
   * index/answers). A throw leaves the batch uncommitted: it comes again, so this must be idempotent.
   */
  afterWrite?: (stored: EnrichedMention[], signal: AbortSignal) => Promise<void>;
}

function parse(msg: BusMessage): EnrichedMention {
  const value = parseJson(msg.value);
  if (!fastEnrichedMention(value)) return parseEnrichedMentionSlow(value);
  // Exactly the schema's fields: the sink may splice the document into this text rather than
  // serialise the mention again.
  keepSource(value as EnrichedMention, msg.value);
  return value as EnrichedMention;
}

/**
 * Consumes enriched mentions and writes them through a sink. A batch's offsets are committed
 * (by the bus) only when its handler resolves, and the handler resolves only when every item is
 * stored or dead-lettered. While Elasticsearch is down the handler keeps retrying with backoff
 * and does not return, so the consumer fetches nothing more (backpressure). On stop, the retry
 * loop ends and the batch is left uncommitted: it is delivered again, and `_id` = mention id
 * makes the second write replace the first.
 */
export async function startIndexWorker(opts: IndexWorkerOptions): Promise<Subscription> {
  const log = opts.logger.child({ stage: STAGE });
  const component = opts.component ?? 'elasticsearch';
  const baseMs = opts.retryBaseMs ?? 500;
  const maxMs = opts.retryMaxMs ?? 30_000;
  const stopping = new AbortController();
  const hard = new AbortController();

  const handler = async (batch: BusMessage[]): Promise<void> => {
    const end = opts.metrics.batchSeconds.startTimer({ stage: STAGE });
    opts.metrics.received.inc({ stage: STAGE, component }, batch.length);
    const dead: OutMessage[] = [];
    const byId = new Map<string, { mention: EnrichedMention; msg: BusMessage }>();
    for (const msg of batch) {
      try {
        const m = parse(msg);
        // A later copy of the same mention in one batch carries the newer numbers.
        byId.set(m.id, { mention: m, msg });
      } catch (e) {
        dead.push(deadLetter(STAGE, e, msg.value, msg.key, msg));
      }
    }
    const failed = new Set<string>();
    const stored = await writeUntilDone([...byId.values()].map((p) => p.mention), (failures) => {
      for (const f of failures) {
        failed.add(f.id);
        const p = byId.get(f.id);
        if (p) dead.push(deadLetter(STAGE, new VigieError(f.code as `ERR_${string}`, f.reason), p.msg.value, p.msg.key, p.msg));
      }
    });
    if (opts.afterWrite) await opts.afterWrite([...byId.values()].map((p) => p.mention).filter((m) => !failed.has(m.id)), hard.signal);
    if (dead.length) {
      // Acked by the broker before the handler returns, so a dead letter is never lost either.
      await opts.bus.publish(opts.topics.dlq, dead);
      for (const d of dead) opts.metrics.failed.inc({ stage: STAGE, component, code: d.headers?.['vigie-error-code'] ?? 'unknown' });
      log.warn({ count: dead.length, codes: [...new Set(dead.map((d) => d.headers?.['vigie-error-code']))] }, 'mentions dead-lettered');
    }
    opts.metrics.emitted.inc({ stage: STAGE, component }, stored);
    end();
  };

  /** Writes until every item is stored or finally failed; returns how many were stored. */
  async function writeUntilDone(mentions: EnrichedMention[], onFinal: (f: ItemFailure[]) => void): Promise<number> {
    let todo = mentions;
    let stored = 0;
    const maxHoldMs = opts.maxHoldMs ?? 50_000;
    const heldSince = Date.now();
    for (let attempt = 0; todo.length; ) {
      if (stopping.signal.aborted) throw new VigieError('ERR_ABORTED', 'index worker stopping; batch left uncommitted');
      let failures: ItemFailure[];
      try {
        failures = await opts.sink.write(todo, hard.signal);
      } catch (e) {
        if (stopping.signal.aborted || (isVigieError(e) && e.code === 'ERR_ABORTED')) throw e;
        const delay = backoffDelay(attempt++, baseMs, maxMs, Math.random, isVigieError(e) ? e.retryAfterMs : undefined);
        const code = isVigieError(e) ? e.code : 'ERR_INTERNAL';
        // Not retriable (bad credentials, request refused) still must not lose the batch: an operator acts.
        const level = isVigieError(e) && e.retriable ? 'warn' : 'error';
        if (Date.now() + delay - heldSince > maxHoldMs) {
          log[level]({ code, err: (e as Error).message, attempt, items: todo.length, heldMs: Date.now() - heldSince }, 'write failed, batch released uncommitted for redelivery');
          throw new VigieError('ERR_INDEX_UNAVAILABLE', `Elasticsearch writes failing for ${Math.round((Date.now() - heldSince) / 1000)} s; batch left uncommitted`, { retriable: true, cause: e });
        }
        log[level]({ code, err: (e as Error).message, attempt, delayMs: delay, items: todo.length }, 'write failed, batch held, retrying');
        await sleep(delay, stopping.signal);
        continue;
      }
      const final = failures.filter((f) => !f.retriable);
      const again = new Set(failures.filter((f) => f.retriable).map((f) => f.id));
      onFinal(final);
      stored += todo.length - failures.length;
      if (again.size === 0) break;
      todo = todo.filter((m) => again.has(m.id));
      const delay = backoffDelay(attempt++, baseMs, maxMs, Math.random);
      log.warn({ items: todo.length, delayMs: delay }, 'items refused by a busy cluster, resending');
      await sleep(delay, stopping.signal);
    }
    return stored;
  }

  // Batches of different partitions are written side by side (the sink bounds its own bulk
  // concurrency); order within a partition is kept, and each commits only its own offsets.
  const sub = await opts.bus.consume({ groupId: opts.groupId, topics: [opts.topics.enriched], handler, partitionConcurrency: 4, ...(opts.maxBatch ? { maxBatch: opts.maxBatch } : {}) });
  log.info({ groupId: opts.groupId, topic: opts.topics.enriched }, 'index worker started');
  return {
    ready: sub.ready,
    stop: async () => {
      stopping.abort();
      const t = setTimeout(() => hard.abort(), opts.stopGraceMs ?? 10_000);
      try {
        await sub.stop();
      } finally {
        clearTimeout(t);
      }
      log.info('index worker stopped');
    },
  };
}
