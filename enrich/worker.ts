import type { Bus, BusMessage, OutMessage, Subscription } from '../core/bus.ts';
import { deadLetter } from '../core/dead-letter.ts';
import { VigieError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { parseJson } from '../core/json.ts';
import { parseRawMention } from '../core/mention.ts';
import type { Metrics } from '../core/metrics.ts';
import type { EnrichPipeline } from './pipeline.ts';

export interface EnrichWorkerOptions {
  bus: Bus;
  topics: { raw: string; enriched: string; dlq: string };
  groupId: string;
  pipeline: EnrichPipeline;
  logger: Logger;
  metrics: Metrics;
  maxBatch?: number;
}

/** Turns one bus message into an enriched message, a drop, or a dead letter. */
export function processRaw(msg: Pick<BusMessage, 'key' | 'value'>, pipeline: EnrichPipeline, origin?: BusMessage): { out?: OutMessage; dlq?: OutMessage; dropped?: string } {
  try {
    // Not JSON (ERR_JSON_PARSE) and not a mention (ERR_SCHEMA_INVALID) are VigieErrors: dead-lettered as such.
    const raw = parseRawMention(parseJson(msg.value));
    const r = pipeline.enrich(raw);
    if (!r.mention) return { dropped: r.dropped };
    return { out: { key: r.mention.id, value: JSON.stringify(r.mention) } };
  } catch (e) {
    const err = e instanceof VigieError ? e : new VigieError('ERR_ENRICH_FAILED', (e as Error).message, { cause: e });
    return { dlq: deadLetter('enrich', err, msg.value, msg.key, origin) };
  }
}

/**
 * The enrich stage: raw topic in, enriched topic out. A batch's offsets are committed only after
 * the enriched mentions and the dead letters of that batch were acknowledged by the broker.
 */
export async function startEnrichWorker(o: EnrichWorkerOptions): Promise<Subscription> {
  const log = o.logger.child({ stage: 'enrich' });
  return o.bus.consume({
    groupId: o.groupId,
    topics: [o.topics.raw],
    maxBatch: o.maxBatch ?? 500,
    // Each batch is independent (dedup memory is shared but synchronous), so partitions can be
    // handled side by side while one waits for its publish acknowledgement.
    partitionConcurrency: 4,
    handler: async (batch) => {
      const end = o.metrics.batchSeconds.startTimer({ stage: 'enrich' });
      const out: OutMessage[] = [];
      const dlq: OutMessage[] = [];
      for (const m of batch) {
        const r = processRaw(m, o.pipeline, m);
        if (r.out) out.push(r.out);
        else if (r.dlq) {
          dlq.push(r.dlq);
          o.metrics.failed.inc({ stage: 'enrich', component: 'pipeline', code: r.dlq.headers?.['vigie-error-code'] ?? 'unknown' });
        } else o.metrics.dropped.inc({ stage: 'enrich', component: 'watch', reason: r.dropped ?? 'unknown' });
      }
      o.metrics.received.inc({ stage: 'enrich', component: 'pipeline' }, batch.length);
      // Publish both before returning: returning commits the batch's offsets.
      await Promise.all([o.bus.publish(o.topics.enriched, out), o.bus.publish(o.topics.dlq, dlq)]);
      o.metrics.emitted.inc({ stage: 'enrich', component: 'pipeline' }, out.length);
      if (dlq.length) log.warn({ deadLettered: dlq.length, batch: batch.length }, 'mentions dead-lettered');
      end();
    },
  });
}
