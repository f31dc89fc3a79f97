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

// Replaces the channel's earlier outcome (a redelivered page), keeps the other channels'.
const OUTCOME_SCRIPT = `
if (ctx._source.channels == null) { ctx._source.channels = []; }
ctx._source.channels.removeIf(c -> c.name == params.o.name);
ctx._source.channels.add(params.o);`;

/**
 * Writes every alert event to `<prefix>-alerts` (id = alert id, so a re-recorded event
 * replaces itself), for the Kibana timeline and the weekly report, and each channel's outcome
 * under `channels` (the alerts saved search's `channels.outcome` column). Event and outcomes are
 * partial updates with upsert: delivery may finish before the event is recorded, and neither
 * write erases the other.
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
      try {
        await es.update({ index, id: alertId, script: { source: OUTCOME_SCRIPT, lang: 'painless', params: { o: outcome } }, upsert: { alertId, channels: [outcome] }, retry_on_conflict: 5 });
      } catch (e) {
        throw fail(alertId, e);
      }
    },
  };
}
