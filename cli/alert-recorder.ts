import type { Client } from '@elastic/elasticsearch';
import type { Alert, AlertRecorder } from '../alerts/contracts.ts';
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

/**
 * Writes every alert event to `<prefix>-alerts` (id = alert id, so a re-recorded event
 * replaces itself), for the Kibana timeline and the weekly report.
 */
export function elasticsearchAlertRecorder(es: Client, prefix: string): AlertRecorder {
  return {
    async record(alert) {
      try {
        await es.index({ index: `${prefix}-alerts`, id: alert.id, document: alertRecord(alert) });
      } catch (e) {
        throw new VigieError('ERR_ALERT_RECORD', `cannot record alert ${alert.id}: ${(e as Error).message}`, { cause: e, retriable: true });
      }
    },
  };
}
