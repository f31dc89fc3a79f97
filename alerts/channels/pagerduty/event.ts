import type { Alert, Severity } from '../../contracts.ts';
import { oneLine, safeUrl } from '../../../notify/escape.ts';
import { scopeLabel, type Language } from '../../render.ts';
import type { PagerdutyConfig } from './config.ts';

const PD_SEVERITY: Record<Severity, 'critical' | 'warning' | 'info'> = { critical: 'critical', warning: 'warning', info: 'info' };

/** Events API v2 body. `dedup_key` is the episode id, so PagerDuty folds an episode into one incident. */
export function pagerdutyEvent(a: Alert, cfg: PagerdutyConfig, lang: Language): Record<string, unknown> {
  const action = a.type === 'resolved' ? 'resolve' : a.type === 'escalated' && cfg.acknowledgeOnEscalation ? 'acknowledge' : 'trigger';
  const base = { routing_key: cfg.routingKey, event_action: action, dedup_key: a.episodeId };
  if (action !== 'trigger') return base;
  const e = a.evidence;
  const links = [
    ...(a.kibanaUrl ? [{ href: a.kibanaUrl, text: 'Kibana' }] : []),
    ...e.samples.flatMap((s) => (safeUrl(s.url) ? [{ href: safeUrl(s.url)!, text: oneLine(`${s.author ?? s.source}: ${s.title ?? s.text}`, 100) }] : [])).slice(0, 4),
  ];
  return {
    ...base,
    payload: {
      summary: oneLine(`${a.test ? '[TEST] ' : ''}${a.rule} — ${scopeLabel(a.scope, lang)}: ${a.reason[lang]}`, 1024),
      source: cfg.source,
      severity: PD_SEVERITY[a.severity],
      timestamp: a.eventTime,
      component: scopeLabel(a.scope, 'en'),
      group: a.rule,
      class: a.kind,
      custom_details: {
        alert_id: a.id,
        type: a.type,
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
