import type { Client } from '@elastic/elasticsearch';
import { isPage, type Alert, type AlertRecorder, type ChannelOutcome } from '../alerts/contracts.ts';
import { VigieError } from '../core/errors.ts';
import type { AlertRecordDoc } from '../index/elasticsearch/templates.ts';

function evidenceOf(a: Alert): Record<string, unknown> {
  const m = a.evidence.metrics;
  return {
    count: a.evidence.count,
    ...(a.evidence.baseline !== undefined ? { baseline: a.evidence.baseline } : {}),
    ...(m.ratio !== undefined ? { ratio: m.ratio } : {}),
    ...(m.negativeShare !== undefined ? { negativeShare: m.negativeShare } : {}),
    windowStart: a.evidence.window.from,
    windowEnd: a.evidence.window.to,
    sampleUrls: a.evidence.samples.flatMap((s) => (s.url ? [s.url] : [])),
    mentionIds: a.evidence.samples.map((s) => s.id),
    topAuthors: a.evidence.topAuthors.map((t) => t.author),
  };
}

function ruleEvents(a: Alert): NonNullable<AlertRecordDoc['ruleEvents']> {
  return (a.rules ?? []).map((r) => ({ rule: r.rule, kind: r.kind, severity: r.severity, active: r.active, firstAt: r.firstAt, lastAt: r.lastAt, count: r.evidence.count, reason: r.reason.en }));
}

const incidentOf = (a: Alert) => a.incidentId ?? a.episodeId;

/** Maps an incident event to its event document in `<prefix>-alerts` (the mapping is strict: only known fields). */
export function alertRecord(a: Alert, now: Date = new Date()): AlertRecordDoc {
  const rules = (a.rules ?? []).map((r) => r.rule);
  return {
    '@timestamp': a.eventTime,
    record: 'event',
    alertId: a.id,
    incidentId: incidentOf(a),
    seq: a.seq,
    rule: a.rule,
    ruleKind: a.kind,
    rules,
    ruleCount: rules.length,
    scope: a.scope,
    episodeId: incidentOf(a),
    state: a.type,
    severity: a.severity,
    title: a.reason.en,
    summary: a.reason.fr,
    eventTime: a.eventTime,
    sentAt: now.toISOString(),
    evidence: evidenceOf(a),
  };
}

/** The incident document as of event `a` alone (mergeIncident adds what earlier events said). */
export function incidentRecord(a: Alert): AlertRecordDoc {
  const rules = (a.rules ?? []).map((r) => r.rule);
  const lead = rules[0] ?? a.rule;
  return {
    '@timestamp': a.openedAt,
    record: 'incident',
    alertId: a.id,
    incidentId: incidentOf(a),
    seq: a.seq,
    rule: lead,
    ruleKind: a.rules?.[0]?.kind ?? a.kind,
    rules: rules.length ? rules : [a.rule],
    ruleCount: Math.max(1, rules.length),
    scope: a.scope,
    episodeId: incidentOf(a),
    state: a.type,
    status: a.type === 'resolved' ? 'resolved' : 'open',
    severity: a.severity,
    title: a.reason.en,
    summary: a.reason.fr,
    eventTime: a.eventTime,
    openedAt: a.openedAt,
    lastEventAt: a.eventTime,
    ...(a.type === 'resolved' ? { resolvedAt: a.eventTime } : {}),
    evidence: evidenceOf(a),
    ruleEvents: ruleEvents(a),
  };
}

/**
 * The incident document after event `a`, given the stored one: a newer event replaces it,
 * keeping the page count, the first page time and the peak severity; an event at or below the
 * stored seq (recorded again after a restart) gives undefined: nothing to write.
 */
export function mergeIncident(prev: AlertRecordDoc | undefined, a: Alert): AlertRecordDoc | undefined {
  if (prev?.seq !== undefined && prev.seq >= a.seq) return undefined;
  const doc = incidentRecord(a);
  const page = isPage(a.type);
  const rank = (s: string | undefined) => ['info', 'warning', 'critical'].indexOf(s ?? 'info');
  const firstPageAt = prev?.firstPageAt ?? (page ? a.eventTime : undefined);
  return {
    ...doc,
    pages: (prev?.pages ?? 0) + (page ? 1 : 0),
    severity: prev && rank(prev.severity) > rank(doc.severity) ? prev.severity : doc.severity,
    ...(firstPageAt ? { firstPageAt } : {}),
  };
}

/** Conflicting writes of one record (channels finishing together) tried again this many times. */
const OUTCOME_TRIES = 10;

const statusOf = (e: unknown) => (e as { meta?: { statusCode?: number } }).meta?.statusCode;

/**
 * Writes each incident event to `<prefix>-alerts` twice over: the event document (id = event id,
 * so a re-recorded event replaces itself) and the incident document (id = incident id, one line
 * per crisis in Kibana), for the Kibana timeline and the weekly report; and each channel's
 * outcome under the event document's `channels` (the events saved search's `channels.outcome`).
 *
 * Delivery may finish before the event is recorded, and channels finish concurrently, so neither
 * write may erase another: the event is a partial update with upsert (it never names
 * `channels`); an outcome, and the incident document, are read-modify-write guarded by
 * `if_seq_no` (scripts are not an option: the core-only distribution has no Painless), retried on
 * a conflict.
 */
export function elasticsearchAlertRecorder(es: Client, prefix: string): AlertRecorder {
  const index = `${prefix}-alerts`;
  const fail = (id: string, e: unknown) => new VigieError('ERR_ALERT_RECORD', `cannot record alert ${id}: ${(e as Error).message}`, { cause: e, retriable: true });
  const upsertIncident = async (a: Alert) => {
    const id = incidentOf(a);
    for (let attempt = 0; ; attempt++) {
      let cur: { _source?: AlertRecordDoc; _seq_no?: number; _primary_term?: number } | undefined;
      try {
        cur = await es.get<AlertRecordDoc>({ index, id });
      } catch (e) {
        if (statusOf(e) !== 404) throw e;
      }
      const doc = mergeIncident(cur?._source, a);
      if (!doc) return;
      try {
        await es.index({ index, id, document: doc, ...(cur ? { if_seq_no: cur._seq_no, if_primary_term: cur._primary_term } : { op_type: 'create' as const }) });
        return;
      } catch (e) {
        // Another writer got there first (a second worker during a takeover): merge again.
        if (statusOf(e) !== 409 || attempt >= 3) throw e;
      }
    }
  };
  return {
    async record(alert) {
      try {
        await es.update({ index, id: alert.id, doc: alertRecord(alert), doc_as_upsert: true, retry_on_conflict: 5 });
        await upsertIncident(alert);
      } catch (e) {
        throw fail(alert.id, e);
      }
    },
    async recordOutcome(alertId: string, outcome: ChannelOutcome) {
      for (let i = 0; ; i++) {
        try {
          const cur = await es.get<AlertRecordDoc>({ index, id: alertId }).catch((e: unknown) => {
            if (statusOf(e) === 404) return undefined;
            throw e;
          });
          // Replaces this channel's earlier outcome (a redelivered page), keeps the others'.
          const channels = [...(cur?._source?.channels ?? []).filter((c) => c.name !== outcome.name), outcome];
          if (cur) await es.update({ index, id: alertId, doc: { channels }, if_seq_no: cur._seq_no, if_primary_term: cur._primary_term });
          else await es.create({ index, id: alertId, document: { alertId, channels } });
          return;
        } catch (e) {
          if (statusOf(e) === 409 && i < OUTCOME_TRIES) continue;
          throw fail(alertId, e);
        }
      }
    },
  };
}
