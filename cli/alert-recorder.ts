import type { Client } from '@elastic/elasticsearch';
import type { Alert, AlertRecorder, ChannelOutcome } from '../alerts/contracts.ts';
import { VigieError } from '../core/errors.ts';
import type { AlertRecordDoc } from '../index/elasticsearch/templates.ts';

/** Maps an alert event to its `<prefix>-alerts` document (the mapping is strict: only known fields). */
export function alertRecord(a: Alert, now: Date = new Date()): AlertRecordDoc {
  const m = a.evidence.metrics;
  return {
    '@timestamp': a.eventTime,
    alertId: a.id,
    rule: a.rule,
    ruleKind: a.kind,
    scope: a.scope,
    episodeId: a.episodeId,
    state: a.type,
    severity: a.severity,
    title: a.reason.en,
    summary: a.reason.fr,
    eventTime: a.eventTime,
    sentAt: now.toISOString(),
    evidence: {
      count: a.evidence.count,
      ...(a.evidence.baseline !== undefined ? { baseline: a.evidence.baseline } : {}),
      ...(m.ratio !== undefined ? { ratio: m.ratio } : {}),
      ...(m.negativeShare !== undefined ? { negativeShare: m.negativeShare } : {}),
      windowStart: a.evidence.window.from,
      windowEnd: a.evidence.window.to,
      sampleUrls: a.evidence.samples.flatMap((s) => (s.url ? [s.url] : [])),
      mentionIds: a.evidence.samples.map((s) => s.id),
      topAuthors: a.evidence.topAuthors.map((t) => t.author),
    },
  };
}

/** Conflicting writes of one record (channels finishing together) tried again this many times. */
const OUTCOME_TRIES = 10;

function status(e: unknown): number | undefined {
  return (e as { meta?: { statusCode?: number } }).meta?.statusCode;
}

/**
 * Writes every alert event to `<prefix>-alerts` (id = alert id, so a re-recorded event
 * replaces itself), for the Kibana timeline and the weekly report, and each channel's outcome
 * under `channels` (the alerts saved search's `channels.outcome` column).
 *
 * Delivery may finish before the event is recorded, and channels finish concurrently, so neither
 * write may erase another: the event is a partial update with upsert (it never names
 * `channels`); an outcome is read-modify-write guarded by `if_seq_no` (scripts are not an option:
 * the core-only distribution has no Painless), retried on a conflict.
 */
export function elasticsearchAlertRecorder(es: Client, prefix: string): AlertRecorder {
  const index = `${prefix}-alerts`;
  const fail = (id: string, e: unknown) => new VigieError('ERR_ALERT_RECORD', `cannot record alert ${id}: ${(e as Error).message}`, { cause: e, retriable: true });
  return {
    async record(alert) {
      try {
        await es.update({ index, id: alert.id, doc: alertRecord(alert), doc_as_upsert: true, retry_on_conflict: 5 });
      } catch (e) {
        throw fail(alert.id, e);
      }
    },
    async recordOutcome(alertId: string, outcome: ChannelOutcome) {
      for (let i = 0; ; i++) {
        try {
          const cur = await es.get<AlertRecordDoc>({ index, id: alertId }).catch((e: unknown) => {
            if (status(e) === 404) return undefined;
            throw e;
          });
          // Replaces this channel's earlier outcome (a redelivered page), keeps the others'.
          const channels = [...(cur?._source?.channels ?? []).filter((c) => c.name !== outcome.name), outcome];
          if (cur) await es.update({ index, id: alertId, doc: { channels }, if_seq_no: cur._seq_no, if_primary_term: cur._primary_term });
          else await es.create({ index, id: alertId, document: { alertId, channels } });
          return;
        } catch (e) {
          if (status(e) === 409 && i < OUTCOME_TRIES) continue;
          throw fail(alertId, e);
        }
      }
    },
  };
}
