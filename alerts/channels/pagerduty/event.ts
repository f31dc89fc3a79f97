import type { Alert, Severity } from '../../contracts.ts';
import { oneLine, safeUrl, scopeLabel, titleOf, type Language } from '../../render.ts';
import type { PagerdutyConfig } from './config.ts';

const PD_SEVERITY: Record<Severity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };

/**
 * Events API v2 body. `dedup_key` is the incident id, so PagerDuty folds every event of a Vigie
 * incident into one alert; the channel sends only the opening, escalations (a new `trigger` with
 * the same key: PagerDuty updates the alert and its severity) and the resolution.
 */
export function pagerdutyEvent(a: Alert, cfg: PagerdutyConfig, lang: Language): Record<string, unknown> {
  const action = a.type === 'resolved' ? 'resolve' : a.type === 'escalated' && cfg.acknowledgeOnEscalation ? 'acknowledge' : 'trigger';
  const base = { routing_key: cfg.routingKey, event_action: action, dedup_key: a.incidentId ?? a.episodeId };
  if (action !== 'trigger') return base;
  const e = a.evidence;
  const links = [
    ...(a.kibanaUrl ? [{ href: a.kibanaUrl, text: 'Kibana' }] : []),
    ...e.samples.flatMap((s) => (safeUrl(s.url) ? [{ href: safeUrl(s.url)!, text: oneLine(`${s.author ?? s.source}: ${s.title ?? s.text}`, 100) }] : [])).slice(0, 4),
  ];
  return {
    ...base,
    payload: {
      summary: oneLine(`${a.test ? '[TEST] ' : ''}${titleOf(a, lang)}: ${a.reason[lang]}`, 1024),
      source: cfg.source,
      severity: PD_SEVERITY[a.severity],
      timestamp: a.eventTime,
      component: scopeLabel(a.scope, 'en'),
      group: a.rule,
      class: a.kind,
      custom_details: {
        alert_id: a.id,
        incident_id: a.incidentId,
        type: a.type,
        rules: (a.rules ?? []).map((r) => ({ rule: r.rule, kind: r.kind, severity: r.severity, active: r.active, first_at: r.firstAt, reason: r.reason[lang], count: r.evidence.count })),
        count: e.count,
        baseline: e.baseline,
        metrics: e.metrics,
        window: e.window,
        top_authors: e.topAuthors,
        top_terms: e.topTerms,
        samples: e.samples.map((s) => ({ author: s.author, source: s.source, url: s.url, text: oneLine(s.title ?? s.text, 200), published_at: s.publishedAt })),
      },
    },
    client: 'Vigie',
    ...(a.kibanaUrl ? { client_url: a.kibanaUrl } : {}),
    links,
  };
}
