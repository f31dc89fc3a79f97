import type { Client } from '@elastic/elasticsearch';
import { isPage, type Alert, type AlertRecorder } from '../alerts/contracts.ts';
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

/** The incident document as of event `a` (`pages` and `firstPageAt` are carried over by the update script). */
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
 * Replaces the incident document with a newer event's, keeping the page count, the first page
 * time and the peak severity. An event at or below the stored seq (re-recorded after a restart)
 * changes nothing, so recording is idempotent.
 */
const INCIDENT_SCRIPT = `
def s = ctx._source;
if (s.seq != null && s.seq >= params.doc.seq) { ctx.op = 'noop'; return; }
def ranks = ['info', 'warning', 'critical'];
int pages = (s.pages == null ? 0 : s.pages) + params.page;
def first = s.firstPageAt != null ? s.firstPageAt : params.pageAt;
def sev = (s.severity != null && ranks.indexOf(s.severity) > ranks.indexOf(params.doc.severity)) ? s.severity : params.doc.severity;
s.clear();
s.putAll(params.doc);
s.pages = pages;
s.severity = sev;
if (first != null) { s.firstPageAt = first; }
`;

/**
 * Writes each incident event to `<prefix>-alerts` twice over: the event document (id = event id,
 * so a re-recorded event replaces itself) and the incident document (id = incident id, one line
 * per crisis in Kibana), for the Kibana timeline and the weekly report.
 */
export function elasticsearchAlertRecorder(es: Client, prefix: string): AlertRecorder {
  const index = `${prefix}-alerts`;
  return {
    async record(alert) {
      const page = isPage(alert.type) ? 1 : 0;
      const doc = incidentRecord(alert);
      try {
        await es.index({ index, id: alert.id, document: alertRecord(alert) });
        await es.update({
          index,
          id: incidentOf(alert),
          script: { source: INCIDENT_SCRIPT, lang: 'painless', params: { doc, page, pageAt: page ? alert.eventTime : null } },
          upsert: { ...doc, pages: page, ...(page ? { firstPageAt: alert.eventTime } : {}) },
          retry_on_conflict: 3,
        });
      } catch (e) {
        throw new VigieError('ERR_ALERT_RECORD', `cannot record alert ${alert.id}: ${(e as Error).message}`, { cause: e, retriable: true });
      }
    },
  };
}
